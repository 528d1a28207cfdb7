"""Role rules: coordinated roles, possessives, bare roles at the text's topic, inverse roles, title words.

Every parse is written by hand (``docs.compact_doc``), so each test checks one
mechanism of the rules, whatever a statistical parser would do.
"""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def triples(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object)) for f in facts}


def test_coordinated_roles_share_the_organisation_en():
    # Changpeng Zhao , the co-founder and CEO of Binance , resigned .
    doc = compact_doc("en", "Changpeng/1/compound/PROPN Zhao/10/nsubj/PROPN ,/1/punct/PUNCT the/4/det/DET "
                      "co-founder/1/appos/NOUN and/4/cc/CCONJ CEO/4/conj/NOUN of/6/prep/ADP Binance/7/pobj/PROPN "
                      ",/1/punct/PUNCT resigned/10/ROOT/VERB/resign ./10/punct/PUNCT",
                      ents=[(0, 2, "PERSON"), (8, 9, "ORG")])
    found = triples(doc, "en")
    assert ("Changpeng Zhao", "ceoOf", "Binance") in found
    assert ("Changpeng Zhao", "founderOf", "Binance") in found


def test_coordinated_roles_share_the_organisation_it():
    # Ilya Sutskever , cofondatore e chief scientist di OpenAI , tace .
    doc = compact_doc("it", "Ilya/10/nsubj/PROPN Sutskever/0/flat:name/PROPN ,/3/punct/PUNCT cofondatore/0/appos/NOUN "
                      "e/6/cc/CCONJ chief/6/amod/ADJ scientist/3/conj/NOUN di/8/case/ADP OpenAI/6/nmod/PROPN "
                      ",/3/punct/PUNCT tace/10/ROOT/VERB/tacere ./10/punct/PUNCT",
                      ents=[(0, 2, "PER"), (8, 9, "ORG")])
    found = triples(doc, "it")
    assert ("Ilya Sutskever", "founderOf", "OpenAI") in found
    assert ("Ilya Sutskever", "employeeOf", "OpenAI") in found


def test_possessive_role_takes_the_clause_subject_en():
    # OpenAI said it fired its chief executive Sam Altman .
    doc = compact_doc("en", "OpenAI/1/nsubj/PROPN said/1/ROOT/VERB/say it/3/nsubj/PRON fired/1/ccomp/VERB/fire "
                      "its/6/poss/PRON chief/6/amod/ADJ executive/8/compound/NOUN Sam/8/compound/PROPN "
                      "Altman/3/dobj/PROPN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (7, 9, "PERSON")])
    assert ("Sam Altman", "ceoOf", "OpenAI") in triples(doc, "en")


def test_possessive_role_it():
    # Stellantis ha confermato il suo amministratore delegato Carlos Tavares .
    doc = compact_doc("it", "Stellantis/2/nsubj/PROPN ha/2/aux/AUX/avere confermato/2/ROOT/VERB/confermare il/5/det/DET "
                      "suo/5/det:poss/DET amministratore/2/obj/NOUN delegato/5/amod/ADJ Carlos/5/appos/PROPN "
                      "Tavares/7/flat:name/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (7, 9, "PER")])
    assert ("Carlos Tavares", "ceoOf", "Stellantis") in triples(doc, "it")


HEADLINE_EN = ("Acme/1/nsubj/PROPN buys/1/ROOT/VERB/buy Zenith/1/dobj/PROPN ./1/punct/PUNCT || "
               "Acme/5/nsubj/PROPN grew/5/ROOT/VERB/grow ./5/punct/PUNCT || ")


def test_bare_corporate_role_is_at_the_topic_organisation_en():
    # Acme buys Zenith . Acme grew . CEO Jane Roe spoke .   (the text is about Acme)
    doc = compact_doc("en", HEADLINE_EN + "CEO/9/compound/NOUN Jane/9/compound/PROPN Roe/10/nsubj/PROPN "
                      "spoke/10/ROOT/VERB/speak ./10/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (4, 5, "ORG"), (8, 10, "PERSON")])
    assert ("Jane Roe", "ceoOf", "Acme") in triples(doc, "en")


def test_bare_role_needs_a_clear_topic_and_no_complement():
    # no organisation named twice in the headline: no guess
    doc = compact_doc("en", "Acme/1/nsubj/PROPN buys/1/ROOT/VERB/buy Zenith/1/dobj/PROPN ./1/punct/PUNCT || "
                      "CEO/6/compound/NOUN Jane/6/compound/PROPN Roe/7/nsubj/PROPN spoke/7/ROOT/VERB/speak ./7/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (5, 7, "PERSON")])
    assert not {t for t in triples(doc, "en") if t[1] == "ceoOf"}
    # a political office is not a corporate role: no topic reading for "President"
    doc = compact_doc("en", HEADLINE_EN + "President/9/compound/PROPN Jane/9/compound/PROPN Roe/10/nsubj/PROPN "
                      "spoke/10/ROOT/VERB/speak ./10/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (4, 5, "ORG"), (8, 10, "PERSON")])
    assert not {t for t in triples(doc, "en") if t[1] == "presidentOf"}


def test_bare_role_it():
    # Acme compra Zenith . Acme cresce . Il CEO Mario Rossi parla .
    doc = compact_doc("it", "Acme/1/nsubj/PROPN compra/1/ROOT/VERB/comprare Zenith/1/obj/PROPN ./1/punct/PUNCT || "
                      "Acme/5/nsubj/PROPN cresce/5/ROOT/VERB/crescere ./5/punct/PUNCT || "
                      "Il/8/det/DET CEO/11/nsubj/NOUN Mario/8/appos/PROPN Rossi/9/flat:name/PROPN "
                      "parla/11/ROOT/VERB/parlare ./11/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (4, 5, "ORG"), (9, 11, "PER")])
    assert ("Mario Rossi", "ceoOf", "Acme") in triples(doc, "it")


def test_inverse_role_parent_of():
    # Alphabet , the parent of Google , rose .
    doc = compact_doc("en", "Alphabet/7/nsubj/PROPN ,/0/punct/PUNCT the/3/det/DET parent/0/appos/NOUN of/3/prep/ADP "
                      "Google/4/pobj/PROPN ,/0/punct/PUNCT rose/7/ROOT/VERB/rise ./7/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (5, 6, "ORG")])
    found = triples(doc, "en")
    assert ("Google", "subsidiaryOf", "Alphabet") in found
    assert ("Alphabet", "subsidiaryOf", "Google") not in found


def test_inverse_role_societa_madre():
    # Alphabet , la società madre di Google , cresce .
    doc = compact_doc("it", "Alphabet/8/nsubj/PROPN ,/0/punct/PUNCT la/3/det/DET società/0/appos/NOUN madre/3/amod/ADJ "
                      "di/6/case/ADP Google/3/nmod/PROPN ,/0/punct/PUNCT cresce/8/ROOT/VERB/crescere ./8/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Google", "subsidiaryOf", "Alphabet") in triples(doc, "it")


def test_title_words_are_not_organisations():
    # Jane Roe , Chief Scientist , spoke .   ("Chief" is no organisation)
    doc = compact_doc("en", "Jane/1/compound/PROPN Roe/6/nsubj/PROPN ,/1/punct/PUNCT Chief/4/compound/PROPN "
                      "Scientist/1/appos/PROPN ,/1/punct/PUNCT spoke/6/ROOT/VERB/speak ./6/punct/PUNCT",
                      ents=[(0, 2, "PERSON")])
    assert not {t for t in triples(doc, "en") if t[0] == "Jane Roe"}


def test_generic_words_tagged_as_names_are_dropped():
    # AI said that Acme grew .   (NER tagged "AI" as an organisation)
    doc = compact_doc("en", "AI/1/nsubj/PROPN said/1/ROOT/VERB/say that/4/mark/SCONJ Acme/4/nsubj/PROPN "
                      "grew/1/ccomp/VERB/grow ./1/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 4, "ORG")])
    index = collect_mentions(doc, "en")
    assert [m.text for m in index.mentions] == ["Acme"]
