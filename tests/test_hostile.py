"""Text from the web is hostile: it must not break IRIs, files or formats."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kg
from kg.rdf import serialize, union_graph

HOSTILE = (
    'Apple paid "Evil <img src=x onerror=alert(1)> Corp" \\ """ $25 million.\x07\x0b '
    '"We are going to win this fight against them all," said Tim Cook, Apple\'s CEO. '
    "</script><script>alert(1)</script> Robert'); DROP TABLE--, the head of Mega\u202eCorp, "
    "praised <b>Bobby</b> Tables.\n"
)


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return kg.build([path], lang="en")


def test_iris_are_safe(hostile_graph):
    safe = re.compile(r"^https://w3id\.org/newskg/[a-z]+[#/][A-Za-z0-9/\-]+$")
    for term in {t for triple in hostile_graph for t in triple if isinstance(t, URIRef)}:
        if str(term).startswith("https://w3id.org/newskg/"):
            assert safe.match(str(term)), term


@pytest.mark.parametrize("fmt", ["turtle", "nt", "xml", "json-ld", "trig", "nquads"])
def test_every_format_round_trips(hostile_graph, fmt):
    data = serialize(hostile_graph, format=fmt)
    back = Dataset() if fmt in ("trig", "nquads") else Graph()
    back.parse(data=data, format=fmt)
    assert isomorphic(union_graph(back) if isinstance(back, Dataset) else back, hostile_graph)
