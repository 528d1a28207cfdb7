"""Tests of kg.viz: the HTML page as a string, then once in headless Chromium (``-m browser``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from kg.cli import main
from kg.errors import KgError
from kg.viz import render_html, script_json, write_html
from kg.vocab import KGR

HERE = Path(__file__).parent
FIXTURE = HERE / "browser" / "fixture_graph.ttl"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_html(graph)


def _config(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-config">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def _dataset(page: str, name: str) -> list[dict]:
    match = re.search(name + r" = new vis\.DataSet\((.*?)\);\n", page, re.S)
    return json.loads(match.group(1))


def _start_tags(page: str) -> list[tuple[str, list]]:
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tags = []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, attrs))

    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def test_page_makes_no_network_request(page):
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    tags = _start_tags(page)
    assert "link" not in [t for t, _ in tags]
    assert not [(t, a) for t, attrs in tags for a, v in attrs if a in ("src", "href") and v]
    assert "default-src 'none'" in page  # Content-Security-Policy: nothing may be fetched
    assert "vis.Network" in page  # vis-network itself is inline


def test_hostile_text_appears_only_escaped(graph, page):
    assert HOSTILE_NAME not in page
    assert HOSTILE_SENTENCE not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    # parsed the way a browser tokenises it: five scripts (pyvis utils, vis-network, pyvis drawGraph,
    # our JSON config, our script), no <img>, no event-handler attribute anywhere
    tags = _start_tags(page)
    assert [t for t, _ in tags].count("script") == 5
    assert "img" not in [t for t, _ in tags]
    assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
    # pyvis's raw-innerHTML tooltip mode (triggered by "href" in a title) is not used
    assert "popup.innerHTML" not in page
    titled = render_html(graph, title='<script>alert("t")</script> & co')
    assert '<script>alert("t")' not in titled
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co</title>" in titled


def test_script_json_cannot_close_the_script():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_nodes_edges_colours_sizes_and_labels(page):
    nodes, edges = _dataset(page, "nodes"), _dataset(page, "edges")
    assert len(nodes) == 12 and len(edges) == 9
    by_label = {n["label"]: n for n in nodes}
    assert by_label["Meta"]["color"] == "#f28e2b" and by_label["Mark Zuckerberg"]["color"] == "#4e79a7"
    assert by_label["Meta"]["size"] == max(n["size"] for n in nodes)  # PageRank
    assert by_label["Mark Zuckerberg"]["kgAliases"] == ["Zuckerberg"]
    assert "title" not in by_label["Meta"]
    assert [f["text"] for f in by_label["Meta"]["kgFacts"]] == ["48,39 Mld USD"]
    assert "paga 25 M USD" in {e["label"] for e in edges}
    pays = [e for e in edges if e["kgRelation"] == "pays"][0]
    assert pays["kgStatements"][0]["document"].endswith("4f1d2f5fb92fcf2d")
    assert pays["kgStatements"][0]["confidence"] == 0.8
    config = _config(page)
    assert [c["label"] for c in config["classes"]] == ["Persona", "Organizzazione", "Prodotto", "Luogo", "Evento"]
    assert config["relations"][0] == {"relation": "develops", "label": "sviluppa", "count": 3}
    assert config["notice"] == ""


def test_physics_stabilises_then_stops(page):
    match = re.search(r"var options = (\{.*?\});\n", page, re.S)
    options = json.loads(match.group(1))
    assert options["physics"]["stabilization"]["enabled"] is True
    assert "network.setOptions({ physics: false })" in page
    assert 'network.once("stabilizationIterationsDone", stopPhysics)' in page


def test_english_labels(graph):
    page = render_html(graph, lang="en")
    assert "pays 25 M USD" in {e["label"] for e in _dataset(page, "edges")}
    assert _config(page)["classes"][0]["label"] == "Person"


def test_large_graphs_show_the_most_central_nodes(graph):
    page = render_html(graph, max_nodes=3)
    nodes = _dataset(page, "nodes")
    assert len(nodes) == 3
    assert {n["label"] for n in nodes} >= {"Meta", "DeepSeek"}  # the two highest PageRanks
    assert all(e["from"] in {n["id"] for n in nodes} for e in _dataset(page, "edges"))
    assert _config(page)["notice"].startswith("Sono mostrate le 3 entità più centrali su 12")


def test_bad_arguments(graph):
    with pytest.raises(KgError):
        render_html(graph, max_nodes=0)
    with pytest.raises(KgError):
        render_html(graph, height="1px; background:url(http://x)")


def test_write_html_accepts_a_dataset(graph, tmp_path):
    ds = Dataset()
    for i, triple in enumerate(sorted(graph)):
        ds.graph(URIRef(f"https://w3id.org/newskg/doc/{i % 2:016d}")).add(triple)
    out = tmp_path / "g.html"
    write_html(ds, out)
    assert len(_dataset(out.read_text(encoding="utf-8"), "nodes")) == 12


def test_cli_viz(tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["viz", str(FIXTURE), "-o", str(out), "--lang", "en", "--title", "Seed"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "<title>Seed</title>" in text and HOSTILE_NAME not in text
    capsys.readouterr()
    assert main(["viz", str(tmp_path / "missing.ttl"), "-o", str(out)]) == 1
    assert capsys.readouterr().err.startswith("error:")


# ---------------------------------------------------------------- headless Chromium

BROWSER_DIR = HERE / "browser"


def _node_ready() -> None:
    """Install playwright-core from the committed lock file the first time."""
    if shutil.which("node") is None:
        pytest.fail("node is not installed: apt-get install -y nodejs npm")
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=BROWSER_DIR, check=True)


def run_page(*args: str, timeout: float = 300) -> dict:
    """Run tests/browser/page.js and return its JSON output."""
    _node_ready()
    proc = subprocess.run(["node", str(BROWSER_DIR / "page.js"), *args], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.browser
def test_page_in_headless_chromium(graph, tmp_path):
    path = tmp_path / "page.html"
    write_html(graph, path)
    result = run_page("check", str(path))
    # nothing reached the network, no script from the data ran, the page raised no error
    assert result["requests"] == []
    assert result["dialogs"] == [] and result["xssFlag"] is False
    assert result["errors"] == [] and result["console"] == []
    assert result["imgElements"] == 0 and result["imgElementsAfter"] == 0
    # the graph drew every node and edge, then physics stopped
    assert (result["datasetNodes"], result["datasetEdges"]) == (12, 9)
    assert (result["drawnNodes"], result["drawnEdges"]) == (12, 9)
    assert result["physicsAfterStabilize"] is False
    # legend = class filter: unticking Person hides its 4 nodes
    assert result["legend"][0] == "Persona4"
    assert result["drawnNodesWithoutPerson"] == 8 and result["drawnNodesAfterRecheck"] == 12
    assert result["drawnEdgesWithoutDevelops"] == 6
    # search by alias selects and focuses the node, and fills the detail panel
    assert result["selectedAfterSearch"] == [str(KGR["person/mark-zuckerberg"])]
    assert "È il caso di Mark Zuckerberg, CEO di Meta" in result["detailsAfterSearch"]
    assert result["searchStatusUnknown"].startswith("Nessuna entità corrisponde")
    # hovering / clicking the hostile node shows its text as text
    assert result["tooltip"]["hidden"] is False
    assert HOSTILE_NAME in result["tooltip"]["text"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in result["tooltip"]["html"]
    assert result["clickedDetails"]["selected"] == [str(KGR["person/img-src-x-onerror-alert-1-0badc0de"])]
    assert HOSTILE_SENTENCE in result["clickedDetails"]["text"]
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in result["clickedDetails"]["html"]
    # hovering an edge shows its evidence sentence, document and confidence
    assert result["edgeTooltip"]["hidden"] is False
    assert "Meta paga a Trump 25 milioni" in result["edgeTooltip"]["text"]
    assert "4f1d2f5fb92fcf2d" in result["edgeTooltip"]["text"] and "0.80" in result["edgeTooltip"]["text"]


@pytest.mark.browser
def test_truncated_page_in_headless_chromium(graph, tmp_path):
    path = tmp_path / "page.html"
    write_html(graph, path, max_nodes=4, lang="en")
    result = run_page("load", str(path))
    assert (result["drawnNodes"], result["datasetNodes"]) == (4, 4)
    assert result["notice"].startswith("Showing the 4 most central of 12 entities")
    assert result["requests"] == [] and result["errors"] == [] and result["dialogs"] == []
