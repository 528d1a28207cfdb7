"""Benchmark of the viz page: Python time, page size and browser time to the first complete drawing.

Builds synthetic graphs in the shape of the kg RDF contract (typed, labelled
entities; relation triples between them, each with one rdf:Statement carrying
evidence, a dated document, offsets and confidence), renders them with
:func:`kg.viz.render_html`, opens each page in a fresh headless Chromium
(``tests/browser/page.js ready``) and prints a table. Not a test.

    python bench/bench_viz.py                          # 1,000 and 5,000 nodes, 20,000 cut to 5,000; 3 runs
    python bench/bench_viz.py --sizes 1000 --repeat 5 --keep /tmp/pages
    python bench/bench_viz.py --layouts                # the layout candidates at 1k, 5k, 20k nodes

Columns: ``in`` entities in the graph, ``drawn``/``edges`` what the page
draws (``--max-nodes``, default 5,000, keeps the most central), ``MB`` page
size, ``python s`` the whole :func:`render_html` call and ``layout s`` its
layout step (both median of the runs, with min-max), ``kgReady ms``
``document.body.dataset.kgReady``: milliseconds from navigation start to the
end of the first complete drawing, as the page reports it (median, min-max),
``wall ms`` the same seen from Node around ``page.goto``, ``requests``
network requests the page tried (must be 0).

``--layouts`` times each layout candidate in its own process (killed after
``--timeout`` seconds) on the undirected view of the same graphs: kg's
(:mod:`kg.layout`), networkx's ``spring_layout`` (``method="force"`` and
``"energy"``, seed 42) and ``forceatlas2_layout`` (seed 42, 100 iterations);
those that hold n x n arrays are skipped where these would not fit in
``--memory-gb`` (the machine is shared). Then it
draws each finished layout in the browser (the same page with the
candidate's positions, scaled to the same median edge length).
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Graph, Literal

from kg.types import ENTITY_CLASSES
from kg.viz import render_html, script_json
from kg.vocab import KG, KGD, KGR, KGS

__all__ = ["synthetic_graph", "main"]

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


def synthetic_graph(n: int, *, edges_per_node: float = 2.0, seed: int = 42, months: int = 24) -> Graph:
    """A kg-shaped graph with ``n`` entities and about ``edges_per_node * n`` relations.

    Documents (one per 20 entities) are dated over ``months`` months from
    January 2023; evidence sentences name both entities.
    """
    rng = random.Random(seed)
    g = Graph()
    docs = [KGD[f"{i:016x}"] for i in range(max(1, n // 20))]
    for i, doc in enumerate(docs):
        month = i * months // len(docs)
        g.add((doc, RDF.type, KG.Document))
        g.add((doc, DCTERMS.language, Literal("it" if i % 3 else "en")))
        g.add((doc, DCTERMS.title, Literal(f"Articolo {i}", lang="it")))
        g.add((doc, DCTERMS.date, Literal(f"{2023 + month // 12}-{month % 12 + 1:02d}", datatype=XSD.gYearMonth)))
        g.add((doc, KG.sourcePath, Literal(f"corpus/{i:05d}.txt")))
    weights = (0.35, 0.35, 0.15, 0.1, 0.05)
    entities: dict[str, list] = {cls: [] for cls in ENTITY_CLASSES}
    labels = {}
    for i in range(n):
        cls = rng.choices(ENTITY_CLASSES, weights)[0]
        iri = KGR[f"{cls.lower()}/entity-{i}"]
        labels[iri] = f"{cls} {i}"
        g.add((iri, RDF.type, KG[cls]))
        g.add((iri, RDFS.label, Literal(labels[iri], lang="it")))
        if i % 5 == 0:
            g.add((iri, SKOS.altLabel, Literal(f"E{i}", lang="it")))
        g.add((iri, KG.mentionedIn, rng.choice(docs)))
        entities[cls].append(iri)
    degree = dict.fromkeys(labels, 1)
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
        g.add((st, KG.evidence, Literal(f"Secondo fonti vicine al dossier, {labels[s]} ({rel}) {labels[o]}, "
                                        f"frase {k} dell'articolo.", lang="it")))
        g.add((st, KG.startOffset, Literal(start)))
        g.add((st, KG.endOffset, Literal(start + 120)))
        g.add((st, KG.confidence, Literal(Decimal(str(round(rng.uniform(0.4, 0.95), 2))))))
        g.add((st, KG.extractor, Literal("bench")))
        if rel in ("pays", "investsIn"):
            g.add((st, KG.amount, Literal(Decimal(rng.randrange(1, 900) * 1_000_000))))
            g.add((st, KG.currency, Literal("USD")))
    return g


class _Steps(logging.Handler):
    """Collects the step timings that kg.viz logs at DEBUG level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seconds: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        step = getattr(record, "kg_step", None)
        if step:
            self.seconds[step] = record.kg_seconds


def _timed_render(graph: Graph, **options) -> tuple[str, float, dict[str, float]]:
    steps = _Steps()
    logger = logging.getLogger("kg.viz")
    logger.addHandler(steps)
    logger.setLevel(logging.DEBUG)
    try:
        t0 = time.perf_counter()
        page = render_html(graph, **options)
        return page, time.perf_counter() - t0, steps.seconds
    finally:
        logger.removeHandler(steps)


def _browser(paths: list[str]) -> list[dict]:
    if not (BROWSER / "node_modules" / "playwright-core").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER, check=True)
    proc = subprocess.run(["node", str(BROWSER / "page.js"), "ready", *paths], capture_output=True, text=True,
                          timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout)["results"]


def _spread(values: list[float], fmt: str) -> str:
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return format(med, fmt)
    return f"{format(med, fmt)} ({format(min(values), fmt)}-{format(max(values), fmt)})"


def _pages(args: argparse.Namespace, out_dir: Path) -> int:
    cases = [(n, args.max_nodes) for n in args.sizes]
    rows = []
    for n, max_nodes in cases:
        graph = synthetic_graph(n)
        render, layout, paths, size = [], [], [], 0
        for run in range(args.repeat):
            page, seconds, steps = _timed_render(graph, max_nodes=max_nodes)
            render.append(seconds)
            layout.append(steps.get("layout", float("nan")))
            path = out_dir / f"viz-{n}-{run}.html"
            path.write_text(page, encoding="utf-8")
            paths.append(str(path))
            size = len(page.encode("utf-8"))
        row = {"in": n, "mb": size / 1e6, "render": render, "layout": layout, "paths": paths}
        if not args.no_browser:
            measured = _browser(paths)
            row.update(ready=[m["kgReady"] for m in measured], wall=[m["wallMs"] for m in measured],
                       drawn=measured[0]["nodes"], edges=measured[0]["edges"],
                       requests=max(m["requests"] for m in measured),
                       errors=[e for m in measured for e in m["errors"]])
        rows.append(row)
        print(f"# {n} done", file=sys.stderr, flush=True)

    print(f"{'in':>6} {'drawn':>6} {'edges':>6} {'MB':>5} {'python s':>17} {'layout s':>17} "
          f"{'kgReady ms':>18} {'wall ms':>18} {'requests':>8}")
    for row in rows:
        print(f"{row['in']:>6} {row.get('drawn', '-'):>6} {row.get('edges', '-'):>6} {row['mb']:>5.2f} "
              f"{_spread(row['render'], '.2f'):>17} {_spread(row['layout'], '.2f'):>17} "
              f"{_spread(row.get('ready', []), '.0f'):>18} {_spread(row.get('wall', []), '.0f'):>18} "
              f"{row.get('requests', '-'):>8}")
        for error in row.get("errors", []):
            print(f"  page error: {error}")
    return 0


# ---------------------------------------------------------------- layout candidates

CANDIDATES = ("kg", "spring", "spring-energy", "forceatlas2")


def _run_candidate(name: str, n: int, queue) -> None:
    import networkx as nx

    from kg.analyze import _undirected, to_networkx
    from kg.layout import layout_positions

    simple = _undirected(to_networkx(synthetic_graph(n)))
    t0 = time.perf_counter()
    if name == "kg":
        pos = layout_positions(simple)
    elif name == "spring":
        pos = nx.spring_layout(simple, seed=42, method="force")
    elif name == "spring-energy":
        pos = nx.spring_layout(simple, seed=42, method="energy")
    else:
        pos = nx.forceatlas2_layout(simple, seed=42, max_iter=100)
    seconds = time.perf_counter() - t0
    queue.put((seconds, {node: (float(x), float(y)) for node, (x, y) in pos.items()}))


def _candidate(name: str, n: int, timeout: float) -> tuple[float | None, dict | None]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run_candidate, args=(name, n, queue))
    proc.start()
    try:
        seconds, pos = queue.get(timeout=timeout)
    except Exception:  # queue.Empty: too slow
        proc.kill()
        proc.join()
        return None, None
    proc.join()
    return seconds, pos


def _with_positions(page: str, graph: Graph, pos: dict) -> str:
    """The page with the candidate's positions, scaled to a median edge length of 150 px."""
    from kg.analyze import _undirected, to_networkx

    simple = _undirected(to_networkx(graph))
    lengths = sorted(((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5
                     for u, v in simple.edges() if u != v)
    scale = 150.0 / (lengths[len(lengths) // 2] or 1.0)
    match = re.search(r'(<script type="application/json" id="kg-data">)(.*?)(</script>)', page, re.S)
    data = json.loads(match.group(2))
    base = data["entityBase"]
    for row in data["nodes"]:
        x, y = pos[base + row[0] if "://" not in row[0] else row[0]]
        row[4], row[5] = round(x * scale), round(y * scale)
    return page[:match.start(2)] + script_json(data) + page[match.end(2):]


def _layouts(args: argparse.Namespace, out_dir: Path) -> int:
    print(f"{'nodes':>6} {'candidate':>14} {'python s':>10} {'kgReady ms':>18}")
    for n in args.sizes:
        graph = synthetic_graph(n)
        page = render_html(graph, max_nodes=n)
        rows = []
        for name in CANDIDATES:
            # n x n float arrays: forceatlas2 peaked at ~1.3 GB at 5,000 nodes, spring "energy" at ~0.4 GB
            need_gb = n * n * {"forceatlas2": 48, "spring-energy": 16}.get(name, 0) / 1e9
            if need_gb > args.memory_gb:
                rows.append((name, f"skipped: its n x n arrays need about {need_gb:.0f} GB", None))
                continue
            seconds, pos = _candidate(name, n, args.timeout)
            if pos is None:
                rows.append((name, f">{args.timeout:.0f} s: stopped", None))
                continue
            path = out_dir / f"layout-{name}-{n}.html"
            path.write_text(_with_positions(page, graph, pos), encoding="utf-8")
            rows.append((name, seconds, str(path)))
        ready: dict[str, list[float]] = {name: [] for name, *_ in rows}
        paths = [(name, path) for name, _, path in rows if path]
        if not args.no_browser and paths:
            for _ in range(args.repeat):  # round-robin, so the machine's load falls on every candidate alike
                for (name, _), measured in zip(paths, _browser([path for _, path in paths])):
                    ready[name].append(measured["kgReady"])
        for name, seconds, _ in rows:
            if isinstance(seconds, str):
                print(f"{n:>6} {name:>14}   {seconds}", flush=True)
            else:
                print(f"{n:>6} {name:>14} {seconds:>10.2f} {_spread(ready[name], '.0f'):>18}", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="entities per graph (default 1000 5000 20000)")
    parser.add_argument("--max-nodes", type=int, default=5000, help="the page's max_nodes (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (default 3)")
    parser.add_argument("--keep", metavar="DIR", help="keep the generated pages in DIR")
    parser.add_argument("--no-browser", action="store_true", help="only build and render (no Chromium)")
    parser.add_argument("--layouts", action="store_true", help="compare the layout candidates")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per layout candidate (default 300)")
    parser.add_argument("--memory-gb", type=float, default=6, help="memory a candidate may need (default 6)")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or [1000, 5000, 20000]

    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _layouts(args, out_dir) if args.layouts else _pages(args, out_dir)
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
