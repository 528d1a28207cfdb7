"""Silver relation examples: kg's own rules read unlabelled news sentences.

The hand-written examples are short and clean; real news sentences are long
and hold many entities, most pairs of which are unrelated.  This module turns
unlabelled sentences into examples in kg's gold schema: the entities are the
mentions kg finds (explicit ``spans``), the triples are the facts its rules
extract (entity objects only), and every other admitted pair of the sentence
is a ``none`` pair.  The rules' precision on news is about 0.8 and their
recall about 0.6, so the silver ``none`` pairs hold some true relations:
measure before you use it (``python -m kg.training.relscorer --corpora``).

Sources (openly licensed text, read from ``../shared/data`` at build time,
never copied into the repository):

* Italian: the KIND Wikinews sentences (``kind_wikinews/evalita-2023/WN_train.tsv``,
  Wikinews, CC BY 2.5), detokenised;
* English: the sentences of a corpus examples file written by
  :mod:`kg.training.relcorpora` (its ``text`` field only; for example Re-DocRED,
  from Wikipedia, CC BY-SA).

Usage::

    python -m kg.training.relsilver --lang it --kind ../shared/data/kind_wikinews/evalita-2023/WN_train.tsv \\
        --limit 4000 --out build/rel/silver_it.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Iterator

from ..types import ENTITY_CLASSES, Mention

__all__ = ["kind_sentences", "corpus_sentences", "silver_examples"]

def kind_sentences(path: Path) -> Iterator[str]:
    """The sentences of a KIND TSV file, spaced as :func:`kg.training.convert.guess_spaces` guesses."""
    from .convert import guess_spaces, read_ner_tsv

    for words, _ in read_ner_tsv(Path(path).read_text("utf-8")):
        yield "".join(w + (" " if space else "") for w, space in zip(words, guess_spaces(words)))


def corpus_sentences(path: Path) -> Iterator[str]:
    """The ``text`` of each example in a JSONL examples file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def silver_examples(sentences: Iterable[str], lang: str, *, limit: int = 4000) -> Iterator[dict]:
    """Examples of the sentences with at least two entity mentions, up to ``limit``, rules only."""
    from ..api import extract_documents
    from ..documents import Document
    from ..evaluate.names import snake_case
    from ..extract.learned import rules_only

    with rules_only():  # the scorer must not learn from itself
        docs = (Document(source=f"silver-{lang}-{i}", text=s) for i, s in enumerate(sentences) if len(s) > 20)
        made = 0
        for extraction in extract_documents(docs, lang=lang):
            mentions = [m for m in extraction.mentions if m.label in ENTITY_CLASSES]
            ids: dict[tuple[str, str], str] = {}
            entities: dict[str, dict] = {}
            for m in mentions:
                key = (m.text, m.label)
                if key not in ids:
                    ids[key] = f"e{len(ids)}"
                    entities[ids[key]] = {"id": ids[key], "label": m.text, "type": m.label, "spans": []}
                entities[ids[key]]["spans"].append([m.start, m.end])
            if len(entities) < 2:
                continue
            triples = sorted({(ids[(f.subject.text, f.subject.label)], snake_case(f.predicate),
                               ids[(f.object.text, f.object.label)])
                              for f in extraction.facts
                              if isinstance(f.object, Mention) and (f.subject.text, f.subject.label) in ids
                              and (f.object.text, f.object.label) in ids})
            yield {"id": extraction.document.source, "lang": lang, "text": extraction.document.text,
                   "entities": list(entities.values()),
                   "triples": [{"s": s, "p": p, "o": o} for s, p, o in triples]}
            made += 1
            if made >= limit:
                return


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.training.relsilver", description=__doc__.split("\n")[0])
    ap.add_argument("--lang", choices=("it", "en"), required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--kind", type=Path, help="a KIND TSV file (Italian Wikinews sentences)")
    src.add_argument("--corpus", type=Path, help="a JSONL examples file whose texts to read")
    ap.add_argument("--limit", type=int, default=4000)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    sentences = kind_sentences(args.kind) if args.kind else corpus_sentences(args.corpus)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as f:
        for ex in silver_examples(sentences, args.lang, limit=args.limit):
            f.write(json.dumps(ex, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    tmp.replace(args.out)
    print(f"{args.out}: {n} examples", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
