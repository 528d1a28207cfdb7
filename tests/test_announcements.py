"""Who announces what (rules/announcements.py) on hand-made parses of sentences written for these tests."""

from __future__ import annotations

from test_speech import FIN, PART

from docs import doc_of_text as parsed
from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def announced(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.object.text) for f in facts if f.predicate == "announces"}


def test_italian_each_coordinated_announcement_is_a_literal_without_its_purpose():
    text = "Acme ha annunciato un aumento del dividendo e un frazionamento azionario per rendere i titoli accessibili."
    doc = parsed("it", text, [
        ("Acme", 2, "nsubj", "PROPN", "Acme"), ("ha", 2, "aux", "AUX", "avere", FIN),
        ("annunciato", 2, "ROOT", "VERB", "annunciare", PART), ("un", 4, "det", "DET", "uno"),
        ("aumento", 2, "obj", "NOUN", "aumento"), ("del", 6, "case", "ADP", "di"), ("dividendo", 4, "nmod", "NOUN", "dividendo"),
        ("e", 9, "cc", "CCONJ", "e"), ("un", 9, "det", "DET", "uno"), ("frazionamento", 4, "conj", "NOUN", "frazionamento"),
        ("azionario", 9, "amod", "ADJ", "azionario"), ("per", 12, "mark", "ADP", "per"),
        ("rendere", 9, "acl", "VERB", "rendere", "VerbForm=Inf"), ("i", 14, "det", "DET", "il"),
        ("titoli", 12, "obj", "NOUN", "titolo"), ("accessibili", 14, "amod", "ADJ", "accessibile"),
        (".", 2, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG")])
    assert announced(doc, "it") == {("Acme", "un aumento del dividendo"), ("Acme", "un frazionamento azionario")}


def test_italian_the_announcers_own_acquisition_is_no_announcement_but_another_partys_is():
    rows = [
        ("Musk", 2, "nsubj", "PROPN", "Musk"), ("ha", 2, "aux", "AUX", "avere", FIN),
        ("annunciato", 2, "ROOT", "VERB", "annunciare", PART), ("l'", 4, "det", "DET", "il"),
        ("acquisizione", 2, "obj", "NOUN", "acquisizione"), ("di", 6, "case", "ADP", "di"), ("Beta", 4, "nmod", "PROPN", "Beta"),
        ("da", 8, "case", "ADP", "da"), ("parte", 4, "nmod", "NOUN", "parte"), ("di", 10, "case", "ADP", "di"),
        ("Gamma", 8, "nmod", "PROPN", "Gamma"), (".", 2, "punct", "PUNCT", "."),
    ]
    doc = parsed("it", "Musk ha annunciato l'acquisizione di Beta da parte di Gamma.", rows,
                 ents=[(0, 1, "PER"), (6, 7, "ORG"), (10, 11, "ORG")])
    assert announced(doc, "it") == {("Musk", "l'acquisizione di Beta da parte di Gamma")}
    doc = parsed("it", "Alfa ha annunciato l'acquisizione di Beta.", [
        ("Alfa", 2, "nsubj", "PROPN", "Alfa"), ("ha", 2, "aux", "AUX", "avere", FIN),
        ("annunciato", 2, "ROOT", "VERB", "annunciare", PART), ("l'", 4, "det", "DET", "il"),
        ("acquisizione", 2, "obj", "NOUN", "acquisizione"), ("di", 6, "case", "ADP", "di"), ("Beta", 4, "nmod", "PROPN", "Beta"),
        (".", 2, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert announced(doc, "it") == set()


def test_english_announced_clause_without_its_participle():
    text = "Acme announced Monday it had raised 270 million euros, becoming a unicorn."
    doc = parsed("en", text, [
        ("Acme", 1, "nsubj", "PROPN", "Acme"), ("announced", 1, "ROOT", "VERB", "announce"),
        ("Monday", 1, "npadvmod", "PROPN", "Monday"), ("it", 5, "nsubj", "PRON", "it"), ("had", 5, "aux", "AUX", "have"),
        ("raised", 1, "ccomp", "VERB", "raise"), ("270", 7, "compound", "NUM", "270"), ("million", 8, "nummod", "NUM", "million"),
        ("euros", 5, "dobj", "NOUN", "euro"), (",", 5, "punct", "PUNCT", ","), ("becoming", 5, "advcl", "VERB", "become"),
        ("a", 12, "det", "DET", "a"), ("unicorn", 10, "attr", "NOUN", "unicorn"), (".", 1, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (2, 3, "DATE"), (6, 9, "MONEY")])
    assert announced(doc, "en") == {("Acme", "it had raised 270 million euros")}


def test_english_a_launched_product_is_the_entity_and_background_announcements_are_left():
    doc = parsed("en", "Acme unveiled the Phone X.", [
        ("Acme", 1, "nsubj", "PROPN", "Acme"), ("unveiled", 1, "ROOT", "VERB", "unveil"), ("the", 4, "det", "DET", "the"),
        ("Phone", 4, "compound", "PROPN", "Phone"), ("X", 1, "dobj", "PROPN", "X"), (".", 1, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (3, 5, "PRODUCT")])
    assert announced(doc, "en") == {("Acme", "Phone X")}
    doc = parsed("en", "Smith left before Acme announced her departure.", [
        ("Smith", 1, "nsubj", "PROPN", "Smith"), ("left", 1, "ROOT", "VERB", "leave"), ("before", 4, "mark", "SCONJ", "before"),
        ("Acme", 4, "nsubj", "PROPN", "Acme"), ("announced", 1, "advcl", "VERB", "announce"), ("her", 6, "poss", "PRON", "her"),
        ("departure", 4, "dobj", "NOUN", "departure"), (".", 1, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "PERSON"), (3, 4, "ORG")])
    assert announced(doc, "en") == set()
