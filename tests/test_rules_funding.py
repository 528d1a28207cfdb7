"""Funding rounds: leaders, participants and the funded company (``kg/extract/rules/funding.py``)."""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def triples(doc, lang, family="funding"):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object)) for f in facts if f.extractor == family}


def test_round_led_by_with_participation_from_en():
    # Acme raised money in a round led by Sequoia with participation from Accel and Index Ventures .
    doc = compact_doc("en", "Acme/1/nsubj/PROPN raised/1/ROOT/VERB/raise money/1/dobj/NOUN in/1/prep/ADP a/5/det/DET "
                      "round/3/pobj/NOUN led/5/acl/VERB/lead by/6/agent/ADP Sequoia/7/pobj/PROPN with/6/prep/ADP "
                      "participation/9/pobj/NOUN from/10/prep/ADP Accel/11/pobj/PROPN and/12/cc/CCONJ "
                      "Index/15/compound/PROPN Ventures/12/conj/PROPN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (8, 9, "ORG"), (12, 13, "ORG"), (14, 16, "ORG")])
    assert triples(doc, "en") == {("Sequoia", "investsIn", "Acme"), ("Accel", "investsIn", "Acme"),
                                  ("Index Ventures", "investsIn", "Acme")}


def test_possessive_round_led_and_joined_en():
    # Acme 's funding was led by Inovia and joined by investors such as Beta and Gamma .
    doc = compact_doc("en", "Acme/2/poss/PROPN 's/0/case/PART funding/4/nsubjpass/NOUN was/4/auxpass/AUX/be "
                      "led/4/ROOT/VERB/lead by/4/agent/ADP Inovia/5/pobj/PROPN and/4/cc/CCONJ joined/4/conj/VERB/join "
                      "by/8/agent/ADP investors/9/pobj/NOUN such/12/amod/ADJ as/10/prep/ADP Beta/12/pobj/PROPN "
                      "and/13/cc/CCONJ Gamma/13/conj/PROPN ./4/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG"), (13, 14, "ORG"), (15, 16, "ORG")])
    assert triples(doc, "en") >= {("Inovia", "investsIn", "Acme"), ("Beta", "investsIn", "Acme"),
                                  ("Gamma", "investsIn", "Acme")}


def test_round_guidato_da_funds_the_company_that_closed_it_it():
    # Acme ha chiuso un round , guidato da Sequoia , con la partecipazione di Accel .
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere chiuso/2/ROOT/VERB/chiudere un/4/det/DET "
                      "round/2/obj/NOUN ,/6/punct/PUNCT guidato/4/acl/VERB/guidare da/8/case/ADP "
                      "Sequoia/6/obl:agent/PROPN ,/6/punct/PUNCT con/12/case/ADP la/12/det/DET "
                      "partecipazione/4/nmod/NOUN di/14/case/ADP Accel/12/nmod/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (8, 9, "LOC"), (14, 15, "ORG")])
    assert triples(doc, "it") == {("Sequoia", "investsIn", "Acme"), ("Accel", "investsIn", "Acme")}


def test_active_lead_and_valuation_object_en():
    # Sequoia led the round , which values Acme at $ 2 billion .
    doc = compact_doc("en", "Sequoia/1/nsubj/PROPN led/1/ROOT/VERB/lead the/3/det/DET round/1/dobj/NOUN ,/3/punct/PUNCT "
                      "which/6/nsubj/PRON values/3/relcl/VERB/value Acme/6/dobj/PROPN at/6/prep/ADP $/11/nmod/SYM "
                      "2/11/compound/NUM billion/8/pobj/NUM ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (7, 8, "ORG")])
    # the round "values Acme" only when the round is the valuing verb's subject; here nothing is known of
    # the funded company except the text's topic, which is not clear: no guess
    assert triples(doc, "en") == set()


def test_no_investor_without_a_round():
    # Sequoia led the team .
    doc = compact_doc("en", "Sequoia/1/nsubj/PROPN led/1/ROOT/VERB/lead the/3/det/DET team/1/dobj/NOUN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG")])
    assert triples(doc, "en") == set()


def test_investors_who_participated_in_the_round_en():
    # Zeta and Beta participated in Acme 's round .
    doc = compact_doc("en", "Zeta/3/nsubj/PROPN and/0/cc/CCONJ Beta/0/conj/PROPN participated/3/ROOT/VERB/participate "
                      "in/3/prep/ADP Acme/7/poss/PROPN 's/5/case/PART round/4/pobj/NOUN ./3/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (5, 6, "ORG")])
    assert triples(doc, "en") == {("Zeta", "investsIn", "Acme"), ("Beta", "investsIn", "Acme")}


def test_investors_who_participated_in_the_round_it():
    # Al round di Acme hanno partecipato Zeta e Beta .
    doc = compact_doc("it", "Al/1/case/ADP round/5/obl/NOUN di/3/case/ADP Acme/1/nmod/PROPN hanno/5/aux/AUX/avere "
                      "partecipato/5/ROOT/VERB/partecipare/VerbForm=Part Zeta/5/nsubj/PROPN e/8/cc/CCONJ "
                      "Beta/6/conj/PROPN ./5/punct/PUNCT",
                      ents=[(3, 4, "ORG"), (6, 7, "ORG"), (8, 9, "ORG")])
    assert triples(doc, "it") == {("Zeta", "investsIn", "Acme"), ("Beta", "investsIn", "Acme")}


def test_a_negated_join_is_no_investment_en():
    # Zeta did not join Acme 's round .
    doc = compact_doc("en", "Zeta/3/nsubj/PROPN did/3/aux/AUX/do not/3/neg/PART join/3/ROOT/VERB/join "
                      "Acme/6/poss/PROPN 's/4/case/PART round/3/dobj/NOUN ./3/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (4, 5, "ORG")])
    assert triples(doc, "en") == set()
    # and without "not" the same parse gives the investment
    doc = compact_doc("en", "Zeta/2/nsubj/PROPN did/2/aux/AUX/do join/2/ROOT/VERB/join "
                      "Acme/5/poss/PROPN 's/3/case/PART round/2/dobj/NOUN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (3, 4, "ORG")])
    assert triples(doc, "en") == {("Zeta", "investsIn", "Acme")}
