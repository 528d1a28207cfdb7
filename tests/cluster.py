"""A real Dask cluster on this machine: one ``dask scheduler`` and N ``dask worker`` processes.

Used by the integration test of ``kg build --dask`` and by ``bench/bench_corpus.py``.
Each process is started as ``python -m dask ...`` with this interpreter (so the
workers import the same kg), in its own process group, and stopped (SIGTERM,
then SIGKILL after a grace period) when the block ends, whatever happens in it::

    with dask_cluster(2, directory=tmp) as address:
        build_corpus(["corpus/"], store="s", dask=address)
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["dask_cluster"]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    handle = log.open("wb")
    try:
        return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    finally:
        handle.close()


def _stop(procs: list[subprocess.Popen], grace: float = 20.0) -> None:
    for proc in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def dask_cluster(workers: int, *, directory: str | os.PathLike, timeout: float = 120.0) -> Iterator[str]:
    """Start a scheduler and ``workers`` single-threaded worker processes; yield the scheduler address.

    ``directory`` receives the scheduler file, the workers' scratch space and
    each process's log (``scheduler.log``, ``worker-N.log``).
    """
    from distributed import Client

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    scheduler_file = directory / "scheduler.json"
    procs = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(scheduler_file)], directory / "scheduler.log")]
    try:
        deadline = time.monotonic() + timeout
        while not scheduler_file.exists():
            if procs[0].poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the dask scheduler did not start: {(directory / 'scheduler.log').read_text()}")
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            procs.append(_start(["worker", address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
                                 "--name", f"worker-{i + 1}", "--local-directory", str(directory / f"w{i + 1}")],
                                directory / f"worker-{i + 1}.log"))
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address
    finally:
        _stop(procs)
