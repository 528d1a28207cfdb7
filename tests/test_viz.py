"""Tests of kg.viz: the HTML page as a string, then in headless Chromium (``-m browser``)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

import kg
from kg.cli import main
from kg.errors import KgError
from kg.viz import NotebookPage, render_html, script_json, show, write_html
from kg.vocab import KGR

HERE = Path(__file__).parent
FIXTURE = HERE / "browser" / "fixture_graph.ttl"
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_SENTENCE = "</script><script>alert(1)</script>"
RLO = "\u202e"
FSI, PDF, PDI = "\u2068", "\u202c", "\u2069"

# Two more documents for the fixture: one in March 2025 that corroborates "Meta pays Trump" (its
# evidence carries an unterminated right-to-left override) and states a new relation, one undated.
TIMELINE = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix kgd: <https://w3id.org/newskg/doc/> . @prefix kgs: <https://w3id.org/newskg/stmt/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
kgd:00000000000000b2 a kg:Document ; dcterms:title "Meta e Trump, il secondo accordo"@it ;
    dcterms:date "2025-03-14"^^xsd:date ; dcterms:language "it" ; kg:sourcePath "corpus/marzo.txt" .
kgd:00000000000000b3 a kg:Document ; dcterms:title "Nota senza data"@it ; dcterms:language "it" ;
    kg:sourcePath "corpus/nota.txt" .
<https://w3id.org/newskg/id/organization/meta> kg:mentionedIn kgd:00000000000000b2 , kgd:00000000000000b3 .
<https://w3id.org/newskg/id/person/donald-trump> kg:mentionedIn kgd:00000000000000b2 .
<https://w3id.org/newskg/id/organization/openai> kg:mentionedIn kgd:00000000000000b2 .
<https://w3id.org/newskg/id/organization/deepseek> kg:mentionedIn kgd:00000000000000b2 .
<https://w3id.org/newskg/id/person/david-sacks> kg:mentionedIn kgd:00000000000000b3 .
<https://w3id.org/newskg/id/organization/openai> kg:competitorOf <https://w3id.org/newskg/id/organization/deepseek> .
<https://w3id.org/newskg/id/person/david-sacks> kg:criticizes <https://w3id.org/newskg/id/organization/meta> .
kgs:00000000000000c1 a rdf:Statement ; rdf:subject <https://w3id.org/newskg/id/organization/meta> ; rdf:predicate kg:pays ;
    rdf:object <https://w3id.org/newskg/id/person/donald-trump> ; prov:wasDerivedFrom kgd:00000000000000b2 ;
    kg:evidence "A marzo Meta ha versato a Donald Trump altri 5 milioni \u202e(cifra non confermata)."@it ;
    kg:startOffset 10 ; kg:endOffset 90 ; kg:confidence 0.95 ; kg:extractor "dep.verb" .
kgs:00000000000000c2 a rdf:Statement ; rdf:subject <https://w3id.org/newskg/id/organization/openai> ; rdf:predicate kg:competitorOf ;
    rdf:object <https://w3id.org/newskg/id/organization/deepseek> ; prov:wasDerivedFrom kgd:00000000000000b2 ;
    kg:evidence "OpenAI vede in DeepSeek un concorrente."@it ;
    kg:startOffset 100 ; kg:endOffset 139 ; kg:confidence 0.55 ; kg:extractor "pattern.copula" .
kgs:00000000000000c3 a rdf:Statement ; rdf:subject <https://w3id.org/newskg/id/person/david-sacks> ; rdf:predicate kg:criticizes ;
    rdf:object <https://w3id.org/newskg/id/organization/meta> ; prov:wasDerivedFrom kgd:00000000000000b3 ;
    kg:evidence "David Sacks ha criticato Meta."@it ;
    kg:startOffset 0 ; kg:endOffset 30 ; kg:confidence 0.85 ; kg:extractor "dep.verb" .
"""


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def timeline() -> Graph:
    g = Graph().parse(FIXTURE, format="turtle")
    g.parse(data=TIMELINE, format="turtle")
    return g


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_html(graph)


def _big_graph(n: int) -> Graph:
    """``n`` people in a ring of "criticizes" relations, each with a statement: a page above 1,000 entities."""
    from rdflib import RDF, RDFS, Literal
    from rdflib.namespace import PROV

    from kg.vocab import KG, KGD, KGS

    g = Graph()
    doc = KGD["00000000000000d1"]
    g.add((doc, RDF.type, KG.Document))
    for i in range(n):
        a, b = KGR[f"person/p{i}"], KGR[f"person/p{(i + 1) % n}"]
        g.add((a, RDF.type, KG.Person))
        g.add((a, RDFS.label, Literal(f"P{i}")))
        g.add((a, KG.criticizes, b))
        st = KGS[f"{i:016x}"]
        for p, o in ((RDF.type, RDF.Statement), (RDF.subject, a), (RDF.predicate, KG.criticizes), (RDF.object, b),
                     (PROV.wasDerivedFrom, doc), (KG.evidence, Literal(f"P{i} critica P{(i + 1) % n}.")),
                     (KG.confidence, Literal(0.5))):
            g.add((st, p, o))
    return g


def _data(page: str) -> dict:
    """The page's JSON, with the positional rows turned into dicts."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    data = json.loads(match.group(1))
    fields = data["fields"]

    def rows(kind, items):
        return [dict(zip(fields[kind], row)) for row in items]

    data["docs"] = rows("doc", data["docs"])
    data["nodes"] = rows("node", data["nodes"])
    for node in data["nodes"]:
        node["facts"] = rows("fact", node["facts"])
        for fact in node["facts"]:
            fact["statement"] = dict(zip(fields["statement"], fact["statement"]))
    data["edges"] = rows("edge", data["edges"])
    for edge in data["edges"]:
        edge["statements"] = rows("statement", edge["statements"])
    return data


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
    csp = [dict(attrs)["content"] for t, attrs in tags if t == "meta" and dict(attrs).get("http-equiv")]
    assert csp and "default-src 'none'" in csp[0] and "connect-src 'none'" in csp[0]
    assert "vis.Network" in page  # vis-network itself is inline


def test_hostile_text_appears_only_escaped(graph, page):
    assert HOSTILE_NAME not in page
    assert HOSTILE_SENTENCE not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    # parsed the way a browser tokenises it: three scripts (vis-network, our JSON data, our script),
    # no <img>, no event-handler attribute anywhere
    tags = _start_tags(page)
    assert [t for t, _ in tags].count("script") == 3
    assert "img" not in [t for t, _ in tags]
    assert not [(t, a) for t, attrs in tags for a, _ in attrs if a.startswith("on")]
    # the page's own script never hands data to innerHTML / outerHTML / insertAdjacentHTML / document.write
    script = re.sub(r"//[^\n]*", "", re.findall(r"<script>(.*?)</script>", page, re.S)[-1])  # code, not comments
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", script)
    titled = render_html(graph, title='<script>alert("t")</script> & co')
    assert '<script>alert("t")' not in titled
    assert "<title>&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co</title>" in titled


def test_script_json_cannot_close_the_script():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_nodes_edges_colours_sizes_and_labels(page):
    data = _data(page)
    nodes, edges = data["nodes"], data["edges"]
    assert len(nodes) == 12 and len(edges) == 9
    by_label = {n["label"]: n for n in nodes}
    assert data["vis"]["groups"]["Organization"]["color"] == "#f28e2b"
    assert by_label["Meta"]["cls"] == "Organization" and by_label["Mark Zuckerberg"]["cls"] == "Person"
    assert by_label["Meta"]["size"] == max(n["size"] for n in nodes)  # PageRank
    assert by_label["Mark Zuckerberg"]["aliases"] == ["Zuckerberg"]
    assert by_label["Meta"]["id"] == "organization/meta" and data["entityBase"] == "https://w3id.org/newskg/id/"
    assert [f["text"] for f in by_label["Meta"]["facts"]] == ["48,39 Mld USD"]
    assert "paga 25 M USD" in {e["label"] for e in edges}
    pays = [e for e in edges if e["relation"] == "pays"][0]
    assert nodes[pays["from"]]["label"] == "Meta" and nodes[pays["to"]]["label"] == "Donald Trump"
    [statement] = pays["statements"]
    doc = data["docs"][statement["doc"]]
    assert doc["id"] == "4f1d2f5fb92fcf2d" and doc["date"] == "2025-01" and doc["source"].startswith("examples/")
    assert doc["title"].startswith("Zuckerberg non teme")
    assert statement["confidence"] == 0.8 and data["extractors"][statement["extractor"]] == "dep.verb"
    assert [c["label"] for c in data["classes"]] == ["Persona", "Organizzazione", "Prodotto", "Luogo", "Evento"]
    assert data["relations"][0] == {"relation": "develops", "label": "sviluppa", "count": 3}
    assert data["notice"] == "" and data["months"] == ["2025-01"]


def test_layout_is_computed_in_python_and_physics_is_off(page):
    data = _data(page)
    assert data["vis"]["physics"] is False and data["vis"]["layout"]["improvedLayout"] is False
    points = [(n["x"], n["y"]) for n in data["nodes"]]
    assert all(isinstance(v, int) for p in points for v in p)
    assert len(set(points)) == len(points)  # no two entities drawn on one spot
    assert "document.body.dataset.kgReady" in page and '"afterDrawing"' in page


def test_big_pages_add_labels_and_arrowheads_when_zoomed_in(page):
    assert _data(page)["detailScale"] == 0 and _data(page)["vis"]["edges"]["arrows"]["to"]["enabled"] is True
    big = _data(render_html(_big_graph(1001)))
    assert big["detailScale"] > 0 and big["vis"]["edges"]["arrows"]["to"]["enabled"] is False
    assert big["vis"]["edges"]["smooth"] is False


def test_same_graph_same_bytes(graph):
    shuffled = Graph()
    for triple in sorted(graph, reverse=True):  # another insertion order
        shuffled.add(triple)
    assert render_html(graph) == render_html(shuffled)


def test_evidence_marks_are_the_two_entities(timeline):
    data = _data(render_html(timeline))
    pays = [e for e in data["edges"] if e["relation"] == "pays"][0]
    assert len(pays["statements"]) == 2  # corroborated by two documents
    for s in pays["statements"]:
        s0, s1, o0, o1 = s["marks"]
        assert s["evidence"][s0:s1] == "Meta"
        assert s["evidence"][o0:o1] in ("Donald Trump", "Trump")  # the longest name that occurs
    assert [s["evidence"][s["marks"][2]:s["marks"][3]] for s in pays["statements"]] == ["Donald Trump", "Trump"]
    hostile = [e for e in data["edges"] if e["relation"] == "praises"][0]
    assert hostile["statements"][0]["marks"] == [-1, -1, -1, -1]  # neither name is in the sentence


def test_marks_count_utf16_units_like_javascript():
    from kg.viz import _marks, _name_pattern

    text = "\U0001f600 Meta paga a Trump"  # one astral character: two UTF-16 units
    assert _marks(text, _name_pattern(["Meta"]), _name_pattern(["Trump"])) == [3, 7, 15, 20]
    # a name inside a longer word is not a mention
    assert _marks("Metaverso e Meta", _name_pattern(["Meta"]), None) == [12, 16, -1, -1]


def test_documents_months_and_undated(timeline):
    data = _data(render_html(timeline))
    assert data["months"] == ["2025-01", "2025-02", "2025-03"]  # the empty February is kept
    by_id = {d["id"]: d for d in data["docs"]}
    assert by_id["00000000000000b2"]["month"] == 2 and by_id["00000000000000b2"]["date"] == "2025-03-14"
    assert by_id["00000000000000b3"]["month"] == -1 and by_id["00000000000000b3"]["date"] is None
    assert by_id["00000000000000b3"]["source"] == "corpus/nota.txt"
    assert data["csvHeader"][:8] == ["source", "source_label", "relation", "target", "target_label", "confidence",
                                     "evidence", "document"]


def test_english_labels(graph):
    data = _data(render_html(graph, lang="en"))
    assert "pays 25 M USD" in {e["label"] for e in data["edges"]}
    assert data["classes"][0]["label"] == "Person" and data["ui"]["extractor"] == "Extractor family"


def test_large_graphs_show_the_most_central_nodes(graph):
    data = _data(render_html(graph, max_nodes=3))
    assert len(data["nodes"]) == 3
    assert {n["label"] for n in data["nodes"]} >= {"Meta", "DeepSeek"}  # the two highest PageRanks
    assert all(e["from"] < 3 and e["to"] < 3 for e in data["edges"])
    assert data["notice"].startswith("Sono mostrate le 3 entità più centrali su 12")


def test_bad_arguments(graph):
    with pytest.raises(KgError):
        render_html(graph, max_nodes=0)
    with pytest.raises(KgError):
        render_html(graph, height="1px; background:url(http://x)")
    with pytest.raises(KgError):
        show(graph, height=10)


def test_write_html_accepts_a_dataset(graph, tmp_path):
    ds = Dataset()
    for i, triple in enumerate(sorted(graph)):
        ds.graph(URIRef(f"https://w3id.org/newskg/doc/{i % 2:016d}")).add(triple)
    out = tmp_path / "g.html"
    write_html(ds, out)
    assert len(_data(out.read_text(encoding="utf-8"))["nodes"]) == 12


def test_show_is_a_sandboxed_srcdoc_iframe(graph):
    shown = kg.show(graph, height=500, lang="en")
    assert isinstance(shown, NotebookPage)
    frame = shown._repr_html_()
    tags = _start_tags(frame)
    assert [t for t, _ in tags] == ["iframe"]  # the page is an attribute value, not markup
    attrs = dict(tags[0][1])
    assert attrs["sandbox"] == "allow-scripts allow-downloads"  # no allow-same-origin
    assert "height:500px" in attrs["style"]
    assert attrs["srcdoc"] == shown.html == render_html(graph, lang="en")
    assert HOSTILE_NAME not in frame and html.escape(HOSTILE_NAME) not in frame


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
    # the graph drew every node and edge at once, with physics off, and said when
    assert (result["datasetNodes"], result["datasetEdges"]) == (12, 9)
    assert (result["drawnNodes"], result["drawnEdges"]) == (12, 9)
    assert result["physics"] is False and result["kgReady"] > 0
    assert result["summary"] == "12 di 12 entità · 9 di 9 relazioni · 11 fatti"
    # dragging a node still moves it
    assert abs(result["dragged"]["dx"] - 60) <= 3 and abs(result["dragged"]["dy"] - 40) <= 3
    # legend = class filter: unticking Person hides its 4 nodes
    assert result["legend"][0] == "Persona4"
    assert result["visibleWithoutPerson"] == 8 and result["visibleAfterRecheck"] == 12
    assert result["visibleEdgesWithoutDevelops"] == 6
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
    # the details close; hovering an edge shows its evidence sentence, document and confidence
    assert result["detailsClosed"] is True
    assert result["edgeTooltip"]["hidden"] is False
    assert "Meta paga a Trump 25 milioni" in result["edgeTooltip"]["text"]
    assert "Zuckerberg non teme" in result["edgeTooltip"]["text"] and "0.80" in result["edgeTooltip"]["text"]


@pytest.mark.browser
def test_filters_evidence_overview_and_export_in_headless_chromium(timeline, tmp_path):
    path = tmp_path / "timeline.html"
    write_html(timeline, path)
    result = run_page("research", str(path))
    assert result["requests"] == [] and result["errors"] == [] and result["console"] == []
    assert result["dialogs"] == [] and result["xssFlag"] is False and result["imgElementsAfter"] == 0
    assert result["months"] == ["2025-01", "2025-02", "2025-03"] and result["monthBars"] == 3
    before = {"nodes": 12, "edges": 11, "facts": 14, "totalNodes": 12, "totalEdges": 11}
    assert result["counts"] == before
    # date range narrowed to March 2025: its two facts and the undated document's one remain
    march = result["lastMonth"]
    assert march["counts"] == {**before, "nodes": 5, "edges": 3, "facts": 3}
    assert march["summary"] == "5 di 12 entità · 3 di 11 relazioni · 3 fatti"
    assert march["from"] == march["to"] and "2025" in march["to"] and march["outBars"] == 2
    assert sorted(march["visible"]) == ["David Sacks", "DeepSeek", "Donald Trump", "Meta", "OpenAI"]
    assert result["lastMonthDatedOnly"] == {**before, "nodes": 4, "edges": 2, "facts": 2}
    assert result["allMonths"] == before
    # minimum confidence 0.8: seven facts on four relations and six entities
    assert result["minConfidence"]["counts"] == {**before, "nodes": 6, "edges": 4, "facts": 7}
    assert result["minConfidence"]["value"] == "0.80"
    assert sorted(result["minConfidence"]["edges"]) == ["ceoOf", "criticizes", "develops", "pays"]
    # the corroborated edge: one line per sentence, both entities marked, document title, date, source
    details = result["edgeDetails"]
    assert details["boxHidden"] is False
    assert "2 frasi in 2 documenti" in details["text"]
    first, second = details["lines"]
    assert first["tag"] == "BDI" and second["tag"] == "BDI"
    # the sentence is a balanced bidi isolate (FSI ... PDF PDI): its RLO cannot reorder the text after it
    assert first["evidence"] == f"{FSI}A marzo Meta ha versato a Donald Trump altri 5 milioni {RLO}(cifra non confermata).{PDF}{PDI}"
    assert first["marks"] == [["kg-subject", "Meta"], ["kg-object", "Donald Trump"]]
    assert "Meta e Trump, il secondo accordo · 2025-03-14 · corpus/marzo.txt" in first["meta"]
    assert "Famiglia dell'estrattore: dep.verb" in first["meta"] and "Confidenza 0.95" in first["meta"]
    assert second["marks"] == [["kg-subject", "Meta"], ["kg-object", "Trump"]]
    assert set(details["bidi"]) == {"isolate"}
    assert "<mark" in details["html"] and "<script" not in details["html"]
    # the overview: three inline SVG charts drawn by the page
    overview = result["overview"]
    assert overview["rel"]["svg"] == 1 and overview["rel"]["bars"] == 9  # nine relations with facts
    assert "Meta" in overview["top"]["text"] and overview["top"]["bars"] == 10
    assert overview["docs"]["svg"] == 1 and overview["docs"]["bars"] == 3
    # PNG: a real PNG of the drawing, on white, with the coloured nodes in it
    png = result["png"]
    assert png["name"] == "kg-view.png" and png["signature"] == "PNG"
    assert png["pixels"]["width"] > 500 and png["pixels"]["nonWhite"] > 1000 and png["pixels"]["coloured"] > 500
    # CSV of the visible facts (March and undated): a header and three rows, parsed as CSV
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result["csv"]["text"])))
    assert result["csv"]["name"] == "kg-facts.csv"
    assert sorted((r["source_label"], r["relation"], r["target_label"]) for r in rows) == [
        ("David Sacks", "criticizes", "Meta"), ("Meta", "pays", "Donald Trump"), ("OpenAI", "competitorOf", "DeepSeek")]
    assert {r["date"] for r in rows} == {"2025-03-14", ""}


@pytest.mark.browser
def test_truncated_page_in_headless_chromium(graph, tmp_path):
    path = tmp_path / "page.html"
    write_html(graph, path, max_nodes=4, lang="en")
    result = run_page("load", str(path))
    assert (result["drawnNodes"], result["datasetNodes"]) == (4, 4)
    assert result["notice"].startswith("Showing the 4 most central of 12 entities")
    assert result["requests"] == [] and result["errors"] == [] and result["dialogs"] == []


@pytest.mark.browser
def test_big_page_details_come_with_the_zoom_in_headless_chromium(tmp_path):
    path = tmp_path / "big.html"
    write_html(_big_graph(1001), path)
    result = run_page("detail", str(path))
    assert result["requests"] == [] and result["errors"] == []
    before, after = result["before"], result["after"]
    assert before["detailed"] is False and before["nodeLabels"] == 0 and before["edgeLabels"] == 0
    assert before["arrows"] is False
    assert after["detailed"] is True and after["scale"] >= 0.35
    assert after["nodeLabels"] == 1001 and after["edgeLabels"] == 1001 and after["arrows"] is True


@pytest.mark.browser
def test_notebook_iframe_in_headless_chromium(graph, tmp_path):
    path = tmp_path / "notebook.html"
    path.write_text("<!DOCTYPE html><html><body>" + kg.show(graph)._repr_html_() + "</body></html>", encoding="utf-8")
    result = run_page("frame", str(path))
    assert result["requests"] == [] and result["errors"] == []
    assert result["kgReady"] > 0 and result["inner"]["nodes"] == 12
    assert result["sandbox"] == "allow-scripts allow-downloads"
    assert result["parentReachable"] is False  # the sandbox keeps the page away from the notebook


@pytest.mark.integration
def test_show_in_an_executed_notebook(tmp_path):
    """A real Jupyter kernel runs ``kg.show(graph)``; its output is the sandboxed iframe."""
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' (nbclient, ipykernel)")
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import kg\nfrom rdflib import Graph\n"
                                  f"graph = Graph().parse({str(FIXTURE)!r}, format='turtle')"),
        nbformat.v4.new_code_cell("kg.show(graph, height=420)"),
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    [output] = notebook.cells[1].outputs
    frame = output["data"]["text/html"]
    assert frame.startswith('<iframe sandbox="allow-scripts allow-downloads"') and "height:420px" in frame
    srcdoc = html.unescape(re.search(r'srcdoc="(.*?)"', frame, re.S).group(1))
    assert srcdoc.startswith("<!DOCTYPE html>") and len(_data(srcdoc)["nodes"]) == 12
