"""Tests of kg.analyze: the networkx view, measures, paths, neighbours, score write-back and exports."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg import analyze as A
from kg.cli import main
from kg.errors import FormatError, InputError, KgError
from kg.vocab import KG, KGR

FIXTURE = Path(__file__).parent / "browser" / "fixture_graph.ttl"
META = str(KGR["organization/meta"])
ZUCK = str(KGR["person/mark-zuckerberg"])
TRUMP = str(KGR["person/donald-trump"])
SACKS = str(KGR["person/david-sacks"])


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def test_networkx_view_nodes_edges_and_attributes(graph):
    g = A.to_networkx(graph)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == 12
    assert g.number_of_edges() == 9
    assert g.graph["lang"] == "it"
    zuck = g.nodes[ZUCK]
    assert (zuck["label"], zuck["cls"], zuck["alt_labels"]) == ("Mark Zuckerberg", "Person", ["Zuckerberg"])
    # ceoOf is a sub-property of employeeOf, itself a sub-property of kg:relation
    assert g.has_edge(ZUCK, META, key="ceoOf")
    pays = g.edges[META, TRUMP, "pays"]
    assert pays["relation"] == "pays"
    assert pays["label"] == "paga 25 M USD"
    [stmt] = pays["statements"]
    assert stmt["evidence"].startswith("Parole che arrivano mentre Meta paga a Trump")
    assert stmt["document"] == "https://w3id.org/newskg/doc/4f1d2f5fb92fcf2d"
    assert (stmt["start"], stmt["end"], stmt["confidence"], stmt["extractor"]) == (2711, 2780, 0.8, "dep.verb")
    assert (stmt["amount"], stmt["currency"], stmt["modality"]) == (25000000.0, "USD", None)
    assert g.edges[str(KGR["organization/meta"]), str(KGR["product/r1"]), "studies"]["statements"][0]["modality"] == "future"


def test_literal_relations_are_facts_not_edges(graph):
    g = A.to_networkx(graph)
    facts = g.nodes[META]["facts"]
    assert [(f["relation"], f["value"], f["currency"]) for f in facts] == [("revenue", 48390000000.0, "USD")]
    assert facts[0]["evidence"].startswith("Meta ha registrato ricavi")
    assert [f["relation"] for f in g.nodes[ZUCK]["facts"]] == ["says"]
    assert not any(key in ("revenue", "says") for _, _, key in g.edges(keys=True))


def test_label_language_can_be_chosen(graph):
    g = A.to_networkx(graph, lang="en")
    assert g.edges[META, TRUMP, "pays"]["label"] == "pays 25 M USD"


def test_untyped_objects_and_non_relations_are_not_edges():
    g = Graph()
    a, b = KGR["person/a"], KGR["organization/b"]
    g.add((a, RDF.type, KG.Person))
    g.add((a, RDFS.label, Literal("A")))
    g.add((b, RDF.type, KG.Organization))
    g.add((a, KG.ceoOf, b))
    g.add((a, KG.ceoOf, URIRef("https://example.org/untyped")))
    g.add((a, KG.mentionedIn, URIRef("https://w3id.org/newskg/doc/0000000000000000")))
    view = A.to_networkx(g)
    assert list(view.edges(keys=True)) == [(str(a), str(b), "ceoOf")]
    assert view.nodes[str(b)]["label"] == "b"  # no rdfs:label: the IRI's last segment
    assert view.graph["lang"] == "en"


def test_dataset_gives_the_union_of_its_named_graphs(graph):
    ds = Dataset()
    first = ds.graph(URIRef("https://w3id.org/newskg/doc/aaaaaaaaaaaaaaaa"))
    second = ds.graph(URIRef("https://w3id.org/newskg/doc/bbbbbbbbbbbbbbbb"))
    for i, triple in enumerate(sorted(graph)):
        (first if i % 2 else second).add(triple)
    from_ds, from_graph = A.to_networkx(ds), A.to_networkx(graph)
    assert sorted(from_ds.edges(keys=True)) == sorted(from_graph.edges(keys=True))
    assert dict(from_ds.nodes(data="label")) == dict(from_graph.nodes(data="label"))


def test_analyze_measures(graph):
    result = A.analyze(graph, top=3)
    assert (result["nodes"], result["edges"], result["statements"]) == (12, 9, 9)
    assert result["components"] == {"count": 4, "largest": 7, "sizes": [7, 2, 2]}
    assert [r["label"] for r in result["degree"]] == ["Meta", "DeepSeek", "R1"]
    assert result["degree"][0]["value"] == 5
    assert result["pagerank"][0]["label"] == "Meta"
    assert result["betweenness"][0]["label"] == "Meta"
    assert result["community_count"] == 5
    assert result["communities"][0] == {"id": 0, "size": 4, "members": ["Meta", "Donald Trump", "Llama"]}
    assert result["relations"][0] == {"relation": "develops", "label": "sviluppa", "edges": 3, "statements": 3}
    assert A.analyze(graph, top=3) == result  # Louvain with a fixed seed: deterministic


def test_write_scores_adds_sortable_terms_and_is_idempotent(graph):
    before = len(graph)
    scored = A.write_scores(graph)
    assert len(graph) == before  # the input is not modified
    for term in (KG.pagerank, KG.degree, KG.betweenness, KG.community):
        assert len(set(scored.subjects(term, None))) == 12
    assert scored.value(URIRef(META), KG.degree) == Literal(5)
    assert isinstance(scored.value(URIRef(META), KG.pagerank).toPython(), Decimal)
    assert isomorphic(A.write_scores(scored), scored)
    rows = list(scored.query(
        "SELECT ?e WHERE { ?e kg:pagerank ?pr } ORDER BY DESC(?pr) LIMIT 1", initNs={"kg": KG._NS}))
    assert str(rows[0][0]) == META


def test_write_scores_keeps_the_named_graphs_of_a_dataset(graph):
    ds = Dataset()
    doc = URIRef("https://w3id.org/newskg/doc/4f1d2f5fb92fcf2d")
    for triple in graph:
        ds.graph(doc).add(triple)
    scored = A.write_scores(ds)
    assert isinstance(scored, Dataset)
    assert isomorphic(scored.graph(doc), graph)  # the document's graph is untouched
    assert scored.default_graph.value(URIRef(META), KG.degree) == Literal(5)
    assert len(set(scored.default_graph.subjects(KG.pagerank, None))) == 12


def test_shortest_path_explains_each_hop(graph):
    hops = A.shortest_path(graph, "zuckerberg", "David Sacks")
    assert [(h["from_label"], h["relation"], h["forward"], h["to_label"]) for h in hops] == [
        ("Mark Zuckerberg", "ceoOf", True, "Meta"),
        ("Meta", "competitorOf", False, "DeepSeek"),
        ("DeepSeek", "criticizes", False, "David Sacks"),
    ]
    assert hops[2]["subject"] == SACKS
    assert hops[2]["evidence"].startswith("Secondo David Sacks")
    assert hops[0]["confidence"] == 0.9


def test_entity_names_ignore_case_and_accents(graph):
    assert A.find_entity(graph, "MÀRK   zuckerberg") == ZUCK
    assert A.find_entity(graph, "Zuckerberg") == ZUCK  # the alias
    assert A.find_entity(graph, "trump") == TRUMP
    assert A.find_entity(graph, "person/david-sacks") == SACKS
    assert A.find_entity(graph, META) == META


def test_unknown_ambiguous_and_unconnected_names_raise(graph):
    with pytest.raises(InputError, match="no entity called"):
        A.shortest_path(graph, "Nobody", "Meta")
    with pytest.raises(KgError, match="no path between Mark Zuckerberg and OpenAI"):
        A.shortest_path(graph, "Zuckerberg", "OpenAI")
    twin = Graph()
    twin += graph
    twin.add((KGR["product/meta"], RDF.type, KG.Product))
    twin.add((KGR["product/meta"], RDFS.label, Literal("Meta", lang="it")))
    with pytest.raises(InputError, match="ambiguous"):
        A.find_entity(twin, "meta")
    assert A.find_entity(twin, "product/meta") == str(KGR["product/meta"])


def test_neighbors_by_depth(graph):
    one = A.neighbors(graph, "Meta")
    assert one["center"]["label"] == "Meta"
    assert [n["label"] for n in one["nodes"]] == ["DeepSeek", "Donald Trump", "Llama", "Mark Zuckerberg", "R1"]
    assert len(one["edges"]) == 6  # DeepSeek develops R1 joins two neighbours
    two = A.neighbors(graph, "zuckerberg", depth=2)
    assert {n["label"]: n["distance"] for n in two["nodes"]} == {
        "Meta": 1, "DeepSeek": 2, "Donald Trump": 2, "Llama": 2, "R1": 2}
    with pytest.raises(InputError):
        A.neighbors(graph, "Meta", depth=0)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_graphml_and_gexf_have_scalar_attributes(graph, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    assert A.export_graph(graph, out) == fmt
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == 12 and back.number_of_edges() == 9
    node = back.nodes[ZUCK]
    assert node["label"] == "Mark Zuckerberg" and node["alt_labels"] == "Zuckerberg" and node["cls"] == "Person"
    for _, data in back.nodes(data=True):
        assert all(isinstance(v, (str, int, float)) for v in data.values())
    pays = [d for u, v, d in back.edges(data=True) if d["relation"] == "pays"]
    assert pays[0]["amount"] == 25000000.0 and pays[0]["currency"] == "USD"
    assert pays[0]["evidence"].startswith("Parole che arrivano")


def test_export_csv_edge_list(graph, tmp_path):
    out = tmp_path / "edges.csv"
    A.export_graph(graph, out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == A.CSV_HEADER
    assert len(rows) == 9
    hostile = [r for r in rows if r["relation"] == "praises"][0]
    assert hostile["source_label"] == "<img src=x onerror=alert(1)>"
    assert "</script>" in hostile["evidence"] and float(hostile["confidence"]) == 0.4


def test_export_unknown_format(graph, tmp_path):
    with pytest.raises(FormatError):
        A.export_graph(graph, tmp_path / "g.xlsx")


def test_cli_analyze_path_neighbors_export(tmp_path, capsys):
    assert main(["analyze", str(FIXTURE), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "entities: 12  relations: 9  statements: 9" in out and "Meta" in out
    scored = tmp_path / "scored.ttl"
    assert main(["analyze", str(FIXTURE), "--json", "--write-back", str(scored)]) == 0
    assert '"nodes": 12' in capsys.readouterr().out
    assert len(set(Graph().parse(scored).subjects(KG.community, None))) == 12
    assert main(["path", str(FIXTURE), "Zuckerberg", "david sacks"]) == 0
    out = capsys.readouterr().out
    assert "Meta ←[concorrente di]— DeepSeek" in out and "Secondo David Sacks" in out
    assert main(["neighbors", str(FIXTURE), "Meta", "--depth", "1"]) == 0
    assert "Meta —[paga 25 M USD]→ Donald Trump" in capsys.readouterr().out
    assert main(["export-graph", str(FIXTURE), "-o", str(tmp_path / "g.gexf")]) == 0
    assert (tmp_path / "g.gexf").read_text(encoding="utf-8").startswith("<?xml")
    assert main(["path", str(FIXTURE), "Zuckerberg", "Nobody"]) == 1
    assert "error: no entity called 'Nobody'" in capsys.readouterr().err
