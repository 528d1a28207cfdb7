"""Bounded work: query time and size limits, Ctrl-C, streamed output, long documents, determinism.

The timeout, Ctrl-C and ``kg serve`` cases run real processes (``kg query``
in a child process, a real Oxigraph server behind kg's proxy) and are marked
``server``.
"""

from __future__ import annotations

import ast
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef

from kg.errors import QueryError
from kg.sparql import QueryResult, format_result, query
from kg.store import Store
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
CROSS3 = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""100 triples: a million rows."""
CROSS5 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
"""100 triples: 10^10 solutions to count, hours of work."""


def _graph(n: int = 100) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return graph


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("big") / "store"
    dataset = Dataset()
    doc = URIRef("https://w3id.org/newskg/doc/cccccccccccccccc")
    target = dataset.graph(doc)
    target.add((doc, RDF.type, KG.Document))  # a kg document graph: the store's default graph is their merge
    for triple in _graph(99):
        target.add(triple)
    with Store.open(path) as store:
        store.add_document_graph(doc, target)
    return str(path)


# ------------------------------------------------------------------ streaming and row limits


@pytest.mark.parametrize("kind", ["store", "graph"])
def test_a_huge_result_streams_its_first_rows_at_once(big_store, kind):
    from kg.sparql import stream_query

    source = big_store if kind == "store" else _graph()
    started = time.monotonic()
    with stream_query(source, CROSS3) as stream:
        first = [row for row, _ in zip(stream, range(5))]
    assert len(first) == 5 and time.monotonic() - started < 10  # a million rows are never all held


# (max_rows, rows in the result, error?)
LIMITS = [(3, 10, True), (10, 10, False), (0, 0, False), (0, 1, True), (None, 10, False)]


@pytest.mark.parametrize("kind", ["store", "graph"])
@pytest.mark.parametrize("max_rows, rows, error", LIMITS)
def test_max_rows(big_store, kind, max_rows, rows, error):
    source = big_store if kind == "store" else _graph()
    sparql = f"SELECT ?s WHERE {{ ?s ?p ?o }} ORDER BY ?s LIMIT {rows}"
    if error:
        with pytest.raises(QueryError, match=f"more than {max_rows} rows"):
            query(source, sparql, max_rows=max_rows)
    else:
        assert len(query(source, sparql, max_rows=max_rows)) == rows


def test_cli_max_rows_writes_the_first_rows_then_one_error_line(big_store, capsys):
    from kg.cli import main

    assert main(["query", big_store, "SELECT ?s WHERE { ?s <urn:p> ?o } ORDER BY ?s", "--max-rows", "3",
                 "--format", "csv"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == ["s", "urn:s0", "urn:s1", "urn:s10"]
    assert err.startswith("error: the result has more than 3 rows") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "table"])
def test_streamed_output_equals_the_whole_result_written_at_once(fmt):
    from kg.sparql import stream_query, write_result

    graph = _graph(1500)  # more rows than a table's width sample
    sparql = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    whole = query(graph, sparql)
    buffer = io.StringIO()
    with stream_query(graph, sparql) as stream:
        assert write_result(stream, buffer, format=fmt) == 1500
    assert buffer.getvalue() == format_result(whole, format=fmt)
    if fmt == "json":
        expected = {"head": {"vars": ["s", "o"]}, "results": {"bindings": [
            {"s": {"type": "uri", "value": str(r["s"])},
             "o": {"type": "literal", "value": str(r["o"]), "datatype": str(r["o"].datatype)}} for r in whole]}}
        assert buffer.getvalue() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_json_is_laid_out_as_json_dumps_for_every_kind_of_term():
    from rdflib import XSD, BNode

    rows = [{"a": URIRef("urn:x"), "b": Literal('é "q"\n\t', lang="it")}, {"a": BNode("b1"), "b": None},
            {"a": None, "b": None}, {"a": Literal(1.5), "b": Literal("plain")}]
    expected = {"head": {"vars": ["a", "b"]}, "results": {"bindings": [
        {"a": {"type": "uri", "value": "urn:x"}, "b": {"type": "literal", "value": 'é "q"\n\t', "xml:lang": "it"}},
        {"a": {"type": "bnode", "value": "b1"}}, {},
        {"a": {"type": "literal", "value": "1.5", "datatype": str(XSD.double)}, "b": {"type": "literal", "value": "plain"}},
    ]}}
    text = format_result(QueryResult(vars=("a", "b"), rows=rows), format="json")
    assert text == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_empty_results_in_every_format():
    empty = QueryResult(vars=("a", "b"))
    assert json.loads(format_result(empty, format="json")) == {"head": {"vars": ["a", "b"]},
                                                               "results": {"bindings": []}}
    assert format_result(empty, format="csv") == "a,b\r\n"
    assert format_result(empty, format="table").splitlines()[-1] == "(0 rows)"


# ------------------------------------------------------------------ time limits and Ctrl-C


@pytest.fixture(params=["store", "file"])
def slow_source(request, big_store, tmp_path) -> str:
    """Where CROSS5 takes hours: the store (pyoxigraph) or a Turtle file (rdflib)."""
    if request.param == "store":
        return big_store
    path = str(tmp_path / "big.ttl")
    _graph(30).serialize(path, format="turtle")
    return path


@pytest.mark.server
def test_kg_query_timeout(slow_source):
    source = slow_source
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kg", "query", source, CROSS5, "--timeout", "1"],
                          capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1 and proc.stderr.startswith("error: the query was stopped after 1 s"), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert elapsed < 15  # interpreter start-up, imports and the limit itself


@pytest.mark.server
def test_ctrl_c_stops_a_long_query_within_a_second(slow_source):
    source = slow_source
    process = subprocess.Popen([sys.executable, "-u", "-c",
                                "import sys; from kg.cli import main; print('ready', flush=True); "
                                "sys.exit(main(sys.argv[1:]))", "query", source, CROSS5],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        time.sleep(3)  # the query is running by now
        assert process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        stopped = time.monotonic() - sent
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 130 and "error: interrupted" in process.stderr.read()
    assert stopped < 1.0


# ------------------------------------------------------------------ kg serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, sparql: str, accept: str = "application/sparql-results+json") -> tuple[int, bytes, float, str]:
    started = time.monotonic()
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), time.monotonic() - started, response.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), time.monotonic() - started, exc.headers["Content-Type"]


@pytest.mark.server
def test_kg_serve_bounds_time_and_rows_with_error_statuses(big_store):
    from kg.serve import start_server

    with start_server(big_store, port=_free_port(), timeout=2, max_rows=1000) as server:
        # a streaming SELECT * that would send a million rows: an error status, not a truncated 200
        status, body, elapsed, _ = _get(server.query_url, CROSS3)
        assert status == 500 and b"more than 1000 rows" in body and elapsed < 10
        # an answer that is still being computed when the time is up
        status, body, elapsed, _ = _get(server.query_url, CROSS5)
        assert status == 503 and b"stopped after 2 s" in body and elapsed < 10
        # the server answers the next query, whole, in the format asked for
        status, body, _, ctype = _get(server.query_url, CROSS3 + " LIMIT 1000")
        assert status == 200 and ctype.startswith("application/sparql-results+json")
        assert len(json.loads(body)["results"]["bindings"]) == 1000
        status, body, _, ctype = _get(server.query_url, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", "text/csv")
        assert status == 200 and ctype.startswith("text/csv") and len(body.decode().splitlines()) == 4
        status, body, _, ctype = _get(server.query_url, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
        assert status == 200 and ctype.startswith("text/turtle") and len(Graph().parse(data=body, format="turtle")) == 100
        status, body, _, _ = _get(server.query_url, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
        status, body, _, _ = _get(server.query_url, "SELECT ?s WHERE { ?s ?p ?o }", "image/png")
        assert status == 406
    # a SELECT * that streams 10^8 rows as fast as it can: stopped by the time limit, never a 200
    with start_server(big_store, port=_free_port(), timeout=1, max_rows=3_000_000) as server:
        status, body, elapsed, _ = _get(server.query_url, CROSS3.replace("}", ". ?j ?k ?l }"))
        assert status == 503 and b"stopped after 1 s" in body and elapsed < 10


@pytest.mark.server
def test_kg_serve_graph_store_passes_through(big_store):
    from kg.serve import start_server

    with start_server(big_store, port=_free_port()) as server:
        url = server.store_url + "?" + urllib.parse.urlencode({"graph": "https://w3id.org/newskg/doc/cccccccccccccccc"})
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/n-triples"}),
                                    timeout=60) as response:
            assert len(Graph().parse(data=response.read(), format="nt")) == 100
        with urllib.request.urlopen(server.url + "/", timeout=60) as response:
            assert b"<html" in response.read().lower()


# ------------------------------------------------------------------ long documents


def test_windows_keep_offsets_exact(monkeypatch):
    import kg.windows
    from kg.api import extract_text

    text = (ROOT / "examples" / "000_4f1d2f5fb92fcf2d.txt").read_text(encoding="utf-8")
    whole = extract_text(text)
    monkeypatch.setattr(kg.windows, "WINDOW_CHARS", 1200)
    parts = extract_text(text)
    body = parts.document.text
    assert len(kg.windows.split_windows(body)) >= 3
    assert parts.document == whole.document
    assert all(body[m.start:m.end] == m.text for m in parts.mentions)
    for fact in parts.facts:
        for span in (fact.subject, fact.object, fact.amount):
            if span is not None:
                assert body[span.start:span.end] == span.text
        assert 0 <= fact.evidence_start < fact.evidence_end <= len(body)
    # the encoder's features depend on a token's context, which a window cuts: the names found may differ
    # near a window's edge, but nearly all of them are found in both, at the same offsets
    windowed = {(m.start, m.end, m.text) for m in parts.mentions}
    single = {(m.start, m.end, m.text) for m in whole.mentions}
    assert len(windowed & single) >= 0.9 * len(single)


@pytest.mark.parametrize("text, size", [("a" * 50, 10), ("Uno. Due. Tre. Quattro.", 9), ("x\n\ny\n\nz", 3),
                                         ("", 5), ("parola " * 40, 25)])
def test_windows_cover_the_text_in_order(text, size):
    from kg.windows import split_windows

    spans = split_windows(text, size)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b <= a + size for a, b in spans if text) and all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))


@pytest.mark.slow
def test_a_text_longer_than_spacy_max_length_builds(tmp_path):
    """spaCy refuses texts over 1,000,000 characters; kg parses them in windows (a few minutes)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_long_document import make_text

    import kg
    from kg.rdf import graph_info

    path = tmp_path / "long.txt"
    path.write_text(make_text(1.05), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > 1_000_000
    graph = kg.build([path])
    info = graph_info(graph)
    assert info["documents"] == 1 and info["statements"] > 1000


# ------------------------------------------------------------------ determinism and structure

DETERMINISM = """
import sys
from rdflib import Dataset
sys.path.insert(0, {tests!r})
from test_query import SEED_TRIG
from kg.rdf import serialize
dataset = Dataset(default_union=True)
dataset.parse(data=SEED_TRIG, format="trig")
sys.stdout.buffer.write(serialize(dataset, format={fmt!r}))
"""


@pytest.mark.parametrize("fmt", ["trig", "json-ld", "xml", "turtle", "nquads", "nt"])
def test_every_format_is_byte_identical_across_hash_seeds(fmt):
    outputs = set()
    for seed in ("0", "1", "2", "3"):
        code = DETERMINISM.format(tests=str(ROOT / "tests"), fmt=fmt)
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_store_does_not_import_the_query_module():
    for name in ("store.py", "terms.py"):
        tree = ast.parse((ROOT / "kg" / name).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert "sparql" not in imported, name
