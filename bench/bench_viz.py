"""Benchmark of the viz page: page size and browser time to stabilise for 100, 1,000 and 5,000 nodes.

Builds synthetic graphs in the shape of the kg RDF contract (typed, labelled
entities; relation triples between them, each with one rdf:Statement carrying
evidence, document, offsets and confidence), renders them with
:func:`kg.viz.render_html`, opens each page in headless Chromium
(``tests/browser/page.js stabilize``) and prints a table. Not a test.

    python bench/bench_viz.py                 # 100, 1000, 5000 nodes
    python bench/bench_viz.py --sizes 100 500 --keep /tmp/pages

"stabilise ms" is ``performance.now()`` in the page when vis-network fires
``stabilizationIterationsDone`` (time since navigation start: parsing, drawing
and the physics iterations); "wall ms" is measured from Node around
``page.goto`` until that event.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, Graph, Literal

from kg.types import ENTITY_CLASSES
from kg.viz import render_html
from kg.vocab import KG, KGD, KGR, KGS

ROOT = Path(__file__).resolve().parent.parent
BROWSER = ROOT / "tests" / "browser"

RELATIONS = {  # relation -> (subject classes, object classes)
    "ceoOf": (("Person",), ("Organization",)),
    "founderOf": (("Person",), ("Organization",)),
    "memberOf": (("Person", "Organization"), ("Organization",)),
    "pays": (("Organization", "Person"), ("Organization", "Person")),
    "investsIn": (("Organization",), ("Organization", "Product")),
    "develops": (("Organization",), ("Product",)),
    "competitorOf": (("Organization",), ("Organization",)),
    "headquarteredIn": (("Organization",), ("Place",)),
    "criticizes": (("Person", "Organization"), ("Person", "Organization", "Product", "Event")),
    "announces": (("Organization", "Person"), ("Product", "Event")),
}


def synthetic_graph(n: int, *, edges_per_node: float = 2.0, seed: int = 42) -> Graph:
    """A kg-shaped graph with ``n`` entities and about ``edges_per_node * n`` relations."""
    rng = random.Random(seed)
    g = Graph()
    docs = [KGD[f"{i:016x}"] for i in range(max(1, n // 20))]
    for i, doc in enumerate(docs):
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.language, Literal("it" if i % 3 else "en")))
    weights = (0.35, 0.35, 0.15, 0.1, 0.05)
    entities: dict[str, list] = {cls: [] for cls in ENTITY_CLASSES}
    order = []
    for i in range(n):
        cls = rng.choices(ENTITY_CLASSES, weights)[0]
        iri = KGR[f"{cls.lower()}/entity-{i}"]
        g.add((iri, RDF.type, KG[cls]))
        g.add((iri, RDFS.label, Literal(f"{cls} {i}", lang="it")))
        if i % 5 == 0:
            g.add((iri, SKOS.altLabel, Literal(f"E{i}", lang="it")))
        g.add((iri, KG.mentionedIn, rng.choice(docs)))
        entities[cls].append(iri)
        order.append((cls, iri))
    degree = {iri: 1 for _, iri in order}
    for k in range(int(n * edges_per_node)):
        rel = rng.choice(list(RELATIONS))
        subj_classes, obj_classes = RELATIONS[rel]
        subj_pool = [e for c in subj_classes for e in entities[c]]
        obj_pool = [e for c in obj_classes for e in entities[c]]
        if not subj_pool or not obj_pool:
            continue
        s = rng.choice(subj_pool)
        # preferential attachment on the object: a few hubs, like Meta or Trump in the news
        sample = rng.sample(obj_pool, min(8, len(obj_pool)))
        o = max(sample, key=lambda e: degree[e] * rng.random())
        if s == o:
            continue
        degree[s] += 1
        degree[o] += 1
        g.add((s, KG[rel], o))
        st = KGS[f"{k:016x}"]
        doc = rng.choice(docs)
        start = rng.randrange(0, 5000)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, KG[rel]))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((st, KG.evidence, Literal(f"Frase {k}: {s.rsplit('/', 1)[-1]} {rel} {o.rsplit('/', 1)[-1]}, "
                                        "secondo fonti vicine al dossier.", lang="it")))
        g.add((st, KG.startOffset, Literal(start)))
        g.add((st, KG.endOffset, Literal(start + 120)))
        g.add((st, KG.confidence, Literal(Decimal(str(round(rng.uniform(0.4, 0.95), 2))))))
        g.add((st, KG.extractor, Literal("bench")))
        if rel in ("pays", "investsIn"):
            g.add((st, KG.amount, Literal(Decimal(rng.randrange(1, 900) * 1_000_000))))
            g.add((st, KG.currency, Literal("USD")))
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--keep", metavar="DIR", help="keep the generated pages in DIR")
    parser.add_argument("--no-browser", action="store_true", help="only build and render (no Chromium)")
    args = parser.parse_args(argv)

    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        graph = synthetic_graph(n)
        t0 = time.perf_counter()
        page = render_html(graph)
        render_s = time.perf_counter() - t0
        path = out_dir / f"viz-{n}.html"
        path.write_text(page, encoding="utf-8")
        rows.append({"nodes": n, "triples": len(graph), "kb": len(page.encode("utf-8")) / 1024,
                     "render_s": render_s, "path": str(path)})

    if not args.no_browser:
        if not (BROWSER / "node_modules" / "playwright-core").is_dir():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER, check=True)
        for row in rows:  # one page per browser run, so runs do not share caches or memory
            proc = subprocess.run(["node", str(BROWSER / "page.js"), "stabilize", row["path"]],
                                  capture_output=True, text=True, timeout=900)
            if proc.returncode != 0:
                print(proc.stderr, file=sys.stderr)
                return 1
            result = json.loads(proc.stdout)
            [measured] = result["results"]
            row.update(drawn_nodes=measured["nodes"], drawn_edges=measured["edges"],
                       stabilize_ms=measured["stabilizedAt"], wall_ms=measured["wallMs"],
                       requests=len(result["requests"]))

    print(f"{'nodes':>6} {'edges':>6} {'page KB':>8} {'render s':>9} {'stabilise ms':>13} {'wall ms':>8} {'requests':>9}")
    for row in rows:
        if "stabilize_ms" in row:
            print(f"{row['drawn_nodes']:>6} {row['drawn_edges']:>6} {row['kb']:>8.0f} {row['render_s']:>9.2f} "
                  f"{row['stabilize_ms']:>13.0f} {row['wall_ms']:>8.0f} {row['requests']:>9}")
        else:
            print(f"{row['nodes']:>6} {'-':>6} {row['kb']:>8.0f} {row['render_s']:>9.2f} {'-':>13} {'-':>8} {'-':>9}")
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
