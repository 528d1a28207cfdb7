"""Corpus preparation, training and assembly of the ``it_newskg`` pipeline.

Data splits (all paths relative to the data directory, default
``../shared/data``):

UD pipeline (tok2vec, morphologizer, trainable_lemmatizer, parser)
    train: ud_italian/it_partut-ud-{train,test}, it_vit-ud-{dev,test},
           it_postwita-ud-{dev,test}
    dev (model selection only): ud_italian/it_partut-ud-dev
    never used: it_isdt-ud-dev (evaluation only)

NER pipeline (ner with its own embedded tok2vec)
    train: kind_wikinews/evalita-2023/WN_train.tsv minus every 10th
           10-sentence document, + kind_all/dataset_*_train.tsv
           (the Wikinews part is repeated twice so news outweighs the other domains)
    dev (model selection only): every 10th 10-sentence document of WN_train
    never used: WN_dev.tsv (evaluation only)

The two pipelines train concurrently in two ``spacy train`` processes (one
CPU thread each) and are then merged: the NER component is *sourced* into the
UD pipeline; it carries its own tok2vec so no listeners need replacing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import spacy

from .convert import conllu_to_docs, ner_sentences_to_docs, read_ner_tsv, write_docbin

__all__ = [
    "CONFIG_DIR",
    "UD_TRAIN",
    "UD_DEV",
    "NER_KIND_ALL",
    "make_corpora",
    "train_pipeline",
    "assemble",
    "build",
    "MODEL_META",
]

CONFIG_DIR = Path(__file__).parent / "configs"

UD_TRAIN = [
    "ud_italian/it_partut-ud-train.conllu",
    "ud_italian/it_partut-ud-test.conllu",
    "ud_italian/it_vit-ud-dev.conllu",
    "ud_italian/it_vit-ud-test.conllu",
    "ud_italian/it_postwita-ud-dev.conllu",
    "ud_italian/it_postwita-ud-test.conllu",
]
UD_DEV = ["ud_italian/it_partut-ud-dev.conllu"]
NER_WN_TRAIN = "kind_wikinews/evalita-2023/WN_train.tsv"
NER_KIND_ALL = [
    "kind_all/dataset_degasperi_train.tsv",
    "kind_all/dataset_fiction_train.tsv",
    "kind_all/dataset_moro_train.tsv",
]

MODEL_META = {
    "name": "it_newskg",
    "lang": "it",
    "version": "0.1.0",
    "description": (
        "Italian CNN pipeline for the kg news knowledge-graph builder: "
        "tok2vec, morphologizer, trainable_lemmatizer, parser, ner (PER/LOC/ORG). "
        "Trained on UD Italian (ParTUT, VIT, PoSTWITA) and KIND."
    ),
    "author": "kg developers",
    "license": "CC BY-NC-SA 4.0",
    "sources": [
        {"name": "UD Italian ParTUT / VIT / PoSTWITA", "url": "https://universaldependencies.org",
         "license": "CC BY-NC-SA 3.0/4.0"},
        {"name": "KIND (Wikinews, De Gasperi, Moro, fiction)", "url": "https://github.com/dhfbk/KIND",
         "license": "CC BY-NC-SA 4.0 / CC BY-NC 4.0"},
    ],
}


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def make_corpora(data: Path, work: Path, ner_kind_all: bool = True,
                 ner_dev_every: int = 10, wn_repeat: int = 2) -> Dict[str, Path]:
    """Convert the raw corpora into ``.spacy`` files under ``work/corpus``."""
    data, out = Path(data), Path(work) / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("it").vocab
    paths = {}

    def ud(files: Sequence[str], name: str) -> None:
        docs = []
        for f in files:
            docs.extend(conllu_to_docs((data / f).read_text(encoding="utf8"), vocab))
        paths[name] = out / f"{name}.spacy"
        n = write_docbin(docs, paths[name])
        _log(f"{name}: {n} docs, {sum(len(d) for d in docs)} tokens")

    ud(UD_TRAIN, "ud_train")
    ud(UD_DEV, "ud_dev")

    wn_docs = list(ner_sentences_to_docs(
        read_ner_tsv((data / NER_WN_TRAIN).read_text(encoding="utf8")), vocab))
    ner_dev = [d for i, d in enumerate(wn_docs) if i % ner_dev_every == ner_dev_every - 1]
    ner_train = [d for i, d in enumerate(wn_docs) if i % ner_dev_every != ner_dev_every - 1]
    if ner_kind_all:
        # keep in-domain news at least as heavy as the other domains
        ner_train = ner_train * wn_repeat
        for f in NER_KIND_ALL:
            ner_train.extend(ner_sentences_to_docs(
                read_ner_tsv((data / f).read_text(encoding="utf8")), vocab))
    for name, docs in (("ner_train", ner_train), ("ner_dev", ner_dev)):
        paths[name] = out / f"{name}.spacy"
        n = write_docbin(docs, paths[name])
        _log(f"{name}: {n} docs, {sum(len(d) for d in docs)} tokens, "
             f"{sum(len(d.ents) for d in docs)} entities")
    return paths


def _train_cmd(config: Path, out: Path, train: Path, dev: Path,
               overrides: Optional[Dict[str, object]] = None) -> List[str]:
    cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(out),
           "--paths.train", str(train), "--paths.dev", str(dev)]
    for k, v in (overrides or {}).items():
        cmd += [f"--{k}", str(v)]
    return cmd


def train_pipeline(config: Path, out: Path, train: Path, dev: Path,
                   overrides: Optional[Dict[str, object]] = None,
                   minutes: Optional[float] = None) -> subprocess.Popen:
    """Start ``spacy train`` in a single-threaded subprocess; return the Popen.

    ``minutes`` is enforced by :func:`_wait` (the process is stopped and the
    best checkpoint so far is used).
    """
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    log = open(out / "train.log", "w")
    cmd = _train_cmd(config, out, train, dev, overrides)
    _log("start: " + " ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    proc.deadline = time.time() + minutes * 60 if minutes else None  # type: ignore[attr-defined]
    proc.out_dir = out  # type: ignore[attr-defined]
    return proc


def _wait(procs: List[subprocess.Popen]) -> None:
    pending = list(procs)
    while pending:
        for p in list(pending):
            if p.poll() is not None:
                _log(f"{p.out_dir} finished (rc={p.returncode})")
                pending.remove(p)
            elif p.deadline and time.time() > p.deadline:
                _log(f"{p.out_dir}: time budget reached, stopping")
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
                pending.remove(p)
        time.sleep(5)
    for p in procs:
        best = Path(p.out_dir) / "model-best"
        if not best.exists():
            raise RuntimeError(f"training in {p.out_dir} produced no model-best; see train.log")


def assemble(ud_model: Path, ner_model: Path, out: Path,
             meta: Optional[dict] = None) -> spacy.Language:
    """Source the NER component into the UD pipeline and save to ``out``."""
    nlp = spacy.load(ud_model)
    ner_nlp = spacy.load(ner_model)
    nlp.add_pipe("ner", source=ner_nlp)
    m = dict(MODEL_META)
    m.update(meta or {})
    for k in ("name", "version", "description", "author", "license", "sources"):
        nlp.meta[k] = m[k]
    nlp.meta["performance"] = {}
    out = Path(out)
    keep = out / "README.md"
    card = keep.read_text(encoding="utf8") if keep.exists() else None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    if card is not None:
        keep.write_text(card, encoding="utf8")
    _log(f"assembled {nlp.pipe_names} -> {out}")
    return nlp


def build(data: Path, out: Path, work: Path, minutes: float = 80.0,
          ud_overrides: Optional[Dict[str, object]] = None,
          ner_overrides: Optional[Dict[str, object]] = None,
          ner_kind_all: bool = True) -> spacy.Language:
    """Full rebuild: corpora, concurrent training, assembly."""
    t0 = time.time()
    work = Path(work)
    paths = make_corpora(data, work, ner_kind_all=ner_kind_all)
    ud = train_pipeline(CONFIG_DIR / "ud.cfg", work / "ud", paths["ud_train"],
                        paths["ud_dev"], ud_overrides, minutes)
    ner = train_pipeline(CONFIG_DIR / "ner.cfg", work / "ner", paths["ner_train"],
                         paths["ner_dev"], ner_overrides, minutes)
    _wait([ud, ner])
    nlp = assemble(work / "ud" / "model-best", work / "ner" / "model-best", out)
    _log(f"build finished in {(time.time() - t0) / 60:.1f} min")
    return nlp
