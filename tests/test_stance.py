"""Who criticizes or praises whom (rules/stance.py) on hand-made parses of sentences written for these tests."""

from __future__ import annotations

from test_speech import FIN, PART

from docs import doc_of_text as parsed
from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def stances(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, f.object.text) for f in facts if f.predicate in ("criticizes", "praises")}


def test_italian_evaluative_noun_in_a_quote_criticizes_its_subject():
    text = "«Google è un monopolista», ha detto il giudice Mario Rossi."
    doc = parsed("it", text, [
        ("«", 4, "punct", "PUNCT", "«"), ("Google", 4, "nsubj", "PROPN", "Google"), ("è", 4, "cop", "AUX", "essere", FIN),
        ("un", 4, "det", "DET", "uno"), ("monopolista", 4, "ROOT", "NOUN", "monopolista"), ("»", 4, "punct", "PUNCT", "»"),
        (",", 8, "punct", "PUNCT", ","), ("ha", 8, "aux", "AUX", "avere", FIN), ("detto", 4, "parataxis", "VERB", "dire", PART),
        ("il", 10, "det", "DET", "il"), ("giudice", 8, "nsubj", "NOUN", "giudice"), ("Mario", 10, "nmod", "PROPN", "Mario"),
        ("Rossi", 11, "flat:name", "PROPN", "Rossi"), (".", 4, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "ORG"), (11, 13, "PER")])
    assert stances(doc, "it") == {("Mario Rossi", "criticizes", "Google")}


def test_english_unfair_decision_criticizes_its_holder():
    text = '"Apple\'s decision is unfair to developers," said Tim Sweeney.'
    doc = parsed("en", text, [
        ('"', 10, "punct", "PUNCT", '"'), ("Apple", 3, "poss", "PROPN", "Apple"), ("'s", 1, "case", "PART", "'s"),
        ("decision", 4, "nsubj", "NOUN", "decision"), ("is", 10, "ccomp", "AUX", "be"), ("unfair", 4, "acomp", "ADJ", "unfair"),
        ("to", 5, "prep", "ADP", "to"), ("developers", 6, "pobj", "NOUN", "developer"), (",", 10, "punct", "PUNCT", ","),
        ('"', 10, "punct", "PUNCT", '"'), ("said", 10, "ROOT", "VERB", "say"), ("Tim", 12, "compound", "PROPN", "Tim"),
        ("Sweeney", 10, "nsubj", "PROPN", "Sweeney"), (".", 10, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "ORG"), (11, 13, "PERSON")])
    assert stances(doc, "en") == {("Tim Sweeney", "criticizes", "Apple")}


def test_english_negated_praise_is_criticism():
    text = '"Smith was not candid with the board," Acme said.'
    doc = parsed("en", text, [
        ('"', 11, "punct", "PUNCT", '"'), ("Smith", 2, "nsubj", "PROPN", "Smith"), ("was", 11, "ccomp", "AUX", "be"),
        ("not", 2, "neg", "PART", "not"), ("candid", 2, "acomp", "ADJ", "candid"), ("with", 4, "prep", "ADP", "with"),
        ("the", 7, "det", "DET", "the"), ("board", 5, "pobj", "NOUN", "board"), (",", 11, "punct", "PUNCT", ","),
        ('"', 11, "punct", "PUNCT", '"'), ("Acme", 11, "nsubj", "PROPN", "Acme"), ("said", 11, "ROOT", "VERB", "say"),
        (".", 11, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "PERSON"), (10, 11, "ORG")])
    assert stances(doc, "en") == {("Acme", "criticizes", "Smith")}


def test_english_no_praise_of_ones_own_company():
    text = '"Acme has a brilliant team," said Jane Doe, CEO of Acme.'
    doc = parsed("en", text, [
        ('"', 8, "punct", "PUNCT", '"'), ("Acme", 2, "nsubj", "PROPN", "Acme"), ("has", 8, "ccomp", "VERB", "have"),
        ("a", 5, "det", "DET", "a"), ("brilliant", 5, "amod", "ADJ", "brilliant"), ("team", 2, "dobj", "NOUN", "team"),
        (",", 8, "punct", "PUNCT", ","), ('"', 8, "punct", "PUNCT", '"'), ("said", 8, "ROOT", "VERB", "say"),
        ("Jane", 10, "compound", "PROPN", "Jane"), ("Doe", 8, "nsubj", "PROPN", "Doe"), (",", 10, "punct", "PUNCT", ","),
        ("CEO", 10, "appos", "NOUN", "ceo"), ("of", 12, "prep", "ADP", "of"), ("Acme", 13, "pobj", "PROPN", "Acme"),
        (".", 8, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "ORG"), (9, 11, "PERSON"), (14, 15, "ORG")])
    index = collect_mentions(doc, "en")
    facts = extract_facts(doc, "en", index, [])
    assert ("Jane Doe", "ceoOf", "Acme") in {(f.subject.text, f.predicate, f.object.text) for f in facts}
    assert not [f for f in facts if f.predicate == "praises"]


def test_italian_accusation_of_the_two_companies_named_before():
    text = "Il Corriere ha fatto causa ad Alfa e a Beta. Il quotidiano accusa le due società di aver copiato i suoi articoli."
    doc = parsed("it", text, [
        ("Il", 1, "det", "DET", "il"), ("Corriere", 3, "nsubj", "PROPN", "Corriere"), ("ha", 3, "aux", "AUX", "avere", FIN),
        ("fatto", 3, "ROOT", "VERB", "fare", PART), ("causa", 3, "obj", "NOUN", "causa"), ("ad", 6, "case", "ADP", "a"),
        ("Alfa", 3, "obl", "PROPN", "Alfa"), ("e", 9, "cc", "CCONJ", "e"), ("a", 9, "case", "ADP", "a"),
        ("Beta", 6, "conj", "PROPN", "Beta"), (".", 3, "punct", "PUNCT", "."),
        ("Il", 12, "det", "DET", "il"), ("quotidiano", 13, "nsubj", "NOUN", "quotidiano"),
        ("accusa", 13, "ROOT", "VERB", "accusare", FIN), ("le", 16, "det", "DET", "il"), ("due", 16, "nummod", "NUM", "due"),
        ("società", 13, "obj", "NOUN", "società"), ("di", 19, "mark", "ADP", "di"), ("aver", 19, "aux", "AUX", "avere"),
        ("copiato", 16, "acl", "VERB", "copiare", PART), ("i", 22, "det", "DET", "il"), ("suoi", 22, "det:poss", "DET", "suo"),
        ("articoli", 19, "obj", "NOUN", "articolo"), (".", 13, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "ORG"), (6, 7, "ORG"), (9, 10, "ORG")])
    assert stances(doc, "it") == {("Corriere", "criticizes", "Alfa"), ("Corriere", "criticizes", "Beta")}


def test_english_hit_back_at_the_commission_named_before():
    text = "The European Commission fined Apple. Apple hit back at the commission."
    doc = parsed("en", text, [
        ("The", 2, "det", "DET", "the"), ("European", 2, "compound", "PROPN", "European"),
        ("Commission", 3, "nsubj", "PROPN", "Commission"), ("fined", 3, "ROOT", "VERB", "fine"),
        ("Apple", 3, "dobj", "PROPN", "Apple"), (".", 3, "punct", "PUNCT", "."),
        ("Apple", 7, "nsubj", "PROPN", "Apple"), ("hit", 7, "ROOT", "VERB", "hit"), ("back", 7, "prt", "ADP", "back"),
        ("at", 7, "prep", "ADP", "at"), ("the", 11, "det", "DET", "the"), ("commission", 9, "pobj", "NOUN", "commission"),
        (".", 7, "punct", "PUNCT", "."),
    ], ents=[(1, 3, "ORG"), (4, 5, "ORG"), (6, 7, "ORG")])
    # the fine itself is no criticism; the reply is
    assert stances(doc, "en") == {("Apple", "criticizes", "European Commission")}


def test_italian_satisfaction_for_an_agreement_praises_who_reached_it():
    text = "Il ministro Urso ha espresso soddisfazione per l'accordo raggiunto da Enel."
    doc = parsed("it", text, [
        ("Il", 1, "det", "DET", "il"), ("ministro", 4, "nsubj", "NOUN", "ministro"), ("Urso", 1, "nmod", "PROPN", "Urso"),
        ("ha", 4, "aux", "AUX", "avere", FIN), ("espresso", 4, "ROOT", "VERB", "esprimere", PART),
        ("soddisfazione", 4, "obj", "NOUN", "soddisfazione"), ("per", 8, "case", "ADP", "per"),
        ("l'", 8, "det", "DET", "il"), ("accordo", 4, "obl", "NOUN", "accordo"),
        ("raggiunto", 8, "acl", "VERB", "raggiungere", PART), ("da", 11, "case", "ADP", "da"),
        ("Enel", 9, "obl:agent", "PROPN", "Enel"), (".", 4, "punct", "PUNCT", "."),
    ], ents=[(2, 3, "PER"), (11, 12, "ORG")])
    assert stances(doc, "it") == {("Urso", "praises", "Enel")}


def test_english_allegation_criticizes_the_subject_of_its_clause():
    text = "The FTC sued Acme on Tuesday, alleging that the company misled investors."
    doc = parsed("en", text, [
        ("The", 1, "det", "DET", "the"), ("FTC", 2, "nsubj", "PROPN", "FTC"), ("sued", 2, "ROOT", "VERB", "sue"),
        ("Acme", 2, "dobj", "PROPN", "Acme"), ("on", 2, "prep", "ADP", "on"), ("Tuesday", 4, "pobj", "PROPN", "Tuesday"),
        (",", 2, "punct", "PUNCT", ","), ("alleging", 2, "advcl", "VERB", "allege"), ("that", 11, "mark", "SCONJ", "that"),
        ("the", 10, "det", "DET", "the"), ("company", 11, "nsubj", "NOUN", "company"), ("misled", 7, "ccomp", "VERB", "mislead"),
        ("investors", 11, "dobj", "NOUN", "investor"), (".", 2, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "ORG"), (3, 4, "ORG"), (5, 6, "DATE")])
    assert stances(doc, "en") == {("FTC", "criticizes", "Acme")}
