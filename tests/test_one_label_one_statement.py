"""Two contract breaks that kg validate found in kg's own output, and their fixes.

* Two rule families reading the same fact in one sentence gave one statement
  IRI two confidences and two extractors; now the more confident reading stays.
* In a store, documents resolved one by one gave an entity one label per
  document; now a later document takes the label the store already has.
"""

from __future__ import annotations

from rdflib import RDFS, Graph, Literal
from rdflib.namespace import SKOS

from kg.corpus import _keep_stored_labels
from kg.rdf import document_iri, to_dataset
from kg.resolve import resolve
from kg.store import Store
from kg.types import Document, Entity, Extraction, Fact, Mention
from kg.vocab import KGR


def test_one_statement_per_fact_and_span_keeps_the_most_confident_reading():
    text = "Lumio Systems is headquartered in Austin."
    doc = Document(text=text, source="a.txt")
    lumio, austin = Mention(0, 13, "Lumio Systems", "Organization"), Mention(34, 40, "Austin", "Place")
    facts = tuple(Fact(lumio, "headquarteredIn", austin, 0, len(text), confidence, extractor)
                  for confidence, extractor in ((0.63, "dep.location"), (0.87, "dep.verb"), (0.87, "dep.alpha")))
    _, statements = resolve([Extraction(doc, "en", "test", (lumio, austin), facts)])
    assert [(s.predicate, s.confidence, s.extractor) for s in statements] == [("headquarteredIn", 0.87, "dep.alpha")]


def _document_graph(text: str, label: str) -> tuple:
    doc = Document(text=text, source=f"{label}.txt")
    entity = Entity("organization/governo", "Organization", label, "it", (), (doc.key,))
    iri = document_iri(doc.key)
    return iri, to_dataset([(doc, "it")], [entity], []).graph(iri)


def test_a_store_keeps_the_first_label_and_files_the_other_spelling_as_an_alias(tmp_path):
    governo = KGR["organization/governo"]
    with Store.open(tmp_path / "s") as store:
        iri, graph = _document_graph("Il Governo ha deciso.", "Governo")
        _keep_stored_labels(graph, store)
        store.add_document_graph(iri, graph)
        iri2, graph2 = _document_graph("Il governo ha deciso ieri.", "governo")
        _keep_stored_labels(graph2, store)
        assert set(graph2.objects(governo, RDFS.label)) == {Literal("Governo", lang="it")}
        assert set(graph2.objects(governo, SKOS.altLabel)) == {Literal("governo", lang="it")}
        store.add_document_graph(iri2, graph2)
        assert store.labels(governo) == {"it": "Governo"}
        merged = Graph()
        for s, p, o, _ in store.dataset().quads((None, None, None, None)):
            merged.add((s, p, o))
    assert set(merged.objects(governo, RDFS.label)) == {Literal("Governo", lang="it")}
