"""A persistent on-disk store of kg graphs, one named graph per document.

The store is a pyoxigraph (RocksDB) directory. Each document lives in its own
named graph whose name is the document IRI (``kgd:<16 hex>``); the graph holds
its own copy of every triple the document supports (metadata, mentioned
entities, relations and their statements). Hence

* the same entity in two documents is one IRI (IRIs are deterministic),
* rebuilding an unchanged document (same ``kg:contentHash``) is a no-op,
* rebuilding a changed one (same ``kg:sourcePath``, new hash) replaces its graph;
  the source path is the resolved absolute path of the file (see
  :mod:`kg.documents`), so it does not matter how the path was spelled; texts
  read from standard input (``<stdin>``) never replace one another,
* removing a document drops its graph: a triple only that document supported
  disappears, a triple another document also supports survives in that
  document's graph.

The store's default graph holds the RDF merge of the document graphs (each
triple once, however many documents support it), kept up to date by every
change; queries (:func:`kg.sparql.query` on the store or its directory, and
``kg serve``) use it as their default graph. Counting over it gives the same
numbers as over ``kg build``'s Turtle output. (Oxigraph 0.5's own "union
default graph" option returns a triple once per graph holding it, so COUNT
over it counts a fact once per supporting document: oxigraph issue #1919.)

Each change is one transaction: it either happens whole or not at all.

Examples
--------
>>> import tempfile
>>> from rdflib import Graph, Literal
>>> from kg.vocab import KG, KGD
>>> doc = KGD["0123456789abcdef"]
>>> g = Graph()
>>> _ = g.add((doc, KG.contentHash, Literal("sha256:0123456789abcdef00")))
>>> with Store.open(tempfile.mkdtemp()) as store:
...     store.add_document_graph(doc, g)
...     store.add_document_graph(doc, g)
...     [info.iri for info in store.documents()]
'added'
'unchanged'
['https://w3id.org/newskg/doc/0123456789abcdef']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import STDIN_SOURCE, source_identity
from .errors import StoreError

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

__all__ = ["Store", "StoreSummary", "DocumentInfo", "add_to_store", "default_graph_is_merge", "is_store_dir"]

_KG = "https://w3id.org/newskg/ontology#"
_KGD = "https://w3id.org/newskg/doc/"
_CONTENT_HASH = _KG + "contentHash"
_SOURCE_PATH = _KG + "sourcePath"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_STATEMENT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@dataclass(frozen=True)
class DocumentInfo:
    """One document graph of a store."""

    iri: str
    content_hash: str | None
    source_path: str | None


@dataclass
class StoreSummary:
    """What :meth:`Store.add_dataset` did, document IRIs per outcome."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged"


def default_graph_is_merge(store: Any) -> bool:
    """True when the default graph of the pyoxigraph ``store`` holds the complete
    merge of its document graphs, so queries can use it; otherwise they should
    use the union of the named graphs."""
    import pyoxigraph as ox

    graphs = sum(1 for _ in store.named_graphs())
    if graphs == 0:
        return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    # each merged document graph put its own `<doc> a kg:Document` into the default graph
    merged = store.quads_for_pattern(None, ox.NamedNode(_RDF_TYPE), ox.NamedNode(_KG + "Document"), ox.DefaultGraph())
    return sum(1 for _ in merged) == graphs


def _unmerged(store: Any) -> list[str]:
    import pyoxigraph as ox

    rdf_type, document, default = ox.NamedNode(_RDF_TYPE), ox.NamedNode(_KG + "Document"), ox.DefaultGraph()
    missing = []
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) \
                and next(iter(store.quads_for_pattern(graph, rdf_type, document, graph)), None) is not None \
                and next(iter(store.quads_for_pattern(graph, rdf_type, document, default)), None) is None:
            missing.append(graph.value)
    return sorted(missing)


def is_store_dir(path: str | os.PathLike) -> bool:
    """True when ``path`` is a directory that holds a RocksDB (oxigraph) store."""
    directory = Path(path)
    return directory.is_dir() and (directory / "CURRENT").is_file()


class Store:
    """A pyoxigraph store of kg document graphs.

    Open one with :meth:`open`; use it as a context manager or call
    :meth:`close` so another process (``kg serve``) can open the directory.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False, create: bool = True) -> None:
        import pyoxigraph as ox

        self.path = Path(path)
        self.read_only = read_only
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is not a directory")
        if self.path.is_dir() and any(self.path.iterdir()) and not is_store_dir(self.path):
            raise StoreError(f"{self.path} is not a kg store (a non-empty directory without a store in it)")
        if not is_store_dir(self.path) and (read_only or not create):
            raise StoreError(f"no store at {self.path}")
        try:
            self._store = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open store {self.path}: {_one_line(exc)}") from exc

    @classmethod
    def open(cls, path: str | os.PathLike, *, read_only: bool = False, create: bool = True) -> Store:
        """Open (and by default create) the store in directory ``path``."""
        return cls(path, read_only=read_only, create=create)

    # ------------------------------------------------------------ plumbing

    @property
    def oxigraph(self) -> Any:
        """The underlying ``pyoxigraph.Store``."""
        if self._store is None:
            raise StoreError(f"store {self.path} is closed")
        return self._store

    def close(self) -> None:
        """Complete the merged default graph, flush, and release the store directory."""
        if self._store is not None:
            if not self.read_only:
                self.merge_documents()
                try:
                    self._store.flush()
                except OSError as exc:
                    raise StoreError(f"cannot flush store {self.path}: {_one_line(exc)}") from exc
            self._store = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        """Number of quads: the document graphs plus the merged default graph."""
        return len(self.oxigraph)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _writable(self) -> Any:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        return self.oxigraph

    # ------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        """The document graphs of the store, sorted by IRI."""
        import pyoxigraph as ox

        store = self.oxigraph
        infos = []
        for graph in store.named_graphs():
            if not isinstance(graph, ox.NamedNode):
                continue
            infos.append(DocumentInfo(
                iri=graph.value,
                content_hash=_value(store, graph, _CONTENT_HASH),
                source_path=_value(store, graph, _SOURCE_PATH),
            ))
        return sorted(infos, key=lambda info: info.iri)

    def has_document(self, content_hash: str) -> bool:
        """True when a document with this ``kg:contentHash`` is in the store."""
        import pyoxigraph as ox

        key = content_hash if content_hash.startswith("sha256:") else f"sha256:{content_hash}"
        pattern = self.oxigraph.quads_for_pattern(None, ox.NamedNode(_CONTENT_HASH), ox.Literal(key), None)
        return any(isinstance(q.graph_name, ox.NamedNode) and q.subject == q.graph_name for q in pattern)

    def labels(self, entity: str | rdflib.URIRef) -> dict[str, str]:
        """The ``rdfs:label`` of ``entity`` by language, as the store's merged graph holds them."""
        import pyoxigraph as ox

        pattern = self.oxigraph.quads_for_pattern(ox.NamedNode(str(entity)), ox.NamedNode(_RDFS_LABEL), None,
                                                  ox.DefaultGraph())
        return {q.object.language: q.object.value for q in sorted(pattern, key=str)
                if isinstance(q.object, ox.Literal) and q.object.language}

    def find_documents(self, key: str) -> list[str]:
        """IRIs of the documents ``key`` names: a document IRI (or ``kgd:id``,
        or the bare 16-hex id), a content hash, or a source path, spelled any
        way that resolves to the same file (``a.txt``, ``./a.txt``, its
        absolute path, a symbolic link to it; ``news.jsonl#ID`` for a record)."""
        key = key.strip()
        iri = _KGD + key[4:] if key.startswith("kgd:") else key
        resolved = source_identity(key) if key and not key.startswith(("kgd:", "sha256:", "http:", "https:")) else None
        found = []
        for info in self.documents():
            if key in (info.iri, info.content_hash, info.source_path) or iri == info.iri \
                    or info.iri == _KGD + key or info.content_hash == f"sha256:{key}" \
                    or (resolved is not None and info.source_path == resolved):
                found.append(info.iri)
        return found

    def info(self) -> dict:
        """Count documents, entities per class and facts per relation, as :func:`kg.rdf.graph_info`
        does for a graph (``kg info STORE``); counted over the merge of the document graphs."""
        from .ontology import relations as ontology_relations
        from .types import ENTITY_CLASSES

        store = self.oxigraph
        union = not default_graph_is_merge(store)

        def rows(sparql: str) -> list[tuple]:
            try:
                result = store.query(sparql, use_default_graph_as_union=union)
            except (OSError, SyntaxError, RuntimeError) as exc:
                raise StoreError(f"cannot read {self.path}: {_one_line(exc)}") from exc
            return [tuple(term.value for term in solution) for solution in result]

        def count(pattern: str) -> int:
            return int(rows(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")[0][0])

        def kg_counts(sparql: str, names) -> dict[str, int]:
            """``{local name: count}`` of the kg terms among the (term, count) rows of ``sparql``."""
            found = ((term[len(_KG):], int(n)) for term, n in rows(sparql) if term.startswith(_KG))
            return {name: n for name, n in found if name in names}

        in_kg = f'FILTER(STRSTARTS(STR(?t), "{_KG}"))'
        classes = kg_counts(f"SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?t {in_kg} }} GROUP BY ?t",
                            ENTITY_CLASSES)
        relations = kg_counts(f"SELECT ?t (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?t ?o WHERE {{ ?s ?t ?o "
                              f"{in_kg} }} }} GROUP BY ?t", ontology_relations())
        return {
            "documents": count(f"?x a <{_KG}Document>"),
            "entities": sum(classes.values()),
            "statements": count(f"?x a <{_RDF_STATEMENT}>"),
            "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
            "relations": dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    def dataset(self) -> rdflib.Dataset:
        """The whole store as an rdflib ``Dataset``: one named graph per document, and
        in the default graph only triples that no document graph holds."""
        import pyoxigraph as ox
        from rdflib import Dataset, URIRef

        from .rdf import bind_prefixes
        from .terms import to_rdflib

        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
        graphs: dict[str, Any] = {}
        store = self.oxigraph
        for quad in store:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                # the merge of the document graphs: keep only what no document graph holds
                if any(not isinstance(q.graph_name, ox.DefaultGraph)
                       for q in store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)):
                    continue
                graph = dataset.default_graph
            else:
                name = quad.graph_name.value
                graph = graphs.get(name)
                if graph is None:
                    graph = graphs[name] = dataset.graph(URIRef(name))
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return dataset

    # ------------------------------------------------------------ writing

    def add_document_graph(
        self,
        doc_iri: str | rdflib.URIRef,
        graph: Iterable[tuple],
        *,
        content_hash: str | None = None,
    ) -> str:
        """Store ``graph`` (any iterable of rdflib triples) as the graph of ``doc_iri``.

        Returns ``"added"``, ``"replaced"`` (a document with the same
        ``kg:sourcePath`` and another content hash was dropped in the same
        transaction) or ``"unchanged"`` (its content hash is already stored).
        The content hash and source path are read from the graph unless
        ``content_hash`` is given. Nothing is written when an error occurs.
        """
        import pyoxigraph as ox

        from .terms import to_oxigraph

        store = self._writable()
        name = ox.NamedNode(str(doc_iri))
        quads = []
        source_path = None
        try:
            for s, p, o in graph:
                quad = ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)
                quads.append(quad)
                if quad.subject == name:
                    if quad.predicate.value == _CONTENT_HASH and content_hash is None:
                        content_hash = quad.object.value
                    elif quad.predicate.value == _SOURCE_PATH:
                        source_path = quad.object.value
        except (ValueError, TypeError) as exc:
            raise StoreError(f"cannot store {doc_iri}: {_one_line(exc)}") from exc
        if content_hash and self.has_document(content_hash):
            # the text is stored already; an older version of the same source path goes
            older = [iri for iri in self._stale(name, source_path) if iri != name.value]
            if not older:
                return "unchanged"
            try:
                store.update(_retract(older))
            except (OSError, SyntaxError) as exc:
                raise StoreError(f"cannot store {doc_iri}: {_one_line(exc)}") from exc
            return "replaced"
        stale = self._stale(name, source_path)
        try:
            if not stale:
                default = ox.DefaultGraph()
                merged = [ox.Quad(q.subject, q.predicate, q.object, default) for q in quads]
                store.extend(quads + merged)  # one transaction
            else:
                # one SPARQL Update request is one transaction: retract, drop and insert together
                body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
                store.update(f"{_retract(stale)} ; INSERT DATA {{ GRAPH {name} {{ {body} }} {body} }}")
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot store {doc_iri}: {_one_line(exc)}") from exc
        return "replaced" if stale else "added"

    def _stale(self, name: Any, source_path: str | None) -> list[str]:
        """Documents a new graph ``name`` replaces: the same graph name or the same
        ``kg:sourcePath`` (point lookups, so adding stays fast in a big store)."""
        import pyoxigraph as ox

        store = self.oxigraph
        stale = []
        if next(iter(store.quads_for_pattern(None, None, None, name)), None) is not None:
            stale.append(name.value)
        if source_path is not None and source_path != STDIN_SOURCE:
            for quad in store.quads_for_pattern(None, ox.NamedNode(_SOURCE_PATH), ox.Literal(source_path), None):
                if isinstance(quad.graph_name, ox.NamedNode) and quad.subject == quad.graph_name \
                        and quad.graph_name.value not in stale:
                    stale.append(quad.graph_name.value)
        return stale

    def unmerged_documents(self) -> list[str]:
        """Document graphs whose triples are missing from the merged default graph.

        A document graph is merged when its own ``<doc> a kg:Document`` triple
        is also in the default graph (only that document's graph holds it).
        Every change made through this class keeps the merge complete; a graph
        added around it (another program, ``oxigraph load``) is merged by
        :meth:`merge_documents`, which :meth:`close` calls.
        """
        return _unmerged(self.oxigraph)

    def merge_documents(self) -> list[str]:
        """Copy the triples of every unmerged document graph into the default graph (one transaction)."""
        store = self._writable()
        missing = [] if default_graph_is_merge(store) else self.unmerged_documents()
        if missing:
            names = " ".join(f"<{iri}>" for iri in missing)
            try:
                store.update(f"INSERT {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            except (OSError, SyntaxError) as exc:
                raise StoreError(f"cannot merge the document graphs of {self.path}: {_one_line(exc)}") from exc
        return missing

    def add_dataset(self, dataset: rdflib.Graph) -> StoreSummary:
        """Store every named graph of ``dataset`` (as built by ``kg.build_dataset``).

        A plain ``Graph`` is accepted when it describes exactly one
        ``kg:Document``. Each document is its own transaction.
        """
        from rdflib import RDF, Dataset, URIRef

        from .vocab import KG

        summary = StoreSummary()
        if isinstance(dataset, Dataset):
            pairs = [(g.identifier, g) for g in dataset.graphs()
                     if isinstance(g.identifier, URIRef) and str(g.identifier).startswith(_KGD) and len(g)]
        else:
            docs = list(dataset.subjects(RDF.type, KG.Document))
            if len(docs) != 1:
                raise StoreError(
                    f"a graph without named graphs must describe one document, not {len(docs)}; "
                    "give a dataset (TriG or N-Quads) with one named graph per document")
            pairs = [(docs[0], dataset)]
        for iri, graph in sorted(pairs, key=lambda pair: str(pair[0])):
            outcome = self.add_document_graph(iri, graph)
            getattr(summary, outcome).append(str(iri))
        return summary

    def remove_document(self, key: str) -> list[str]:
        """Drop the graph of every document ``key`` names (see :meth:`find_documents`).

        Returns the IRIs dropped; raises :class:`StoreError` when none matches.
        """
        store = self._writable()
        iris = self.find_documents(key)
        if not iris:
            raise StoreError(f"no document in {self.path} matches {key!r}")
        try:
            store.update(_retract(iris))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot remove {key!r}: {_one_line(exc)}") from exc
        return iris

    def export(self, path: str | os.PathLike, *, format: str | None = None) -> str:
        """Write the whole store to ``path`` atomically; return the format used.

        Formats are those of ``kg build`` (turtle, nt, json-ld, xml, trig,
        nquads; default from the extension). TriG and N-Quads keep the named
        graphs; triple formats get their union.
        """
        from .rdf import write_graph

        return write_graph(self.dataset(), path, format=format)


def add_to_store(dataset: rdflib.Graph, store_dir: str | os.PathLike) -> StoreSummary:
    """Open (or create) the store in ``store_dir``, add ``dataset``, close it.

    This is what ``kg build --store DIR`` calls.
    """
    with Store.open(store_dir) as store:
        return store.add_dataset(dataset)


def _retract(iris: list[str]) -> str:
    """SPARQL Update that drops the graphs ``iris`` and removes from the merged
    default graph the triples no other document graph holds."""
    names = " ".join(f"<{iri}>" for iri in iris)
    listed = ", ".join(f"<{iri}>" for iri in iris)
    delete = (f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} "
              f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other NOT IN ({listed})) }} }}")
    return " ; ".join([delete] + [f"DROP SILENT GRAPH <{iri}>" for iri in iris])


def _value(store: Any, graph: Any, predicate: str) -> str | None:
    import pyoxigraph as ox

    for quad in store.quads_for_pattern(graph, ox.NamedNode(predicate), None, graph):
        return quad.object.value
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
