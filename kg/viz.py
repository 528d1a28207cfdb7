"""The interactive HTML page of a kg graph (vis-network), self-contained and offline.

:func:`render_html` turns an rdflib Graph or Dataset into one HTML page for the
people who read the graph: nodes coloured by class (a legend that doubles as a
class filter) and sized by PageRank, edges labelled with the relation's label
in the documents' language plus the amount ("paga 25 M USD"), a search box,
relation filters, a date-range filter over a bar chart of facts per month, a
minimum-confidence slider, an overview (facts per relation, top entities,
documents per month, drawn as inline SVG by the page's script), a detail panel
whose evidence lines highlight the two entities, and PNG and CSV export of the
current view.

The positions come from :mod:`kg.layout` at build time (seeded), so the page
draws with physics off: a 5,000-entity page is drawn as soon as it is parsed.
When it is, ``document.body.dataset.kgReady`` holds the milliseconds since
navigation start. Dragging a node still works.

The page makes no network request: vis-network 9.1.2 (the file pyvis ships) is
inlined, and a Content-Security-Policy forbids any fetch. Article text is
treated as hostile: the data is JSON with ``<``, ``>`` and ``&`` escaped, and
the page's script puts every string from it in the page with ``textContent``
(never ``innerHTML``); evidence sentences sit in ``<bdi>`` so bidi controls
in them cannot reorder the rest of the panel.

:func:`show` wraps the page for Jupyter: a sandboxed ``<iframe srcdoc>``.

Examples
--------
>>> from rdflib import Graph, Literal, RDF, RDFS
>>> from kg.vocab import KG, KGR
>>> g = Graph()
>>> g.add((KGR["person/x"], RDF.type, KG.Person)) and None
>>> g.add((KGR["person/x"], RDFS.label, Literal("<b>X</b>"))) and None
>>> page = render_html(g)
>>> "<b>X</b>" in page, "\\\\u003cb\\\\u003eX" in page
(False, True)
"""

from __future__ import annotations

import html
import importlib.util
import json
import logging
import math
import os
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .analyze import (
    CSV_HEADER,
    _as_graph,
    _pagerank,
    _undirected,
    class_labels,
    format_amount,
    relation_labels,
    to_networkx,
)
from .errors import KgError
from .fileio import atomic_write_text
from .layout import layout_positions
from .text import isolate
from .types import ENTITY_CLASSES

__all__ = ["CLASS_COLORS", "DEFAULT_MAX_NODES", "NotebookPage", "render_html", "write_html", "show",
           "script_json"]

log = logging.getLogger(__name__)

DEFAULT_MAX_NODES = 5000
"""Above this many entities the page shows only the most central ones."""

CLASS_COLORS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Product": "#59a14f",
    "Place": "#e15759",
    "Event": "#b07aa1",
}
"""Node colour of each entity class (Tableau 10)."""

ENTITY_BASE = "https://w3id.org/newskg/id/"
DOCUMENT_BASE = "https://w3id.org/newskg/doc/"

_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

_BIG = 1000  # above this many entities: straight edges, edges hidden while dragging or zooming, details on zoom
_DETAIL_SCALE = 0.35  # zoom scale at which a big page adds labels and arrowheads (node labels are legible from here)

# Positional rows in the page's JSON, named once here (the script turns them back into objects).
_FIELDS = {
    "doc": ["id", "title", "date", "month", "source", "url"],
    "node": ["id", "label", "cls", "size", "x", "y", "pagerank", "aliases", "docs", "facts"],
    "edge": ["from", "to", "relation", "label", "statements"],
    "statement": ["doc", "evidence", "start", "end", "confidence", "extractor", "amount", "modality", "date",
                  "marks"],
    "fact": ["relation", "label", "text", "statement"],
}

_UI: dict[str, dict[str, str]] = json.loads(files("kg").joinpath("data", "viz", "ui.json").read_text(encoding="utf-8"))
"""The page's words in each language (``kg/data/viz/ui.json``)."""

_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|%|vh|vw|em|rem)$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def script_json(data: Any) -> str:
    """JSON text that is safe inside ``<script>``: ``<``, ``>``, ``&`` and U+2028/9 are escaped.

    >>> script_json({"t": "</script>"})
    '{"t":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _asset(name: str) -> str:
    return files("kg").joinpath("data", "viz", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_network_js() -> str:
    """vis-network 9.1.2, from the copy that pyvis ships (Apache-2.0 / MIT); pyvis itself is not imported."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("pyvis is not installed: pip install pyvis==0.3.2 (the page inlines its vis-network)")
    path = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KgError(f"cannot read vis-network from pyvis: {exc}") from exc
    if re.search(r"</script|<!--", text, re.I):
        raise KgError("the vis-network file cannot be inlined: it contains </script or <!--")
    return text


def _node_size(pagerank: float, top: float) -> float:
    return round(10 + 30 * math.sqrt(pagerank / top), 2) if top > 0 else 15.0


def _compact(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) else iri


def _utf16(text: str, index: int) -> int:
    """A Python string index as a JavaScript (UTF-16) one."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def _name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """One regex for an entity's label and aliases as whole words, longer names first (case-insensitive)."""
    names = sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n))
    if not names:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.I)


def _find(text: str, pattern: re.Pattern[str] | None, taken: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The first match of ``pattern`` in ``text`` that does not overlap ``taken``."""
    if pattern is None:
        return None
    for match in pattern.finditer(text):
        start, end = match.span()
        if taken is None or end <= taken[0] or start >= taken[1]:
            return start, end
    return None


def _marks(evidence: Any, subject: re.Pattern[str] | None, obj: re.Pattern[str] | None) -> list[int]:
    """UTF-16 ``[s0, s1, o0, o1]`` of the two entities in the evidence (-1 where a name is not found).

    The RDF stores the evidence sentence's offsets in the document, not the
    mentions', so the mentions are found again by their labels and aliases.

    >>> _marks("Meta paga a Trump", _name_pattern(["Meta"]), _name_pattern(["Donald Trump", "Trump"]))
    [0, 4, 12, 17]
    """
    if not isinstance(evidence, str) or not evidence:
        return []
    first = _find(evidence, subject)
    second = _find(evidence, obj, first)
    out: list[int] = []
    for span in (first, second):
        out.extend([_utf16(evidence, span[0]), _utf16(evidence, span[1])] if span else [-1, -1])
    return out


def _documents(rdf: Any, wanted: set[str]) -> tuple[list[list[Any]], dict[str, int], list[str]]:
    """Rows of the documents in ``wanted`` (title, date, month index, source, url) and the month axis."""
    from rdflib import DCTERMS, URIRef

    from .rdf import SCHEMA
    from .vocab import KG

    rows, months_seen = [], set()
    for iri in sorted(wanted):
        node = URIRef(iri)
        title = rdf.value(node, DCTERMS.title)
        date = rdf.value(node, DCTERMS.date)
        source = rdf.value(node, KG.sourcePath)
        url = rdf.value(node, SCHEMA.url)
        date_text = str(date) if date is not None else None
        match = _MONTH.match(date_text or "")
        month = f"{match.group(1)}-{match.group(2)}" if match and 1 <= int(match.group(2)) <= 12 else None
        if month:
            months_seen.add(month)
        rows.append([iri, None if title is None else str(title), date_text, month,
                     None if source is None else str(source), None if url is None else str(url)])
    months = _month_axis(months_seen)
    position = {m: i for i, m in enumerate(months)}
    index = {}
    for i, row in enumerate(rows):
        index[row[0]] = i
        row[0] = _compact(row[0], DOCUMENT_BASE)
        row[3] = position.get(row[3], -1)
    return rows, index, months


def _month_axis(months: set[str]) -> list[str]:
    """Every month from the first to the last of ``months``, gaps included.

    >>> _month_axis({"2024-11", "2025-02"})
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:7])
    axis = []
    while True:
        current = f"{year:04d}-{month:02d}"
        axis.append(current)
        if current >= last:
            return axis
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _vis_options(n: int) -> dict[str, Any]:
    big = n > _BIG  # the page adds labels and arrowheads when the view is zoomed in (see kg-viz.js)
    return {
        "nodes": {"shape": "dot", "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": not big, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333", "inherit": False},
                  "font": {"size": 11, "align": "horizontal", "color": "#555555", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": False if big else {"enabled": True, "type": "continuous"}},
        "groups": {cls: {"color": color} for cls, color in CLASS_COLORS.items()},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "physics": False,
        "layout": {"improvedLayout": False, "randomSeed": 42},
    }


class _Timer:
    def __init__(self) -> None:
        self.last = time.perf_counter()

    def lap(self, what: str, **extra: Any) -> None:
        now = time.perf_counter()
        log.debug("%s %.3f s", what, now - self.last, extra={"kg_step": what, "kg_seconds": now - self.last, **extra})
        self.last = now


def render_html(
    graph: Any,
    *,
    lang: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
    height: str = "100vh",
) -> str:
    """Return the self-contained HTML page of ``graph`` (an rdflib Graph or Dataset).

    ``lang`` (``"it"`` or ``"en"``) chooses the relation and class labels and the
    page's words; by default the majority ``dcterms:language`` of the documents.
    Above ``max_nodes`` entities only the ``max_nodes`` with the highest PageRank
    are drawn and the page says so. ``height`` is the CSS height of the drawing.
    The same graph always gives the same bytes.
    """
    if max_nodes < 1:
        raise KgError("max_nodes must be at least 1")
    if not _CSS_LENGTH.match(height):
        raise KgError(f"height must be a CSS length such as 800px or 100vh, not {height!r}")
    timer = _Timer()
    rdf = _as_graph(graph)
    g = to_networkx(rdf, lang=lang)
    lang = g.graph["lang"] if g.graph["lang"] in _UI else "en"
    ui = _UI[lang]
    timer.lap("networkx view", nodes=g.number_of_nodes())
    simple = _undirected(g)
    pagerank = _pagerank(simple)
    total = g.number_of_nodes()
    # rounded: PageRank's float sums depend on the order the graph was built in, the cut must not
    keep = sorted(g.nodes, key=lambda n: (-round(pagerank.get(n, 0.0), 12), n))[:max_nodes]
    kept = sorted(keep)
    timer.lap("pagerank and cut", kept=len(kept))
    positions = layout_positions(simple.subgraph(kept))
    timer.lap("layout", kept=len(kept))
    data = _page_data(g, rdf, kept, pagerank, positions, lang=lang, title=title or ui["title"], total=total)
    page = _fill(data, title=title or ui["title"], lang=lang, height=height)
    timer.lap("page", kept=len(kept))
    return page


def _page_data(g: Any, rdf: Any, kept: list[str], pagerank: dict[str, float], positions: dict[str, tuple[int, int]],
               *, lang: str, title: str, total: int) -> dict[str, Any]:
    """The page's JSON: tables of documents, extractors, entities, relations and statements."""
    ui = _UI[lang]
    index = {node: i for i, node in enumerate(kept)}
    top = max((pagerank.get(n, 0.0) for n in kept), default=0.0)
    names = {node: _name_pattern([g.nodes[node]["label"], *g.nodes[node]["alt_labels"]]) for node in kept}

    edges = [(u, v, key, data) for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])
             if u in index and v in index]
    wanted_docs = {s["document"] for *_, data in edges for s in data["statements"] if s["document"]}
    for node in kept:
        wanted_docs.update(g.nodes[node]["documents"])
        wanted_docs.update(f["document"] for f in g.nodes[node]["facts"] if f.get("document"))
    doc_rows, doc_index, months = _documents(rdf, wanted_docs)
    extractors = sorted({s["extractor"] for *_, data in edges for s in data["statements"] if s["extractor"]}
                        | {f["extractor"] for n in kept for f in g.nodes[n]["facts"] if f.get("extractor")})
    extractor_index = {name: i for i, name in enumerate(extractors)}

    def statement(s: dict[str, Any], subject: str, obj: str | None) -> list[Any]:
        amount = (None if s["amount"] is None
                  else format_amount(s["amount"], s["currency"], lang=lang, unit=s["unit"]))
        # the sentence as a balanced bidi isolate (kg.text.isolate), inside its <bdi> on the page too
        evidence = isolate(s["evidence"]) if isinstance(s["evidence"], str) else s["evidence"]
        return [doc_index.get(s["document"], -1), evidence, s["start"], s["end"], s["confidence"],
                extractor_index.get(s["extractor"], -1), amount, s["modality"], s["date"],
                _marks(evidence, names[subject], names[obj] if obj else None)]

    node_rows = []
    for node in kept:
        data = g.nodes[node]
        facts = [[f["relation"], f["label"], _fact_text(f, lang), statement(f, node, None)] for f in data["facts"]]
        x, y = positions.get(node, (0, 0))
        node_rows.append([_compact(node, ENTITY_BASE), data["label"], data["cls"],
                          _node_size(pagerank.get(node, 0.0), top), x, y, round(pagerank.get(node, 0.0), 6),
                          data["alt_labels"], sorted(doc_index[d] for d in data["documents"] if d in doc_index),
                          facts])
    edge_rows = [[index[u], index[v], key, data["label"], [statement(s, u, v) for s in data["statements"]]]
                 for u, v, key, data in edges]

    class_names = class_labels(lang=lang)
    rel_names = relation_labels(lang=lang)
    counts = {cls: 0 for cls in ENTITY_CLASSES}
    for node in kept:
        counts[g.nodes[node]["cls"]] += 1
    relations: dict[str, int] = {}
    for _, _, key, _ in edges:
        relations[key] = relations.get(key, 0) + 1
    return {
        "version": 1,
        "lang": lang,
        "ui": ui,
        "title": title,
        "notice": ui["truncated"].format(shown=len(kept), total=total) if total > len(kept) else "",
        "entityBase": ENTITY_BASE,
        "documentBase": DOCUMENT_BASE,
        "classes": [{"cls": cls, "label": class_names[cls], "color": CLASS_COLORS[cls], "count": counts[cls]}
                    for cls in ENTITY_CLASSES if counts[cls]],
        "relations": [{"relation": rel, "label": rel_names.get(rel, rel), "count": n}
                      for rel, n in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))],
        "relationLabels": rel_names,
        "csvHeader": [*CSV_HEADER, "date", "document_title", "extractor"],
        "total": total,
        "months": months,
        "extractors": extractors,
        "fields": _FIELDS,
        "docs": doc_rows,
        "nodes": node_rows,
        "edges": edge_rows,
        "vis": _vis_options(len(kept)),
        # big pages draw the first, zoomed-out view without labels and arrowheads (too small to see,
        # and measuring 15,000 labels costs a good part of a second); they come at this zoom scale
        "detailScale": _DETAIL_SCALE if len(kept) > _BIG else 0,
    }


def _fact_text(fact: dict[str, Any], lang: str) -> str:
    """Amounts the short way ("20,8 Mld USD"), quotes as they are."""
    value = fact["value"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_amount(value, fact.get("currency"), lang=lang, unit=fact.get("unit"))
    return str(value)


def _fill(data: dict[str, Any], *, title: str, lang: str, height: str) -> str:
    """The page template with its parts; each slot is filled once, inserted text is never rescanned."""
    parts = {
        "lang": html.escape(lang),
        "csp": _CSP,
        "title": html.escape(title),
        "css": _asset("kg-viz.css").replace("{{height}}", height),
        "panel": _asset("panel.html").replace("{{title}}", html.escape(title)),
        "vis": _vis_network_js(),
        "data": script_json(data),
        "script": _asset("kg-viz.js"),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def write_html(graph_or_dataset: Any, path: str | os.PathLike, **options: Any) -> None:
    """Write :func:`render_html` of ``graph_or_dataset`` to ``path`` atomically.

    ``graph_or_dataset`` is an rdflib Graph, or a Dataset whose named graphs are
    merged; ``options`` are those of :func:`render_html`.
    """
    atomic_write_text(path, render_html(graph_or_dataset, **options))


@dataclass(frozen=True)
class NotebookPage:
    """A rendered page that Jupyter shows inline: a sandboxed ``<iframe srcdoc>``.

    ``html`` is the whole page (what :func:`render_html` returns); ``height``
    is the iframe's height in pixels.
    """

    html: str
    height: int = 640

    def _repr_html_(self) -> str:
        # allow-scripts runs the page; no allow-same-origin, so it cannot reach the notebook;
        # allow-downloads lets the PNG and CSV buttons save files
        return (f'<iframe sandbox="allow-scripts allow-downloads" title="kg graph" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                f'srcdoc="{html.escape(self.html, quote=True)}"></iframe>')

    def save(self, path: str | os.PathLike) -> None:
        """Write the page to ``path`` (atomically)."""
        atomic_write_text(path, self.html)


def show(graph: Any, *, height: int = 640, **options: Any) -> NotebookPage:
    """The page of ``graph`` for a Jupyter notebook: ``kg.show(graph)`` as a cell's last line draws it.

    ``options`` are those of :func:`render_html` (``lang``, ``max_nodes``,
    ``title``); ``height`` is the height of the inline frame in pixels.

    >>> from rdflib import Graph
    >>> shown = show(Graph())
    >>> shown._repr_html_().startswith('<iframe sandbox="allow-scripts allow-downloads"')
    True
    """
    if int(height) < 100:
        raise KgError("height must be at least 100 pixels")
    return NotebookPage(render_html(graph, **options), height=int(height))
