"""Matching system facts to gold triples, and the scores (``kg eval``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .gold import GoldDocument, GoldLiteral, GoldTriple, load_gold
from .names import fold, names_match, squash, symmetric_relations
from .numbers import QUOTE_THRESHOLD, quantity_matches, quote_overlap
from .system import AMOUNT_RELATIONS, SystemFact, read_system

__all__ = ["BuildFn", "DocumentResult", "Report", "Score", "TripleError", "evaluate", "max_matching", "score_document",
           "triple_matches"]

BuildFn = Callable[[Path, str], Any]
"""``build(path, lang) -> rdflib.Graph`` for one gold text."""


def triple_matches(triple: GoldTriple, fact: SystemFact, cand: Mapping[str, set[str]], symmetric: frozenset[str]) -> bool:
    if triple.p != fact.relation:
        return False
    o = triple.o
    if isinstance(o, GoldLiteral):
        if fact.subject not in cand[triple.s]:
            return False
        if o.datatype == "text":
            return fact.kind == "quote" and quote_overlap(o.text, fact.object) >= QUOTE_THRESHOLD
        if o.datatype == "date":
            return fact.kind != "entity" and squash(fold(o.text)) == squash(fold(fact.object))
        wanted = "amount" if triple.p in AMOUNT_RELATIONS else "number"
        return (
            fact.kind == wanted
            and o.value is not None
            and fact.value is not None
            and quantity_matches(o.quantity, fact.value if o.signed else abs(fact.value), fact.high)
        )
    if fact.kind != "entity":
        return False
    if fact.subject in cand[triple.s] and fact.object in cand[o]:
        return True
    return triple.p in symmetric and fact.subject in cand[o] and fact.object in cand[triple.s]


def max_matching(adjacency: list[list[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths); returns left → right.

    ``adjacency[i]`` lists the right-hand indices that left index ``i`` may take.

    >>> max_matching([[0, 1], [0]], 2)
    {1: 0, 0: 1}
    """
    right_owner: list[int | None] = [None] * n_right

    def augment(left: int, seen: set[int]) -> bool:
        for right in adjacency[left]:
            if right in seen:
                continue
            seen.add(right)
            owner = right_owner[right]
            if owner is None or augment(owner, seen):
                right_owner[right] = left
                return True
        return False

    for left in range(len(adjacency)):
        augment(left, set())
    return {left: right for right, left in enumerate(right_owner) if left is not None}



@dataclass
class Score:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class TripleError:
    """A missed gold triple or a false positive, rendered with labels."""

    document: str
    kind: str  # "miss" or "false_positive"
    subject: str
    relation: str
    object: str
    evidence: str = ""

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("document", "kind", "subject", "relation", "object", "evidence")}


@dataclass
class DocumentResult:
    """The score of one gold document."""

    name: str
    lang: str
    score: Score
    entities_found: int
    entities_total: int
    errors: list[TripleError] = field(default_factory=list)
    by_relation: dict[str, Score] = field(default_factory=dict)
    by_extractor: dict[str, Score] = field(default_factory=dict)


@dataclass
class Report:
    """The outcome of :func:`evaluate`."""

    gold_dir: str
    relaxed: bool
    overall: Score
    by_lang: dict[str, Score]
    by_relation: dict[str, Score]
    entities_found: int
    entities_total: int
    documents: list[DocumentResult]

    @property
    def by_extractor(self) -> dict[str, Score]:
        """True and false positives of each extractor (rule family); recall is not defined."""
        totals: dict[str, Score] = {}
        for d in self.documents:
            for name, score in d.by_extractor.items():
                totals.setdefault(name, Score()).add(score)
        return dict(sorted(totals.items()))

    @property
    def entity_recall(self) -> float:
        return self.entities_found / self.entities_total if self.entities_total else 0.0

    @property
    def misses(self) -> list[TripleError]:
        return [e for d in self.documents for e in d.errors if e.kind == "miss"]

    @property
    def false_positives(self) -> list[TripleError]:
        return [e for d in self.documents for e in d.errors if e.kind == "false_positive"]

    def to_dict(self) -> dict:
        return {
            "gold_dir": self.gold_dir,
            "relaxed": self.relaxed,
            "overall": self.overall.to_dict(),
            "by_lang": {k: v.to_dict() for k, v in self.by_lang.items()},
            "by_relation": {k: v.to_dict() for k, v in self.by_relation.items()},
            "by_extractor": {k: {"tp": v.tp, "fp": v.fp, "precision": round(v.precision, 4)}
                             for k, v in self.by_extractor.items()},
            "entities": {
                "found": self.entities_found,
                "total": self.entities_total,
                "recall": round(self.entity_recall, 4),
            },
            "documents": [
                {
                    "name": d.name,
                    "lang": d.lang,
                    **d.score.to_dict(),
                    "entities_found": d.entities_found,
                    "entities_total": d.entities_total,
                }
                for d in self.documents
            ],
            "misses": [e.to_dict() for e in self.misses],
            "false_positives": [e.to_dict() for e in self.false_positives],
        }



def _pipeline_build(models: Mapping[str, str] | None) -> BuildFn:
    def build_one(path: Path, lang: str):
        from ..api import build

        return build([str(path)], lang=lang, models=dict(models) if models else None)

    return build_one


def score_document(doc: GoldDocument, graph, *, relaxed: bool, symmetric: frozenset[str]) -> DocumentResult:
    system = read_system(graph)
    cand = {
        ent.id: {iri for iri, names in system.names.items() if names_match(ent.names, names, relaxed=relaxed)}
        for ent in doc.entities.values()
    }
    entity_iris = {f.subject for f in system.facts} | {f.object for f in system.facts if f.kind == "entity"}
    entity_iris |= set(system.names)
    found = sum(1 for ids in cand.values() if ids & entity_iris)

    adjacency = [
        [j for j, fact in enumerate(system.facts) if triple_matches(t, fact, cand, symmetric)] for t in doc.triples
    ]
    matching = max_matching(adjacency, len(system.facts))
    used = set(matching.values())
    score = Score(tp=len(matching), fn=len(doc.triples) - len(matching), fp=len(system.facts) - len(used))

    errors = []
    for i, triple in enumerate(doc.triples):
        if i in matching:
            continue
        obj = triple.o.text if isinstance(triple.o, GoldLiteral) else doc.entities[triple.o].label
        errors.append(TripleError(doc.name, "miss", doc.entities[triple.s].label, triple.p, obj, triple.evidence))
    for j, fact in enumerate(system.facts):
        if j in used:
            continue
        obj = system.label(fact.object) if fact.kind == "entity" else fact.object
        errors.append(TripleError(doc.name, "false_positive", system.label(fact.subject), fact.relation, obj, fact.evidence))
    by_relation: dict[str, Score] = {}
    for i, triple in enumerate(doc.triples):
        rel = by_relation.setdefault(triple.p, Score())
        if i in matching:
            rel.tp += 1
        else:
            rel.fn += 1
    for j, fact in enumerate(system.facts):
        if j not in used:
            by_relation.setdefault(fact.relation, Score()).fp += 1
    by_extractor: dict[str, Score] = {}
    for j, fact in enumerate(system.facts):
        ext = by_extractor.setdefault(fact.extractor or "unknown", Score())
        if j in used:
            ext.tp += 1
        else:
            ext.fp += 1
    return DocumentResult(doc.name, doc.lang, score, found, len(doc.entities), errors, by_relation, by_extractor)


def evaluate(
    gold_dir: str | Path,
    *,
    relaxed: bool = False,
    lang: str | None = None,
    models: Mapping[str, str] | None = None,
    build: BuildFn | None = None,
) -> Report:
    """Run ``build`` on every gold text of ``gold_dir`` and score the triples.

    ``build(path, lang)`` returns an rdflib Graph following the output
    contract; the default runs :func:`kg.build` on the one file, with the gold
    file's language and the spaCy pipelines ``models`` (as in ``kg build
    --model``). ``lang`` keeps only the gold documents of that language.
    """
    docs = load_gold(gold_dir, lang=lang)
    build = build or _pipeline_build(models)
    symmetric = symmetric_relations()
    overall, by_lang, by_relation = Score(), {}, {}
    results = []
    found = total = 0
    for doc in docs:
        result = score_document(doc, build(doc.text_path, doc.lang), relaxed=relaxed, symmetric=symmetric)
        results.append(result)
        overall.add(result.score)
        by_lang.setdefault(doc.lang, Score()).add(result.score)
        found += result.entities_found
        total += result.entities_total
        for rel, score in result.by_relation.items():
            by_relation.setdefault(rel, Score()).add(score)
    return Report(
        gold_dir=str(gold_dir),
        relaxed=relaxed,
        overall=overall,
        by_lang=dict(sorted(by_lang.items())),
        by_relation=dict(sorted(by_relation.items())),
        entities_found=found,
        entities_total=total,
        documents=results,
    )

