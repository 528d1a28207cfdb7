"""SPARQL over a kg graph, an RDF file or a persistent store.

:func:`query` runs one SPARQL 1.1 query against

* an rdflib ``Graph`` or ``Dataset`` (rdflib's engine; a ``Dataset`` is queried
  with its union of named graphs as the default graph),
* the path of an RDF file written by ``kg build`` (loaded with rdflib), or
* a store directory made by :mod:`kg.store` (pyoxigraph's own engine; the
  default graph is the store's merge of the document graphs, or, when that
  merge is missing or incomplete, the union of its named graphs).

The kg prefixes (``kg kgr kgd kgs rdf rdfs skos prov dcterms xsd schema owl``)
are predeclared, so a query may omit its ``PREFIX`` lines.

``SELECT`` and ``ASK`` give a :class:`QueryResult`; ``CONSTRUCT`` and
``DESCRIBE`` give an ``rdflib.Graph``. Values passed in ``bindings`` are turned
into RDF terms by :func:`to_term` and never pasted into the query text: rdflib
gets them as ``initBindings``, pyoxigraph as a ``VALUES`` block made of
``term.n3()`` at the start of the query's ``WHERE`` group.

Safety and bounds:

* **No outbound requests.** A query with a ``SERVICE`` pattern (federated
  query: the engine would send an HTTP request to the endpoint it names) is
  refused unless ``allow_service=True`` (``kg query --allow-service``); see
  :mod:`kg.guard`. SPARQL Update is refused: ``kg query`` only reads.
* **Bounded work.** :func:`stream_query` evaluates in a worker thread and hands
  rows over in small chunks through a bounded queue, so results stream in
  bounded memory (:func:`write_result` writes CSV, TSV, JSON and tables as
  rows arrive). ``timeout`` stops the query after that many seconds and
  ``max_rows`` after that many rows, each with a :class:`~kg.errors.QueryError`;
  Ctrl-C stops it at once. Neither engine can be interrupted inside one step
  of evaluation (a big ``ORDER BY`` or ``COUNT``): the caller gets its error
  on time and the worker thread stops at the next row it would produce (the
  ``kg`` command simply exits).

Examples
--------
>>> from rdflib import Graph, Literal
>>> from kg.vocab import KG, KGR
>>> g = Graph()
>>> _ = g.add((KGR["organization/meta"], KG.pays, KGR["person/donald-trump"]))
>>> result = query(g, "SELECT ?who WHERE { ?who kg:pays ?whom }",
...                bindings={"whom": "kgr:person/donald-trump"})
>>> [str(row["who"]) for row in result]
['https://w3id.org/newskg/id/organization/meta']
>>> format_result(result, format="csv").splitlines()
['who', 'https://w3id.org/newskg/id/organization/meta']
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .errors import FormatError, InputError, QueryError
from .rdf import PREFIXES as _RDF_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = [
    "PREFIXES",
    "RESULT_FORMATS",
    "QueryResult",
    "ResultStream",
    "query",
    "stream_query",
    "format_result",
    "write_result",
    "inject_values",
    "read_query",
    "to_term",
]

PREFIXES: dict[str, str] = dict(_RDF_PREFIXES)
"""Prefixes every query may use without declaring them."""

RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""Output formats of :func:`format_result` for ``SELECT`` and ``ASK``."""

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_CHARS = re.compile(r'^[^\x00-\x20<>"{}|^`\\]+$')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+$")
_PNAME = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")
_CHUNK = 256
"""Rows per hand-over from the worker thread."""
_TABLE_SAMPLE = 1000
"""A table's column widths come from its first this many rows (the rest stream through)."""


@dataclass(frozen=True)
class QueryResult:
    """The answer to a ``SELECT`` or ``ASK`` query.

    ``vars`` are the projected variable names in order; ``rows`` hold one dict
    per solution mapping every name in ``vars`` to an rdflib term, or to
    ``None`` where the variable is unbound. For ``ASK``, ``boolean`` is the
    answer, ``vars`` and ``rows`` are empty and ``bool(result)`` is the answer.
    """

    vars: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)
    boolean: bool | None = None

    @property
    def kind(self) -> str:
        """``"ASK"`` or ``"SELECT"``."""
        return "SELECT" if self.boolean is None else "ASK"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows) if self.boolean is None else self.boolean

    def to_pandas(self, *, full_iris: bool = False) -> Any:
        """The rows as a pandas ``DataFrame``: native values, IRIs shortened unless
        ``full_iris`` (see :mod:`kg.frames`; needs the ``[pandas]`` extra)."""
        from .frames import to_pandas

        return to_pandas(self, full_iris=full_iris)


# ------------------------------------------------------------------ inputs


def read_query(sparql: str | os.PathLike) -> str:
    """Return the query text: ``sparql`` itself, or the content of a ``.rq`` file.

    A ``PathLike``, or a one-line string without braces that ends in
    ``.rq``/``.sparql`` or names an existing file, is read from that file;
    anything else is the query text.
    """
    is_path = isinstance(sparql, os.PathLike) or (
        isinstance(sparql, str)
        and "\n" not in sparql
        and "{" not in sparql
        and (sparql.strip().lower().endswith((".rq", ".sparql")) or Path(sparql).is_file())
    )
    if not is_path:
        if not isinstance(sparql, str):
            raise QueryError(f"a query must be a string or a path, not {type(sparql).__name__}")
        if not sparql.strip():
            raise QueryError("empty query")
        return sparql
    path = Path(sparql)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"query file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"query file is not UTF-8: {path}") from exc
    except OSError as exc:
        raise InputError(f"cannot read query file {path}: {exc.strerror or exc}") from exc
    if not text.strip():
        raise QueryError(f"empty query file: {path}")
    return text


def to_term(value: Any) -> rdflib.term.Identifier:
    """Turn a binding value into a typed rdflib term.

    rdflib terms are kept. ``<...>`` and ``http(s)://...`` become IRIs;
    ``kgr:person/x`` style names with a kg prefix expand to IRIs; numbers
    (Python or in a string) become ``xsd:integer``, ``xsd:decimal`` or
    ``xsd:double`` literals; ``True``/``False`` become ``xsd:boolean``; any
    other string is a plain literal.

    >>> to_term("kgr:person/mark-zuckerberg").n3()
    '<https://w3id.org/newskg/id/person/mark-zuckerberg>'
    >>> to_term("25000000").n3()
    '"25000000"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> to_term('Meta "paga"').n3()
    '"Meta \\\\"paga\\\\""'
    """
    from rdflib import Literal
    from rdflib.namespace import XSD
    from rdflib.term import Identifier

    if isinstance(value, Identifier):
        return value
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    if not isinstance(value, str):
        raise QueryError(f"cannot bind a value of type {type(value).__name__}")
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return _iri(text[1:-1])
    if text.lower().startswith(("http://", "https://", "urn:")):
        return _iri(text)
    match = _PNAME.match(text)
    if match and match.group(1) in PREFIXES:
        return _iri(PREFIXES[match.group(1)] + match.group(2))
    if _INTEGER.match(text):
        return Literal(text, datatype=XSD.integer)
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    if _DOUBLE.match(text):
        return Literal(text, datatype=XSD.double)
    if text in ("true", "false"):
        return Literal(text, datatype=XSD.boolean)
    return Literal(value)


def _iri(text: str) -> rdflib.URIRef:
    from rdflib import URIRef

    if not _IRI_CHARS.match(text) or not _SCHEME.match(text):
        raise QueryError(f"not a valid IRI: {text!r}")
    return URIRef(text)


def _bindings(bindings: Mapping[str, Any] | None) -> dict[str, Any]:
    out = {}
    for name, value in (bindings or {}).items():
        var = name[1:] if name[:1] in "?$" else name
        if not _VARNAME.match(var):
            raise QueryError(f"not a valid SPARQL variable name: {name!r}")
        out[var] = to_term(value)
    return out


# ------------------------------------------------------------------ running


def query(
    source: Any,
    sparql: str | os.PathLike,
    *,
    bindings: Mapping[str, Any] | None = None,
    format: str | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> QueryResult | rdflib.Graph:
    """Run ``sparql`` on ``source`` and return its result.

    Parameters
    ----------
    source
        an rdflib ``Graph``/``Dataset``, a :class:`kg.store.Store`, a
        ``pyoxigraph.Store``, the path of an RDF file, or a store directory.
    sparql
        query text, or the path of a ``.rq`` file.
    bindings
        ``{"name": value}`` pre-bound variables (see :func:`to_term`).
    format
        RDF format of ``source`` when it is a file (default: from the extension).
    allow_service
        run ``SERVICE`` patterns (federated queries: HTTP requests to other
        endpoints); refused by default.
    timeout
        seconds the query may run; None for no limit.
    max_rows
        most solutions (or triples) the result may have; None for no limit.

    Raises
    ------
    QueryError
        when the query does not parse, is an update, uses ``SERVICE`` without
        ``allow_service``, fails to run, runs out of time or has too many rows.
    """
    with stream_query(source, sparql, bindings=bindings, format=format, allow_service=allow_service,
                      timeout=timeout, max_rows=max_rows) as stream:
        if stream.kind == "ASK":
            return QueryResult(vars=(), boolean=stream.boolean)
        if stream.kind == "SELECT":
            return QueryResult(vars=stream.vars, rows=list(stream))
        out = _new_graph()
        for triple in stream:
            out.add(triple)
        return out


def stream_query(
    source: Any,
    sparql: str | os.PathLike,
    *,
    bindings: Mapping[str, Any] | None = None,
    format: str | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> ResultStream:
    """Start ``sparql`` on ``source`` and return a :class:`ResultStream` of its result.

    The arguments are those of :func:`query`. The rows are produced by a
    worker thread while the caller reads them; use the stream as a context
    manager (or call :meth:`ResultStream.close`) so that a result read only
    in part stops its worker.
    """
    if timeout is not None and not timeout > 0:
        raise QueryError(f"the timeout must be a positive number of seconds, not {timeout}")
    if max_rows is not None and max_rows < 0:
        raise QueryError(f"max_rows must be zero or more, not {max_rows}")
    text = read_query(sparql)
    terms = _bindings(bindings)
    ox_store = _as_oxigraph(source, format=format)
    if ox_store is not None:
        if terms:
            text = inject_values(text, terms)
        _check(text, allow_service=allow_service, need_parse=False)
        produce = _oxigraph_producer(ox_store, text)
    else:
        graph = _as_rdflib(source, format=format)
        parsed = _check(text, allow_service=allow_service, need_parse=True)
        produce = _rdflib_producer(graph, parsed, terms)
    return ResultStream(produce, timeout=timeout, max_rows=max_rows)


def _check(text: str, *, allow_service: bool, need_parse: bool) -> Any:
    """Refuse updates and (unless allowed) SERVICE; return rdflib's parsed query (or None)."""
    from .guard import check

    found = check(text, prefixes=PREFIXES)
    if found.update:
        raise QueryError("this is a SPARQL Update, and kg query only runs queries (SELECT, ASK, CONSTRUCT, "
                         "DESCRIBE); change a store with kg build --store and kg remove, or serve it with "
                         "kg serve --allow-update")
    if found.service and not allow_service:
        raise QueryError("the query has a SERVICE pattern, which would send an HTTP request to another "
                         "endpoint; federated queries are off (allow them with --allow-service, or "
                         "allow_service=True)")
    if need_parse and found.parsed is None:
        raise QueryError(found.error or "SPARQL syntax error")
    return found.parsed


def _as_oxigraph(source: Any, *, format: str | None) -> Any:
    """The pyoxigraph store behind ``source``, or ``None`` for the rdflib path."""
    from .store import Store, is_store_dir

    if isinstance(source, Store):
        return source.oxigraph
    if type(source).__module__.startswith("pyoxigraph"):
        return source
    if isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        if not is_store_dir(source):
            raise InputError(f"{source} is a directory but not a kg store")
        return Store.open(source, read_only=True).oxigraph
    return None


def _as_rdflib(source: Any, *, format: str | None) -> Any:
    import rdflib

    if isinstance(source, rdflib.Graph):
        return source
    if isinstance(source, (str, os.PathLike)):
        from .rdf import load_graph

        return load_graph(source, format=format)
    raise QueryError(f"cannot query a {type(source).__name__}: give a graph, a file or a store")


# A producer runs in the worker thread. It calls head(kind, vars, boolean) once, then
# rows(chunk) for each chunk of rows (dicts) or triples; both raise _Stop when the
# reader went away.
_Producer = Callable[[Callable[..., None], Callable[[Iterator], None]], None]


def _rdflib_producer(graph: Any, parsed: Any, terms: dict[str, Any]) -> _Producer:
    def produce(head, rows):
        import rdflib
        from rdflib.plugins.sparql.evaluate import evalQuery

        union = isinstance(graph, rdflib.Dataset) and not graph.default_union
        if union:
            graph.default_union = True
        try:
            try:
                res = evalQuery(graph, parsed, terms)
            except Exception as exc:  # noqa: BLE001 - rdflib's evaluator raises bare Exceptions
                raise QueryError(f"query failed: {_one_line(exc)}") from exc
            kind = res["type_"]
            if kind == "ASK":
                head("ASK", (), bool(res["askAnswer"]))
            elif kind == "SELECT":
                names = tuple(str(v) for v in (res.get("vars_") or ()))
                head("SELECT", names, None)
                keys = [rdflib.Variable(name) for name in names]
                rows(_guarded({name: b.get(key) for name, key in zip(names, keys)}
                              for b in res["bindings"] if b))
            else:
                head("CONSTRUCT", (), None)
                rows(_guarded(iter(res["graph"])))
        finally:
            if union:
                graph.default_union = False

    return produce


def _guarded(items: Iterator) -> Iterator:
    """Turn rdflib's evaluation errors, raised lazily while rows are produced, into QueryErrors."""
    try:
        yield from items
    except (QueryError, _Stop):
        raise
    except Exception as exc:  # noqa: BLE001 - rdflib's evaluator raises bare Exceptions
        raise QueryError(f"query failed: {_one_line(exc)}") from exc


def _oxigraph_producer(store: Any, text: str) -> _Producer:
    def produce(head, rows):
        import pyoxigraph as ox

        from .store import default_graph_is_merge
        from .terms import to_rdflib

        try:
            union = not default_graph_is_merge(store)
            result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)
            if isinstance(result, ox.QueryBoolean):
                head("ASK", (), bool(result))
                return
            if isinstance(result, ox.QueryTriples):
                head("CONSTRUCT", (), None)
                rows((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in result)
                return
            names = tuple(v.value for v in result.variables)
            head("SELECT", names, None)
            rows({name: to_rdflib(value) for name, value in zip(names, solution)} for solution in result)
        except SyntaxError as exc:
            message = _one_line(exc)
            if len(message) > 160:  # oxigraph lists every token it expected
                message = message[:160].rsplit(" ", 1)[0] + " ..."
            raise QueryError(f"SPARQL syntax error: {message}") from exc
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from exc

    return produce


class _Stop(Exception):
    """Raised in the worker thread when the reader has gone (closed, timed out, interrupted)."""


class ResultStream:
    """The result of :func:`stream_query`, read as it is produced.

    :attr:`kind` is ``"SELECT"``, ``"ASK"`` or ``"CONSTRUCT"`` (also for
    ``DESCRIBE``); :attr:`vars` are a SELECT's variable names and
    :attr:`boolean` an ASK's answer. Iterating gives a SELECT's rows (dicts of
    rdflib terms, ``None`` where unbound) or a graph's triples. Reading raises
    :class:`~kg.errors.QueryError` when the query fails, runs past its
    ``timeout`` or has more than ``max_rows`` rows (after the first
    ``max_rows`` have been given).
    """

    def __init__(self, produce: _Producer, *, timeout: float | None = None, max_rows: int | None = None) -> None:
        self.timeout = timeout
        self.max_rows = max_rows
        self.kind = ""
        self.vars: tuple[str, ...] = ()
        self.boolean: bool | None = None
        self.rows_read = 0
        self._queue: queue.Queue = queue.Queue(maxsize=8)
        self._stop = threading.Event()
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._done = False
        self._finished = False
        self._thread = threading.Thread(target=self._work, args=(produce,), name="kg-query", daemon=True)
        self._thread.start()
        try:
            item = self._next_item()
        except BaseException:
            self.close()
            raise
        self.kind, self.vars, self.boolean = item[1]  # the worker's first item is the head (or an error)
        if self.kind == "ASK":
            for _ in self:  # the answer is all there is: take the end now, so the worker is done
                pass

    # ------------------------------------------------------------ worker side

    def _put(self, item: tuple) -> None:
        while True:
            if self._stop.is_set():
                raise _Stop
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _work(self, produce: _Producer) -> None:
        def head(kind: str, names: tuple, boolean: bool | None) -> None:
            self._put(("head", (kind, tuple(names), boolean)))

        def rows(items: Iterator) -> None:
            chunk: list = []
            count = 0
            for item in items:
                if self.max_rows is not None and count >= self.max_rows:
                    if chunk:
                        self._put(("rows", chunk))
                    self._put(("too many", None))
                    return
                if self._stop.is_set():
                    raise _Stop
                chunk.append(item)
                count += 1
                if len(chunk) >= _CHUNK:
                    self._put(("rows", chunk))
                    chunk = []
            if chunk:
                self._put(("rows", chunk))

        try:
            produce(head, rows)
            self._put(("end", None))
        except _Stop:
            pass
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            try:
                self._put(("error", exc))
            except _Stop:
                pass

    # ------------------------------------------------------------ reader side

    def _next_item(self) -> tuple:
        while True:
            wait = 0.1
            if self._deadline is not None:
                left = self._deadline - time.monotonic()
                if left <= 0:
                    self.close()
                    raise QueryError(f"the query was stopped after {self.timeout:g} s (timeout); "
                                     "narrow it, add LIMIT, or allow more time")
                wait = min(wait, left)
            try:
                item = self._queue.get(timeout=wait)
            except queue.Empty:
                continue
            if item[0] in ("end", "error", "too many"):
                self._finished = True
            if item[0] == "error":
                self._done = True
                exc = item[1]
                if isinstance(exc, QueryError):
                    raise QueryError(str(exc)) from exc
                raise QueryError(f"query failed: {_one_line(exc)}") from exc
            return item

    def __iter__(self) -> Iterator:
        try:
            while not self._done:
                kind, payload = self._next_item()
                if kind == "rows":
                    self.rows_read += len(payload)
                    yield from payload
                elif kind == "too many":
                    self._done = True
                    raise QueryError(f"the result has more than {self.max_rows} rows (max_rows={self.max_rows}); "
                                     "add LIMIT to the query or raise the limit (--max-rows)")
                else:
                    self._done = True
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker (at its next row) and drop what it produced.

        A worker that has finished is joined, so it no longer holds the store
        when this returns; one still inside a step of evaluation is left to
        stop on its own.
        """
        finished = self._finished
        self._done = True
        self._stop.set()
        if finished:
            self._thread.join(timeout=5)

    def __enter__(self) -> ResultStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def inject_values(text: str, terms: Mapping[str, Any]) -> str:
    """Put ``VALUES (?a ?b) { (t1 t2) }`` at the start of the query's WHERE group.

    The terms are rdflib terms written with ``n3()``, so no user text reaches
    the query unescaped. The group is found by skipping comments, strings and
    IRIs: the first ``{`` after the ``WHERE`` keyword, or the first ``{`` of a
    query without ``WHERE`` (``ASK { ... }``).
    """
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(term.n3() for term in terms.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    brace = _where_brace(text)
    if brace is None:
        raise QueryError("bindings need a query with a WHERE { ... } group")
    return text[: brace + 1] + block + text[brace + 1 :]


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^\x00-\x20<>"{}|^`\\]*>)
      | (?P<word>[?$]?[A-Za-z_][A-Za-z0-9_.-]*(?::[^\s{}()]*)?)
      | (?P<brace>\{)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


def _where_brace(text: str) -> int | None:
    first = None
    seen_where = False
    construct = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            if word == "WHERE":
                seen_where = True
            elif word == "CONSTRUCT" and first is None:
                construct = True
        elif kind == "brace":
            if seen_where:
                return match.start()
            if first is None:
                first = match.start()
    # no WHERE keyword: SELECT * { }, ASK { }; a CONSTRUCT's first group is its template
    return None if construct else first


# ------------------------------------------------------------------ graphs


def _new_graph() -> rdflib.Graph:
    import rdflib

    from .rdf import bind_prefixes

    return bind_prefixes(rdflib.Graph(bind_namespaces="none"))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# ------------------------------------------------------------------ output


def format_result(result: QueryResult | rdflib.Graph, *, format: str = "table") -> str:
    """Render a result as text.

    ``SELECT``/``ASK``: ``table`` (aligned, IRIs shortened with the kg
    prefixes), ``csv`` and ``tsv`` (SPARQL 1.1 CSV/TSV results) or ``json``
    (SPARQL 1.1 JSON results). A graph (``CONSTRUCT``/``DESCRIBE``) is Turtle
    whatever ``format`` says.
    """
    buffer = io.StringIO()
    write_result(result, buffer, format=format)
    return buffer.getvalue()


def write_result(result: QueryResult | ResultStream | rdflib.Graph, out: IO[str], *, format: str = "table") -> int:
    """Write a result to the text stream ``out`` as :func:`format_result` renders it; return the rows written.

    A :class:`ResultStream` is written row by row as it arrives, so CSV, TSV
    and JSON output takes bounded memory however many rows there are; a
    table's column widths come from its first 1,000 rows. A graph is Turtle
    (built in memory, as Turtle is sorted). Errors of a stream (timeout, too
    many rows) are raised after the rows written so far.
    """
    import rdflib

    if isinstance(result, rdflib.Graph) or (isinstance(result, ResultStream) and result.kind == "CONSTRUCT"):
        graph = result if isinstance(result, rdflib.Graph) else _new_graph()
        if graph is not result:
            for triple in result:
                graph.add(triple)
        out.write(graph.serialize(format="turtle"))
        return len(graph)
    if format not in RESULT_FORMATS:
        raise FormatError(f"unknown result format {format!r}; choose one of {', '.join(RESULT_FORMATS)}")
    if result.boolean is not None:
        if format == "json":
            out.write(json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n")
        else:
            answer = "true" if result.boolean else "false"
            out.write(f"{answer}\n" if format != "table" else f"ask\n{answer}\n")
        return 0
    names = tuple(result.vars)
    rows = iter(result)
    if format == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        count = 0
        for row in rows:
            writer.writerow(["" if row[v] is None else str(row[v]) for v in names])
            count += 1
        return count
    if format == "tsv":
        out.write("\t".join(f"?{v}" for v in names) + "\n")
        count = 0
        for row in rows:
            out.write("\t".join("" if row[v] is None else _tsv_term(row[v]) for v in names) + "\n")
            count += 1
        return count
    if format == "json":
        return _write_json(names, rows, out)
    return _write_table(names, rows, out)


def _tsv_term(term: Any) -> str:
    return term.n3().replace("\t", "\\t")


def _json_fields(term: Any) -> list[tuple[str, str]]:
    """The SPARQL 1.1 JSON fields of one bound term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return [("type", "uri"), ("value", str(term))]
    if isinstance(term, BNode):
        return [("type", "bnode"), ("value", str(term))]
    if isinstance(term, Literal):
        fields = [("type", "literal"), ("value", str(term))]
        if term.language:
            fields.append(("xml:lang", term.language))
        elif term.datatype is not None:
            fields.append(("datatype", str(term.datatype)))
        return fields
    return []


def _write_json(names: tuple[str, ...], rows: Iterator[dict], out: IO[str]) -> int:
    """SPARQL 1.1 JSON results, one binding at a time, laid out exactly as ``json.dumps(..., indent=2)``
    lays out the whole result (each binding is written by hand: a JSON encoder per row is slow)."""
    quote = json.encoder.encode_basestring  # the C encoder of one string, non-ASCII kept
    empty = json.dumps({"head": {"vars": list(names)}, "results": {"bindings": []}}, ensure_ascii=False, indent=2)
    before, after = empty.rsplit("[]", 1)
    out.write(before + "[")
    keys = {name: quote(name) for name in names}
    count = 0
    for row in rows:
        members = []
        for name in names:
            fields = _json_fields(row[name]) if row[name] is not None else []
            if fields:
                inner = ",\n".join(f"          {quote(k)}: {quote(v)}" for k, v in fields)
                members.append(f"        {keys[name]}: {{\n{inner}\n        }}")
        binding = "{\n" + ",\n".join(members) + "\n      }" if members else "{}"
        out.write((",\n      " if count else "\n      ") + binding)
        count += 1
    out.write(("\n    ]" if count else "]") + after + "\n")
    return count


def _short(term: Any) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    return " ".join(str(term).split())


def _write_table(names: tuple[str, ...], rows: Iterator[dict], out: IO[str]) -> int:
    sample = []
    for row in rows:
        sample.append([_short(row[v]) for v in names])
        if len(sample) >= _TABLE_SAMPLE:
            break
    widths = [max([len(v)] + [len(r[i]) for r in sample]) for i, v in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"

    out.write(line(list(names)))
    out.write("  ".join("-" * w for w in widths) + "\n")
    count = 0
    for cells in sample:
        out.write(line(cells))
        count += 1
    for row in rows:
        out.write(line([_short(row[v]) for v in names]))
        count += 1
    out.write(f"({count} row{'s' if count != 1 else ''})\n")
    return count
