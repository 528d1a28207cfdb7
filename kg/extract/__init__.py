"""Extraction: from a parsed spaCy Doc to a plain :class:`kg.types.Extraction`.

This is the last stage that sees spaCy objects; everything it returns is
frozen dataclasses holding strings and character offsets.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from ..types import Document, Extraction, Fact
from . import learned
from .merge import merge_facts
from .mentions import collect_mentions
from .quantities import find_quantities
from .relations import extract_facts

__all__ = ["extract_doc"]


def extract_doc(doc: Doc, document: Document, *, lang: str, pipeline: str) -> Extraction:
    """Extract mentions and facts from ``doc``, the parse of ``document.text``."""
    index = collect_mentions(doc, lang)
    quantities = find_quantities(doc.text, lang)
    facts = extract_facts(doc, lang, index, quantities)
    if learned.enabled():
        facts = merge_facts(facts, learned.score_doc(doc, index.mentions, lang=lang))
    facts = [_trimmed(f, doc.text) for f in facts]
    mentions = tuple(sorted(set(index.mentions), key=lambda m: (m.start, m.end, m.label)))
    facts = tuple(sorted(facts, key=lambda f: (f.evidence_start, f.subject.start, f.predicate, repr(f.object))))
    return Extraction(document=document, lang=lang, pipeline=pipeline, mentions=mentions, facts=facts)


def _trimmed(fact: Fact, text: str) -> Fact:
    """The fact with its evidence span cut of leading and trailing white space (a sentence may end in a
    paragraph break)."""
    start, end = fact.evidence_start, fact.evidence_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return fact if (start, end) == (fact.evidence_start, fact.evidence_end) else replace(
        fact, evidence_start=start, evidence_end=end)
