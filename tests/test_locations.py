"""Where things are: demonyms, seats, places inside places (hand-made parses, own example sentences)."""

from __future__ import annotations

from docs import make_doc

from kg.extract.mentions import collect_mentions
from kg.extract.places import canonical_place, find_demonyms, place_kind
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts
from kg.langdata import demonym
from kg.resolve import resolve
from kg.types import Document, Extraction

LOCATION = {"locatedIn", "headquarteredIn", "citizenOf"}


def facts_of(doc, lang):
    index = collect_mentions(doc, lang)
    return extract_facts(doc, lang, index, find_quantities(doc.text, lang)), index


def located(doc, lang):
    facts, _ = facts_of(doc, lang)
    return {(f.subject.text, f.predicate, f.object.text) for f in facts if f.predicate in LOCATION}


def entity_names(doc, lang):
    """(subject label, predicate, object label and alternative labels) after resolution."""
    facts, index = facts_of(doc, lang)
    document = Document(text=doc.text, source="test.txt")
    entities, statements = resolve([Extraction(document, lang, "test", tuple(index.mentions), tuple(facts))])
    by_key = {e.key: e for e in entities}
    return {(by_key[s.subject].label, s.predicate, by_key[s.object].label, by_key[s.object].alt_labels)
            for s in statements if s.predicate in LOCATION}


# ---------------------------------------------------------------- the tables


def test_demonym_tables_name_places_of_a_known_kind():
    assert demonym("olandese", "it") == {"place": "Paesi Bassi", "kind": "country"}
    assert demonym("statunitensi", "it")["place"] == demonym("americane", "it")["place"] == "Stati Uniti"
    assert demonym("milanese", "it") == {"place": "Milano", "kind": "city"}
    assert demonym("Californian", "en") == {"place": "California", "kind": "region"}
    assert demonym("european", "it") is None and demonym("European", "en") is None  # continents are left out
    assert place_kind("Paesi Bassi") == place_kind("Netherlands") == "country"
    assert canonical_place("USA") == canonical_place("Stati Uniti") == canonical_place("the United States")


def test_demonyms_are_found_as_written():
    it = make_doc("it", [("l'", 1, "det", "DET", "il"), ("azienda", 1, "ROOT", "NOUN", "azienda"),
                         ("a", 3, "case", "ADP", "a"), ("stelle", 1, "nmod", "NOUN", "stella"), ("e", 5, "cc", "CCONJ", "e"),
                         ("strisce", 3, "conj", "NOUN", "striscia")], spaces=[False, True, True, True, True, False])
    assert [s.text for s in find_demonyms(it, "it")] == ["a stelle e strisce"]
    en = make_doc("en", [("They", 1, "nsubj", "PRON", "they"), ("polish", 1, "ROOT", "VERB", "polish"),
                         ("Polish", 3, "amod", "ADJ", "polish"), ("silver", 1, "dobj", "NOUN", "silver")])
    assert [s.start for s in find_demonyms(en, "en")] == [2]  # capitalised only in English


# ---------------------------------------------------------------- demonyms


def test_italian_demonym_before_a_name_and_in_apposition():
    # Il gruppo olandese Philips ha comprato Elettra , l' azienda bresciana di robot .
    doc = make_doc("it", [
        ("Il", 1, "det", "DET", "il"), ("gruppo", 4, "nsubj", "NOUN", "gruppo"), ("olandese", 1, "amod", "ADJ", "olandese"),
        ("Philips", 1, "nmod", "PROPN", "Philips"), ("ha", 4, "aux", "AUX", "avere"), ("comprato", 4, "ROOT", "VERB", "comprare"),
        ("Elettra", 4, "obj", "PROPN", "Elettra"), (",", 9, "punct", "PUNCT", ","), ("l'", 9, "det", "DET", "il"),
        ("azienda", 6, "appos", "NOUN", "azienda"), ("bresciana", 9, "amod", "ADJ", "bresciano"),
        ("di", 12, "case", "ADP", "di"), ("robot", 9, "nmod", "NOUN", "robot"), (".", 4, "punct", "PUNCT", "."),
    ], ents=[(3, 4, "ORG"), (6, 7, "ORG")], spaces=[True] * 7 + [True, False] + [True] * 4 + [False])
    found = located(doc, "it")
    assert ("Philips", "locatedIn", "olandese") in found
    assert ("Elettra", "locatedIn", "bresciana") in found
    names = entity_names(doc, "it")
    assert any(s == "Philips" and o == "Paesi Bassi" and "olandese" in alt for s, _, o, alt in names)
    assert any(s == "Elettra" and o == "Brescia" for s, _, o, _ in names)


def test_english_demonym_before_a_noun_and_a_name_and_a_list():
    # Swedish music service Spotify and Chinese tech giants including Tencent and Alibaba .
    doc = make_doc("en", [
        ("Swedish", 2, "amod", "ADJ", "swedish"), ("music", 2, "compound", "NOUN", "music"), ("service", 3, "compound", "NOUN", "service"),
        ("Spotify", 3, "ROOT", "PROPN", "Spotify"), ("and", 3, "cc", "CCONJ", "and"), ("Chinese", 7, "amod", "ADJ", "chinese"),
        ("tech", 7, "compound", "NOUN", "tech"), ("giants", 3, "conj", "NOUN", "giant", "Number=Plur"),
        ("including", 7, "prep", "VERB", "include"), ("Tencent", 8, "pobj", "PROPN", "Tencent"), ("and", 9, "cc", "CCONJ", "and"),
        ("Alibaba", 9, "conj", "PROPN", "Alibaba"), (".", 3, "punct", "PUNCT", "."),
    ], ents=[(3, 4, "ORG"), (9, 10, "ORG"), (11, 12, "ORG")])
    found = located(doc, "en")
    assert {("Spotify", "locatedIn", "Swedish"), ("Tencent", "locatedIn", "Chinese"), ("Alibaba", "locatedIn", "Chinese")} <= found
    assert any(s == "Spotify" and o == "Sweden" and "Swedish" in alt for s, _, o, alt in entity_names(doc, "en"))


def test_country_adjective_on_people_is_citizenship_in_both_languages():
    # Its three French co-founders are Anne Roux , 31 , along with Luc Blanc and Marc Petit .
    en = make_doc("en", [
        ("Its", 5, "poss", "PRON", "its", "Poss=Yes"), ("three", 5, "nummod", "NUM", "three"), ("French", 5, "amod", "ADJ", "french"),
        ("co", 5, "compound", "NOUN", "co"), ("-", 5, "punct", "PUNCT", "-"), ("founders", 6, "nsubj", "NOUN", "founder", "Number=Plur"),
        ("are", 6, "ROOT", "AUX", "be"), ("Anne", 8, "compound", "PROPN", "Anne"), ("Roux", 6, "attr", "PROPN", "Roux"),
        (",", 8, "punct", "PUNCT", ","), ("31", 8, "appos", "NUM", "31"), (",", 8, "punct", "PUNCT", ","),
        ("along", 8, "prep", "ADP", "along"), ("with", 12, "prep", "ADP", "with"), ("Luc", 15, "compound", "PROPN", "Luc"),
        ("Blanc", 13, "pobj", "PROPN", "Blanc"), ("and", 15, "cc", "CCONJ", "and"), ("Marc", 18, "compound", "PROPN", "Marc"),
        ("Petit", 15, "conj", "PROPN", "Petit"), (".", 6, "punct", "PUNCT", "."),
    ], ents=[(7, 9, "PERSON"), (14, 16, "PERSON"), (17, 19, "PERSON")],
        spaces=[True, True, True, False, False, True, True, True, False, True, False, True, True, True, True, True, True, True, False, False])
    assert {(p, "citizenOf", "French") for p in ("Anne Roux", "Luc Blanc", "Marc Petit")} <= located(en, "en")
    # I due fondatori tedeschi sono Karl Weber e Jonas Braun .
    it = make_doc("it", [
        ("I", 2, "det", "DET", "il"), ("due", 2, "nummod", "NUM", "due"), ("fondatori", 5, "nsubj", "NOUN", "fondatore", "Number=Plur"),
        ("tedeschi", 2, "amod", "ADJ", "tedesco", "Number=Plur"), ("sono", 5, "cop", "AUX", "essere"), ("Karl", 5, "ROOT", "PROPN", "Karl"),
        ("Weber", 5, "flat:name", "PROPN", "Weber"), ("e", 8, "cc", "CCONJ", "e"), ("Jonas", 5, "conj", "PROPN", "Jonas"),
        ("Braun", 8, "flat:name", "PROPN", "Braun"), (".", 5, "punct", "PUNCT", "."),
    ], ents=[(5, 7, "PER"), (8, 10, "PER")])
    assert {("Karl Weber", "citizenOf", "tedeschi"), ("Jonas Braun", "citizenOf", "tedeschi")} <= located(it, "it")


def test_definite_description_names_the_organisation_the_text_is_about():
    # Nokia ha chiuso il trimestre . Nokia cresce . Il colosso finlandese assume .
    doc = make_doc("it", [
        ("Nokia", 2, "nsubj", "PROPN", "Nokia"), ("ha", 2, "aux", "AUX", "avere"), ("chiuso", 2, "ROOT", "VERB", "chiudere"),
        ("il", 4, "det", "DET", "il"), ("trimestre", 2, "obj", "NOUN", "trimestre"), (".", 2, "punct", "PUNCT", "."),
        ("Nokia", 7, "nsubj", "PROPN", "Nokia"), ("cresce", 7, "ROOT", "VERB", "crescere"), (".", 7, "punct", "PUNCT", "."),
        ("Il", 10, "det", "DET", "il"), ("colosso", 12, "nsubj", "NOUN", "colosso"), ("finlandese", 10, "amod", "ADJ", "finlandese"),
        ("assume", 12, "ROOT", "VERB", "assumere"), (".", 12, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (6, 7, "ORG")])
    assert ("Nokia", "locatedIn", "finlandese") in located(doc, "it")


def test_definite_description_is_not_guessed_between_two_organisations():
    # Alfa compra Beta . La startup cinese cresce .
    doc = make_doc("it", [
        ("Alfa", 1, "nsubj", "PROPN", "Alfa"), ("compra", 1, "ROOT", "VERB", "comprare"), ("Beta", 1, "obj", "PROPN", "Beta"),
        (".", 1, "punct", "PUNCT", "."), ("La", 5, "det", "DET", "il"), ("startup", 7, "nsubj", "NOUN", "startup"),
        ("cinese", 5, "amod", "ADJ", "cinese"), ("cresce", 7, "ROOT", "VERB", "crescere"), (".", 7, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (2, 3, "ORG")])
    assert not located(doc, "it")


def test_demonyms_that_describe_no_one_give_nothing():
    # il governo americano e la Commissione europea multano ; serbo rancore (a verb)
    doc = make_doc("it", [
        ("il", 1, "det", "DET", "il"), ("governo", 7, "nsubj", "NOUN", "governo"), ("americano", 1, "amod", "ADJ", "americano"),
        ("e", 5, "cc", "CCONJ", "e"), ("la", 5, "det", "DET", "il"), ("Commissione", 1, "conj", "PROPN", "Commissione"),
        ("europea", 5, "amod", "ADJ", "europeo"), ("multano", 7, "ROOT", "VERB", "multare"), (";", 7, "punct", "PUNCT", ";"),
        ("serbo", 7, "parataxis", "VERB", "serbare"), ("rancore", 9, "obj", "NOUN", "rancore"),
    ], ents=[(5, 7, "ORG")])
    assert not located(doc, "it")


# ---------------------------------------------------------------- seats


def test_italian_seat_phrases():
    # Zeta , una società con sede a Lione , in Francia , ha reagito .
    doc = make_doc("it", [
        ("Zeta", 13, "nsubj", "PROPN", "Zeta"), (",", 3, "punct", "PUNCT", ","), ("una", 3, "det", "DET", "uno", "Definite=Ind"),
        ("società", 0, "appos", "NOUN", "società"), ("con", 5, "case", "ADP", "con"), ("sede", 3, "nmod", "NOUN", "sede"),
        ("a", 7, "case", "ADP", "a"), ("Lione", 5, "nmod", "PROPN", "Lione"), (",", 10, "punct", "PUNCT", ","),
        ("in", 10, "case", "ADP", "in"), ("Francia", 7, "nmod", "PROPN", "Francia"), (",", 0, "punct", "PUNCT", ","),
        ("ha", 13, "aux", "AUX", "avere"), ("reagito", 13, "ROOT", "VERB", "reagire"), (".", 13, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (7, 8, "LOC"), (10, 11, "LOC")])
    found = located(doc, "it")
    assert ("Zeta", "headquarteredIn", "Lione") in found
    assert ("Lione", "locatedIn", "Francia") in found
    assert ("Zeta", "locatedIn", "Francia") not in found
    # OpenAI ha sede a San Francisco .
    doc = make_doc("it", [
        ("OpenAI", 1, "nsubj", "PROPN", "OpenAI"), ("ha", 1, "ROOT", "VERB", "avere"), ("sede", 1, "obj", "NOUN", "sede"),
        ("a", 4, "case", "ADP", "a"), ("San", 1, "obl", "PROPN", "San"), ("Francisco", 4, "flat:name", "PROPN", "Francisco"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (4, 6, "LOC")])
    assert ("OpenAI", "headquarteredIn", "San Francisco") in located(doc, "it")


def test_being_somewhere_and_a_seat_in_a_where_clause():
    # Il laboratorio Alfa Lab si trova a Pisa . / Pisa , dove Beta ha il suo quartier generale europeo .
    doc = make_doc("it", [
        ("Il", 1, "det", "DET", "il"), ("laboratorio", 5, "nsubj", "NOUN", "laboratorio"), ("Alfa", 1, "nmod", "PROPN", "Alfa"),
        ("Lab", 2, "flat:name", "PROPN", "Lab"), ("si", 5, "expl", "PRON", "si"), ("trova", 5, "ROOT", "VERB", "trovare"),
        ("a", 7, "case", "ADP", "a"), ("Pisa", 5, "obl", "PROPN", "Pisa"), (".", 5, "punct", "PUNCT", "."),
    ], ents=[(2, 4, "ORG"), (7, 8, "LOC")])
    assert located(doc, "it") == {("Alfa Lab", "locatedIn", "Pisa")}
    doc = make_doc("it", [
        ("Pisa", 0, "ROOT", "PROPN", "Pisa"), (",", 4, "punct", "PUNCT", ","), ("dove", 4, "advmod", "ADV", "dove"),
        ("Beta", 4, "nsubj", "PROPN", "Beta"), ("ha", 0, "acl:relcl", "VERB", "avere"), ("il", 7, "det", "DET", "il"),
        ("suo", 7, "det:poss", "DET", "suo"), ("quartier", 4, "obj", "NOUN", "quartiere"), ("generale", 7, "amod", "ADJ", "generale"),
        ("europeo", 8, "amod", "ADJ", "europeo"), (".", 0, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "LOC"), (3, 4, "ORG")])
    assert located(doc, "it") == {("Beta", "locatedIn", "Pisa")}  # a European seat is a location, not the seat
    # The plant is located in Dresden .
    doc = make_doc("en", [
        ("The", 2, "det", "DET", "the"), ("Elbe", 2, "compound", "PROPN", "Elbe"), ("Fab", 4, "nsubjpass", "PROPN", "Fab"),
        ("is", 4, "auxpass", "AUX", "be"), ("located", 4, "ROOT", "VERB", "locate"), ("in", 4, "prep", "ADP", "in"),
        ("Dresden", 5, "pobj", "PROPN", "Dresden"), (".", 4, "punct", "PUNCT", "."),
    ], ents=[(1, 3, "FAC"), (6, 7, "GPE")])
    assert located(doc, "en") == {("Elbe Fab", "locatedIn", "Dresden")}


def test_the_seat_is_the_city_when_its_region_follows():
    # Volvo , che ha sede a Göteborg , in Svezia , cresce . (the parser hangs the region on the verb)
    doc = make_doc("it", [
        ("Volvo", 11, "nsubj", "PROPN", "Volvo"), (",", 3, "punct", "PUNCT", ","), ("che", 3, "nsubj", "PRON", "che", "PronType=Rel"),
        ("ha", 0, "acl:relcl", "VERB", "avere"), ("sede", 3, "obj", "NOUN", "sede"), ("a", 6, "case", "ADP", "a"),
        ("Göteborg", 3, "obl", "PROPN", "Göteborg"), (",", 9, "punct", "PUNCT", ","), ("in", 9, "case", "ADP", "in"),
        ("Svezia", 3, "obl", "PROPN", "Svezia"), (",", 0, "punct", "PUNCT", ","), ("cresce", 11, "ROOT", "VERB", "crescere"),
    ], ents=[(0, 1, "ORG"), (6, 7, "LOC"), (9, 10, "LOC")])
    assert located(doc, "it") == {("Volvo", "headquarteredIn", "Göteborg"), ("Göteborg", "locatedIn", "Svezia")}


def test_a_plant_somewhere_is_a_location_of_its_owner():
    # Acme is building new facilities in Ohio .
    doc = make_doc("en", [
        ("Acme", 2, "nsubj", "PROPN", "Acme"), ("is", 2, "aux", "AUX", "be"), ("building", 2, "ROOT", "VERB", "build"),
        ("new", 4, "amod", "ADJ", "new"), ("facilities", 2, "dobj", "NOUN", "facility"), ("in", 4, "prep", "ADP", "in"),
        ("Ohio", 5, "pobj", "PROPN", "Ohio"), (".", 2, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (6, 7, "GPE")])
    assert located(doc, "en") == {("Acme", "locatedIn", "Ohio")}
    # Lo stabilimento di Enel a Catania produrrà pannelli . (the parser hangs Catania on Enel)
    doc = make_doc("it", [
        ("Lo", 1, "det", "DET", "il"), ("stabilimento", 6, "nsubj", "NOUN", "stabilimento"), ("di", 3, "case", "ADP", "di"),
        ("Enel", 1, "nmod", "PROPN", "Enel"), ("a", 5, "case", "ADP", "a"), ("Catania", 3, "flat:name", "PROPN", "Catania"),
        ("produrrà", 6, "ROOT", "VERB", "produrre"), ("pannelli", 6, "obj", "NOUN", "pannello"), (".", 6, "punct", "PUNCT", "."),
    ], ents=[(3, 4, "ORG"), (5, 6, "LOC")])
    assert located(doc, "it") == {("Enel", "locatedIn", "Catania")}
    # The EU approved the plant in Catania: approving is not having a plant
    doc = make_doc("en", [
        ("The", 1, "det", "DET", "the"), ("EU", 2, "nsubj", "PROPN", "EU"), ("approved", 2, "ROOT", "VERB", "approve"),
        ("the", 4, "det", "DET", "the"), ("plant", 2, "dobj", "NOUN", "plant"), ("in", 4, "prep", "ADP", "in"),
        ("Catania", 5, "pobj", "PROPN", "Catania"),
    ], ents=[(1, 2, "ORG"), (6, 7, "GPE")])
    assert not located(doc, "en")


def test_city_epithet_of_a_company_is_its_seat():
    # Nokia vende . Nokia compra . La società di <town> cresce .
    def doc_with(town, label):
        return make_doc("it", [
            ("Nokia", 1, "nsubj", "PROPN", "Nokia"), ("vende", 1, "ROOT", "VERB", "vendere"), (".", 1, "punct", "PUNCT", "."),
            ("Nokia", 4, "nsubj", "PROPN", "Nokia"), ("compra", 4, "ROOT", "VERB", "comprare"), (".", 4, "punct", "PUNCT", "."),
            ("La", 7, "det", "DET", "il"), ("società", 10, "nsubj", "NOUN", "società"), ("di", 9, "case", "ADP", "di"),
            (town, 7, "nmod", "PROPN", town), ("cresce", 10, "ROOT", "VERB", "crescere"), (".", 10, "punct", "PUNCT", "."),
        ], ents=[(0, 1, "ORG"), (3, 4, "ORG"), (9, 10, label)])
    assert ("Nokia", "headquarteredIn", "Valdoria") in located(doc_with("Valdoria", "LOC"), "it")
    # a town kg knows is a place even when NER takes it for a person; a name it does not know is not
    assert ("Nokia", "headquarteredIn", "Espoo") in located(doc_with("Espoo", "PER"), "it")
    assert not located(doc_with("Valdoria", "PER"), "it")


def test_english_seat_phrases():
    # The Oslo-based startup Kahoot , where ... ; Cohere is headquartered in Toronto .
    doc = make_doc("en", [
        ("The", 4, "det", "DET", "the"), ("Oslo", 3, "npadvmod", "PROPN", "Oslo"), ("-", 3, "punct", "PUNCT", "-"),
        ("based", 4, "amod", "VERB", "base"), ("startup", 5, "compound", "NOUN", "startup"), ("Kahoot", 6, "nsubj", "PROPN", "Kahoot"),
        ("grew", 6, "ROOT", "VERB", "grow"), (".", 6, "punct", "PUNCT", "."),
    ], ents=[(1, 2, "GPE"), (5, 6, "ORG")], spaces=[True, False, False, True, True, True, False, False])
    assert ("Kahoot", "headquarteredIn", "Oslo") in located(doc, "en")
    doc = make_doc("en", [
        ("He", 1, "nsubj", "PRON", "he"), ("spoke", 1, "ROOT", "VERB", "speak"), ("in", 1, "prep", "ADP", "in"),
        ("Toronto", 2, "pobj", "PROPN", "Toronto"), (",", 3, "punct", "PUNCT", ","), ("where", 8, "advmod", "SCONJ", "where"),
        ("Cohere", 8, "nsubjpass", "PROPN", "Cohere"), ("is", 8, "auxpass", "AUX", "be"), ("based", 3, "relcl", "VERB", "base"),
        (".", 1, "punct", "PUNCT", "."),
    ], ents=[(3, 4, "GPE"), (6, 7, "ORG")])
    assert ("Cohere", "headquarteredIn", "Toronto") in located(doc, "en")


def test_a_person_based_somewhere_is_located_there():
    # London-based analyst Jane Roe said so .
    doc = make_doc("en", [
        ("London", 2, "npadvmod", "PROPN", "London"), ("-", 2, "punct", "PUNCT", "-"), ("based", 3, "amod", "VERB", "base"),
        ("analyst", 5, "compound", "NOUN", "analyst"), ("Jane", 5, "compound", "PROPN", "Jane"), ("Roe", 6, "nsubj", "PROPN", "Roe"),
        ("said", 6, "ROOT", "VERB", "say"), ("so", 6, "advmod", "ADV", "so"),
    ], ents=[(0, 1, "GPE"), (4, 6, "PERSON")], spaces=[False, False, True, True, True, True, True, False])
    assert located(doc, "en") == {("Jane Roe", "locatedIn", "London")}


def test_regional_headquarters_is_a_location_not_the_seat():
    # Acme , which has its EU headquarters in Cork , was fined .
    doc = make_doc("en", [
        ("Acme", 11, "nsubjpass", "PROPN", "Acme"), (",", 0, "punct", "PUNCT", ","), ("which", 3, "nsubj", "PRON", "which"),
        ("has", 0, "relcl", "VERB", "have"), ("its", 6, "poss", "PRON", "its"), ("EU", 6, "compound", "PROPN", "EU"),
        ("headquarters", 3, "dobj", "NOUN", "headquarters"), ("in", 6, "prep", "ADP", "in"), ("Cork", 7, "pobj", "PROPN", "Cork"),
        (",", 0, "punct", "PUNCT", ","), ("was", 11, "auxpass", "AUX", "be"), ("fined", 11, "ROOT", "VERB", "fine"),
    ], ents=[(0, 1, "ORG"), (5, 6, "ORG"), (8, 9, "GPE")])
    found = located(doc, "en")
    assert ("Acme", "locatedIn", "Cork") in found and ("Acme", "headquarteredIn", "Cork") not in found


def test_country_modifying_a_company_is_a_location():
    # Canada 's Inovia Capital led it , and the EU fined the US tech giant Apple .
    doc = make_doc("en", [
        ("Canada", 3, "poss", "PROPN", "Canada"), ("'s", 0, "case", "PART", "'s"), ("Inovia", 3, "compound", "PROPN", "Inovia"),
        ("Capital", 4, "nsubj", "PROPN", "Capital"), ("led", 4, "ROOT", "VERB", "lead"), ("it", 4, "dobj", "PRON", "it"),
    ], ents=[(0, 1, "GPE"), (2, 4, "ORG")], spaces=[False, True, True, True, True, False])
    doc[1].tag_ = "POS"
    assert ("Inovia Capital", "locatedIn", "Canada") in located(doc, "en")
    doc = make_doc("en", [
        ("Apple", 1, "nsubj", "PROPN", "Apple"), ("lost", 1, "ROOT", "VERB", "lose"), (".", 1, "punct", "PUNCT", "."),
        ("The", 4, "det", "DET", "the"), ("EU", 5, "nsubj", "PROPN", "EU"), ("fined", 5, "ROOT", "VERB", "fine"),
        ("the", 9, "det", "DET", "the"), ("US", 9, "compound", "PROPN", "US"), ("tech", 9, "compound", "NOUN", "tech"),
        ("giant", 5, "dobj", "NOUN", "giant"), (".", 5, "punct", "PUNCT", "."),
    ], ents=[(0, 1, "ORG"), (4, 5, "ORG"), (7, 8, "GPE")])
    found = located(doc, "en")
    assert ("Apple", "locatedIn", "US") in found  # not the EU, the subject of the verb above the description
    assert ("EU", "locatedIn", "US") not in found and ("Apple", "headquarteredIn", "US") not in found
    names = entity_names(doc, "en")
    assert any(o == "United States" and "US" in alt for _, _, o, alt in names)


def test_country_name_after_an_italian_noun_and_city_region_based():
    # il colosso Usa Intel
    doc = make_doc("it", [
        ("il", 1, "det", "DET", "il"), ("colosso", 1, "ROOT", "NOUN", "colosso"), ("Usa", 1, "nmod", "PROPN", "Usa"),
        ("Intel", 2, "flat:name", "PROPN", "Intel"),
    ], ents=[(2, 3, "LOC"), (3, 4, "ORG")])
    assert located(doc, "it") == {("Intel", "locatedIn", "Usa")}
    # Austin , Texas-based Dell grew .
    doc = make_doc("en", [
        ("Austin", 6, "nsubj", "PROPN", "Austin"), (",", 0, "punct", "PUNCT", ","), ("Texas", 4, "npadvmod", "PROPN", "Texas"),
        ("-", 4, "punct", "PUNCT", "-"), ("based", 5, "amod", "VERB", "base"), ("Dell", 0, "appos", "PROPN", "Dell"),
        ("grew", 6, "ROOT", "VERB", "grow"),
    ], ents=[(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "ORG")], spaces=[False, True, False, False, True, True, False])
    assert located(doc, "en") == {("Dell", "headquarteredIn", "Austin"), ("Austin", "locatedIn", "Texas")}


def test_a_public_body_named_by_its_country_is_an_organisation_located_there():
    # Italy 's antitrust authority fined Apple , and Japan 's largest bank paid .
    doc = make_doc("en", [
        ("Italy", 3, "poss", "PROPN", "Italy"), ("'s", 0, "case", "PART", "'s"), ("antitrust", 3, "compound", "NOUN", "antitrust"),
        ("authority", 4, "nsubj", "NOUN", "authority"), ("fined", 4, "ROOT", "VERB", "fine"), ("Apple", 4, "dobj", "PROPN", "Apple"),
        (",", 4, "punct", "PUNCT", ","), ("and", 4, "cc", "CCONJ", "and"), ("Japan", 11, "poss", "PROPN", "Japan"),
        ("'s", 8, "case", "PART", "'s"), ("largest", 11, "amod", "ADJ", "large", "Degree=Sup"), ("bank", 12, "nsubj", "NOUN", "bank"),
        ("paid", 4, "conj", "VERB", "pay"),
    ], ents=[(0, 1, "GPE"), (5, 6, "ORG"), (8, 9, "GPE")],
        spaces=[False, True, True, True, True, False, True, True, False, True, True, True, False])
    facts, index = facts_of(doc, "en")
    assert {m.text: m.label for m in index.mentions}["Italy's antitrust authority"] == "Organization"
    assert {(f.subject.text, f.predicate, f.object.text) for f in facts if f.predicate in LOCATION} == {
        ("Italy's antitrust authority", "locatedIn", "Italy")}
    assert "Japan's largest bank" not in {m.text for m in index.mentions}


def test_acronym_taken_for_a_place_is_no_seat():
    # Cohere , an AI company , grew .
    doc = make_doc("en", [
        ("Cohere", 6, "nsubj", "PROPN", "Cohere"), (",", 0, "punct", "PUNCT", ","), ("an", 4, "det", "DET", "an"),
        ("AI", 4, "compound", "PROPN", "AI"), ("company", 0, "appos", "NOUN", "company"), (",", 0, "punct", "PUNCT", ","),
        ("grew", 6, "ROOT", "VERB", "grow"),
    ], ents=[(0, 1, "ORG"), (3, 4, "GPE")])
    assert not located(doc, "en")


# ---------------------------------------------------------------- places in places


def test_places_in_places_but_not_lists_of_places():
    # Catania , in Sicilia ; the EU , UK , Japan and South Korea
    doc = make_doc("it", [
        ("Catania", 0, "ROOT", "PROPN", "Catania"), (",", 3, "punct", "PUNCT", ","), ("in", 3, "case", "ADP", "in"),
        ("Sicilia", 0, "nmod", "PROPN", "Sicilia"),
    ], ents=[(0, 1, "LOC"), (3, 4, "LOC")])
    assert located(doc, "it") == {("Catania", "locatedIn", "Sicilia")}
    doc = make_doc("en", [
        ("the", 1, "det", "DET", "the"), ("EU", 1, "ROOT", "PROPN", "EU"), (",", 1, "punct", "PUNCT", ","),
        ("UK", 1, "appos", "PROPN", "UK"), (",", 3, "punct", "PUNCT", ","), ("Japan", 3, "conj", "PROPN", "Japan"),
        ("and", 5, "cc", "CCONJ", "and"), ("South", 8, "compound", "PROPN", "South"), ("Korea", 5, "conj", "PROPN", "Korea"),
    ], ents=[(1, 2, "GPE"), (3, 4, "GPE"), (5, 6, "GPE"), (7, 9, "GPE")])
    assert not located(doc, "en")
    # Paris , Italy is no pair: a country does not lie in a country
    doc = make_doc("en", [("France", 0, "ROOT", "PROPN", "France"), (",", 0, "punct", "PUNCT", ","), ("Italy", 0, "appos", "PROPN", "Italy")],
                   ents=[(0, 1, "GPE"), (2, 3, "GPE")])
    assert not located(doc, "en")


# ---------------------------------------------------------------- datelines


def test_dateline_forms_in_both_languages():
    from kg.extract.datelines import find_datelines

    def parts(text, lang):
        return [tuple(d.part(name) for name in ("place", "region", "date", "agency")) for d in find_datelines(text, lang)]

    assert parts("DUBLIN (AP) — The bank said", "en") == [("DUBLIN", None, None, "AP")]
    assert parts("Headline\n\nOct. 3 (Reuters) - The bank said", "en") == [(None, None, "Oct. 3", "Reuters")]
    assert parts("LYON, France – The bank said", "en") == [("LYON", "France", None, None)]
    assert parts("TORINO, 5 giu (ANSA) - La banca ha detto", "it") == [("TORINO", None, "5 giu", "ANSA")]
    assert parts("(ANSA) - BARI, 12 GEN - La banca ha detto", "it") == [("BARI", None, "12 GEN", "ANSA")]
    assert parts("Bologna, 4 marzo 2025 – La banca ha detto", "it") == [("Bologna", None, "4 marzo 2025", None)]
    # not datelines: a ticker in brackets, a capitalised word before a dash, a dash inside a line
    assert parts("Ferrari (RACE) - shares rose", "en") == []
    assert parts("UPDATE — the bank said", "en") == []
    assert parts("The bank — DUBLIN (AP) — said", "en") == []


def test_dateline_names_are_typed_and_state_no_fact_but_city_region():
    # DUBLIN (RTE -- RTE sues Ryanair . / LYON, France -- ...
    doc = make_doc("en", [
        ("DUBLIN", 7, "nsubj", "PROPN", "Dublin"), ("(", 2, "punct", "PUNCT", "("), ("RTE", 0, "appos", "PROPN", "RTE"),
        (")", 2, "punct", "PUNCT", ")"), ("--", 7, "punct", "PUNCT", "--"), ("RTE", 5, "compound", "PROPN", "RTE"),
        ("staff", 7, "nsubj", "NOUN", "staff"), ("sued", 7, "ROOT", "VERB", "sue"), ("Ryanair", 7, "dobj", "PROPN", "Ryanair"),
        (".", 7, "punct", "PUNCT", "."),
    ], ents=[(0, 3, "ORG"), (8, 9, "ORG")], spaces=[True, False, False, True, True, True, True, True, False, False])
    facts, index = facts_of(doc, "en")
    labels = {m.text: m.label for m in index.mentions}
    assert labels["DUBLIN"] == "Place" and labels["RTE"] == "Organization" and "DUBLIN (RTE" not in labels
    assert not [f for f in facts if f.subject.text == "DUBLIN" or getattr(f.object, "text", "") == "DUBLIN"]
    doc = make_doc("en", [
        ("LYON", 0, "ROOT", "PROPN", "Lyon"), (",", 0, "punct", "PUNCT", ","), ("France", 0, "appos", "PROPN", "France"),
        ("--", 0, "punct", "PUNCT", "--"), ("Sanofi", 5, "nsubj", "PROPN", "Sanofi"), ("grew", 5, "ROOT", "VERB", "grow"),
    ], ents=[(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "ORG")])
    facts, _ = facts_of(doc, "en")
    assert {(f.subject.text, f.predicate, f.object.text, f.extractor) for f in facts if f.predicate == "locatedIn"} == {
        ("LYON", "locatedIn", "France", "surface.dateline")}


def test_dateline_is_its_own_sentence_in_the_real_pipelines():
    from kg.nlp import load_pipeline

    en = load_pipeline("en")[0]("DUBLIN (AP) — The central bank raised its rates on Thursday.")
    assert [s.text for s in en.sents][0] == "DUBLIN (AP) —"
    it = load_pipeline("it")[0]("TORINO, 5 giu (ANSA) - La banca ha alzato i tassi giovedì.")
    assert [s.text for s in it.sents][0] == "TORINO, 5 giu (ANSA) -"


def test_facility_verb_found_from_its_ending_when_the_lemma_is_wrong():
    # TSMC costruirà una fabbrica in Arizona .   (the lemmatiser said "costruari")
    doc = make_doc("it", [("TSMC", 1, "nsubj", "PROPN", "TSMC"), ("costruirà", 1, "ROOT", "VERB", "costruari"),
                          ("una", 3, "det", "DET", "uno"), ("fabbrica", 1, "obj", "NOUN", "fabbrica"),
                          ("in", 5, "case", "ADP", "in"), ("Arizona", 3, "nmod", "PROPN", "Arizona"),
                          (".", 1, "punct", "PUNCT", ".")], ents=[(0, 1, "ORG"), (5, 6, "LOC")])
    assert ("TSMC", "locatedIn", "Arizona") in located(doc, "it")
