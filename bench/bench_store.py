"""Benchmark: the pyoxigraph store against a plain in-memory rdflib Graph.

Generates N distinct triples (default 1,000,000) in the shape ``kg build``
writes: documents with metadata, entities with types and labels mentioned in
each document, relation triples, and one ``rdf:Statement`` per fact with
evidence, offsets, confidence and (for money relations) an amount, one named
graph per document. Then, each side in its own subprocess so that peak memory
(``ru_maxrss``) is its own:

* store: the layout of :mod:`kg.store` (the document graphs, plus their merge
  in the default graph) loaded with ``pyoxigraph.Store(dir).bulk_load(...)``,
  queried with pyoxigraph's SPARQL engine;
* rdflib: ``rdflib.Graph().parse(..., format="ox-ntriples")`` of the merge
  (oxrdflib's fast parser), queried with rdflib's SPARQL engine.

It times the load, a GROUP BY count of statements per relation, and a two-hop
join, and prints the ratios. Not a test: run it by hand::

    python bench/bench_store.py               # 1,000,000 triples, a few minutes
    python bench/bench_store.py --triples 100000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["generate", "main"]

KG = "https://w3id.org/newskg/ontology#"
KGR = "https://w3id.org/newskg/id/"
KGD = "https://w3id.org/newskg/doc/"
KGS = "https://w3id.org/newskg/stmt/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

# relation -> (subject class, object class)
RELATIONS = {
    "ceoOf": ("person", "organization"), "employeeOf": ("person", "organization"),
    "founderOf": ("person", "organization"), "presidentOf": ("person", "organization"),
    "memberOf": ("person", "organization"), "pays": ("organization", "person"),
    "acquires": ("organization", "organization"), "investsIn": ("organization", "organization"),
    "partnerOf": ("organization", "organization"), "competitorOf": ("organization", "organization"),
    "sues": ("organization", "organization"), "develops": ("organization", "product"),
    "headquarteredIn": ("organization", "place"), "criticizes": ("person", "person"),
    "praises": ("person", "organization"), "announces": ("organization", "product"),
}
MONEY = {"pays", "acquires", "investsIn"}

QUERIES = {
    "group_by": f"""PREFIX rdf: <{RDF}>
        SELECT ?p (COUNT(?st) AS ?n) WHERE {{ ?st a rdf:Statement ; rdf:predicate ?p }}
        GROUP BY ?p ORDER BY DESC(?n)""",
    "group_by_all": """SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)""",
    "two_hop": f"""PREFIX kg: <{KG}>
        SELECT (COUNT(*) AS ?n) WHERE {{ ?person kg:ceoOf ?org . ?org kg:acquires ?target }}""",
}

FACTS_PER_DOC = 6
ENTITIES_PER_DOC = 10


def _lit(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def generate(path: Path, merged: Path, *, triples: int, seed: int = 7) -> tuple[int, int, int]:
    """Write document graphs as N-Quads to ``path`` and their merge as N-Triples to
    ``merged``, until the merge holds ``triples`` triples; return (quads, triples, documents)."""
    rng = random.Random(seed)
    per_doc = 5 + ENTITIES_PER_DOC * 3 + FACTS_PER_DOC * 12
    docs = max(1, triples // per_doc)
    pools = {cls: [f"{KGR}{cls}/{cls[:3]}-{i}" for i in range(n)] for cls, n in
             (("person", docs * 2), ("organization", docs), ("product", docs // 2 + 1), ("place", docs // 8 + 1))}

    def pick(cls: str) -> str:
        pool = pools[cls]
        return pool[min(len(pool) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.3 \
            else pool[rng.randrange(len(pool))]

    names = list(RELATIONS)
    weights = [1.0 / (i + 1) for i in range(len(names))]
    count = 0
    seen: set[str] = set()
    with path.open("w", encoding="utf-8") as out, merged.open("w", encoding="utf-8") as merge:
        d = -1
        while len(seen) < triples:
            d += 1
            doc = f"{KGD}{d:016x}"
            g = f"<{doc}>"
            lines = [
                f"<{doc}> <{RDF}type> <{KG}Document> {g} .",
                f"<{doc}> <{DCTERMS}title> {_lit(f'Articolo {d}', lang='it')} {g} .",
                f"<{doc}> <{DCTERMS}language> {_lit('it')} {g} .",
                f"<{doc}> <{KG}sourcePath> {_lit(f'news/{d}.txt')} {g} .",
                f"<{doc}> <{KG}contentHash> {_lit(f'sha256:{d:064x}')} {g} .",
            ]
            facts = []
            for f in range(FACTS_PER_DOC):
                rel = rng.choices(names, weights)[0]
                s_cls, o_cls = RELATIONS[rel]
                facts.append((pick(s_cls), rel, pick(o_cls)))
            mentioned = {e for s, _, o in facts for e in (s, o)}
            while len(mentioned) < ENTITIES_PER_DOC:
                mentioned.add(pick(rng.choice(("person", "organization", "place"))))
            for entity in sorted(mentioned):
                cls = entity[len(KGR):].split("/", 1)[0]
                lines.append(f"<{entity}> <{RDF}type> <{KG}{cls.title()}> {g} .")
                lines.append(f"<{entity}> <{RDFS}label> {_lit(entity.rsplit('/', 1)[1].title(), lang='it')} {g} .")
                lines.append(f"<{entity}> <{KG}mentionedIn> <{doc}> {g} .")
            for f, (s, rel, o) in enumerate(facts):
                st = f"<{KGS}{d:012x}{f:04x}>"
                start = rng.randrange(5000)
                lines += [
                    f"<{s}> <{KG}{rel}> <{o}> {g} .",
                    f"{st} <{RDF}type> <{RDF}Statement> {g} .",
                    f"{st} <{RDF}subject> <{s}> {g} .",
                    f"{st} <{RDF}predicate> <{KG}{rel}> {g} .",
                    f"{st} <{RDF}object> <{o}> {g} .",
                    f"{st} <{PROV}wasDerivedFrom> <{doc}> {g} .",
                    f"{st} <{KG}evidence> {_lit(f'Frase {f} del documento {d} che dice {rel}.', lang='it')} {g} .",
                    f"{st} <{KG}startOffset> {_lit(str(start), datatype=XSD + 'integer')} {g} .",
                    f"{st} <{KG}endOffset> {_lit(str(start + 120), datatype=XSD + 'integer')} {g} .",
                    f"{st} <{KG}confidence> {_lit('0.8', datatype=XSD + 'decimal')} {g} .",
                    f"{st} <{KG}extractor> {_lit('dep.verb')} {g} .",
                ]
                if rel in MONEY:
                    lines.append(f"{st} <{KG}amount> {_lit(str(rng.randrange(1, 500) * 1000000), datatype=XSD + 'decimal')} {g} .")
                else:
                    lines.append(f"{st} <{KG}extractorVersion> {_lit('0.1.0')} {g} .")
            lines = list(dict.fromkeys(lines))
            out.write("\n".join(lines) + "\n")
            count += len(lines)
            for line in lines:
                triple = line[: line.rfind(" <")] + " .\n"
                if triple not in seen:
                    seen.add(triple)
                    merge.write(triple)
    return count, len(seen), d + 1


def _run_store(nquads: str, workdir: str, repeat: int) -> dict:
    import pyoxigraph as ox

    start = time.perf_counter()
    store = ox.Store(str(Path(workdir) / "store"))
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(Path(workdir) / "merged.nt"), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    load = time.perf_counter() - start
    result = {"load_s": load, "quads": len(store)}
    result.update(_store_queries(store, repeat))
    return result


def _run_store_query(nquads: str, workdir: str, repeat: int) -> dict:
    """Open the store loaded by ``_run_store`` in a fresh process and only query it."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(Path(workdir) / "store"))
    return _store_queries(store, repeat)


def _store_queries(store, repeat: int) -> dict:
    result = {}
    for name, sparql in QUERIES.items():
        times, rows = [], None
        for _ in range(repeat):
            t = time.perf_counter()
            rows = [[str(sol[v]) for v in range(len(sol))] for sol in store.query(sparql)]
            times.append(time.perf_counter() - t)
        result[name] = {"first_s": times[0], "best_s": min(times), "rows": len(rows), "head": rows[:3]}
    return result


def _run_rdflib(nquads: str, workdir: str, repeat: int) -> dict:
    import rdflib

    ntriples = Path(workdir) / "merged.nt"
    start = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(str(ntriples), format="ox-ntriples")
    load = time.perf_counter() - start
    result = {"load_s": load, "triples": len(graph)}
    for name, sparql in QUERIES.items():
        times, rows = [], None
        for _ in range(repeat):
            t = time.perf_counter()
            rows = [[str(x) for x in row] for row in graph.query(sparql)]
            times.append(time.perf_counter() - t)
        result[name] = {"first_s": times[0], "best_s": min(times), "rows": len(rows), "head": rows[:3]}
    return result


def _child(side: str, nquads: str, workdir: str, repeat: int) -> None:
    run = {"store": _run_store, "store-query": _run_store_query, "rdflib": _run_rdflib}[side]
    result = run(nquads, workdir, repeat)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query (best is reported)")
    parser.add_argument("--child", nargs=3, metavar=("SIDE", "NQUADS", "WORKDIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child, args.repeat)
        return 0
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as workdir:
        nquads = Path(workdir) / "data.nq"
        t = time.perf_counter()
        quads, triples, docs = generate(nquads, Path(workdir) / "merged.nt", triples=args.triples)
        print(f"generated {triples:,} distinct triples; {quads:,} quads in {docs:,} document graphs "
              f"({nquads.stat().st_size / 1e6:.0f} MB N-Quads) in {time.perf_counter() - t:.1f} s", flush=True)
        results = {}
        for side in ("store", "store-query", "rdflib"):
            out = subprocess.run([sys.executable, __file__, "--repeat", str(args.repeat), "--child", side,
                                  str(nquads), workdir], check=False, capture_output=True, text=True)
            if out.returncode != 0:
                print(out.stderr, file=sys.stderr)
                return 1
            results[side] = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{side}: {json.dumps(results[side])}", flush=True)
    store, rdf = results["store"], results["rdflib"]
    for name in QUERIES:
        if store[name]["rows"] != rdf[name]["rows"]:
            print(f"warning: {name} gives {store[name]['rows']} rows on the store, {rdf[name]['rows']} on rdflib")
    print()
    print(f"{'measure':<28}{'pyoxigraph store':>18}{'rdflib Graph':>16}{'rdflib / store':>16}")
    rows = [("load (s)", store["load_s"], rdf["load_s"])]
    rows += [(f"{name} best (s)", store[name]["best_s"], rdf[name]["best_s"]) for name in QUERIES]
    rows += [(f"{name} first (s)", store[name]["first_s"], rdf[name]["first_s"]) for name in QUERIES]
    rows.append(("peak RSS (MB)", store["maxrss_mb"], rdf["maxrss_mb"]))
    reopened = results["store-query"]
    rows += [(f"{name} reopened (s)", reopened[name]["best_s"], rdf[name]["best_s"]) for name in QUERIES]
    rows.append(("peak RSS query-only (MB)", reopened["maxrss_mb"], rdf["maxrss_mb"]))
    for label, a, b in rows:
        print(f"{label:<28}{a:>18.3f}{b:>16.3f}{b / a if a else float('inf'):>15.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
