"""Safe output files: atomic writes, and outputs that must not overwrite the inputs.

:func:`atomic_write_bytes` writes to a temporary file beside the target, then
renames it: a reader never sees a half-written file, and an error leaves any
existing file untouched. It also

* keeps the mode of a file it replaces (a new file gets the usual mode under
  the umask),
* writes through a symbolic link: the link stays and its target is replaced,
* removes the temporary files that an earlier run killed mid-write left
  beside the same target (their names carry the writer's process id, and a
  file is removed only when that process is gone).

:func:`check_outputs` refuses an output that is also an input or another
output of the same run.

Examples
--------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> atomic_write_bytes(target, b"hello")
>>> target.read_bytes()
b'hello'
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_writer", "check_outputs"]

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


def _same(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """True when ``a`` and ``b`` name the same file (same resolved path, or the same existing inode)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(outputs: Iterable[str | os.PathLike | None], inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Raise :class:`OutputError` when two ``outputs`` name one file, or an output is one of ``inputs``.

    ``None`` outputs are ignored; ``inputs`` are file paths (``-`` is ignored).
    """
    given = [o for o in outputs if o is not None]
    for i, out in enumerate(given):
        for other in given[:i]:
            if _same(out, other):
                raise OutputError(f"{other} and {out} are the same file: give each output its own name")
        for item in inputs:
            if os.fspath(item) != "-" and _same(out, item):
                raise OutputError(f"{out} is also an input: writing it would replace the input; "
                                  "choose another output file")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(directory: Path, name: str) -> None:
    """Remove temporary files of ``name`` left by writers that no longer run."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and match.group("name") == name and not _alive(int(match.group("pid"))):
            try:
                os.unlink(entry.path)
            except OSError:
                pass


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise :class:`OutputError` on failure."""
    with atomic_writer(path) as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def atomic_writer(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` with, in pieces: it replaces ``path`` only
    when the block ends without an error (streamed outputs such as Parquet).

    A symbolic link is written through (the file it points to is replaced,
    the link kept); an existing file keeps its mode; temporary files of
    writers that are no longer running are removed first.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.bin"
    >>> with atomic_writer(target) as handle:
    ...     _ = handle.write(b"a"); _ = handle.write(b"b")
    >>> target.read_bytes()
    b'ab'
    """
    target = Path(path)
    if target.is_symlink():
        target = Path(os.path.realpath(target))  # replace what the link points to, keep the link
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"cannot write {path}: directory {directory} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = None  # a new file: the mode os.open gives under the umask
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    _remove_stale(directory, target.name)
    tmp = directory / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
