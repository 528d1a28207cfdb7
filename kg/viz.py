"""The interactive HTML page of a kg graph (pyvis / vis-network), self-contained and offline.

:func:`render_html` turns an rdflib Graph or Dataset into one HTML page: nodes
coloured by class (with a legend that doubles as a class filter) and sized by
PageRank, edges labelled with the relation's ontology label in the documents'
language plus the amount ("paga 25 M USD"), a search box, relation filters, and
a detail panel with the evidence sentences, source documents and confidences.
Physics stabilises once, then stops.

The page makes no network request: vis-network is inlined
(``cdn_resources="in_line"``), pyvis's CDN tags are stripped and a
Content-Security-Policy forbids any fetch. Article text is treated as hostile:
pyvis gets no ``title`` or ``heading`` (it would insert them as raw HTML), the
graph data is JSON with ``<``, ``>`` and ``&`` escaped, and the page's own
script builds tooltips and panels with ``textContent`` only.

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
import json
import math
import os
import re
from importlib.resources import files
from typing import Any

from .analyze import (
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
from .types import ENTITY_CLASSES

__all__ = ["CLASS_COLORS", "DEFAULT_MAX_NODES", "render_html", "write_html", "script_json"]

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

_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")

_UI = {
    "en": {
        "title": "kg knowledge graph", "search": "Find an entity…", "classes": "Classes", "relations": "Relations",
        "details": "Details", "evidence": "Evidence", "document": "Document", "confidence": "Confidence",
        "extractor": "Extractor", "aliases": "Also called", "facts": "Facts", "documents": "Documents",
        "notfound": "No entity matches", "hint": "Click a node or an edge to see its evidence.",
        "summary": "{nodes} entities, {edges} relations", "pagerank": "PageRank",
        "truncated": "Showing the {shown} most central of {total} entities (by PageRank); "
                     "raise --max-nodes (max_nodes) to see them all.",
        "modality": "Modality", "amount": "Amount",
    },
    "it": {
        "title": "Grafo della conoscenza kg", "search": "Cerca un'entità…", "classes": "Classi", "relations": "Relazioni",
        "details": "Dettagli", "evidence": "Evidenza", "document": "Documento", "confidence": "Confidenza",
        "extractor": "Estrattore", "aliases": "Detto anche", "facts": "Fatti", "documents": "Documenti",
        "notfound": "Nessuna entità corrisponde a", "hint": "Clicca un nodo o un arco per vederne l'evidenza.",
        "summary": "{nodes} entità, {edges} relazioni", "pagerank": "PageRank",
        "truncated": "Sono mostrate le {shown} entità più centrali su {total} (per PageRank); "
                     "aumenta --max-nodes (max_nodes) per vederle tutte.",
        "modality": "Modalità", "amount": "Importo",
    },
}

_CSS_LENGTH = re.compile(r"^\d+(\.\d+)?(px|%|vh|vw|em|rem)$")


def script_json(data: Any) -> str:
    """JSON text that is safe inside ``<script>``: ``<``, ``>``, ``&`` and U+2028/9 are escaped.

    >>> script_json({"t": "</script>"})
    '{"t": "\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _asset(name: str) -> str:
    return files("kg").joinpath("data", "viz", name).read_text(encoding="utf-8")


def _node_size(pagerank: float, top: float) -> float:
    return round(10 + 30 * math.sqrt(pagerank / top), 2) if top > 0 else 15.0


def _fact_for_page(fact: dict[str, Any], lang: str) -> dict[str, Any]:
    """The fact with a ``text`` to show: amounts the short way ("20,8 Mld USD"), quotes as they are."""
    value = fact["value"]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = format_amount(value, fact.get("currency"), lang=lang, unit=fact.get("unit"))
    else:
        text = str(value)
    return {**fact, "text": text}


def _physics(n: int, iterations: int | None) -> dict[str, Any]:
    if iterations is None:  # measured with bench/bench_viz.py: keep the wait for big graphs bounded
        iterations = 1000 if n <= 200 else 300 if n <= 1000 else 150 if n <= 3000 else 100
    return {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -8000, "springLength": 140, "springConstant": 0.04,
                      "damping": 0.3, "avoidOverlap": 0.1, "theta": 0.5 if n <= 1000 else 0.8},
        "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50, "fit": True},
        "minVelocity": 0.75,
    }


def render_html(
    graph: Any,
    *,
    lang: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    title: str | None = None,
    height: str = "100vh",
    stabilization_iterations: int | None = None,
) -> str:
    """Return the self-contained HTML page of ``graph`` (an rdflib Graph or Dataset).

    ``lang`` (``"it"`` or ``"en"``) chooses the relation and class labels and the
    page's words; by default the majority ``dcterms:language`` of the documents.
    Above ``max_nodes`` entities only the ``max_nodes`` with the highest PageRank
    are drawn and the page says so.
    """
    from pyvis.network import Network

    if max_nodes < 1:
        raise KgError("max_nodes must be at least 1")
    if not _CSS_LENGTH.match(height):
        raise KgError(f"height must be a CSS length such as 800px or 100vh, not {height!r}")
    rdf = _as_graph(graph)
    g = to_networkx(rdf, lang=lang)
    lang = g.graph["lang"] if g.graph["lang"] in _UI else "en"
    ui = _UI[lang]
    pagerank = _pagerank(_undirected(g))
    total = g.number_of_nodes()
    keep = sorted(g.nodes, key=lambda n: (-pagerank.get(n, 0.0), n))[:max_nodes]
    kept = set(keep)
    top = max((pagerank.get(n, 0.0) for n in keep), default=0.0)

    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line", heading="")
    for node in sorted(kept):
        data = g.nodes[node]
        net.add_node(
            node,
            label=data["label"],
            shape="dot",
            color=CLASS_COLORS[data["cls"]],
            size=_node_size(pagerank.get(node, 0.0), top),
            kgClass=data["cls"],
            kgAliases=data["alt_labels"],
            kgFacts=[_bidi_isolated(_fact_for_page(f, lang)) for f in data["facts"]],
            kgDocuments=data["documents"],
            kgPagerank=round(pagerank.get(node, 0.0), 6),
        )
    # pyvis's add_edge drops a second edge between the same two nodes, so edges go in directly
    relations: dict[str, int] = {}
    edge_count = 0
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        if u not in kept or v not in kept:
            continue
        edge_count += 1
        relations[key] = relations.get(key, 0) + 1
        net.edges.append({
            "id": f"e{edge_count}", "from": u, "to": v, "label": data["label"], "arrows": "to",
            "kgRelation": key, "kgConfidence": data["confidence"],
            "kgStatements": [_bidi_isolated(st) for st in data["statements"]],
        })

    big = len(kept) > 1000
    net.options = {
        "nodes": {"shape": "dot", "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa0a6", "highlight": "#333333", "hover": "#333333", "inherit": False},
                  "font": {"size": 11, "align": "horizontal", "color": "#555555", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": False if big else {"enabled": True, "type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": big,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "physics": _physics(len(kept), stabilization_iterations),
        # a fixed seed gives the same layout on every opening; Kamada-Kawai start is too slow past 200 nodes
        "layout": {"randomSeed": 42, "improvedLayout": len(kept) <= 200},
    }
    page = net.generate_html()

    class_names = class_labels(lang=lang)
    rel_names = relation_labels(lang=lang)
    counts = {cls: 0 for cls in ENTITY_CLASSES}
    for node in kept:
        counts[g.nodes[node]["cls"]] += 1
    page_title = title or ui["title"]
    config = {
        "lang": lang,
        "ui": ui,
        "title": page_title,
        "summary": ui["summary"].format(nodes=len(kept), edges=edge_count),
        "notice": ui["truncated"].format(shown=len(kept), total=total) if total > len(kept) else "",
        "classes": [{"cls": cls, "label": class_names[cls], "color": CLASS_COLORS[cls], "count": counts[cls]}
                    for cls in ENTITY_CLASSES if counts[cls]],
        "relations": [{"relation": rel, "label": rel_names.get(rel, rel), "count": n}
                      for rel, n in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))],
        "relationLabels": rel_names,
        "total": total,
        "shown": len(kept),
        "edges": edge_count,
    }
    return _finish(page, title=page_title, config=config, lang=lang)


def _finish(page: str, *, title: str, config: dict[str, Any], lang: str) -> str:
    """Strip pyvis's remote tags and empty headings, add our head, panel, data and script."""
    # remote stylesheets and scripts (pyvis always adds Bootstrap from a CDN)
    page = re.sub(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*>", "", page, flags=re.I)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>", "", page, flags=re.I)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = re.sub(r"<!--.*?-->", "", page.split("<body>", 1)[0], flags=re.S) + "<body>" + page.split("<body>", 1)[1]
    page = page.replace("<html>", f'<!DOCTYPE html>\n<html lang="{lang}">', 1)
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="generator" content="kg (newskg)">\n'
    )
    page = page.replace('<meta charset="utf-8">', '<meta charset="utf-8">\n' + head, 1)
    page = page.replace("</head>", f"<style>{_asset('kg-viz.css')}</style>\n</head>", 1)
    panel = _asset("panel.html").replace("{{title}}", html.escape(title))
    page = re.sub(r"<body>", lambda _: "<body>\n" + panel, page, count=1)
    tail = (f'<script type="application/json" id="kg-config">{script_json(config)}</script>\n'
            f"<script>{_asset('kg-viz.js')}</script>\n</body>")
    head_part, sep, rest = page.rpartition("</body>")
    if not sep:
        raise KgError("unexpected pyvis page: no </body>")
    return head_part + tail + rest


def write_html(graph_or_dataset: Any, path: str | os.PathLike, **options: Any) -> None:
    """Write :func:`render_html` of ``graph_or_dataset`` to ``path`` atomically.

    ``graph_or_dataset`` is an rdflib Graph, or a Dataset whose named graphs are
    merged; ``options`` are those of :func:`render_html`.
    """
    atomic_write_text(path, render_html(graph_or_dataset, **options))


def _bidi_isolated(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its evidence (and quoted text) as bidi isolates (:func:`kg.text.isolate`): a bidi
    control in an article's sentence keeps its effect inside the sentence, never on what the page
    shows after it."""
    from .text import isolate

    return {k: isolate(v) if k in ("evidence", "text") and isinstance(v, str) else v for k, v in item.items()}
