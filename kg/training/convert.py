"""Converters from the raw training corpora to spaCy ``DocBin`` files.

Two input formats are supported:

* CoNLL-U (Universal Dependencies).  Multi-word tokens such as ``della``
  (= ``di`` + ``la``) are merged back into one surface token, because
  spaCy's Italian tokenizer does not split them.  The merged token takes the
  head, relation, POS and lemma of the sub-word whose head lies outside the
  span (the first such sub-word) and the union of all sub-words' morphology.
* Token-per-line NER TSV (KIND): ``token<TAB>tag`` with a blank line between
  sentences.  Tags may be BIO (``B-PER``/``I-PER``) or bare IO labels
  (``PER``), where consecutive equal labels form one entity.

Spaces between pre-tokenised words are guessed (:func:`guess_spaces`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Sequence, Tuple

from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

from ..corpus import batched

__all__ = [
    "guess_spaces",
    "read_conllu",
    "conllu_to_docs",
    "conllu_sentences_to_docs",
    "read_ner_tsv",
    "ner_sentences_to_docs",
    "tags_to_spans",
    "typographic",
    "write_docbin",
]

_NO_SPACE_BEFORE = set(",.;:!?)]}»”’%…") | {"...", "'s", "n't"}
_NO_SPACE_AFTER = set("([{«“‘") | {"$", "#"}


def guess_spaces(words: Sequence[str]) -> List[bool]:
    """Guess whether each word is followed by a space.

    No space before closing punctuation, none after opening brackets/quotes or
    after elided words ending in an apostrophe (``l'``, ``dall’``).  Straight
    double quotes alternate between opening and closing.
    """
    n = len(words)
    spaces = [True] * n
    quote_open = False
    for i, w in enumerate(words):
        if w == '"':
            if not quote_open:
                spaces[i] = False  # opening quote: glue to next word
            elif i > 0:
                spaces[i - 1] = False  # closing quote: glue to previous word
            quote_open = not quote_open
            continue
        if w in _NO_SPACE_AFTER or (len(w) > 1 and w[-1] in "'’" and w[-2].isalpha()):
            spaces[i] = False
        if i > 0 and (w in _NO_SPACE_BEFORE or (w and all(c in _NO_SPACE_BEFORE for c in w))):
            spaces[i - 1] = False
    if n:
        spaces[-1] = False
    return spaces


# --------------------------------------------------------------------------
# CoNLL-U
# --------------------------------------------------------------------------

def _merge_feats(feats: Iterable[str]) -> str:
    out: dict = {}
    for f in feats:
        if not f or f == "_":
            continue
        for kv in f.split("|"):
            if "=" in kv:
                k, v = kv.split("=", 1)
                out.setdefault(k, v)
    return "|".join(f"{k}={out[k]}" for k in sorted(out, key=str.lower))


def read_conllu(text: str) -> Iterator[dict]:
    """Parse CoNLL-U text into sentences with MWTs merged.

    Yields dicts with keys ``words, spaces, lemmas, pos, morphs, heads, deps``
    (heads are 0-based absolute indexes within the sentence; the root points
    to itself).
    """
    for block in text.split("\n\n"):
        lines = [ln for ln in block.split("\n") if ln and not ln.startswith("#")]
        if not lines:
            continue
        rows = [ln.split("\t") for ln in lines]
        rows = [r for r in rows if len(r) >= 10 and "." not in r[0]]
        mwt = {}  # first id -> (last id, form, misc)
        words_rows = []
        for r in rows:
            if "-" in r[0]:
                a, b = r[0].split("-")
                mwt[int(a)] = (int(b), r[1], r[9])
            else:
                words_rows.append(r)
        by_id = {int(r[0]): r for r in words_rows}
        # build surface tokens: list of (form, [ids], misc)
        tokens = []
        id2tok = {}
        i = 1
        max_id = max(by_id) if by_id else 0
        while i <= max_id:
            if i in mwt:
                b, form, misc = mwt[i]
                ids = list(range(i, b + 1))
                i = b + 1
            else:
                form, misc, ids = by_id[i][1], by_id[i][9], [i]
                i += 1
            for j in ids:
                id2tok[j] = len(tokens)
            tokens.append((form, ids, misc))
        sent = {k: [] for k in ("words", "spaces", "lemmas", "pos", "morphs", "heads", "deps")}
        for t_idx, (form, ids, misc) in enumerate(tokens):
            idset = set(ids)
            root = next((j for j in ids if int(by_id[j][6]) not in idset), ids[0])
            r = by_id[root]
            head_id = int(r[6])
            head = t_idx if head_id == 0 else id2tok[head_id]
            dep = "ROOT" if head_id == 0 else r[7]
            feats = [r[5]] + [by_id[j][5] for j in ids if j != root]
            sent["words"].append(form)
            sent["spaces"].append("SpaceAfter=No" not in misc)
            sent["lemmas"].append(r[2] if len(ids) == 1 else r[2])
            sent["pos"].append(r[3] if r[3] != "_" else "")
            sent["morphs"].append(_merge_feats(feats))
            sent["heads"].append(head)
            sent["deps"].append(dep)
        if sent["words"]:
            yield sent


def typographic(words: Sequence[str]) -> List[str]:
    """``words`` as news sites print them: ``l'`` -> ``l’``, ``"`` -> ``“``/``”``.

    The treebanks and KIND mostly use plain ASCII quotes; a share of the
    training sentences is converted so the models see both spellings.
    """
    out, opening = [], True
    for w in words:
        if w == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(w.replace("'", "’"))
    return out


def _typographic_turn(i: int, every: int) -> bool:
    return every > 0 and i % every == every - 1


def conllu_to_docs(text: str, vocab: Vocab, n_sents: int = 10,
                   typographic_every: int = 0) -> Iterator[Doc]:
    """Convert CoNLL-U text to docs of ``n_sents`` sentences each; every
    ``typographic_every``-th sentence (0: none) gets :func:`typographic` quotes."""
    return conllu_sentences_to_docs(read_conllu(text), vocab, n_sents, typographic_every)


def conllu_sentences_to_docs(sents: Iterable[dict], vocab: Vocab, n_sents: int = 10,
                             typographic_every: int = 0) -> Iterator[Doc]:
    """:func:`conllu_to_docs` for sentences already read by :func:`read_conllu`."""
    n = 0
    for chunk in batched(sents, n_sents):
        docs = []
        for s in chunk:
            sent_starts = [True] + [False] * (len(s["words"]) - 1)
            words = typographic(s["words"]) if _typographic_turn(n, typographic_every) else s["words"]
            n += 1
            docs.append(
                Doc(
                    vocab,
                    words=words,
                    spaces=s["spaces"][:-1] + [True],
                    lemmas=s["lemmas"],
                    pos=s["pos"],
                    morphs=s["morphs"],
                    heads=s["heads"],
                    deps=s["deps"],
                    sent_starts=sent_starts,
                )
            )
        yield Doc.from_docs(docs, ensure_whitespace=False)


# --------------------------------------------------------------------------
# NER TSV
# --------------------------------------------------------------------------

def read_ner_tsv(text: str, word_column: int = 0,
                 tag_map: Optional[dict] = None) -> Iterator[Tuple[List[str], List[str]]]:
    """Yield ``(words, tags)`` per sentence from token<TAB>tag text (the word in
    column ``word_column``, the tag in the last column).  ``tag_map`` renames
    entity labels (``{"MISC": "O"}`` drops them)."""
    words: List[str] = []
    tags: List[str] = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            if words:
                yield words, tags
            words, tags = [], []
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[word_column].strip():
            continue
        tag = parts[-1].strip() or "O"
        if tag_map:
            prefix, label = (tag[:2], tag[2:]) if tag[1:2] == "-" else ("", tag)
            if label in tag_map:
                tag = "O" if tag_map[label] == "O" else prefix + tag_map[label]
        words.append(parts[word_column].strip())
        tags.append(tag)
    if words:
        yield words, tags


def tags_to_spans(tags: Sequence[str]) -> List[Tuple[int, int, str]]:
    """BIO or bare IO tags -> list of ``(start, end, label)`` token spans."""
    spans = []
    start, label = None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t == "O" or not t:
            pref, lab = "O", None
        elif t[:2] in ("B-", "I-", "E-", "S-", "L-", "U-"):
            pref, lab = t[0], t[2:]
        else:
            pref, lab = "I", t
        if label is not None and (pref in ("O", "B", "S", "U") or lab != label):
            spans.append((start, i, label))
            start, label = None, None
        if lab is not None and label is None:
            start, label = i, lab
    return spans


def ner_sentences_to_docs(
    sents: Iterable[Tuple[List[str], List[str]]], vocab: Vocab, n_sents: int = 10,
    typographic_every: int = 0, paragraph_every: int = 0,
) -> Iterator[Doc]:
    """Group NER sentences into docs of ``n_sents`` sentences with entities set;
    every ``typographic_every``-th sentence (0: none) gets :func:`typographic` quotes,
    and every ``paragraph_every``-th (0: none) ends with a paragraph break: a
    ``"\n\n"`` white-space token outside any entity, as spaCy tokenises one."""
    n = 0
    for chunk in batched(sents, n_sents):
        docs = []
        for words, tags in chunk:
            if _typographic_turn(n, typographic_every):
                words = typographic(words)
            spaces = guess_spaces(words)
            spaces[-1] = True
            if _typographic_turn(n, paragraph_every):
                words, tags = list(words) + ["\n\n"], list(tags) + ["O"]
                spaces[-1:] = [False, False]
            n += 1
            doc = Doc(vocab, words=words, spaces=spaces,
                      sent_starts=[True] + [False] * (len(words) - 1))
            doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in tags_to_spans(tags)]
            docs.append(doc)
        yield Doc.from_docs(docs, ensure_whitespace=False)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------

def write_docbin(docs: Iterable[Doc], path: Path, attrs: Optional[list] = None) -> int:
    """Serialise docs to a ``.spacy`` file; return the number of docs."""
    db = DocBin(store_user_data=False)
    n = 0
    for d in docs:
        db.add(d)
        n += 1
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return n
