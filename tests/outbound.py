"""A real HTTP listener on 127.0.0.1 that records every request made to it (tests of SSRF)."""

from __future__ import annotations

import http.server
import threading

EMPTY_RESULTS = b'{"head": {"vars": []}, "results": {"bindings": []}}'


class Listener:
    """Answers every request with an empty SPARQL JSON result, and remembers the requests."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                listener.requests.append(self.requestline.encode() + b"\n" + body)
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            do_GET = do_POST = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
