"""Read input articles into :class:`kg.types.Document` objects.

Inputs are UTF-8 ``.txt`` files, folders of them (read recursively, in sorted
order), ``-`` for standard input, JSON Lines files (``.jsonl``: one object per
line with ``text`` and optional ``id``, ``date``, ``title``, ``url``) and CSV
files (``.csv`` with a ``text`` column and the same optional columns).

A ``.txt`` file may start with a header ``date YYYY-MM[-DD]``, on a line of
its own or followed by the text on the same line; it becomes
:attr:`Document.date` and is not part of the text.

Examples
--------
>>> doc = parse_text("date 2025-01\\nMeta paga Trump.", source="<stdin>")
>>> doc.date, doc.text
('2025-01', 'Meta paga Trump.')
>>> parse_text(" date 2025-01 Meta paga Trump.", source="x").text
'Meta paga Trump.'

"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .types import Document

__all__ = ["read_documents", "parse_text", "iter_input_files"]

_DATE_HEADER = re.compile(r"^\s*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])[ \t]*\n?", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Control characters that XML (and so RDF/XML) cannot carry; replaced by spaces."""
_TEXT_SUFFIXES = {".txt", ".text"}
_RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
MAX_BYTES = 20_000_000
"""Files larger than this are refused as input (20 MB)."""


def parse_text(raw: str, *, source: str, title: str | None = None) -> Document:
    """Turn raw article text into a :class:`Document`, reading the date header.

    The title defaults to the first non-empty line of the text when that line
    is short and has no final full stop (a headline).
    """
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    raw = _CONTROL.sub(" ", raw)
    date = None
    match = _DATE_HEADER.match(raw)
    if match:
        date = match.group(1)
        raw = raw[match.end():]
    text = raw.strip()
    if title is None:
        title = _headline(text)
    return Document(text=text, source=source, date=date, title=title)


def _headline(text: str) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if len(line) <= 160 and not line.endswith((".", ":", ";")):
                return line
            return line[:120].rsplit(" ", 1)[0] + "…" if len(line) > 120 else line
    return None


def iter_input_files(inputs: Iterable[str | os.PathLike]) -> Iterator[str]:
    """Expand the inputs into file paths (folders recursively, sorted), or ``-``."""
    for item in inputs:
        item = os.fspath(item)
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES | _RECORD_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                raise InputError(f"{item}: folder holds no .txt, .jsonl or .csv files")
            yield from (str(p) for p in files)
        elif path.exists():
            yield str(path)
        else:
            raise InputError(f"{item}: no such file or directory")


def read_documents(
    inputs: Iterable[str | os.PathLike],
    *,
    stdin: io.TextIOBase | None = None,
    on_error: Callable[[str, str], None] | None = None,
) -> Iterator[Document]:
    """Yield one :class:`Document` per article found in ``inputs``.

    By default raises :class:`InputError` for a missing path, a file that is
    not UTF-8, a binary, empty or too large file, or a bad record. With
    ``on_error``, a bad file or record is reported as ``on_error(source,
    reason)`` and skipped, and reading goes on (a missing path given on the
    command line still raises). JSON Lines and CSV files are read as a stream,
    one record at a time, so they may be larger than :data:`MAX_BYTES`; each
    ``.txt`` file and each record must be smaller.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Meta paga Trump.", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_bytes(b"caf\\xe9")
    >>> skipped = []
    >>> [d.text for d in read_documents([folder], on_error=lambda s, r: skipped.append(r))]
    ['Meta paga Trump.']
    >>> skipped
    ['not UTF-8 text (byte 3)']
    """

    def fail(source: str, reason: str) -> None:
        if on_error is None:
            raise InputError(f"{source}: {reason}")
        on_error(source, reason)

    for item in iter_input_files(inputs):
        if item == "-":
            raw = (stdin or sys.stdin).read()
            doc = parse_text(raw, source="<stdin>")
            if doc.text:
                yield doc
            else:
                fail("<stdin>", "empty input")
            continue
        suffix = Path(item).suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            yield from _read_jsonl(item, fail)
        elif suffix == ".csv":
            yield from _read_csv(item, fail)
        else:
            raw = _read_utf8(item, fail)
            if raw is None:
                continue
            doc = parse_text(raw, source=item)
            if doc.text:
                yield doc
            else:
                fail(item, "empty input")


_Fail = Callable[[str, str], None]


def _read_utf8(path: str, fail: _Fail) -> str | None:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            fail(path, f"file too large ({size} bytes, limit {MAX_BYTES})")
            return None
        data = Path(path).read_bytes()
    except OSError as exc:
        fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    if b"\x00" in data[:8192]:
        fail(path, "binary file, expected UTF-8 text")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(path, f"not UTF-8 text (byte {exc.start})")
        return None


def _open_records(path: str, fail: _Fail):
    """Open a record file in binary mode after checking it is not binary; None on failure."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed by the caller)
        head = handle.peek(8192)[:8192]
    except OSError as exc:
        fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    if b"\x00" in head:
        handle.close()
        fail(path, "binary file, expected UTF-8 text")
        return None
    return handle


class _BadRecord(Exception):
    pass


def _record_document(record: dict, source: str) -> Document | None:
    text = record.get("text")
    if not isinstance(text, str):
        raise _BadRecord("record has no 'text' field")
    if len(text) > MAX_BYTES:
        raise _BadRecord(f"text too large ({len(text)} characters, limit {MAX_BYTES})")
    doc = parse_text(text, source=source, title=record.get("title") or None)
    if not doc.text:
        return None
    date = record.get("date") or doc.date
    return Document(
        text=doc.text, source=source, date=str(date)[:10] if date else None,
        title=doc.title, url=record.get("url") or None,
        doc_id=str(record["id"]) if record.get("id") not in (None, "") else None,
    )


def _read_jsonl(path: str, fail: _Fail) -> Iterator[Document]:
    handle = _open_records(path, fail)
    if handle is None:
        return
    found = False
    with handle:
        for number, raw in enumerate(handle, 1):
            where = f"{path}:{number}"
            if number == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                fail(where, f"not UTF-8 text (byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                fail(where, f"invalid JSON ({exc.msg})")
                continue
            if not isinstance(record, dict):
                fail(where, "expected a JSON object")
                continue
            ident = record.get("id")
            try:
                doc = _record_document(record, f"{path}#{ident if ident not in (None, '') else number}")
            except _BadRecord as exc:
                fail(where, str(exc))
                continue
            if doc:
                found = True
                yield doc
    if not found:
        fail(path, "empty input")


def _read_csv(path: str, fail: _Fail) -> Iterator[Document]:
    handle = _open_records(path, fail)
    if handle is None:
        return
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
    found = False
    with io.TextIOWrapper(handle, encoding="utf-8-sig", newline="") as text:
        reader = csv.DictReader(text)
        try:
            fields = reader.fieldnames
        except (csv.Error, UnicodeDecodeError) as exc:
            fail(f"{path}:1", f"bad CSV header ({exc})")
            return
        if not fields or "text" not in fields:
            fail(path, "CSV needs a 'text' column")
            return
        rows = iter(reader)
        number = 1  # record number + 1: the line number when no field spans lines
        while True:
            start, number = reader.line_num + 1, number + 1
            try:
                row = next(rows)
            except StopIteration:
                break
            except UnicodeDecodeError as exc:
                fail(f"{path}:{start}", f"not UTF-8 text (byte {exc.start} of a block); rest of the file skipped")
                return
            except csv.Error as exc:
                # the reader starts a fresh record on the next line: skip only this one
                fail(f"{path}:{start}", f"bad CSV record ({exc})")
                continue
            ident = row.get("id")
            try:
                doc = _record_document(row, f"{path}#{ident or number}")
            except _BadRecord as exc:
                fail(f"{path}:{start}", str(exc))
                continue
            if doc:
                found = True
                yield doc
    if not found:
        fail(path, "empty input")
