"""Tests of the gold-set scorer (kg/evaluate.py) and of the gold files themselves.

The unit under test is the scorer, so the system side is a hand-made rdflib
graph that follows the output contract in docs/ARCHITECTURE.md, handed to
``evaluate`` through its ``build`` argument.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef, XSD

from kg.errors import InputError
from kg.evaluate import (
    evaluate,
    format_report,
    load_gold,
    names_match,
    normalize_name,
    numbers_match,
    parse_quantity,
    quote_overlap,
    relation_names,
    snake_case,
)
from kg.vocab import KG, KGD, KGR, KGS

GOLD_DIR = Path(__file__).parent / "data" / "gold"
DOC = KGD["0123456789abcdef"]


# ---------------------------------------------------------------- helpers


class FakeGraph:
    """Build a graph the way kg.rdf writes one (entities, asserted triples, statements)."""

    def __init__(self) -> None:
        self.g = Graph()
        self.n = 0

    def entity(self, key: str, cls: str, label: str, *alts: str) -> URIRef:
        iri = KGR[key]
        self.g.add((iri, RDF.type, KG[cls]))
        self.g.add((iri, RDFS.label, Literal(label, lang="it")))
        for alt in alts:
            self.g.add((iri, SKOS.altLabel, Literal(alt, lang="it")))
        self.g.add((iri, KG.mentionedIn, DOC))
        return iri

    def fact(self, s: URIRef, rel: str, o, *, evidence: str = "una frase", amount: str | None = None) -> None:
        p = KG[rel]
        self.g.add((s, p, o))
        self.n += 1
        st = KGS[f"st{self.n}"]
        self.g.add((st, RDF.type, RDF.Statement))
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, p))
        self.g.add((st, RDF.object, o))
        self.g.add((st, KG.evidence, Literal(evidence, lang="it")))
        if amount is not None:
            self.g.add((st, KG.amount, Literal(amount, datatype=XSD.decimal)))
            self.g.add((st, KG.currency, Literal("USD")))


def number(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def write_gold(folder: Path, name: str, text: str, entities: list, triples: list) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.gold.json").write_text(
        json.dumps({"entities": entities, "triples": triples}, ensure_ascii=False), encoding="utf-8"
    )


def ent(id: str, label: str, type: str, *aliases: str) -> dict:
    return {"id": id, "label": label, "type": type, "aliases": list(aliases)}


def tri(s: str, p: str, o, evidence: str = "") -> dict:
    return {"s": s, "p": p, "o": o, "evidence": evidence}


TEXT = (
    "Mark Zuckerberg, CEO di Meta, ha detto che è “la cosa giusta da fare adesso”. "
    "Meta paga a Trump 25 milioni di dollari. Meta: 48,39 miliardi di dollari di ricavi. "
    "Crollo delle azioni di Nvidia del 17%. Meta e OpenAI sono partner."
)
ENTITIES = [
    ent("zuck", "Mark Zuckerberg", "Person", "Zuckerberg"),
    ent("meta", "Meta", "Organization"),
    ent("trump", "Donald Trump", "Person", "Trump"),
    ent("nvidia", "Nvidia", "Organization"),
    ent("openai", "OpenAI", "Organization"),
]


def run(tmp_path: Path, graph: Graph, triples: list, *, entities=ENTITIES, relaxed=False, name="it_doc"):
    write_gold(tmp_path, name, TEXT, entities, triples)
    return evaluate(tmp_path, relaxed=relaxed, build=lambda path, lang: graph)


def seed_graph() -> tuple[FakeGraph, dict]:
    fg = FakeGraph()
    e = {
        "zuck": fg.entity("person/mark-zuckerberg", "Person", "Mark Zuckerberg", "Zuckerberg"),
        "meta": fg.entity("organization/meta", "Organization", "Meta"),
        "trump": fg.entity("person/donald-trump", "Person", "Donald Trump"),
        "nvidia": fg.entity("organization/nvidia", "Organization", "Nvidia"),
        "openai": fg.entity("organization/openai", "Organization", "OpenAI"),
    }
    return fg, e


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "lang", "value", "currency", "unit"),
    [
        ("25 milioni di dollari", None, "25000000", "USD", None),
        ("48,39 miliardi", None, "48390000000", None, None),
        ("48,39 miliardi di dollari", "it", "48390000000", "USD", None),
        ("20,8 miliardi", "it", "20800000000", None, None),
        ("$2.6 billion", "en", "2600000000", "USD", None),
        ("€1.2bn", None, "1200000000", "EUR", None),
        ("1.100 milioni di euro", None, "1100000000", "EUR", None),
        ("12.5 miliardi di dollari USA", "it", "12500000000", "USD", None),
        ("1,500", "en", "1500", None, None),
        ("1,5 milioni", None, "1500000", None, None),
        ("1.234.567", None, "1234567", None, None),
        ("1,234,567.5", None, "1234567.5", None, None),
        ("1.234,5", None, "1234.5", None, None),
        ("17%", None, "17", None, "percent"),
        ("-17%", None, "-17", None, "percent"),
        ("+ 2.97%", "it", "2.97", None, "percent"),
        ("3 per cent", "en", "3", None, "percent"),
        ("20 mila euro", None, "20000", "EUR", None),
        ("£40m", None, "40000000", "GBP", None),
        ("US$ 3 million", None, "3000000", "USD", None),
    ],
)
def test_parse_quantity(text, lang, value, currency, unit):
    q = parse_quantity(text, lang=lang)
    assert q.value == Decimal(value)
    assert (q.currency, q.unit) == (currency, unit)


def test_parse_quantity_without_a_number():
    with pytest.raises(ValueError):
        parse_quantity("molti soldi")


def test_numbers_match_within_two_percent():
    assert numbers_match(Decimal(25_000_000), Decimal(25_400_000))
    assert not numbers_match(Decimal(25_000_000), Decimal(25_600_000))
    assert numbers_match(Decimal(0), Decimal(0))
    assert numbers_match(Decimal(-17), Decimal("-0.17"), percent=True)
    assert not numbers_match(Decimal(-17), Decimal("-0.17"))


# ---------------------------------------------------------------- names and quotes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("L'Università di Roma", "universita di roma"),
        ("l’Eliseo", "eliseo"),
        ("Il Sole 24 Ore", "sole 24 ore"),
        ("The Walt Disney Company", "walt disney company"),
        ("Gli Stati Uniti", "stati uniti"),
        ("N.B.A.", "n b a"),
        ("Jean-Claude  Trichet", "jean claude trichet"),
        ("The", "the"),
    ],
)
def test_normalize_name(name, expected):
    assert normalize_name(name) == expected


def test_names_match_strict_and_relaxed():
    assert names_match(["Banca d'Italia"], ["banca d’Italia"])
    assert names_match(["Mark Zuckerberg", "Zuckerberg"], ["Zuckerberg"])
    assert not names_match(["Meta"], ["Meta Platforms"])
    assert names_match(["Meta"], ["Meta Platforms"], relaxed=True)
    assert names_match(["Meta Platforms Inc."], ["Meta"], relaxed=True)
    assert not names_match(["Met"], ["Meta Platforms"], relaxed=True)
    assert not names_match(["Nvidia"], ["Meta"], relaxed=True)


def test_quote_overlap_is_shared_tokens_over_the_longer_quote():
    assert quote_overlap("la cosa giusta", "la cosa giusta") == 1.0
    assert quote_overlap("la cosa giusta da fare", "la cosa giusta") == pytest.approx(3 / 5)
    assert quote_overlap("La cosa, GIUSTA!", "la cosa giusta") == 1.0
    assert quote_overlap("", "x") == 0.0


def test_relation_names_are_the_ontology_in_snake_case():
    names = relation_names()
    assert snake_case("headquarteredIn") == "headquartered_in"
    assert names["ceo_of"] == "ceoOf"
    assert names["net_income"] == "netIncome"
    assert names["stock_change"] == "stockChange"
    for local in names.values():
        KG[local]  # raises for a name that is not in the closed vocabulary


# ---------------------------------------------------------------- scoring


def test_perfect_match(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["zuck"], "ceoOf", e["meta"])
    fg.fact(e["meta"], "pays", e["trump"], amount="25000000")
    fg.fact(e["meta"], "revenue", number("48390000000"))
    fg.fact(e["nvidia"], "stockChange", number("-17"))
    fg.fact(e["zuck"], "says", Literal("la cosa giusta da fare adesso", lang="it"))
    report = run(
        tmp_path,
        fg.g,
        [
            tri("zuck", "ceo_of", "meta"),
            tri("meta", "pays", "trump"),
            tri("meta", "pays", {"literal": "25 milioni di dollari", "datatype": "money"}),
            tri("meta", "revenue", {"literal": "48,39 miliardi di dollari", "datatype": "money"}),
            tri("nvidia", "stock_change", {"literal": "17%", "datatype": "percent", "value": -17}),
            tri("zuck", "says", {"literal": "la cosa giusta da fare adesso", "datatype": "quote"}),
        ],
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (6, 0, 0)
    assert report.overall.f1 == 1.0
    assert (report.entities_found, report.entities_total) == (5, 5)


def test_entity_recall_counts_gold_entities_with_a_matching_label(tmp_path):
    fg = FakeGraph()
    fg.entity("person/zuckerberg", "Person", "Zuckerberg")
    fg.entity("organization/meta-platforms", "Organization", "Meta Platforms")
    strict = run(tmp_path / "a", fg.g, [])
    relaxed = run(tmp_path / "b", fg.g, [], relaxed=True)
    assert (strict.entities_found, strict.entities_total) == (1, 5)
    assert (relaxed.entities_found, relaxed.entities_total) == (2, 5)


def test_wrong_direction_is_a_miss_and_a_false_positive(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["meta"], "ceoOf", e["zuck"], evidence="Mark Zuckerberg, CEO di Meta")
    report = run(tmp_path, fg.g, [tri("zuck", "ceo_of", "meta", "Mark Zuckerberg, CEO di Meta")])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)
    fp = report.false_positives[0]
    assert (fp.subject, fp.relation, fp.object, fp.evidence) == ("Meta", "ceo_of", "Mark Zuckerberg", "Mark Zuckerberg, CEO di Meta")
    miss = report.misses[0]
    assert (miss.subject, miss.relation, miss.object) == ("Mark Zuckerberg", "ceo_of", "Meta")


@pytest.mark.parametrize("rel", ["partner_of", "competitor_of"])
def test_symmetric_relations_match_in_either_direction(tmp_path, rel):
    fg, e = seed_graph()
    fg.fact(e["openai"], relation_names()[rel], e["meta"])
    report = run(tmp_path, fg.g, [tri("meta", rel, "openai")])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)


def test_each_gold_triple_is_matched_once(tmp_path):
    fg, e = seed_graph()
    # two system entities that both carry the gold names: the second fact is a false positive
    other = fg.entity("person/zuckerberg", "Person", "Zuckerberg")
    fg.fact(e["zuck"], "ceoOf", e["meta"])
    fg.fact(other, "ceoOf", e["meta"])
    report = run(tmp_path, fg.g, [tri("zuck", "ceo_of", "meta")])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 0)


def test_each_system_triple_is_matched_once_and_the_matching_is_maximal(tmp_path):
    fg, e = seed_graph()
    # s1 can serve both gold quotes, s2 only the first; gold order and sorted system
    # order make a greedy matcher give s1 to the first quote and leave the second unmatched
    fg.fact(e["zuck"], "says", Literal("alpha beta gamma delta epsilon zeta", lang="it"))
    fg.fact(e["zuck"], "says", Literal("beta alpha gamma delta", lang="it"))
    report = run(
        tmp_path,
        fg.g,
        [
            tri("zuck", "says", {"literal": "alpha beta gamma delta", "datatype": "quote"}),
            tri("zuck", "says", {"literal": "alpha beta gamma delta epsilon zeta eta theta iota", "datatype": "quote"}),
        ],
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 0, 0)


def test_one_system_fact_cannot_serve_two_gold_triples(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["zuck"], "says", Literal("alpha beta gamma delta", lang="it"))
    report = run(
        tmp_path,
        fg.g,
        [
            tri("zuck", "says", {"literal": "alpha beta gamma delta", "datatype": "quote"}),
            tri("zuck", "says", {"literal": "alpha beta gamma delta epsilon", "datatype": "quote"}),
        ],
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 1)


def test_quote_below_half_overlap_does_not_match(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["zuck"], "says", Literal("la cosa giusta", lang="it"))
    report = run(tmp_path, fg.g, [tri("zuck", "says", {"literal": "la cosa giusta da fare adesso e domani", "datatype": "quote"})])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("amount", "matched"),
    [("25000000", True), ("25400000", True), ("30000000", False), (None, False)],
)
def test_literal_amount_on_pays_comes_from_the_statement(tmp_path, amount, matched):
    fg, e = seed_graph()
    fg.fact(e["meta"], "pays", e["trump"], amount=amount)
    report = run(
        tmp_path,
        fg.g,
        [
            tri("meta", "pays", "trump"),
            tri("meta", "pays", {"literal": "25 milioni di dollari", "datatype": "money"}),
        ],
    )
    assert report.by_relation["pays"].tp == (2 if matched else 1)
    assert report.by_relation["pays"].fn == (0 if matched else 1)
    # a wrong amount is an amount fact that no gold triple wants
    assert report.by_relation["pays"].fp == (1 if amount and not matched else 0)


def test_literal_amount_matches_whatever_the_object(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["meta"], "pays", e["nvidia"], amount="25000000")
    report = run(tmp_path, fg.g, [tri("meta", "pays", {"literal": "25 milioni di dollari", "datatype": "money"})])
    # the amount fact matches; the entity triple Meta pays Nvidia is not in the gold
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 0)


def test_revenue_number_and_percent_scale(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["meta"], "revenue", number("48400000000"))
    fg.fact(e["nvidia"], "stockChange", number("-0.17"))
    report = run(
        tmp_path,
        fg.g,
        [
            tri("meta", "revenue", {"literal": "48,39 miliardi di dollari", "datatype": "money"}),
            tri("nvidia", "stock_change", {"literal": "17%", "datatype": "percent", "value": -17}),
        ],
    )
    assert report.overall.tp == 2


def test_stock_change_sign_matters(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["nvidia"], "stockChange", number("17"))
    report = run(tmp_path, fg.g, [tri("nvidia", "stock_change", {"literal": "17%", "datatype": "percent", "value": -17})])
    assert report.overall.tp == 0


def test_relaxed_entity_matching(tmp_path):
    fg = FakeGraph()
    zuck = fg.entity("person/zuckerberg", "Person", "Zuckerberg")
    meta = fg.entity("organization/meta-platforms", "Organization", "Meta Platforms")
    fg.fact(zuck, "ceoOf", meta)
    triples = [tri("zuck", "ceo_of", "meta")]
    assert run(tmp_path / "a", fg.g, triples).overall.tp == 0
    assert run(tmp_path / "b", fg.g, triples, relaxed=True).overall.tp == 1


def test_per_relation_and_per_language_aggregation(tmp_path):
    it, en = seed_graph(), seed_graph()
    it[0].fact(it[1]["zuck"], "ceoOf", it[1]["meta"])
    it[0].fact(it[1]["zuck"], "praises", it[1]["trump"])
    en[0].fact(en[1]["zuck"], "ceoOf", en[1]["meta"])
    en[0].fact(en[1]["meta"], "partnerOf", en[1]["openai"])
    graphs = {"it_a": it[0].g, "en_b": en[0].g}
    write_gold(tmp_path, "it_a", TEXT, ENTITIES, [tri("zuck", "ceo_of", "meta"), tri("meta", "pays", "trump")])
    write_gold(tmp_path, "en_b", TEXT, ENTITIES, [tri("zuck", "ceo_of", "meta")])
    seen = []

    def build(path, lang):
        seen.append((path.name, lang))
        return graphs[path.stem]

    report = evaluate(tmp_path, build=build)
    assert seen == [("en_b.txt", "en"), ("it_a.txt", "it")]
    assert {k: (v.tp, v.fp, v.fn) for k, v in report.by_relation.items()} == {
        "ceo_of": (2, 0, 0),
        "pays": (0, 0, 1),
        "praises": (0, 1, 0),
        "partner_of": (0, 1, 0),
    }
    assert (report.by_lang["it"].tp, report.by_lang["it"].fp, report.by_lang["it"].fn) == (1, 1, 1)
    assert (report.by_lang["en"].tp, report.by_lang["en"].fp, report.by_lang["en"].fn) == (1, 1, 0)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 2, 1)
    assert report.overall.precision == 0.5
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.overall.f1 == pytest.approx(4 / 7)
    only_it = evaluate(tmp_path, lang="it", build=build)
    assert [d.name for d in only_it.documents] == ["it_a"]
    data = report.to_dict()
    assert data["overall"]["tp"] == 2 and len(data["misses"]) == 1 and len(data["false_positives"]) == 2
    json.dumps(data)
    text = format_report(report, show_errors=True)
    assert "ceo_of" in text and "false positives (2):" in text and "[it_a] Meta --pays--> Donald Trump" in text


def test_non_relation_predicates_and_statements_are_ignored(tmp_path):
    fg, e = seed_graph()
    fg.fact(e["zuck"], "ceoOf", e["meta"])
    fg.g.add((e["meta"], KG.pagerank, number("0.5")))
    fg.g.add((e["meta"], KG.mentionedIn, DOC))
    report = run(tmp_path, fg.g, [tri("zuck", "ceo_of", "meta")])
    assert (report.overall.tp, report.overall.fp) == (1, 0)


# ---------------------------------------------------------------- gold files


@pytest.mark.parametrize(
    ("triples", "entities", "message"),
    [
        ([tri("zuck", "ceoOf", "meta")], ENTITIES, "not a relation"),
        ([tri("zuck", "ceo_of", "nobody")], ENTITIES, "unknown object id"),
        ([tri("ghost", "ceo_of", "meta")], ENTITIES, "unknown subject id"),
        ([tri("zuck", "ceo_of", "meta", "una frase che non c'è")], ENTITIES, "evidence not found"),
        ([tri("zuck", "ceo_of", "meta"), tri("zuck", "ceo_of", "meta")], ENTITIES, "duplicate triple"),
        ([tri("meta", "revenue", {"literal": "tanti", "datatype": "money"})], ENTITIES, "no number"),
        ([tri("meta", "revenue", {"literal": "5", "datatype": "euro"})], ENTITIES, "datatype"),
        ([], [ent("x", "X", "Company")], "is not one of"),
    ],
)
def test_invalid_gold_is_refused(tmp_path, triples, entities, message):
    write_gold(tmp_path, "it_bad", TEXT, entities, triples)
    with pytest.raises(InputError, match=message):
        load_gold(tmp_path)


def test_gold_needs_a_language_and_files(tmp_path):
    with pytest.raises(InputError, match="no NAME.gold.json"):
        load_gold(tmp_path)
    write_gold(tmp_path, "xx_doc", TEXT, ENTITIES, [])
    with pytest.raises(InputError, match="unknown language"):
        load_gold(tmp_path)


def test_every_dev_gold_file_is_valid():
    from kg.ontology import relations
    from kg.types import ENTITY_CLASSES

    docs = load_gold(GOLD_DIR)  # checks ids, relation names, classes, literals, evidence in the text
    names = {p.name[: -len(".gold.json")] for p in GOLD_DIR.glob("*.gold.json")}
    texts = {p.stem for p in GOLD_DIR.glob("*.txt")}
    assert names == texts, "every text has a gold file and vice versa"
    assert sum(d.lang == "it" for d in docs) >= 10
    assert sum(d.lang == "en" for d in docs) >= 10
    known = {snake_case(n) for n in relations()}
    sources = (GOLD_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for doc in docs:
        assert doc.name.startswith(f"{doc.lang}_")
        assert doc.triples, doc.name
        assert f"`{doc.name}.txt`" in sources, f"{doc.name} has no line in SOURCES.md"
        words = f" {normalize_name(doc.text)} "
        for e in doc.entities.values():
            assert e.type in ENTITY_CLASSES
            # a place named by a demonym ("a German singer") is labelled with the country, which the
            # text need not spell: its alias ("German") is in the text then
            assert any(f" {normalize_name(n)} " in words for n in e.names), f"{doc.name}: {e.label!r} is not in the text"
        for t in doc.triples:
            assert t.p in known
            assert t.evidence, f"{doc.name}: every gold triple gives its evidence"
        used = {t.s for t in doc.triples} | {t.o for t in doc.triples if isinstance(t.o, str)}
        assert used == set(doc.entities), f"{doc.name}: entities without triples"


# ---------------------------------------------------------------- real pipeline


@pytest.mark.integration
def test_dev_set_with_the_real_pipeline():
    report = evaluate(GOLD_DIR)
    assert len(report.documents) == len(list(GOLD_DIR.glob("*.gold.json")))
    n_gold = sum(len(d.triples) for d in load_gold(GOLD_DIR))
    assert report.overall.tp + report.overall.fn == n_gold
    assert set(report.by_lang) == {"it", "en"}
    for score in (report.overall, *report.by_lang.values()):
        assert 0.0 <= score.precision <= 1.0 and 0.0 <= score.recall <= 1.0 and 0.0 <= score.f1 <= 1.0
    assert report.entities_total > 0
    assert "overall" in format_report(report)


# ---------------------------------------------------------------- command line


def test_cli_eval_reports_bad_gold_as_an_error(tmp_path, capsys):
    from kg.cli import main

    assert main(["eval", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: ")
    write_gold(tmp_path, "it_bad", TEXT, ENTITIES, [tri("zuck", "ceoOf", "meta")])
    assert main(["eval", str(tmp_path), "--json"]) == 1
    assert "'ceoOf' is not a relation" in capsys.readouterr().err


@pytest.mark.integration
def test_cli_eval_json_on_the_english_dev_set(capsys):
    from kg.cli import main

    assert main(["eval", str(GOLD_DIR), "--lang", "en", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["by_lang"]) == {"en"}
    assert data["overall"]["tp"] + data["overall"]["fn"] == sum(
        len(d.triples) for d in load_gold(GOLD_DIR, lang="en")
    )


# ---------------------------------------------------------------- CoNLL04 bench (toy sentence, no CoNLL04 data)


def _conll04_module():
    import importlib.util

    path = Path(__file__).parent.parent / "bench" / "eval_conll04.py"
    spec = importlib.util.spec_from_file_location("eval_conll04", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_conll04_mapping_exclusions_and_one_entity_spans():
    bench = _conll04_module()
    tokens = "Ann Lee , chief of Acme Corp in Dayton , Ohio , lives in Dayton , Ohio .".split()
    sentence = {
        "tokens": tokens,
        "entities": [
            {"type": "Peop", "start": 0, "end": 2},
            {"type": "Org", "start": 5, "end": 7},
            {"type": "Loc", "start": 8, "end": 11},
            {"type": "Loc", "start": 14, "end": 17},
        ],
        "relations": [
            {"type": "Work_For", "head": 0, "tail": 1},
            {"type": "OrgBased_In", "head": 1, "tail": 2},
            {"type": "Live_In", "head": 0, "tail": 3},
        ],
    }
    fg = FakeGraph()
    ann = fg.entity("person/ann-lee", "Person", "Ann Lee")
    acme = fg.entity("organization/acme-corp", "Organization", "Acme Corp")
    dayton = fg.entity("place/dayton", "Place", "Dayton")
    ohio = fg.entity("place/ohio", "Place", "Ohio")
    fg.fact(ann, "ceoOf", acme)  # Work_For accepts ceoOf
    fg.fact(acme, "locatedIn", dayton)  # gold span is "Dayton , Ohio": a miss and a false positive
    fg.fact(dayton, "locatedIn", ohio)  # both parts of one gold span: ignored
    fg.fact(ann, "memberOf", dayton)  # not the excluded Live_In pair, whose tail is "Dayton , Ohio"
    fg.fact(ann, "says", Literal("ciao", lang="en"))  # not a CoNLL04 relation: ignored
    result = bench.score_conll04([sentence], [fg.g])
    assert result["by_relation"]["Work_For"]["tp"] == 1
    assert (result["by_relation"]["OrgBased_In"]["fp"], result["by_relation"]["OrgBased_In"]["fn"]) == (1, 1)
    assert result["excluded_gold"] == {"Live_In": 1, "Kill": 0}
    assert result["ignored_predictions_inside_one_gold_entity"] == 1
    # Ann Lee memberOf Dayton is not the excluded pair (gold span "Dayton , Ohio"): a Work_For false positive
    assert result["by_relation"]["Work_For"]["fp"] == 1
    assert bench.detokenize(tokens[:7]) == "Ann Lee, chief of Acme Corp"
