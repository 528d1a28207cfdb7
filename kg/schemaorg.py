"""schema.org triples alongside kg's own (``kg build --also-schema-org``).

A generic consumer (a search engine, a schema.org-aware tool) does not know
kg's ontology. :func:`add_schema_org` adds to a graph the schema.org triples
that the ontology's own alignments give (``ontologies/kg.ttl``):

* a class's ``owl:equivalentClass`` or ``skos:closeMatch`` in schema.org:
  ``kg:Person`` → ``schema:Person``, ``kg:Document`` → ``schema:NewsArticle``;
* a relation's schema.org super-properties (``rdfs:subPropertyOf``, through
  kg's own: ``kg:ceoOf`` ⊑ ``kg:employeeOf`` ⊑ ``schema:worksFor``), its
  ``skos:closeMatch`` (``kg:mentionedIn`` → ``schema:subjectOf``) and its
  ``owl:inverseOf`` (``kg:founderOf`` → ``schema:founder``, object and
  subject swapped);

each written only where the subject and object have the types schema.org
expects of the property (``kg/data/schema_org.ttl``, an excerpt of the
schema.org vocabulary). Terms that are not kg's cannot be aligned in kg's
ontology, so :data:`NAMES` maps them here: ``rdfs:label`` → ``schema:name``,
``skos:altLabel`` → ``schema:alternateName``, and a document's title, date
and language → ``schema:headline``, ``schema:datePublished``,
``schema:inLanguage``.

The schema.org triples of a document go into that document's named graph, so
a store and a TriG file keep them per document. They are plain additions:
removing every triple in the ``schema:`` namespace gives back kg's own output.

Examples
--------
>>> from rdflib import Graph, Literal, RDF, RDFS
>>> from kg.vocab import KG, KGR
>>> g = Graph()
>>> ada, acme = KGR["person/ada"], KGR["organization/acme"]
>>> for t in [(ada, RDF.type, KG.Person), (acme, RDF.type, KG.Organization), (ada, KG.ceoOf, acme),
...           (ada, RDFS.label, Literal("Ada", lang="en"))]:
...     _ = g.add(t)
>>> sorted(f"{p.n3()} {o.n3()}" for s, p, o in schema_org_triples(g) if s == ada)  # doctest: +NORMALIZE_WHITESPACE
['<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person>',
 '<https://schema.org/name> "Ada"@en',
 '<https://schema.org/worksFor> <https://w3id.org/newskg/id/organization/acme>']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = ["SCHEMA_NS", "NAMES", "Alignments", "alignments", "schema_org_triples", "add_schema_org"]

SCHEMA_NS = "https://schema.org/"

NAMES = {
    "http://www.w3.org/2000/01/rdf-schema#label": "name",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alternateName",
    "http://purl.org/dc/terms/title": "headline",
    "http://purl.org/dc/terms/date": "datePublished",
    "http://purl.org/dc/terms/language": "inLanguage",
}
"""Terms kg writes that are not kg's own, and their schema.org property (same subject and object)."""


@dataclass(frozen=True)
class Alignments:
    """The schema.org counterparts of kg's terms, read from the ontology."""

    classes: dict
    """kg class IRI → tuple of schema.org class IRIs."""
    properties: dict
    """kg property IRI → tuple of ``(schema.org property IRI, inverse)``."""
    domains: dict
    """schema.org property IRI → frozenset of the classes it expects of its subject."""
    ranges: dict
    """schema.org property IRI → frozenset of the classes it expects of its object."""
    superclasses: dict
    """schema.org class IRI → frozenset of itself and its superclasses."""


@lru_cache(maxsize=1)
def alignments() -> Alignments:
    """The alignments of ``ontologies/kg.ttl`` with schema.org, and what schema.org expects."""
    from rdflib import OWL, RDFS, Graph, URIRef
    from rdflib.namespace import SKOS

    from .ontology import load_ontology
    from .vocab import KG

    onto = load_ontology()
    kg_ns = str(KG._NS)

    def schema(nodes) -> tuple:
        return tuple(sorted({n for n in nodes if isinstance(n, URIRef) and str(n).startswith(SCHEMA_NS)}))

    classes, properties = {}, {}
    for term in sorted(set(onto.subjects())):
        if not isinstance(term, URIRef) or not str(term).startswith(kg_ns):
            continue
        if str(term)[len(kg_ns)].isupper():
            found = schema([*onto.objects(term, OWL.equivalentClass), *onto.objects(term, SKOS.closeMatch)])
            if found:
                classes[term] = found
            continue
        supers = list(onto.transitive_objects(term, RDFS.subPropertyOf))
        forward = schema([*supers, *onto.objects(term, SKOS.closeMatch)])
        inverse = schema(o for p in supers for o in onto.objects(p, OWL.inverseOf))
        pairs = tuple((p, False) for p in forward) + tuple((p, True) for p in inverse)
        if pairs:
            properties[term] = pairs
    expected = Graph().parse(str(resources.files("kg") / "data" / "schema_org.ttl"), format="turtle")
    domain, range_ = URIRef(SCHEMA_NS + "domainIncludes"), URIRef(SCHEMA_NS + "rangeIncludes")
    return Alignments(
        classes=classes,
        properties=properties,
        domains={p: frozenset(expected.objects(p, domain)) for p in set(expected.subjects(domain, None))},
        ranges={p: frozenset(expected.objects(p, range_)) for p in set(expected.subjects(range_, None))},
        superclasses={c: frozenset(expected.transitive_objects(c, RDFS.subClassOf))
                      for c in set(expected.subjects(RDFS.subClassOf, None))},
    )


def _fits(types: tuple, expected: frozenset | None, superclasses: dict) -> bool:
    """True when one of ``types`` (or a superclass) is among the ``expected`` classes."""
    if not expected:
        return False
    return any(superclasses.get(t, frozenset({t})) & expected for t in types)


def schema_org_triples(graph: rdflib.Graph) -> Iterator[tuple]:
    """The schema.org triples that ``graph``'s kg triples give (see the module docstring)."""
    from rdflib import RDF, URIRef

    al = alignments()
    types: dict = {}
    for node, _, cls in graph.triples((None, RDF.type, None)):
        for schema_cls in al.classes.get(cls, ()):
            types.setdefault(node, set()).add(schema_cls)
    types = {node: tuple(sorted(found)) for node, found in types.items()}
    for node, found in types.items():
        for cls in found:
            yield node, RDF.type, cls
    for s, p, o in graph:
        if s not in types:
            continue
        name = NAMES.get(str(p))
        if name is not None:
            yield s, URIRef(SCHEMA_NS + name), o
        for schema_p, inverse in al.properties.get(p, ()):
            subject, obj = (o, s) if inverse else (s, o)
            if obj in types and subject in types \
                    and _fits(types[subject], al.domains.get(schema_p), al.superclasses) \
                    and _fits(types[obj], al.ranges.get(schema_p), al.superclasses):
                yield subject, schema_p, obj


def add_schema_org(graph: rdflib.Graph) -> rdflib.Graph:
    """Add the schema.org triples to ``graph`` (to each named graph of a Dataset); return it."""
    from rdflib import Dataset

    graphs = [g for g in graph.graphs() if len(g)] if isinstance(graph, Dataset) else [graph]
    for g in graphs:
        for triple in list(schema_org_triples(g)):
            g.add(triple)
    return graph
