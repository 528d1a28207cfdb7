"""Build parsed spaCy Docs by hand, so rules are tested without a statistical model."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

_VOCABS = {}


def make_doc(lang: str, rows: list[tuple], ents: list[tuple[int, int, str]] = (), spaces: list[bool] | None = None,
             sent_starts: list[bool] | None = None) -> Doc:
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
        sent_starts=sent_starts or [True] + [False] * (len(rows) - 1),
    )
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc


def compact_doc(lang: str, spec: str, ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A Doc from a compact spec: one token per whitespace-separated item, ``word/head/dep/POS[/lemma[/morph]]``.

    ``head`` is the index of the head token; the root points at itself; an
    item ``||`` starts a new sentence. A word that contains ``/`` or spaces
    cannot be written this way; use :func:`make_doc`. Example:
    ``"Meta/1/nsubj/PROPN paga/1/ROOT/VERB/pagare"``.
    """
    rows = []
    starts = []
    new_sentence = True
    for item in spec.split():
        if item == "||":
            new_sentence = True
            continue
        starts.append(new_sentence)
        new_sentence = False
        parts = item.split("/")
        word, head, label, pos = parts[0], int(parts[1]), parts[2], parts[3]
        lemma = parts[4] if len(parts) > 4 else word.lower()
        morph = parts[5] if len(parts) > 5 else ""
        rows.append((word, head, label, pos, lemma, morph))
    return make_doc(lang, rows, ents, sent_starts=starts)


def doc_of_text(lang: str, text: str, rows: list[tuple], ents: list[tuple[int, int, str]] = ()) -> Doc:
    """A Doc of ``text`` (spaces taken from it) from rows (word, head, dep, pos, lemma[, morph]).

    Unlike :func:`make_doc`, sentences follow the tree's roots, so a test can
    hold several sentences.
    """
    if lang not in _VOCABS:
        _VOCABS[lang] = spacy.blank(lang).vocab
    words, spaces, pos = [r[0] for r in rows], [], 0
    for word in words:
        pos = text.index(word, pos) + len(word)
        spaces.append(text[pos:pos + 1] == " ")
    doc = Doc(_VOCABS[lang], words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
              pos=[r[3] for r in rows], lemmas=[r[4] for r in rows], morphs=[r[5] if len(r) > 5 else "" for r in rows])
    assert doc.text == text, "the rows' words must spell the text"
    doc.ents = [Span(doc, s, e, label) for s, e, label in ents]
    return doc
