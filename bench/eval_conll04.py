"""Score kg's relation extraction on the CoNLL04 dev set (English news sentences).

CoNLL04 is research-use data: it is read from ``/work/shared/data/conll04`` (or
``--data``) at run time and never copied into the repository.

Every sentence is detokenised and built as its own document (one
``kg.build_dataset`` call over a temporary JSON Lines file, ``lang="en"``);
each document's named graph is scored against that sentence's gold relations.

Mapping of the CoNLL04 labels to kg relations:

* ``Work_For``    → any of ceoOf, employeeOf, founderOf, presidentOf, memberOf
* ``OrgBased_In`` → headquarteredIn or locatedIn
* ``Located_In``  → locatedIn
* ``Live_In`` and ``Kill`` have no kg relation: they are excluded and counted.

System predictions are the triples whose predicate is one of the relations
above (other kg relations are not annotated in CoNLL04 and are ignored). A
prediction whose entity pair is a gold ``Live_In``/``Kill`` pair is ignored
too, and so is a prediction between two parts of one gold entity span
(CoNLL04 annotates "North Bend , Ohio" as one location, kg reads North Bend
locatedIn Ohio). Entities match by the gold span text (normalised as in ``kg eval``:
case, accents, punctuation, a leading article) against the system entity's
rdfs:label and skos:altLabel values; ``--relaxed`` also accepts whole-word
containment. Gold relations and predictions are matched one-to-one.
A false positive is attributed to Work_For for the five person→org relations,
to OrgBased_In for headquarteredIn, and for locatedIn to OrgBased_In when its
subject is a gold Org span of the sentence, else to Located_In.

Usage::

    python bench/eval_conll04.py [--limit N] [--relaxed] [--json] [--show-errors N] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["MAPPING", "EXCLUDED", "detokenize", "score_conll04", "main"]

DEFAULT_DATA = "/work/shared/data/conll04/conll04_dev.json"
MAPPING = {
    "Work_For": ("ceo_of", "employee_of", "founder_of", "president_of", "member_of"),
    "OrgBased_In": ("headquartered_in", "located_in"),
    "Located_In": ("located_in",),
}
EXCLUDED = ("Live_In", "Kill")
PREDICTED = frozenset(r for rels in MAPPING.values() for r in rels)


def detokenize(tokens: list[str]) -> str:
    """Turn CoNLL04 tokens back into plain text.

    >>> detokenize(["Kevin", "O", "'Brien", ",", "a", "spokesman", "(", "AP", ")", "'s", "."])
    "Kevin O'Brien, a spokesman (AP)'s."
    >>> detokenize(['"', "It", "is", "10", ",", "000", ",", '"', "says", "`", "`", "he", "'", "'", "."])
    '"It is 10,000," says "he".'
    """
    out: list[str] = []
    no_space_next = True
    quote_open = False
    for tok in tokens:
        attach = no_space_next
        no_space_next = False
        if tok == '"':
            if quote_open:
                attach = True
            else:
                no_space_next = True
            quote_open = not quote_open
        elif tok in (",", ".", ";", ":", "?", "!", ")", "%") or re.fullmatch(r"'(s|S|t|re|d|ll|ve|m)", tok):
            attach = True
        elif tok == "(":
            no_space_next = True
        out.append(tok if attach or not out else " " + tok)
    text = "".join(out)
    text = re.sub(r"`\s*`\s*", '"', text)
    text = re.sub(r"\s*'\s*'(?=\W|$)", '"', text)
    text = text.replace("`", "'")
    text = re.sub(r"(\d), (\d{3})\b", r"\1,\2", text)
    text = re.sub(r"\b([A-Z]) '([A-Z])", r"\1'\2", text)
    return text


def _span(sentence: dict, entity: dict) -> str:
    return " ".join(sentence["tokens"][entity["start"] : entity["end"]])


def _build_graphs(texts: list[str], *, model: str | None = None) -> list:
    """Build every text as one document; return the named graph of each text."""
    import kg
    from kg.documents import parse_text
    from kg.vocab import KGD

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "conll04.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": str(i), "text": text}) + "\n")
        dataset = kg.build_dataset([str(path)], lang="en", models={"en": model} if model else None)
    graphs = []
    for text in texts:
        key = parse_text(text, source="-").key
        graphs.append(dataset.graph(KGD[key]))
    return graphs


def score_conll04(sentences: list[dict], graphs: list, *, relaxed: bool = False) -> dict:
    """Score one named graph per sentence against the CoNLL04 gold relations."""
    from kg.evaluate import Score, max_matching, names_match, normalize_name, read_system

    scores = {label: Score() for label in MAPPING}
    excluded = {label: 0 for label in EXCLUDED}
    ignored = ignored_inside = 0
    entity_found = entity_total = 0
    errors = []
    for index, (sentence, graph) in enumerate(zip(sentences, graphs)):
        system = read_system(graph)
        facts = [f for f in system.facts if f.kind == "entity" and f.relation in PREDICTED]
        spans = [_span(sentence, e) for e in sentence["entities"]]

        def same(span: str, iri: str) -> bool:
            return names_match([span], system.names.get(iri, ()), relaxed=relaxed)

        def inside(span: str, iri: str) -> bool:
            words = f" {normalize_name(span)} "
            return any(f" {normalize_name(n)} " in words for n in system.names.get(iri, ()))

        for e, span in zip(sentence["entities"], spans):
            if e["type"] in ("Peop", "Org", "Loc"):
                entity_total += 1
                entity_found += any(same(span, iri) for iri in system.names)
        gold, skip_pairs = [], []
        for rel in sentence["relations"]:
            pair = (spans[rel["head"]], spans[rel["tail"]])
            if rel["type"] in EXCLUDED:
                excluded[rel["type"]] += 1
                skip_pairs.append(pair)
            else:
                gold.append((rel["type"], *pair))
        adjacency = [
            [
                j
                for j, f in enumerate(facts)
                if f.relation in MAPPING[label] and same(head, f.subject) and same(tail, f.object)
            ]
            for label, head, tail in gold
        ]
        matching = max_matching(adjacency, len(facts))
        used = set(matching.values())
        for i, (label, head, tail) in enumerate(gold):
            if i in matching:
                scores[label].tp += 1
            else:
                scores[label].fn += 1
                errors.append({"sentence": index, "kind": "miss", "relation": label, "head": head, "tail": tail})
        org_spans = [s for e, s in zip(sentence["entities"], spans) if e["type"] == "Org"]
        for j, f in enumerate(facts):
            if j in used:
                continue
            if any(same(h, f.subject) and same(t, f.object) for h, t in skip_pairs):
                ignored += 1
                continue
            if any(inside(span, f.subject) and inside(span, f.object) for span in spans):
                ignored_inside += 1
                continue
            if f.relation in MAPPING["Work_For"]:
                label = "Work_For"
            elif f.relation == "headquartered_in" or any(same(s, f.subject) for s in org_spans):
                label = "OrgBased_In"
            else:
                label = "Located_In"
            scores[label].fp += 1
            errors.append(
                {
                    "sentence": index,
                    "kind": "false_positive",
                    "relation": f"{label} ({f.relation})",
                    "head": system.label(f.subject),
                    "tail": system.label(f.object),
                }
            )
    overall = Score()
    for s in scores.values():
        overall.add(s)
    return {
        "sentences": len(sentences),
        "relaxed": relaxed,
        "overall": overall.to_dict(),
        "by_relation": {k: v.to_dict() for k, v in scores.items()},
        "excluded_gold": excluded,
        "ignored_predictions_on_excluded_pairs": ignored,
        "ignored_predictions_inside_one_gold_entity": ignored_inside,
        "entities": {
            "found": entity_found,
            "total": entity_total,
            "recall": round(entity_found / entity_total, 4) if entity_total else 0.0,
        },
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score kg on the CoNLL04 dev set.")
    parser.add_argument("--data", default=DEFAULT_DATA, help=f"SpERT-format JSON (default {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--relaxed", action="store_true", help="also match entities by whole-word containment")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--model", help="English spaCy pipeline name or path (default: kg's choice)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print the first N errors")
    args = parser.parse_args(argv)

    sentences = json.loads(Path(args.data).read_text(encoding="utf-8"))
    if args.limit:
        sentences = sentences[: args.limit]
    texts = [detokenize(s["tokens"]) for s in sentences]
    start = time.perf_counter()
    graphs = _build_graphs(texts, model=args.model)
    elapsed = time.perf_counter() - start
    result = score_conll04(sentences, graphs, relaxed=args.relaxed)
    result["build_seconds"] = round(elapsed, 1)
    if args.json:
        result = dict(result)
        result["errors"] = result["errors"][: args.show_errors]
        print(json.dumps(result, indent=2))
        return 0
    mode = "relaxed" if args.relaxed else "strict"
    print(f"CoNLL04 {args.data}: {result['sentences']} sentences, {mode} entity matching, build {elapsed:.1f}s")
    print(f"{'':<14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}")
    for name, s in [("overall", result["overall"]), *result["by_relation"].items()]:
        print(f"{name:<14} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['tp']:5d} {s['fp']:5d} {s['fn']:5d}")
    ex = result["excluded_gold"]
    print(
        "excluded gold relations (no kg relation): "
        + ", ".join(f"{k} {v}" for k, v in ex.items())
        + f"; predictions on those pairs ignored: {result['ignored_predictions_on_excluded_pairs']}"
    )
    print(
        "predictions between two parts of one gold entity (\"North Bend , Ohio\") ignored: "
        f"{result['ignored_predictions_inside_one_gold_entity']}"
    )
    ent = result["entities"]
    print(f"entities (Peop/Org/Loc spans found as system labels): {ent['found']}/{ent['total']} (recall {ent['recall']:.3f})")
    for err in result["errors"][: args.show_errors]:
        print(f"  [{err['sentence']}] {err['kind']}: {err['head']} --{err['relation']}--> {err['tail']}   « {texts[err['sentence']]} »")
    return 0


if __name__ == "__main__":
    sys.exit(main())
