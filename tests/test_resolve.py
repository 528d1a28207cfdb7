"""Entity resolution and cross-document merging, on hand-made extractions."""

from __future__ import annotations

from rdflib import RDF
from rdflib.namespace import SKOS

from kg.rdf import to_dataset, union_graph
from kg.resolve import resolve
from kg.types import Document, Extraction, Fact, Mention
from kg.vocab import KG, KGR


def mention(text, doc, label, source="ner", occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    return Mention(start, start + len(text), text, label, source)


def extraction(text, lang, mentions_spec, facts_spec=()):
    doc = Document(text=text, source=f"{abs(hash(text))}.txt")
    mentions = {key: mention(*spec[:1], doc, *spec[1:]) for key, spec in mentions_spec.items()}
    facts = tuple(Fact(mentions[s], p, mentions[o], 0, len(text), 0.8, "dep.verb") for s, p, o in facts_spec)
    return Extraction(doc, lang, "test", tuple(mentions.values()), facts)


def test_surname_joins_full_name_and_labels():
    ex = extraction("Mark Zuckerberg guida Meta. Zuckerberg loda Trump.", "it",
                    {"mz": ("Mark Zuckerberg", "Person"), "z": ("Zuckerberg", "Person", "ner", 1), "m": ("Meta", "Organization"),
                     "t": ("Trump", "Person")},
                    [("z", "praises", "t"), ("mz", "ceoOf", "m")])
    entities, statements = resolve([ex])
    person = next(e for e in entities if e.cls == "Person" and e.label == "Mark Zuckerberg")
    assert person.key == "person/mark-zuckerberg" and person.alt_labels == ("Zuckerberg",)
    assert {s.subject for s in statements} == {"person/mark-zuckerberg"}


def test_acronym_and_alias_table_across_languages():
    it = extraction("La Banca Centrale Europea e la BCE. Gli Stati Uniti.", "it",
                    {"a": ("Banca Centrale Europea", "Organization"), "b": ("BCE", "Organization"), "c": ("Stati Uniti", "Place")})
    en = extraction("The United States and the USA.", "en", {"a": ("United States", "Place"), "b": ("USA", "Place")})
    entities, _ = resolve([it, en])
    keys = {e.key for e in entities}
    assert "place/united-states" in keys and len([k for k in keys if k.startswith("place/")]) == 1
    assert len([k for k in keys if k.startswith("organization/")]) == 1


def test_same_fact_in_two_documents_two_statements_one_triple():
    one = extraction("Meta paga Trump.", "it", {"m": ("Meta", "Organization"), "t": ("Trump", "Person")}, [("m", "pays", "t")])
    two = extraction("Ieri Meta paga Trump, di nuovo.", "it", {"m": ("Meta", "Organization"), "t": ("Trump", "Person")}, [("m", "pays", "t")])
    entities, statements = resolve([one, two])
    assert len(statements) == 2
    graph = union_graph(to_dataset([(one.document, "it"), (two.document, "it")], entities, statements))
    meta, trump = KGR["organization/meta"], KGR["person/trump"]
    assert len(list(graph.triples((meta, KG.pays, trump)))) == 1
    assert len(set(graph.subjects(RDF.subject, meta))) == 2
    assert len(set(graph.objects(meta, KG.mentionedIn))) == 2


def test_relations_vote_for_the_class():
    # the model called the company a place; a relation that needs an organisation wins
    ex = extraction("Tim Cook guida Apple. Apple ricavi.", "it",
                    {"p": ("Tim Cook", "Person"), "a": ("Apple", "Place"), "a2": ("Apple", "Place", "ner", 1)},
                    [("p", "ceoOf", "a")])
    entities, statements = resolve([ex])
    apple = next(e for e in entities if e.label == "Apple")
    assert apple.cls == "Organization" and statements


def test_statements_violating_the_signature_are_dropped():
    ex = extraction("Roma guida Milano.", "it", {"r": ("Roma", "Place"), "m": ("Milano", "Place")}, [("r", "praises", "m")])
    _, statements = resolve([ex])
    assert statements == []


def test_alt_labels_are_written(tmp_path):
    ex = extraction("Mark Zuckerberg e Zuckerberg.", "it", {"a": ("Mark Zuckerberg", "Person"), "b": ("Zuckerberg", "Person")})
    entities, statements = resolve([ex])
    graph = union_graph(to_dataset([(ex.document, "it")], entities, statements))
    assert {str(o) for o in graph.objects(KGR["person/mark-zuckerberg"], SKOS.altLabel)} == {"Zuckerberg"}
