"""Read input articles into :class:`kg.types.Document` objects.

Inputs are UTF-8 ``.txt`` files, folders of them (read recursively, in sorted
order), ``-`` for standard input, JSON Lines files (``.jsonl``: one object per
line with ``text`` and optional ``id``, ``date``, ``title``, ``url``) and CSV
files (``.csv`` with a ``text`` column and the same optional columns).

A ``.txt`` file may start with a header ``date YYYY-MM[-DD]``, on a line of
its own or followed by the text on the same line; it becomes
:attr:`Document.date` and is not part of the text.

Identity. A document's :attr:`~kg.types.Document.source` is the resolved
absolute path of its file (symbolic links followed, ``..`` removed), plus
``#ID`` (the record's ``id``) or ``#N`` (its line number) for a record of a
JSON Lines or CSV file; ``<stdin>`` for standard input. The store replaces a
document whose source it already holds (see :mod:`kg.store`), so a changed
file replaces its old version however its path was spelled. Within one
record file each ``id`` must be unique: a repeated one is skipped.

Dates. ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (a real calendar date) are
kept, and become ``xsd:gYear``, ``xsd:gYearMonth`` and ``xsd:date``; an ISO
date-time keeps its date. Any other value is dropped with a warning.

Examples
--------
>>> doc = parse_text("date 2025-01\\nMeta paga Trump.", source="<stdin>")
>>> doc.date, doc.text
('2025-01', 'Meta paga Trump.')
>>> parse_text(" date 2025-01 Meta paga Trump.", source="x").text
'Meta paga Trump.'
>>> parse_date("2024-02-29"), parse_date(2024), parse_date("2023-02-29"), parse_date("yesterday")
('2024-02-29', '2024', None, None)
"""

from __future__ import annotations

import csv
import datetime
import errno
import io
import json
import os
import re
import stat
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError, InputWarning
from .types import Document

__all__ = ["STDIN_SOURCE", "MAX_BYTES", "MAX_CSV_FIELD", "MAX_CSV_LINES", "read_documents", "parse_text",
           "parse_date", "iter_input_files", "source_identity"]

_DATE_HEADER = re.compile(r"^\s*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])[ \t]*\n?", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Control characters that XML (and so RDF/XML) cannot carry; replaced by spaces."""
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_TEXT_SUFFIXES = {".txt", ".text"}
_RECORD_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
STDIN_SOURCE = "<stdin>"
"""The source of a text read from standard input: it names no file, so such texts never replace one another."""
MAX_BYTES = 20_000_000
"""Files larger than this are refused as input (20 MB), and so are records with a longer text."""
MAX_CSV_FIELD = 1_000_000
"""A CSV record longer than this many characters is skipped (most likely a quote that never closes)."""
MAX_CSV_LINES = 10_000
"""A CSV record spanning more physical lines than this is skipped (most likely a quote that never closes)."""

_Fail = Callable[[str, str], None]


def parse_date(value: Any) -> str | None:
    """The date ``value`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None when it is not one.

    An integer is a year; an ISO date-time (``2024-05-01T10:00:00Z``) keeps its
    date. Months and days must exist (no ``2024-13`` or ``2023-02-29``).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = f"{value:04d}" if 0 < value <= 9999 else ""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DATETIME.match(text)
    if match:
        text = match.group(1)
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return text


def parse_text(raw: str, *, source: str, title: str | None = None,
               on_warning: Callable[[str, str], None] | None = None) -> Document:
    """Turn raw article text into a :class:`Document`, reading the date header.

    The title defaults to the first non-empty line of the text when that line
    is short and has no final full stop (a headline). A date header whose
    date does not exist is removed from the text and reported to
    ``on_warning(source, message)`` (by default a :class:`~kg.errors.InputWarning`).
    """
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    raw = _CONTROL.sub(" ", raw)
    date = None
    match = _DATE_HEADER.match(raw)
    if match:
        date = parse_date(match.group(1))
        if date is None:
            _warn(on_warning, source, f"date {match.group(1)!r} in the header is not a real date; "
                                      "the document has no date")
        raw = raw[match.end():]
    text = raw.strip()
    if title is None:
        title = _headline(text)
    else:
        title = " ".join(_CONTROL.sub(" ", title).split()) or None
    return Document(text=text, source=source, date=date, title=title)


def _warn(on_warning: Callable[[str, str], None] | None, source: str, message: str) -> None:
    if on_warning is None:
        warnings.warn(f"{source}: {message}", InputWarning, stacklevel=3)
    else:
        on_warning(source, message)


def _headline(text: str) -> str | None:
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if len(line) <= 160 and not line.endswith((".", ":", ";")):
                return line
            return line[:120].rsplit(" ", 1)[0] + "…" if len(line) > 120 else line
    return None


# ---------------------------------------------------------------- files and folders


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _problem(path: str) -> tuple[os.stat_result | None, str | None]:
    """``(stat, None)`` for a path that can be read, ``(None, reason)`` otherwise (never opens it)."""
    try:
        return os.stat(path), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return None, f"dangling symbolic link (to {os.readlink(path)})"
        if exc.errno == errno.ENOENT:
            return None, "no such file or directory"
        return None, f"cannot read: {exc.strerror or exc}"


def iter_input_files(inputs: Iterable[str | os.PathLike], *, on_error: _Fail | None = None) -> Iterator[str]:
    """Expand the inputs into file paths (folders recursively, sorted), or ``-``.

    A missing path raises :class:`InputError`. Anything else that cannot be
    read as a file (a FIFO, socket or device, a dangling symbolic link, a
    symbolic link loop) is reported to ``on_error(path, reason)`` and skipped,
    or raises without ``on_error``; it is never opened, so a FIFO cannot block
    the run. In folders, hidden entries and regular files of other types are
    ignored, and symbolic links to folders are followed once.
    """
    def fail(source: str, reason: str) -> None:
        if on_error is None:
            raise InputError(f"{source}: {reason}")
        on_error(source, reason)

    for item in inputs:
        item = os.fspath(item)
        if item == "-":
            yield item
            continue
        info, reason = _problem(item)
        if info is None:
            if reason == "no such file or directory":
                raise InputError(f"{item}: {reason}")
            fail(item, reason)
        elif stat.S_ISDIR(info.st_mode):
            found = [0, 0]  # files, skipped
            yield from _walk(item, {(info.st_dev, info.st_ino)}, fail, found)
            if found == [0, 0]:
                raise InputError(f"{item}: folder holds no .txt, .jsonl or .csv files")
        elif stat.S_ISREG(info.st_mode):
            yield item
        else:
            fail(item, f"{_kind(info.st_mode)}, not a regular file")


def _walk(folder: str, ancestors: set[tuple[int, int]], fail: _Fail, found: list[int]) -> Iterator[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        found[1] += 1
        fail(folder, f"cannot read: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        info, reason = _problem(path)
        if info is None:
            found[1] += 1
            fail(path, reason)
        elif stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                found[1] += 1
                fail(path, "symbolic link loop (a folder that contains itself)")
            else:
                yield from _walk(path, ancestors | {key}, fail, found)
        elif stat.S_ISREG(info.st_mode):
            if Path(entry.name).suffix.lower() in _TEXT_SUFFIXES | _RECORD_SUFFIXES:
                found[0] += 1
                yield path
        else:
            found[1] += 1
            fail(path, f"{_kind(info.st_mode)}, not a regular file")


def source_identity(path: str | os.PathLike) -> str:
    """The resolved absolute path: a file's identity however it was named. Bytes of the name that
    are not UTF-8 are written ``\\xNN``, so the identity is always text an RDF literal can hold."""
    return os.fsencode(os.path.realpath(path)).decode("utf-8", "backslashreplace")


def read_documents(
    inputs: Iterable[str | os.PathLike],
    *,
    stdin: io.TextIOBase | None = None,
    on_error: _Fail | None = None,
    on_warning: _Fail | None = None,
) -> Iterator[Document]:
    """Yield one :class:`Document` per article found in ``inputs``.

    By default raises :class:`InputError` for a missing path, a file that is
    not UTF-8, a binary, empty or too large file, or a bad record. With
    ``on_error``, a bad file or record is reported as ``on_error(source,
    reason)`` and skipped, and reading goes on (a missing path given on the
    command line still raises). A dropped date is reported to
    ``on_warning(source, message)`` (by default a warning of class
    :class:`~kg.errors.InputWarning`). JSON Lines and CSV files are read as a
    stream, one record at a time, so they may be larger than
    :data:`MAX_BYTES`; each ``.txt`` file and each record must be smaller.

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

    def warn(source: str, message: str) -> None:
        _warn(on_warning, source, message)

    for item in iter_input_files(inputs, on_error=on_error):
        if item == "-":
            raw = _read_stdin(stdin, fail)
            if raw is None:
                continue
            doc = parse_text(raw, source=STDIN_SOURCE, on_warning=warn)
            if doc.text:
                yield doc
            else:
                fail(STDIN_SOURCE, "empty input")
            continue
        suffix = Path(item).suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            yield from _read_jsonl(item, fail, warn)
        elif suffix == ".csv":
            yield from _read_csv(item, fail, warn)
        else:
            raw = _read_utf8(item, fail)
            if raw is None:
                continue
            doc = parse_text(raw, source=source_identity(item), on_warning=lambda _, m, shown=item: warn(shown, m))
            if doc.text:
                yield doc
            else:
                fail(item, "empty input")


def _read_stdin(stdin: Any, fail: _Fail) -> str | None:
    stream = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (io.StringIO)
        return stream.read()
    return _decode(STDIN_SOURCE, buffer.read(), fail)


def _decode(source: str, data: bytes, fail: _Fail) -> str | None:
    """``data`` as UTF-8 text, or None (reported) when it is not."""
    reason = _not_text(data[:8192])
    if reason is not None:
        fail(source, reason)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(source, f"not UTF-8 text (byte {exc.start})")
        return None


def _not_text(head: bytes) -> str | None:
    """Why ``head`` (the start of a file) is not UTF-8 text, or None when it may be."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 text, expected UTF-8 (convert it, e.g. iconv -f UTF-32 -t UTF-8)"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and len(head) % 2 == 0:
        try:
            head[:len(head) - 2].decode("utf-16")  # the last unit may be half of a pair cut by the sample
        except UnicodeDecodeError:
            pass
        else:
            return "UTF-16 text, expected UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)"
    sample = head[:4096]
    if b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 4 and (odd.count(0) > 0.4 * len(odd) > 0 and even.count(0) < 0.1 * len(even)
                             or even.count(0) > 0.4 * len(even) > 0 and odd.count(0) < 0.1 * len(odd)):
        return "UTF-16 text without a byte-order mark, expected UTF-8 (convert it, e.g. iconv -f UTF-16LE -t UTF-8)"
    return "binary file, expected UTF-8 text"


def _open_regular(path: str, fail: _Fail) -> Any:
    """Open ``path`` for reading in binary mode without ever blocking; None (reported) unless it
    is a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        fail(path, f"{_kind(info.st_mode)}, not a regular file")
        return None
    return os.fdopen(fd, "rb")


def _read_utf8(path: str, fail: _Fail) -> str | None:
    handle = _open_regular(path, fail)
    if handle is None:
        return None
    with handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                fail(path, f"file too large ({size} bytes, limit {MAX_BYTES})")
                return None
            data = handle.read()
        except OSError as exc:
            fail(path, f"cannot read: {exc.strerror or exc}")
            return None
    return _decode(path, data, fail)


def _open_records(path: str, fail: _Fail) -> Any:
    """Open a record file in binary mode after checking it is text; None on failure."""
    handle = _open_regular(path, fail)
    if handle is None:
        return None
    try:
        head = handle.peek(8192)[:8192]
    except OSError as exc:
        handle.close()
        fail(path, f"cannot read: {exc.strerror or exc}")
        return None
    reason = _not_text(head)
    if reason is not None:
        handle.close()
        fail(path, reason)
        return None
    return handle


# ---------------------------------------------------------------- records


class _BadRecord(Exception):
    pass


def _record_document(record: dict, source: str, where: str, warn: _Fail) -> Document | None:
    text = record.get("text")
    if not isinstance(text, str):
        raise _BadRecord("record has no 'text' field")
    for key in ("text", "title", "url", "id", "date"):
        value = record.get(key)
        if isinstance(value, str) and _SURROGATE.search(value):
            bad = _SURROGATE.search(value).group()
            raise _BadRecord(f"the {key!r} field holds a lone surrogate (\\u{ord(bad):04x}), which is not text")
    if len(text) > MAX_BYTES:
        raise _BadRecord(f"text too large ({len(text)} characters, limit {MAX_BYTES})")
    title = record.get("title")
    doc = parse_text(text, source=source, title=str(title) if title else None,
                     on_warning=lambda _, m: warn(where, m))
    if not doc.text:
        return None
    date = doc.date
    value = record.get("date")
    if value not in (None, ""):
        date = parse_date(value)
        if date is None:
            warn(where, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD; the record is built without a date")
    url = record.get("url")
    ident = record.get("id")
    return Document(
        text=doc.text, source=source, date=date, title=doc.title,
        url=_CONTROL.sub("", str(url)).strip() or None if url else None,
        doc_id=str(ident) if ident not in (None, "") else None,
    )


class _Ids:
    """The ids seen in one record file: a repeated id is an error (first one wins)."""

    def __init__(self) -> None:
        self.first: dict[str, int] = {}

    def check(self, record: dict) -> None:
        """Raise when the record's id was used by an earlier record of the file."""
        ident = record.get("id")
        if ident not in (None, "") and str(ident) in self.first:
            raise _BadRecord(f"duplicate id {str(ident)!r} (first used at line {self.first[str(ident)]}); "
                             "ids must be unique in a file")

    def add(self, record: dict, number: int) -> None:
        ident = record.get("id")
        if ident not in (None, ""):
            self.first[str(ident)] = number


def _read_jsonl(path: str, fail: _Fail, warn: _Fail) -> Iterator[Document]:
    handle = _open_records(path, fail)
    if handle is None:
        return
    identity = source_identity(path)
    ids = _Ids()
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
            except (json.JSONDecodeError, RecursionError) as exc:
                fail(where, f"invalid JSON ({getattr(exc, 'msg', 'nested too deeply')})")
                continue
            if not isinstance(record, dict):
                fail(where, "expected a JSON object")
                continue
            ident = record.get("id")
            try:
                ids.check(record)
                doc = _record_document(record, f"{identity}#{ident if ident not in (None, '') else number}",
                                       where, warn)
            except _BadRecord as exc:
                fail(where, str(exc))
                continue
            ids.add(record, number)
            if doc:
                found = True
                yield doc
    if not found:
        fail(path, "empty input")


class _TooLong(Exception):
    pass


class _Lines:
    """The physical lines of a CSV file, decoded one by one, for ``csv.reader``.

    Keeps the lines of the record being read, so that a bad record can be
    skipped and reading can start again at the line after its first; counts
    line numbers; marks lines that are not UTF-8.
    """

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.read = 0  # physical lines taken from the file
        self.pending: deque[tuple[int, str, int | None]] = deque()
        self.record: list[tuple[int, str, int | None]] = []  # (line number, text, bad byte or None)
        self.chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pending:
            line = self.pending.popleft()
        else:
            raw = self.handle.readline(MAX_CSV_FIELD + 1)
            if not raw:
                raise StopIteration
            self.read += 1
            if len(raw) > MAX_CSV_FIELD and not raw.endswith(b"\n"):  # one huge line: skip the rest of it
                while raw and not raw.endswith(b"\n"):
                    raw = self.handle.readline(MAX_CSV_FIELD + 1)
                self.record.append((self.read, "", None))
                raise _TooLong
            if self.read == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            try:
                line = (self.read, raw.decode("utf-8"), None)
            except UnicodeDecodeError as exc:
                line = (self.read, raw.decode("utf-8", "surrogateescape"), exc.start)
        self.record.append(line)
        self.chars += len(line[1])
        if len(self.record) > MAX_CSV_LINES or self.chars > MAX_CSV_FIELD:
            raise _TooLong
        return line[1]

    def start(self) -> None:
        self.record = []
        self.chars = 0

    def first(self) -> int:
        return self.record[0][0] if self.record else self.read + 1

    def bad_byte(self) -> tuple[int, int] | None:
        return next(((n, b) for n, _, b in self.record if b is not None), None)

    def rewind(self) -> None:
        """Give back every line of the current record but its first."""
        self.pending.extendleft(reversed(self.record[1:]))
        self.start()


def _read_csv(path: str, fail: _Fail, warn: _Fail) -> Iterator[Document]:
    handle = _open_records(path, fail)
    if handle is None:
        return
    if csv.field_size_limit() <= MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD + 1)
    identity = source_identity(path)
    ids = _Ids()
    found = False
    with handle:
        lines = _Lines(handle)
        reader = csv.reader(lines, strict=True)
        header = None
        while True:
            lines.start()
            try:
                row = next(reader)
            except StopIteration:
                break
            except _TooLong:
                start, reason = lines.first(), (f"record longer than {MAX_CSV_LINES} lines or {MAX_CSV_FIELD} "
                                                "characters (a quote that never closes?)")
            except csv.Error as exc:
                start, reason = lines.first(), f"bad CSV record ({exc}; a quote that never closes?)"
            else:
                start, reason = lines.first(), None
                bad = lines.bad_byte()
                if bad is not None:  # the record is whole, one of its lines is not UTF-8: skip just it
                    if header is None:
                        fail(f"{path}:{start}", f"bad CSV header: not UTF-8 text (line {bad[0]}, byte {bad[1]})")
                        return
                    fail(f"{path}:{start}", f"not UTF-8 text (line {bad[0]}, byte {bad[1]})")
                    continue
            if reason is not None:  # the record's quoting is broken: skip its first line, read on from the next
                if header is None:
                    fail(f"{path}:{start}", f"bad CSV header: {reason}")
                    return
                fail(f"{path}:{start}", reason + f"; reading goes on at line {start + 1}")
                lines.rewind()
                reader = csv.reader(lines, strict=True)
                continue
            if header is None:
                header = [name.strip() for name in row]
                if "text" not in header:
                    fail(path, "CSV needs a 'text' column")
                    return
                continue
            if not any(field.strip() for field in row):
                continue
            record = dict(zip(header, row))
            ident = record.get("id")
            try:
                ids.check(record)
                doc = _record_document(record, f"{identity}#{ident or start}", f"{path}:{start}", warn)
            except _BadRecord as exc:
                fail(f"{path}:{start}", str(exc))
                continue
            ids.add(record, start)
            if doc:
                found = True
                yield doc
    if not found:
        fail(path, "empty input")
