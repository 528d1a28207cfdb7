"""Equity stakes are ownership (``kg/extract/rules/stakes.py``)."""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def triples(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object)) for f in facts}


def test_a_stake_in_a_company_en():
    # Acme will take a 49 % stake in Zeta .
    doc = compact_doc("en", "Acme/2/nsubj/PROPN will/2/aux/AUX take/2/ROOT/VERB/take a/6/det/DET 49/5/nummod/NUM "
                      "%/6/compound/NOUN stake/2/dobj/NOUN in/6/prep/ADP Zeta/7/pobj/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (8, 9, "ORG")])
    assert ("Acme", "ownerOf", "Zeta") in triples(doc, "en")


def test_a_percentage_of_a_company_it():
    # Acme detiene il 5 % di Zeta .
    doc = compact_doc("it", "Acme/1/nsubj/PROPN detiene/1/ROOT/VERB/detenere il/4/det/DET 5/4/nummod/NUM %/1/obj/NOUN "
                      "di/6/case/ADP Zeta/4/nmod/PROPN ./1/punct/PUNCT", ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "ownerOf", "Zeta") in triples(doc, "it")


def test_a_market_move_is_no_stake_en():
    # Acme shares rose 5 % .
    doc = compact_doc("en", "Acme/1/compound/PROPN shares/2/nsubj/NOUN rose/2/ROOT/VERB/rise 5/4/nummod/NUM %/2/dobj/NOUN "
                      "./2/punct/PUNCT", ents=[(0, 1, "ORG")])
    assert not {t for t in triples(doc, "en") if t[1] == "ownerOf"}
