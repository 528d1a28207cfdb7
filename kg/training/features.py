"""Cached encoder vectors for the training corpora, and the reader that attaches them.

The encoder is frozen, so its output for a training document never changes:
:func:`cache_features` runs ``kg_encoder`` once over every distinct document
text of a ``.spacy`` corpus (tokenised by the pipeline's own tokenizer, as
spaCy's corpus reader will) and writes the vectors as float16 rows to
``DIR/features.npy`` with ``DIR/index.json`` (text digest -> first row,
token count).  The reader ``kg.CachedCorpus.v1`` is spaCy's ``Corpus`` whose
examples carry those vectors in ``doc._.kg_encoder``, so training epochs and
evaluations during training never run the encoder again (``kg_encoder``
skips a doc that already has them).

This file is also passed to spaCy's CLI with ``--code`` (it registers the
reader, and importing :mod:`kg.encoder` registers the component).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import numpy
import spacy
from spacy.tokens import DocBin
from spacy.training import Corpus, Example
from spacy.util import registry

import kg.encoder  # noqa: F401  (registers kg_encoder and the kg.* architectures)

__all__ = ["cache_features", "CachedFeatures", "cached_corpus", "digest"]


def digest(text: str) -> str:
    """The key of a document text in the cache."""
    return hashlib.sha1(text.encode("utf8")).hexdigest()


def cache_features(corpora: Iterable[Path], encoder: Path, out: Path, lang: str = "it",
                   batch_size: int = 64) -> Path:
    """Encode every distinct doc text of the ``corpora`` (``.spacy`` files)
    with the encoder files in ``encoder``; write ``out/features.npy`` and
    ``out/index.json``.  Returns ``out``."""
    nlp = spacy.blank(lang)
    nlp.add_pipe("kg_encoder").initialize(path=str(encoder))
    texts, seen = [], set()
    for path in corpora:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            key = digest(doc.text)
            if key not in seen:
                seen.add(key)
                texts.append(doc.text)
    sizes = [len(nlp.make_doc(t)) for t in texts]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    width = nlp.get_pipe("kg_encoder").model.attrs["runtime"].width
    rows = numpy.lib.format.open_memmap(out / "features.npy", mode="w+", dtype=numpy.float16,
                                        shape=(sum(sizes), width))
    index, row = {}, 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        rows[row:row + len(doc)] = doc._.kg_encoder.astype(numpy.float16)
        index[digest(doc.text)] = [row, len(doc)]
        row += len(doc)
    rows.flush()
    del rows
    (out / "index.json").write_text(json.dumps(index, sort_keys=True), encoding="utf8")
    return out


class CachedFeatures:
    """Read access to a cache written by :func:`cache_features`."""

    def __init__(self, path: Path):
        path = Path(path)
        self.rows = numpy.load(path / "features.npy", mmap_mode="r")
        self.index = json.loads((path / "index.json").read_text(encoding="utf8"))

    def attach(self, doc) -> None:
        """Set ``doc._.kg_encoder`` from the cache (KeyError if the text is not in it)."""
        first, n = self.index[digest(doc.text)]
        if n != len(doc):
            raise ValueError(f"cached features have {n} tokens, the doc {len(doc)}: "
                             "was the cache made with another tokenizer?")
        doc._.kg_encoder = numpy.asarray(self.rows[first:first + n], dtype=numpy.float32)


@registry.readers("kg.CachedCorpus.v1")
def cached_corpus(path: Optional[Path], cache: Optional[Path], max_length: int = 0,
                  limit: int = 0) -> Callable[["spacy.Language"], Iterator[Example]]:
    """spaCy's ``Corpus`` reader (``path``: a ``.spacy`` file), its predicted
    docs carrying the cached encoder vectors from ``cache``."""
    corpus = Corpus(path, max_length=max_length, limit=limit) if path else None
    features = CachedFeatures(cache) if cache else None

    def read(nlp) -> Iterator[Example]:
        if corpus is None:
            return
        for eg in corpus(nlp):
            if features is not None:
                features.attach(eg.predicted)
            yield eg
    return read
