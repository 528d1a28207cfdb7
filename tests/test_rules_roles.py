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


def test_coordinated_role_hung_on_a_word_inside_the_first_role_en():
    # Dana Kerr , co - founder and chief executive of Lumenfold , spoke .  (the tokenizer splits "co-founder";
    # the parser makes "co" the phrase's root and hangs the second role on "founder")
    doc = compact_doc("en", "Dana/1/compound/PROPN Kerr/12/nsubj/PROPN ,/1/punct/PUNCT co/1/appos/NOUN "
                      "-/1/appos/NOUN founder/1/appos/NOUN and/5/cc/CCONJ chief/8/amod/ADJ executive/5/conj/NOUN "
                      "of/5/prep/ADP Lumenfold/9/pobj/PROPN ,/1/punct/PUNCT spoke/12/ROOT/VERB/speak "
                      "./12/punct/PUNCT", ents=[(0, 2, "PERSON"), (10, 11, "ORG")])
    found = triples(doc, "en")
    assert ("Dana Kerr", "founderOf", "Lumenfold") in found
    assert ("Dana Kerr", "ceoOf", "Lumenfold") in found


def test_appointment_with_the_person_as_object_predicate_en():
    # The board named Dana Kerr as CEO of Lumenfold .  (the person parsed as "oprd")
    doc = compact_doc("en", "The/1/det/DET board/1/ROOT/NOUN named/1/acl/VERB/name Dana/4/compound/PROPN "
                      "Kerr/2/oprd/PROPN as/2/prep/ADP CEO/5/pobj/PROPN of/6/prep/ADP Lumenfold/7/pobj/PROPN "
                      "./1/punct/PUNCT", ents=[(3, 5, "PERSON"), (8, 9, "ORG")])
    assert ("Dana Kerr", "ceoOf", "Lumenfold") in triples(doc, "en")


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


def test_appointment_gives_the_post_to_the_object_en():
    # Acme appointed Ann Lee as CEO .
    doc = compact_doc("en", "Acme/1/nsubj/PROPN appointed/1/ROOT/VERB/appoint Ann/3/compound/PROPN Lee/1/dobj/PROPN "
                      "as/1/prep/ADP CEO/4/pobj/NOUN ./1/punct/PUNCT", ents=[(0, 1, "ORG"), (2, 4, "PERSON")])
    found = triples(doc, "en")
    assert ("Ann Lee", "ceoOf", "Acme") in found
    assert ("Ann Lee", "employeeOf", "Acme") not in found  # implied by the CEO post


def test_appointment_gives_the_post_to_the_object_it():
    # Acme ha nominato Anna Neri come nuovo amministratore delegato .
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere nominato/2/ROOT/VERB/nominare Anna/2/obj/PROPN "
                      "Neri/3/flat:name/PROPN come/7/case/ADP nuovo/7/amod/ADJ amministratore/2/obl/NOUN "
                      "delegato/7/amod/ADJ ./2/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 5, "PER")])
    assert ("Anna Neri", "ceoOf", "Acme") in triples(doc, "it")


def test_definite_description_is_the_text_topic_it():
    # Acme compra Zeta . Acme cresce . Bit Spa parla . Il colosso guidato da Anna Neri cresce .
    doc = compact_doc("it", "Acme/1/nsubj/PROPN compra/1/ROOT/VERB/comprare Zeta/1/obj/PROPN ./1/punct/PUNCT || "
                      "Acme/5/nsubj/PROPN cresce/5/ROOT/VERB/crescere ./5/punct/PUNCT || "
                      "Bit/9/nsubj/PROPN Spa/7/flat:name/PROPN parla/9/ROOT/VERB/parlare ./9/punct/PUNCT || "
                      "Il/12/det/DET colosso/17/nsubj/NOUN guidato/12/acl/VERB/guidare/VerbForm=Part da/15/case/ADP "
                      "Anna/13/obl:agent/PROPN Neri/15/flat:name/PROPN cresce/17/ROOT/VERB/crescere ./17/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG"), (4, 5, "ORG"), (7, 9, "ORG"), (15, 17, "PER")])
    found = triples(doc, "it")
    assert ("Anna Neri", "ceoOf", "Acme") in found  # the text's topic, not the nearest company (Bit Spa)


def test_leading_requires_a_person_as_leader_en():
    # Acme 's funding was led by Inovia Capital .   (an investor leads a round, not the company)
    doc = compact_doc("en", "Acme/2/poss/PROPN 's/0/case/PART funding/4/nsubjpass/NOUN was/4/auxpass/AUX/be "
                      "led/4/ROOT/VERB/lead by/4/agent/ADP Inovia/7/compound/PROPN Capital/5/pobj/PROPN ./4/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 8, "ORG")])
    assert not {t for t in triples(doc, "en") if t[1] == "ceoOf"}


def test_participle_clause_takes_the_main_subject_it():
    # Fondata da Anna Neri , l' azienda Zeta raccoglie fondi .
    doc = compact_doc("it", "Fondata/8/advcl/VERB/fondare/VerbForm=Part da/2/case/ADP Anna/0/obl:agent/PROPN "
                      "Neri/2/flat:name/PROPN ,/0/punct/PUNCT l'/6/det/DET azienda/8/nsubj/NOUN Zeta/6/appos/PROPN "
                      "raccoglie/8/ROOT/VERB/raccogliere fondi/8/obj/NOUN ./8/punct/PUNCT",
                      ents=[(2, 4, "PER"), (7, 8, "ORG")])
    assert ("Anna Neri", "founderOf", "Zeta") in triples(doc, "it")


def test_a_judge_is_employed_by_the_court_it():
    # Il giudice Anna Neri della Corte Suprema ha deciso .
    doc = compact_doc("it", "Il/1/det/DET giudice/8/nsubj/NOUN Anna/1/nmod/PROPN Neri/2/flat:name/PROPN della/5/case/ADP "
                      "Corte/1/nmod/PROPN Suprema/5/flat:name/PROPN ha/8/aux/AUX/avere deciso/8/ROOT/VERB/decidere "
                      "./8/punct/PUNCT", ents=[(2, 4, "PER"), (5, 7, "ORG")])
    assert ("Anna Neri", "employeeOf", "Corte Suprema") in triples(doc, "it")


def test_partitive_holder_en():
    # Jane Roe , one of the founders of Acme , resigned .
    doc = compact_doc("en", "Jane/1/compound/PROPN Roe/10/nsubj/PROPN ,/1/punct/PUNCT one/1/appos/NUM of/3/prep/ADP "
                      "the/6/det/DET founders/4/pobj/NOUN of/6/prep/ADP Acme/7/pobj/PROPN ,/1/punct/PUNCT "
                      "resigned/10/ROOT/VERB/resign ./10/punct/PUNCT", ents=[(0, 2, "PERSON"), (8, 9, "ORG")])
    assert ("Jane Roe", "founderOf", "Acme") in triples(doc, "en")


def test_partitive_holder_it():
    # Anna Neri , una dei cofondatori di Acme , si è dimessa .
    doc = compact_doc("it", "Anna/11/nsubj/PROPN Neri/0/flat:name/PROPN ,/0/punct/PUNCT una/0/appos/PRON dei/5/case/ADP "
                      "cofondatori/3/nmod/NOUN di/7/case/ADP Acme/5/nmod/PROPN ,/0/punct/PUNCT si/11/expl/PRON "
                      "è/11/aux/AUX/essere dimessa/11/ROOT/VERB/dimettere ./11/punct/PUNCT",
                      ents=[(0, 2, "PER"), (7, 8, "ORG")])
    assert ("Anna Neri", "founderOf", "Acme") in triples(doc, "it")


def test_taking_over_as_ceo_is_no_acquisition_en():
    # Jane Roe takes over as CEO of Acme .
    doc = compact_doc("en", "Jane/1/compound/PROPN Roe/2/nsubj/PROPN takes/2/ROOT/VERB/take over/2/prt/ADP as/2/prep/ADP "
                      "CEO/4/pobj/NOUN of/5/prep/ADP Acme/6/pobj/PROPN ./2/punct/PUNCT",
                      ents=[(0, 2, "PERSON"), (7, 8, "ORG")])
    found = triples(doc, "en")
    assert ("Jane Roe", "ceoOf", "Acme") in found
    assert not {t for t in found if t[1] == "acquires"}


def test_role_between_commas_with_coordinated_roles_it():
    # Anna Neri , fondatrice e numero uno di Acme , parla .   (the parser hung the roles on the name)
    doc = compact_doc("it", "Anna/10/nsubj/PROPN Neri/0/flat:name/PROPN ,/3/punct/PUNCT fondatrice/1/conj/NOUN "
                      "e/5/cc/CCONJ numero/1/conj/NOUN uno/0/appos/PRON di/8/case/ADP Acme/6/nmod/PROPN "
                      ",/0/punct/PUNCT parla/10/ROOT/VERB/parlare ./10/punct/PUNCT",
                      ents=[(0, 2, "PER"), (8, 9, "ORG")])
    assert ("Anna Neri", "ceoOf", "Acme") in triples(doc, "it")


def test_name_after_the_organisations_comma_it():
    # Il fondatore di Acme , Mario Rossi , parla .   (name parsed as a second subject)
    doc = compact_doc("it", "Il/1/det/DET fondatore/8/nsubj/NOUN di/3/case/ADP Acme/1/nmod/PROPN ,/5/punct/PUNCT "
                      "Mario/8/nsubj/PROPN Rossi/5/flat:name/PROPN ,/5/punct/PUNCT parla/8/ROOT/VERB/parlare ./8/punct/PUNCT",
                      ents=[(3, 4, "ORG"), (5, 7, "PER")])
    assert ("Mario Rossi", "founderOf", "Acme") in triples(doc, "it")


def test_an_aide_of_a_person_is_no_employee_it():
    # Il portavoce di Rossi , Bianchi , tace .   (Rossi named in full before)
    doc = compact_doc("it", "Mario/1/nsubj/PROPN Rossi/1/ROOT/PROPN ./1/punct/PUNCT || "
                      "Il/4/det/DET portavoce/10/nsubj/NOUN di/6/case/ADP Rossi/4/nmod/PROPN ,/8/punct/PUNCT "
                      "Bianchi/4/appos/PROPN ,/8/punct/PUNCT tace/10/ROOT/VERB/tacere ./10/punct/PUNCT",
                      ents=[(0, 2, "PER"), (6, 7, "PER"), (8, 9, "PER")])
    assert not {t for t in triples(doc, "it") if t[1] == "employeeOf"}


def test_country_adjective_on_a_president_makes_a_head_of_state_en():
    # French President Emmanuel Macron spoke .
    doc = compact_doc("en", "French/1/amod/ADJ President/3/compound/PROPN Emmanuel/3/compound/PROPN "
                      "Macron/4/nsubj/PROPN spoke/4/ROOT/VERB/speak ./4/punct/PUNCT", ents=[(2, 4, "PERSON")])
    found = triples(doc, "en")
    assert {("Emmanuel Macron", "citizenOf", "French"), ("Emmanuel Macron", "presidentOf", "French")} <= found


def test_country_adjective_on_a_president_of_an_organisation_is_citizenship_only_it():
    # Jean Roe , presidente francese di Zeta parla .
    doc = compact_doc("it", "Jean/7/nsubj/PROPN Roe/0/flat:name/PROPN ,/3/punct/PUNCT presidente/0/appos/NOUN "
                      "francese/3/amod/ADJ di/6/case/ADP Zeta/3/nmod/PROPN parla/7/ROOT/VERB/parlare ./7/punct/PUNCT",
                      ents=[(0, 2, "PER"), (6, 7, "ORG")])
    assert triples(doc, "it") == {("Jean Roe", "citizenOf", "francese"), ("Jean Roe", "presidentOf", "Zeta")}


def test_country_adjective_on_another_role_is_citizenship_only_it():
    # L' imprenditore francese Jean Roe parla .
    doc = compact_doc("it", "L'/1/det/DET imprenditore/5/nsubj/NOUN francese/1/amod/ADJ Jean/1/appos/PROPN "
                      "Roe/3/flat:name/PROPN parla/5/ROOT/VERB/parlare ./5/punct/PUNCT", ents=[(3, 5, "PER")])
    found = triples(doc, "it")
    assert ("Jean Roe", "citizenOf", "francese") in found
    assert not any(p == "presidentOf" for _, p, _ in found)


def test_at_the_helm_of_is_a_chief_executive_it():
    # Jean Roe , alla guida di Zeta , parla .
    doc = compact_doc("it", "Jean/8/nsubj/PROPN Roe/0/flat:name/PROPN ,/4/punct/PUNCT alla/4/case/ADP "
                      "guida/0/nmod/NOUN di/6/case/ADP Zeta/4/nmod/PROPN ,/4/punct/PUNCT parla/8/ROOT/VERB/parlare "
                      "./8/punct/PUNCT", ents=[(0, 2, "PER"), (6, 7, "ORG")])
    assert ("Jean Roe", "ceoOf", "Zeta") in triples(doc, "it")
