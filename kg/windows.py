"""Long documents are parsed in windows of paragraphs, so memory stays bounded.

spaCy refuses texts longer than ``nlp.max_length`` (1,000,000 characters), and
its parser's memory and kg's extraction time grow faster than the text: one
0.9 MB article took 5.6 GB. :func:`split_windows` cuts a text longer than
:data:`WINDOW_CHARS` into consecutive windows that end at paragraph breaks
(else at line breaks, sentence ends or spaces), each at most that long. Each
window is parsed and extracted on its own, as a document whose text is the
window (the extraction stage sees the same interface as for any document);
:func:`shift` then moves every character offset of the window's extraction
by the window's start, so that :func:`merge` gives one extraction of the
whole document whose offsets index the whole text exactly. Documents that fit
in one window (almost every news article) are not touched.

Examples
--------
>>> text = "Uno due.\\n\\nTre quattro.\\n\\nCinque sei."
>>> spans = split_windows(text, 16)
>>> spans
[(0, 10), (10, 24), (24, 35)]
>>> [text[a:b] for a, b in spans]
['Uno due.\\n\\n', 'Tre quattro.\\n\\n', 'Cinque sei.']
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from .types import Document, Extraction

__all__ = ["WINDOW_CHARS", "split_windows", "window_document", "shift", "merge"]

WINDOW_CHARS = 20_000
"""Longest window of text parsed at once (about 3,500 words; longer than almost any news article)."""

_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?…][\"'”»)]*\s+"), re.compile(r"\s+"))


def split_windows(text: str, max_chars: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` spans that cover ``text`` exactly, in order, each at most ``max_chars``
    (default :data:`WINDOW_CHARS`) long.

    A span ends just after the last paragraph break that fits, else the last
    line break, sentence end or run of spaces, else at ``max_chars``.
    """
    max_chars = WINDOW_CHARS if max_chars is None else max_chars
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    spans = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        end = None
        for pattern in _BREAKS:
            found = [m.end() for m in pattern.finditer(text, start + 1, limit) if m.end() <= limit]
            if found:
                end = found[-1]
                break
        end = end or limit
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def window_document(document: Document, start: int, end: int) -> Document:
    """The document that one window stands for while it is parsed and extracted."""
    return dataclasses.replace(document, text=document.text[start:end])


def shift(value: Any, offset: int) -> Any:
    """``value`` with every character offset moved by ``offset``.

    Offsets are the ``start``/``end`` fields and fields ending in ``_start`` or
    ``_end`` of the frozen dataclasses of :mod:`kg.types`, at any depth
    (a fact's subject, object and amount), and in tuples of them.
    """
    if isinstance(value, tuple):
        return tuple(shift(v, offset) for v in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, (type, Document)):
        return value
    changes = {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if isinstance(item, int) and not isinstance(item, bool) and (
                f.name in ("start", "end") or f.name.endswith(("_start", "_end"))):
            changes[f.name] = item + offset
        elif dataclasses.is_dataclass(item) or isinstance(item, tuple):
            moved = shift(item, offset)
            if moved is not item:
                changes[f.name] = moved
    return dataclasses.replace(value, **changes) if changes else value


def merge(document: Document, parts: Sequence[tuple[int, Extraction]]) -> Extraction:
    """One extraction of ``document`` from the extractions of its windows, given as ``(start, extraction)``."""
    if len(parts) == 1 and parts[0][0] == 0 and parts[0][1].document.text == document.text:
        return dataclasses.replace(parts[0][1], document=document)
    mentions: list = []
    facts: list = []
    for start, part in parts:
        mentions.extend(shift(part.mentions, start))
        facts.extend(shift(part.facts, start))
    return dataclasses.replace(parts[0][1], document=document, mentions=tuple(mentions), facts=tuple(facts))
