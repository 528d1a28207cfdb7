"""Corpus throughput: bare spaCy against ``kg build`` with one and two workers.

Articles are KIND Wikinews training sentences (``WN_train.tsv``: a token per
line, a blank line between sentences), detokenised and grouped ten sentences
to an article (about 1,090 articles, 250,000 words). With ``--lang en`` they
are the English Re-DocRED dev documents (Wikipedia introductions, about 500
articles, 88,000 words), detokenised. They are read at run time from
``../shared/data`` (or ``--data``) and written to a temporary JSON Lines file;
nothing is copied into the repository.

Variants, each in its own subprocess so that each peak RSS is its own:

``spacy``
    ``nlp.pipe`` over the texts with ``kg.nlp.load_pipeline("it")`` (the
    bundled Italian pipeline plus kg's rule component), nothing else;
``kg-1``
    ``kg build corpus.jsonl --store DIR --workers 1`` (in process: reading,
    language detection, parsing, extraction, per-document resolution, RDF,
    store);
``kg-2``
    the same with ``--workers 2`` (two extractor processes);
``dask-1``, ``dask-2``
    the same with ``--dask ADDRESS`` on a real cluster started for the
    variant: one ``dask scheduler`` and one or two ``dask worker`` processes
    (``--nthreads 1``, see ``tests/cluster.py``). The cluster is up before the
    clock starts; the workers load their pipeline inside the timed run.

One-time costs are kept out of the clock: the pipeline is loaded before it
starts in ``spacy`` and ``kg-1`` (``kg-1`` also imports rdflib and pyoxigraph
and loads the language identifier first); in ``kg-2`` the two workers load
theirs inside the timed run, as a real run does. Peak RSS is ``getrusage``
``ru_maxrss`` of the variant's own process, plus the sampled peak of the sum
over its process tree (the pool's workers are grandchildren, started by a
forkserver, so ``RUSAGE_CHILDREN`` does not see them) when psutil is
installed; with psutil the CPU seconds the tree used in the timed run, and
their ratio to the wall time ("cores": how many of the machine's cores the
variant got), are printed too, since on a shared machine a speed-up says as
much about the other users as about kg.

Usage::

    python bench/bench_corpus.py [--data ../shared/data] [--lang it] [--limit 0] [--batch-size 32] [--repeat 1]
                                 [--variants spacy,kg-1,kg-2,dask-1,dask-2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

__all__ = ["kind_articles", "redocred_articles", "run_variant", "main"]

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
VARIANTS = ("spacy", "kg-1", "kg-2", "dask-1", "dask-2")


def kind_articles(data: Path, *, per_article: int = 10, limit: int = 0) -> list[str]:
    """WN_train sentences, detokenised, joined ``per_article`` to an article."""
    from kg.training.convert import guess_spaces, read_ner_tsv

    sentences = []
    for words, _ in read_ner_tsv((data / "kind_wikinews/evalita-2023/WN_train.tsv").read_text("utf8")):
        spaces = guess_spaces(words)
        sentences.append("".join(w + (" " if s else "") for w, s in zip(words, spaces)).strip())
    articles = [" ".join(sentences[i:i + per_article]) for i in range(0, len(sentences), per_article)]
    return articles[:limit] if limit else articles


def redocred_articles(data: Path, *, limit: int = 0) -> list[str]:
    """The English Re-DocRED dev documents, detokenised (sentences joined by a space)."""
    from kg.training.relcorpora import detokenize

    docs = json.loads((data / "redocred/data/dev_revised.json").read_text("utf8"))
    articles = [" ".join(detokenize(sent)[0] for sent in doc["sents"]) for doc in docs]
    return articles[:limit] if limit else articles


class _TreeRss:
    """Sample the resident memory and the CPU time of this process and its children (needs psutil).

    CPU time is summed over every process seen in the tree while sampling,
    less what each had used when first seen, so the pool's or the cluster's
    workers count even after they exit (up to one sampling interval).
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.peak = 0
        self._cpu: dict[int, list[float]] = {}
        self._stop = threading.Event()
        try:
            import psutil
        except ImportError:
            self._thread = None
            return
        me = psutil.Process()

        def sample():
            while not self._stop.is_set():
                total = 0
                for proc in [me, *me.children(recursive=True)]:
                    try:
                        total += proc.memory_info().rss
                        times = proc.cpu_times()
                        used = times.user + times.system
                    except psutil.Error:
                        continue
                    self._cpu.setdefault(proc.pid, [used, used])[1] = used
                self.peak = max(self.peak, total)
                self._stop.wait(interval)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()

    def stop(self) -> tuple[int | None, float | None]:
        """Peak RSS of the tree (bytes) and the CPU seconds it used while sampled."""
        self._stop.set()
        if self._thread is None:
            return None, None
        self._thread.join()
        return self.peak, sum(last - first for first, last in self._cpu.values())


def run_variant(variant: str, corpus: Path, *, batch_size: int, work: Path, lang: str = "it") -> dict:
    """Run one variant in this process; return its measurements."""
    import kg.nlp

    texts = [json.loads(line)["text"] for line in corpus.read_text("utf8").splitlines()]
    words = sum(len(t.split()) for t in texts)
    nlp = None
    if variant in ("spacy", "kg-1"):
        nlp, _ = kg.nlp.load_pipeline(lang)
        nlp("Riscaldamento della pipeline." if lang == "it" else "Warming up the pipeline.")
    if variant != "spacy":  # one-time costs out of the clock: imports, language identifier
        import pyoxigraph  # noqa: F401
        import rdflib  # noqa: F401

        import kg.corpus  # noqa: F401
        import kg.resolve  # noqa: F401
        from kg.lang import detect_language

        detect_language("Questo è un breve testo italiano di prova.")
    del texts
    with _cluster(variant, work) as dask:
        return _timed(variant, corpus, batch_size=batch_size, work=work, words=words, nlp=nlp, dask=dask)


def _cluster(variant: str, work: Path):
    """A real Dask cluster for the ``dask-N`` variants (its address), else nothing."""
    import contextlib

    if not variant.startswith("dask"):
        return contextlib.nullcontext(None)
    sys.path.insert(0, str(REPO / "tests"))
    from cluster import dask_cluster

    return dask_cluster(int(variant.split("-")[1]), directory=work / f"cluster-{variant}")


def _timed(variant: str, corpus: Path, *, batch_size: int, work: Path, words: int, nlp, dask: str | None) -> dict:
    tree = _TreeRss()
    start = time.perf_counter()
    if variant == "spacy":
        texts = (json.loads(line)["text"] for line in corpus.open(encoding="utf8"))
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        result = {}
    else:
        from kg.corpus import build_corpus

        workers = 1 if dask else int(variant.split("-")[1])
        report = build_corpus([corpus], store=work / f"store-{variant}", batch_size=batch_size,
                              workers=workers, dask=dask, progress=False)
        result = {"documents": report.documents, "entities": report.entities, "facts": report.facts,
                  "skipped": len(report.skipped)}
    seconds = time.perf_counter() - start
    tree_peak, cpu = tree.stop()
    kib = 1024
    return {
        "variant": variant, "seconds": round(seconds, 2), "words": words,
        "words_per_second": round(words / seconds), **result,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * kib / 1e6),
        "peak_rss_tree_mb": round(tree_peak / 1e6) if tree_peak else None,
        "cpu_seconds": round(cpu, 1) if cpu is not None else None,
        "cores_used": round(cpu / seconds, 2) if cpu is not None else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--lang", choices=("it", "en"), default="it",
                        help="it: KIND Wikinews sentences (default); en: Re-DocRED dev documents")
    parser.add_argument("--limit", type=int, default=0, help="articles to use (default: all)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the variants this many times, interleaved, and keep each one's fastest run")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.variant:  # child process
        print(json.dumps(run_variant(args.variant, args.corpus, batch_size=args.batch_size, work=args.work,
                                     lang=args.lang)))
        return 0

    with tempfile.TemporaryDirectory(prefix="kg-bench-corpus-") as tmp:
        work = Path(tmp)
        corpus = work / f"articles-{args.lang}.jsonl"
        if args.lang == "it":
            articles, source = kind_articles(args.data, limit=args.limit), "KIND WN_train, 10 sentences each"
        else:
            articles, source = redocred_articles(args.data, limit=args.limit), "Re-DocRED dev documents"
        corpus.write_text("".join(json.dumps({"id": f"wn{i:04d}", "text": t}, ensure_ascii=False) + "\n"
                                  for i, t in enumerate(articles)), encoding="utf8")
        print(f"{len(articles)} articles, {sum(len(t.split()) for t in articles)} words "
              f"({source}), batch size {args.batch_size}", file=sys.stderr)
        results: dict[str, dict] = {}
        load = [os.getloadavg()[0]]
        for _ in range(args.repeat):
            for variant in args.variants.split(","):
                proc = subprocess.run(
                    [sys.executable, __file__, "--variant", variant, "--corpus", str(corpus), "--work", str(work),
                     "--batch-size", str(args.batch_size), "--lang", args.lang], capture_output=True, text=True)
                if proc.returncode != 0:
                    print(proc.stderr, file=sys.stderr)
                    return 1
                result = json.loads(proc.stdout.strip().splitlines()[-1])
                print(json.dumps(result))
                if variant not in results or result["seconds"] < results[variant]["seconds"]:
                    results[variant] = result
                for store in work.glob("store-*"):
                    shutil.rmtree(store)
                load.append(os.getloadavg()[0])
    print(f"\n1-minute load average during the runs: {min(load):.1f} to {max(load):.1f} on {os.cpu_count()} CPUs")
    print(f"\n{'variant':<8} {'seconds':>8} {'words/s':>8} {'RSS MB':>7} {'tree MB':>8} {'CPU s':>7} {'cores':>6}")
    for r in results.values():
        print(f"{r['variant']:<8} {r['seconds']:>8} {r['words_per_second']:>8} {r['peak_rss_mb']:>7} "
              f"{r['peak_rss_tree_mb'] or '-':>8} {r['cpu_seconds'] or '-':>7} {r['cores_used'] or '-':>6}")
    if "spacy" in results and "kg-1" in results:
        ratio = results["kg-1"]["seconds"] / results["spacy"]["seconds"]
        verdict = "within" if ratio <= 1.25 else "OVER"
        print(f"\nkg build (1 worker) / bare spaCy time: {ratio:.2f} ({verdict} the 1.25 target)")
    if "kg-1" in results and "kg-2" in results:
        print(f"kg build speed-up with 2 workers: {results['kg-1']['seconds'] / results['kg-2']['seconds']:.2f}x")
    if "dask-1" in results and "dask-2" in results:
        print(f"kg build --dask speed-up with 2 worker processes over 1: "
              f"{results['dask-1']['seconds'] / results['dask-2']['seconds']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
