"""Relation corpora -> relation examples (kg.training.relcorpora), on tiny invented fixture records."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kg.training import relcorpora as rc

KEYS = {"id", "text", "entities", "triples", "tags"}
ENTITY_KEYS = {"id", "label", "type", "aliases", "spans"}


def _check_schema(ex: dict) -> None:
    assert set(ex) == KEYS
    ids = [e["id"] for e in ex["entities"]]
    assert len(ids) == len(set(ids))
    for e in ex["entities"]:
        assert set(e) == ENTITY_KEYS
        assert e["type"] in rc.KG_TYPES
        assert e["label"] in ex["text"]
        for alias in e["aliases"]:
            assert alias in ex["text"]
        for start, end in e["spans"]:
            assert ex["text"][start:end] in [e["label"], *e["aliases"]]
    for t in ex["triples"]:
        assert t["p"] in rc.KG_RELATIONS
        assert t["s"] in ids and t["o"] in ids


def _tok(sentence: str) -> list:
    return sentence.split(" ")


def _conll_record(sentence, entities, relations, orig_id):
    tokens = _tok(sentence)
    ents = []
    for etype, phrase in entities:
        words = phrase.split(" ")
        start = next(i for i in range(len(tokens)) if tokens[i : i + len(words)] == words)
        ents.append({"type": etype, "start": start, "end": start + len(words)})
    rels = [{"type": r, "head": h, "tail": t} for r, h, t in relations]
    return {"tokens": tokens, "entities": ents, "relations": rels, "orig_id": orig_id}


@pytest.fixture()
def conll_file(tmp_path):
    records = [
        # Work_For + OrgBased_In; an Other (date) entity is not annotated; Rome/Luca Verdi is a negative pair.
        _conll_record(
            "Luca Verdi , an engineer at Fabbrica Nuova of Rome , spoke on Tuesday .",
            [("Peop", "Luca Verdi"), ("Org", "Fabbrica Nuova"), ("Loc", "Rome"), ("Other", "Tuesday")],
            [("Work_For", 0, 1), ("OrgBased_In", 1, 2)],
            101,
        ),
        # Live_In is skip: one of the two entities leaves the example, the Work_For positive stays.
        _conll_record(
            "Anna Neri of Turin joined Orto Digitale .",
            [("Peop", "Anna Neri"), ("Loc", "Turin"), ("Org", "Orto Digitale")],
            [("Live_In", 0, 1), ("Work_For", 0, 2)],
            102,
        ),
        # No relation at all: a negative-only example.
        _conll_record(
            "Paolo Blu met Marta Gialli in Genoa .",
            [("Peop", "Paolo Blu"), ("Peop", "Marta Gialli"), ("Loc", "Genoa")],
            [],
            103,
        ),
        # Located_In, with ( ) , and `` '' around the mentions.
        _conll_record(
            "`` Lakeville '' ( Ohio ) is quiet , said the mayor .",
            [("Loc", "Lakeville"), ("Loc", "Ohio")],
            [("Located_In", 0, 1)],
            104,
        ),
        # A press dateline: the agency's OrgBased_In is no fact for kg (a negative); the places' Located_In stays.
        _conll_record(
            "PORTO LUNA , Verdania ( ZNA ) _ Piero Sala opened a bakery .",
            [("Loc", "PORTO LUNA"), ("Loc", "Verdania"), ("Org", "ZNA"), ("Peop", "Piero Sala")],
            [("OrgBased_In", 2, 0), ("Located_In", 0, 1)],
            105,
        ),
    ]
    path = tmp_path / "conll04_train.json"
    path.write_text(json.dumps(records), "utf8")
    return path


def test_map_file_is_valid_and_maps_as_the_issue_says():
    m = rc.load_map()
    conll = m["relations"]["conll04"]
    assert conll["Work_For"][0]["relation"] == "employee_of"
    assert conll["OrgBased_In"][0]["relation"] == "located_in"
    assert conll["Located_In"][0]["relation"] == "located_in"
    assert conll["Live_In"][0]["relation"] == "skip" and conll["Kill"][0]["relation"] == "skip"
    red = m["relations"]["redocred"]
    assert (red["P112"][0]["relation"], red["P112"][0]["inverse"]) == ("founder_of", True)
    assert (red["P749"][0]["relation"], red["P749"][0]["inverse"]) == ("subsidiary_of", False)
    assert (red["P355"][0]["relation"], red["P355"][0]["inverse"]) == ("subsidiary_of", True)
    assert red["P19"][0]["relation"] == "none"
    assert m["entities"]["conll04"]["Other"][0]["type"] is None


def test_conll04_examples(conll_file):
    stats = Counter()
    exs = {ex["id"]: ex for ex in rc.conll04_examples(conll_file, neg_ratio=None, stats=stats)}
    assert set(exs) == {f"conll04-train-{n}" for n in range(101, 106)}
    for ex in exs.values():
        _check_schema(ex)

    ex = exs["conll04-train-101"]
    assert ex["text"] == "Luca Verdi, an engineer at Fabbrica Nuova of Rome, spoke on Tuesday."
    labels = {e["id"]: e["label"] for e in ex["entities"]}
    assert sorted(labels.values()) == ["Fabbrica Nuova", "Luca Verdi", "Rome"]  # Tuesday (Other) dropped
    got = {(labels[t["s"]], t["p"], labels[t["o"]]) for t in ex["triples"]}
    assert got == {("Luca Verdi", "employee_of", "Fabbrica Nuova"), ("Fabbrica Nuova", "located_in", "Rome")}
    assert ex["tags"] == []

    # skip: the Live_In pair is not in the example (one of its entities is left out), the positive stays
    ex = exs["conll04-train-102"]
    labels = {e["id"]: e["label"] for e in ex["entities"]}
    assert "Turin" not in labels.values()
    assert [(labels[t["s"]], t["p"], labels[t["o"]]) for t in ex["triples"]] == [
        ("Anna Neri", "employee_of", "Orto Digitale")
    ]
    assert stats["pairs_skipped"] == 1 and stats["entities_dropped_skip"] == 1

    ex = exs["conll04-train-103"]
    assert ex["triples"] == [] and ex["tags"] == ["negative"] and len(ex["entities"]) == 3

    ex = exs["conll04-train-104"]
    assert ex["text"] == '"Lakeville" (Ohio) is quiet, said the mayor.'
    spans = {e["label"]: e["spans"] for e in ex["entities"]}
    assert spans == {"Lakeville": [[1, 10]], "Ohio": [[13, 17]]}

    ex = exs["conll04-train-105"]
    assert ex["text"].startswith("PORTO LUNA, Verdania (ZNA) _ Piero Sala")
    labels = {e["id"]: e["label"] for e in ex["entities"]}
    assert "ZNA" in labels.values()  # kept, as a negative
    assert [(labels[t["s"]], t["p"], labels[t["o"]]) for t in ex["triples"]] == [
        ("PORTO LUNA", "located_in", "Verdania")
    ]
    assert stats["dateline_agency_pairs"] == 1


def test_conll04_skip_policy_example_drops_the_sentence(conll_file):
    ids = [ex["id"] for ex in rc.conll04_examples(conll_file, neg_ratio=None, skip_policy="example")]
    assert "conll04-train-102" not in ids and "conll04-train-101" in ids


def test_negative_cap(conll_file):
    ids = [ex["id"] for ex in rc.conll04_examples(conll_file, neg_ratio=0)]
    assert "conll04-train-103" not in ids and len(ids) == 4


@pytest.mark.parametrize("name", ["conll04_dev.json", "conll04_test.json", "conll04.json"])
def test_conll04_refuses_dev_and_test_before_reading(tmp_path, name):
    path = tmp_path / name  # does not even exist: refused on the name, never opened
    with pytest.raises(rc.ForbiddenSplit):
        rc.conll04_examples(path)  # refused at the call, not at the first next()


def test_redocred_refuses_test_and_train_names(tmp_path):
    for name in ("test_revised.json", "train_revised.json"):
        with pytest.raises(rc.ForbiddenSplit):
            list(rc.redocred_examples(tmp_path / name))


def _mention(name, sent, start, end, etype):
    return {"name": name, "sent_id": sent, "pos": [start, end], "type": etype}


@pytest.fixture()
def redocred_file(tmp_path):
    s0 = _tok("Verdant Labs , founded by Carla Rossi in 2011 , is based in Lyon , France .")
    s1 = _tok("Its robot Orbix is made by Verdant Labs , and Rossi moved to Lyon .")
    s2 = _tok("Rossi lives in France .")
    vertex = [
        [_mention("Verdant Labs", 0, 0, 2, "ORG"), _mention("Verdant Labs", 1, 6, 8, "ORG")],  # 0
        [_mention("Carla Rossi", 0, 5, 7, "PER"), _mention("Rossi", 1, 10, 11, "PER"),
         _mention("Rossi", 2, 0, 1, "PER")],  # 1
        [_mention("2011", 0, 8, 9, "TIME")],  # 2
        [_mention("Lyon", 0, 13, 14, "LOC"), _mention("Lyon", 1, 13, 14, "LOC")],  # 3
        [_mention("France", 0, 15, 16, "LOC"), _mention("France", 2, 3, 4, "LOC")],  # 4
        [_mention("Orbix", 1, 2, 3, "MISC")],  # 5
    ]
    labels = [
        {"h": 0, "t": 1, "r": "P112", "evidence": [0]},  # founded by -> founder_of inverted
        {"h": 0, "t": 2, "r": "P571", "evidence": [0]},  # inception: TIME entity not annotated
        {"h": 3, "t": 4, "r": "P17", "evidence": [0]},  # located_in
        {"h": 0, "t": 3, "r": "P159", "evidence": [0]},  # headquartered_in, evidence 0 only: skipped in s1
        {"h": 5, "t": 0, "r": "P176", "evidence": [1]},  # manufacturer -> develops inverted; Orbix is Product
        {"h": 1, "t": 4, "r": "P27", "evidence": []},  # citizen_of, no evidence: taken where co-mentioned
    ]
    doc = {"title": "Verdant Labs", "sents": [s0, s1, s2], "vertexSet": vertex, "labels": labels}
    path = tmp_path / "dev_revised.json"
    path.write_text(json.dumps([doc]), "utf8")
    return path


def test_redocred_examples(redocred_file):
    stats = Counter()
    exs = {ex["id"]: ex for ex in rc.redocred_examples(redocred_file, neg_ratio=None, stats=stats)}
    for ex in exs.values():
        _check_schema(ex)

    def triples(ex):
        labels = {e["id"]: e["label"] for e in ex["entities"]}
        return {(labels[t["s"]], t["p"], labels[t["o"]]) for t in ex["triples"]}

    ex0 = exs["redocred-dev-0-0"]
    assert ex0["text"] == "Verdant Labs, founded by Carla Rossi in 2011, is based in Lyon, France."
    assert triples(ex0) == {
        ("Carla Rossi", "founder_of", "Verdant Labs"),
        ("Lyon", "located_in", "France"),
        ("Verdant Labs", "headquartered_in", "Lyon"),
        ("Carla Rossi", "citizen_of", "France"),
    }
    assert "2011" not in {e["label"] for e in ex0["entities"]}
    for e in ex0["entities"]:
        for start, end in e["spans"]:
            assert ex0["text"][start:end] == e["label"]

    # s1: Orbix is a Product (head of P176); Verdant Labs-Lyon is outside P159's evidence: skipped, so one of
    # the two entities is left out rather than kept as a negative.
    ex1 = exs["redocred-dev-0-1"]
    assert ("Verdant Labs", "develops", "Orbix") in triples(ex1)
    types = {e["label"]: e["type"] for e in ex1["entities"]}
    assert types["Orbix"] == "Product"
    assert not {"Verdant Labs", "Lyon"} <= set(types)
    assert not {"Verdant Labs", "Rossi"} <= set(types)  # P112's evidence is s0 only, too
    assert "Verdant Labs" in types  # the entity of the positive stays
    assert stats["pairs_outside_evidence"] == 2

    # s2: a short window mention ('Rossi') and an evidence-less label: positive
    ex2 = exs["redocred-dev-0-2"]
    assert triples(ex2) == {("Rossi", "citizen_of", "France")}
    assert [e["spans"] for e in ex2["entities"] if e["label"] == "Rossi"] == [[[0, 5]]]


@pytest.fixture()
def crossre_file(tmp_path):
    text = "Il sindaco di Aosta, Marco Bianchi, ha visitato la sede di Ferrovie Alpine a Torino."
    words = ["Il", "sindaco", "di", "Aosta", ",", "Marco", "Bianchi", ",", "ha", "visitato", "la", "sede", "di",
             "Ferrovie", "Alpine", "a", "Torino", "."]
    spans, pos = [], 0
    for w in words:
        start = text.index(w, pos)
        spans.append([start, start + len(w)])
        pos = start + len(w)
    rec = {
        "doc_key": "news-train-9",
        "sentence": words,
        "sentence-detokenized": text,
        "token2charspan": spans,
        "ner": [[3, 3, "location"], [5, 6, "politician"], [13, 14, "organisation"], [16, 16, "location"]],
        "relations": [[5, 6, 3, 3, "role", "", False, False], [13, 14, 16, 16, "physical", "", False, False]],
    }
    path = tmp_path / "news-train.json"
    path.write_text(json.dumps(rec) + "\n", "utf8")
    return path


def test_crossre_examples(crossre_file, tmp_path):
    (ex,) = list(rc.crossre_examples(crossre_file, neg_ratio=None))
    _check_schema(ex)
    labels = {e["id"]: e["label"] for e in ex["entities"]}
    assert {(labels[t["s"]], t["p"], labels[t["o"]]) for t in ex["triples"]} == {
        ("Ferrovie Alpine", "located_in", "Torino")
    }
    # role is skip: Marco Bianchi / Aosta never both appear
    assert not {"Marco Bianchi", "Aosta"} <= set(labels.values())
    with pytest.raises(rc.ForbiddenSplit):
        list(rc.crossre_examples(tmp_path / "news-dev.json"))


def test_detokenize_offsets():
    tokens = ["Mr.", "O", "'Brien", "(", "AP", ")", "paid", "$", "10", ",", "000", "."]
    text, offs = rc.detokenize(tokens)
    assert text == "Mr. O 'Brien (AP) paid $10,000."
    assert [text[a:b] for a, b in offs] == tokens


def test_redocred_require_evidence_skips_labels_without_evidence(redocred_file):
    exs = {ex["id"]: ex for ex in rc.redocred_examples(redocred_file, neg_ratio=None, require_evidence=True)}
    # s2 has only Rossi and France, whose P27 label has no evidence: skipped, so no example is left
    assert "redocred-dev-0-2" not in exs
    labels = {e["id"]: e["label"] for e in exs["redocred-dev-0-0"]["entities"]}
    got = {(labels[t["s"]], t["p"], labels[t["o"]]) for t in exs["redocred-dev-0-0"]["triples"]}
    assert ("Carla Rossi", "citizen_of", "France") not in got
    assert ("Carla Rossi", "founder_of", "Verdant Labs") in got
