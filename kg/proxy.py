"""The HTTP front of ``kg serve``: checks every SPARQL request, then lets Oxigraph answer it.

The Oxigraph server has no switch to turn off federated queries: a ``SERVICE``
pattern in a query makes it send an HTTP request wherever the query says
(oxigraph 0.5.13, ``oxigraph serve --help``), and an update may ``LOAD`` any
URL. Its ``--timeout-s`` only cancels evaluation, and a cancelled query has
already answered HTTP 200, so the client gets a truncated body. So ``kg
serve`` runs Oxigraph on a private loopback port and puts this small proxy
(standard-library ``http.server``, one thread per request) on the public
address:

* ``/query`` and ``/update``: the request is read (at most
  :data:`MAX_REQUEST_BYTES`), every ``query``/``update`` in it is checked by
  :func:`kg.guard.check`, and one with ``SERVICE`` (or ``LOAD``) is refused
  with HTTP 403 unless outbound requests were allowed.
* A query's answer is fetched from Oxigraph in a line-based format (TSV for
  solutions and booleans, N-Triples for graphs), counted row by row while it
  arrives and held until it is complete, then converted by pyoxigraph to the
  format the client asked for (``Accept``, as Oxigraph negotiates it). Only a
  complete answer is sent with HTTP 200. A query that runs past ``timeout``
  gets HTTP 503, one with more than ``max_rows`` rows HTTP 500, each with a
  one-line message; the upstream connection is closed at once, which stops
  Oxigraph's evaluation.
* Everything else (the YASGUI page, the Graph Store Protocol) passes through
  unchanged.

Oxigraph's port is bound to 127.0.0.1 only: a local user could still reach it
directly, but a remote client cannot.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

__all__ = ["MAX_REQUEST_BYTES", "Limits", "Proxy"]

MAX_REQUEST_BYTES = 16 * 1024 * 1024
"""Largest ``/query`` or ``/update`` request body the proxy reads (16 MB)."""

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding"}
"""Request and answer headers the proxy does not forward (it counts the rows of plain answers)."""
_UPSTREAM_ACCEPT = "text/tab-separated-values, application/n-triples"
_TSV = "text/tab-separated-values"
_NTRIPLES = "application/n-triples"
_READ = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """What the proxy lets a request do."""

    timeout: float | None = None
    """Seconds a query may take, answer included (None: no limit)."""
    max_rows: int = 100_000
    """Most solutions (or triples) an answer may have."""
    allow_service: bool = False
    """Let queries use SERVICE and updates LOAD (both fetch URLs)."""


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Proxy:
    """The checking proxy on ``host:port`` in front of Oxigraph at ``upstream`` (``host:port``)."""

    def __init__(self, host: str, port: int, upstream: tuple[str, int], limits: Limits, *, cors: bool = False) -> None:
        handler = type("_BoundHandler", (_Handler,), {"upstream": upstream, "limits": limits, "cors": cors})
        server_class = _Server6 if ":" in host else _Server
        self.httpd = server_class((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="kg-serve-proxy", daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed in an unexpected way: one line on stderr, not a traceback."""
        import sys

        exc = sys.exc_info()[1]
        print(f"kg serve: a request from {client_address[0]} failed: {type(exc).__name__}: "
              f"{' '.join(str(exc).split())[:200]}", file=sys.stderr)


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"
    timeout = 120  # seconds a client may take to send its request
    upstream: tuple[str, int]
    limits: Limits
    cors: bool

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet, like Oxigraph
        pass

    # ------------------------------------------------------------ dispatch

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    def _handle(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        try:
            if path in ("/query", "/update") and self.command in ("GET", "POST"):
                body = self._read_body()
                sparql = self._sparql(path, body)
                if path == "/query" and sparql:
                    self._query(body, sparql)
                else:
                    self._pass(body)
            else:
                self._pass(None)
        except _Refused as exc:
            self._error(exc.status, str(exc))
        except (OSError, http.client.HTTPException):  # the client or Oxigraph went away mid-answer
            self.close_connection = True

    # ------------------------------------------------------------ requests

    def _read_body(self) -> bytes | None:
        if self.command != "POST":
            return None
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _Refused(411, "send the request with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Refused(400, "bad Content-Length") from None
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            raise _Refused(413, f"the request is larger than {MAX_REQUEST_BYTES} bytes")
        return self.rfile.read(length) if length > 0 else b""

    def _sparql(self, path: str, body: bytes | None) -> list[str]:
        """Every query or update in the request, checked; refuse what reaches out."""
        key = "query" if path == "/query" else "update"
        texts = [v for k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query) if k == key]
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if body:
            try:
                if ctype == "application/x-www-form-urlencoded":
                    texts += [v for k, v in urllib.parse.parse_qsl(body.decode("utf-8"), errors="strict") if k == key]
                elif ctype in ("application/sparql-query", "application/sparql-update"):
                    texts.append(body.decode("utf-8"))
            except UnicodeDecodeError:
                raise _Refused(400, "the request is not UTF-8") from None
        if self.limits.allow_service:
            return texts
        for text in texts:
            found = _reaches_out(text)
            if found.service:
                raise _Refused(403, "SERVICE is disabled on this endpoint: federated queries would make the "
                                    "server send HTTP requests (start kg serve with --allow-service to allow them)")
            if found.load:
                raise _Refused(403, "LOAD is disabled on this endpoint: it would make the server fetch a URL "
                                    "(start kg serve with --allow-service to allow it)")
        return texts

    def _upstream_request(self, body: bytes | None, accept: str | None, timeout: float | None):
        connection = http.client.HTTPConnection(*self.upstream, timeout=timeout)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if accept is not None:
            headers["Accept"] = accept
        if body is not None:
            headers["Content-Length"] = str(len(body))
        try:
            if body is None and self.command in ("PUT", "POST"):
                self._stream_request_body(connection, headers)
            else:
                connection.request(self.command, self.path, body=body, headers=headers)
            return connection, connection.getresponse()
        except (OSError, http.client.HTTPException):
            connection.close()
            raise

    def _stream_request_body(self, connection: http.client.HTTPConnection, headers: dict) -> None:
        """Forward a Graph Store upload as it arrives, without holding it."""
        length = int(self.headers.get("Content-Length") or 0)
        headers["Content-Length"] = str(length)
        connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", "%s:%d" % self.upstream)
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.endheaders()
        left = length
        while left > 0:
            chunk = self.rfile.read(min(_READ, left))
            if not chunk:
                raise ConnectionError("the client closed the upload")
            connection.send(chunk)
            left -= len(chunk)

    # ------------------------------------------------------------ answers

    def _query(self, body: bytes | None, texts: list[str]) -> None:
        """Fetch the answer whole (within the limits), then send it in the client's format."""
        limits = self.limits
        deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
        try:
            connection, response = self._upstream_request(body, _UPSTREAM_ACCEPT, limits.timeout)
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, socket.timeout):
                raise _Refused(503, _timeout_message(limits.timeout)) from None
            raise _Refused(502, f"the SPARQL engine did not answer: {exc}") from None
        try:
            if response.status != 200:
                data = response.read(1024 * 1024)
                text = data.decode("utf-8", "replace")
                status = 503 if "cancelled" in text else response.status
                raise _Refused(status, _timeout_message(limits.timeout) if status == 503 else " ".join(text.split()))
            kind = response.getheader("Content-Type", "").split(";")[0].strip().lower()
            data = self._read_answer(connection, response, kind, deadline)
        finally:
            connection.close()
        self._send_converted(kind, data)

    def _read_answer(self, connection: http.client.HTTPConnection, response: http.client.HTTPResponse, kind: str,
                     deadline: float | None) -> bytes:
        limits = self.limits
        parts: list[bytes] = []
        lines = 0
        header = 1 if kind == _TSV else 0
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _Refused(503, _timeout_message(limits.timeout))
                connection.sock.settimeout(left)
            try:
                chunk = response.read1(_READ)
            except socket.timeout:
                raise _Refused(503, _timeout_message(limits.timeout)) from None
            except (OSError, http.client.HTTPException) as exc:
                raise _Refused(500, f"the answer was cut off: {exc}") from None
            if not chunk:
                break
            parts.append(chunk)
            lines += chunk.count(b"\n")
            if lines - header > limits.max_rows:
                raise _Refused(500, f"the answer has more than {limits.max_rows} rows (kg serve --max-rows "
                                    f"{limits.max_rows}); add LIMIT to the query")
        data = b"".join(parts)
        if kind == _TSV and data in (b"true", b"false"):
            return data
        if data and not data.endswith(b"\n"):
            # Oxigraph writes its error after the rows it sent, with no newline
            tail = data[data.rfind(b"\n") + 1:].decode("utf-8", "replace")
            if "cancelled" in tail:
                raise _Refused(503, _timeout_message(limits.timeout))
            raise _Refused(500, f"the query failed while its answer was sent: {' '.join(tail.split())[:300]}")
        return data

    def _send_converted(self, kind: str, data: bytes) -> None:
        import pyoxigraph as ox

        accept = self.headers.get("Accept", "")
        try:
            if kind == _TSV:
                result = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
                fmt = _negotiate(accept, ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.JSON)
                if fmt is None:
                    raise _Refused(406, "the Accept header names no SPARQL results format kg serve knows "
                                        "(application/sparql-results+json, ...+xml, text/csv, text/tab-separated-values)")
                out = result.serialize(format=fmt)
            elif kind == _NTRIPLES:
                fmt = _negotiate(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.N_QUADS)
                if fmt is None:
                    raise _Refused(406, "the Accept header names no RDF format kg serve knows "
                                        "(text/turtle, application/n-triples, ...)")
                out = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES), format=fmt)
            else:
                raise _Refused(502, f"unexpected answer from the SPARQL engine ({kind or 'no content type'})")
        except (SyntaxError, ValueError, OSError) as exc:
            raise _Refused(500, f"cannot convert the answer: {' '.join(str(exc).split())[:300]}") from None
        self.send_response(200)
        self.send_header("Content-Type", f"{fmt.media_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    def _pass(self, body: bytes | None) -> None:
        """Forward the request and stream the answer back unchanged."""
        try:
            connection, response = self._upstream_request(body, None, None)
        except (OSError, http.client.HTTPException) as exc:
            raise _Refused(502, f"the SPARQL engine did not answer: {exc}") from None
        try:
            self.send_response(response.status, response.reason)
            length = response.getheader("Content-Length")
            for key, value in response.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            if length is not None:
                self.send_header("Content-Length", length)
            elif self.command != "HEAD" and response.status not in (204, 304):
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command == "HEAD":
                return
            while True:
                chunk = response.read1(_READ)
                if not chunk:
                    break
                self.wfile.write(chunk)
        finally:
            connection.close()

    def _cors_headers(self) -> None:
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")

    def _error(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.close_connection = True  # the request body may not have been read
        try:
            self.send_response(status)
            self.send_header("Connection", "close")
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self._cors_headers()
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
        except OSError:
            self.close_connection = True


@functools.lru_cache(maxsize=1024)
def _reaches_out(text: str) -> Any:
    """:func:`kg.guard.check` of ``text``, remembered: clients send the same queries again and again,
    and parsing one with rdflib takes milliseconds (``bench/bench_serve.py``)."""
    from .guard import check

    return check(text)


def _timeout_message(timeout: float | None) -> str:
    return f"the query was stopped after {timeout:g} s (kg serve --timeout); narrow it or add LIMIT"


def _negotiate(accept: str, parse: Any, default: Any) -> Any:
    """The format the ``Accept`` header prefers among those ``parse`` knows, as Oxigraph negotiates:
    none or ``*/*`` gives ``default``, as does ``application/*`` or ``text/*``."""
    accept = accept.strip()
    if not accept:
        return default
    best, best_q = None, 0.0
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= best_q or not media:
            continue
        base, _, sub = media.lower().partition("/")
        if sub == "*" and base in ("*", "application", "text"):
            found = default
        else:
            found = parse(media)
        if found is not None:
            best, best_q = found, q
    return best
