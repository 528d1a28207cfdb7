"""Tests of kg.serve: a real Oxigraph SPARQL endpoint over a kg store, and kg push.

The server tests start real ``oxigraph`` processes on free loopback ports
(``-m server``); the rest are fast.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from kg.cli import main
from kg.errors import KgError, StoreError
from kg.serve import push, server_command, start_server
from kg.store import Store
from kg.vocab import KG, KGD, KGR, KGS

JSON = "application/sparql-results+json"


def doc_graph(key: str, facts: list[tuple]) -> Graph:
    doc = KGD[key]
    g = Graph(identifier=doc)
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.sourcePath, Literal(f"{key}.txt")))
    g.add((doc, KG.contentHash, Literal(f"sha256:{key}00")))
    for i, (s, p, o) in enumerate(facts):
        for entity in (s, o):
            g.add((entity, RDF.type, KG.Organization))
            g.add((entity, RDFS.label, Literal(str(entity).rsplit("/", 1)[1].title(), lang="en")))
            g.add((entity, KG.mentionedIn, doc))
        g.add((s, p, o))
        st = KGS[f"{key}{i}"]
        for pred, obj in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, p), (RDF.object, o),
                          (PROV.wasDerivedFrom, doc), (KG.evidence, Literal(f"{s} {p} {o} \"quoted\"", lang="en"))):
            g.add((st, pred, obj))
    return g


ORG = [KGR[f"organization/org{i}"] for i in range(6)]
GRAPHS = {
    KGD["aaaaaaaaaaaaaaaa"]: doc_graph("aaaaaaaaaaaaaaaa", [(ORG[0], KG.pays, ORG[1]), (ORG[1], KG.acquires, ORG[2])]),
    KGD["bbbbbbbbbbbbbbbb"]: doc_graph("bbbbbbbbbbbbbbbb", [(ORG[0], KG.pays, ORG[1]), (ORG[3], KG.sues, ORG[4]),
                                                            (ORG[4], KG.partnerOf, ORG[5])]),
}


def make_store(path) -> None:
    dataset = Dataset(default_union=True)
    for iri, g in GRAPHS.items():
        target = dataset.graph(iri)
        for t in g:
            target.add(t)
    with Store.open(path) as store:
        store.add_dataset(dataset)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, sparql: str) -> dict:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": sparql}), headers={"Accept": JSON})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return json.loads(response.read())


# ------------------------------------------------------------------ fast tests


def test_server_command_defaults_are_local_read_only_union():
    cmd = server_command("/s", port=9999)
    assert cmd == ["oxigraph", "serve-read-only", "--location", "/s", "--bind", "127.0.0.1:9999"]
    cmd = server_command("/s", port=1, allow_update=True, timeout=2.5, union_default_graph=True, cors=True)
    assert cmd[1] == "serve" and cmd[-2:] == ["--timeout-s", "3"] and "--cors" in cmd
    assert "--union-default-graph" in cmd
    with pytest.raises(KgError):
        server_command("/s", timeout=0)


def test_read_only_server_needs_a_store(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        start_server(tmp_path / "missing", port=free_port())


def test_push_rejects_non_http_endpoints(tmp_path):
    make_store(tmp_path / "s")
    with pytest.raises(KgError, match="http"):
        push(tmp_path / "s", "file:///etc/passwd")


def test_push_to_a_closed_port_is_a_clean_error(tmp_path):
    make_store(tmp_path / "s")
    with pytest.raises(StoreError, match="cannot reach"):
        push(tmp_path / "s", f"http://127.0.0.1:{free_port()}/store")


# ------------------------------------------------------------------ real servers


@pytest.fixture
def servers():
    """Start servers through this fixture; every one is stopped at the end."""
    started = []

    def start(store_dir, **options):
        server = start_server(store_dir, port=free_port(), **options)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
        assert server.process.poll() is not None


@pytest.fixture
def store_dir(tmp_path):
    make_store(tmp_path / "store")
    return tmp_path / "store"


def test_a_busy_port_is_a_clean_error(store_dir):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(StoreError, match="cannot listen"):
            start_server(store_dir, port=busy.getsockname()[1])


@pytest.mark.server
def test_select_over_http_with_urllib(servers, store_dir):
    server = servers(store_dir)
    assert server.url.startswith("http://127.0.0.1:")
    data = get_json(server.query_url, "PREFIX kg: <https://w3id.org/newskg/ontology#> "
                                      "SELECT ?s ?o WHERE { ?s kg:pays ?o }")
    rows = [(b["s"]["value"], b["o"]["value"]) for b in data["results"]["bindings"]]
    assert rows == [(str(ORG[0]), str(ORG[1]))]  # no GRAPH clause needed
    # POST form, as SPARQL clients send long queries
    body = urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    request = urllib.request.Request(server.query_url, data=body.encode(), headers={
        "Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert json.loads(response.read())["results"]["bindings"][0]["n"]["value"] == "2"


@pytest.mark.server
def test_select_with_sparqlwrapper(servers, store_dir):
    from SPARQLWrapper import JSON as SW_JSON
    from SPARQLWrapper import SPARQLWrapper

    server = servers(store_dir)
    client = SPARQLWrapper(server.query_url)
    client.setQuery("""PREFIX kg: <https://w3id.org/newskg/ontology#>
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(kg:)))
        FILTER(?p IN (kg:pays, kg:acquires, kg:sues, kg:partnerOf)) } GROUP BY ?p ORDER BY ?p""")
    client.setReturnFormat(SW_JSON)
    result = client.query().convert()
    counts = {b["p"]["value"].rsplit("#", 1)[1]: int(b["n"]["value"]) for b in result["results"]["bindings"]}
    # kg:pays is in both document graphs and counted once: the default graph is their merge
    assert counts == {"acquires": 1, "partnerOf": 1, "pays": 1, "sues": 1}


@pytest.mark.server
def test_read_only_server_refuses_updates(servers, store_dir):
    server = servers(store_dir)
    update = urllib.request.Request(server.update_url, data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                    headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(update, timeout=30)
    assert info.value.code == 403
    put = urllib.request.Request(server.store_url + "?graph=urn:g", data=b"<urn:a> <urn:b> <urn:c> .",
                                 method="PUT", headers={"Content-Type": "application/n-triples"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(put, timeout=30)
    assert info.value.code == 403
    assert get_json(server.query_url, "ASK { <urn:a> ?p ?o }")["boolean"] is False


@pytest.mark.server
def test_push_to_a_second_server_and_read_back(servers, store_dir, tmp_path, capsys):
    source = servers(store_dir)  # a read-only server on the source store does not block reading it
    target = servers(tmp_path / "remote", allow_update=True)
    pushed = push(store_dir, target.store_url)
    assert pushed == [str(iri) for iri in sorted(GRAPHS, key=str)]
    for iri, graph in GRAPHS.items():
        url = target.store_url + "?" + urllib.parse.urlencode({"graph": str(iri)})
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            back = Graph().parse(data=response.read().decode("utf-8"), format="nt")
        assert isomorphic(back, graph)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    n_source = get_json(source.query_url, count)["results"]["bindings"][0]["n"]["value"]
    n_target = get_json(target.query_url, count)["results"]["bindings"][0]["n"]["value"]
    assert n_source == n_target == str(sum(len(g) for g in GRAPHS.values()))
    # pushing again replaces the graphs (PUT), it does not duplicate them; same through the CLI
    assert main(["push", str(store_dir), "--endpoint", target.store_url]) == 0
    assert "pushed 2 document graphs" in capsys.readouterr().out
    assert get_json(target.query_url, count)["results"]["bindings"][0]["n"]["value"] == n_target


@pytest.mark.server
def test_push_reports_http_errors(servers, store_dir):
    read_only = servers(store_dir)
    with pytest.raises(StoreError, match="HTTP 403"):
        push(store_dir, read_only.store_url)


@pytest.mark.server
def test_timeout_stops_a_pathological_query(servers, tmp_path):
    many = [KGR[f"organization/big{i}"] for i in range(16)]
    with Store.open(tmp_path / "big") as store:
        store.add_document_graph(KGD["cccccccccccccccc"],
                                 doc_graph("cccccccccccccccc", [(a, KG.partnerOf, b) for a, b in zip(many, many[1:])]))
        size = len(store)
    assert size > 140
    server = servers(tmp_path / "big", timeout=1)
    # a 4-way cross product: size**4 > 4e8 solutions, minutes of work without a timeout
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    url = server.query_url + "?" + urllib.parse.urlencode({"query": sparql})
    start = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": JSON}), timeout=60)
    elapsed = time.monotonic() - start
    # an error status, never a 200 whose body ends with Oxigraph's cancellation message
    assert info.value.code == 503
    assert "stopped after 1 s" in info.value.read().decode("utf-8")
    assert elapsed < 8
    # the server is still up and answers the next query
    assert get_json(server.query_url, "ASK { ?s ?p ?o }")["boolean"] is True


@pytest.mark.server
def test_kg_serve_command_answers_and_stops_its_server_on_sigterm(store_dir):
    import subprocess
    import sys

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store_dir), "--port", str(port),
                                "--timeout", "5"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        # kg serve prints the endpoint once the server answers
        lines = []
        while not any(b"SPARQL endpoint" in line for line in lines):
            lines.append(process.stderr.readline())
            assert lines[-1], b"".join(lines)
        assert b"SPARQL endpoint (read-only): " + url.encode() in b"".join(lines)
        data = get_json(url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert data["results"]["bindings"][0]["n"]["value"] == "2"
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0  # SIGTERM handled: the server was stopped, then kg exited
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        get_json(url, "ASK {}")


@pytest.mark.server
def test_store_without_kg_merge_is_served_as_the_union(servers, tmp_path):
    import pyoxigraph as ox

    from kg.terms import to_oxigraph as _ox_term

    raw = ox.Store(str(tmp_path / "raw"))  # written by another program: named graphs only
    for iri, graph in GRAPHS.items():
        raw.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.NamedNode(str(iri))) for s, p, o in graph])
    raw.flush()
    del raw
    import gc

    gc.collect()
    server = servers(tmp_path / "raw")
    assert "--union-default-graph" in server.process.args
    data = get_json(server.query_url, "PREFIX kg: <https://w3id.org/newskg/ontology#> ASK { ?s kg:sues ?o }")
    assert data["boolean"] is True
