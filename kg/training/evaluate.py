"""Evaluate a pipeline on the held-out evaluation files.

* NER: ``kind_wikinews/evalita-2023/WN_dev.tsv`` (precision/recall/F1,
  overall and per label);
* POS / morphology / lemma / dependencies / sentences:
  ``ud_italian/it_isdt-ud-dev.conllu``.

Gold documents are built with :mod:`kg.training.convert` (10 sentences per
document, multi-word tokens merged); the pipeline tokenises the raw text itself
and spaCy's :class:`~spacy.scorer.Scorer` aligns its tokens to the gold ones,
so the scores include tokenisation errors.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Dict, Union

import spacy
from spacy.training import Example

from .. import encoder  # noqa: F401  (registers kg_encoder and the kg.* architectures)
from .convert import conllu_to_docs, ner_sentences_to_docs, read_ner_tsv

__all__ = ["NER_EVAL", "UD_EVAL", "evaluate", "format_scores"]

NER_EVAL = "kind_wikinews/evalita-2023/WN_dev.tsv"
UD_EVAL = "ud_italian/it_isdt-ud-dev.conllu"
UD_HEADS = ("tagger", "morphologizer", "trainable_lemmatizer", "lemmatizer", "parser", "senter")


def _examples(nlp, golds):
    return [Example(nlp.make_doc(g.text), g) for g in golds]


def evaluate(model: Union[str, Path, "spacy.Language"], data: Union[str, Path]) -> Dict[str, object]:
    """Return a dict with ``ner`` and ``ud`` score dicts (spaCy Scorer keys)."""
    nlp = spacy.load(model) if not hasattr(model, "pipe_names") else model
    data = Path(data)
    out: Dict[str, object] = {"model": str(model), "pipes": list(nlp.pipe_names)}
    if "ner" in nlp.pipe_names:
        golds = list(ner_sentences_to_docs(
            read_ner_tsv((data / NER_EVAL).read_text(encoding="utf8")), nlp.vocab))
        ex = _examples(nlp, golds)
        t0 = time.time()
        # the ner and what it reads (the encoder, its tok2vec), not the UD heads
        with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p in UD_HEADS]):
            s = nlp.evaluate(ex)
        out["ner"] = {k: s[k] for k in ("ents_p", "ents_r", "ents_f", "ents_per_type")}
        out["ner"]["n_docs"] = len(golds)
        out["ner"]["n_gold_ents"] = sum(len(g.ents) for g in golds)
        out["ner"]["seconds"] = round(time.time() - t0, 1)
    golds = list(conllu_to_docs((data / UD_EVAL).read_text(encoding="utf8"), nlp.vocab))
    ex = _examples(nlp, golds)
    t0 = time.time()
    enable = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(enable=enable):
        s = nlp.evaluate(ex)
    keys = ("token_acc", "pos_acc", "morph_acc", "lemma_acc", "dep_uas", "dep_las",
            "sents_p", "sents_r", "sents_f")
    out["ud"] = {k: s.get(k) for k in keys}
    out["ud"]["n_docs"] = len(golds)
    out["ud"]["n_tokens"] = sum(len(g) for g in golds)
    out["ud"]["seconds"] = round(time.time() - t0, 1)
    return out


def _pct(v) -> str:
    return "  n/a" if v is None else f"{100 * v:5.2f}"


def format_scores(s: Dict[str, object]) -> str:
    """Human-readable table of :func:`evaluate` output."""
    lines = [f"model: {s['model']}", f"pipes: {', '.join(s['pipes'])}"]
    ner = s.get("ner")
    if ner:
        lines.append(f"\nNER on {NER_EVAL} ({ner['n_docs']} docs, {ner['n_gold_ents']} gold entities)")
        lines.append(f"  {'label':6} {'P':>6} {'R':>6} {'F1':>6}")
        lines.append(f"  {'ALL':6} {_pct(ner['ents_p']):>6} {_pct(ner['ents_r']):>6} {_pct(ner['ents_f']):>6}")
        for lab, v in sorted((ner.get("ents_per_type") or {}).items()):
            lines.append(f"  {lab:6} {_pct(v['p']):>6} {_pct(v['r']):>6} {_pct(v['f']):>6}")
    ud = s["ud"]
    lines.append(f"\nUD on {UD_EVAL} ({ud['n_tokens']} tokens, multi-word tokens merged)")
    for k, name in (("token_acc", "TOKEN"), ("pos_acc", "UPOS"), ("morph_acc", "MORPH"),
                    ("lemma_acc", "LEMMA"), ("dep_uas", "UAS"), ("dep_las", "LAS"),
                    ("sents_f", "SENT_F")):
        lines.append(f"  {name:7} {_pct(ud[k])}")
    return "\n".join(lines)
