"""Peak memory and time of ``kg query STORE`` on a result of millions of rows, per output format.

Makes a store with one kg document graph of ``--n`` triples ``<urn:sI> <urn:p> I``
and runs, in a child process with standard output sent to /dev/null,

    kg query STORE "SELECT ?a ?b WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y }" --format F

(``--n`` squared rows: 1415 gives 2,002,225) for each format, printing the
child's peak resident memory (``ru_maxrss``) and wall time. ``--python``
runs another interpreter, for instance one where an older kg is installed::

    python bench/bench_query_memory.py
    python bench/bench_query_memory.py --n 500 --formats csv json
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERY = "SELECT ?a ?b WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y }"


def make_store(path: Path, n: int) -> None:
    from rdflib import RDF, Graph, Literal, URIRef

    from kg.store import Store
    from kg.vocab import KG

    doc = URIRef("https://w3id.org/newskg/doc/0000000000000001")
    graph = Graph()
    graph.add((doc, RDF.type, KG.Document))
    for i in range(n):
        graph.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    with Store.open(path) as store:
        store.add_document_graph(doc, graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1415, help="triples; the result has n*n rows (default 1415)")
    parser.add_argument("--formats", nargs="+", default=["csv", "tsv", "json", "table"])
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs kg (default: this one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        make_store(store, args.n)
        print(f"{args.n * args.n:,} rows; kg from {args.python}")
        for fmt in args.formats:
            code = ("import resource, subprocess, sys; "
                    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
                    "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
                    "p.stderr.decode()[-200:].replace(chr(10), ' '))")
            started = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", code, args.python, "-m", "kg", "query", str(store), QUERY,
                                  "--format", fmt], capture_output=True, text=True, env=dict(os.environ),
                                 cwd=tmp).stdout  # not the repository: -m kg would import its kg
            seconds = time.perf_counter() - started
            rc, peak, err = out.split(" ", 2)
            print(f"--format {fmt:6} exit {rc}  {seconds:7.1f} s  peak RSS {int(peak) / 1024:8,.0f} MB  {err.strip()}")


if __name__ == "__main__":
    main()
