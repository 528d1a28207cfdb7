"""End to end on the seed article with the real pipeline, plus CLI behaviour."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kg.cli import main

PREFIXES = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def ask(graph, body):
    return bool(graph.query(PREFIXES + body).askAnswer)


def test_seed_ceo_of(seed_graph):
    assert ask(seed_graph, 'ASK { ?p rdfs:label "Mark Zuckerberg"@it ; kg:ceoOf ?o . ?o rdfs:label "Meta"@it }')


def test_seed_studies_r1(seed_graph):
    assert ask(seed_graph, """ASK { ?m rdfs:label "Meta"@it ; kg:studies ?r .
        ?r rdfs:label ?l . FILTER(STR(?l) IN ("DeepSeek R1", "R1")) }""")


def test_seed_pays_trump_25_million(seed_graph):
    rows = list(seed_graph.query(PREFIXES + """SELECT ?amount ?cur WHERE {
        ?m rdfs:label "Meta"@it . ?t rdfs:label "Donald Trump"@it .
        ?m kg:pays ?t .
        ?st rdf:subject ?m ; rdf:predicate kg:pays ; rdf:object ?t ; kg:amount ?amount ; kg:currency ?cur }"""))
    assert [(r[0].toPython(), str(r[1])) for r in rows] == [(Decimal(25000000), "USD")]


def test_seed_zuckerberg_is_one_entity(seed_graph):
    rows = list(seed_graph.query(PREFIXES + 'SELECT ?e WHERE { ?e rdfs:label|skos:altLabel ?l . FILTER(STR(?l) IN ("Zuckerberg", "Mark Zuckerberg")) }'))
    assert len({r[0] for r in rows}) == 1


def test_every_relation_has_provenance(seed_graph):
    assert not ask(seed_graph, """ASK { ?s ?p ?o . ?p rdfs:subPropertyOf* ?x .
        FILTER(STRSTARTS(STR(?p), STR(kg:)) && ?p IN (kg:ceoOf, kg:pays, kg:studies, kg:develops, kg:praises, kg:revenue, kg:says))
        FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidence ?e ; kg:startOffset ?b ;
                            kg:endOffset ?f ; kg:confidence ?c ; kg:extractor ?x2 ; kg:extractorVersion ?v } }""")


def _run(args, **kwargs):
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, **kwargs)


def test_turtle_is_byte_identical_across_processes(seed_path, tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    env = dict(os.environ, PYTHONHASHSEED="1")
    assert _run(["build", str(seed_path), "-o", str(a)], env=env).returncode == 0
    env["PYTHONHASHSEED"] = "2"
    assert _run(["build", str(seed_path), "-o", str(b)], env=env).returncode == 0
    assert a.read_bytes() == b.read_bytes()


@pytest.mark.integration
def test_build_offline_gives_the_same_graph(seed_path, tmp_path):
    """Networking disabled with unshare -n (a new, empty network namespace)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-n", "true"]).returncode != 0:
        pytest.skip("unshare -n is not permitted here")
    online, offline = tmp_path / "on.ttl", tmp_path / "off.ttl"
    assert _run(["build", str(seed_path), "-o", str(online)]).returncode == 0
    proc = subprocess.run(["unshare", "-n", sys.executable, "-m", "kg", "build", str(seed_path), "-o", str(offline)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert online.read_bytes() == offline.read_bytes()


# ---------------------------------------------------------------- bad input: one line, non-zero, no file


def _fails(capsys, argv, out: Path | None = None):
    code = main(argv)
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("error: ") and err.count("\n") == 1, err
    if out is not None:
        assert not out.exists()
    return err


def test_missing_file(capsys, tmp_path):
    out = tmp_path / "o.ttl"
    assert "no such file" in _fails(capsys, ["build", str(tmp_path / "none.txt"), "-o", str(out)], out)


def test_not_utf8(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 \xff")
    out = tmp_path / "o.ttl"
    assert "UTF-8" in _fails(capsys, ["build", str(bad), "-o", str(out)], out)


def test_empty_input(capsys, tmp_path):
    empty = tmp_path / "e.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "o.ttl"
    assert "empty" in _fails(capsys, ["build", str(empty), "-o", str(out)], out)


def test_unknown_format(capsys, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Meta paga Trump.", encoding="utf-8")
    out = tmp_path / "o.ttl"
    assert "format" in _fails(capsys, ["build", str(src), "-o", str(out), "--format", "docx"], out)


def test_bad_sparql(capsys, tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    _fails(capsys, ["query", str(graph), "SELECT WHERE {"])


def test_unwritable_output(capsys, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Meta paga Trump.", encoding="utf-8")
    out = tmp_path / "no-such-dir" / "o.ttl"
    _fails(capsys, ["build", str(src), "-o", str(out)], out)


def test_existing_output_survives_a_failed_build(capsys, tmp_path):
    out = tmp_path / "o.ttl"
    out.write_text("keep me", encoding="utf-8")
    _fails(capsys, ["build", str(tmp_path / "none.txt"), "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "keep me"


def test_info_and_query_cli(capsys, seed_path, tmp_path):
    out = tmp_path / "seed.ttl"
    assert main(["build", str(seed_path), "-o", str(out)]) == 0
    assert main(["info", str(out)]) == 0
    assert "ceoOf" in capsys.readouterr().out
    assert main(["query", str(out), "SELECT ?s WHERE { ?s kg:ceoOf ?o }", "--format", "csv"]) == 0
    assert "mark-zuckerberg" in capsys.readouterr().out
