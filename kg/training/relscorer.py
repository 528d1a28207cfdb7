"""Train the learned relation scorer (:mod:`kg.extract.learned`) and write its files.

``python -m kg.training.relscorer --out kg/models/relscorer`` reproduces the
shipped files (deterministic: fixed seed, fixed example order, one thread).

Data (never ``news_dev``, never a held-out test split):

* the hand-written examples of ``kg/training/relations/*.jsonl`` (short and long sentences, both languages)
  (the project's own, in kg's gold schema; see that folder's README);
* public corpora mapped to the ontology by :mod:`kg.training.relcorpora`
  when it and the corpora are present (``--corpora DIR``).

An example is a text, its entities (label and aliases found verbatim in the
text, or explicit ``spans``) and its triples; every ordered pair of entities
whose classes a relation admits is a training pair, labelled with its relation
or ``none``.  The pair of mentions closest to each other stands for the pair.

The hand-written examples are split into five folds (example ``i`` in fold
``i % 5``); each fold is scored by a network trained on the other four (and on
the corpora).  On these out-of-fold predictions, the per-relation threshold is
the lowest score floor at which a relation's predictions reach
``--min-precision``, and the calibration table (score floor -> measured
precision) that gives a fact its ``kg:confidence`` is measured on the same
pairs.  Then the network is trained once more on all examples.

Two run-time settings go into ``meta.json`` as given (they are chosen by
scoring development news, ``bench/eval_news_dev.py --compare``, not by this
build): ``--max-path`` (pairs farther apart in the dependency parse are not
scored) and ``--languages`` (the languages the scorer runs on).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

import numpy

from ..extract import learned
from ..types import ENTITY_CLASSES

__all__ = ["load_examples", "example_pairs", "train", "build", "RELATIONS_DIR"]

RELATIONS_DIR = Path(__file__).parent / "relations"
HIDDEN = 256
SEED = 0
FOLDS = 5


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


def _occurrences(text: str, surface: str) -> Iterator[tuple[int, int]]:
    for m in re.finditer(re.escape(surface), text):
        s, e = m.span()
        if (s == 0 or not text[s - 1].isalnum()) and (e == len(text) or not text[e].isalnum()):
            yield s, e


def lang_of(path: Path) -> str:
    """An examples file's language from its name: ``it.jsonl``, ``crossre_it.jsonl`` -> it; else en."""
    parts = re.split(r"[._-]", Path(path).stem)
    return "it" if "it" in parts else "en"


def load_examples(path: Path, lang: str) -> list[dict]:
    """Examples of one JSONL file, each with ``mentions``: entity id -> [(start, end)] (longer names win)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            ex = json.loads(line)
            ex.setdefault("lang", lang)
            taken: list[tuple[int, int]] = []
            mentions: dict[str, list] = {}
            surfaces = sorted(((s, e["id"]) for e in ex["entities"] for s in [e["label"], *e.get("aliases", [])]),
                              key=lambda x: (-len(x[0]), x[0]))
            for e in ex["entities"]:
                if e.get("spans"):
                    mentions[e["id"]] = [tuple(sp) for sp in e["spans"]]
                    taken.extend(mentions[e["id"]])
            for surface, eid in surfaces:
                if eid in mentions and any(True for e in ex["entities"] if e["id"] == eid and e.get("spans")):
                    continue
                for s, e in _occurrences(ex["text"], surface):
                    if all(e <= a or b <= s for a, b in taken):
                        taken.append((s, e))
                        mentions.setdefault(eid, []).append((s, e))
            types = {e["id"]: e["type"] for e in ex["entities"]}
            if any(t not in ENTITY_CLASSES for t in types.values()):
                raise ValueError(f"{path}:{n}: unknown entity type in {sorted(set(types.values()))}")
            ex["mentions"], ex["types"] = mentions, types
            out.append(ex)
    return out


def example_pairs(ex: dict, doc) -> list[tuple[tuple[int, int, str], tuple[int, int, str], str]]:
    """``(subject tokens+class, object tokens+class, relation or "none")`` for the example's candidate pairs."""
    tok_start = {t.idx: t.i for t in doc}
    tok_end = {t.idx + len(t.text): t.i + 1 for t in doc}

    def tokens(span):
        s = tok_start.get(span[0])
        e = tok_end.get(span[1])
        if s is None or e is None:  # the tokenizer cut inside the name: take the tokens it overlaps
            inside = [t.i for t in doc if t.idx < span[1] and t.idx + len(t.text) > span[0]]
            if not inside:
                return None
            s, e = inside[0], inside[-1] + 1
        return s, e

    labels: dict[tuple[str, str], str] = {}
    symmetric = {name for name, _, _, sym in learned._entity_relations() if sym}
    for t in ex["triples"]:
        if isinstance(t["o"], str):
            rel = _camel(t["p"])
            labels.setdefault((t["s"], t["o"]), rel)
            if rel in symmetric:
                labels.setdefault((t["o"], t["s"]), rel)
    spans = {eid: [x for x in (tokens(sp) for sp in sps) if x] for eid, sps in ex["mentions"].items()}
    out = []
    ids = sorted(spans)
    for a in ids:
        for b in ids:
            if a == b or not spans[a] or not spans[b]:
                continue
            ca, cb = ex["types"][a], ex["types"][b]
            if not learned.admitted(ca, cb):
                continue
            best = None
            for sa in spans[a]:
                for sb in spans[b]:
                    if not (sa[1] <= sb[0] or sb[1] <= sa[0]):
                        continue
                    gap = sb[0] - sa[1] if sa[1] <= sb[0] else sa[0] - sb[1]
                    if best is None or gap < best[0]:
                        best = (gap, sa, sb)
            if best is None:
                continue
            out.append(((*best[1], ca), (*best[2], cb), labels.get((a, b), "none")))
    return out


def featurize(examples: list[dict], log=print) -> tuple[numpy.ndarray, list[str], list[int]]:
    """Feature rows, labels and the example index of each row."""
    from ..nlp import load_pipeline

    rows, labels, owner = [], [], []
    by_lang: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        by_lang.setdefault(ex["lang"], []).append(i)
    t0 = time.perf_counter()
    for lang, idx in sorted(by_lang.items()):
        nlp, _ = load_pipeline(lang)
        for k in range(0, len(idx), 64):
            chunk = idx[k:k + 64]
            docs = [nlp.make_doc(examples[i]["text"]) for i in chunk]
            for i, doc, vec in zip(chunk, docs, learned.token_vectors(docs)):
                for s, o, label in example_pairs(examples[i], doc):
                    rows.append(learned.pair_features(vec, s, o))
                    labels.append(label)
                    owner.append(i)
        log(f"features: {lang} {len(idx)} examples, {sum(1 for o in owner if examples[o]['lang'] == lang)} pairs "
            f"({time.perf_counter() - t0:.0f} s)")
    return numpy.stack(rows), labels, owner


def train(x: numpy.ndarray, y: numpy.ndarray, classes: int, *, epochs: int = 40, hidden: int = HIDDEN,
          lr: float = 1e-3, l2: float = 1e-4, batch: int = 128) -> dict:
    """A one-hidden-layer ReLU network, softmax output, Adam; deterministic."""
    rng = numpy.random.default_rng(SEED)
    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-3
    xs = ((x - mean) / scale).astype(numpy.float32)
    d = xs.shape[1]
    params = {"w1": (rng.standard_normal((d, hidden)) * numpy.sqrt(2.0 / d)).astype(numpy.float32),
              "b1": numpy.zeros(hidden, numpy.float32),
              "w2": (rng.standard_normal((hidden, classes)) * numpy.sqrt(1.0 / hidden)).astype(numpy.float32),
              "b2": numpy.zeros(classes, numpy.float32)}
    m = {k: numpy.zeros_like(v) for k, v in params.items()}
    v = {k: numpy.zeros_like(p) for k, p in params.items()}
    step = 0
    onehot = numpy.eye(classes, dtype=numpy.float32)[y]
    for _ in range(epochs):
        order = rng.permutation(len(xs))
        for k in range(0, len(order), batch):
            b = order[k:k + batch]
            xb, tb = xs[b], onehot[b]
            h_pre = xb @ params["w1"] + params["b1"]
            h = numpy.maximum(h_pre, 0)
            z = h @ params["w2"] + params["b2"]
            z -= z.max(axis=1, keepdims=True)
            p = numpy.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - tb) / len(b)
            grads = {"w2": h.T @ dz + l2 * params["w2"], "b2": dz.sum(axis=0)}
            dh = (dz @ params["w2"].T) * (h_pre > 0)
            grads["w1"] = xb.T @ dh + l2 * params["w1"]
            grads["b1"] = dh.sum(axis=0)
            step += 1
            for key in params:
                m[key] = 0.9 * m[key] + 0.1 * grads[key]
                v[key] = 0.999 * v[key] + 0.001 * grads[key] ** 2
                mh = m[key] / (1 - 0.9 ** step)
                vh = v[key] / (1 - 0.999 ** step)
                params[key] = (params[key] - lr * mh / (numpy.sqrt(vh) + 1e-8)).astype(numpy.float32)
    params["mean"], params["scale"] = mean.astype(numpy.float32), scale.astype(numpy.float32)
    return params


def _measure(relations: list[str], probs: numpy.ndarray, y: numpy.ndarray, min_precision: float):
    """Thresholds per relation, calibration and the scores they give, on out-of-fold predictions."""
    best = probs.argmax(axis=1)
    score = probs.max(axis=1)
    thresholds, calibration, report = {}, {}, {}
    floors = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95]
    for k, rel in enumerate(relations):
        if k == 0:
            continue
        pred = best == k
        gold = int((y == k).sum())
        table, threshold = [], None
        for f in floors:
            sel = pred & (score >= f)
            n = int(sel.sum())
            if n == 0:
                continue
            precision = float((y[sel] == k).mean())
            table.append([f, round(precision, 3)])
            if threshold is None and precision >= min_precision and n >= 3:
                threshold = f
        for i in range(len(table) - 2, -1, -1):  # monotone: a higher score never gets a lower confidence
            table[i][1] = min(table[i][1], table[i + 1][1])
        calibration[rel] = table
        thresholds[rel] = threshold if threshold is not None else 1.01
        sel = pred & (score >= thresholds[rel])
        tp = int((y[sel] == k).sum())
        report[rel] = {"gold": gold, "predicted": int(sel.sum()), "tp": tp}
    tp = sum(r["tp"] for r in report.values())
    pred = sum(r["predicted"] for r in report.values())
    gold = sum(r["gold"] for r in report.values())
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    report["micro"] = {"precision": round(p, 3), "recall": round(r, 3),
                       "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
    return thresholds, calibration, report


def _file_features(path: Path, cache: Path | None, log) -> tuple[numpy.ndarray, list[str], list[int]]:
    """Features of one examples file (cached under ``cache`` by the file's content hash, when given)."""
    import hashlib

    path = Path(path)
    key = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    stored = Path(cache) / f"{path.stem}-{key}.npz" if cache else None
    if stored is not None and stored.is_file():
        z = numpy.load(stored)
        return z["x"], [str(v) for v in z["y"]], [int(v) for v in z["o"]]
    examples = load_examples(path, lang_of(path))
    x, labels, owner = featurize(examples, log=log)
    if stored is not None:
        stored.parent.mkdir(parents=True, exist_ok=True)
        numpy.savez(stored, x=x, y=numpy.array(labels), o=numpy.array(owner))
    return x, labels, owner


def build(out: Path, *, data: Iterable[Path] = (), corpora: Iterable[Path] = (), min_precision: float = 0.8,
          epochs: int = 40, folds: int = FOLDS, cache: Path | None = None, max_path: int | None = None,
          languages: Iterable[str] | None = None, log=print) -> dict:
    """Train on the hand-written examples (and the corpora's, when given); measure thresholds and calibration on
    out-of-fold predictions for the hand-written examples; retrain on all; write ``out``."""
    import onnxruntime  # noqa: F401  (the encoder's runtime; fail early)

    from ..extract.learned import RelationScorer, pair_classes, restrict

    t0 = time.perf_counter()
    written = list(data) or sorted(RELATIONS_DIR.glob("*.jsonl"))
    xs, labels, fold, sources = [], [], [], {}
    for path, own in [(p, True) for p in written] + [(p, False) for p in corpora]:
        x, lab, owner = _file_features(path, cache, log)
        xs.append(x)
        labels.extend(lab)
        fold.extend(o % folds if own else -1 for o in owner)
        sources[Path(path).name] = {"examples": len(set(owner)), "pairs": len(lab), "hand_written": own}
        log(f"{Path(path).name}: {sources[Path(path).name]}")
    x = numpy.concatenate(xs)
    relations = ["none"] + sorted({lab for lab in labels if lab != "none"})
    y = numpy.array([relations.index(lab) for lab in labels])
    fold_of = numpy.array(fold)
    probs = numpy.zeros((len(y), len(relations)), numpy.float32)
    for k in range(folds):  # every hand-written pair is scored by a network that never saw its example
        test = fold_of == k
        params = train(x[~test], y[~test], len(relations), epochs=epochs)
        probs[test] = restrict(relations, RelationScorer(tuple(relations), {}, {}, params).probabilities(x[test]),
                               pair_classes(x[test]))  # as score_doc chooses
        log(f"fold {k + 1}/{folds} ({time.perf_counter() - t0:.0f} s)")
    own = fold_of >= 0
    thresholds, calibration, report = _measure(relations, probs[own], y[own], min_precision)
    log(f"out-of-fold ({int(own.sum())} pairs of hand-written examples): {report['micro']}")
    params = train(x, y, len(relations), epochs=epochs)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, arr in params.items():
        numpy.save(out / f"{name}.npy", arr)
    counts = {rel: int((y == k).sum()) for k, rel in enumerate(relations)}
    meta = {"name": "kg relscorer", "version": "0.1.0", "relations": relations, "thresholds": thresholds,
            "calibration": calibration, "min_precision": min_precision, "epochs": epochs, "hidden": HIDDEN,
            "max_path": max_path, "languages": sorted(languages) if languages else None,
            "features": int(x.shape[1]), "sources": sources, "pairs": counts, "out_of_fold": report, "folds": folds,
            "encoder": "kg/models/it_newskg/kg_encoder (multilingual-e5-small, MIT)",
            "build_seconds": round(time.perf_counter() - t0)}
    (out / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", "utf-8")
    log(f"wrote {out} in {meta['build_seconds']} s")
    return meta


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.training.relscorer", description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=learned.MODEL_DIR)
    ap.add_argument("--data", type=Path, nargs="*", default=[])
    ap.add_argument("--corpora", type=Path, nargs="*", default=[],
                    help="examples files of public corpora (python -m kg.training.relcorpora --out DIR)")
    ap.add_argument("--cache", type=Path, default=None, help="folder for cached features (by file content)")
    ap.add_argument("--min-precision", type=float, default=0.8)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--folds", type=int, default=FOLDS)
    ap.add_argument("--max-path", type=int, default=None,
                    help="at run time, score only pairs at most this many dependency arcs apart")
    ap.add_argument("--languages", nargs="*", default=None,
                    help="at run time, score only texts in these languages (default: every language)")
    args = ap.parse_args(argv)
    build(args.out, data=args.data, corpora=args.corpora, min_precision=args.min_precision, epochs=args.epochs,
          folds=args.folds, cache=args.cache, max_path=args.max_path,
          languages=args.languages,
          log=lambda m: print(m, file=sys.stderr, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
