"""Read the kg ontology (``ontologies/kg.ttl``, shipped as ``kg/ontology/kg.ttl``).

The extractor, the analyser and the visualiser ask this module which relations
exist, which classes they connect and how they are labelled, so the ontology
file stays the single place where the vocabulary is defined.

Examples
--------
>>> rel = relations()["ceoOf"]
>>> rel.kind, sorted(rel.domain), sorted(rel.range), rel.labels["it"]
('entity', ['Person'], ['Organization'], 'amministratore delegato di')
>>> relations()["revenue"].kind
'literal'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Relation", "ontology_path", "load_ontology", "relations", "class_labels", "subclasses", "subproperties"]


@dataclass(frozen=True)
class Relation:
    """One relation of the ontology.

    ``kind`` is ``"entity"`` (object property between entities), ``"literal"``
    (a number: revenue, stockChange...) or ``"quote"`` (``says``).
    ``domain`` and ``range`` are sets of entity class names, expanded to their
    subclasses; ``range`` is empty for literal relations.
    """

    name: str
    kind: str
    domain: frozenset[str]
    range: frozenset[str]
    symmetric: bool
    labels: dict


def ontology_path() -> str:
    """Path of the ontology Turtle file inside the installed package."""
    return str(resources.files("kg") / "ontology" / "kg.ttl")


@lru_cache(maxsize=1)
def load_ontology():
    """The ontology as an rdflib Graph (parsed once)."""
    from rdflib import Graph

    return Graph().parse(ontology_path(), format="turtle")


@lru_cache(maxsize=1)
def subclasses() -> dict[str, frozenset[str]]:
    """Map each kg class to itself and all its kg subclasses."""
    from rdflib import RDFS

    from .vocab import KG

    g = load_ontology()
    ns = str(KG._NS)
    result = {}
    for cls in g.subjects(None, None):
        if not str(cls).startswith(ns):
            continue
        members = {str(c)[len(ns):] for c in g.transitive_subjects(RDFS.subClassOf, cls) if str(c).startswith(ns)}
        name = str(cls)[len(ns):]
        if name[:1].isupper():
            result[name] = frozenset(members)
    return result


@lru_cache(maxsize=1)
def relations() -> dict[str, Relation]:
    """All relations of the ontology by local name."""
    from rdflib import OWL, RDF, RDFS

    from .vocab import KG

    g = load_ontology()
    ns = str(KG._NS)
    subs = subclasses()
    literal = {"revenue", "netIncome", "spends", "valuation", "stockChange"}
    result = {}
    for prop in g.transitive_subjects(RDFS.subPropertyOf, KG.relation):
        name = str(prop)[len(ns):]
        if prop == KG.relation:
            continue
        result[name] = _relation(g, prop, name, "entity", subs, ns)
    for name in sorted(literal | {"says"}):
        result[name] = _relation(g, KG[name], name, "quote" if name == "says" else "literal", subs, ns)
    del OWL, RDF
    return dict(sorted(result.items()))


def _relation(g, prop, name, kind, subs, ns) -> Relation:
    from rdflib import OWL, RDF, RDFS, SDO as SCHEMA

    def classes(pred):
        out: set[str] = set()
        named = []
        for cls in g.objects(prop, pred):
            union = g.value(cls, OWL.unionOf)
            named.extend(g.items(union) if union is not None else [cls])
        for cls in named:
            if str(cls).startswith(ns):
                out |= subs.get(str(cls)[len(ns):], {str(cls)[len(ns):]})
        return frozenset(c for c in out if c not in ("Entity", "Agent"))

    labels = {lit.language: str(lit) for lit in g.objects(prop, RDFS.label) if lit.language}
    return Relation(
        name=name,
        kind=kind,
        domain=classes(RDFS.domain),
        range=(classes(RDFS.range) | classes(SCHEMA.rangeIncludes)) if kind == "entity" else frozenset(),
        symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
        labels=labels,
    )


@lru_cache(maxsize=1)
def subproperties() -> dict[str, frozenset[str]]:
    """Each kg relation's proper sub-relations (``employeeOf`` → ``{"ceoOf"}``).

    >>> sorted(subproperties()["employeeOf"])
    ['ceoOf']
    """
    from rdflib import RDFS

    from .vocab import KG

    g = load_ontology()
    ns = str(KG._NS)
    out = {}
    for name in relations():
        subs = {str(p)[len(ns):] for p in g.transitive_subjects(RDFS.subPropertyOf, KG[name]) if str(p).startswith(ns)}
        out[name] = frozenset(subs - {name})
    return out


@lru_cache(maxsize=1)
def class_labels() -> dict[str, dict[str, str]]:
    """Labels of the entity classes by language: ``{"Person": {"en": ..., "it": ...}}``."""
    from rdflib import RDFS

    from .types import ENTITY_CLASSES
    from .vocab import KG

    g = load_ontology()
    return {
        cls: {lit.language: str(lit) for lit in g.objects(KG[cls], RDFS.label) if lit.language}
        for cls in ENTITY_CLASSES
    }
