"""kg's rule component adds money, percentages, dates and products to any pipeline."""

from __future__ import annotations

from decimal import Decimal

import pytest
import spacy

from kg.extract.entities_rules import add_rule_component
from kg.extract.quantities import find_quantities


def ents(lang, text):
    nlp = add_rule_component(spacy.blank(lang), lang)
    return [(e.text, e.label_) for e in nlp(text).ents]


@pytest.mark.parametrize("lang, text, expected", [
    ("it", "ricavi di 48,39 miliardi di dollari", ("48,39 miliardi di dollari", "MONEY")),
    ("it", "paga 25 milioni di dollari", ("25 milioni di dollari", "MONEY")),
    ("en", "it paid $25 million", ("$25 million", "MONEY")),
    ("en", "a €1.2bn deal", ("€1.2bn", "MONEY")),
    ("it", "un crollo del 17%", ("17%", "PERCENT")),
    ("it", "nel quarto trimestre", ("nel quarto trimestre", "DATE")),
    ("en", "results for Q4 2024", ("Q4 2024", "DATE")),
    ("en", "Meta released Llama 4 and ChatGPT rivals", ("Llama 4", "PRODUCT")),
    ("it", "Meta studierà R1", ("R1", "PRODUCT")),
])
def test_rule_entities(lang, text, expected):
    assert expected in ents(lang, text)


def test_model_codes_in_the_stoplist_are_not_products():
    assert ("G7", "PRODUCT") not in ents("en", "The G7 met in Rome.")


@pytest.mark.parametrize("lang, text, value, currency", [
    ("it", "1.500 euro", Decimal(1500), "EUR"),
    ("it", "2,6 miliardi di dollari", Decimal(2_600_000_000), "USD"),
    ("en", "$2.6 billion", Decimal(2_600_000_000), "USD"),
    ("en", "£300m", Decimal(300_000_000), "GBP"),
    ("en", "1,250,000 dollars", Decimal(1_250_000), "USD"),
])
def test_amounts_in_units(lang, text, value, currency):
    (q,) = find_quantities(text, lang)
    assert (q.value, q.currency) == (value, currency)


def test_bare_small_numbers_are_not_amounts():
    assert find_quantities("Ci sono 3 squadre e 4 ingegneri.", "it") == []


def test_typographic_quotes_are_plain_in_norm_only():
    import spacy

    from kg.extract import typography  # noqa: F401  (registers the component)

    nlp = spacy.blank("it")
    nlp.add_pipe("kg_typographic_norms")
    doc = nlp("l’intelligenza di un’azienda “nuova”")
    assert doc.text == "l’intelligenza di un’azienda “nuova”"
    norms = {t.text: t.norm_ for t in doc}
    assert norms["l’"] == "l'" and norms["un’"] == "un'"
    assert norms["“"] == '"' and norms["”"] == '"'
    assert norms["intelligenza"] == "intelligenza"


def test_bundled_pipeline_runs_typographic_norms_first():
    from kg.nlp import load_pipeline

    nlp = load_pipeline("it")[0]
    assert nlp.pipe_names[0] == "kg_typographic_norms"

