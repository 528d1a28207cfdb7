"""A SPARQL 1.1 endpoint over a kg store, and upload of a store to other triple stores.

:func:`start_server` serves a store directory made by :mod:`kg.store` with the
Oxigraph server (the ``oxigraph`` command from the ``oxigraph`` wheel, ``pip
install 'newskg[serve]'``) behind kg's own checking proxy (:mod:`kg.proxy`):

* ``GET/POST /query``: SPARQL 1.1 Protocol queries (SELECT, ASK, CONSTRUCT, DESCRIBE);
* ``POST /update``: SPARQL 1.1 Update, only with ``allow_update=True``;
* ``/store?graph=IRI``: SPARQL 1.1 Graph Store Protocol.

By default the server is read-only (``oxigraph serve-read-only``) and listens
on 127.0.0.1 only. A host that is not a loopback address is served with a
warning, and ``allow_update`` on one also needs ``allow_remote_update``.

Oxigraph cannot be told to refuse federated queries, so the proxy does it: a
query with ``SERVICE`` (or an update with ``LOAD``) gets HTTP 403 unless
``allow_service``. The proxy also bounds every query: it gets the whole answer
from Oxigraph before it answers, so a query that runs past ``timeout``
seconds gets HTTP 503 and one with more than ``max_rows`` rows HTTP 500, never
a truncated HTTP 200 (Oxigraph alone streams, and its own cancellation ends
the body of a 200 with an error message). ``timeout`` is also passed to
Oxigraph (``--timeout-s``, rounded up), whose cancellation is cooperative: it
checks between steps of evaluation (measured with 0.5.13 and a 1 s limit: a
4-way cross product of 81 triples stopped after 1.2 s, a 5-way one after 12.5
s, and an ORDER BY over the 5-way product was still running after 40 s).
The cost of the proxy is measured by ``bench/bench_serve.py`` (100,000
triples, 2 shared cores): about 1 ms per small query instead of 0.3-0.5 ms
when its text was seen before, 2.5-4 ms when it is new (rdflib parses it);
300 queries a second from 8 parallel clients instead of 3,000.

The default graph of a query is the store's default graph, which
:mod:`kg.store` keeps as the merge of the document graphs, as in ``kg
query``. When that merge is missing or incomplete (a store that kg did not
write), ``union_default_graph`` is turned on (Oxigraph's
``--union-default-graph``; Oxigraph 0.5 then returns a triple once per graph
that holds it, oxigraph issue #1919). Do not change the store (``kg build
--store``, ``kg remove``) while a server reads it.

:func:`push` uploads each document graph of a store to any SPARQL 1.1 Graph
Store Protocol endpoint (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/REPO/rdf-graphs/service``, ...) with ``PUT ?graph=<doc IRI>``.

Examples
--------
>>> server_command("/data/kgstore", port=7878, timeout=30)[1:]
['serve-read-only', '--location', '/data/kgstore', '--bind', '127.0.0.1:7878', '--timeout-s', '30']
>>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import base64
import math
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

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT",
    "Server",
    "is_loopback",
    "oxigraph_executable",
    "push",
    "serve",
    "server_command",
    "start_server",
]

DEFAULT_TIMEOUT = 60.0
"""Seconds a query may take on ``kg serve``, its answer included."""
DEFAULT_MAX_ROWS = 100_000
"""Most solutions (or triples) one answer of ``kg serve`` may have; the proxy holds it in memory."""


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
        command += ["--timeout-s", str(max(1, math.ceil(timeout)))]
    return command


@dataclass
class Server:
    """A running endpoint: kg's proxy on :attr:`url` in front of an Oxigraph
    :attr:`process`; stop both with :meth:`stop` (or ``with``)."""

    process: subprocess.Popen
    url: str
    proxy: Any = None
    """The :class:`kg.proxy.Proxy` on :attr:`url` (None for a bare Oxigraph process)."""

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
        """Close the proxy and terminate the server process (kill it after ``grace`` seconds)."""
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
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


def is_loopback(host: str) -> bool:
    """True when every address ``host`` names is a loopback address (127.0.0.0/8, ::1)."""
    import ipaddress
    import socket

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    if not host:
        return False
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def start_server(
    store_dir: str | os.PathLike,
    *,
    port: int = 7878,
    host: str = "127.0.0.1",
    allow_update: bool = False,
    allow_remote_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    union_default_graph: bool | None = None,
    cors: bool = False,
    wait: float = 30.0,
) -> Server:
    """Serve ``store_dir`` on ``host:port`` and return once it answers queries.

    Oxigraph runs on a free 127.0.0.1 port behind kg's proxy (:mod:`kg.proxy`),
    which refuses ``SERVICE`` and ``LOAD`` unless ``allow_service`` and bounds
    each query by ``timeout`` seconds (None: no limit) and ``max_rows`` rows.
    ``allow_update`` on a host that is not loopback also needs
    ``allow_remote_update``. A read-only server needs an existing store; with
    ``allow_update`` the directory is created when missing. No pyoxigraph
    ``Store`` in this or another process may hold the directory open for
    writing meanwhile.
    """
    from .proxy import Limits, Proxy
    from .store import is_store_dir

    if not 1 <= int(port) <= 65535:
        raise KgError(f"a TCP port is a number from 1 to 65535, not {port}")
    if timeout is not None and not timeout > 0:
        raise KgError(f"the timeout must be a positive number of seconds, not {timeout}")
    if max_rows < 1:
        raise KgError(f"max_rows must be at least 1, not {max_rows}")
    if allow_update and not allow_remote_update and not is_loopback(host):
        raise KgError(f"--allow-update on {host}, which is not a loopback address, would let anyone who can reach "
                      "it change or delete the store; add --allow-remote-update if that is what you want")
    directory = Path(store_dir)
    if not allow_update and not is_store_dir(directory):
        raise StoreError(f"no store at {directory}")
    _check_port_free(host, port)
    if union_default_graph is None:
        union_default_graph = _needs_union(directory)
    inner = _free_port()
    command = server_command(directory, port=inner, host="127.0.0.1", allow_update=allow_update, timeout=timeout,
                             union_default_graph=union_default_graph, cors=cors,
                             executable=oxigraph_executable())
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                               preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    server = Server(process=process, url=_url(host, int(port)))
    try:
        _wait_ready(process, _url("127.0.0.1", inner), log, wait)
        try:
            proxy = Proxy(host, int(port), ("127.0.0.1", inner),
                          Limits(timeout=timeout, max_rows=max_rows, allow_service=allow_service), cors=cors)
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        proxy.start()
        server.proxy = proxy
    except BaseException:
        server.stop()
        raise
    return server


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(process: subprocess.Popen, url: str, log: Any, wait: float) -> None:
    deadline = time.monotonic() + wait
    probe = url + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if process.poll() is not None:
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
            raise StoreError(f"the oxigraph server did not answer on {url} within {wait:g} s")
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
    allow_remote_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    union_default_graph: bool | None = None,
    cors: bool = False,
) -> int:
    """Serve ``store_dir`` in the foreground until interrupted; return the server's exit status.

    The arguments are those of :func:`start_server`. Prints the endpoints, the
    limits and a warning for a host that is not a loopback address on stderr.
    """
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the server on `kill` too
    server = start_server(store_dir, port=port, host=host, allow_update=allow_update,
                          allow_remote_update=allow_remote_update, allow_service=allow_service, timeout=timeout,
                          max_rows=max_rows, union_default_graph=union_default_graph, cors=cors)
    if not is_loopback(host):
        who = "any web page open in a browser that can reach it" if cors else "anyone who can reach this machine"
        print(f"warning: {host} is not a loopback address: {who} can "
              f"{'read and change' if allow_update else 'read'} the whole store", file=sys.stderr)
    mode = "read-write" if allow_update else "read-only"
    print(f"SPARQL endpoint ({mode}): {server.query_url}", file=sys.stderr)
    if allow_update:
        print(f"SPARQL update: {server.update_url}", file=sys.stderr)
    print(f"Graph Store Protocol: {server.store_url}", file=sys.stderr)
    print(f"query page (YASGUI, served by Oxigraph itself): {server.url}/", file=sys.stderr)
    limit = "no time limit" if timeout is None else f"{timeout:g} s"
    print(f"each query: {limit}, at most {max_rows} rows; SERVICE and LOAD "
          f"{'allowed' if allow_service else 'refused'}", file=sys.stderr)
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
