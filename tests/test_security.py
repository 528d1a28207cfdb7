"""Security: no outbound requests from SPARQL, a careful kg serve, no look-alike entities.

Every table row is one hostile input and what must happen. The outbound cases
use a real HTTP listener on 127.0.0.1 (``tests/outbound.py``): a query that is
refused must leave it untouched, and the same query with ``--allow-service``
must reach it (so the test can see a request when there is one). The
``kg serve`` cases start real Oxigraph server processes (``-m server``).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import RDF, RDFS, Dataset

from kg.cli import main
from kg.errors import KgError, QueryError
from kg.rdf import to_dataset
from kg.resolve import resolve
from kg.serve import start_server
from kg.sparql import query
from kg.store import Store
from kg.types import Document, Extraction, Fact, Mention
from kg.vocab import KG, KGR

from outbound import Listener

SEED = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix kgr: <https://w3id.org/newskg/id/> .
@prefix kgd: <https://w3id.org/newskg/doc/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kgd:aaaaaaaaaaaaaaaa {
  kgd:aaaaaaaaaaaaaaaa a kg:Document ; kg:sourcePath "a.txt" ; kg:contentHash "sha256:aaaaaaaaaaaaaaaa00" .
  kgr:organization\\/meta a kg:Organization ; rdfs:label "Meta"@it ; kg:mentionedIn kgd:aaaaaaaaaaaaaaaa .
  kgr:person\\/donald-trump a kg:Person ; rdfs:label "Donald Trump"@it ; kg:mentionedIn kgd:aaaaaaaaaaaaaaaa .
  kgr:organization\\/meta kg:pays kgr:person\\/donald-trump .
}
"""

# (case, query; {url} is the listener, refused?)
SERVICE_CASES = [
    ("plain", "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }", True),
    ("lower case", "select * where { service <{url}> { ?s ?p ?o } }", True),
    ("silent", "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }", True),
    ("nested sub-query", "SELECT ?s WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }", True),
    ("optional", "SELECT * WHERE { ?a kg:pays ?b OPTIONAL { SERVICE <{url}> { ?a ?p ?o } } }", True),
    ("filter exists", "SELECT * WHERE { ?a kg:pays ?b FILTER EXISTS { SERVICE <{url}> { ?x ?y ?z } } }", True),
    ("union", "SELECT * WHERE { { ?a kg:pays ?b } UNION { SERVICE <{url}> { ?a ?p ?b } } }", True),
    ("construct", "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }", True),
    ("ask", "ASK { SERVICE <{url}> { ?s ?p ?o } }", True),
    ("unicode escape", "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }", True),
    ("variable endpoint", "SELECT * WHERE { VALUES ?e { <{url}> } SERVICE ?e { ?s ?p ?o } }", True),
    ("comment ended by CR", "SELECT * WHERE { ?a kg:pays ?b # note\r SERVICE <{url}> { ?x ?y ?z } \n }", True),
    ("word in a string", 'SELECT * WHERE { ?a kg:pays ?b FILTER(?b != "SERVICE <{url}> {{ }}") }', False),
    ("word in a long string", "SELECT * WHERE { ?a kg:pays ?b BIND('''a service\nSERVICE <{url}>''' AS ?t) }", False),
    ("word in a comment", "# SERVICE <{url}> { ?s ?p ?o }\nSELECT * WHERE { ?a kg:pays ?b }", False),
    ("variable name", "SELECT ?service WHERE { ?service kg:pays ?b }", False),
    ("prefixed name", "SELECT * WHERE { ?a kg:pays ?b OPTIONAL { ?a kg:service ?x } }", False),
    ("IRI", "SELECT * WHERE { ?a kg:pays ?b OPTIONAL { ?a <http://example.org/SERVICE> ?x } }", False),
]

UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <{url}>",
    "CLEAR ALL",
    "PREFIX ex: <http://example.org/> DROP GRAPH ex:g",
]


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def _dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    dataset.parse(data=SEED, format="trig")
    return dataset


@pytest.fixture(params=["graph", "file", "store"])
def source(request, tmp_path):
    if request.param == "graph":
        return _dataset()
    if request.param == "file":
        path = tmp_path / "seed.trig"
        path.write_text(SEED, encoding="utf-8")
        return str(path)
    with Store.open(tmp_path / "store") as store:
        store.add_dataset(_dataset())
    return str(tmp_path / "store")


def _fill(text: str, url: str) -> str:
    return text.replace("{url}", url).replace("{{", "{").replace("}}", "}") if "{url}" in text else text


# ------------------------------------------------------------------ SERVICE in kg query / kg.query


@pytest.mark.parametrize("case, text, refused", SERVICE_CASES, ids=[c[0] for c in SERVICE_CASES])
def test_service_is_refused_and_never_sent(source, listener, case, text, refused):
    sparql = _fill(text, listener.url)
    if refused:
        with pytest.raises(QueryError, match="SERVICE"):
            query(source, sparql)
    else:
        query(source, sparql)
    time.sleep(0.05)
    assert listener.requests == []


def test_allow_service_does_reach_out(source, listener):
    """The opt-in works, and proves the listener sees a request when one is made."""
    query(source, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", allow_service=True)
    assert len(listener.requests) == 1 and b"SELECT" in listener.requests[0].upper()


def test_cli_refuses_service_with_one_line_and_allows_it_on_request(tmp_path, listener, capsys):
    path = tmp_path / "seed.trig"
    path.write_text(SEED, encoding="utf-8")
    sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    assert main(["query", str(path), sparql]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1 and "--allow-service" in err
    assert listener.requests == []
    assert main(["query", str(path), sparql, "--allow-service"]) == 0
    assert len(listener.requests) == 1


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_not_run_by_kg_query(source, listener, text):
    with pytest.raises(QueryError, match="SPARQL Update"):
        query(source, _fill(text, listener.url))
    assert listener.requests == []


def test_cli_update_message(tmp_path, capsys):
    path = tmp_path / "seed.trig"
    path.write_text(SEED, encoding="utf-8")
    assert main(["query", str(path), "INSERT DATA { <urn:a> <urn:b> <urn:c> }"]) == 1
    err = capsys.readouterr().err
    assert "SPARQL Update" in err and "expected CONSTRUCT" not in err and len(err.strip().splitlines()) == 1


# ------------------------------------------------------------------ kg serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _http(url: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, bytes]:
    headers = {"Accept": "application/sparql-results+json"}
    if content_type:
        headers["Content-Type"] = content_type
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def store_dir(tmp_path):
    with Store.open(tmp_path / "store") as store:
        store.add_dataset(_dataset())
    return tmp_path / "store"


@pytest.mark.server
def test_kg_serve_refuses_service_in_every_form(store_dir, listener):
    prefix = "PREFIX kg: <https://w3id.org/newskg/ontology#> "
    with start_server(store_dir, port=_free_port()) as server:
        for case, text, refused in SERVICE_CASES:
            sparql = prefix + _fill(text, listener.url)
            get = server.query_url + "?" + urllib.parse.urlencode({"query": sparql})
            post_form = urllib.parse.urlencode({"query": sparql}).encode()
            for status, body in (_http(get), _http(server.query_url, post_form, "application/x-www-form-urlencoded"),
                                 _http(server.query_url, sparql.encode(), "application/sparql-query")):
                assert status == (403 if refused else 200), (case, body)
                if refused:
                    assert b"SERVICE" in body and b"--allow-service" in body
        time.sleep(0.05)
        assert listener.requests == []


@pytest.mark.server
def test_kg_serve_allow_service(store_dir, listener):
    with start_server(store_dir, port=_free_port(), allow_service=True) as server:
        sparql = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        status, _ = _http(server.query_url + "?" + urllib.parse.urlencode({"query": sparql}))
    assert status == 200 and len(listener.requests) == 1


@pytest.mark.server
def test_kg_serve_update_cannot_load_or_federate(tmp_path, listener):
    with start_server(tmp_path / "rw", port=_free_port(), allow_update=True) as server:
        for update, expected in ((f"LOAD <{listener.url}>", 403),
                                 (f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}", 403),
                                 ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 204)):
            status, body = _http(server.update_url, update.encode(), "application/sparql-update")
            assert status == expected, body
        status, body = _http(server.query_url + "?" + urllib.parse.urlencode({"query": "ASK { <urn:a> ?p ?o }"}))
        assert json.loads(body)["boolean"] is True
    assert listener.requests == []


# (host, allow_update, allow_remote_update, refused?)
HOSTS = [
    ("127.0.0.1", True, False, False),
    ("localhost", True, False, False),
    ("::1", True, False, False),
    ("0.0.0.0", True, False, True),
    ("::", True, False, True),
    ("0.0.0.0", True, True, False),
    ("0.0.0.0", False, False, False),
]


@pytest.mark.parametrize("host, update, remote, refused", HOSTS)
def test_update_on_a_public_address_needs_a_second_flag(store_dir, host, update, remote, refused, monkeypatch):
    import kg.serve

    def stop(*args):  # the next step would bind the address: stop there, the host check has been passed
        raise KgError("host accepted")

    monkeypatch.setattr(kg.serve, "_check_port_free", stop)
    with pytest.raises(KgError) as info:
        start_server(store_dir, host=host, port=_free_port(), allow_update=update, allow_remote_update=remote)
    assert ("--allow-remote-update" in str(info.value)) is refused
    assert (str(info.value) == "host accepted") is not refused


def _kg_serve(*argv: str) -> subprocess.CompletedProcess:
    """``kg serve`` in a child process that must stop at once (a server that starts is killed after 60 s)."""
    try:
        return subprocess.run([sys.executable, "-m", "kg", "serve", *argv], capture_output=True, text=True,
                              timeout=60)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"kg serve {' '.join(argv)} started a server instead of refusing: {exc.stderr}")


def test_cli_refuses_public_update_in_one_line(store_dir):
    proc = _kg_serve(str(store_dir), "--host", "0.0.0.0", "--port", str(_free_port()), "--allow-update")
    assert proc.returncode == 1 and proc.stderr.startswith("error: ") and "--allow-remote-update" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("port", ["99999", "-1", "0", "http", "65536"])
def test_bad_port_is_one_error_line(store_dir, port):
    proc = _kg_serve(str(store_dir), "--port", port)
    assert proc.returncode == 1 and proc.stderr.startswith("error: ") and "1 to 65535" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.server
@pytest.mark.parametrize("flags, warned", [([], False), (["--host", "0.0.0.0"], True),
                                           (["--host", "0.0.0.0", "--allow-update", "--allow-remote-update"], True)])
def test_kg_serve_warns_on_a_public_address(store_dir, flags, warned):
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(store_dir), "--port", str(port), *flags],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lines = []
        while not any(b"press Ctrl-C" in line for line in lines):
            lines.append(process.stderr.readline())
            assert lines[-1], b"".join(lines)
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = b"".join(lines).decode()
    assert ("warning: 0.0.0.0 is not a loopback address" in text) is warned
    if "--allow-update" in flags:
        assert "read and change the whole store" in text


# ------------------------------------------------------------------ invisible characters in names

INVISIBLE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u200e", "\u200f"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_make_no_second_entity(char):
    text = f"MegaCorp paga Bob. Mega{char}Corp paga Bob."
    document = Document(text=text, source="x")
    fake = f"Mega{char}Corp"
    start = text.index(fake)
    real, twin, bob = Mention(0, 8, "MegaCorp", "Organization"), \
        Mention(start, start + len(fake), fake, "Organization"), Mention(14, 17, "Bob", "Person")
    fact = Fact(subject=twin, predicate="pays", object=bob, evidence_start=start, evidence_end=len(text),
                confidence=0.8, extractor="test")
    extraction = Extraction(document=document, lang="it", pipeline="test", mentions=(real, twin, bob), facts=(fact,))
    entities, statements = resolve([extraction])
    orgs = [e for e in entities if e.cls == "Organization"]
    assert [(e.key, e.label, e.alt_labels) for e in orgs] == [("organization/megacorp", "MegaCorp", ())]
    assert char in statements[0].evidence  # the evidence keeps the text as it was
    graph = to_dataset([(document, "it")], entities, statements)
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert labels == {"MegaCorp", "Bob"}
    assert all(char not in str(s) for s in graph.subjects(RDF.type, None))


@pytest.mark.parametrize("text", ["abc\u202edef", "\u202eabc\u2069\u202c", "a\u2067b\u202ac\u202cd", "\u2069\u202c",
                                  "plain text", "\u2066\u2066\u202b x"])
def test_isolated_text_cannot_reorder_what_follows(text):
    from kg.text import clean_name, isolate

    shown = isolate(text)
    assert clean_name(shown) == clean_name(text)  # only bidi controls added or dropped
    if shown == text:
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        return
    stack = []
    for ch in shown:  # every opener is closed inside, no closer escapes: the isolate is balanced
        if ch in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            stack.append(ch)
        elif ch in "\u202c\u2069":
            assert stack and (stack[-1] in "\u2066\u2067\u2068") == (ch == "\u2069")
            stack.pop()
    assert stack == [] and shown[0] == "\u2068" and shown[-1] == "\u2069"


def test_page_shows_evidence_as_an_isolate():
    from kg.text import isolate
    from kg.viz import render_html

    evidence = "MegaCorp paga \u202eBob."
    document = Document(text=evidence, source="x")
    meta, bob = Mention(0, 8, "MegaCorp", "Organization"), Mention(15, 18, "Bob", "Person")
    fact = Fact(subject=meta, predicate="pays", object=bob, evidence_start=0, evidence_end=len(evidence),
                confidence=0.8, extractor="test")
    entities, statements = resolve([Extraction(document=document, lang="it", pipeline="t", mentions=(meta, bob),
                                               facts=(fact,))])
    graph = to_dataset([(document, "it")], entities, statements)
    assert (KGR["organization/megacorp"], KG.pays, KGR["person/bob"]) in graph
    page = render_html(graph)
    # the page's JSON may write the characters raw or as \\u escapes
    assert json.dumps(isolate(evidence))[1:-1] in page or json.dumps(isolate(evidence), ensure_ascii=False)[1:-1] in page
    assert json.dumps(evidence)[1:-1] + "\"" not in page  # never shown bare
    assert json.dumps(evidence, ensure_ascii=False)[1:-1] + "\"" not in page


def test_file_names_in_error_lines_are_escaped(tmp_path, capsys):
    name = str(tmp_path / "bad\nname\u202e\x07.txt")
    assert main(["build", name, "-o", str(tmp_path / "out.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad\\nname\\u202e\\x07.txt" in err
