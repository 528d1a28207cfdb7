"""kg build --also-schema-org: schema.org triples from the ontology's alignments, validated and round-tripped."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.cli import main
from kg.rdf import load_graph, union_graph
from kg.schemaorg import SCHEMA_NS, add_schema_org, alignments, schema_org_triples
from kg.vocab import KG, KGR

S = lambda name: URIRef(SCHEMA_NS + name)  # noqa: E731


def _plain(graph: Graph) -> Graph:
    """``graph`` without any schema.org triple."""
    out = Graph()
    for s, p, o in graph:
        if not str(p).startswith(SCHEMA_NS) and not (p == RDF.type and str(o).startswith(SCHEMA_NS)):
            out.add((s, p, o))
    return out


def test_alignments_are_read_from_the_ontology():
    al = alignments()
    assert al.classes[KG.Person] == (S("Person"),) and al.classes[KG.Document] == (S("NewsArticle"),)
    assert (S("worksFor"), False) in al.properties[KG.ceoOf]  # ceoOf ⊑ employeeOf ⊑ schema:worksFor
    assert al.properties[KG.founderOf] == ((S("founder"), True),)  # owl:inverseOf
    assert al.properties[KG.subsidiaryOf] == ((S("parentOrganization"), False),)
    assert al.properties[KG.headquarteredIn] == ((S("location"), False),)
    assert al.properties[KG.mentionedIn] == ((S("subjectOf"), False),)  # skos:closeMatch
    assert KG.pays not in al.properties  # skos:relatedMatch schema:PayAction is no alignment of the triple


def test_triples_follow_what_schema_org_expects():
    g = Graph()
    ada, acme, parent, milano, italia = (KGR["person/ada"], KGR["organization/acme"], KGR["organization/parent"],
                                         KGR["place/milano"], KGR["place/italia"])
    for node, cls in ((ada, KG.Person), (acme, KG.Organization), (parent, KG.Organization), (milano, KG.Place),
                      (italia, KG.Place)):
        g.add((node, RDF.type, cls))
    g.add((ada, RDFS.label, Literal("Ada", lang="it")))
    g.add((ada, KG.founderOf, acme))
    g.add((acme, KG.subsidiaryOf, parent))
    g.add((acme, KG.locatedIn, milano))  # an organisation is no schema:Place: no containedInPlace
    g.add((milano, KG.locatedIn, italia))
    g.add((ada, KG.citizenOf, italia))  # schema:nationality wants a Country, kg only knows a Place
    g.add((ada, KG.pays, Literal("25000000.0")))
    found = set(schema_org_triples(g))
    assert (acme, S("founder"), ada) in found
    assert (acme, S("parentOrganization"), parent) in found
    assert (milano, S("containedInPlace"), italia) in found
    assert (acme, S("containedInPlace"), milano) not in found
    assert not any(p == S("nationality") for _, p, _ in found)
    assert (ada, S("name"), Literal("Ada", lang="it")) in found
    assert (ada, RDF.type, S("Person")) in found
    assert {p for _, p, _ in found} <= {RDF.type, S("founder"), S("parentOrganization"), S("containedInPlace"),
                                        S("name")}


def test_dataset_gets_schema_triples_in_each_document_graph():
    ds = Dataset()
    a, b = URIRef("https://w3id.org/newskg/doc/aaaaaaaaaaaaaaaa"), URIRef("https://w3id.org/newskg/doc/bbbbbbbbbbbbbbbb")
    ds.graph(a).add((KGR["person/ada"], RDF.type, KG.Person))
    ds.graph(b).add((KGR["organization/acme"], RDF.type, KG.Organization))
    add_schema_org(ds)
    assert (KGR["person/ada"], RDF.type, S("Person")) in ds.graph(a)
    assert (KGR["organization/acme"], RDF.type, S("Organization")) in ds.graph(b)
    assert (KGR["organization/acme"], RDF.type, S("Organization")) not in ds.graph(a)


@pytest.mark.integration
def test_seed_with_schema_org_validates_and_round_trips(tmp_path, seed_path):
    pytest.importorskip("pyshacl")
    from kg.validate import validate

    plain, ttl, jsonld, trig = (tmp_path / n for n in ("plain.ttl", "schema.ttl", "schema.jsonld", "schema.trig"))
    assert main(["build", str(seed_path), "-o", str(plain), "-q"]) == 0
    for out in (ttl, jsonld, trig):
        assert main(["build", str(seed_path), "-o", str(out), "--also-schema-org", "-q"]) == 0
    graphs = {out: union_graph(load_graph(out)) for out in (ttl, jsonld, trig)}
    assert isomorphic(graphs[ttl], graphs[jsonld]) and isomorphic(graphs[ttl], graphs[trig])
    # the schema.org triples are additions: without them, the output is kg's own
    assert isomorphic(_plain(graphs[ttl]), load_graph(plain))
    added = len(graphs[ttl]) - len(load_graph(plain))
    assert added > 20
    report = validate(ttl)
    assert report.conforms and report.results == ()
    # a consumer that knows only schema.org finds the CEO and what the article is about
    rows = graphs[jsonld].query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?name ?org WHERE {
            ?p a schema:Person ; schema:name ?name ; schema:worksFor ?o .
            ?o a schema:Organization ; schema:name ?org ; schema:subjectOf ?article .
            ?article a schema:NewsArticle ; schema:datePublished ?date .
        }""")
    assert {(str(n), str(o)) for n, o in rows} == {("Mark Zuckerberg", "Meta")}
