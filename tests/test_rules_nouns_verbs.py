"""Relation nouns and verbs: possessive and appositive agents, objects after an amount, fused agents,
object-class alternatives, places that are no investment targets, implied facts."""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import drop_implied, extract_facts
from kg.types import Fact, Mention


def triples(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object)) for f in facts}


def test_possessive_agent_of_a_relation_noun_en():
    # Cisco announced its acquisition of Splunk .
    doc = compact_doc("en", "Cisco/1/nsubj/PROPN announced/1/ROOT/VERB/announce its/3/poss/PRON acquisition/1/dobj/NOUN "
                      "of/3/prep/ADP Splunk/4/pobj/PROPN ./1/punct/PUNCT", ents=[(0, 1, "ORG"), (5, 6, "ORG")])
    assert ("Cisco", "acquires", "Splunk") in triples(doc, "en")


def test_participle_parsed_as_an_apposition_is_a_reduced_relative_it():
    # Lumo , controllata da Acme , cresce .   (the parser made the participle an apposition of Lumo)
    doc = compact_doc("it", "Lumo/6/nsubj/PROPN ,/2/punct/PUNCT controllata/0/appos/VERB/controllare/VerbForm=Part "
                      "da/4/case/ADP Acme/2/obl:agent/PROPN ,/2/punct/PUNCT cresce/6/ROOT/VERB/crescere "
                      "./6/punct/PUNCT", ents=[(0, 1, "ORG"), (4, 5, "ORG")])
    assert ("Acme", "ownerOf", "Lumo") in triples(doc, "it")


def test_a_noun_apposition_parsed_as_a_second_subject_is_not_the_agent_it():
    # Lumo , la piattaforma di Acme , ha lanciato Zeta .   (two subjects: the name and its apposition)
    doc = compact_doc("it", "Lumo/8/nsubj/PROPN ,/3/punct/PUNCT la/3/det/DET piattaforma/8/nsubj/NOUN "
                      "di/5/case/ADP Acme/3/nmod/PROPN ,/3/punct/PUNCT ha/8/aux/AUX/avere "
                      "lanciato/8/ROOT/VERB/lanciare/VerbForm=Part Zeta/8/obj/PROPN ./8/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (5, 6, "ORG"), (9, 10, "PRODUCT")])
    found = {(s, o) for s, p, o in triples(doc, "it") if o == "Zeta"}
    assert ("Lumo", "Zeta") in found and ("Acme", "Zeta") not in found


def test_a_required_particle_is_not_a_preposition_further_on_en():
    # Zeta took Acme to court over its store .   ("take" acquires only with "over": this "over" heads a phrase)
    doc = compact_doc("en", "Zeta/1/nsubj/PROPN took/1/ROOT/VERB/take Acme/1/dobj/PROPN to/1/prep/ADP "
                      "court/3/pobj/NOUN over/1/prep/ADP its/7/poss/PRON store/5/pobj/NOUN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "ORG")])
    assert not any(p == "acquires" for _, p, _ in triples(doc, "en"))
    # Zeta took over Acme .   (the particle still counts)
    doc = compact_doc("en", "Zeta/1/nsubj/PROPN took/1/ROOT/VERB/take over/1/prt/ADP Acme/1/dobj/PROPN "
                      "./1/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 4, "ORG")])
    assert ("Zeta", "acquires", "Acme") in triples(doc, "en")


def test_object_hung_on_the_required_word_it():
    # Zeta ha citato in giudizio Acme .   (Acme parsed as a modifier of "giudizio")
    doc = compact_doc("it", "Zeta/2/nsubj/PROPN ha/2/aux/AUX/avere citato/2/ROOT/VERB/citare/VerbForm=Part "
                      "in/4/case/ADP giudizio/2/obl/NOUN Acme/4/nmod/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (5, 6, "ORG")])
    assert ("Zeta", "sues", "Acme") in triples(doc, "it")


def test_an_abandoned_acquisition_did_not_happen_en():
    # Zeta abandoned its acquisition of Acme .   /   Zeta completed its acquisition of Acme .
    for verb, lemma_, found in (("abandoned", "abandon", False), ("completed", "complete", True)):
        doc = compact_doc("en", f"Zeta/1/nsubj/PROPN {verb}/1/ROOT/VERB/{lemma_} its/3/poss/PRON "
                          "acquisition/1/dobj/NOUN of/3/prep/ADP Acme/4/pobj/PROPN ./1/punct/PUNCT",
                          ents=[(0, 1, "ORG"), (5, 6, "ORG")])
        assert (("Zeta", "acquires", "Acme") in triples(doc, "en")) is found, verb


def test_an_abandoned_acquisition_did_not_happen_it():
    # Zeta ha rinunciato all' acquisizione di Acme .
    doc = compact_doc("it", "Zeta/2/nsubj/PROPN ha/2/aux/AUX/avere rinunciato/2/ROOT/VERB/rinunciare/VerbForm=Part "
                      "all'/4/case/ADP acquisizione/2/obl/NOUN di/6/case/ADP Acme/4/nmod/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert not any(p == "acquires" for _, p, _ in triples(doc, "it"))


def test_apposition_names_the_agent_of_a_relation_noun_en():
    # Zeta , the company behind Lumo , grew .   ("behind" from a noun entry written for the test)
    doc = compact_doc("en", "Acme/4/nsubj/PROPN ,/0/punct/PUNCT the/3/det/DET acquirer/0/appos/NOUN "
                      "grew/4/ROOT/VERB/grow of/3/prep/ADP Lumo/5/pobj/PROPN ./4/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    # "acquirer" is not a relation noun: nothing
    assert not {t for t in triples(doc, "en") if t[1] == "acquires"}
    # Acme , whose takeover of Lumo closed , grew .
    doc = compact_doc("en", "Acme/6/nsubj/PROPN ,/0/punct/PUNCT the/3/det/DET takeover/0/appos/NOUN of/3/prep/ADP "
                      "Lumo/4/pobj/PROPN grew/6/ROOT/VERB/grow ./6/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (5, 6, "ORG")])
    assert ("Acme", "acquires", "Lumo") in triples(doc, "en")


def test_object_named_after_the_amount_it():
    # Acme ha concluso l' acquisizione da 12 miliardi di dollari di Zeta Games .
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere concluso/2/ROOT/VERB/concludere l'/4/det/DET "
                      "acquisizione/2/obj/NOUN da/7/case/ADP 12/7/nummod/NUM miliardi/2/obl/NOUN/miliardo di/9/case/ADP "
                      "dollari/7/nmod/NOUN/dollaro di/11/case/ADP Zeta/9/nmod/PROPN Games/11/flat:name/PROPN ./2/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (11, 13, "ORG")])
    found = triples(doc, "it")
    assert ("Acme", "acquires", "Zeta Games") in found


def test_fused_agent_of_a_participle_en():
    # Acme-backed Zeta grew .
    doc = compact_doc("en", "Acme/2/npadvmod/PROPN -/2/punct/PUNCT backed/3/amod/VERB/back/VerbForm=Part Zeta/4/nsubj/PROPN "
                      "grew/4/ROOT/VERB/grow ./4/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 4, "ORG")])
    assert ("Acme", "investsIn", "Zeta") in triples(doc, "en")


def test_object_class_picks_the_relation_en():
    # Ann Lee created Zeta .  (an organisation: founded)   /   Acme created Lumo .  (a product: developed)
    doc = compact_doc("en", "Ann/1/compound/PROPN Lee/2/nsubj/PROPN created/2/ROOT/VERB/create Zeta/2/dobj/PROPN "
                      "./2/punct/PUNCT", ents=[(0, 2, "PERSON"), (3, 4, "ORG")])
    found = triples(doc, "en")
    assert ("Ann Lee", "founderOf", "Zeta") in found and ("Ann Lee", "develops", "Zeta") not in found
    doc = compact_doc("en", "Acme/1/nsubj/PROPN created/1/ROOT/VERB/create Lumo/1/dobj/PROPN ./1/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (2, 3, "PRODUCT")])
    found = triples(doc, "en")
    assert ("Acme", "develops", "Lumo") in found and ("Acme", "founderOf", "Lumo") not in found


def test_investing_in_a_place_is_no_investment_in_an_organisation_it():
    # Acme investe in Italia .   /   Acme investe in Zeta .
    doc = compact_doc("it", "Acme/1/nsubj/PROPN investe/1/ROOT/VERB/investire in/3/case/ADP Italia/1/obl/PROPN "
                      "./1/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 4, "LOC")])
    assert not {t for t in triples(doc, "it") if t[1] == "investsIn"}
    doc = compact_doc("it", "Acme/1/nsubj/PROPN investe/1/ROOT/VERB/investire in/3/case/ADP Zeta/1/obl/PROPN "
                      "./1/punct/PUNCT", ents=[(0, 1, "ORG"), (3, 4, "ORG")])
    assert ("Acme", "investsIn", "Zeta") in triples(doc, "it")


def test_articulated_prepositions_match_the_base_form_it():
    # Il Corriere ha fatto causa al colosso Zeta .
    doc = compact_doc("it", "Il/1/det/DET Corriere/4/nsubj/PROPN ha/4/aux/AUX/avere fatto/4/aux/AUX/fare causa/4/ROOT/NOUN "
                      "al/6/case/ADP colosso/4/obl/NOUN Zeta/6/appos/PROPN ./4/punct/PUNCT",
                      ents=[(1, 2, "ORG"), (7, 8, "ORG")])
    assert ("Corriere", "sues", "Zeta") in triples(doc, "it")


def test_a_more_specific_fact_implies_the_general_one():
    x, y = Mention(0, 3, "Ann", "Person"), Mention(10, 14, "Acme", "Organization")
    ceo = Fact(x, "ceoOf", y, 0, 20, 0.8, "dep.role")
    employee = Fact(x, "employeeOf", y, 0, 20, 0.6, "dep.verb")
    other = Fact(x, "employeeOf", Mention(30, 34, "Zeta", "Organization"), 0, 40, 0.6, "dep.verb")
    assert drop_implied([ceo, employee, other]) == [ceo, other]


def test_purpose_clause_takes_the_subject_of_the_noun_clause_it():
    # Acme è in trattative per acquistare Zeta .
    doc = compact_doc("it", "Acme/3/nsubj/PROPN è/3/cop/AUX/essere in/3/case/ADP trattative/3/ROOT/NOUN/trattativa "
                      "per/5/mark/ADP acquistare/3/acl/VERB/acquistare/VerbForm=Inf Zeta/5/obj/PROPN ./3/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "acquires", "Zeta") in triples(doc, "it")


def test_purpose_clause_takes_the_nouns_possessor_en():
    # Acme 's deal to buy Zeta closed .
    doc = compact_doc("en", "Acme/2/poss/PROPN 's/0/case/PART deal/6/nsubj/NOUN to/4/aux/PART buy/2/acl/VERB/buy/VerbForm=Inf "
                      "Zeta/4/dobj/PROPN closed/6/ROOT/VERB/close ./6/punct/PUNCT",
                      ents=[(0, 1, "ORG"), (5, 6, "ORG")])
    assert ("Acme", "acquires", "Zeta") in triples(doc, "en")


def test_lawsuit_filed_by_against_en():
    # a lawsuit filed by Acme against Zeta went .
    doc = compact_doc("en", "a/1/det/DET lawsuit/7/nsubj/NOUN filed/1/acl/VERB/file/VerbForm=Part by/2/agent/ADP "
                      "Acme/3/pobj/PROPN against/2/prep/ADP Zeta/5/pobj/PROPN went/7/ROOT/VERB/go ./7/punct/PUNCT",
                      ents=[(4, 5, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "sues", "Zeta") in triples(doc, "en")


def test_the_company_behind_a_product_is_the_name_before_the_comma_en():
    # Critics call it a rival to Acme , the company behind Lumo .   (parsed as an apposition of "Critics")
    doc = compact_doc("en", "Critics/1/nsubj/NOUN call/1/ROOT/VERB/call it/1/dobj/PRON a/4/det/DET rival/1/oprd/NOUN "
                      "to/4/prep/ADP Acme/5/pobj/PROPN ,/0/punct/PUNCT the/9/det/DET company/0/appos/NOUN "
                      "behind/9/prep/ADP Lumo/10/pobj/PROPN ./1/punct/PUNCT",
                      ents=[(6, 7, "ORG"), (11, 12, "PRODUCT")])
    found = triples(doc, "en")
    assert ("Acme", "develops", "Lumo") in found
    assert not {t for t in found if t[0] == "Critics"}


def test_deal_verbs_make_partners_it():
    # Acme ha firmato un accordo con Zeta .
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere firmato/2/ROOT/VERB/firmare un/4/det/DET accordo/2/obj/NOUN "
                      "con/6/case/ADP Zeta/2/obl/PROPN ./2/punct/PUNCT", ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "partnerOf", "Zeta") in triples(doc, "it")
    # Acme ha firmato un contratto di affitto .   (no partner named: nothing)
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere firmato/2/ROOT/VERB/firmare un/4/det/DET "
                      "contratto/2/obj/NOUN ./2/punct/PUNCT", ents=[(0, 1, "ORG")])
    assert not {t for t in triples(doc, "it") if t[1] == "partnerOf"}


def test_coordinated_subjects_of_a_deal_are_partners_en():
    # Acme and Zeta signed a deal .
    doc = compact_doc("en", "Acme/3/nsubj/PROPN and/0/cc/CCONJ Zeta/0/conj/PROPN signed/3/ROOT/VERB/sign a/5/det/DET "
                      "deal/3/dobj/NOUN ./3/punct/PUNCT", ents=[(0, 1, "ORG"), (2, 3, "ORG")])
    assert ("Acme", "partnerOf", "Zeta") in triples(doc, "en")


def test_joining_and_leaving_a_company_it():
    # Anna Neri lascia Acme per unirsi a Zeta .
    doc = compact_doc("it", "Anna/2/nsubj/PROPN Neri/0/flat:name/PROPN lascia/2/ROOT/VERB/lasciare Acme/2/obj/PROPN "
                      "per/6/mark/ADP si/6/expl/PRON unirsi/2/advcl/VERB/unire a/8/case/ADP Zeta/6/obl/PROPN ./2/punct/PUNCT",
                      ents=[(0, 2, "PER"), (3, 4, "ORG"), (8, 9, "ORG")])
    found = triples(doc, "it")
    assert ("Anna Neri", "employeeOf", "Acme") in found  # former staff still count
    assert ("Anna Neri", "employeeOf", "Zeta") in found


def test_a_verb_tagged_as_a_noun_in_a_relative_clause_it():
    # Anna Neri , che guida Acme , parla .   (the tagger made "guida" a noun and Acme a modifier)
    doc = compact_doc("it", "Anna/7/nsubj/PROPN Neri/0/flat:name/PROPN ,/0/punct/PUNCT che/4/nsubj/PRON/che/PronType=Rel "
                      "guida/0/acl:relcl/NOUN/guida Acme/4/nmod/PROPN ,/0/punct/PUNCT parla/7/ROOT/VERB/parlare "
                      "./7/punct/PUNCT", ents=[(0, 2, "PER"), (5, 6, "ORG")])
    assert ("Anna Neri", "ceoOf", "Acme") in triples(doc, "it")


def test_future_of_a_ciare_verb_and_a_clitic_it():
    # Anna Neri lascerà Acme per unirsi a Zeta .   (lemmatised "lascare", clitic inside "unirsi")
    doc = compact_doc("it", "Anna/2/nsubj/PROPN Neri/0/flat:name/PROPN lascerà/2/ROOT/VERB/lascare Acme/2/obj/PROPN "
                      "per/5/mark/ADP unirsi/2/advcl/VERB/unire/Clitic=Yes|VerbForm=Inf a/7/case/ADP Zeta/5/obl/PROPN "
                      "./2/punct/PUNCT", ents=[(0, 2, "PER"), (3, 4, "ORG"), (7, 8, "ORG")])
    found = triples(doc, "it")
    assert ("Anna Neri", "employeeOf", "Acme") in found and ("Anna Neri", "employeeOf", "Zeta") in found


def test_a_takeover_bid_it():
    # Acme ha presentato un' offerta per Zeta .   /   Acme ha accettato l' offerta di Zeta .
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere presentato/2/ROOT/VERB/presentare un'/4/det/DET "
                      "offerta/2/obj/NOUN per/6/case/ADP Zeta/4/nmod/PROPN ./2/punct/PUNCT", ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "acquires", "Zeta") in triples(doc, "it")
    doc = compact_doc("it", "Acme/2/nsubj/PROPN ha/2/aux/AUX/avere accettato/2/ROOT/VERB/accettare l'/4/det/DET "
                      "offerta/2/obj/NOUN di/6/case/ADP Zeta/4/nmod/PROPN ./2/punct/PUNCT", ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Acme", "acquires", "Zeta") not in triples(doc, "it")


def test_an_organisation_keeps_a_leading_title_word_en():
    # The round was led by General Catalyst .   ("General" is a role word, but this is a company's name)
    doc = compact_doc("en", "The/1/det/DET round/3/nsubjpass/NOUN was/3/auxpass/AUX/be led/3/ROOT/VERB/lead by/3/agent/ADP "
                      "General/6/compound/PROPN Catalyst/4/pobj/PROPN ./3/punct/PUNCT", ents=[(5, 7, "ORG")])
    assert [m.text for m in collect_mentions(doc, "en").mentions] == ["General Catalyst"]


def test_a_prepositional_object_named_past_the_parsed_phrase_en():
    # Acme invested $ 2 billion in the AI startup Zeta .   (the parser took "AI" for the object)
    doc = compact_doc("en", "Acme/1/nsubj/PROPN invested/1/ROOT/VERB/invest $/4/quantmod/SYM 2/4/compound/NUM "
                      "billion/1/dobj/NUM in/1/prep/ADP the/7/det/DET AI/5/pobj/PROPN startup/1/advcl/NOUN "
                      "Zeta/8/dobj/PROPN ./1/punct/PUNCT", ents=[(0, 1, "ORG"), (9, 10, "ORG")])
    assert ("Acme", "investsIn", "Zeta") in triples(doc, "en")
