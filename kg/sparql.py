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
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FormatError, InputError, QueryError
from .rdf import PREFIXES as _RDF_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = [
    "PREFIXES",
    "RESULT_FORMATS",
    "QueryResult",
    "query",
    "format_result",
    "inject_values",
    "read_query",
    "to_term",
]

PREFIXES: dict[str, str] = dict(_RDF_PREFIXES)
"""Prefixes every query may use without declaring them."""

RESULT_FORMATS = ("table", "csv", "tsv", "json")
"""Output formats of :func:`format_result` for ``SELECT`` and ``ASK``."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_CHARS = re.compile(r'^[^\x00-\x20<>"{}|^`\\]+$')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")
_DOUBLE = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+$")
_PNAME = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$")


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

    Raises
    ------
    QueryError
        when the query does not parse or fails to run.
    """
    text = read_query(sparql)
    terms = _bindings(bindings)
    ox_store = _as_oxigraph(source, format=format)
    if ox_store is not None:
        return _query_oxigraph(ox_store, text, terms)
    return _query_rdflib(_as_rdflib(source, format=format), text, terms)


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
        return _load(source, format=format)
    raise QueryError(f"cannot query a {type(source).__name__}: give a graph, a file or a store")


def _load(path: str | os.PathLike, *, format: str | None) -> rdflib.Graph:
    from .rdf import load_graph

    return load_graph(path, format=format)


def _query_rdflib(graph: Any, text: str, terms: dict[str, Any]) -> QueryResult | rdflib.Graph:
    import rdflib
    from pyparsing import ParseException

    union = isinstance(graph, rdflib.Dataset) and not graph.default_union
    if union:
        graph.default_union = True
    try:
        result = graph.query(text, initNs=PREFIXES, initBindings=terms)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            out = _new_graph()
            for triple in result:
                out.add(triple)
            return out
        if result.type == "ASK":
            return QueryResult(vars=(), boolean=bool(result.askAnswer))
        names = tuple(str(v) for v in (result.vars or ()))
        rows = [{name: row.get(name) if hasattr(row, "get") else row[i]
                 for i, name in enumerate(names)} for row in result]
        return QueryResult(vars=names, rows=rows)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from exc
    except QueryError:
        raise
    except Exception as exc:  # rdflib's evaluator raises bare Exceptions
        raise QueryError(f"query failed: {_one_line(exc)}") from exc
    finally:
        if union:
            graph.default_union = False


def _query_oxigraph(store: Any, text: str, terms: dict[str, Any]) -> QueryResult | rdflib.Graph:
    import pyoxigraph as ox

    if terms:
        text = inject_values(text, terms)
    try:
        from .store import default_graph_is_merge

        union = not default_graph_is_merge(store)
        result = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=union)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(vars=(), boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            out = _new_graph()
            for triple in result:
                out.add((_rdflib_term(triple.subject), _rdflib_term(triple.predicate),
                         _rdflib_term(triple.object)))
            return out
        names = tuple(v.value for v in result.variables)
        rows = []
        for solution in result:
            rows.append({name: _rdflib_term(solution[name]) for name in names})
        return QueryResult(vars=names, rows=rows)
    except SyntaxError as exc:
        message = _one_line(exc)
        if len(message) > 160:  # oxigraph lists every token it expected
            message = message[:160].rsplit(" ", 1)[0] + " ..."
        raise QueryError(f"SPARQL syntax error: {message}") from exc
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"query failed: {_one_line(exc)}") from exc


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


# ------------------------------------------------------------------ terms and graphs


def _rdflib_term(term: Any) -> Any:
    """Convert a pyoxigraph term (or ``None``) to the equal rdflib term."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported RDF term in a result: {term!r}")


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
    import rdflib

    if isinstance(result, rdflib.Graph):
        return result.serialize(format="turtle")
    if format not in RESULT_FORMATS:
        raise FormatError(f"unknown result format {format!r}; choose one of {', '.join(RESULT_FORMATS)}")
    if format == "json":
        return json.dumps(_json_results(result), ensure_ascii=False, indent=2) + "\n"
    if result.boolean is not None:
        answer = "true" if result.boolean else "false"
        return f"{answer}\n" if format != "table" else f"ask\n{answer}\n"
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.vars)
        for row in result.rows:
            writer.writerow(["" if row[v] is None else str(row[v]) for v in result.vars])
        return buffer.getvalue()
    if format == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        for row in result.rows:
            lines.append("\t".join("" if row[v] is None else _tsv_term(row[v]) for v in result.vars))
        return "\n".join(lines) + "\n"
    return _table(result)


def _tsv_term(term: Any) -> str:
    return term.n3().replace("\t", "\\t")


def _json_results(result: QueryResult) -> dict[str, Any]:
    from rdflib import BNode, Literal, URIRef

    if result.boolean is not None:
        return {"head": {}, "boolean": result.boolean}
    bindings = []
    for row in result.rows:
        item = {}
        for name in result.vars:
            term = row[name]
            if term is None:
                continue
            if isinstance(term, URIRef):
                item[name] = {"type": "uri", "value": str(term)}
            elif isinstance(term, BNode):
                item[name] = {"type": "bnode", "value": str(term)}
            elif isinstance(term, Literal):
                value: dict[str, str] = {"type": "literal", "value": str(term)}
                if term.language:
                    value["xml:lang"] = term.language
                elif term.datatype is not None:
                    value["datatype"] = str(term.datatype)
                item[name] = value
        bindings.append(item)
    return {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}


def _short(term: Any) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        best = max((p for p in PREFIXES.items() if iri.startswith(p[1])), key=lambda p: len(p[1]), default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else f"<{iri}>"
    return " ".join(str(term).split())


def _table(result: QueryResult) -> str:
    cells = [[_short(row[v]) for v in result.vars] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(result.vars, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells)
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"
