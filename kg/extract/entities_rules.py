"""kg's spaCy rule component: money, percentages, dates and products as entities.

Statistical pipelines differ in what they tag: the bundled Italian pipeline
knows only PER, ORG and LOC. The ``kg_entities`` component, added after the
pipeline's own ``ner``, adds ``MONEY``, ``PERCENT`` and ``DATE`` spans found by
:mod:`kg.extract.quantities` and ``PRODUCT`` spans from
``kg/data/patterns/products.json``. It replaces numeric entities that overlap
its own (the model's ``CARDINAL`` inside "25 milioni di dollari") but never a
person, organisation or place the model found.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import datelines, typography  # noqa: F401  (registers kg_dateline_sentences, kg_typographic_norms)
from .quantities import find_dates, find_quantities

__all__ = ["KgEntities", "add_rule_component", "product_data", "newline_sentences"]

_NUMERIC = {"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"}


@lru_cache(maxsize=1)
def product_data() -> dict:
    """Contents of ``kg/data/patterns/products.json``."""
    return json.loads((resources.files("kg") / "data" / "patterns" / "products.json").read_text("utf-8"))


class KgEntities:
    """Adds MONEY, PERCENT, DATE and PRODUCT entities to a Doc."""

    def __init__(self, lang: str):
        self.lang = lang
        data = product_data()
        names = sorted(data["names"], key=len, reverse=True)
        self.product_names = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?:\s\d+(?:\.\d)?)?(?![\w-])")
        self.code_shape = re.compile(data["code_shape"])
        self.code_stop = set(data["code_stoplist"])

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        spans: list[Span] = []
        for q in find_quantities(text, self.lang):
            span = doc.char_span(q.start, q.end, label="PERCENT" if q.unit == "percent" else "MONEY", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for start, end, _ in find_dates(text, self.lang):
            span = doc.char_span(start, end, label="DATE", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for m in self.product_names.finditer(text):
            span = doc.char_span(m.start(), m.end(), label="PRODUCT", alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        for token in doc:
            if self.code_shape.match(token.text) and token.text not in self.code_stop and not token.like_num:
                spans.append(Span(doc, token.i, token.i + 1, "PRODUCT"))
        doc.ents = _merge(list(doc.ents), spans)
        return doc


def _merge(model_ents: list[Span], rule_spans: list[Span]) -> list[Span]:
    """Rule spans win over overlapping numeric model entities; named ones win over rules."""
    named = [e for e in model_ents if e.label_ not in _NUMERIC]
    numeric = [e for e in model_ents if e.label_ in _NUMERIC]
    kept_rules = []
    for span in filter_spans(rule_spans):
        overlaps_named = [e for e in named if e.start < span.end and span.start < e.end]
        if span.label_ == "PRODUCT" and overlaps_named:
            # "DeepSeek R1": an organisation name followed by a model code is a product
            if all(e.start >= span.start and e.end <= span.end for e in overlaps_named):
                named = [e for e in named if e not in overlaps_named]
                kept_rules.append(span)
            elif len(overlaps_named) == 1 and overlaps_named[0].end == span.end:
                # the model's "DeepSeek R1" as ORG: a name ending in a model code is a product
                whole = overlaps_named[0]
                named = [e for e in named if e is not whole]
                kept_rules.append(Span(whole.doc, whole.start, whole.end, "PRODUCT"))
            continue
        if not overlaps_named:
            kept_rules.append(span)
    numeric = [e for e in numeric if not any(e.start < s.end and s.start < e.end for s in kept_rules)]
    return filter_spans(named + kept_rules + numeric)


@Language.factory("kg_entities", default_config={"lang": None})
def make_kg_entities(nlp: Language, name: str, lang: str | None):
    """spaCy factory of :class:`KgEntities`."""
    return KgEntities(lang or nlp.lang)


@Language.component("kg_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines have no full stop."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_rule_component(nlp: Language, lang: str) -> Language:
    """Add ``kg_typographic_norms`` first, ``kg_newline_sentences`` and
    ``kg_dateline_sentences`` before the parser and ``kg_entities`` at the end
    (once each)."""
    if "kg_typographic_norms" not in nlp.pipe_names:
        nlp.add_pipe("kg_typographic_norms", first=True)
    if "kg_newline_sentences" not in nlp.pipe_names:
        first = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        if first:
            nlp.add_pipe("kg_newline_sentences", before=first)
            nlp.add_pipe("kg_dateline_sentences", before=first)
    if "kg_entities" not in nlp.pipe_names:
        nlp.add_pipe("kg_entities", config={"lang": lang}, last=True)
    return nlp
