"""RDF: mint IRIs, turn entities and statements into graphs, read and write files.

The output contract is described in ``docs/ARCHITECTURE.md``. In short: one
IRI per entity (``kgr:{class}/{slug}``), relations asserted as plain triples,
one ``rdf:Statement`` per (fact, document, evidence) with its provenance, one
named graph per document. No blank nodes are written, so the same input gives
byte-identical Turtle.

Examples
--------
>>> slugify("Mark Zuckerberg")
'mark-zuckerberg'
>>> slugify("Nestlé S.A.")
'nestle-s-a-2769e99d'
>>> str(entity_iri("person/mark-zuckerberg"))
'https://w3id.org/newskg/id/person/mark-zuckerberg'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from . import __version__
from .errors import FormatError, InputError
from .fileio import atomic_write_bytes
from .text import clean_name
from .types import ENTITY_CLASSES, Document, Entity, Quantity, Quote, Statement
from .vocab import KG, KGD, KGR, KGS

__all__ = [
    "PREFIXES",
    "fold",
    "slugify",
    "entity_key",
    "entity_iri",
    "document_iri",
    "statement_iri",
    "bind_prefixes",
    "compact_iri",
    "to_dataset",
    "union_graph",
    "resolve_format",
    "serialize",
    "write_graph",
    "load_graph",
    "graph_info",
]

SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgr": str(KGR),
    "kgd": str(KGD),
    "kgs": str(KGS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
}
"""Prefixes bound on every graph kg writes, always the same."""

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents (NFKD)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slugify(name: str) -> str:
    """Return a safe IRI path segment for ``name``.

    Invisible characters (:func:`kg.text.clean_name`) are dropped first. The
    slug keeps only ``[a-z0-9-]``. When folding lost more than case,
    accents, spaces and hyphens, an 8-hex hash of the folded name is appended
    so that different names never share a slug.
    """
    folded = fold(" ".join(clean_name(name).split()))
    slug = _NON_ALNUM.sub("-", folded).strip("-")[:80].strip("-")
    lossless = folded.replace(" ", "-") == slug
    if not slug or not lossless:
        digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def entity_key(cls: str, name: str) -> str:
    """Return the key ``class/slug`` of the entity of class ``cls`` named ``name``."""
    return f"{cls.lower()}/{slugify(name)}"


def entity_iri(key: str) -> URIRef:
    """IRI of the entity with key ``key``."""
    return KGR[key]


def document_iri(doc_key: str) -> URIRef:
    """IRI of the document with key ``doc_key`` (16 hex digits of its hash)."""
    return KGD[doc_key]


def _object_term(obj: str | Quantity | Quote, lang: str) -> URIRef | Literal:
    if isinstance(obj, Quantity):
        return Literal(_decimal(obj.value), datatype=XSD.decimal)
    if isinstance(obj, Quote):
        return Literal(obj.text, lang=lang)
    return entity_iri(obj)


def _decimal(value: Decimal) -> str:
    """Canonical xsd:decimal lexical form: ``25000000.0``, ``-17.0``, ``48.39``."""
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def statement_iri(st: Statement) -> URIRef:
    """IRI of a statement: a hash of its fact, document and evidence span."""
    obj = st.object
    if isinstance(obj, Quantity):
        obj_key = f"q:{_decimal(obj.value)}:{obj.currency}:{obj.unit}"
        if obj.high is not None:
            obj_key += f":{_decimal(obj.high)}"
    elif isinstance(obj, Quote):
        obj_key = f"t:{obj.text}"
    else:
        obj_key = f"e:{obj}"
    raw = "\x1f".join([st.document, st.subject, st.predicate, obj_key, str(st.evidence_start), str(st.evidence_end)])
    return KGS[hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]]


def compact_iri(iri: str, *, extra: dict[str, str] | None = None) -> str:
    """``iri`` written with the longest matching kg prefix (``kgr:person/x``), else as ``<iri>``.

    >>> compact_iri("https://w3id.org/newskg/id/person/mark-zuckerberg")
    'kgr:person/mark-zuckerberg'
    >>> compact_iri("http://example.org/x")
    '<http://example.org/x>'
    """
    text = str(iri)
    prefixes = {**PREFIXES, **(extra or {})}
    best = max((p for p in prefixes.items() if text.startswith(p[1])), key=lambda p: len(p[1]), default=None)
    return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on ``graph``, replacing rdflib's defaults."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def _new_graph(identifier: URIRef | None = None) -> Graph:
    graph = Graph(identifier=identifier, bind_namespaces="none")
    return bind_prefixes(graph)


def _date_literal(date: str) -> Literal | None:
    """``YYYY`` as xsd:gYear, ``YYYY-MM`` as xsd:gYearMonth, ``YYYY-MM-DD`` as xsd:date; None for
    anything else (:func:`kg.documents.parse_date` lets nothing else through)."""
    from .documents import parse_date

    if parse_date(date) != date:
        return None
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(date), XSD.date)
    return Literal(date, datatype=datatype)


def _document_triples(doc: Document, lang: str) -> Iterable[tuple]:
    iri = document_iri(doc.key)
    yield iri, RDF.type, KG.Document
    yield iri, DCTERMS.language, Literal(lang)
    yield iri, KG.sourcePath, Literal(doc.source)
    yield iri, KG.contentHash, Literal(f"sha256:{doc.content_hash}")
    title = clean_name(doc.title or "").strip()
    if title:
        yield iri, DCTERMS.title, Literal(title, lang=lang)
    date = _date_literal(doc.date) if doc.date else None
    if date is not None:
        yield iri, DCTERMS.date, date
    if doc.url:
        yield iri, SCHEMA.url, Literal(doc.url, datatype=XSD.anyURI)
    if doc.doc_id:
        yield iri, DCTERMS.identifier, Literal(doc.doc_id)


def _entity_triples(entity: Entity, doc_iri: URIRef) -> Iterable[tuple]:
    iri = entity_iri(entity.key)
    yield iri, RDF.type, KG[entity.cls]
    yield iri, RDFS.label, Literal(entity.label, lang=entity.lang)
    for alt in entity.alt_labels:
        yield iri, SKOS.altLabel, Literal(alt, lang=entity.lang)
    yield iri, KG.mentionedIn, doc_iri


def _statement_triples(st: Statement, doc_iri: URIRef) -> Iterable[tuple]:
    s = entity_iri(st.subject)
    p = KG[st.predicate]
    o = _object_term(st.object, st.lang)
    yield s, p, o
    node = statement_iri(st)
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, s
    yield node, RDF.predicate, p
    yield node, RDF.object, o
    yield node, PROV.wasDerivedFrom, doc_iri
    yield node, KG.evidence, Literal(st.evidence, lang=st.lang)
    yield node, KG.startOffset, Literal(st.evidence_start, datatype=XSD.integer)
    yield node, KG.endOffset, Literal(st.evidence_end, datatype=XSD.integer)
    yield node, KG.confidence, Literal(format(Decimal(str(st.confidence)).quantize(Decimal("0.01")), "f"), datatype=XSD.decimal)
    yield node, KG.extractor, Literal(st.extractor)
    yield node, KG.extractorVersion, Literal(__version__)
    quantity = st.amount if st.amount is not None else (st.object if isinstance(st.object, Quantity) else None)
    if quantity is not None:
        if st.amount is not None:
            yield node, KG.amount, Literal(_decimal(quantity.value), datatype=XSD.decimal)
        if quantity.high is not None:
            yield node, KG.maxAmount, Literal(_decimal(quantity.high), datatype=XSD.decimal)
        if quantity.currency:
            yield node, KG.currency, Literal(quantity.currency)
        if quantity.unit:
            yield node, KG.unit, Literal(quantity.unit)
    if st.modality:
        yield node, KG.modality, Literal(st.modality)
    if st.date:
        yield node, KG.date, Literal(st.date)


def to_dataset(
    documents: Sequence[tuple[Document, str]],
    entities: Iterable[Entity],
    statements: Iterable[Statement],
) -> Dataset:
    """Build a Dataset with one named graph per document.

    ``documents`` holds ``(document, language)`` pairs. Each named graph (its
    name is the document IRI) holds the document's metadata, the entities it
    mentions and the facts it supports with their statements.
    """
    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    graphs: dict[str, Graph] = {}
    for doc, lang in documents:
        iri = document_iri(doc.key)
        graph = dataset.graph(iri)
        graphs[doc.key] = graph
        for triple in _document_triples(doc, lang):
            graph.add(triple)
    for entity in entities:
        for doc_key in entity.documents:
            for triple in _entity_triples(entity, document_iri(doc_key)):
                graphs[doc_key].add(triple)
    for st in statements:
        for triple in _statement_triples(st, document_iri(st.document)):
            graphs[st.document].add(triple)
    return dataset


def union_graph(source: Graph) -> Graph:
    """Return a plain Graph holding every triple of ``source`` (any named graph)."""
    graph = _new_graph()
    if isinstance(source, Dataset):
        for s, p, o, _ in source.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        for triple in source:
            graph.add(triple)
    return graph


_QUAD_FORMATS = {"trig", "nquads", "trix", "hext"}
_FORMAT_ALIASES = {
    "ttl": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "rdf/xml": "xml",
    "rdf": "xml",
    "nq": "nquads",
    "n-quads": "nquads",
}


_INPUT_SUFFIXES = {"txt", "text", "csv", "jsonl", "ndjson"}


def resolve_format(path: str | os.PathLike | None, format: str | None = None) -> str:
    """Return the rdflib format name for ``format`` or, failing that, ``path``'s extension.

    Turtle is the default (for a path without an extension). Raises
    :class:`FormatError` for a name rdflib does not know, and for a path whose
    extension is one of kg's input formats (``.txt``, ``.csv``, ``.jsonl``)
    when no ``format`` is given: ``kg build a.txt -o a.txt`` must not turn the
    article into Turtle.
    """
    from rdflib.plugin import PluginException, get
    from rdflib.serializer import Serializer
    from rdflib.util import guess_format

    name = format
    if not name and path is not None:
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix in _INPUT_SUFFIXES:
            raise FormatError(f"{path}: .{suffix} is kg's input text, not an RDF file extension; name an RDF "
                              "file .ttl, .nt, .jsonld, .rdf, .trig or .nq (or give the format with --format)")
        name = guess_format(str(path))
        if name is None and suffix:
            name = _FORMAT_ALIASES.get(suffix, suffix)
    name = (name or "turtle").lower()
    name = _FORMAT_ALIASES.get(name, name)
    try:
        get(name, Serializer)
    except PluginException as exc:
        raise FormatError(f"unknown RDF format {name!r} (try turtle, nt, json-ld, xml, trig, nquads)") from exc
    return name


def serialize(graph: Graph, *, format: str = "turtle") -> bytes:
    """Serialise ``graph`` (or Dataset) to bytes in ``format``.

    Triple formats get the union of a Dataset's named graphs; quad formats
    (TriG, N-Quads) keep one named graph per document. Every format is
    deterministic (the same bytes in every run, whatever ``PYTHONHASHSEED``):
    Turtle sorts by itself; N-Triples and N-Quads lines are sorted; TriG
    writes the named graphs in IRI order; RDF/XML is written from a graph
    filled in sorted order; JSON-LD is re-written with sorted keys and every
    array but ``@list`` sorted (JSON-LD arrays are sets otherwise).
    """
    format = resolve_format(None, format)
    if format in _QUAD_FORMATS:
        if not isinstance(graph, Dataset):
            dataset = Dataset()
            bind_prefixes(dataset)
            target = dataset.default_graph if hasattr(dataset, "default_graph") else dataset.default_context
            for triple in graph:
                target.add(triple)
            graph = dataset
    elif isinstance(graph, Dataset):
        graph = union_graph(graph)
    else:
        bind_prefixes(graph)
    if format == "trig":
        return _trig(graph)
    if format in ("xml", "pretty-xml"):
        graph = _sorted_copy(graph)
    data = graph.serialize(format=format, encoding="utf-8")
    if format in ("nt", "nquads", "nt11"):
        lines = sorted(set(line for line in data.decode("utf-8").splitlines() if line.strip()))
        data = ("\n".join(lines) + "\n").encode("utf-8")
    elif format == "json-ld":
        data = (json.dumps(_sorted_json(json.loads(data)), ensure_ascii=False, indent=2, sort_keys=True)
                + "\n").encode("utf-8")
    return data


def _trig(dataset: Graph) -> bytes:
    """TriG with the named graphs in IRI order (rdflib follows the store's hash order), the default graph last."""
    import io

    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    default = serializer.default_context
    serializer.contexts.sort(key=lambda g: (g.identifier == default, str(g.identifier)))
    stream = io.BytesIO()
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue()


def _sorted_copy(graph: Graph) -> Graph:
    """A copy of ``graph`` whose triples were added in sorted order, in rdflib's ``SimpleMemory``
    store, which iterates in insertion order (rdflib's RDF/XML writer follows the store's order)."""
    copy = bind_prefixes(Graph(store="SimpleMemory", bind_namespaces="none"))
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        copy.add(triple)
    return copy


def _sorted_json(value, key: str | None = None):
    """JSON-LD with every array sorted (by its items' canonical JSON), except the ordered ``@list``."""
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write_graph(graph: Graph, path: str | os.PathLike, *, format: str | None = None) -> str:
    """Write ``graph`` to ``path`` atomically; return the format used."""
    fmt = resolve_format(path, format)
    atomic_write_bytes(path, serialize(graph, format=fmt))
    return fmt


def load_graph(path: str | os.PathLike, *, format: str | None = None) -> Graph:
    """Read an RDF file into a Graph (a Dataset for TriG and N-Quads).

    Raises :class:`InputError` when the file is missing or does not parse, and
    :class:`FormatError` for an unknown format.
    """
    path = Path(path)
    if path.is_dir():
        from .store import is_store_dir

        if is_store_dir(path):
            raise InputError(f"{path} is a kg store, not an RDF file: query it with kg query, count it with "
                             f"kg info, or write it to a file with kg export {path} -o graph.trig")
        raise InputError(f"{path} is a directory, not an RDF file")
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = resolve_format(path, format)
    graph: Graph = Dataset(default_union=True) if fmt in _QUAD_FORMATS else _new_graph()
    try:
        graph.parse(str(path), format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot parse as {fmt}: {message}") from exc
    bind_prefixes(graph)
    return graph


def graph_info(graph: Graph) -> dict:
    """Count documents, entities per class, and facts per relation in ``graph``."""
    graph = union_graph(graph) if isinstance(graph, Dataset) else graph
    classes: dict[str, int] = {}
    entities = 0
    for cls in ENTITY_CLASSES:
        count = len(set(graph.subjects(RDF.type, KG[cls])))
        if count:
            classes[cls] = count
            entities += count
    from .ontology import relations as ontology_relations

    known = ontology_relations()
    relations: dict[str, int] = {}
    kg_ns = str(KG._NS)
    for _, p, _ in graph:
        name = str(p)
        if name.startswith(kg_ns) and name[len(kg_ns):] in known:
            local = name[len(kg_ns):]
            relations[local] = relations.get(local, 0) + 1
    return {
        "documents": len(set(graph.subjects(RDF.type, KG.Document))),
        "entities": entities,
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations": dict(sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))),
    }

