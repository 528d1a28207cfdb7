"""Extraction: from a parsed spaCy Doc to a plain :class:`kg.types.Extraction`.

This is the last stage that sees spaCy objects; everything it returns is
frozen dataclasses holding strings and character offsets.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..types import Document, Extraction
from .mentions import collect_mentions
from .quantities import find_quantities
from .relations import extract_facts

__all__ = ["extract_doc"]


def extract_doc(doc: Doc, document: Document, *, lang: str, pipeline: str) -> Extraction:
    """Extract mentions and facts from ``doc``, the parse of ``document.text``."""
    index = collect_mentions(doc, lang)
    quantities = find_quantities(doc.text, lang)
    facts = extract_facts(doc, lang, index, quantities)
    mentions = tuple(sorted(set(index.mentions), key=lambda m: (m.start, m.end, m.label)))
    facts = tuple(sorted(facts, key=lambda f: (f.evidence_start, f.subject.start, f.predicate, repr(f.object))))
    return Extraction(document=document, lang=lang, pipeline=pipeline, mentions=mentions, facts=facts)
