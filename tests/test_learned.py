"""The learned relation scorer (kg.extract.learned), its merge with the rules (kg.extract.merge), its trainer
(kg.training.relscorer) and its command-line switch (--no-model-relations).

All sentences below are made up for these tests.  The encoder (ONNX, kg/models/it_newskg/kg_encoder) loads in
about two seconds, so the tests that need real token vectors run by default; a tiny scorer is built once per
module with :func:`kg.training.relscorer.build` on a dozen invented examples.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import numpy
import pytest

from kg.extract import learned
from kg.extract.learned import (EXTRACTOR, ENV, RelationScorer, admitted, candidate_pairs, enabled, feature_width,
                                load_scorer, pair_features, score_doc)
from kg.extract.merge import merge_facts
from kg.training import relscorer
from kg.types import ENTITY_CLASSES, Fact, Mention, Quantity

GOLD_DIR = Path(__file__).parent / "data" / "gold"
ENCODER_WIDTH = 384  # multilingual-e5-small

# ---------------------------------------------------------------- helpers and fixtures

EXAMPLES = [  # (text, [(id, label, type)], [(s, p, o)]) -- invented companies, people and places
    ("Dana Kerr is the chief executive of Lumenfold.",
     [("dana", "Dana Kerr", "Person"), ("lumenfold", "Lumenfold", "Organization")], [("dana", "ceo_of", "lumenfold")]),
    ("Lumenfold opened a new office in Oslo.",
     [("lumenfold", "Lumenfold", "Organization"), ("oslo", "Oslo", "Place")], [("lumenfold", "located_in", "oslo")]),
    ("Piet Varga runs Quantiva, the robotics maker.",
     [("piet", "Piet Varga", "Person"), ("quantiva", "Quantiva", "Organization")], [("piet", "ceo_of", "quantiva")]),
    ("Quantiva moved its staff to Tallinn.",
     [("quantiva", "Quantiva", "Organization"), ("tallinn", "Tallinn", "Place")],
     [("quantiva", "located_in", "tallinn")]),
    ("Mira Sol met Piet Varga at a dinner.",
     [("mira", "Mira Sol", "Person"), ("piet", "Piet Varga", "Person")], []),
    ("Corvane leads Brightmill, according to Ada Ruiz.",
     [("corvane", "Corvane", "Organization"), ("brightmill", "Brightmill", "Organization"),
      ("ada", "Ada Ruiz", "Person")], []),
]


def _write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def _example_records(copies: int = 2):
    return [{"id": f"t-{i}", "text": text,
             "entities": [{"id": a, "label": b, "type": c, "aliases": []} for a, b, c in ents],
             "triples": [{"s": s, "p": p, "o": o} for s, p, o in triples]}
            for i, (text, ents, triples) in enumerate(EXAMPLES * copies)]


def _with_thresholds(src: Path, dst: Path, thresholds: dict, calibration: dict | None = None) -> Path:
    """A copy of a scorer folder with other thresholds (a new folder: load_scorer caches by path)."""
    shutil.copytree(src, dst)
    meta = json.loads((dst / "meta.json").read_text("utf-8"))
    meta["thresholds"] = thresholds
    if calibration is not None:
        meta["calibration"] = calibration
    (dst / "meta.json").write_text(json.dumps(meta), "utf-8")
    return dst


def _mention(text: str, name: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(start, start + len(name), name, label)


def _sentencized(text: str):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def _fact(subject: Mention, predicate: str, obj, confidence: float, extractor: str) -> Fact:
    return Fact(subject=subject, predicate=predicate, object=obj, evidence_start=0, evidence_end=60,
                confidence=confidence, extractor=extractor)


@pytest.fixture(scope="module")
def built_model(tmp_path_factory):
    """``relscorer.build`` on the invented examples: the folder and the meta it returned (~5 s)."""
    base = tmp_path_factory.mktemp("relscorer")
    data = _write_jsonl(base / "en.jsonl", _example_records())
    out = base / "model"
    meta = relscorer.build(out, data=[data], epochs=40, log=lambda _msg: None)
    return out, meta


@pytest.fixture(scope="module")
def permissive_model(built_model, tmp_path_factory):
    """The built scorer with every threshold at 0: every pair whose best class is not "none" becomes a fact;
    calibration says 0.75 from a score of 0 on, for ceoOf only."""
    src, meta = built_model
    return _with_thresholds(src, tmp_path_factory.mktemp("permissive") / "model",
                            {rel: 0.0 for rel in meta["relations"][1:]}, {"ceoOf": [[0.0, 0.75]]})


# ---------------------------------------------------------------- 1. candidates: the ontology's domain and range


def test_admitted_follows_the_ontology_domain_and_range():
    from kg.ontology import relations

    rels = [r for r in relations().values() if r.kind == "entity"]
    labels = list(ENTITY_CLASSES) + ["Money", "Date", "Quote"]
    for s in labels:
        for o in labels:
            expected = any(s in r.domain and o in r.range for r in rels)
            assert admitted(s, o) is expected, (s, o)
    assert admitted("Person", "Organization")  # ceoOf, employeeOf...
    assert not admitted("Money", "Person") and not admitted("Person", "Money")  # literals are left to the rules
    assert not admitted("Organization", "Date")


def test_admitted_and_candidates_respect_direction(monkeypatch):
    # with ceoOf alone (Person -> Organization), the reverse direction is not a candidate
    monkeypatch.setattr(learned, "_entity_relations",
                        lambda: (("ceoOf", frozenset({"Person"}), frozenset({"Organization"}), False),))
    assert admitted("Person", "Organization")
    assert not admitted("Organization", "Person")
    assert not admitted("Person", "Person")
    spans = [(0, 2, "Person", "Dana Kerr"), (5, 6, "Organization", "Lumenfold"), (8, 9, "Place", "Oslo")]
    assert candidate_pairs(spans) == [(0, 1)]


def test_candidate_pairs_skip_same_name_overlap_and_non_entity_classes():
    spans = [
        (0, 2, "Person", "Dana Kerr"),
        (5, 6, "Organization", "Lumenfold"),
        (7, 8, "Organization", "Lumenfold"),  # the same name again: never paired with the other Lumenfold
        (0, 1, "Person", "Dana"),  # overlaps Dana Kerr
        (9, 11, "Money", "$5 million"),  # not an entity class: the rules' business
    ]
    assert candidate_pairs(spans) == [(0, 1), (0, 2), (1, 0), (1, 3), (2, 0), (2, 3), (3, 1), (3, 2)]


# ---------------------------------------------------------------- 2. pair features


def test_pair_features_shape_parts_and_order():
    rng = numpy.random.default_rng(7)
    width = 8
    vectors = rng.standard_normal((12, width)).astype(numpy.float32)
    subj, obj = (1, 3, "Person"), (6, 7, "Organization")
    x = pair_features(vectors, subj, obj)
    assert x.shape == (feature_width(width),) == (4 * width + 2 * len(ENTITY_CLASSES) + 1 + 5,)
    assert x.dtype == numpy.float32
    hs, ho, between = vectors[1:3].mean(axis=0), vectors[6:7].mean(axis=0), vectors[3:6].mean(axis=0)
    numpy.testing.assert_allclose(x[:width], hs, rtol=1e-6)
    numpy.testing.assert_allclose(x[width:2 * width], ho, rtol=1e-6)
    numpy.testing.assert_allclose(x[2 * width:3 * width], between, rtol=1e-6)
    numpy.testing.assert_allclose(x[3 * width:4 * width], hs * ho, rtol=1e-6)
    classes = x[4 * width:4 * width + 2 * len(ENTITY_CLASSES)]
    assert classes[ENTITY_CLASSES.index("Person")] == 1
    assert classes[len(ENTITY_CLASSES) + ENTITY_CLASSES.index("Organization")] == 1 and classes.sum() == 2
    order_at = 4 * width + 2 * len(ENTITY_CLASSES)
    assert x[order_at] == 1.0  # the subject comes first
    assert list(x[order_at + 1:]) == [0, 1, 0, 0, 0]  # 3 tokens between: the "<= 5" bucket

    swapped = pair_features(vectors, obj, subj)
    assert not numpy.array_equal(x, swapped)
    assert swapped[order_at] == 0.0
    numpy.testing.assert_allclose(swapped[:width], ho, rtol=1e-6)
    numpy.testing.assert_allclose(swapped[2 * width:3 * width], between, rtol=1e-6)  # same tokens between


def test_pair_features_adjacent_and_far_mentions():
    vectors = numpy.ones((40, 4), dtype=numpy.float32)
    adjacent = pair_features(vectors, (0, 2, "Person"), (2, 3, "Organization"))
    assert not adjacent[8:12].any()  # nothing between: zeros
    assert list(adjacent[-5:]) == [1, 0, 0, 0, 0]
    far = pair_features(vectors, (30, 31, "Organization"), (0, 1, "Place"))
    assert list(far[-5:]) == [0, 0, 0, 0, 1]  # 29 tokens between: "> 20"
    assert far[-6] == 0.0  # the object comes first


# ---------------------------------------------------------------- 3. training


def _toy(n: int = 90, d: int = 10, seed: int = 1):
    """Three well separated Gaussian blobs."""
    rng = numpy.random.default_rng(seed)
    y = numpy.arange(n) % 3
    centres = numpy.eye(3, d, dtype=numpy.float32) * 6.0
    x = (centres[y] + rng.standard_normal((n, d))).astype(numpy.float32)
    return x, y


def test_train_is_deterministic():
    x, y = _toy()
    a = relscorer.train(x, y, 3, epochs=5, hidden=16)
    b = relscorer.train(x, y, 3, epochs=5, hidden=16)
    assert set(a) == {"w1", "b1", "w2", "b2", "mean", "scale"} == set(b)
    for key in a:
        assert numpy.array_equal(a[key], b[key]), key
    assert a["w1"].shape == (10, 16) and a["w2"].shape == (16, 3) and a["b2"].shape == (3,)
    assert all(v.dtype == numpy.float32 for v in a.values())
    # and training did something: the weights moved away from a fresh start
    assert not numpy.array_equal(a["b2"], numpy.zeros(3, numpy.float32))


def test_train_learns_a_separable_problem():
    x, y = _toy()
    params = relscorer.train(x, y, 3)  # the defaults build uses: 40 epochs, 256 hidden units
    scorer = RelationScorer(("none", "a", "b"), {}, {}, params)
    probs = scorer.probabilities(x)
    numpy.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)
    assert (probs.argmax(axis=1) == y).mean() >= 0.95
    xt, yt = _toy(seed=2)  # fresh points from the same blobs
    assert (scorer.probabilities(xt).argmax(axis=1) == yt).mean() >= 0.95


# ---------------------------------------------------------------- 4. thresholds and calibration


def _rows(*pairs):
    """Rows of (predicted class, score) over 3 classes, the rest of the mass on the others."""
    out = []
    for k, s in pairs:
        row = numpy.full(3, (1 - s) / 2)
        row[k] = s
        out.append(row)
    return numpy.array(out)


def test_measure_thresholds_and_calibration():
    relations = ["none", "a", "b"]
    # "a": two wrong at 0.55 / 0.58, four right from 0.65 up; "b": two right at 0.96 / 0.97 (too few); gold
    # also has one "a" and one "b" the model called "none"
    probs = _rows((1, 0.55), (1, 0.58), (1, 0.65), (1, 0.75), (1, 0.85), (1, 0.92), (2, 0.96), (2, 0.97),
                  (0, 0.9), (0, 0.9))
    y = numpy.array([0, 2, 1, 1, 1, 1, 2, 2, 1, 2])
    thresholds, calibration, report = relscorer._measure(relations, probs, y, 0.8)
    assert thresholds == {"a": 0.6, "b": 1.01}  # lowest floor with precision >= 0.8 and n >= 3; "b" has n = 2
    assert calibration["a"] == [[0.5, 0.667], [0.6, 1.0], [0.7, 1.0], [0.8, 1.0], [0.9, 1.0]]  # no "a" >= 0.95
    assert calibration["b"] == [[0.5, 1.0], [0.6, 1.0], [0.7, 1.0], [0.8, 1.0], [0.9, 1.0], [0.95, 1.0]]
    assert report["a"] == {"gold": 5, "predicted": 4, "tp": 4}
    assert report["b"] == {"gold": 4, "predicted": 0, "tp": 0}
    assert report["micro"] == {"precision": 1.0, "recall": round(4 / 9, 3), "f1": round(2 * 4 / 9 / (1 + 4 / 9), 3)}

    # a looser bar takes the lowest floor; a stricter one than anything reached gives 1.01
    assert relscorer._measure(relations, probs, y, 0.6)[0]["a"] == 0.5
    assert relscorer._measure(relations, probs, y, 1.0)[0]["a"] == 0.6
    assert relscorer._measure(relations, probs, numpy.zeros(10, int), 0.5)[0] == {"a": 1.01, "b": 1.01}


def test_measure_makes_calibration_monotone():
    relations = ["none", "a"]
    # at >= 0.5: 3 of 4 right (0.75); at >= 0.6: 1 of 2 (0.5); at >= 0.7: 1 of 1
    probs = _rows((1, 0.55), (1, 0.56), (1, 0.65), (1, 0.75))
    y = numpy.array([1, 1, 0, 1])
    _, calibration, _ = relscorer._measure(relations, probs, y, 0.8)
    # the 0.75 measured at the lowest floor is lowered to the 0.5 above it: a higher score never loses confidence
    assert calibration["a"] == [[0.5, 0.5], [0.6, 0.5], [0.7, 1.0]]


def test_scorer_confidence_reads_the_calibration_table():
    scorer = RelationScorer(("none", "a", "b"), {}, {"a": [[0.5, 0.4], [0.7, 0.8], [0.9, 0.95]],
                                                     "*": [[0.5, 0.3]]}, {})
    assert scorer.confidence("a", 0.75) == 0.8  # the last floor at or below the score
    assert scorer.confidence("a", 0.95) == 0.95
    assert scorer.confidence("a", 0.5) == 0.4
    assert scorer.confidence("a", 0.45) == 0.45  # under every floor: the score itself, rounded
    assert scorer.confidence("b", 0.66) == 0.3  # no table of its own: the "*" table
    assert RelationScorer(("none", "a"), {}, {}, {}).confidence("a", 0.123456) == 0.123


# ---------------------------------------------------------------- 5. training examples


def test_load_examples_finds_aliases_verbatim_longer_names_first(tmp_path):
    text = ("Lumenfold Labs hired Dana Kerr; Lumenfold is based in Nordvik, and Kerr sails the Nordvikfjord "
            "near Nordvik Energy.")
    records = [{
        "id": "x-1", "text": text,
        "entities": [
            {"id": "lumenfold", "label": "Lumenfold Labs", "type": "Organization", "aliases": ["Lumenfold"]},
            {"id": "dana", "label": "Dana Kerr", "type": "Person", "aliases": ["Kerr"]},
            {"id": "nordvik", "label": "Nordvik", "type": "Place", "aliases": []},
            {"id": "nordvik-energy", "label": "Nordvik Energy", "type": "Organization", "aliases": []},
        ],
        "triples": [{"s": "dana", "p": "employee_of", "o": "lumenfold"}],
    }]
    path = _write_jsonl(tmp_path / "made_up.jsonl", records)
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")  # a blank line is skipped
    (ex,) = relscorer.load_examples(path, "en")

    def at(name, nth=0):
        m = _mention(text, name, "", nth)
        return (m.start, m.end)

    got = {k: sorted(v) for k, v in ex["mentions"].items()}
    assert got["lumenfold"] == sorted([at("Lumenfold Labs"), at("Lumenfold", 1)])  # the alias not inside the label
    assert got["dana"] == sorted([at("Dana Kerr"), at("Kerr", 1)])
    # "Nordvik" neither inside "Nordvikfjord" (word boundary) nor inside "Nordvik Energy" (the longer name wins)
    assert got["nordvik"] == [at("Nordvik")]
    assert got["nordvik-energy"] == [at("Nordvik Energy")]
    for spans in got.values():
        for s, e in spans:
            assert text[s:e] in {"Lumenfold Labs", "Lumenfold", "Dana Kerr", "Kerr", "Nordvik", "Nordvik Energy"}
    assert ex["types"] == {"lumenfold": "Organization", "dana": "Person", "nordvik": "Place",
                           "nordvik-energy": "Organization"}
    assert ex["lang"] == "en"


def test_load_examples_keeps_explicit_spans_and_an_existing_lang(tmp_path):
    text = "Orla Benn praised Benn Robotics."
    records = [{"id": "x-2", "text": text, "lang": "it",
                "entities": [{"id": "orla", "label": "Orla Benn", "type": "Person", "spans": [[0, 9]]},
                             {"id": "benn", "label": "Benn Robotics", "type": "Organization", "aliases": ["Benn"]}],
                "triples": [{"s": "orla", "p": "praises", "o": "benn"}]}]
    (ex,) = relscorer.load_examples(_write_jsonl(tmp_path / "x.jsonl", records), "en")
    assert ex["mentions"]["orla"] == [(0, 9)]
    # "Benn" inside the explicit span of Orla Benn is not a mention of Benn Robotics
    assert ex["mentions"]["benn"] == [(18, 31)]
    assert ex["lang"] == "it"


def test_load_examples_rejects_an_unknown_entity_type(tmp_path):
    good = {"id": "x-3", "text": "Tova Lind joined Corvane.",
            "entities": [{"id": "tova", "label": "Tova Lind", "type": "Person"},
                         {"id": "corvane", "label": "Corvane", "type": "Organization"}], "triples": []}
    bad = {"id": "x-4", "text": "Corvane paid 5 million euros.",
           "entities": [{"id": "corvane", "label": "Corvane", "type": "Organization"},
                        {"id": "money", "label": "5 million euros", "type": "Money"}], "triples": []}
    path = _write_jsonl(tmp_path / "bad.jsonl", [good, bad])
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: unknown entity type"):
        relscorer.load_examples(path, "en")


@pytest.mark.parametrize("path", sorted(relscorer.RELATIONS_DIR.glob("*.jsonl")), ids=lambda p: p.name)
def test_hand_written_examples_are_valid(path):
    from kg.ontology import relations

    by_name = {r.name: r for r in relations().values() if r.kind == "entity"}
    examples = relscorer.load_examples(path, relscorer.lang_of(path))
    assert len(examples) >= 100
    ids = [ex["id"] for ex in examples]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for ex in examples:
        assert ex["lang"] == relscorer.lang_of(path)
        assert set(ex["mentions"]) == set(ex["types"]), f"{ex['id']}: an entity without a mention"
        for t in ex["triples"]:
            rel = by_name[relscorer._camel(t["p"])]  # KeyError: not an entity relation of the ontology
            assert ex["types"][t["s"]] in rel.domain and ex["types"][t["o"]] in rel.range, (ex["id"], t)


def test_lang_of():
    assert relscorer.lang_of(Path("it.jsonl")) == "it"
    assert relscorer.lang_of(Path("some/dir/crossre_it.jsonl")) == "it"
    assert relscorer.lang_of(Path("en.jsonl")) == "en"
    assert relscorer.lang_of(Path("italy.jsonl")) == "en"


def test_example_pairs_labels_ordered_pairs(tmp_path):
    import spacy

    text = "Dana Kerr, who runs Lumenfold, signed a partnership with Corvane in Oslo."
    records = [{"id": "x-5", "text": text,
                "entities": [{"id": "dana", "label": "Dana Kerr", "type": "Person"},
                             {"id": "lumenfold", "label": "Lumenfold", "type": "Organization"},
                             {"id": "corvane", "label": "Corvane", "type": "Organization"},
                             {"id": "oslo", "label": "Oslo", "type": "Place"}],
                "triples": [{"s": "dana", "p": "ceo_of", "o": "lumenfold"},
                            {"s": "lumenfold", "p": "partner_of", "o": "corvane"}]}]
    (ex,) = relscorer.load_examples(_write_jsonl(tmp_path / "p.jsonl", records), "en")
    doc = spacy.blank("en")(text)
    pairs = relscorer.example_pairs(ex, doc)
    by_text = {(doc[s[0]:s[1]].text, doc[o[0]:o[1]].text): (s[2], o[2], label) for s, o, label in pairs}
    assert by_text[("Dana Kerr", "Lumenfold")] == ("Person", "Organization", "ceoOf")  # snake_case -> camelCase
    assert by_text[("Lumenfold", "Dana Kerr")][2] == "none"  # ceoOf is not symmetric
    assert by_text[("Lumenfold", "Corvane")][2] == "partnerOf"
    assert by_text[("Corvane", "Lumenfold")][2] == "partnerOf"  # partnerOf is symmetric
    assert by_text[("Corvane", "Oslo")][2] == "none"
    # every ordered pair whose classes the ontology admits, once
    cls = {"Dana Kerr": "Person", "Lumenfold": "Organization", "Corvane": "Organization", "Oslo": "Place"}
    expected = {(a, b) for a in cls for b in cls if a != b and admitted(cls[a], cls[b])}
    assert set(by_text) == expected and len(pairs) == len(expected)


# ---------------------------------------------------------------- 6. merge policy

TEXT = "Anna Berg leads Corvane; Quantiva and Lumenfold compete with Brightmill."
A, B = _mention(TEXT, "Anna Berg", "Person"), _mention(TEXT, "Corvane", "Organization")
C, D = _mention(TEXT, "Quantiva", "Organization"), _mention(TEXT, "Lumenfold", "Organization")
E = _mention(TEXT, "Brightmill", "Organization")


def test_merge_keeps_rules_and_drops_model_facts_on_rule_pairs():
    rule = _fact(A, "ceoOf", B, 0.9, "rule.role")
    money = _fact(C, "revenue", Quantity(0, 5, "5 mln", value=5), 0.8, "rule.money")  # a literal: links no pair
    model = [_fact(A, "employeeOf", B, 0.99, EXTRACTOR),  # same direction as the rule: dropped
             _fact(B, "ownerOf", A, 0.99, EXTRACTOR),  # reverse direction, another relation: dropped too
             _fact(C, "competitorOf", D, 0.7, EXTRACTOR)]  # a pair the rules left alone: kept
    merged = merge_facts([rule, money], model)
    assert merged == [rule, money, model[2]]  # rule facts first, in their order, all kept


def test_merge_keeps_one_model_fact_per_pair_the_more_confident():
    low, high = _fact(C, "competitorOf", E, 0.6, EXTRACTOR), _fact(E, "partnerOf", C, 0.8, EXTRACTOR)
    assert merge_facts([], [low, high]) == [high]
    assert merge_facts([], [high, low]) == [high]  # whatever the order
    # a tie keeps the first one seen (score_doc's order is deterministic)
    tie = _fact(E, "partnerOf", C, 0.6, EXTRACTOR)
    assert merge_facts([], [low, tie]) == [low]
    assert merge_facts([], [tie, low]) == [tie]


def test_merge_orders_model_facts_by_position_and_accepts_generators():
    cd, ae, ce = (_fact(C, "partnerOf", D, 0.5, EXTRACTOR), _fact(A, "praises", E, 0.5, EXTRACTOR),
                  _fact(C, "sues", E, 0.5, EXTRACTOR))
    rule = _fact(A, "ceoOf", B, 0.9, "rule.role")
    merged = merge_facts(iter([rule]), iter([ce, cd, ae]))
    assert merged == [rule, ae, cd, ce]  # by the pair's first mention offsets
    assert merge_facts([], []) == []


# ---------------------------------------------------------------- 7. the environment switch and the scorer's files


def test_enabled_follows_the_environment(monkeypatch, tmp_path, built_model):
    folder, _ = built_model
    monkeypatch.setattr(learned, "MODEL_DIR", folder)  # as if the shipped scorer were there
    monkeypatch.delenv(ENV, raising=False)
    assert enabled()  # default: on
    for value in ("on", "ON", "1", "true", ""):
        monkeypatch.setenv(ENV, value)
        assert enabled(), value
    for value in ("off", "OFF", "0", "no", "false"):
        monkeypatch.setenv(ENV, value)
        assert not enabled(), value
    monkeypatch.setenv(ENV, str(folder))
    assert enabled()
    monkeypatch.chdir(tmp_path)
    shutil.copytree(folder, tmp_path / "off")
    monkeypatch.setenv(ENV, "off")
    assert not enabled()  # a keyword, even where a scorer folder of that name exists
    monkeypatch.setenv(ENV, str(tmp_path / "missing"))
    assert not enabled()  # a folder that does not exist
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv(ENV, str(tmp_path / "empty"))
    assert not enabled()  # a folder without meta.json
    monkeypatch.setattr(learned, "MODEL_DIR", tmp_path / "no-shipped-model")
    monkeypatch.setenv(ENV, "on")
    assert not enabled()  # "on" but no shipped files


def test_build_writes_what_load_scorer_reads(built_model, monkeypatch):
    folder, meta = built_model
    assert sorted(p.name for p in folder.iterdir()) == [
        "b1.npy", "b2.npy", "mean.npy", "meta.json", "scale.npy", "w1.npy", "w2.npy"]
    on_disk = json.loads((folder / "meta.json").read_text("utf-8"))
    assert on_disk == json.loads(json.dumps(meta))
    assert meta["relations"] == ["none", "ceoOf", "locatedIn"]
    assert meta["max_path"] is None and meta["languages"] is None  # defaults: every pair, every language
    assert set(meta["thresholds"]) == set(meta["calibration"]) == {"ceoOf", "locatedIn"}
    assert meta["features"] == feature_width(ENCODER_WIDTH)
    # per copy of EXAMPLES: 2 + 2 + 2 + 2 + 2 (Person-Person) + 6 (three entities) ordered pairs, 2 + 2 related
    assert meta["pairs"] == {"none": 24, "ceoOf": 4, "locatedIn": 4}

    scorer = load_scorer(folder)
    assert scorer.relations == tuple(meta["relations"])
    assert scorer.arrays["w1"].shape == (meta["features"], meta["hidden"])
    assert scorer.arrays["w2"].shape == (meta["hidden"], 3)
    probs = scorer.probabilities(numpy.zeros((2, meta["features"]), numpy.float32))
    assert probs.shape == (2, 3)
    numpy.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-5)

    monkeypatch.setenv(ENV, str(folder))  # no path: the folder the environment names
    assert load_scorer().relations == scorer.relations


def test_build_records_the_run_time_settings(tmp_path):
    data = _write_jsonl(tmp_path / "en.jsonl", _example_records())
    meta = relscorer.build(tmp_path / "model", data=[data], epochs=2, folds=2, max_path=3, languages=["it", "en"],
                           log=lambda _msg: None)
    assert meta["max_path"] == 3 and meta["languages"] == ["en", "it"]
    scorer = load_scorer(tmp_path / "model")
    assert scorer.max_path == 3 and scorer.languages == ("en", "it")


def test_score_doc_emits_model_facts(permissive_model):
    text = "Dana Kerr is the chief executive of Lumenfold. Quantiva moved its staff to Tallinn."
    doc = _sentencized(text)
    mentions = [_mention(text, "Dana Kerr", "Person"), _mention(text, "Lumenfold", "Organization"),
                _mention(text, "Quantiva", "Organization"), _mention(text, "Tallinn", "Place")]
    facts = score_doc(doc, mentions, scorer=load_scorer(permissive_model))
    assert facts, "the permissive scorer found nothing"
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    for f in facts:
        assert f.extractor == EXTRACTOR == "model.rel"
        assert 0.0 <= f.confidence <= 1.0
        assert f.subject in mentions and f.object in mentions and f.subject != f.object
        assert (f.evidence_start, f.evidence_end) in sentences
        # never across sentences
        assert f.evidence_start <= f.subject.start and f.object.end <= f.evidence_end
    got = {(f.subject.text, f.predicate, f.object.text): f.confidence for f in facts}
    # the scorer learned (on these very sentences) the two facts, and not their reverse
    assert got[("Dana Kerr", "ceoOf", "Lumenfold")] == 0.75  # from the calibration table
    assert ("Quantiva", "locatedIn", "Tallinn") in got
    assert ("Lumenfold", "ceoOf", "Dana Kerr") not in got


def test_score_doc_respects_thresholds(built_model, tmp_path):
    folder, meta = built_model
    text = "Dana Kerr is the chief executive of Lumenfold."
    doc = _sentencized(text)
    mentions = [_mention(text, "Dana Kerr", "Person"), _mention(text, "Lumenfold", "Organization")]
    strict = load_scorer(_with_thresholds(folder, tmp_path / "strict", {r: 1.01 for r in meta["relations"][1:]}))
    assert score_doc(doc, mentions, scorer=strict) == []
    missing = load_scorer(_with_thresholds(folder, tmp_path / "missing", {}))  # no threshold: never
    assert score_doc(doc, mentions, scorer=missing) == []


def test_score_doc_skips_what_it_cannot_pair(permissive_model, monkeypatch):
    def no_encoding(docs):
        raise AssertionError("encoded a doc without candidate pairs")

    monkeypatch.setattr(learned, "token_vectors", no_encoding)
    scorer = load_scorer(permissive_model)
    text = "Dana Kerr is the chief executive of Lumenfold. It paid $5 million to Quantiva."
    doc = _sentencized(text)
    dana = _mention(text, "Dana Kerr", "Person")
    assert score_doc(doc, [], scorer=scorer) == []
    assert score_doc(doc, [dana], scorer=scorer) == []
    # not an entity class; not on token boundaries; in another sentence; the same name twice
    money = _mention(text, "$5 million", "Money")
    cut = Mention(dana.start + 1, dana.end, "ana Kerr", "Person")  # starts inside a token
    quantiva = _mention(text, "Quantiva", "Organization")
    same = [dana, Mention(dana.start, dana.end, dana.text, "Organization")]
    assert score_doc(doc, [dana, money], scorer=scorer) == []
    assert score_doc(doc, [cut, _mention(text, "Lumenfold", "Organization")], scorer=scorer) == []
    assert score_doc(doc, [dana, quantiva], scorer=scorer) == []
    across = _mention(text, "Lumenfold. It", "Organization")  # runs over the end of the sentence
    assert score_doc(doc, [dana, across], scorer=scorer) == []
    assert score_doc(doc, same, scorer=scorer) == []


def test_score_doc_emits_only_relations_the_pair_admits():
    from kg.ontology import relations

    width = ENCODER_WIDTH
    always_ceo = _always("ceoOf")  # whatever the input: ceoOf at 0.99
    text = "Corvane and Brightmill signed a deal."
    doc = _sentencized(text)
    mentions = [_mention(text, "Corvane", "Organization"), _mention(text, "Brightmill", "Organization")]
    facts = score_doc(doc, mentions, scorer=always_ceo, vectors=numpy.zeros((len(doc), width), numpy.float32))
    for f in facts:
        rel = relations()[f.predicate]
        assert f.subject.label in rel.domain and f.object.label in rel.range, f


def _parsed(words, heads):
    """A doc with a hand-made dependency tree (``heads``: the index of each word's head; a root heads itself)."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=["dep"] * len(words),
               sent_starts=[True] + [False] * (len(words) - 1))


def test_dependency_distance_counts_arcs_between_heads():
    from kg.extract.learned import dependency_distance

    # "Kerr leads Lumenfold from Oslo": leads <- Kerr, leads <- Lumenfold, leads <- from <- Oslo
    doc = _parsed(["Kerr", "leads", "Lumenfold", "from", "Oslo"], [1, 1, 1, 1, 3])
    assert dependency_distance(doc, (0, 1), (2, 3)) == 2
    assert dependency_distance(doc, (0, 1), (4, 5)) == 3
    assert dependency_distance(doc, (3, 5), (3, 4)) == 0  # the same head ("from")
    assert dependency_distance(doc, (3, 5), (4, 5)) == 1
    assert dependency_distance(doc, (1, 2), (4, 5)) == 2  # an ancestor
    two = _parsed(["Kerr", "left", "Oslo", "rained"], [1, 1, 1, 3])  # two roots
    assert dependency_distance(two, (0, 1), (3, 4)) == len(two)


def _always(relation: str, max_path=None) -> RelationScorer:
    """A scorer that gives ``relation`` 0.99 whatever the input."""
    d = feature_width(ENCODER_WIDTH)
    return RelationScorer(
        ("none", relation), {relation: 0.5}, {},
        {"mean": numpy.zeros(d, numpy.float32), "scale": numpy.ones(d, numpy.float32),
         "w1": numpy.zeros((d, 1), numpy.float32), "b1": numpy.zeros(1, numpy.float32),
         "w2": numpy.zeros((1, 2), numpy.float32), "b2": numpy.array([0.0, 5.0], numpy.float32)}, max_path)


def test_score_doc_skips_pairs_far_apart_in_the_parse(built_model, tmp_path):
    words = ["Dana", "Kerr", "leads", "Lumenfold", "and", "Quantiva", "left", "Tallinn", "."]
    #         0       1       2        3            4      5           6       7          8
    doc = _parsed(words, [1, 2, 2, 2, 6, 6, 2, 6, 2])
    text = doc.text
    mentions = [_mention(text, "Dana Kerr", "Person"), _mention(text, "Lumenfold", "Organization"),
                _mention(text, "Quantiva", "Organization"), _mention(text, "Tallinn", "Place")]
    vectors = numpy.zeros((len(doc), ENCODER_WIDTH), numpy.float32)

    def pairs(scorer):
        return {(f.subject.text, f.object.text) for f in score_doc(doc, mentions, scorer, vectors)}

    everything = pairs(_always("competitorOf"))
    assert len(everything) == 12  # every ordered pair of the four names
    # arcs between heads: Kerr-Lumenfold 2 (Kerr->leads<-Lumenfold), Quantiva-Tallinn 2 (->left<-),
    # Lumenfold-Quantiva 3, Kerr-Quantiva 3, Lumenfold-Tallinn 3, Kerr-Tallinn 3
    assert pairs(_always("competitorOf", 2)) == {("Dana Kerr", "Lumenfold"), ("Lumenfold", "Dana Kerr"),
                                                 ("Quantiva", "Tallinn"), ("Tallinn", "Quantiva")}
    assert pairs(_always("competitorOf", 3)) == everything
    assert pairs(_always("competitorOf", 0)) == set()
    # an unparsed doc is scored whole, whatever max_path says
    plain = _sentencized(text)
    assert {(f.subject.text, f.object.text) for f in score_doc(plain, mentions, _always("competitorOf", 0),
                                                               numpy.zeros((len(plain), ENCODER_WIDTH),
                                                                           numpy.float32))} == everything
    # and meta.json's max_path reaches the scorer
    folder, meta = built_model
    copy = tmp_path / "with-path"
    shutil.copytree(folder, copy)
    (copy / "meta.json").write_text(json.dumps({**meta, "max_path": 2}), "utf-8")
    assert load_scorer(copy).max_path == 2 and load_scorer(folder).max_path is None


def test_score_doc_runs_only_on_the_languages_it_covers(built_model, tmp_path):
    text = "Corvane and Brightmill signed a deal."
    doc = _sentencized(text)
    mentions = [_mention(text, "Corvane", "Organization"), _mention(text, "Brightmill", "Organization")]
    vectors = numpy.zeros((len(doc), ENCODER_WIDTH), numpy.float32)
    everywhere = _always("competitorOf")
    english = dataclasses.replace(everywhere, languages=("en",))
    assert everywhere.covers("it") and everywhere.covers(None)
    assert english.covers("en") and not english.covers("it") and not english.covers(None)
    assert len(score_doc(doc, mentions, english, vectors, lang="en")) == 2
    assert score_doc(doc, mentions, english, vectors, lang="it") == []
    assert len(score_doc(doc, mentions, everywhere, vectors, lang="it")) == 2
    assert len(score_doc(doc, mentions, english, vectors)) == 2  # no language given: no restriction
    folder, meta = built_model
    copy = tmp_path / "english"
    shutil.copytree(folder, copy)
    (copy / "meta.json").write_text(json.dumps({**meta, "languages": ["en"]}), "utf-8")
    assert load_scorer(copy).languages == ("en",) and load_scorer(folder).languages is None


def test_token_vectors_encode_a_plain_doc():
    import spacy

    docs = [spacy.blank("en")("Tova Lind joined Corvane in Oslo."), spacy.blank("en")("Brightmill grew.")]
    first, second = learned.token_vectors(docs)
    assert first.shape == (len(docs[0]), ENCODER_WIDTH) and second.shape == (len(docs[1]), ENCODER_WIDTH)
    assert numpy.isfinite(first).all() and first.any()
    alone = learned.token_vectors([spacy.blank("en")("Brightmill grew.")])[0]
    assert numpy.array_equal(alone, learned.token_vectors([spacy.blank("en")("Brightmill grew.")])[0])
    # the quantised encoder (DynamicQuantizeLinear: one scale per batch tensor) gives slightly different vectors
    # to a doc encoded together with others; close, not equal
    cosine = (alone * second).sum(axis=1) / numpy.linalg.norm(alone, axis=1) / numpy.linalg.norm(second, axis=1)
    assert cosine.min() > 0.99


def test_extract_doc_merges_model_facts_only_when_enabled(monkeypatch, permissive_model):
    from docs import make_doc

    from kg.extract import extract_doc
    from kg.types import Document

    # Mark Zuckerberg , CEO di Meta , ha elogiato Trump .  (the rules: ceoOf and praises)
    doc = make_doc("it", [
        ("Mark", 8, "nsubj", "PROPN", "Mark"), ("Zuckerberg", 0, "flat:name", "PROPN", "Zuckerberg"),
        (",", 3, "punct", "PUNCT", ","), ("CEO", 0, "appos", "NOUN", "ceo"), ("di", 5, "case", "ADP", "di"),
        ("Meta", 3, "nmod", "PROPN", "Meta"), (",", 3, "punct", "PUNCT", ","), ("ha", 8, "aux", "AUX", "avere"),
        ("elogiato", 8, "ROOT", "VERB", "elogiare"), ("Trump", 8, "obj", "PROPN", "Trump"),
        (".", 8, "punct", "PUNCT", "."),
    ], ents=[(0, 2, "PER"), (5, 6, "ORG"), (9, 10, "PER")])
    calls = []

    def fake_score_doc(doc, mentions, scorer=None, vectors=None, lang=None):
        assert lang == "it"  # the document's language reaches the scorer
        calls.append(mentions)
        by = {m.text: m for m in mentions}
        end = len(doc.text)
        return [Fact(by["Meta"], "pays", by["Trump"], 0, end, 0.7, EXTRACTOR),  # unlinked pair: kept
                Fact(by["Meta"], "ownerOf", by["Mark Zuckerberg"], 0, end, 0.9, EXTRACTOR)]  # rule pair: dropped

    monkeypatch.setattr(learned, "score_doc", fake_score_doc)
    document = Document(text=doc.text, source="<test>")

    monkeypatch.setenv(ENV, str(permissive_model))
    facts = extract_doc(doc, document, lang="it", pipeline="test").facts
    found = {(f.subject.text, f.predicate, f.object.text, f.extractor) for f in facts}
    assert calls
    assert ("Meta", "pays", "Trump", EXTRACTOR) in found
    assert not any(p == "ownerOf" for _, p, _, _ in found)
    assert {("Mark Zuckerberg", "ceoOf", "Meta"), ("Mark Zuckerberg", "praises", "Trump")} <= {t[:3] for t in found}

    calls.clear()
    monkeypatch.setenv(ENV, "off")
    facts = extract_doc(doc, document, lang="it", pipeline="test").facts
    assert not calls and all(f.extractor != EXTRACTOR for f in facts)
    assert {("Mark Zuckerberg", "ceoOf", "Meta"), ("Mark Zuckerberg", "praises", "Trump")} <= {
        (f.subject.text, f.predicate, f.object.text) for f in facts}


# ---------------------------------------------------------------- 8. the command line


def _spy_score_doc(monkeypatch):
    calls = []
    real = learned.score_doc

    def spy(doc, mentions, scorer=None, vectors=None, lang=None):
        calls.append(doc.text)
        return real(doc, mentions, scorer=scorer, vectors=vectors, lang=lang)

    monkeypatch.setattr(learned, "score_doc", spy)
    return calls


def test_cli_eval_without_model_relations(monkeypatch, capsys, permissive_model):
    from kg.cli import main

    monkeypatch.setenv(ENV, str(permissive_model))  # the scorer would run without the flag
    calls = _spy_score_doc(monkeypatch)
    assert main(["eval", str(GOLD_DIR), "--no-model-relations", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["documents"]) == len(list(GOLD_DIR.glob("*.gold.json")))
    assert calls == []
    assert EXTRACTOR not in report["by_extractor"]
    assert os.environ[ENV] == "off"  # what worker processes inherit (monkeypatch restores it afterwards)


def test_cli_eval_with_the_model(monkeypatch, capsys, permissive_model, tmp_path):
    """The control of the test above: without the flag, the scorer named by the environment runs."""
    from kg.cli import main

    for name in ("en_tekgen_01.txt", "en_tekgen_01.gold.json"):
        shutil.copy(GOLD_DIR / name, tmp_path / name)
    monkeypatch.setenv(ENV, str(permissive_model))
    calls = _spy_score_doc(monkeypatch)
    assert main(["eval", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert calls
    assert EXTRACTOR in report["by_extractor"]  # model facts reached the graph


def test_cli_has_the_flag_on_build_and_eval():
    from kg.cli import make_parser

    parser = make_parser()
    assert parser.parse_args(["eval", "gold", "--no-model-relations"]).no_model_relations is True
    assert parser.parse_args(["eval", "gold"]).no_model_relations is False
    assert parser.parse_args(["build", "a.txt", "--no-model-relations"]).no_model_relations is True


def test_rules_only_switches_the_scorer_off_and_restores_the_setting(monkeypatch):
    from kg.extract import learned

    monkeypatch.setenv(learned.ENV, "/some/model")
    with learned.rules_only():
        assert os.environ[learned.ENV] == "off" and not learned.enabled()
    assert os.environ[learned.ENV] == "/some/model"
    monkeypatch.delenv(learned.ENV)
    with learned.rules_only():
        assert os.environ[learned.ENV] == "off"
    assert learned.ENV not in os.environ


def test_kind_sentences_are_spaced_like_text(tmp_path):
    from kg.training.relsilver import kind_sentences

    tsv = tmp_path / "tiny.tsv"
    tsv.write_text("L'\tO\nazienda\tO\nBrightmill\tB-ORG\n,\tO\ndice\tO\n.\tO\n\nSecondo\tO\n«\tO\nok\tO\n»\tO\n",
                   "utf-8")
    assert list(kind_sentences(tsv)) == ["L'azienda Brightmill, dice.", "Secondo «ok»"]
