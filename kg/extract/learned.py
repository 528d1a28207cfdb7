"""The learned relation scorer: entity pairs of a sentence scored over the ontology's relations.

A room of its own, next to the rules (:mod:`kg.extract.relations`); neither
calls into the other, and :func:`kg.extract.merge.merge_facts` combines their
output under one documented policy.

* **Candidates.** Ordered pairs of mentions of one sentence with different
  surface names whose classes some entity relation's domain and range admit
  (the ontology decides, :func:`kg.ontology.relations`).  Literal and quote
  relations are left to the rules.
* **Features.** The frozen multilingual encoder (multilingual-e5-small, the
  ``kg_encoder`` of the Italian pipeline, :mod:`kg.encoder`) gives one vector
  per spaCy token; an Italian doc already carries them (``doc._.kg_encoder``),
  an English one is encoded here.  A pair is the mean vector of the subject's
  tokens, of the object's, of the tokens between them (zeros when adjacent),
  their elementwise product, the two classes one-hot, which comes first and a
  bucketed distance (:func:`pair_features`).
* **Model.** A one-hidden-layer network in plain numpy (no torch at run time),
  trained by :mod:`kg.training.relscorer` on the hand-written examples of
  ``kg/training/relations`` and mapped public corpora.  Its files live in
  ``kg/models/relscorer``: ``meta.json`` (relations, thresholds, calibration,
  scores) and one ``.npy`` per array.
* **Syntax.** When the doc is parsed and the model's ``meta.json`` sets
  ``max_path``, a pair whose mentions' heads are more than ``max_path``
  dependency arcs apart is not scored (:func:`dependency_distance`): in a long
  news sentence most far-apart pairs are unrelated.
* **Languages.** ``meta.json``'s ``languages`` lists the languages the
  scorer runs on: those where it measured a gain over the rules alone on
  development news (absent or null: every language).
* **Output.** A :class:`~kg.types.Fact` per pair whose best relation clears
  that relation's threshold, extractor ``model.rel``, confidence the precision
  measured on development data at that score (``meta.json``'s ``calibration``).

``KG_RELATION_MODEL=off`` in the environment (``--no-model-relations`` on the
command line) turns the scorer off: the rules alone.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Sequence

import numpy

from ..types import ENTITY_CLASSES, Fact, Mention

__all__ = ["RelationScorer", "load_scorer", "enabled", "pair_features", "candidate_pairs", "token_vectors",
           "score_doc", "rules_only", "dependency_distance", "EXTRACTOR", "MODEL_DIR", "ENV"]

EXTRACTOR = "model.rel"
ENV = "KG_RELATION_MODEL"
"""Environment switch: ``off`` (rules alone), ``on`` (default: the shipped scorer) or a scorer folder."""
MODEL_DIR = Path(str(resources.files("kg"))) / "models" / "relscorer"
ENCODER_DIR = Path(str(resources.files("kg"))) / "models" / "it_newskg" / "kg_encoder"
DISTANCES = (2, 5, 10, 20)
"""Token-distance buckets between the two mentions (one-hot: <=2, <=5, <=10, <=20, more)."""


def _model_dir() -> Path | None:
    """The scorer's folder: ``KG_RELATION_MODEL`` when it names one, none when it says ``off``."""
    value = os.environ.get(ENV, "on")
    if value.lower() in {"off", "0", "no", "false"}:
        return None
    path = MODEL_DIR if value.lower() in {"on", "1", "yes", "true", ""} else Path(value)
    return path if (path / "meta.json").is_file() else None


@contextmanager
def rules_only():
    """Within the block the scorer is off (``KG_RELATION_MODEL=off``); the setting before it comes back after."""
    saved = os.environ.get(ENV)
    os.environ[ENV] = "off"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved


def enabled() -> bool:
    """Whether the scorer runs: its files exist and ``KG_RELATION_MODEL`` is not ``off``."""
    return _model_dir() is not None


@lru_cache(maxsize=None)
def _entity_relations() -> tuple[tuple[str, frozenset, frozenset, bool], ...]:
    from ..ontology import relations

    return tuple((r.name, r.domain, r.range, r.symmetric) for r in relations().values() if r.kind == "entity")


def admitted(subject_cls: str, object_cls: str) -> bool:
    """Whether some entity relation's domain and range admit the pair."""
    return any(subject_cls in d and object_cls in r for _, d, r, _ in _entity_relations())


@lru_cache(maxsize=None)
def allowed_mask(relations: tuple[str, ...], subject_cls: str, object_cls: str) -> numpy.ndarray:
    """``[len(relations)]`` booleans: ``"none"`` and the relations whose domain and range admit the pair
    (cached: one array per class pair; do not change it)."""
    ok = {name for name, d, r, _ in _entity_relations() if subject_cls in d and object_cls in r}
    return numpy.array([k == 0 or rel in ok for k, rel in enumerate(relations)])


def pair_classes(features: numpy.ndarray) -> list[tuple[str, str]]:
    """The (subject, object) classes one-hot encoded in feature rows made by :func:`pair_features`."""
    n = len(ENTITY_CLASSES)
    start = features.shape[1] - (2 * n + 1 + len(DISTANCES) + 1)
    block = features[:, start:start + 2 * n]
    return [(ENTITY_CLASSES[int(row[:n].argmax())], ENTITY_CLASSES[int(row[n:].argmax())]) for row in block]


def restrict(relations: Sequence[str], probs: numpy.ndarray, classes: Sequence[tuple[str, str]]) -> numpy.ndarray:
    """``probs`` with the relations each pair's classes do not admit set to 0 (the choice is among the rest)."""
    masks = numpy.stack([allowed_mask(tuple(relations), sc, oc) for sc, oc in classes])
    return numpy.where(masks, probs, 0.0)


def candidate_pairs(spans: Sequence[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """Ordered index pairs ``(i, j)`` of ``spans`` (``(first token, end token, class, text)``) that may be related:
    different names, no overlap, classes admitted by some relation."""
    out = []
    for i, (s0, s1, sc, st) in enumerate(spans):
        for j, (o0, o1, oc, ot) in enumerate(spans):
            if i == j or st == ot or not (s1 <= o0 or o1 <= s0):
                continue
            if admitted(sc, oc):
                out.append((i, j))
    return out


def feature_width(width: int) -> int:
    return 4 * width + 2 * len(ENTITY_CLASSES) + 1 + len(DISTANCES) + 1


def pair_features(vectors: numpy.ndarray, subject: tuple[int, int, str], obj: tuple[int, int, str]) -> numpy.ndarray:
    """The feature vector of one ordered pair: token ranges ``[start, end)`` and classes."""
    s0, s1, sc = subject
    o0, o1, oc = obj
    width = vectors.shape[1]
    hs = vectors[s0:s1].mean(axis=0)
    ho = vectors[o0:o1].mean(axis=0)
    lo, hi = (s1, o0) if s1 <= o0 else (o1, s0)
    between = vectors[lo:hi].mean(axis=0) if hi > lo else numpy.zeros(width, dtype=numpy.float32)
    classes = numpy.zeros(2 * len(ENTITY_CLASSES), dtype=numpy.float32)
    classes[ENTITY_CLASSES.index(sc)] = 1
    classes[len(ENTITY_CLASSES) + ENTITY_CLASSES.index(oc)] = 1
    gap = max(0, hi - lo)
    dist = numpy.zeros(len(DISTANCES) + 1, dtype=numpy.float32)
    dist[next((k for k, d in enumerate(DISTANCES) if gap <= d), len(DISTANCES))] = 1
    order = numpy.array([1.0 if s0 < o0 else 0.0], dtype=numpy.float32)
    return numpy.concatenate([hs, ho, between, hs * ho, classes, order, dist]).astype(numpy.float32)


@dataclass(frozen=True)
class RelationScorer:
    """The trained network and what was measured about it."""

    relations: tuple[str, ...]  # index 0 is "none"
    thresholds: dict
    calibration: dict  # relation -> [[score floor, precision], ...] ascending
    arrays: dict
    max_path: int | None = None  # pairs farther apart in the parse are not scored (None: no limit)
    languages: tuple[str, ...] | None = None  # the languages it runs on, as measured (None: every language)

    def covers(self, lang: str | None) -> bool:
        """Whether the scorer runs on text in ``lang`` (an unknown language: only if it runs on every one)."""
        return self.languages is None or lang in self.languages

    def probabilities(self, features: numpy.ndarray) -> numpy.ndarray:
        a = self.arrays
        x = (features - a["mean"]) / a["scale"]
        h = numpy.maximum(x @ a["w1"] + a["b1"], 0.0)
        z = h @ a["w2"] + a["b2"]
        z = z - z.max(axis=1, keepdims=True)
        e = numpy.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def confidence(self, relation: str, score: float) -> float:
        """Measured precision at ``score`` (the last calibration floor at or below it)."""
        value = None
        for floor, precision in self.calibration.get(relation, self.calibration.get("*", [])):
            if score >= floor:
                value = precision
        return round(float(value if value is not None else score), 3)

    @classmethod
    def from_dir(cls, path: Path) -> "RelationScorer":
        meta = json.loads((path / "meta.json").read_text("utf-8"))
        arrays = {name: numpy.load(path / f"{name}.npy") for name in ("w1", "b1", "w2", "b2", "mean", "scale")}
        return cls(relations=tuple(meta["relations"]), thresholds=meta["thresholds"],
                   calibration=meta.get("calibration", {}), arrays=arrays, max_path=meta.get("max_path"),
                   languages=tuple(meta["languages"]) if meta.get("languages") else None)


def load_scorer(path: str | None = None) -> RelationScorer:
    """The scorer in ``path``, else in the folder :func:`enabled` found (``KG_RELATION_MODEL`` or the shipped one)."""
    return _load(str(path or _model_dir() or MODEL_DIR))


@lru_cache(maxsize=None)
def _load(path: str) -> RelationScorer:
    return RelationScorer.from_dir(Path(path))


@lru_cache(maxsize=None)
def _encoder():
    from ..encoder import EncoderRuntime, onnx_encoder

    model = onnx_encoder()
    model.attrs["runtime"] = EncoderRuntime(ENCODER_DIR, threads=model.attrs["threads"])
    return model


def token_vectors(docs: Iterable) -> list[numpy.ndarray]:
    """One ``[len(doc), width]`` array per spaCy doc: the encoder's output the doc carries, or a fresh encoding."""
    docs = list(docs)
    out: list = [getattr(d._, "kg_encoder", None) if d.has_extension("kg_encoder") else None for d in docs]
    missing = [i for i, v in enumerate(out) if v is None]
    if missing:
        encoded = _encoder().predict([docs[i] for i in missing])
        for i, v in zip(missing, encoded):
            out[i] = v
    return out


def _sentence_spans(doc, mentions: Sequence[Mention]):
    """Per sentence: ``(sentence, [(first token, end token, class, text, mention)])``."""
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t.text): t.i + 1 for t in doc}
    per: dict[int, list] = {}
    sents = list(doc.sents)
    bounds = [s.start_char for s in sents]
    for m in mentions:
        if m.label not in ENTITY_CLASSES or m.start not in starts or m.end not in ends:
            continue
        k = int(numpy.searchsorted(bounds, m.start, side="right")) - 1
        if k < 0 or m.end > sents[k].end_char:
            continue
        per.setdefault(k, []).append((starts[m.start], ends[m.end], m.label, m.text, m))
    return [(sents[k], sorted(set(v), key=lambda x: (x[0], x[1], x[2]))) for k, v in sorted(per.items())]


def dependency_distance(doc, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Arcs between the syntactic heads of token ranges ``a`` and ``b`` (``[start, end)``) in ``doc``'s parse;
    ``len(doc)`` when they are in different trees."""
    ra, rb = doc[a[0]:a[1]].root, doc[b[0]:b[1]].root
    up = {ra.i: 0}
    for k, t in enumerate(ra.ancestors, 1):
        up[t.i] = k
    if rb.i in up:
        return up[rb.i]
    for k, t in enumerate(rb.ancestors, 1):
        if t.i in up:
            return up[t.i] + k
    return len(doc)


def score_doc(doc, mentions: Sequence[Mention], scorer: RelationScorer | None = None,
              vectors: numpy.ndarray | None = None, lang: str | None = None) -> list[Fact]:
    """Facts the model finds in ``doc`` between ``mentions`` (same sentence); none when the scorer does not
    cover ``lang`` (given)."""
    scorer = scorer or load_scorer()
    if lang is not None and not scorer.covers(lang):
        return []
    groups = [(sent, spans, candidate_pairs([x[:4] for x in spans])) for sent, spans in _sentence_spans(doc, mentions)]
    if scorer.max_path is not None and doc.has_annotation("DEP"):
        groups = [(sent, spans, [(i, j) for i, j in pairs
                                 if dependency_distance(doc, spans[i][:2], spans[j][:2]) <= scorer.max_path])
                  for sent, spans, pairs in groups]
    if not any(pairs for _, _, pairs in groups):
        return []
    vectors = token_vectors([doc])[0] if vectors is None else vectors
    rows, where = [], []
    for sent, spans, pairs in groups:
        for i, j in pairs:
            rows.append(pair_features(vectors, spans[i][:3], spans[j][:3]))
            where.append((sent, spans[i][4], spans[j][4]))
    probs = restrict(scorer.relations, scorer.probabilities(numpy.stack(rows)),
                     [(subj.label, obj.label) for _, subj, obj in where])
    facts = []
    for (sent, subj, obj), p in zip(where, probs):
        k = int(p.argmax())
        relation = scorer.relations[k]
        if k == 0 or p[k] < scorer.thresholds.get(relation, 1.01):
            continue
        facts.append(Fact(subject=subj, predicate=relation, object=obj, evidence_start=sent.start_char,
                          evidence_end=sent.end_char, confidence=scorer.confidence(relation, float(p[k])),
                          extractor=EXTRACTOR))
    return facts
