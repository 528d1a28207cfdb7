"""SPARQL results as data frames and Parquet files.

:func:`to_pandas` (also ``kg.query(...).to_pandas()``) turns a ``SELECT``
result into a pandas ``DataFrame``, one column per variable, in order;
:func:`write_parquet` (``kg query --format parquet -o OUT.parquet``) writes it
as a Parquet file, converting and writing the rows in batches as they come.
pandas and pyarrow are optional (the ``[pandas]`` and ``[parquet]`` extras)
and imported on first use.

Cells become native values:

* IRIs → strings shortened with kg's prefixes (``kgr:person/mark-zuckerberg``),
  or the full IRI with ``full_iris=True``; blank nodes → ``_:id``;
* ``xsd:integer`` (and its subtypes) → integers, ``xsd:decimal``,
  ``xsd:double``, ``xsd:float`` → floats (an amount of 25000000 is exact; a
  decimal with more than 15 significant digits is rounded), ``xsd:boolean`` →
  booleans, ``xsd:date`` and ``xsd:dateTime`` → dates and times;
* anything else → its text: strings, language-tagged text (the language tag
  is dropped), ``xsd:gYear`` and ``xsd:gYearMonth`` as written ("2025-01"),
  and literals whose lexical form does not fit their datatype;
* an unbound variable → missing (``<NA>``, ``NaN``, ``NaT`` or ``None``).

A column's type follows its values: integers are ``Int64`` (nullable),
integers mixed with decimals ``float64``, booleans ``boolean``, dates and
times ``datetime64``, text ``str``; a column that mixes kinds (IRIs and
amounts, as the object of ``kg:pays`` can be) holds each cell's native value
(``object``). A Parquet column needs one type, so there a mixed column is text,
and the type of each column is decided by the first batch of rows: a later row
that does not fit it stops the write with an error that says so.

Examples
--------
>>> from rdflib import Literal, URIRef, XSD
>>> cells([URIRef("https://w3id.org/newskg/id/person/ada"), Literal("25000000.0", datatype=XSD.decimal),
...        Literal("2025-01", datatype=XSD.gYearMonth), None])
[('str', 'kgr:person/ada'), ('float', 25000000.0), ('str', '2025-01'), ('null', None)]
>>> column_kind(["int", "null", "float"]), column_kind(["str", "float"])
('float', 'mixed')
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from .errors import KgError, QueryError

__all__ = ["BATCH_ROWS", "cells", "column_kind", "to_pandas", "write_parquet"]

BATCH_ROWS = 10_000
"""Rows converted and written at a time by :func:`write_parquet`."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + name for name in ("decimal", "double", "float")}
_NATIVE_KINDS = {_XSD + "boolean": "bool", _XSD + "date": "date", _XSD + "dateTime": "datetime",
                 _XSD + "dateTimeStamp": "datetime"}
_INT64 = 2 ** 63


def _cell(term: Any, full_iris: bool) -> tuple[str, Any]:
    from rdflib import BNode, Literal, URIRef

    from .rdf import compact_iri

    if term is None:
        return "null", None
    if isinstance(term, URIRef):
        return "str", str(term) if full_iris else compact_iri(term)
    if isinstance(term, BNode):
        return "str", f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None and not term.ill_typed:
        datatype = str(term.datatype)
        if datatype in _INTEGERS:
            value = int(term.toPython())
            return ("int", value) if -_INT64 <= value < _INT64 else ("str", str(term))
        if datatype in _FLOATS:
            return "float", float(term.toPython())
        kind = _NATIVE_KINDS.get(datatype)
        if kind is not None:
            return kind, term.toPython()
    return "str", str(term)


def cells(terms: Iterable[Any], *, full_iris: bool = False) -> list[tuple[str, Any]]:
    """``(kind, native value)`` of each rdflib term (or ``None``) of a result column."""
    return [_cell(term, full_iris) for term in terms]


def column_kind(kinds: Iterable[str]) -> str:
    """The kind of a column whose cells have ``kinds``: ``int``, ``float``, ``bool``,
    ``date``, ``datetime``, ``str``, ``null`` (no value at all) or ``mixed``."""
    found = set(kinds) - {"null"}
    if not found:
        return "null"
    if found == {"int", "float"}:
        return "float"
    return found.pop() if len(found) == 1 else "mixed"


# ------------------------------------------------------------------ pandas


def _import(module: str, extra: str, what: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise KgError(f"{what} needs {module.split('.')[0]}: pip install 'newskg[{extra}]'") from exc


def to_pandas(result: Any, *, full_iris: bool = False) -> Any:
    """A pandas ``DataFrame`` of a ``SELECT`` result (anything with ``vars`` and rows of terms).

    An ``ASK`` result gives one row with one column, ``ask``.
    """
    pd = _import("pandas", "pandas", "to_pandas()")
    if getattr(result, "boolean", None) is not None:
        return pd.DataFrame({"ask": pd.array([bool(result.boolean)], dtype="boolean")})
    names = list(result.vars)
    columns: dict[str, list] = {name: [] for name in names}
    for row in result:
        for name in names:
            columns[name].append(row[name])
    return pd.DataFrame({name: _series(pd, cells(columns[name], full_iris=full_iris)) for name in names},
                        columns=names)


def _series(pd: Any, column: list[tuple[str, Any]]) -> Any:
    kind = column_kind(k for k, _ in column)
    values = [v for _, v in column]
    if kind == "int":
        return pd.array(values, dtype="Int64")
    if kind == "float":
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if kind == "bool":
        return pd.array(values, dtype="boolean")
    if kind in ("date", "datetime"):
        return pd.to_datetime(pd.Series(values, dtype=object))
    if kind == "str":
        return pd.Series(values)
    return pd.Series(values, dtype=object)


# ------------------------------------------------------------------ parquet


def _text(term: Any, full_iris: bool) -> str | None:
    """A cell as text: an IRI shortened (or not), a literal's lexical form."""
    if term is None:
        return None
    kind, value = _cell(term, full_iris)
    return value if kind == "str" else str(term)


_FITS = {"int": {"int"}, "float": {"int", "float"}, "bool": {"bool"}, "date": {"date"}, "datetime": {"datetime"}}


def _arrow_column(pa: Any, name: str, terms: list, kind: str, arrow_type: Any, *, full_iris: bool,
                  first_row: int) -> Any:
    if kind in ("str", "null", "mixed"):
        return pa.array([_text(t, full_iris) for t in terms], type=pa.string())
    values = []
    for i, (k, v) in enumerate(cells(terms, full_iris=full_iris)):
        if k != "null" and k not in _FITS[kind]:
            raise QueryError(
                f"column ?{name} changed kind at row {first_row + i + 1}: its first rows made it {kind}, this "
                f"value is {k} ({_text(terms[i], full_iris)!r}); make the column one kind in the query, "
                f"e.g. STR(?{name})")
        values.append(None if k == "null" else float(v) if kind == "float" else v)
    return pa.array(values, type=arrow_type)


def write_parquet(result: Any, path: str | os.PathLike, *, full_iris: bool = False,
                  batch_rows: int = BATCH_ROWS) -> int:
    """Write a ``SELECT`` result (``vars`` and an iterable of rows) to the Parquet file ``path``.

    Rows are converted and written ``batch_rows`` at a time, so memory does
    not grow with the result when the rows themselves arrive as a stream. The
    file appears only when it is complete. Returns the number of rows.
    """
    pa = _import("pyarrow", "parquet", "Parquet output (--format parquet)")
    pq = _import("pyarrow.parquet", "parquet", "Parquet output (--format parquet)")
    from .corpus import batched
    from .fileio import atomic_writer

    if getattr(result, "boolean", None) is not None:
        raise QueryError("an ASK query has no rows to write as Parquet; use --format table, csv, tsv or json")
    names = list(result.vars)
    rows = 0
    with atomic_writer(path) as handle:
        writer = schema = kinds = None
        try:
            for batch in batched(iter(result), batch_rows):
                columns = {name: [row[name] for row in batch] for name in names}
                if writer is None:
                    kinds = {name: column_kind(k for k, _ in cells(columns[name], full_iris=full_iris))
                             for name in names}
                    schema = pa.schema([(name, _first_type(pa, columns[name], kinds[name], full_iris))
                                        for name in names])
                    writer = pq.ParquetWriter(handle, schema)
                arrays = [_arrow_column(pa, name, columns[name], kinds[name], schema.field(name).type,
                                        full_iris=full_iris, first_row=rows) for name in names]
                writer.write_batch(pa.record_batch(arrays, schema=schema))
                rows += len(batch)
            if writer is None:  # no rows: the columns, as text
                writer = pq.ParquetWriter(handle, pa.schema([(name, pa.string()) for name in names]))
        finally:
            if writer is not None:
                writer.close()  # before the file closes (an error then drops the file)
    return rows


def _first_type(pa: Any, terms: list, kind: str, full_iris: bool) -> Any:
    simple = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "date": pa.date32()}
    if kind in simple:
        return simple[kind]
    if kind == "datetime":  # naive or with a time zone, as the first rows say
        return pa.array([v for k, v in cells(terms, full_iris=full_iris) if k == "datetime"]).type
    return pa.string()
