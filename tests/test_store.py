"""Tests of kg.store: document graphs in a pyoxigraph store, replace/no-op/remove, atomicity, export, CLI."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from kg.cli import main
from kg.errors import OutputError, StoreError
from kg.sparql import query
from kg.store import Store, add_to_store, is_store_dir
from kg.vocab import KG, KGD, KGR, KGS

META = KGR["organization/meta"]
TRUMP = KGR["person/donald-trump"]
ZUCK = KGR["person/mark-zuckerberg"]


def doc_graph(key: str, source: str, facts: list[tuple], *, title: str = "t") -> tuple[URIRef, Graph]:
    """One document's graph following the contract: metadata, entities, facts and statements."""
    doc = KGD[key]
    g = Graph(identifier=doc)
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, DCTERMS.title, Literal(title, lang="it")))
    g.add((doc, KG.sourcePath, Literal(source)))
    g.add((doc, KG.contentHash, Literal(f"sha256:{key}00")))
    for i, (s, p, o) in enumerate(facts):
        for entity in (s, o):
            cls = KG.Person if "/person/" in str(entity) else KG.Organization
            g.add((entity, RDF.type, cls))
            g.add((entity, RDFS.label, Literal(str(entity).rsplit("/", 1)[1], lang="it")))
            g.add((entity, KG.mentionedIn, doc))
        g.add((s, p, o))
        st = KGS[f"{key}{i}"]
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((st, KG.evidence, Literal(f"sentence {i}", lang="it")))
        g.add((st, KG.startOffset, Literal(i * 10)))
        g.add((st, KG.endOffset, Literal(i * 10 + 9)))
    return doc, g


DOC_A, GRAPH_A = doc_graph("aaaaaaaaaaaaaaaa", "a.txt", [(META, KG.pays, TRUMP), (ZUCK, KG.ceoOf, META)])
DOC_B, GRAPH_B = doc_graph("bbbbbbbbbbbbbbbb", "b.txt", [(ZUCK, KG.ceoOf, META)])


def dataset(*pairs: tuple[URIRef, Graph]) -> Dataset:
    ds = Dataset(default_union=True)
    for iri, g in pairs:
        target = ds.graph(iri)
        for triple in g:
            target.add(triple)
    return ds


def quads(store: Store) -> set:
    return {str(q) for q in store.oxigraph}


def ask(store: Store, pattern: str) -> bool:
    return query(store, f"ASK {{ {pattern} }}").boolean


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "store") as s:
        s.add_dataset(dataset((DOC_A, GRAPH_A), (DOC_B, GRAPH_B)))
        yield s


def test_one_named_graph_per_document(store):
    assert [d.iri for d in store.documents()] == [str(DOC_A), str(DOC_B)]
    assert store.documents()[0].source_path == "a.txt"
    assert store.has_document("sha256:aaaaaaaaaaaaaaaa00") and store.has_document("aaaaaaaaaaaaaaaa00")
    assert not store.has_document("sha256:cccc")
    assert isomorphic(store.dataset().graph(DOC_B), GRAPH_B)


def test_same_entity_in_two_documents_is_one_iri(store):
    result = query(store, "SELECT DISTINCT ?e WHERE { ?e a kg:Organization }")
    assert [r["e"] for r in result] == [META]
    docs = query(store, "SELECT ?d WHERE { kgr:organization\\/meta kg:mentionedIn ?d } ORDER BY ?d")
    assert [r["d"] for r in docs] == [DOC_A, DOC_B]


def test_unchanged_document_is_a_no_op(store):
    before = quads(store)
    summary = store.add_dataset(dataset((DOC_A, GRAPH_A), (DOC_B, GRAPH_B)))
    assert summary.unchanged == [str(DOC_A), str(DOC_B)] and not summary.added and not summary.replaced
    assert quads(store) == before


def test_changed_document_replaces_its_graph(store):
    new_doc, new_graph = doc_graph("cccccccccccccccc", "a.txt", [(ZUCK, KG.founderOf, META)], title="v2")
    assert store.add_document_graph(new_doc, new_graph) == "replaced"
    assert [d.iri for d in store.documents()] == [str(DOC_B), str(new_doc)]
    assert not ask(store, "?s kg:pays ?o")  # only the old version of a.txt said it
    assert ask(store, "kgr:person\\/mark-zuckerberg kg:founderOf kgr:organization\\/meta")
    assert ask(store, "kgr:person\\/mark-zuckerberg kg:ceoOf kgr:organization\\/meta")  # doc b


def test_a_source_whose_new_text_is_already_stored_drops_its_old_version(store):
    # a.txt now holds exactly the text of b.txt: b's graph is kept, a's old graph goes
    doc, graph = doc_graph("bbbbbbbbbbbbbbbb", "a.txt", [(ZUCK, KG.ceoOf, META)])
    assert store.add_document_graph(doc, graph) == "replaced"
    assert [d.iri for d in store.documents()] == [str(DOC_B)]
    assert not ask(store, "?s kg:pays ?o")


def test_remove_keeps_triples_another_document_supports(store):
    assert store.remove_document(str(DOC_A)) == [str(DOC_A)]
    # supported by a only: gone, with its statement and the entity only a mentioned
    assert not ask(store, "?s kg:pays ?o")
    assert not ask(store, "?st prov:wasDerivedFrom kgd:aaaaaaaaaaaaaaaa")
    assert not ask(store, "kgr:person\\/donald-trump ?p ?o")
    # supported by a and b: survives
    assert ask(store, "kgr:person\\/mark-zuckerberg kg:ceoOf kgr:organization\\/meta")
    assert ask(store, "kgr:organization\\/meta rdfs:label ?l")
    assert [d.iri for d in store.documents()] == [str(DOC_B)]
    # the default graph is exactly the merge of what is left
    assert isomorphic(store.dataset().graph(DOC_B), GRAPH_B)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(query(store, count).rows[0]["n"]) == len(GRAPH_B)


def test_default_graph_is_the_merge_of_the_documents(store):
    merged = set(GRAPH_A) | set(GRAPH_B)
    import pyoxigraph as ox

    default = list(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == len(merged)
    assert int(query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:ceoOf ?o }").rows[0]["n"]) == 1
    new_doc, new_graph = doc_graph("cccccccccccccccc", "a.txt", [(ZUCK, KG.founderOf, META)], title="v2")
    store.add_document_graph(new_doc, new_graph)
    default = list(store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert len(default) == len(set(new_graph) | set(GRAPH_B))


@pytest.mark.parametrize("key", ["kgd:bbbbbbbbbbbbbbbb", "bbbbbbbbbbbbbbbb", "sha256:bbbbbbbbbbbbbbbb00", "b.txt"])
def test_remove_by_id_hash_or_path(store, key):
    assert store.remove_document(key) == [str(DOC_B)]
    assert [d.iri for d in store.documents()] == [str(DOC_A)]


def test_remove_unknown_document(store):
    with pytest.raises(StoreError, match="no document"):
        store.remove_document("nope.txt")


def failing(graph: Graph, after: int):
    for i, triple in enumerate(graph):
        if i == after:
            raise RuntimeError("disk on fire")
        yield triple


def test_failure_mid_document_leaves_the_store_unchanged(store):
    before = quads(store)
    new_doc, new_graph = doc_graph("dddddddddddddddd", "d.txt", [(ZUCK, KG.sues, TRUMP)])
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.add_document_graph(new_doc, failing(new_graph, len(new_graph) // 2),
                                 content_hash="sha256:dddddddddddddddd00")
    assert quads(store) == before
    # a failing replacement keeps the old version of the document
    new_doc, new_graph = doc_graph("cccccccccccccccc", "a.txt", [(ZUCK, KG.sues, TRUMP)])
    with pytest.raises(RuntimeError):
        store.add_document_graph(new_doc, failing(new_graph, len(new_graph) - 1),
                                 content_hash="sha256:cccccccccccccccc00")
    assert quads(store) == before


def test_bad_term_is_a_store_error_and_writes_nothing(store):
    before = quads(store)
    bad = [(KGD["eeeeeeeeeeeeeeee"], KG.sourcePath, Literal("e.txt")), (KGR["x"], KG.pays, "not a term")]
    with pytest.raises(StoreError):
        store.add_document_graph(KGD["eeeeeeeeeeeeeeee"], bad)
    assert quads(store) == before


def test_store_persists_and_read_only_refuses_writes(tmp_path):
    add_to_store(dataset((DOC_A, GRAPH_A)), tmp_path / "s")
    assert is_store_dir(tmp_path / "s")
    with Store.open(tmp_path / "s", read_only=True) as ro:
        assert [d.iri for d in ro.documents()] == [str(DOC_A)]
        with pytest.raises(StoreError, match="read-only"):
            ro.remove_document("a.txt")


def test_not_a_store(tmp_path):
    (tmp_path / "junk.txt").write_text("x")
    with pytest.raises(StoreError, match="not a kg store"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "missing", read_only=True)


def test_plain_graph_must_describe_one_document(tmp_path):
    with Store.open(tmp_path / "s") as s:
        assert s.add_dataset(GRAPH_A).added == [str(DOC_A)]
        both = Graph()
        for t in GRAPH_A:
            both.add(t)
        for t in GRAPH_B:
            both.add(t)
        with pytest.raises(StoreError, match="one document"):
            s.add_dataset(both)


def test_export_trig_keeps_the_graphs_and_turtle_is_the_union(store, tmp_path):
    assert store.export(tmp_path / "all.trig") == "trig"
    back = Dataset()
    back.parse(tmp_path / "all.trig", format="trig")
    assert isomorphic(back.graph(DOC_A), GRAPH_A)
    assert isomorphic(back.graph(DOC_B), GRAPH_B)
    assert len(back.default_graph) == 0  # the store's merged default graph is not written twice
    store.export(tmp_path / "all.ttl")
    union = Graph()
    for t in GRAPH_A:
        union.add(t)
    for t in GRAPH_B:
        union.add(t)
    assert isomorphic(Graph().parse(tmp_path / "all.ttl", format="turtle"), union)
    store.export(tmp_path / "all.data", format="nquads")
    assert len(Dataset().parse(tmp_path / "all.data", format="nquads")) == len(union)


def test_export_to_a_missing_directory_fails_cleanly(store, tmp_path):
    with pytest.raises(OutputError):
        store.export(tmp_path / "missing" / "out.trig")


def test_cli_remove_export_query(tmp_path, capsys):
    add_to_store(dataset((DOC_A, GRAPH_A), (DOC_B, GRAPH_B)), tmp_path / "s")
    assert main(["query", str(tmp_path / "s"), "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kg:Document }",
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["n", "2"]
    assert main(["remove", str(tmp_path / "s"), "a.txt"]) == 0
    assert capsys.readouterr().out.strip() == f"removed {DOC_A}"
    assert main(["export", str(tmp_path / "s"), "-o", str(tmp_path / "out.trig")]) == 0
    assert "out.trig (trig)" in capsys.readouterr().err
    back = Dataset().parse(tmp_path / "out.trig", format="trig")
    assert isomorphic(back.graph(DOC_B), GRAPH_B) and len(back.graph(DOC_A)) == 0
    assert main(["remove", str(tmp_path / "s"), "a.txt"]) == 1
    assert capsys.readouterr().err.startswith("error: no document")
    assert main(["remove", str(tmp_path / "nostore"), "a.txt"]) == 1
    assert not (tmp_path / "nostore").exists()


def _bypass(store: Store, iri: URIRef, graph: Graph) -> None:
    """Add a document graph the way another program would: named graph only, no merge."""
    import pyoxigraph as ox

    from kg.terms import to_oxigraph as _ox_term

    name = ox.NamedNode(str(iri))
    store.oxigraph.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), name) for s, p, o in graph])


def test_graphs_added_around_the_store_are_merged_on_close(tmp_path):
    from kg.store import default_graph_is_merge

    with Store.open(tmp_path / "s") as s:
        s.add_document_graph(DOC_B, GRAPH_B)
        _bypass(s, DOC_A, GRAPH_A)
        assert s.unmerged_documents() == [str(DOC_A)]
        assert not default_graph_is_merge(s.oxigraph)
        # an incomplete merge is not used: queries fall back to the union of the named graphs
        assert ask(s, "?s kg:pays ?o")
    with Store.open(tmp_path / "s", read_only=True) as s:
        assert s.unmerged_documents() == [] and default_graph_is_merge(s.oxigraph)
        assert int(query(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:ceoOf ?o }").rows[0]["n"]) == 1
        assert int(query(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]) == len(set(GRAPH_A) | set(GRAPH_B))
