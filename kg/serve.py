"""A SPARQL 1.1 endpoint over a kg store, and upload of a store to other triple stores.

:func:`start_server` runs the Oxigraph server (the ``oxigraph`` command from the
``oxigraph`` wheel, ``pip install 'newskg[serve]'``) on a store directory made
by :mod:`kg.store`:

* ``GET/POST /query``: SPARQL 1.1 Protocol queries (SELECT, ASK, CONSTRUCT, DESCRIBE);
* ``POST /update``: SPARQL 1.1 Update, only with ``allow_update=True``;
* ``/store?graph=IRI``: SPARQL 1.1 Graph Store Protocol.

By default the server is read-only (``oxigraph serve-read-only``) and listens
on 127.0.0.1 only. The default graph of a query is the store's default graph,
which :mod:`kg.store` keeps as the merge of the document graphs, as in
``kg query``. When that merge is missing or incomplete (a store that kg did not
write), ``union_default_graph`` is turned on (Oxigraph's
``--union-default-graph``; Oxigraph 0.5 then returns a triple once per graph
that holds it, oxigraph issue #1919). ``timeout`` maps to
Oxigraph's ``--timeout-s``: a query running longer is cancelled. The
cancellation is cooperative: Oxigraph checks it between steps of evaluation,
so a long step can overrun the limit (measured with 0.5.13 and a 1 s limit: a
4-way cross product of 81 triples stopped after 1.2 s, a 5-way one after
12.5 s, and an ORDER BY over the 5-way product was still running after 40 s).
Results stream, so a cancelled answer is an HTTP 200 whose body ends with
"The SPARQL operation has been cancelled" instead of valid JSON. Do not
change the store (``kg build --store``, ``kg remove``) while a server reads it.

:func:`push` uploads each document graph of a store to any SPARQL 1.1 Graph
Store Protocol endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/REPO/rdf-graphs/service``, ...) with ``PUT ?graph=<doc IRI>``.

Examples
--------
>>> server_command("/data/kgstore", port=7878, timeout=30)[1:]
['serve-read-only', '--location', '/data/kgstore', '--bind', '127.0.0.1:7878', '--timeout-s', '30']
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import KgError, StoreError

__all__ = ["Server", "oxigraph_executable", "server_command", "start_server", "serve", "push"]


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` server command; raise :class:`KgError` when it is not installed."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise KgError("the oxigraph server is not installed: pip install 'newskg[serve]'")
    return found


def server_command(
    store_dir: str | os.PathLike,
    *,
    port: int = 7878,
    host: str = "127.0.0.1",
    allow_update: bool = False,
    timeout: float | None = None,
    union_default_graph: bool = False,
    cors: bool = False,
    executable: str = "oxigraph",
) -> list[str]:
    """The command line that serves ``store_dir`` with Oxigraph."""
    command = [executable, "serve" if allow_update else "serve-read-only",
               "--location", str(store_dir), "--bind", f"{host}:{int(port)}"]
    if union_default_graph:
        command.append("--union-default-graph")
    if cors:
        command.append("--cors")
    if timeout is not None:
        if timeout <= 0:
            raise KgError(f"the timeout must be positive, not {timeout}")
        command += ["--timeout-s", str(max(1, round(timeout)))]
    return command


@dataclass
class Server:
    """A running Oxigraph server process; stop it with :meth:`stop` (or ``with``)."""

    process: subprocess.Popen
    url: str

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 Update endpoint (refused by a read-only server)."""
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint."""
        return f"{self.url}/store"

    def stop(self, *, grace: float = 5.0) -> None:
        """Terminate the server process (kill it after ``grace`` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(
    store_dir: str | os.PathLike,
    *,
    port: int = 7878,
    host: str = "127.0.0.1",
    allow_update: bool = False,
    timeout: float | None = None,
    union_default_graph: bool | None = None,
    cors: bool = False,
    wait: float = 30.0,
    inherit_output: bool = False,
) -> Server:
    """Start Oxigraph on ``store_dir`` and return once it answers queries.

    A read-only server needs an existing store; with ``allow_update`` the
    directory is created when missing. No pyoxigraph ``Store`` in this or
    another process may hold the directory open for writing meanwhile.
    """
    from .store import is_store_dir

    directory = Path(store_dir)
    if not allow_update and not is_store_dir(directory):
        raise StoreError(f"no store at {directory}")
    _check_port_free(host, port)
    if union_default_graph is None:
        union_default_graph = _needs_union(directory)
    command = server_command(directory, port=port, host=host, allow_update=allow_update, timeout=timeout,
                             union_default_graph=union_default_graph, cors=cors,
                             executable=oxigraph_executable())
    log = None if inherit_output else tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    server = Server(process=process, url=f"http://{host}:{int(port)}")
    try:
        _wait_ready(server, log, wait)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_ready(server: Server, log: Any, wait: float) -> None:
    process = server.process
    deadline = time.monotonic() + wait
    probe = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if process.poll() is not None:
            output = ""
            if log is not None:
                log.seek(0)
                output = log.read().decode("utf-8", "replace").strip()
            raise StoreError(f"the oxigraph server stopped at start: {' '.join(output.split()) or process.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if time.monotonic() > deadline:
            raise StoreError(f"the oxigraph server did not answer on {server.url} within {wait:g} s")
        time.sleep(0.1)


def _check_port_free(host: str, port: int) -> None:
    """Fail early when something already listens on ``host:port`` (the readiness
    probe would otherwise talk to that other server)."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is fine
        try:
            sock.bind((host, int(port)))
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def _needs_union(directory: Path) -> bool:
    """Whether the store lacks a complete merged default graph (then serve the union)."""
    import gc

    import pyoxigraph as ox

    from .store import default_graph_is_merge, is_store_dir

    if not is_store_dir(directory):
        return False
    try:
        store = ox.Store.read_only(str(directory))
    except OSError as exc:
        raise StoreError(f"cannot open store {directory}: {' '.join(str(exc).split())}") from exc
    try:
        return not default_graph_is_merge(store)
    finally:
        del store
        gc.collect()  # release the directory before the server opens it


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGTERM it when its parent dies,
    so a killed ``kg serve`` or test run leaves no server behind."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def serve(
    store_dir: str | os.PathLike,
    *,
    port: int = 7878,
    host: str = "127.0.0.1",
    allow_update: bool = False,
    timeout: float | None = None,
    union_default_graph: bool | None = None,
    cors: bool = False,
) -> int:
    """Serve ``store_dir`` in the foreground until interrupted; return the server's exit status."""
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the server on `kill` too
    server = start_server(store_dir, port=port, host=host, allow_update=allow_update, timeout=timeout,
                          union_default_graph=union_default_graph, cors=cors, inherit_output=True)
    mode = "read-write" if allow_update else "read-only"
    print(f"SPARQL endpoint ({mode}): {server.query_url}", file=sys.stderr)
    if allow_update:
        print(f"SPARQL update: {server.update_url}", file=sys.stderr)
    print(f"Graph Store Protocol: {server.store_url}", file=sys.stderr)
    print(f"query page (YASGUI, served by Oxigraph itself): {server.url}/", file=sys.stderr)
    print("press Ctrl-C to stop", file=sys.stderr)
    try:
        return server.process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


def push(
    store_dir: str | os.PathLike,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 120.0,
) -> list[str]:
    """Upload every document graph of the store in ``store_dir`` to ``endpoint``.

    ``endpoint`` is a SPARQL 1.1 Graph Store Protocol URL; each graph is sent
    as ``PUT {endpoint}?graph=<document IRI>`` with N-Triples, replacing the
    remote graph of the same name. Returns the IRIs pushed. HTTP Basic
    authentication is used when ``user`` is given.
    """
    import pyoxigraph as ox

    from .store import Store

    parsed = urllib.parse.urlsplit(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise KgError(f"not an http(s) endpoint URL: {endpoint!r}")
    headers = {"Content-Type": "application/n-triples"}
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    store = Store.open(store_dir, read_only=True)
    pushed = []
    try:
        for info in store.documents():
            data = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(info.iri))
            separator = "&" if parsed.query else "?"
            url = f"{endpoint}{separator}{urllib.parse.urlencode({'graph': info.iri})}"
            request = urllib.request.Request(url, data=data, method="PUT", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    response.read()
            except urllib.error.HTTPError as exc:
                detail = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
                raise StoreError(f"push of {info.iri} failed: HTTP {exc.code} {exc.reason} {detail}".rstrip()) from exc
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise StoreError(f"cannot reach {endpoint}: {reason}") from exc
            pushed.append(info.iri)
    finally:
        store.close()
    return pushed
