"""The cost of kg serve's checking proxy: Oxigraph alone against Oxigraph behind kg's proxy.

Builds a store in kg's layout (``bench_store.generate``: document graphs plus
their merge, default 100,000 triples), then serves it twice on 127.0.0.1:

* before: the bare ``oxigraph serve-read-only`` process (what ``kg serve``
  ran before it refused SERVICE);
* after: ``kg serve`` (the same Oxigraph process on a private port, behind
  kg's proxy, ``kg/proxy.py``), in its own process like the first.

For each it times, with the standard library as the client:

* latency: sequential small queries (an ASK and a 10-row SELECT with a join),
  median and 95th percentile;
* throughput: 8 client threads sending the 10-row SELECT;

(``--distinct`` makes every query text new, so the proxy checks each one
anew instead of reusing a remembered check);
* a large answer: a 50,000-row SELECT as SPARQL JSON (time, rows/s, MB/s);

and the peak memory of the server process (``VmHWM``; for ``kg serve`` the
proxy's, whose Oxigraph child is not counted).
Not a test; run it by hand::

    python bench/bench_serve.py
    python bench/bench_serve.py --distinct
    python bench/bench_serve.py --triples 300000 --requests 500
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import KG, generate  # noqa: E402

SMALL = {
    "ask": "ASK { ?s ?p ?o }",
    "select10": f"""PREFIX kg: <{KG}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?payer ?name ?payee WHERE {{ ?payer kg:pays ?payee . ?payer rdfs:label ?name }} LIMIT 10""",
}
LARGE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 50000"
JSON = "application/sparql-results+json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, sparql: str) -> bytes:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": JSON})
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read()


def _measure(query_url: str, requests: int, distinct: bool) -> dict:
    out = {}
    for name, sparql in SMALL.items():
        _get(query_url, sparql)
        times = []
        for i in range(requests):
            text = f"{sparql}\n# request {i}" if distinct else sparql  # a new text is checked anew
            start = time.perf_counter()
            _get(query_url, text)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        out[f"{name}_median_ms"] = statistics.median(times)
        out[f"{name}_p95_ms"] = times[int(len(times) * 0.95) - 1]
    errors: list[Exception] = []

    def client() -> None:
        try:
            for i in range(requests // 4):
                text = SMALL["select10"]
                _get(query_url, f"{text}\n# {threading.get_ident()} {i}" if distinct else text)
        except Exception as exc:  # noqa: BLE001 - counted below
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(8)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    out["parallel_queries_per_s"] = 8 * (requests // 4) / seconds
    out["parallel_errors"] = len(errors)
    start = time.perf_counter()
    body = _get(query_url, LARGE)
    seconds = time.perf_counter() - start
    rows = len(json.loads(body)["results"]["bindings"])
    out.update(large_rows=rows, large_s=seconds, large_rows_per_s=rows / seconds, large_mb_per_s=len(body) / 1e6 / seconds)
    return out


def _peak_mb(pid: int) -> float:
    """Peak resident memory of a running process (Linux ``VmHWM``), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _serve(command: list[str], store: Path, args: argparse.Namespace) -> dict:
    """Start a server process on ``store``, measure it, stop it."""
    port = _free_port()
    if command[-1] == "--location":  # the bare Oxigraph server
        command = [*command, str(store), "--bind", f"127.0.0.1:{port}"]
    else:
        command = [*command, str(store), "--port", str(port), "--max-rows", "100000"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/query"
        for _ in range(300):
            try:
                _get(url, "ASK {}")
                break
            except OSError:
                time.sleep(0.1)
        result = _measure(url, args.requests, args.distinct)
        result["server_peak_rss_mb"] = _peak_mb(process.pid)  # kg serve: the proxy (Oxigraph is its child)
        return result
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    import pyoxigraph as ox

    from kg.serve import oxigraph_executable

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="sequential requests per small query")
    parser.add_argument("--distinct", action="store_true",
                        help="make every query text different (a comment), so the proxy cannot reuse its check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        quads, merged = Path(tmp) / "docs.nq", Path(tmp) / "merged.nt"
        _, triples, documents = generate(quads, merged, triples=args.triples)
        store = ox.Store(str(Path(tmp) / "store"))
        store.bulk_load(path=str(quads), format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(merged), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store
        print(f"store: {triples:,} triples in {documents:,} document graphs; {args.requests} requests per query; "
              f"{'every query text new' if args.distinct else 'the same query texts again and again'}")

        before = _serve([oxigraph_executable(), "serve-read-only", "--location"], Path(tmp) / "store", args)
        after = _serve([sys.executable, "-m", "kg", "serve"], Path(tmp) / "store", args)

    print(f"{'':28} {'oxigraph alone':>15} {'kg serve (proxy)':>17} {'ratio':>7}")
    for key in before:
        ratio = after[key] / before[key] if before[key] else float("nan")
        print(f"{key:28} {before[key]:15.2f} {after[key]:17.2f} {ratio:7.2f}")


if __name__ == "__main__":
    main()
