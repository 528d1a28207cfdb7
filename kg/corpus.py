"""Corpus-scale builds: stream thousands of articles into a store.

:func:`build_corpus` is what ``kg build`` runs. Documents flow through it one
at a time and never all at once:

``read (lenient) ─► drop duplicates and documents already stored ─► extract in
batches (in process, in a process pool or on a Dask cluster) ─► in input order:
resolve the document, build its graph, add it to the store``

* **Streaming.** Documents are read lazily (JSON Lines and CSV files record by
  record); at most a few batches are in flight. With ``store``, each
  document's graph is resolved on its own and stored as soon as it is done:
  entity IRIs come from class and normalised name, so the same entity in two
  documents is still one IRI. With ``output``/``html`` every extraction is kept
  until the end, because the output file is resolved over the whole corpus
  (the result is the same as :func:`kg.build_dataset`).
* **One label.** In a store, an entity keeps the ``rdfs:label`` the store
  already gives it in that language; another spelling a later document uses
  becomes a ``skos:altLabel`` of that document's graph, so the merge has one
  label per language as the contract says.
* **Order.** Results are consumed in input order, whatever the engine, so a run
  is deterministic.
* **Resume.** With ``store`` alone, a document whose content hash is already
  stored is skipped before it is parsed, so an interrupted run continues where
  it stopped; a changed document (same source path, new text) is replaced.
* **Bad input.** An unreadable, binary, non-UTF-8, empty or too large file or
  record, or a document whose extraction fails, is reported and skipped; the
  run fails only when nothing could be processed.

Examples
--------
>>> list(batched(iter(range(5)), 2))
[[0, 1], [2, 3], [4]]
>>> report = CorpusReport(documents=2, words=10, seconds=2.0)
>>> report.summary()
'2 documents, 10 words in 2.0 s (1.0 docs/s, 5 words/s): 0 entities, 0 facts'
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .errors import InputError, KgError
from .types import Document, Extraction

__all__ = [
    "CorpusReport",
    "Skipped",
    "batched",
    "build_corpus",
    "count_documents",
    "extract_batch",
    "extract_stream",
]

DEFAULT_BATCH_SIZE = 32
"""Documents per batch: one task of a worker and one ``nlp.pipe`` batch."""

FLUSH_EVERY = 500
"""Flush the store after this many documents: memory stays flat (6,000 small
document graphs: 122 MB resident with flushes, 429 MB without)."""


@dataclass(frozen=True)
class Skipped:
    """An input that was not processed, and why."""

    source: str
    reason: str


@dataclass
class CorpusReport:
    """What :func:`build_corpus` did."""

    documents: int = 0
    """Documents parsed and extracted in this run."""
    words: int = 0
    entities: int = 0
    """Distinct entity IRIs found in this run."""
    facts: int = 0
    """Statements found in this run."""
    resumed: int = 0
    """Documents skipped because the store already holds them."""
    duplicates: int = 0
    """Documents skipped because an earlier input had the same text."""
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    """Inputs processed with a part dropped (a date that is not a date), and why."""
    store: Counter = field(default_factory=Counter)
    """Store outcomes: ``added``, ``replaced``, ``unchanged``."""
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: documents, words, rates, entities and facts, resumed, duplicates, skipped."""
        rate = f"{self.documents / self.seconds:.1f} docs/s, {self.words / self.seconds:.0f} words/s" \
            if self.seconds > 0 else "-"
        parts = [(f"{self.documents} documents, {self.words} words in {self.seconds:.1f} s ({rate}): "
                  f"{self.entities} entities, {self.facts} facts")]
        if self.resumed:
            parts.append(f"{self.resumed} already in the store")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return "; ".join(parts)

    def skipped_lines(self, *, limit: int = 20) -> list[str]:
        """The skipped inputs, counted by reason, then listed (at most ``limit``), then the
        warnings; each line printable (control characters in file names escaped)."""
        from .text import printable

        lines = []
        if self.skipped:
            reasons = Counter(_reason_kind(s.reason) for s in self.skipped)
            lines.append(f"skipped {len(self.skipped)}: "
                         + ", ".join(f"{n} {kind}" for kind, n in reasons.most_common()))
            lines += [f"  {printable(s.source)}: {printable(s.reason)}" for s in self.skipped[:limit]]
            if len(self.skipped) > limit:
                lines.append(f"  ... and {len(self.skipped) - limit} more")
        lines += [f"warning: {printable(w.source)}: {printable(w.reason)}" for w in self.warnings[:limit]]
        if len(self.warnings) > limit:
            lines.append(f"warning: ... and {len(self.warnings) - limit} more")
        return lines


def _reason_kind(reason: str) -> str:
    for kind in ("not UTF-8", "UTF-16", "UTF-32", "binary", "empty", "too large", "cannot read", "invalid JSON",
                 "extraction failed", "duplicate id", "lone surrogate", "not a regular file",
                 "dangling symbolic link", "symbolic link loop", "bad CSV record", "record longer than"):
        if kind in reason:
            return kind
    return reason.split("(")[0].strip()


# ---------------------------------------------------------------- input


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Group ``items`` into lists of ``size`` (the last may be shorter), lazily."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def count_documents(files: Iterable[str]) -> int | None:
    """Count the documents of ``files`` (cheaply: one per text file, non-blank
    lines of JSON Lines, rows of CSV); None when standard input is among them."""
    import csv

    total = 0
    for path in files:
        suffix = Path(path).suffix.lower()
        if path == "-":
            return None
        try:
            if suffix in (".jsonl", ".ndjson"):
                with open(path, "rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif suffix == ".csv":
                with open(path, encoding="utf-8", errors="replace", newline="") as handle:
                    total += max(sum(1 for _ in csv.reader(handle)) - 1, 0)
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


# ---------------------------------------------------------------- extraction engines


def extract_batch(
    documents: list[Document],
    *,
    lang: str | None = None,
    models: dict[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> list[Extraction | Skipped]:
    """Extract a batch of documents in this process; one result per document, in order.

    The spaCy pipeline is loaded once per process (``kg.nlp`` caches it), so a
    pool or Dask worker that runs many batches pays for it once. When the batch
    fails, each document is retried alone and only the failing ones become
    :class:`Skipped`. A pipeline that cannot be loaded is fatal
    (:class:`kg.errors.ModelError`).
    """
    from .api import extract_documents

    try:
        return list(extract_documents(documents, lang=lang, models=models, batch_size=batch_size))
    except KgError:
        raise
    except Exception:  # noqa: BLE001 - retried below, one document at a time
        if len(documents) == 1:
            return [Skipped(documents[0].source, _failure(sys.exc_info()[1]))]
    results: list[Extraction | Skipped] = []
    for document in documents:
        try:
            results.extend(extract_documents([document], lang=lang, models=models, batch_size=1))
        except KgError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad document never loses the others
            results.append(Skipped(document.source, _failure(exc)))
    return results


def _failure(exc: BaseException | None) -> str:
    return f"extraction failed: {type(exc).__name__}: {' '.join(str(exc).split())}"


def _in_order(submit: Callable[[list], Any], wait: Callable[[Any], list], batches: Iterable[list],
              in_flight: int) -> Iterator:
    """Submit batches with at most ``in_flight`` pending; yield their results in order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield from wait(pending.popleft())
    while pending:
        yield from wait(pending.popleft())


def extract_stream(
    documents: Iterable[Document],
    *,
    lang: str | None = None,
    models: dict[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    dask: str | Any | None = None,
    retries: int = 2,
) -> Iterator[Extraction | Skipped]:
    """Extract ``documents`` in batches; yield one result per document, in input order.

    ``workers`` > 1 runs a pool of that many extractor processes; ``dask`` is a
    scheduler address (``tcp://host:8786``), ``"local"`` for a
    ``LocalCluster`` of ``workers`` processes, or a ``distributed.Client``.
    At most ``2 × workers`` batches (``4 ×`` on Dask) are in flight, so memory
    stays bounded however long the input is.
    """
    options = {"lang": lang, "models": models, "batch_size": batch_size}
    batches = batched(iter(documents), batch_size)
    if dask is not None:
        yield from _dask_stream(batches, dask, options, workers=workers, retries=retries)
    elif workers <= 1:
        for batch in batches:
            yield from extract_batch(batch, **options)
    else:
        yield from _pool_stream(batches, options, workers=workers)


def _pool_stream(batches: Iterator[list], options: dict, *, workers: int) -> Iterator[Extraction | Skipped]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # forkserver: workers never inherit the store's or the progress display's threads
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        def submit(batch):
            return batch, pool.submit(extract_batch, batch, **options)

        def wait(item):
            _, future = item
            try:
                return future.result()
            except BrokenProcessPool as exc:
                raise KgError(f"an extraction worker died ({exc}); the documents stored so far are kept, "
                              "run the same command again to resume") from exc

        try:
            yield from _in_order(submit, wait, batches, 2 * workers)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _dask_stream(batches: Iterator[list], dask: str | Any, options: dict, *, workers: int,
                 retries: int) -> Iterator[Extraction | Skipped]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise KgError("--dask needs dask.distributed: pip install 'dask[distributed]'") from exc

    cluster = None
    if isinstance(dask, Client):
        client, own = dask, False
    else:
        try:
            if dask == "local":
                cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                       dashboard_address=None)
                client = Client(cluster)
            else:
                client = Client(dask, timeout="30s")
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            raise KgError(f"cannot connect to the Dask scheduler {dask}: {exc}") from exc
        own = True
    try:
        slots = max(sum(client.nthreads().values()), 1)

        def submit(batch):
            return client.submit(extract_batch, batch, pure=False, retries=retries, **options)

        def wait(future):
            try:
                return future.result()
            finally:
                future.release()

        yield from _in_order(submit, wait, batches, 4 * slots)
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()


# ---------------------------------------------------------------- progress


class _Progress:
    """A live line on stderr: documents, docs/s, words/s, ETA, entities, facts."""

    def __init__(self, total: int | None, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = Console(file=stream, force_terminal=True)
        columns = [TextColumn("[bold]kg build"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
                   TextColumn("{task.fields[rates]}"), TimeRemainingColumn(), TextColumn("{task.fields[counts]}")]
        self.progress = Progress(*columns, console=self.console, transient=False, refresh_per_second=4)
        self.task = self.progress.add_task("build", total=total, rates="", counts="")
        self.start = time.perf_counter()
        self.progress.start()

    def update(self, report: CorpusReport) -> None:
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        done = report.documents + report.resumed + report.duplicates + len(report.skipped)
        self.progress.update(
            self.task, completed=done,
            rates=f"{report.documents / elapsed:.1f} docs/s {report.words / elapsed:,.0f} words/s",
            counts=f"{report.entities:,} entities {report.facts:,} facts",
        )

    def log(self, message: str) -> None:
        self.progress.console.print(message, markup=False, highlight=False)

    def close(self) -> None:
        self.progress.stop()


def _wants_progress(progress: bool | None, stream: TextIO) -> bool:
    if progress is not None:
        return progress
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# ---------------------------------------------------------------- the run


def build_corpus(
    inputs: Iterable[str | os.PathLike],
    *,
    store: str | os.PathLike | None = None,
    output: str | os.PathLike | None = None,
    format: str | None = None,
    html: str | os.PathLike | None = None,
    lang: str | None = None,
    models: dict[str, str] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    dask: str | Any | None = None,
    progress: bool | None = None,
    stream: TextIO | None = None,
    schema_org: bool = False,
) -> CorpusReport:
    """Build the knowledge graph of ``inputs`` into ``store`` and/or ``output``/``html``.

    ``schema_org`` also writes the schema.org triples of each document
    (:func:`kg.schemaorg.add_schema_org`) into its graph.

    ``progress`` (default: when ``stream`` is a terminal) shows a live line on
    ``stream`` (default stderr); skipped inputs are logged there as they occur.
    Raises :class:`InputError` when no document could be processed: with one
    skipped input its reason is the message.
    """
    from .documents import iter_input_files, read_documents
    from .fileio import check_outputs
    from .text import printable

    if store is None and output is None and html is None:
        raise KgError("nothing to write: give an output, an html page and/or a store")
    if batch_size < 1 or workers < 1:
        raise KgError("batch size and workers must be at least 1")
    stream = stream if stream is not None else sys.stderr
    report = CorpusReport()
    bar: _Progress | None = None

    def skip(source: str, reason: str) -> None:
        report.skipped.append(Skipped(source, reason))
        if bar is not None:
            bar.log(f"skipped {printable(source)}: {printable(reason)}")

    def warn(source: str, message: str) -> None:
        report.warnings.append(Skipped(source, message))
        if bar is not None:
            bar.log(f"warning: {printable(source)}: {printable(message)}")

    files = list(iter_input_files(inputs, on_error=skip))  # fails early on a missing path
    if output is not None:
        from .rdf import resolve_format

        resolve_format(output, format)  # an unknown format fails before any work
    check_outputs([output, html], files)  # never write over an input, or one output over the other
    show = _wants_progress(progress, stream)
    bar = _Progress(count_documents(files), stream) if show else None
    started = time.perf_counter()

    db = None
    keep: list[Extraction] | None = [] if (output is not None or html is not None) else None
    try:
        if store is not None:
            from .store import Store

            db = Store.open(store)
        documents = _fresh(read_documents(files, on_error=skip, on_warning=warn), report,
                           db if keep is None else None, bar)
        entity_keys: set[str] = set()
        for result in extract_stream(documents, lang=lang, models=models, batch_size=batch_size,
                                     workers=workers, dask=dask):
            if isinstance(result, Skipped):
                skip(result.source, result.reason)
            else:
                _consume(result, report, entity_keys, db, keep, schema_org=schema_org)
                if db is not None and report.documents % FLUSH_EVERY == 0:
                    db.oxigraph.flush()  # RocksDB memtables otherwise grow with the corpus
            if bar is not None:
                bar.update(report)
    finally:
        if bar is not None:
            bar.close()
        if db is not None:
            db.close()
    report.seconds = time.perf_counter() - started
    if report.documents == 0 and report.resumed == 0:
        if len(report.skipped) == 1 and report.duplicates == 0:
            one = report.skipped[0]
            raise InputError(f"{one.source}: {one.reason}")
        if not report.skipped:
            raise InputError("no input documents")
        for line in report.skipped_lines():
            print(line, file=stream)
        raise InputError(f"no document could be processed ({len(report.skipped)} inputs skipped)")
    if keep is not None:
        _write_outputs(keep, output=output, format=format, html=html, schema_org=schema_org)
    return report


def _fresh(documents: Iterator[Document], report: CorpusReport, db: Any, bar: _Progress | None) -> Iterator[Document]:
    """Drop repeated texts and, with a store to resume into, documents it already holds."""
    seen: set[str] = set()
    for doc in documents:
        if doc.key in seen:
            report.duplicates += 1
        elif db is not None and db.has_document(doc.content_hash):
            seen.add(doc.key)
            report.resumed += 1
            report.store["unchanged"] += 1
        else:
            seen.add(doc.key)
            yield doc
            continue
        if bar is not None:
            bar.update(report)


def _consume(ex: Extraction, report: CorpusReport, entity_keys: set[str], db: Any,
             keep: list[Extraction] | None, *, schema_org: bool = False) -> None:
    from .rdf import document_iri, to_dataset
    from .resolve import resolve

    entities, statements = resolve([ex])
    report.documents += 1
    report.words += len(ex.document.text.split())
    report.facts += len(statements)
    entity_keys.update(e.key for e in entities)
    report.entities = len(entity_keys)
    if db is not None:
        iri = document_iri(ex.document.key)
        graph = to_dataset([(ex.document, ex.lang)], entities, statements).graph(iri)
        _keep_stored_labels(graph, db)
        if schema_org:
            from .schemaorg import add_schema_org

            add_schema_org(graph)
        report.store[db.add_document_graph(iri, graph)] += 1
    if keep is not None:
        keep.append(ex)


def _keep_stored_labels(graph: Any, db: Any) -> None:
    """Give each entity of ``graph`` the label the store already has for it in that language."""
    from rdflib import RDFS, Literal
    from rdflib.namespace import SKOS

    for entity, _, label in sorted(graph.triples((None, RDFS.label, None))):
        stored = db.labels(entity).get(label.language)
        if stored is None or stored == str(label):
            continue
        stored = Literal(stored, lang=label.language)
        graph.remove((entity, RDFS.label, label))
        graph.remove((entity, SKOS.altLabel, stored))
        graph.add((entity, RDFS.label, stored))
        graph.add((entity, SKOS.altLabel, label))


def _write_outputs(extractions: list[Extraction], *, output, format, html, schema_org: bool = False) -> None:
    from .rdf import to_dataset, write_graph
    from .resolve import resolve

    entities, statements = resolve(extractions)
    dataset = to_dataset([(ex.document, ex.lang) for ex in extractions], entities, statements)
    if schema_org:
        from .schemaorg import add_schema_org

        add_schema_org(dataset)
    if output is not None:
        write_graph(dataset, output, format=format)
    if html is not None:
        from .viz import write_html

        write_html(dataset, html)
