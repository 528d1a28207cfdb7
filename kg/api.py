"""The library's main entry points: text in, RDF out.

>>> import kg
>>> graph = kg.build(["examples/000_4f1d2f5fb92fcf2d.txt"])  # doctest: +SKIP
>>> len(graph) > 0  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from rdflib import Dataset, Graph

from .documents import read_documents
from .errors import InputError
from .lang import detect_language
from .types import Document, Extraction

__all__ = ["extract_text", "extract_documents", "build_dataset", "build"]

Inputs = str | os.PathLike | Iterable[str | os.PathLike]


def _as_list(inputs: Inputs) -> list:
    if isinstance(inputs, (str, os.PathLike)):
        return [inputs]
    return list(inputs)


def extract_documents(
    documents: Iterable[Document],
    *,
    lang: str | None = None,
    models: dict[str, str] | None = None,
    batch_size: int = 16,
) -> Iterator[Extraction]:
    """Parse and extract each document, in input order.

    ``lang`` forces the language of every document; otherwise it is detected
    per document. ``models`` maps a language (or ``"*"``) to a spaCy pipeline
    name or path. A document longer than :data:`kg.windows.WINDOW_CHARS` is
    parsed and extracted in windows of paragraphs, and its extraction has the
    offsets of the whole text (see :mod:`kg.windows`).
    """
    from .extract import extract_doc
    from .nlp import load_pipeline
    from .windows import merge, split_windows, window_document

    models = models or {}
    batch: list[tuple[Document, str]] = []

    def flush():
        by_lang: dict[str, list[int]] = {}
        for i, (_, language) in enumerate(batch):
            by_lang.setdefault(language, []).append(i)
        results: dict[int, Extraction] = {}
        for language, positions in by_lang.items():
            nlp, info = load_pipeline(language, models.get(language) or models.get("*"))
            pipeline = f"{info.name}-{info.version}"
            whole, windows = [], []  # documents that fit in one window; windows of longer ones
            for i in positions:
                spans = split_windows(batch[i][0].text)
                if len(spans) == 1:
                    whole.append((i, 0, batch[i][0]))
                else:
                    windows.extend((i, start, window_document(batch[i][0], start, end)) for start, end in spans)
            parts: dict[int, list[tuple[int, Extraction]]] = {}
            # the parser's memory grows with the characters of a batch: a long document's windows go one at a time
            for group, size in ((whole, batch_size), (windows, 1)):
                texts = (part.text for _, _, part in group)
                for (i, start, part), doc in zip(group, nlp.pipe(texts, batch_size=size)):
                    parts.setdefault(i, []).append((start, extract_doc(doc, part, lang=language, pipeline=pipeline)))
            for i in positions:
                results[i] = merge(batch[i][0], parts[i])
        for i in range(len(batch)):
            yield results[i]
        batch.clear()

    for document in documents:
        language = lang or document.lang or detect_language(document.text)
        batch.append((document, language))
        if len(batch) >= batch_size:
            yield from flush()
    if batch:
        yield from flush()


def extract_text(text: str, *, lang: str | None = None, model: str | None = None, source: str = "<text>") -> Extraction:
    """Extract mentions and facts from one text (no RDF)."""
    from .documents import parse_text

    document = parse_text(text, source=source)
    if not document.text:
        raise InputError(f"{source}: empty input")
    models = {"*": model} if model else None
    return next(extract_documents([document], lang=lang, models=models))


def build_dataset(
    inputs: Inputs,
    *,
    lang: str | None = None,
    models: dict[str, str] | None = None,
) -> Dataset:
    """Build the knowledge graph of ``inputs`` as a Dataset, one named graph per document.

    ``inputs`` are paths of ``.txt``/``.jsonl``/``.csv`` files or folders, or
    ``"-"`` for standard input.
    """
    from .rdf import to_dataset
    from .resolve import resolve

    documents = list(_unique(read_documents(_as_list(inputs))))
    if not documents:
        raise InputError("no input documents")
    extractions = list(extract_documents(documents, lang=lang, models=models))
    entities, statements = resolve(extractions)
    return to_dataset([(ex.document, ex.lang) for ex in extractions], entities, statements)


def _unique(documents: Iterable[Document]) -> Iterator[Document]:
    """Drop repeated documents (same text): one document, one named graph."""
    seen: set[str] = set()
    for doc in documents:
        if doc.key not in seen:
            seen.add(doc.key)
            yield doc


def build(inputs: Inputs, *, lang: str | None = None, models: dict[str, str] | None = None) -> Graph:
    """Build the knowledge graph of ``inputs`` as one rdflib Graph (all documents)."""
    from .rdf import union_graph

    return union_graph(build_dataset(inputs, lang=lang, models=models))
