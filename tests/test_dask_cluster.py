"""kg build --dask on a real cluster: a dask scheduler and two dask worker processes, started here."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("distributed")

from cluster import dask_cluster  # noqa: E402
from newsgen import write_jsonl  # noqa: E402


def _worker_state() -> tuple[int, int]:
    from kg.nlp import _load

    return os.getpid(), _load.cache_info().currsize


def _kg(*args: str, cwd) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.mark.integration
def test_a_cluster_of_separate_worker_processes_builds_the_same_store(tmp_path):
    from distributed import Client

    corpus = write_jsonl(tmp_path / "corpus.jsonl", 48)  # Italian and English, real and generated articles
    _kg("build", str(corpus), "--store", "one", "--batch-size", "4", "-q", cwd=tmp_path)
    with dask_cluster(2, directory=tmp_path / "cluster") as address:
        _kg("build", str(corpus), "--store", "dask", "--batch-size", "4", "--dask", address, "-q", cwd=tmp_path)
        with Client(address) as client:
            import cloudpickle

            cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers cannot import this file
            workers = client.run(_worker_state)
    pids = {pid for pid, _ in workers.values()}
    assert len(workers) == 2 and len(pids) == 2 and os.getpid() not in pids
    assert sorted(loaded for _, loaded in workers.values()) == [2, 2]  # both worked, each loaded it + en once
    exported = {}
    for name in ("all.nq", "all.ttl"):
        _kg("export", "one", "-o", f"one-{name}", cwd=tmp_path)
        _kg("export", "dask", "-o", f"dask-{name}", cwd=tmp_path)
        exported[name] = (tmp_path / f"one-{name}").read_bytes()
        assert exported[name] == (tmp_path / f"dask-{name}").read_bytes(), name
    assert exported["all.nq"].count(b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                                    b"<https://w3id.org/newskg/ontology#Document>") == 48
