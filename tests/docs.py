"""Build parsed spaCy Docs by hand, so rules are tested without a statistical model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

_VOCABS = {}


def make_doc(lang: str, rows: list[tuple], ents: list[tuple[int, int, str]] = (), spaces: list[bool] | None = None) -> Doc:
    """``rows``: (word, head index, dep, pos, lemma[, morph]) per token; ``ents``: (start, end, label)."""
    if lang not in _VOCABS:
        _VOCABS[lang] = spacy.blank(lang).vocab
    words = [r[0] for r in rows]
    if spaces is None:
        spaces = [not (i + 1 < len(words) and words[i + 1] in {",", ".", ":", ";", "%"}) for i in range(len(words))]
    doc = Doc(
        _VOCABS[lang],
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        morphs=[r[5] if len(r) > 5 else "" for r in rows],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc
