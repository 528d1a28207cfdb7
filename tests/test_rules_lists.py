"""Lists of names under a head noun: investors, products, founders, members (``kg/extract/rules/lists.py``)."""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def facts(doc, lang):
    index = collect_mentions(doc, lang)
    return extract_facts(doc, lang, index, find_quantities(doc.text, lang))


def triples(doc, lang, family=None):
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object))
            for f in facts(doc, lang) if family is None or f.extractor == family}


def test_investors_including_invest_in_the_company_that_raised_en():
    # Acme said it raised money from investors including Nvidia , Intel and Zeta Ventures .
    doc = compact_doc("en", "Acme/1/nsubj/PROPN said/1/ROOT/VERB/say it/3/nsubj/PRON raised/1/ccomp/VERB/raise "
                      "money/3/dobj/NOUN from/3/prep/ADP investors/5/pobj/NOUN including/6/prep/VERB/include "
                      "Nvidia/7/pobj/PROPN ,/8/punct/PUNCT Intel/8/conj/PROPN and/10/cc/CCONJ Zeta/13/compound/PROPN "
                      "Ventures/10/conj/PROPN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (8, 9, "GPE"), (10, 11, "NORP")])
    found = triples(doc, "en", "list")
    assert found == {("Nvidia", "investsIn", "Acme"), ("Intel", "investsIn", "Acme"), ("Zeta Ventures", "investsIn", "Acme")}


def test_participants_list_after_a_verb_it():
    # Acme ha chiuso un round . Acme cresce . Tra i partecipanti figurano fondi come Alfa Capital , Beta e alla
    # francese Gamma .   (the text is about Acme: the funded company)
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere chiuso/2/ROOT/VERB/chiudere un/4/det/DET round/2/obj/NOUN "
                      "./2/punct/PUNCT || Acme/7/nsubj/PROPN cresce/7/ROOT/VERB/crescere ./7/punct/PUNCT || "
                      "Tra/11/case/ADP i/11/det/DET partecipanti/12/obl/NOUN figurano/12/ROOT/VERB/figurare "
                      "fondi/12/nsubj/NOUN come/15/case/ADP Alfa/13/nmod/PROPN Capital/15/flat:name/PROPN ,/18/punct/PUNCT "
                      "Beta/15/conj/PROPN e/22/cc/CCONJ alla/22/case/ADP francese/22/amod/ADJ Gamma/15/conj/PROPN "
                      "./12/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG"), (15, 17, "PER"), (22, 23, "LOC")])
    found = triples(doc, "it", "list")
    assert found == {("Alfa Capital", "investsIn", "Acme"), ("Beta", "investsIn", "Acme"), ("Gamma", "investsIn", "Acme")}


def test_products_owned_by_the_described_company_it():
    # Zeta , nota per applicazioni come Remo o Lumo , cresce .
    doc = compact_doc("it", "Zeta/9/nsubj/PROPN ,/0/punct/PUNCT nota/0/amod/ADJ/noto per/4/case/ADP applicazioni/2/obl/NOUN "
                      "come/6/case/ADP Remo/4/nmod/PROPN o/8/cc/CCONJ Lumo/6/conj/PROPN cresce/9/ROOT/VERB/crescere "
                      "./9/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "PER"), (8, 9, "ORG")])
    found = triples(doc, "it", "list")
    assert found == {("Zeta", "ownerOf", "Remo"), ("Zeta", "ownerOf", "Lumo")}
    # the listed names take the head's class
    assert {m.label for m in collect_mentions(doc, "it").mentions if m.text in ("Remo", "Lumo")} <= {"Person", "Organization"}


def test_games_given_to_the_recipient_en():
    # The deal gives Acme games like Call of Duty and Diablo .
    doc = compact_doc("en", "The/1/det/DET deal/2/nsubj/NOUN gives/2/ROOT/VERB/give Acme/2/dative/PROPN games/2/dobj/NOUN "
                      "like/4/prep/ADP Call/5/pobj/PROPN of/6/prep/ADP Duty/7/pobj/PROPN and/6/cc/CCONJ "
                      "Diablo/6/conj/PROPN ./2/punct/PUNCT",
                      ents=[(3, 4, "ORG")])
    assert triples(doc, "en", "list") == {("Acme", "ownerOf", "Call of Duty"), ("Acme", "ownerOf", "Diablo")}


def test_founders_after_a_copula_skip_titles_and_ages_en():
    # Its co-founders are CEO Ann Lee , 31 , along with Bo Li and Cy Wu .   (Acme is the sentence before)
    doc = compact_doc("en", "Acme/1/nsubj/PROPN grew/1/ROOT/VERB/grow ./1/punct/PUNCT || "
                      "Its/4/poss/PRON co-founders/5/nsubj/NOUN are/5/ROOT/AUX/be CEO/8/compound/NOUN Ann/8/compound/PROPN "
                      "Lee/5/attr/PROPN ,/8/punct/PUNCT 31/8/appos/NUM ,/8/punct/PUNCT along/8/prep/ADP with/12/prep/ADP "
                      "Bo/15/compound/PROPN Li/13/pobj/PROPN and/15/cc/CCONJ Cy/18/compound/PROPN Wu/15/conj/PROPN ./5/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (7, 9, "PERSON"), (14, 16, "PERSON"), (17, 19, "PERSON")])
    assert triples(doc, "en", "list") == {("Ann Lee", "founderOf", "Acme"), ("Bo Li", "founderOf", "Acme"),
                                          ("Cy Wu", "founderOf", "Acme")}


def test_no_list_without_an_introducer_or_holder():
    # Investors sold shares .   (no list)
    doc = compact_doc("en", "Investors/1/nsubj/NOUN sold/1/ROOT/VERB/sell shares/1/dobj/NOUN ./1/punct/PUNCT")
    assert not triples(doc, "en", "list")
    # games like Doom and Quake are popular .   (no owner anywhere)
    doc = compact_doc("en", "games/5/nsubj/NOUN like/0/prep/ADP Doom/1/pobj/PROPN and/2/cc/CCONJ Quake/2/conj/PROPN "
                      "are/5/ROOT/AUX/be popular/5/acomp/ADJ ./5/punct/PUNCT")
    assert not triples(doc, "en", "list")
