"""Who said a quotation (rules/quotes.py, speakers.py) on hand-made parses of sentences written for these tests."""

from __future__ import annotations

from spacy.tokens import Doc

from docs import doc_of_text as parsed
from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def says(doc: Doc, lang: str) -> list[tuple[str, str]]:
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return [(f.subject.text, f.object.text) for f in facts if f.predicate == "says"]


FIN = "Mood=Ind|VerbForm=Fin"
PART = "VerbForm=Part"


def test_italian_quotation_interrupted_by_a_post_verbal_speaker_with_a_role():
    text = ("«Il nostro piano funziona bene – ha detto il presidente di Enel, Paolo Scaroni – e ora cresceremo ancora. "
            "Lo faremo in Europa».")
    doc = parsed("it", text, [
        ("«", 4, "punct", "PUNCT", "«"), ("Il", 3, "det", "DET", "il"), ("nostro", 3, "det:poss", "DET", "nostro"),
        ("piano", 4, "nsubj", "NOUN", "piano"), ("funziona", 4, "ROOT", "VERB", "funzionare", FIN),
        ("bene", 4, "advmod", "ADV", "bene"), ("–", 8, "punct", "PUNCT", "–"), ("ha", 8, "aux", "AUX", "avere", FIN),
        ("detto", 4, "parataxis", "VERB", "dire", PART), ("il", 10, "det", "DET", "il"),
        ("presidente", 8, "nsubj", "NOUN", "presidente"), ("di", 12, "case", "ADP", "di"),
        ("Enel", 10, "nmod", "PROPN", "Enel"), (",", 14, "punct", "PUNCT", ","), ("Paolo", 10, "appos", "PROPN", "Paolo"),
        ("Scaroni", 14, "flat:name", "PROPN", "Scaroni"), ("–", 8, "punct", "PUNCT", "–"), ("e", 19, "cc", "CCONJ", "e"),
        ("ora", 19, "advmod", "ADV", "ora"), ("cresceremo", 4, "conj", "VERB", "crescere", FIN),
        ("ancora", 19, "advmod", "ADV", "ancora"), (".", 4, "punct", "PUNCT", "."), ("Lo", 23, "obj", "PRON", "lo"),
        ("faremo", 4, "parataxis", "VERB", "fare", FIN), ("in", 25, "case", "ADP", "in"),
        ("Europa", 23, "obl", "PROPN", "Europa"), ("»", 4, "punct", "PUNCT", "»"), (".", 4, "punct", "PUNCT", "."),
    ], ents=[(12, 13, "ORG"), (14, 16, "PER"), (25, 26, "LOC")])
    # one fact per piece, each the quoted part of the sentence the attribution interrupts
    assert says(doc, "it") == [("Paolo Scaroni", "Il nostro piano funziona bene"),
                               ("Paolo Scaroni", "e ora cresceremo ancora")]


def test_italian_dropped_subject_and_bare_role_take_the_speaker_already_talking():
    text = ("«Il mercato resta difficile – ha spiegato Mario Rossi – ma il gruppo è solido». "
            "«Nel 2025 torneremo a crescere – ha aggiunto – grazie ai nuovi prodotti».")
    doc = parsed("it", text, [
        ("«", 3, "punct", "PUNCT", "«"), ("Il", 2, "det", "DET", "il"), ("mercato", 3, "nsubj", "NOUN", "mercato"),
        ("resta", 3, "ROOT", "VERB", "restare", FIN), ("difficile", 3, "xcomp", "ADJ", "difficile"),
        ("–", 7, "punct", "PUNCT", "–"), ("ha", 7, "aux", "AUX", "avere", FIN),
        ("spiegato", 3, "parataxis", "VERB", "spiegare", PART), ("Mario", 7, "nsubj", "PROPN", "Mario"),
        ("Rossi", 8, "flat:name", "PROPN", "Rossi"), ("–", 7, "punct", "PUNCT", "–"), ("ma", 15, "cc", "CCONJ", "ma"),
        ("il", 13, "det", "DET", "il"), ("gruppo", 15, "nsubj", "NOUN", "gruppo"), ("è", 15, "cop", "AUX", "essere", FIN),
        ("solido", 3, "conj", "ADJ", "solido"), ("»", 3, "punct", "PUNCT", "»"), (".", 3, "punct", "PUNCT", "."),
        ("«", 22, "punct", "PUNCT", "«"), ("Nel", 20, "case", "ADP", "in"), ("2025", 22, "obl", "NUM", "2025"),
        ("torneremo", 22, "ROOT", "VERB", "tornare", FIN), ("a", 23, "mark", "ADP", "a"),
        ("crescere", 21, "xcomp", "VERB", "crescere", "VerbForm=Inf"), ("–", 26, "punct", "PUNCT", "–"),
        ("ha", 26, "aux", "AUX", "avere", FIN), ("aggiunto", 21, "parataxis", "VERB", "aggiungere", PART),
        ("–", 26, "punct", "PUNCT", "–"), ("grazie", 31, "case", "ADV", "grazie"), ("ai", 28, "fixed", "ADP", "a"),
        ("nuovi", 31, "amod", "ADJ", "nuovo"), ("prodotti", 21, "obl", "NOUN", "prodotto"),
        ("»", 21, "punct", "PUNCT", "»"), (".", 21, "punct", "PUNCT", "."),
    ], ents=[(8, 10, "PER")])
    assert says(doc, "it") == [
        ("Mario Rossi", "Il mercato resta difficile"), ("Mario Rossi", "ma il gruppo è solido"),
        ("Mario Rossi", "Nel 2025 torneremo a crescere"), ("Mario Rossi", "grazie ai nuovi prodotti")]


def test_italian_unquoted_direct_speech_needs_the_inverted_verb():
    text = "Il mercato crescerà ancora nel 2025, spiega il direttore Mario Rossi. Rossi spiega che il gruppo assumerà."
    doc = parsed("it", text, [
        ("Il", 1, "det", "DET", "il"), ("mercato", 2, "nsubj", "NOUN", "mercato"),
        ("crescerà", 2, "ROOT", "VERB", "crescere", FIN + "|Tense=Fut"), ("ancora", 2, "advmod", "ADV", "ancora"),
        ("nel", 5, "case", "ADP", "in"), ("2025", 2, "obl", "NUM", "2025"), (",", 7, "punct", "PUNCT", ","),
        ("spiega", 2, "parataxis", "VERB", "spiegare", FIN), ("il", 9, "det", "DET", "il"),
        ("direttore", 7, "nsubj", "NOUN", "direttore"), ("Mario", 9, "nmod", "PROPN", "Mario"),
        ("Rossi", 10, "flat:name", "PROPN", "Rossi"), (".", 2, "punct", "PUNCT", "."),
        ("Rossi", 14, "nsubj", "PROPN", "Rossi"), ("spiega", 14, "ROOT", "VERB", "spiegare", FIN),
        ("che", 18, "mark", "SCONJ", "che"), ("il", 17, "det", "DET", "il"), ("gruppo", 18, "nsubj", "NOUN", "gruppo"),
        ("assumerà", 14, "ccomp", "VERB", "assumere", FIN + "|Tense=Fut"), (".", 14, "punct", "PUNCT", "."),
    ], ents=[(10, 12, "PER"), (13, 14, "PER")])
    # the second sentence is indirect speech: no says
    assert says(doc, "it") == [("Mario Rossi", "Il mercato crescerà ancora nel 2025")]


def test_italian_clause_initial_per_introduces_the_speaker():
    text = "Per Rossi la fusione «è un passo importante per tutto il settore»."
    doc = parsed("it", text, [
        ("Per", 1, "case", "ADP", "per"), ("Rossi", 7, "obl", "PROPN", "Rossi"), ("la", 3, "det", "DET", "il"),
        ("fusione", 7, "nsubj", "NOUN", "fusione"), ("«", 7, "punct", "PUNCT", "«"), ("è", 7, "cop", "AUX", "essere", FIN),
        ("un", 7, "det", "DET", "uno"), ("passo", 7, "ROOT", "NOUN", "passo"), ("importante", 7, "amod", "ADJ", "importante"),
        ("per", 12, "case", "ADP", "per"), ("tutto", 12, "det", "DET", "tutto"), ("il", 12, "det", "DET", "il"),
        ("settore", 7, "nmod", "NOUN", "settore"), ("»", 7, "punct", "PUNCT", "»"), (".", 7, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "PER")])
    assert says(doc, "it") == [("Rossi", "è un passo importante per tutto il settore")]


def test_english_unnamed_analysts_speak_for_their_firm():
    text = '"The deal makes sense for both companies," analysts at Bernstein wrote.'
    doc = parsed("en", text, [
        ('"', 13, "punct", "PUNCT", '"'), ("The", 2, "det", "DET", "the"), ("deal", 3, "nsubj", "NOUN", "deal"),
        ("makes", 13, "ccomp", "VERB", "make"), ("sense", 3, "dobj", "NOUN", "sense"), ("for", 4, "prep", "ADP", "for"),
        ("both", 7, "det", "DET", "both"), ("companies", 5, "pobj", "NOUN", "company"), (",", 13, "punct", "PUNCT", ","),
        ('"', 13, "punct", "PUNCT", '"'), ("analysts", 13, "nsubj", "NOUN", "analyst"), ("at", 10, "prep", "ADP", "at"),
        ("Bernstein", 11, "pobj", "PROPN", "Bernstein"), ("wrote", 13, "ROOT", "VERB", "write"),
        (".", 13, "punct", "PUNCT", "."),
    ], ents=[(12, 13, "GPE")])
    index = collect_mentions(doc, "en")
    (fact,) = [f for f in extract_facts(doc, "en", index, []) if f.predicate == "says"]
    assert (fact.subject.text, fact.object.text) == ("Bernstein", "The deal makes sense for both companies")
    assert fact.subject.label == "Organization"  # a place that speaks is an organisation the model mistyped


def test_english_statement_from_a_person_and_a_pronoun_for_the_same_speaker():
    text = '"Our customers come first," said a statement from Jane Doe. "We will keep investing in new stores," she said.'
    doc = parsed("en", text, [
        ('"', 7, "punct", "PUNCT", '"'), ("Our", 2, "poss", "PRON", "our"), ("customers", 3, "nsubj", "NOUN", "customer"),
        ("come", 7, "ccomp", "VERB", "come"), ("first", 3, "advmod", "ADV", "first"), (",", 7, "punct", "PUNCT", ","),
        ('"', 7, "punct", "PUNCT", '"'), ("said", 7, "ROOT", "VERB", "say"), ("a", 9, "det", "DET", "a"),
        ("statement", 7, "nsubj", "NOUN", "statement"), ("from", 9, "prep", "ADP", "from"),
        ("Jane", 12, "compound", "PROPN", "Jane"), ("Doe", 10, "pobj", "PROPN", "Doe"), (".", 7, "punct", "PUNCT", "."),
        ('"', 25, "punct", "PUNCT", '"'), ("We", 17, "nsubj", "PRON", "we"), ("will", 17, "aux", "AUX", "will"),
        ("keep", 25, "ccomp", "VERB", "keep"), ("investing", 17, "xcomp", "VERB", "invest"), ("in", 18, "prep", "ADP", "in"),
        ("new", 21, "amod", "ADJ", "new"), ("stores", 19, "pobj", "NOUN", "store"), (",", 25, "punct", "PUNCT", ","),
        ('"', 25, "punct", "PUNCT", '"'), ("she", 25, "nsubj", "PRON", "she"), ("said", 25, "ROOT", "VERB", "say"),
        (".", 25, "punct", "PUNCT", "."),
    ], ents=[(11, 13, "PERSON")])
    assert says(doc, "en") == [("Jane Doe", "Our customers come first"), ("Jane Doe", "We will keep investing in new stores")]


def test_english_pronoun_goes_to_the_last_speaker_not_the_last_person():
    text = ('"Growth will return next year," said Ann Lee, an analyst at Acme. Bob Smith left the firm in May. '
            '"The numbers speak for themselves," she said.')
    doc = parsed("en", text, [
        ('"', 8, "punct", "PUNCT", '"'), ("Growth", 3, "nsubj", "NOUN", "growth"), ("will", 3, "aux", "AUX", "will"),
        ("return", 8, "ccomp", "VERB", "return"), ("next", 5, "amod", "ADJ", "next"), ("year", 3, "npadvmod", "NOUN", "year"),
        (",", 8, "punct", "PUNCT", ","), ('"', 8, "punct", "PUNCT", '"'), ("said", 8, "ROOT", "VERB", "say"),
        ("Ann", 10, "compound", "PROPN", "Ann"), ("Lee", 8, "nsubj", "PROPN", "Lee"), (",", 10, "punct", "PUNCT", ","),
        ("an", 13, "det", "DET", "an"), ("analyst", 10, "appos", "NOUN", "analyst"), ("at", 13, "prep", "ADP", "at"),
        ("Acme", 14, "pobj", "PROPN", "Acme"), (".", 8, "punct", "PUNCT", "."),
        ("Bob", 18, "compound", "PROPN", "Bob"), ("Smith", 19, "nsubj", "PROPN", "Smith"), ("left", 19, "ROOT", "VERB", "leave"),
        ("the", 21, "det", "DET", "the"), ("firm", 19, "dobj", "NOUN", "firm"), ("in", 19, "prep", "ADP", "in"),
        ("May", 22, "pobj", "PROPN", "May"), (".", 19, "punct", "PUNCT", "."),
        ('"', 34, "punct", "PUNCT", '"'), ("The", 27, "det", "DET", "the"), ("numbers", 28, "nsubj", "NOUN", "number"),
        ("speak", 34, "ccomp", "VERB", "speak"), ("for", 28, "prep", "ADP", "for"), ("themselves", 29, "pobj", "PRON", "themselves"),
        (",", 34, "punct", "PUNCT", ","), ('"', 34, "punct", "PUNCT", '"'), ("she", 34, "nsubj", "PRON", "she"),
        ("said", 34, "ROOT", "VERB", "say"), (".", 34, "punct", "PUNCT", "."),
    ], ents=[(9, 11, "PERSON"), (15, 16, "ORG"), (17, 19, "PERSON"), (23, 24, "DATE")])
    assert says(doc, "en") == [("Ann Lee", "Growth will return next year"), ("Ann Lee", "The numbers speak for themselves")]


def test_english_organisation_named_inside_the_quote_is_not_the_speaker():
    text = 'Apple hit back at the regulator. "The decision ignores how Spotify grew its business," the company said.'
    doc = parsed("en", text, [
        ("Apple", 1, "nsubj", "PROPN", "Apple"), ("hit", 1, "ROOT", "VERB", "hit"), ("back", 1, "prt", "ADP", "back"),
        ("at", 1, "prep", "ADP", "at"), ("the", 5, "det", "DET", "the"), ("regulator", 3, "pobj", "NOUN", "regulator"),
        (".", 1, "punct", "PUNCT", "."), ('"', 20, "punct", "PUNCT", '"'), ("The", 9, "det", "DET", "the"),
        ("decision", 10, "nsubj", "NOUN", "decision"), ("ignores", 20, "ccomp", "VERB", "ignore"),
        ("how", 13, "advmod", "SCONJ", "how"), ("Spotify", 13, "nsubj", "PROPN", "Spotify"),
        ("grew", 10, "ccomp", "VERB", "grow"), ("its", 15, "poss", "PRON", "its"), ("business", 13, "dobj", "NOUN", "business"),
        (",", 20, "punct", "PUNCT", ","), ('"', 20, "punct", "PUNCT", '"'), ("the", 19, "det", "DET", "the"),
        ("company", 20, "nsubj", "NOUN", "company"), ("said", 20, "ROOT", "VERB", "say"), (".", 20, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (12, 13, "ORG")])
    assert says(doc, "en") == [("Apple", "The decision ignores how Spotify grew its business")]


def test_italian_next_sentence_attributes_the_quotation_with_a_clitic():
    text = ("«Il mercato resta difficile per tutti». Lo ha detto l'amministratore delegato di Enel, Mario Rossi, "
            "a margine dell'assemblea.")
    doc = parsed("it", text, [
        ("«", 3, "punct", "PUNCT", "«"), ("Il", 2, "det", "DET", "il"), ("mercato", 3, "nsubj", "NOUN", "mercato"),
        ("resta", 3, "ROOT", "VERB", "restare", FIN), ("difficile", 3, "xcomp", "ADJ", "difficile"),
        ("per", 6, "case", "ADP", "per"), ("tutti", 4, "obl", "PRON", "tutto"), ("»", 3, "punct", "PUNCT", "»"),
        (".", 3, "punct", "PUNCT", "."), ("Lo", 11, "obj", "PRON", "lo", "Clitic=Yes|PronType=Prs"),
        ("ha", 11, "aux", "AUX", "avere", FIN), ("detto", 11, "ROOT", "VERB", "dire", PART), ("l'", 13, "det", "DET", "il"),
        ("amministratore", 11, "nsubj", "NOUN", "amministratore"), ("delegato", 13, "amod", "ADJ", "delegato"),
        ("di", 16, "case", "ADP", "di"), ("Enel", 13, "nmod", "PROPN", "Enel"), (",", 18, "punct", "PUNCT", ","),
        ("Mario", 11, "discourse", "PROPN", "Mario"), ("Rossi", 18, "flat:name", "PROPN", "Rossi"),
        (",", 18, "punct", "PUNCT", ","), ("a", 22, "case", "ADP", "a"), ("margine", 11, "obl", "NOUN", "margine"),
        ("dell'", 24, "case", "ADP", "di"), ("assemblea", 22, "nmod", "NOUN", "assemblea"), (".", 11, "punct", "PUNCT", "."),
    ], ents=[(16, 17, "ORG"), (18, 20, "PER")])
    # the role's organisation is not the speaker: the name after the comma is
    assert says(doc, "it") == [("Mario Rossi", "Il mercato resta difficile per tutti")]


def test_italian_attribution_between_commas_inside_the_quotation():
    text = "«Il mercato, spiega Mario Rossi, è in forte crescita»."
    doc = parsed("it", text, [
        ("«", 11, "punct", "PUNCT", "«"), ("Il", 2, "det", "DET", "il"), ("mercato", 11, "nsubj", "NOUN", "mercato"),
        (",", 4, "punct", "PUNCT", ","), ("spiega", 11, "parataxis", "VERB", "spiegare", FIN),
        ("Mario", 4, "nsubj", "PROPN", "Mario"), ("Rossi", 5, "flat:name", "PROPN", "Rossi"), (",", 4, "punct", "PUNCT", ","),
        ("è", 11, "cop", "AUX", "essere", FIN), ("in", 11, "case", "ADP", "in"), ("forte", 11, "amod", "ADJ", "forte"),
        ("crescita", 11, "ROOT", "NOUN", "crescita"), ("»", 11, "punct", "PUNCT", "»"), (".", 11, "punct", "PUNCT", "."),
    ], ents=[(5, 7, "PER")])
    # "Il mercato" alone is too short to be a quotation of its own
    assert says(doc, "it") == [("Mario Rossi", "è in forte crescita")]


def test_italian_unnamed_spokesperson_speaks_for_the_company():
    text = "«Non venderemo la rete», ha detto un portavoce di Tim."
    doc = parsed("it", text, [
        ("«", 2, "punct", "PUNCT", "«"), ("Non", 2, "advmod", "ADV", "non"), ("venderemo", 2, "ROOT", "VERB", "vendere", FIN),
        ("la", 4, "det", "DET", "il"), ("rete", 2, "obj", "NOUN", "rete"), ("»", 2, "punct", "PUNCT", "»"),
        (",", 8, "punct", "PUNCT", ","), ("ha", 8, "aux", "AUX", "avere", FIN), ("detto", 2, "parataxis", "VERB", "dire", PART),
        ("un", 10, "det", "DET", "uno"), ("portavoce", 8, "nsubj", "NOUN", "portavoce"), ("di", 12, "case", "ADP", "di"),
        ("Tim", 10, "nmod", "PROPN", "Tim"), (".", 2, "punct", "PUNCT", "."),
    ], ents=[(12, 13, "ORG")])
    assert says(doc, "it") == [("Tim", "Non venderemo la rete")]


def test_english_unquoted_speech_with_the_verb_before_its_subject():
    rows = [
        ("Demand", 2, "nsubj", "NOUN", "demand"), ("will", 2, "aux", "AUX", "will", "VerbForm=Fin"),
        ("keep", 7, "ccomp", "VERB", "keep", "VerbForm=Inf"), ("growing", 2, "xcomp", "VERB", "grow"),
        ("next", 5, "amod", "ADJ", "next"), ("year", 3, "npadvmod", "NOUN", "year"), (",", 7, "punct", "PUNCT", ","),
        ("said", 7, "ROOT", "VERB", "say", "VerbForm=Fin"), ("Jane", 9, "compound", "PROPN", "Jane"),
        ("Doe", 7, "nsubj", "PROPN", "Doe"), (".", 7, "punct", "PUNCT", "."),
    ]
    doc = parsed("en", "Demand will keep growing next year, said Jane Doe.", rows, ents=[(8, 10, "PERSON")])
    assert says(doc, "en") == [("Jane Doe", "Demand will keep growing next year")]
    # the subject first: a paraphrase, not the speaker's words
    rows = rows[:7] + [("Jane", 8, "compound", "PROPN", "Jane"), ("Doe", 9, "nsubj", "PROPN", "Doe"),
                       ("said", 9, "ROOT", "VERB", "say", "VerbForm=Fin"), (".", 9, "punct", "PUNCT", ".")]
    rows[2] = ("keep", 9, "ccomp", "VERB", "keep", "VerbForm=Inf")
    rows[6] = (",", 9, "punct", "PUNCT", ",")
    doc = parsed("en", "Demand will keep growing next year, Jane Doe said.", rows, ents=[(7, 9, "PERSON")])
    assert says(doc, "en") == []
