"""Network analysis of a kg graph: a networkx view of the RDF and the usual measures.

The RDF graph stays the single source of truth. :func:`to_networkx` derives a
``networkx.MultiDiGraph`` from it: one node per entity (an IRI typed with one of
the ontology classes), one edge per asserted relation triple between two
entities, carrying the provenance of its ``rdf:Statement`` reifications.
Literal-valued relations (``revenue``, ``says``...) become the node attribute
``facts``.

The measures (:func:`analyze`) run on that view: PageRank, betweenness and the
Louvain communities use the undirected simple view, whose edge weight is the
number of relations between the two entities. Degree counts the relation edges
touching an entity in both directions.

Examples
--------
>>> from rdflib import Graph, Literal, RDF, RDFS
>>> from kg.vocab import KG, KGR
>>> g = Graph()
>>> meta, trump = KGR["organization/meta"], KGR["person/donald-trump"]
>>> g.add((meta, RDF.type, KG.Organization)); g.add((meta, RDFS.label, Literal("Meta")))  # doctest: +ELLIPSIS
<Graph ...>
>>> g.add((trump, RDF.type, KG.Person)); g.add((trump, RDFS.label, Literal("Donald Trump")))  # doctest: +ELLIPSIS
<Graph ...>
>>> g.add((meta, KG.pays, trump))  # doctest: +ELLIPSIS
<Graph ...>
>>> nxg = to_networkx(g)
>>> nxg.number_of_nodes(), nxg.number_of_edges()
(2, 1)
>>> [hop["relation"] for hop in shortest_path(g, "trump", "META")]
['pays']
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FormatError, InputError, KgError
from .fileio import atomic_write_bytes, atomic_write_text
from .types import ENTITY_CLASSES

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import rdflib

__all__ = [
    "CSV_HEADER",
    "EXPORT_FORMATS",
    "to_networkx",
    "analyze",
    "shortest_path",
    "neighbors",
    "find_entity",
    "write_scores",
    "export_graph",
    "relation_labels",
    "class_labels",
    "document_language",
    "format_amount",
]

KG_NS = "https://w3id.org/newskg/ontology#"
EXPORT_FORMATS = ("graphml", "gexf", "csv")
"""Formats :func:`export_graph` writes."""

CSV_HEADER: tuple[str, ...] = ("source", "source_label", "relation", "target", "target_label",
              "confidence", "evidence", "document")
"""Columns of the CSV edge list written by :func:`export_graph`."""

_STATEMENT_KEYS = ("statement", "evidence", "document", "start", "end", "confidence", "extractor",
                   "amount", "currency", "unit", "modality", "date")
_SCORE_TERMS = ("pagerank", "degree", "betweenness", "community")
_BETWEENNESS_EXACT_MAX = 1000  # above this many nodes betweenness is sampled
_BETWEENNESS_SAMPLES = 500


# ---------------------------------------------------------------- ontology


@lru_cache(maxsize=1)
def _ontology() -> dict[str, Any]:
    """Relation sets and labels read once from the packaged ``kg/ontology/kg.ttl``."""
    from importlib.resources import files

    from rdflib import OWL, RDF, RDFS, Graph, URIRef

    onto = Graph()
    onto.parse(data=files("kg").joinpath("ontology/kg.ttl").read_text(encoding="utf-8"), format="turtle")
    root = URIRef(KG_NS + "relation")
    object_relations = {
        str(p)[len(KG_NS):]
        for p in onto.transitive_subjects(RDFS.subPropertyOf, root)
        if p != root and str(p).startswith(KG_NS)
    }
    literal_relations = set()
    for p in onto.subjects(RDF.type, OWL.DatatypeProperty):
        name = str(p)[len(KG_NS):]
        if (p, RDFS.domain, RDF.Statement) in onto or name in _SCORE_TERMS:
            continue
        if name in ("sourcePath", "contentHash"):
            continue
        literal_relations.add(name)
    labels: dict[str, dict[str, str]] = {}
    for term, label in onto.subject_objects(RDFS.label):
        if str(term).startswith(KG_NS) and getattr(label, "language", None):
            labels.setdefault(str(term)[len(KG_NS):], {})[label.language] = str(label)
    return {"relations": frozenset(object_relations), "literal": frozenset(literal_relations), "labels": labels}


def relation_labels(*, lang: str = "en") -> dict[str, str]:
    """Map every entity-to-entity relation's local name to its ontology label in ``lang``.

    >>> relation_labels(lang="it")["pays"]
    'paga'
    """
    onto = _ontology()
    return {name: onto["labels"].get(name, {}).get(lang) or onto["labels"].get(name, {}).get("en", name)
            for name in sorted(onto["relations"] | onto["literal"])}


def class_labels(*, lang: str = "en") -> dict[str, str]:
    """Map each entity class to its ontology label in ``lang``.

    >>> class_labels(lang="it")["Person"]
    'Persona'
    """
    labels = _ontology()["labels"]
    return {cls: labels.get(cls, {}).get(lang) or labels.get(cls, {}).get("en", cls) for cls in ENTITY_CLASSES}


def document_language(graph: rdflib.Graph, *, default: str = "en") -> str:
    """Return the majority ``dcterms:language`` of the documents in ``graph`` (``it`` or ``en``).

    Ties and graphs without documents give ``default``.
    """
    from rdflib import DCTERMS

    counts = Counter(str(lang).lower()[:2] for lang in graph.objects(None, DCTERMS.language))
    counts = Counter({k: v for k, v in counts.items() if k in ("it", "en")})
    if not counts:
        return default
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return default
    return ranked[0][0]


def format_amount(amount: Any, currency: str | None = None, *, lang: str = "en", unit: str | None = None) -> str:
    """Write an amount in units the short way a reader expects.

    >>> format_amount(25000000, "USD", lang="it")
    '25 M USD'
    >>> format_amount(Decimal("1500000000"), "EUR", lang="it")
    '1,5 Mld EUR'
    >>> format_amount(65e9, "USD")
    '65 B USD'
    >>> format_amount(-3.5, unit="percent")
    '-3.5%'
    """
    value = float(amount)
    if unit == "percent":
        text = f"{value:g}"
        return (text.replace(".", ",") if lang == "it" else text) + "%"
    steps = ((1e9, "Mld" if lang == "it" else "B"), (1e6, "M"), (1e3, "mila" if lang == "it" else "K"))
    suffix = ""
    for size, name in steps:
        if abs(value) >= size:
            value, suffix = value / size, name
            break
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    if lang == "it":
        text = text.replace(".", ",")
    parts = [text]
    if suffix:
        parts.append(suffix)
    if currency:
        parts.append(currency)
    elif unit and unit != "percent":
        parts.append(unit)
    return " ".join(parts)


# ---------------------------------------------------------------- the networkx view


def _local(iri: Any) -> str:
    text = str(iri)
    return text[len(KG_NS):] if text.startswith(KG_NS) else text


def _plain(value: Any) -> Any:
    """rdflib literal -> JSON-friendly Python value (Decimal -> float)."""
    if value is None:
        return None
    py = value.toPython() if hasattr(value, "toPython") else value
    if isinstance(py, Decimal):
        return float(py)
    if isinstance(py, (int, float, str, bool)):
        return py
    return str(value)


def _pick_label(labels: Iterable[Any], lang: str) -> str | None:
    labels = list(labels)
    if not labels:
        return None
    preferred = [lab for lab in labels if getattr(lab, "language", None) == lang]
    pool = preferred or labels
    return sorted(str(lab) for lab in pool)[0]


def _as_graph(graph_or_dataset: Any) -> rdflib.Graph:
    """Accept an rdflib Graph or Dataset/ConjunctiveGraph; return a Graph of the union."""
    from rdflib import Graph

    if isinstance(graph_or_dataset, Graph) and hasattr(graph_or_dataset, "contexts"):  # Dataset
        union = Graph()
        for prefix, ns in graph_or_dataset.namespaces():
            union.bind(prefix, ns, override=True, replace=True)
        for s, p, o, _ in graph_or_dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union
    if isinstance(graph_or_dataset, Graph):
        return graph_or_dataset
    raise KgError(f"expected an rdflib Graph or Dataset, got {type(graph_or_dataset).__name__}")


def _statements(graph: rdflib.Graph) -> dict[tuple[str, str, Any], list[dict[str, Any]]]:
    """Group the rdf:Statement reifications by (subject, predicate local name, object)."""
    from rdflib import PROV, RDF, URIRef

    kg = {name: URIRef(KG_NS + name) for name in (
        "evidence", "startOffset", "endOffset", "confidence", "extractor", "amount", "currency", "unit",
        "modality", "date")}
    grouped: dict[tuple[str, str, Any], list[dict[str, Any]]] = {}
    for stmt in set(graph.subjects(RDF.type, RDF.Statement)):
        s = graph.value(stmt, RDF.subject)
        p = graph.value(stmt, RDF.predicate)
        o = graph.value(stmt, RDF.object)
        if s is None or p is None or o is None:
            continue
        doc = graph.value(stmt, PROV.wasDerivedFrom)
        record = {
            "statement": str(stmt),
            "evidence": _plain(graph.value(stmt, kg["evidence"])),
            "document": str(doc) if doc is not None else None,
            "start": _plain(graph.value(stmt, kg["startOffset"])),
            "end": _plain(graph.value(stmt, kg["endOffset"])),
            "confidence": _plain(graph.value(stmt, kg["confidence"])),
            "extractor": _plain(graph.value(stmt, kg["extractor"])),
            "amount": _plain(graph.value(stmt, kg["amount"])),
            "currency": _plain(graph.value(stmt, kg["currency"])),
            "unit": _plain(graph.value(stmt, kg["unit"])),
            "modality": _plain(graph.value(stmt, kg["modality"])),
            "date": _plain(graph.value(stmt, kg["date"])),
        }
        key = (str(s), _local(p), o if not isinstance(o, URIRef) else str(o))
        grouped.setdefault(key, []).append(record)
    for records in grouped.values():
        records.sort(key=lambda r: (r["document"] or "", r["start"] if r["start"] is not None else -1,
                                    r["statement"]))
    return grouped


def _best(statements: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The statement with the highest confidence (ties: the first in document order)."""
    if not statements:
        return None
    return max(statements, key=lambda r: (r["confidence"] if r["confidence"] is not None else -1.0))


def to_networkx(graph: Any, *, lang: str | None = None) -> nx.MultiDiGraph:
    """Return the entity graph of ``graph`` (rdflib Graph or Dataset) as a ``networkx.MultiDiGraph``.

    Nodes are entity IRIs (strings) with attributes ``label``, ``cls`` (class
    local name), ``alt_labels`` (sorted list), ``documents`` and ``facts`` (the
    literal-valued relations: revenue, says...). Edges go subject → object, one
    per asserted relation triple; the edge key is the relation's local name, and
    the attributes are ``relation``, ``label`` (ontology label in ``lang``, plus
    the amount when a statement carries one), ``confidence`` (the highest of its
    statements) and ``statements`` (a list of dicts: statement, evidence,
    document, start, end, confidence, extractor, amount, currency, unit, modality,
    date). ``lang`` defaults to the majority document language.
    """
    import networkx as nx
    from rdflib import RDF, RDFS, SKOS, URIRef

    graph = _as_graph(graph)
    onto = _ontology()
    lang = lang or document_language(graph)
    rel_labels = relation_labels(lang=lang)
    mentioned = URIRef(KG_NS + "mentionedIn")

    result = nx.MultiDiGraph(lang=lang)
    for cls in ENTITY_CLASSES:
        for entity in graph.subjects(RDF.type, URIRef(KG_NS + cls)):
            if not isinstance(entity, URIRef):
                continue
            node = str(entity)
            if node in result:
                continue  # an entity typed twice keeps the first class of ENTITY_CLASSES
            label = _pick_label(graph.objects(entity, RDFS.label), lang) or node.rsplit("/", 1)[-1]
            alt = sorted({str(a) for a in graph.objects(entity, SKOS.altLabel)} - {label})
            docs = sorted(str(d) for d in graph.objects(entity, mentioned))
            result.add_node(node, label=label, cls=cls, alt_labels=alt, documents=docs, facts=[])

    statements = _statements(graph)
    for name in sorted(onto["relations"]):
        pred = URIRef(KG_NS + name)
        for s, o in graph.subject_objects(pred):
            s_id, o_id = str(s), str(o)
            if s_id not in result or o_id not in result or not isinstance(o, URIRef):
                continue
            stmts = statements.get((s_id, name, o_id), [])
            label = rel_labels.get(name, name)
            with_amount = [r for r in stmts if r["amount"] is not None]
            if with_amount:
                best = _best(with_amount)
                label = f"{label} {format_amount(best['amount'], best['currency'], lang=lang, unit=best['unit'])}"
            best = _best(stmts)
            result.add_edge(s_id, o_id, key=name, relation=name, label=label,
                            confidence=best["confidence"] if best else None, statements=stmts)

    for name in sorted(onto["literal"]):
        pred = URIRef(KG_NS + name)
        for s, o in graph.subject_objects(pred):
            if str(s) not in result:
                continue
            stmts = statements.get((str(s), name, o), [])
            best = _best(stmts) or {}
            fact = {key: best.get(key) for key in _STATEMENT_KEYS}
            fact.update(relation=name, label=rel_labels.get(name, name), value=_plain(o))
            result.nodes[str(s)]["facts"].append(fact)
    for _, data in result.nodes(data=True):
        data["facts"].sort(key=lambda f: (f["relation"], str(f["value"])))
    return result


def _view(graph: Any, *, lang: str | None = None) -> nx.MultiDiGraph:
    import networkx as nx

    if isinstance(graph, nx.MultiDiGraph):
        return graph
    return to_networkx(graph, lang=lang)


def _undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """Simple undirected view; ``weight`` = number of relations between the two entities."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g.nodes)
    for u, v in g.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


# ---------------------------------------------------------------- measures


def _pagerank(simple: nx.Graph) -> dict[str, float]:
    import networkx as nx

    if simple.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(simple, weight="weight")
    except ImportError:  # networkx uses scipy when it is installed
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(simple, weight="weight")


def _scores(g: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Per-node degree, pagerank, betweenness and community (deterministic)."""
    import networkx as nx

    simple = _undirected(g)
    n = simple.number_of_nodes()
    pagerank = _pagerank(simple)
    if n > _BETWEENNESS_EXACT_MAX:
        betweenness = nx.betweenness_centrality(simple, k=_BETWEENNESS_SAMPLES, seed=42)
    else:
        betweenness = nx.betweenness_centrality(simple)
    communities = nx.community.louvain_communities(simple, weight="weight", seed=42) if n else []
    ordered = sorted(communities, key=lambda c: (-len(c), min(c)))
    community = {node: i for i, members in enumerate(ordered) for node in members}
    return {
        node: {
            "degree": g.degree(node),
            "pagerank": pagerank.get(node, 0.0),
            "betweenness": betweenness.get(node, 0.0),
            "community": community.get(node, 0),
        }
        for node in g.nodes
    }


def _entry(g: nx.MultiDiGraph, node: str, **extra: Any) -> dict[str, Any]:
    data = g.nodes[node]
    return {"id": node, "label": data["label"], "cls": data["cls"], **extra}


def analyze(graph: Any, *, top: int = 10) -> dict[str, Any]:
    """Measure the entity graph of ``graph`` (rdflib Graph/Dataset or a :func:`to_networkx` result).

    Returns a JSON-serialisable dict with ``nodes``, ``edges``, ``statements``,
    ``components`` (weakly connected: count and sizes), the ``top`` entities by
    ``degree``, ``pagerank`` and ``betweenness``, the Louvain ``communities``
    (seed 42, largest first, members listed by PageRank) and the ``relations``
    by frequency. Betweenness is sampled (500 pivots, seed 42) above 1000 nodes.
    """
    import networkx as nx

    g = _view(graph)
    scores = _scores(g)
    components = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)

    def ranking(measure: str) -> list[dict[str, Any]]:
        ranked = sorted(g.nodes, key=lambda n: (-scores[n][measure], g.nodes[n]["label"].casefold(), n))
        return [_entry(g, n, value=round(scores[n][measure], 6)) for n in ranked[:top]]

    by_community: dict[int, list[str]] = {}
    for node, s in scores.items():
        by_community.setdefault(s["community"], []).append(node)
    communities = []
    for cid in sorted(by_community):
        members = sorted(by_community[cid], key=lambda n: (-scores[n]["pagerank"], g.nodes[n]["label"].casefold()))
        communities.append({"id": cid, "size": len(members),
                            "members": [g.nodes[n]["label"] for n in members[:top]]})

    labels = relation_labels(lang=g.graph.get("lang", "en"))
    rel_counts = Counter(key for _, _, key in g.edges(keys=True))
    stmt_counts: Counter[str] = Counter()
    for _, _, key, stmts in g.edges(keys=True, data="statements"):
        stmt_counts[key] += len(stmts or [])
    relations = [{"relation": rel, "label": labels.get(rel, rel), "edges": count, "statements": stmt_counts[rel]}
                 for rel, count in sorted(rel_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "statements": sum(stmt_counts.values()),
        "components": {"count": len(components), "largest": components[0] if components else 0,
                       "sizes": components[:top]},
        "degree": ranking("degree"),
        "pagerank": ranking("pagerank"),
        "betweenness": ranking("betweenness"),
        "communities": communities[:top],
        "community_count": len(communities),
        "relations": relations[:top] if top else relations,
    }


def write_scores(graph: Any) -> rdflib.Graph:
    """Return a copy of ``graph`` with ``kg:pagerank``, ``kg:degree``, ``kg:betweenness`` and
    ``kg:community`` on every entity (old score triples are replaced).

    Scores are those of :func:`analyze`; decimals are rounded to 6 places. A
    Dataset gives a Dataset: its named graphs are kept as they are and the
    scores, which belong to the whole corpus, go in the default graph.
    """
    from rdflib import Dataset, Graph, Literal, URIRef

    terms = {name: URIRef(KG_NS + name) for name in _SCORE_TERMS}
    score_preds = set(terms.values())
    source = graph if isinstance(graph, Graph) else _as_graph(graph)
    if hasattr(source, "contexts"):  # a Dataset: keep the named graphs
        out: Graph = Dataset()
        for s, p, o, ctx in source.quads((None, None, None, None)):
            if p in score_preds:
                continue
            if ctx is None or str(ctx) == "urn:x-rdflib:default":
                out.add((s, p, o))
            else:
                out.add((s, p, o, URIRef(str(ctx))))
        target = out.default_graph if hasattr(out, "default_graph") else out
    else:
        out = Graph()
        for triple in source:
            if triple[1] not in score_preds:
                out.add(triple)
        target = out
    for prefix, ns in source.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for node, s in _scores(to_networkx(source)).items():
        subject = URIRef(node)
        target.add((subject, terms["pagerank"], Literal(Decimal(f"{s['pagerank']:.6f}"))))
        target.add((subject, terms["betweenness"], Literal(Decimal(f"{s['betweenness']:.6f}"))))
        target.add((subject, terms["degree"], Literal(int(s["degree"]))))
        target.add((subject, terms["community"], Literal(int(s["community"]))))
    return out


# ---------------------------------------------------------------- names, paths, neighbours


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", text))


def find_entity(graph: Any, name: str) -> str:
    """Return the IRI of the one entity called ``name`` (label, alias, IRI or key like ``person/x``).

    Matching ignores case and accents; a full label or alias beats a partial
    one (all the words of ``name`` in the label). Raises :class:`InputError`
    when nothing or more than one entity matches.
    """
    g = _view(graph)
    if name in g:
        return name
    for node in g.nodes:
        if node.endswith("/id/" + name.strip("/")):
            return node
    wanted = _norm(name)
    if not wanted:
        raise InputError(f"empty entity name {name!r}")
    exact = [n for n, d in g.nodes(data=True) if _norm(d["label"]) == wanted]
    if not exact:
        exact = [n for n, d in g.nodes(data=True) if any(_norm(a) == wanted for a in d["alt_labels"])]
    candidates = exact
    if not candidates:
        words = wanted.split()
        candidates = [n for n, d in g.nodes(data=True)
                      if all(w in _norm(" ".join([d["label"], *d["alt_labels"]])).split() for w in words)]
    if not candidates:
        raise InputError(f"no entity called {name!r} in the graph")
    if len(candidates) > 1:
        listed = ", ".join(f"{g.nodes[n]['label']} ({n})" for n in sorted(candidates)[:8])
        raise InputError(f"{name!r} is ambiguous: {listed}; give the IRI or a fuller name")
    return candidates[0]


def _hop(g: nx.MultiDiGraph, u: str, v: str) -> dict[str, Any]:
    """The best-supported relation between u and v, in whichever direction it was stated."""
    options = []
    for a, b, forward in ((u, v, True), (v, u, False)):
        for key, data in (g.get_edge_data(a, b) or {}).items():
            best = _best(data["statements"]) or {}
            options.append((best.get("confidence") or 0.0, forward, key, data, best))
    options.sort(key=lambda o: (-o[0], not o[1], o[2]))
    _, forward, key, data, best = options[0]
    subject, obj = (u, v) if forward else (v, u)
    return {
        "from": u, "from_label": g.nodes[u]["label"],
        "to": v, "to_label": g.nodes[v]["label"],
        "subject": subject, "subject_label": g.nodes[subject]["label"],
        "object": obj, "object_label": g.nodes[obj]["label"],
        "relation": key, "relation_label": data["label"], "forward": forward,
        "evidence": best.get("evidence"), "document": best.get("document"),
        "confidence": best.get("confidence"),
    }


def shortest_path(graph: Any, a: str, b: str) -> list[dict[str, Any]]:
    """Explain how entities ``a`` and ``b`` are connected: the hops of a shortest path.

    The path ignores the direction of relations. Each hop is a dict with
    ``from``/``to`` (path order), ``subject``/``object`` (the stated direction),
    ``forward`` (whether they agree), ``relation``, ``relation_label`` and the
    best statement's ``evidence``, ``document`` and ``confidence``. Raises
    :class:`InputError` for an unknown or ambiguous name and :class:`KgError`
    when no path exists.
    """
    import networkx as nx

    g = _view(graph)
    source, target = find_entity(g, a), find_entity(g, b)
    if source == target:
        raise KgError(f"{a!r} and {b!r} are the same entity ({source})")
    try:
        nodes = nx.shortest_path(_undirected(g), source, target)
    except nx.NetworkXNoPath:
        raise KgError(f"no path between {g.nodes[source]['label']} and {g.nodes[target]['label']}") from None
    return [_hop(g, u, v) for u, v in zip(nodes, nodes[1:])]


def neighbors(graph: Any, name: str, *, depth: int = 1) -> dict[str, Any]:
    """The ego network of entity ``name`` up to ``depth`` hops (direction ignored).

    Returns ``{"center": {...}, "nodes": [...], "edges": [...]}``: nodes other
    than the centre sorted by distance then label, with their ``distance``;
    edges are the relations among the listed entities, with the best evidence.
    """
    import networkx as nx

    if depth < 1:
        raise InputError("depth must be at least 1")
    g = _view(graph)
    center = find_entity(g, name)
    distances = nx.single_source_shortest_path_length(_undirected(g), center, cutoff=depth)
    ordered = sorted(distances, key=lambda n: (distances[n], g.nodes[n]["label"].casefold(), n))
    nodes = [_entry(g, n, distance=distances[n]) for n in ordered if n != center]
    edges = []
    for u, v, key, data in g.edges(keys=True, data=True):
        if u in distances and v in distances:
            best = _best(data["statements"]) or {}
            edges.append({"source": u, "source_label": g.nodes[u]["label"], "relation": key,
                          "relation_label": data["label"], "target": v, "target_label": g.nodes[v]["label"],
                          "evidence": best.get("evidence"), "document": best.get("document"),
                          "confidence": best.get("confidence")})
    edges.sort(key=lambda e: (min(distances[e["source"]], distances[e["target"]]),
                              e["source_label"].casefold(), e["relation"], e["target_label"].casefold()))
    return {"center": _entry(g, center, distance=0), "depth": depth, "nodes": nodes, "edges": edges}


# ---------------------------------------------------------------- export


def _flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalar strings and numbers only (Gephi-friendly)."""
    import networkx as nx

    scores = _scores(g)
    flat = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        attrs = {
            "label": data["label"], "cls": data["cls"],
            "alt_labels": "; ".join(data["alt_labels"]),
            "documents": " ".join(data["documents"]),
            "facts": "; ".join(f"{f['relation']}={f['value']}" for f in data["facts"]),
            "degree": int(scores[node]["degree"]),
            "pagerank": float(round(scores[node]["pagerank"], 6)),
            "betweenness": float(round(scores[node]["betweenness"], 6)),
            "community": int(scores[node]["community"]),
        }
        flat.add_node(node, **attrs)
    for i, (u, v, key, data) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])):
        best = _best(data["statements"]) or {}
        with_amount = [r for r in data["statements"] if r["amount"] is not None]
        amount = _best(with_amount) if with_amount else {}
        attrs = {
            "relation": key, "label": data["label"],
            "confidence": float(best["confidence"]) if best.get("confidence") is not None else 0.0,
            "statements": len(data["statements"]),
            "evidence": best.get("evidence") or "",
            "document": best.get("document") or "",
        }
        if amount.get("amount") is not None:  # absent, not 0, when no statement gives an amount
            attrs["amount"] = float(amount["amount"])
            attrs["currency"] = amount.get("currency") or ""
        flat.add_edge(u, v, key=f"e{i}", **attrs)  # unique keys become the GraphML/GEXF edge ids
    return flat


def _csv_text(g: nx.MultiDiGraph) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        best = _best(data["statements"]) or {}
        confidence = best.get("confidence")
        writer.writerow([u, g.nodes[u]["label"], key, v, g.nodes[v]["label"],
                         "" if confidence is None else confidence,
                         best.get("evidence") or "", best.get("document") or ""])
    return buffer.getvalue()


def export_graph(graph: Any, path: str | os.PathLike, *, format: str | None = None) -> str:
    """Write the entity graph to ``path`` as GraphML, GEXF or a CSV edge list; return the format.

    ``format`` defaults to the file extension (``.graphml``, ``.gexf``,
    ``.csv``). GraphML and GEXF carry only scalar attributes (lists are joined
    with ``"; "``) plus the scores of :func:`analyze`, so Gephi opens them. The
    CSV has one row per relation edge with the best statement's evidence and
    the header ``source,source_label,relation,target,target_label,confidence,evidence,document``.
    """
    import networkx as nx

    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in EXPORT_FORMATS:
        raise FormatError(f"unknown graph export format {fmt or '(none)'!r}: use one of {', '.join(EXPORT_FORMATS)}")
    g = _view(graph)
    if fmt == "csv":
        atomic_write_text(path, _csv_text(g))
        return fmt
    flat = _flat_graph(g)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    else:
        for u, v, key in list(flat.edges(keys=True)):
            flat.edges[u, v, key]["id"] = key  # GEXF takes the edge id from the "id" attribute
        nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True)
    atomic_write_bytes(path, buffer.getvalue())
    return fmt

