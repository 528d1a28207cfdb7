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
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .types import Document

__all__ = ["read_documents", "parse_text", "iter_input_files"]

_DATE_HEADER = re.compile(r"^\s*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])[ \t]*\n?", re.IGNORECASE)
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


def read_documents(inputs: Iterable[str | os.PathLike], *, stdin: io.TextIOBase | None = None) -> Iterator[Document]:
    """Yield one :class:`Document` per article found in ``inputs``.

    Raises :class:`InputError` for a missing path, a file that is not UTF-8,
    a binary file, or an input with no text at all.
    """
    for item in iter_input_files(inputs):
        if item == "-":
            raw = (stdin or sys.stdin).read()
            doc = parse_text(raw, source="<stdin>")
            if not doc.text:
                raise InputError("<stdin>: empty input")
            yield doc
            continue
        suffix = Path(item).suffix.lower()
        raw = _read_utf8(item)
        if suffix in (".jsonl", ".ndjson"):
            yield from _read_jsonl(raw, item)
        elif suffix == ".csv":
            yield from _read_csv(raw, item)
        else:
            doc = parse_text(raw, source=item)
            if not doc.text:
                raise InputError(f"{item}: empty input")
            yield doc


def _read_utf8(path: str) -> str:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(f"{path}: file too large ({size} bytes, limit {MAX_BYTES})")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, expected UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def _record_document(record: dict, source: str, where: str) -> Document | None:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: record has no 'text' field")
    doc = parse_text(text, source=source, title=record.get("title") or None)
    if not doc.text:
        return None
    date = record.get("date") or doc.date
    return Document(
        text=doc.text, source=source, date=str(date)[:10] if date else None,
        title=doc.title, url=record.get("url") or None,
        doc_id=str(record["id"]) if record.get("id") not in (None, "") else None,
    )


def _read_jsonl(raw: str, path: str) -> Iterator[Document]:
    found = False
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        ident = record.get("id")
        doc = _record_document(record, f"{path}#{ident if ident not in (None, '') else number}", f"{path}:{number}")
        if doc:
            found = True
            yield doc
    if not found:
        raise InputError(f"{path}: empty input")


def _read_csv(raw: str, path: str) -> Iterator[Document]:
    reader = csv.DictReader(io.StringIO(raw))
    if not reader.fieldnames or "text" not in reader.fieldnames:
        raise InputError(f"{path}: CSV needs a 'text' column")
    found = False
    for number, row in enumerate(reader, 2):
        ident = row.get("id")
        doc = _record_document(row, f"{path}#{ident or number}", f"{path}:{number}")
        if doc:
            found = True
            yield doc
    if not found:
        raise InputError(f"{path}: empty input")
