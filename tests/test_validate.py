"""kg validate: the shapes accept kg's output and catch each contract break, made by hand."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.cli import main
from kg.ontology import load_ontology, relations
from kg.rdf import document_iri, to_dataset, union_graph
from kg.types import Document, Entity, Quantity, Quote, Statement
from kg.validate import SHAPES_NS, format_report, load_shapes, shapes_path, validate
from kg.vocab import KG, KGR

pytest.importorskip("pyshacl")

ROOT = Path(__file__).resolve().parent.parent
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
KGSH = lambda name: URIRef(SHAPES_NS + name)  # noqa: E731

DOC = Document(text="Ada Rossi, CEO di Acme, dice: «Cresciamo». Acme paga 25 milioni di dollari ad Ada Rossi.",
               source="hand.txt", date="2025-01", title="Acme", url="https://example.org/acme", doc_id="a1")
ADA, ACME, MILANO, WIDGET = "person/ada-rossi", "organization/acme", "place/milano", "product/widget"


def _statement(subject, predicate, obj, **extra) -> Statement:
    return Statement(subject=subject, predicate=predicate, object=obj, document=DOC.key, lang="it",
                     evidence=DOC.text[:42], evidence_start=0, evidence_end=42, confidence=0.8,
                     extractor="hand", **extra)


def base_graph() -> Graph:
    """A small graph as kg writes it: entities, a document, statements with amounts and ranges."""
    usd = Quantity(0, 2, "25 milioni di dollari", Decimal(25000000), "USD")
    entities = [
        Entity(ADA, "Person", "Ada Rossi", "it", ("Rossi",), (DOC.key,)),
        Entity(ACME, "Organization", "Acme", "it", (), (DOC.key,)),
        Entity(MILANO, "Place", "Milano", "it", (), (DOC.key,)),
        Entity(WIDGET, "Product", "Widget", "it", (), (DOC.key,)),
    ]
    statements = [
        _statement(ADA, "ceoOf", ACME),
        _statement(ACME, "pays", ADA, amount=usd),
        _statement(ACME, "pays", usd),
        _statement(ACME, "investsIn", Quantity(0, 2, "tra 400 e 650 milioni di euro", Decimal(400000000), "EUR",
                                               high=Decimal(650000000))),
        _statement(ADA, "says", Quote(0, 2, "Cresciamo")),
        _statement(ACME, "stockChange", Quantity(0, 2, "-3%", Decimal(-3), unit="percent"), modality="future"),
        _statement(ACME, "headquarteredIn", MILANO, date="gennaio"),
        _statement(ACME, "develops", WIDGET),
    ]
    return union_graph(to_dataset([(DOC, "it")], entities, statements))


def _stmt(g: Graph, predicate: str, *, literal: bool | None = None) -> URIRef:
    for node in sorted(g.subjects(RDF.predicate, KG[predicate])):
        obj = g.value(node, RDF.object)
        if literal is None or isinstance(obj, Literal) == literal:
            return node
    raise AssertionError(predicate)


def _set(g: Graph, node, predicate, value) -> None:
    g.remove((node, predicate, None))
    if value is not None:
        g.add((node, predicate, value))


def _shapes_caught(g: Graph) -> set[str]:
    return {v.shape for v in validate(g).violations}


D = document_iri(DOC.key)
E = KGR


def _bad_entity(g):
    bad = E["person/Ada Bad"]
    g.add((bad, RDF.type, KG.Person))
    g.add((bad, RDFS.label, Literal("Ada Bad", lang="it")))
    g.add((bad, KG.mentionedIn, D))


def _bad_document_iri(g):
    other = URIRef("https://w3id.org/newskg/doc/XYZ")
    for p, o in list(g.predicate_objects(D)):
        g.add((other, p, o))


def _mismatched_hash(g):
    _set(g, D, KG.contentHash, Literal("sha256:" + "0" * 64))


def _bad_statement_iri(g):
    node = _stmt(g, "ceoOf")
    bad = URIRef("https://w3id.org/newskg/stmt/NOT-HEX")
    for p, o in list(g.predicate_objects(node)):
        g.add((bad, p, o))


def _news(g, name, value):
    g.add((D, RDF.type, URIRef(SCHEMA + "NewsArticle")))
    g.add((D, URIRef(SCHEMA + name), value))


# shape -> how to break a valid graph so that the shape (and maybe others) reports it
BREAKS = {
    "Entity": _bad_entity,
    "Entity-class": lambda g: g.add((E[ADA], RDF.type, KG.Organization)),
    "Entity-label": lambda g: g.add((E[ADA], RDFS.label, Literal("A. Rossi", lang="it"))),
    "Entity-altLabel": lambda g: g.add((E[ADA], SKOS.altLabel, Literal("Rossi"))),
    "Entity-mentionedIn": lambda g: g.remove((E[WIDGET], KG.mentionedIn, None)),
    "Document": _bad_document_iri,
    "Document-hash": lambda g: _set(g, D, KG.contentHash, Literal("md5:abc")),
    "Document-iri": _mismatched_hash,
    "Document-language": lambda g: _set(g, D, DCTERMS.language, None),
    "Document-date": lambda g: _set(g, D, DCTERMS.date, Literal("gennaio 2025")),
    "Document-sourcePath": lambda g: _set(g, D, KG.sourcePath, None),
    "Document-title": lambda g: g.add((D, DCTERMS.title, Literal("Altro titolo", lang="it"))),
    "Document-url": lambda g: _set(g, D, URIRef(SCHEMA + "url"), Literal("https://example.org/acme")),
    "Statement": _bad_statement_iri,
    "Statement-subject": lambda g: g.add((_stmt(g, "ceoOf"), RDF.subject, E[MILANO])),
    "Statement-predicate": lambda g: _set(g, _stmt(g, "develops"), RDF.predicate, KG.mentionedIn),
    "Statement-object": lambda g: _set(g, _stmt(g, "develops"), RDF.object, None),
    "Statement-derivedFrom": lambda g: _set(g, _stmt(g, "ceoOf"), PROV.wasDerivedFrom, None),
    "Statement-evidence": lambda g: _set(g, _stmt(g, "ceoOf"), KG.evidence, Literal("senza lingua")),
    "Statement-startOffset": lambda g: _set(g, _stmt(g, "ceoOf"), KG.startOffset, Literal(42, datatype=XSD.integer)),
    "Statement-endOffset": lambda g: _set(g, _stmt(g, "ceoOf"), KG.endOffset, Literal("42")),
    "Statement-confidence": lambda g: _set(g, _stmt(g, "ceoOf"), KG.confidence,
                                           Literal("1.5", datatype=XSD.decimal)),
    "Statement-extractor": lambda g: _set(g, _stmt(g, "ceoOf"), KG.extractor, None),
    "Statement-extractorVersion": lambda g: g.add((_stmt(g, "ceoOf"), KG.extractorVersion, Literal("9.9"))),
    "Statement-amount": lambda g: _set(g, _stmt(g, "pays", literal=False), KG.amount, Literal("25 milioni")),
    "Statement-maxAmount": lambda g: _set(g, _stmt(g, "investsIn"), KG.maxAmount,
                                          Literal("650000000", datatype=XSD.integer)),
    "Statement-currency": lambda g: _set(g, _stmt(g, "pays", literal=False), KG.currency, Literal("usd")),
    "Statement-unit": lambda g: g.add((_stmt(g, "stockChange"), KG.unit, Literal("points"))),
    "Statement-modality": lambda g: _set(g, _stmt(g, "stockChange"), KG.modality, Literal("maybe")),
    "Statement-date": lambda g: _set(g, _stmt(g, "headquarteredIn"), KG.date,
                                     Literal("2025-01-05", datatype=XSD.date)),
    "Amount": lambda g: _set(g, _stmt(g, "pays", literal=False), KG.currency, None),
    "Statement-asserted": lambda g: g.remove((E[ADA], KG.ceoOf, E[ACME])),
    "Statement-range": lambda g: _set(g, _stmt(g, "investsIn"), KG.maxAmount,
                                      Literal("100.0", datatype=XSD.decimal)),
    "Relation-statement": lambda g: g.add((E[ADA], KG.memberOf, E[ACME])),
    "Scores": lambda g: g.add((D, KG.degree, Literal(3, datatype=XSD.integer))),
    "Scores-pagerank": lambda g: g.add((E[ADA], KG.pagerank, Literal("alta"))),
    "Scores-betweenness": lambda g: g.add((E[ADA], KG.betweenness, Literal(1.5))),
    "Scores-degree": lambda g: g.add((E[ADA], KG.degree, Literal("3"))),
    "Scores-community": lambda g: g.add((E[ADA], KG.community, Literal(0.5))),
    "schema-name": lambda g: g.add((E[ADA], URIRef(SCHEMA + "name"), Literal("Ada"))),
    "schema-alternateName": lambda g: g.add((E[ADA], URIRef(SCHEMA + "alternateName"), Literal("Ada"))),
    "schema-headline": lambda g: _news(g, "headline", Literal("Acme")),
    "schema-inLanguage": lambda g: _news(g, "inLanguage", Literal("it", lang="it")),
    "schema-datePublished": lambda g: _news(g, "datePublished", Literal("gennaio")),
}

RELATIONS = sorted([*relations(), "mentionedIn"])
SCHEMA_PROPERTIES = ["worksFor", "founder", "parentOrganization", "memberOf", "location", "containedInPlace",
                     "owns", "subjectOf"]


def test_the_hand_made_graph_conforms():
    report = validate(base_graph())
    assert report.conforms and report.results == (), format_report(report)


@pytest.mark.parametrize("shape", sorted(BREAKS))
def test_each_shape_catches_its_hand_broken_graph(shape):
    g = base_graph()
    BREAKS[shape](g)
    assert shape in {s.removeprefix("kgsh:") for s in _shapes_caught(g)}


@pytest.mark.parametrize("name", RELATIONS)
def test_each_relation_has_domain_and_range_shapes_that_catch(name):
    g = base_graph()
    g.add((D, KG[name], Literal(True)))  # a document is no entity; a boolean is no entity, amount or text
    assert {f"kgsh:{name}-domain", f"kgsh:{name}-range"} <= _shapes_caught(g)


@pytest.mark.parametrize("name", SCHEMA_PROPERTIES)
def test_each_schema_org_property_shape_catches(name):
    g = base_graph()
    g.add((D, URIRef(SCHEMA + name), Literal(True)))
    caught = _shapes_caught(g)
    assert f"kgsh:schema-{name}-range" in caught
    assert name == "subjectOf" or f"kgsh:schema-{name}-domain" in caught


def test_every_shape_has_a_hand_broken_case():
    shapes = Graph().parse(shapes_path())
    targets = [URIRef(SH + t) for t in ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")]
    named = {str(s)[len(SHAPES_NS):] for t in targets for s in shapes.subjects(t, None)
             if str(s).startswith(SHAPES_NS)}
    covered = set(BREAKS) | {f"{r}-{end}" for r in RELATIONS for end in ("domain", "range")} \
        | {f"schema-{p}-{end}" for p in SCHEMA_PROPERTIES for end in ("domain", "range")}
    assert named - covered == set()
    assert set(BREAKS) <= named


def _accepted(shapes: Graph, shape: URIRef) -> set[str]:
    """Names of what a domain or range shape accepts: kg classes and datatypes."""
    out: set[str] = set()
    for cls in shapes.objects(shape, URIRef(SH + "class")):
        out.add(str(cls).rsplit("#", 1)[-1])
    for dt in shapes.objects(shape, URIRef(SH + "datatype")):
        out.add(str(dt).rsplit("#", 1)[-1])
    for group in shapes.objects(shape, URIRef(SH + "node")):
        out |= _accepted(shapes, group)
    for members in shapes.objects(shape, URIRef(SH + "or")):
        for member in shapes.items(members):
            out |= _accepted(shapes, member)
    return out


@pytest.mark.parametrize("name", sorted(relations()))
def test_domain_and_range_shapes_say_what_the_ontology_says(name):
    onto, shapes = load_ontology(), Graph().parse(shapes_path())
    rel = relations()[name]
    assert _accepted(shapes, KGSH(f"{name}-domain")) == set(rel.domain)
    datatypes = {str(t).rsplit("#", 1)[-1] for p in (RDFS.range, URIRef(SCHEMA + "rangeIncludes"))
                 for t in onto.objects(KG[name], p) if str(t).startswith((str(XSD), str(RDF)))}
    assert _accepted(shapes, KGSH(f"{name}-range")) == set(rel.range) | datatypes


def test_statement_predicates_are_the_ontology_relations():
    shapes = Graph().parse(shapes_path())
    listed = {str(p).rsplit("#", 1)[-1] for p in shapes.items(shapes.value(KGSH("Statement-predicate"),
                                                                          URIRef(SH + "in")))}
    targets = {str(p).rsplit("#", 1)[-1] for p in shapes.objects(KGSH("Relation-statement"),
                                                                 URIRef(SH + "targetSubjectsOf"))}
    assert listed == targets == set(relations())


def test_shapes_and_ontology_files_ship_identical_in_the_package():
    for name in ("kg.ttl", "kg-shapes.ttl"):
        assert (ROOT / "ontologies" / name).read_bytes() == (ROOT / "kg" / "ontology" / name).read_bytes(), name


def test_seed_output_conforms(seed_graph):
    report = validate(seed_graph)
    assert report.conforms and report.results == (), format_report(report)


def test_ill_typed_dates_are_caught():
    g = base_graph()
    _set(g, D, DCTERMS.date, Literal("2025", datatype=XSD.date))  # a year is xsd:gYear, not xsd:date
    assert "kgsh:Document-date" in _shapes_caught(g)
    for lexical, datatype in (("2025", XSD.gYear), ("2025-01", XSD.gYearMonth), ("2025-01-31", XSD.date)):
        _set(g, D, DCTERMS.date, Literal(lexical, datatype=datatype))
        assert validate(g).conforms, lexical


def test_report_groups_results_by_shape(tmp_path):
    g = base_graph()
    BREAKS["Statement-confidence"](g)
    BREAKS["Entity-label"](g)
    report = validate(g)
    assert not report.conforms
    assert list(report.by_shape()) == ["kgsh:Entity-label", "kgsh:Statement-confidence"]
    text = format_report(report)
    assert text.splitlines()[0] == "kgsh:Entity-label: 1 violation"
    assert "kgr:person/ada-rossi rdfs:label: an entity has exactly one rdfs:label per language" in text
    assert 'kg:confidence = "1.5"^^xsd:decimal: a statement has exactly one kg:confidence' in text
    assert text.splitlines()[-1].startswith("does not conform: 2 violations (")


def test_cli_exit_status_and_extra_shapes(tmp_path, capsys):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.nt"
    base_graph().serialize(good, format="turtle")
    g = base_graph()
    BREAKS["Statement-currency"](g)
    g.serialize(bad, format="nt", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out.startswith("conforms (")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert 'kgsh:Statement-currency: 1 violation' in out and 'kg:currency = "usd"' in out
    extra = tmp_path / "mine.ttl"
    extra.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/newskg/ontology#> .
<urn:my#titled> a sh:NodeShape ; sh:targetClass kg:Document ;
    sh:property [ sh:path <http://purl.org/dc/terms/title> ; sh:minCount 2 ; sh:severity sh:Warning ] .
<urn:my#noWidgets> a sh:NodeShape ; sh:targetClass kg:Product ; sh:not [ sh:class kg:Product ] ;
    sh:message "no products here" .
""", encoding="utf-8")
    assert main(["validate", str(good), "--shapes", str(extra)]) == 1
    out = capsys.readouterr().out
    assert "<urn:my#noWidgets>: 1 violation\n  kgr:product/widget: no products here" in out
    assert "[ ] (path dcterms:title): 1 warning" in out
    assert "does not conform: 1 violation, 1 warning or info" in out


@pytest.mark.parametrize("args, message", [
    (["missing.ttl"], "missing.ttl: no such file"),
    (["GOOD", "--shapes", "nope.ttl"], "nope.ttl: no such file"),
    (["GOOD", "--shapes", "BROKEN"], "cannot parse as turtle"),
])
def test_cli_errors_are_one_line(tmp_path, capsys, args, message):
    good, broken = tmp_path / "good.ttl", tmp_path / "broken.ttl"
    base_graph().serialize(good, format="turtle")
    broken.write_text("this is not turtle", encoding="utf-8")
    args = [str(good) if a == "GOOD" else str(broken) if a == "BROKEN" else str(tmp_path / a) if a.endswith(".ttl")
            else a for a in args]
    assert main(["validate", *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_validate_a_store_and_a_dataset(tmp_path):
    from kg.store import Store

    dataset = to_dataset([(DOC, "it")], [Entity(ADA, "Person", "Ada Rossi", "it", (), (DOC.key,))], [])
    with Store.open(tmp_path / "store") as store:
        store.add_dataset(dataset)
    assert validate(dataset).conforms
    assert validate(tmp_path / "store").conforms
    assert main(["validate", str(tmp_path / "store")]) == 0
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x").write_text("x", encoding="utf-8")
    with pytest.raises(Exception, match="not a kg store"):
        validate(tmp_path / "plain")


def test_load_shapes_adds_extra_files(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert len(load_shapes([extra])) == len(load_shapes()) + 1


@pytest.mark.slow
def test_a_200_document_corpus_conforms(tmp_path):
    from newsgen import write_jsonl

    from kg.corpus import build_corpus

    corpus = write_jsonl(tmp_path / "corpus.jsonl", 200)
    out = tmp_path / "corpus.ttl"
    report = build_corpus([corpus], output=out, progress=False, schema_org=True)
    assert report.documents == 200
    started = time.perf_counter()
    result = validate(out)
    seconds = time.perf_counter() - started
    assert result.conforms and result.results == (), format_report(result)
    assert result.triples > 15000
    assert seconds < 30, f"validation took {seconds:.1f} s"
