"""Where quotations are in running text: their marks, their sentences, and the dashes that interrupt them.

This module reads the document text alone (no parse), so it can be tested on
plain strings; :mod:`kg.extract.rules.quotes` decides who said each piece.

* Paired marks: ``«…»``, ``“…”``, ``„…“``, straight ``"…"`` and single
  ``‘…’`` or ``'…'`` (the British convention, and some Italian sites); a
  single mark closes only before a space or a stop, since it is also the
  apostrophe ("l'azienda"), and a straight one needs three words inside. A
  quotation inside another one is part of it, not a quotation of its own.
* A quotation whose closing mark is missing (a typo, or a text cut short)
  runs to the end of its sentence; it never crosses a paragraph.
* An attribution may interrupt a quotation between dashes, the Italian
  convention «Per un decennio – ha detto X – Apple ha abusato…»:
  :func:`dash_segments` lists the candidate segments and :func:`pieces`
  cuts the quotation around the ones that hold an attribution. Each piece
  is the quoted text of the sentence that the attribution interrupts.

Examples
--------
>>> [q.text for q in find_quotations('Lo ha detto: «Siamo pronti». Poi "basta così".')]
['Siamo pronti', 'basta così']
>>> q = find_quotations('"Victory over Google! in a post, he wrote.')[0]
>>> (q.text, q.closed)
('Victory over Google!', False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Quotation", "dash_segments", "find_quotations", "is_title", "pieces", "sentence_spans", "trim", "word_count"]

_CLOSERS = {"«": "»", "“": "”", "„": "“", '"': '"', "‘": "’", "'": "'"}
_OPEN_BEFORE = set(" \t\n([{—–-:;,/'’") | {""}  # before a straight " that opens ("dell'"Economist"")
_OPEN_BEFORE_SINGLE = _OPEN_BEFORE - set("'’")
_TRAILING = ".,;:"
# a sentence ends at ! ? (whatever follows) or at . … followed by a capital, a digit or a quotation mark
_SENTENCE_END = re.compile(r"[!?]+[»”\"]?(?=\s|$)|[.…]+[»”\"]?(?=\s+[\"“«„(\[]?[A-ZÀ-ÖØ-Þ0-9]|\s*$)")
_DASH = re.compile(r"\s(?:–|—|-{1,2})\s")
_COMMA = re.compile(r",\s")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Quotation:
    """A quoted span: ``start``/``end`` delimit the text inside the marks (trimmed); ``open``/``close`` the marks."""

    start: int
    end: int
    open: int
    close: int
    text: str
    closed: bool = True


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_title(text: str) -> bool:
    """Whether quoted text is a title (every word capitalised), not speech.

    >>> is_title("Oh, What A Beautiful Mornin'"), is_title("Siamo pronti a tutto")
    (True, False)
    """
    words = _WORD.findall(text)
    return len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in words)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards past spaces and a final full stop, comma, colon or semicolon."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING):
        end -= 1
    return start, end


def _paragraphs(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _closing(line: str, i: int, mark: str) -> int | None:
    """Offset of the mark closing the quotation opened at ``line[i]``, or None."""
    closer = _CLOSERS[mark]
    j = i + 1
    while j < len(line):
        ch = line[j]
        if ch == closer and mark in "‘'":
            # ’ is also the apostrophe ("l’azienda", "Alphabet’s"): it closes only before a space or a stop
            if not line[j - 1].isspace() and (j + 1 == len(line) or line[j + 1].isspace() or line[j + 1] in ",.;:!?)"):
                return j
        elif ch == closer and (mark != '"' or not line[j - 1].isspace()):
            return j
        if mark == "“" and ch == "“" and not line[j - 1].isspace() and (j + 1 == len(line) or not line[j + 1].isalnum()):
            return j  # "…parola“" typed for "…parola”"
        j += 1
    return None


def _sentence_end(line: str, start: int) -> int:
    m = _SENTENCE_END.search(line, start)
    if m is None:
        return len(line)
    end = m.end()
    return end - 1 if line[end - 1] in "»”\"" else end


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation of ``text`` in reading order (see the module docstring)."""
    found = []
    for base, line in _paragraphs(text):
        i = 0
        while i < len(line):
            ch = line[i]
            before = line[i - 1] if i else ""
            opens_after = _OPEN_BEFORE if ch == '"' else _OPEN_BEFORE_SINGLE
            if ch not in _CLOSERS or (ch in "\"‘'" and (before not in opens_after or i + 1 >= len(line) or line[i + 1].isspace())):
                i += 1
                continue
            j = _closing(line, i, ch)
            if j is None and ch in "‘'" or ch == "'" and j is not None and word_count(line[i + 1:j]) < 3:
                i += 1  # a lone ‘ is a slip; a short '…' is an apostrophe's neighbourhood or a nickname
                continue
            if j is not None:
                start, end = trim(line, i + 1, j)
                close, closed = j + 1, True
            else:
                stop = _sentence_end(line, i + 1)
                nxt = min((k for k in (line.find(m, i + 1) for m in "«“„") if k != -1), default=-1)
                if nxt != -1 and nxt < stop:
                    stop = nxt
                start, end = trim(line, i + 1, stop)
                close, closed = stop, False
            if end > start:
                found.append(Quotation(base + start, base + end, base + i, base + close, line[start:end], closed))
            i = max(close, i + 1)
    return found


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as (start, end) offsets, trimmed."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        stop = m.end()
        spans.append(trim(text, pos, stop))
        pos = stop
    if pos < end:
        spans.append(trim(text, pos, end))
    return [(a, b) for a, b in spans if b > a]


def dash_segments(text: str, quotation: Quotation, *, commas: bool = False) -> list[tuple[int, int, int, int]]:
    """Stretches of a quotation set off by two dashes: (dash1 start, inner start, inner end, dash2 end).

    Consecutive dashes pair up in order; the caller keeps the ones that hold an
    attribution. With ``commas``, stretches between two commas instead
    («Il mercato, spiega Rossi, è in crescita»).
    """
    marks = _COMMA if commas else _DASH
    dashes = [m.span() for m in marks.finditer(text, quotation.start, quotation.end)]
    return [(a[0], a[1], b[0], b[1]) for a, b in pairwise(dashes)]


def pieces(text: str, quotation: Quotation, attributions: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int]]:
    """Cut a quotation around its interrupting attributions.

    ``attributions`` are segments from :func:`dash_segments` (in order, not
    overlapping) that hold an attribution. Returns (start, end, k): a piece of
    quoted text and the index of the attribution it belongs to, the one that
    interrupts its sentence. Text in sentences that no attribution interrupts
    is dropped; with no attribution, the whole quotation is one piece
    (k = -1). The text after the last attribution of a quotation whose closing
    mark is missing is dropped too: where it ends is unknown.

    >>> t = "«Prima frase – ha detto X – seconda frase. Terza frase»"
    >>> q = find_quotations(t)[0]
    >>> [(t[a:b], k) for a, b, k in pieces(t, q, dash_segments(t, q))]
    [('Prima frase', 0), ('seconda frase', 0)]
    """
    if not attributions:
        return [(quotation.start, quotation.end, -1)]
    out = []
    bounds = [quotation.start] + [x for seg in attributions for x in (seg[0], seg[3])] + [quotation.end]
    for k in range(len(attributions) + 1):
        a, b = bounds[2 * k], bounds[2 * k + 1]
        sentences = sentence_spans(text, a, b)
        if not sentences:
            continue
        if k > 0 and (k < len(attributions) or quotation.closed):
            s, e = sentences[0]  # the end of the sentence interrupted by attribution k-1
            out.append((s, e, k - 1))
            if len(sentences) == 1 and k < len(attributions):
                # one sentence between two attributions: it belongs to the first
                continue
        if k < len(attributions):
            s, e = sentences[-1]  # the start of the sentence interrupted by attribution k
            if not (k > 0 and len(sentences) == 1):
                out.append((s, e, k))
    return out
