"""Possessives of ownership (``kg/extract/rules/ownership.py``) and names with a possessive inside."""

from __future__ import annotations

from docs import compact_doc

from kg.extract.mentions import collect_mentions
from kg.extract.quantities import find_quantities
from kg.extract.relations import extract_facts


def triples(doc, lang):
    index = collect_mentions(doc, lang)
    facts = extract_facts(doc, lang, index, find_quantities(doc.text, lang))
    return {(f.subject.text, f.predicate, getattr(f.object, "text", f.object)) for f in facts}


def test_a_name_with_a_possessive_inside_is_two_names_and_an_ownership_en():
    # Acme ’s Lumo app grew .   (NER tagged "Acme ’s Lumo" as one organisation)
    doc = compact_doc("en", "Acme/3/poss/PROPN ’s/0/case/PART Lumo/3/compound/PROPN app/4/nsubj/NOUN grew/4/ROOT/VERB/grow "
                      "./4/punct/PUNCT", ents=[(0, 3, "ORG")])
    index = collect_mentions(doc, "en")
    assert [(m.text, m.label) for m in index.mentions] == [("Acme", "Organization"), ("Lumo", "Product")]
    assert ("Acme", "ownerOf", "Lumo") in triples(doc, "en")


def test_a_made_product_is_developed_not_owned_en():
    # Acme 's Bolt chips sold .
    doc = compact_doc("en", "Acme/3/poss/PROPN 's/0/case/PART Bolt/3/compound/PROPN chips/4/nsubj/NOUN sold/4/ROOT/VERB/sell "
                      "./4/punct/PUNCT", ents=[(0, 1, "ORG"), (2, 3, "PRODUCT")])
    found = triples(doc, "en")
    assert ("Acme", "develops", "Bolt") in found and ("Acme", "ownerOf", "Bolt") not in found


def test_a_persons_company_it():
    # Anna Neri ha lanciato Zeta , la sua startup .
    doc = compact_doc("it", "Anna/3/nsubj/PROPN Neri/0/flat:name/PROPN ha/3/aux/AUX/avere lanciato/3/ROOT/VERB/lanciare "
                      "Zeta/3/obj/PROPN ,/4/punct/PUNCT la/8/det/DET sua/8/det:poss/DET startup/4/appos/NOUN ./3/punct/PUNCT",
                      ents=[(0, 2, "PER"), (4, 5, "ORG")])
    assert ("Anna Neri", "ownerOf", "Zeta") in triples(doc, "it")


def test_a_named_unit_of_a_company_en():
    # Acme ’s Cloud Services segment grew .
    doc = compact_doc("en", "Acme/4/poss/PROPN ’s/0/case/PART Cloud/3/compound/PROPN Services/4/compound/PROPN "
                      "segment/5/nsubj/NOUN grew/5/ROOT/VERB/grow ./5/punct/PUNCT", ents=[(0, 4, "ORG")])
    assert ("Cloud Services", "subsidiaryOf", "Acme") in triples(doc, "en")


def test_a_unit_di_a_company_it():
    # La divisione Cloud di Acme cresce .
    doc = compact_doc("it", "La/1/det/DET divisione/5/nsubj/NOUN Cloud/1/nmod/PROPN di/4/case/ADP Acme/1/nmod/PROPN "
                      "cresce/5/ROOT/VERB/crescere ./5/punct/PUNCT", ents=[(2, 3, "ORG"), (4, 5, "ORG")])
    assert ("Cloud", "subsidiaryOf", "Acme") in triples(doc, "it")
