"""IRIs, serialisation, formats and atomic writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

from kg.errors import FormatError, InputError, OutputError
from kg.rdf import entity_key, load_graph, resolve_format, serialize, slugify, to_dataset, union_graph, write_graph
from kg.types import Document, Entity, Quantity, Statement
from kg.vocab import KG


def small_dataset():
    doc = Document(text="Meta paga a Trump 25 milioni di dollari.", source="a.txt", date="2025-01")
    meta = Entity("organization/meta", "Organization", "Meta", "it", (), (doc.key,))
    trump = Entity("person/donald-trump", "Person", "Donald Trump", "it", ("Trump",), (doc.key,))
    st = Statement("organization/meta", "pays", "person/donald-trump", doc.key, "it", doc.text, 0, len(doc.text),
                   0.75, "dep.verb", amount=Quantity(18, 39, "25 milioni di dollari", Decimal(25000000), "USD"))
    return to_dataset([(doc, "it")], [meta, trump], [st])


@pytest.mark.parametrize("name", ["<img src=x onerror=alert(1)>", "a/b?c#d", "../../etc", "\u202eevil", "", "   ", "ZUCKERBERG"])
def test_slugs_are_safe_iri_segments(name):
    slug = slugify(name)
    assert slug and all(c.isalnum() and c.isascii() or c == "-" for c in slug)
    assert slug == slug.lower()


def test_slugs_distinguish_lossy_names():
    assert slugify("AT&T") != slugify("AT T")
    assert entity_key("Person", "Mark Zuckerberg") == "person/mark-zuckerberg"


def test_dataset_follows_contract():
    g = union_graph(small_dataset())
    meta, trump = URIRef("https://w3id.org/newskg/id/organization/meta"), URIRef("https://w3id.org/newskg/id/person/donald-trump")
    assert (meta, KG.pays, trump) in g
    rows = list(g.query("""SELECT ?amount ?cur ?doc WHERE { ?st rdf:subject ?s ; rdf:predicate kg:pays ; rdf:object ?o ;
        kg:amount ?amount ; kg:currency ?cur ; prov:wasDerivedFrom ?doc }""", initNs={"kg": KG._NS, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "prov": "http://www.w3.org/ns/prov#"}))
    assert len(rows) == 1 and rows[0][0].toPython() == Decimal(25000000) and str(rows[0][1]) == "USD"
    assert not any(isinstance(t, type(None)) for triple in g for t in triple)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld", "xml", "trig", "nquads"])
def test_formats_round_trip(tmp_path, fmt):
    ds = small_dataset()
    suffix = {"turtle": "ttl", "nt": "nt", "json-ld": "jsonld", "xml": "rdf", "trig": "trig", "nquads": "nq"}[fmt]
    path = tmp_path / f"out.{suffix}"
    assert write_graph(ds, path) == fmt
    back = load_graph(path)
    assert isomorphic(union_graph(back), union_graph(ds))
    if fmt in ("trig", "nquads"):
        assert len(list(back.graphs())) >= 2  # the document's named graph is kept


def test_turtle_is_deterministic():
    assert serialize(small_dataset()) == serialize(small_dataset())


def test_unknown_format():
    with pytest.raises(FormatError):
        resolve_format("x.ttl", "nonsense")


def test_unwritable_output_keeps_nothing(tmp_path):
    with pytest.raises(OutputError):
        write_graph(small_dataset(), tmp_path / "missing-dir" / "out.ttl")
    target = tmp_path / "out.ttl"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(FormatError):
        write_graph(small_dataset(), target, format="nonsense")
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_load_errors(tmp_path):
    with pytest.raises(InputError):
        load_graph(tmp_path / "nope.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        load_graph(bad)
