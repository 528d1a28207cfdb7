"""The ``kg_encoder`` component: windows, piece/token alignment, the listener layer.

Alignment and windows are tested on hand-made offsets; the rest runs the
encoder files shipped in ``kg/models/it_newskg/kg_encoder`` (real onnxruntime,
real tokenizer).
"""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy

from kg.encoder import encoder_listener, piece_windows, token_spans

__all__: list = []

ENCODER = Path(__file__).resolve().parents[1] / "kg" / "models" / "it_newskg" / "kg_encoder"
needs_files = pytest.mark.skipif(not (ENCODER / "encoder.onnx").exists(), reason="encoder files missing")


@pytest.mark.parametrize("n", [0, 1, 254, 255, 1000, 7001])
def test_windows_cover_every_piece_and_respect_the_size(n):
    spans, owner = piece_windows(n, 256, 192)
    assert len(owner) == n
    assert all(0 < e - s <= 254 for s, e in spans) or n == 0
    assert spans[0][0] == 0 and spans[-1][1] == n
    for j, w in enumerate(owner):  # each piece's vector comes from a window holding it
        s, e = spans[w]
        assert s <= j < e
    if n > 254:  # away from the text's ends, a piece keeps at least 31 pieces of context
        for j in range(n):
            s, e = spans[owner[j]]
            assert min(j - s, e - 1 - j) >= min(31, j, n - 1 - j)


def test_window_arguments_are_checked():
    with pytest.raises(ValueError):
        piece_windows(10, 2, 1)
    with pytest.raises(ValueError):
        piece_windows(10, 8, 7)


def _spans(text, offsets, tokens):
    starts = numpy.array([text.index(t) for t in tokens])
    ends = starts + numpy.array([len(t) for t in tokens])
    lo, hi = token_spans(text, offsets, starts, ends)
    return list(zip(lo.tolist(), hi.tolist()))


def test_alignment_of_elisions_and_quotes():
    # pieces as SentencePiece cuts them: "▁dell" "’" "ONU" "▁«" "sì" "»"; spaCy's
    # tokens: "dell’" "ONU" "«" "sì" "»"
    text = "dell’ONU «sì»"
    offsets = [(0, 4), (4, 5), (5, 8), (8, 10), (10, 12), (12, 13)]
    assert _spans(text, offsets, ["dell’", "ONU", "«", "sì", "»"]) == [
        (0, 2), (2, 3), (3, 4), (4, 5), (5, 6)]


def test_a_piece_across_two_tokens_counts_for_both():
    text = "l'Aquila"
    offsets = [(0, 1), (1, 3), (3, 8)]  # "▁l" "'A" "quila"
    assert _spans(text, offsets, ["l'", "Aquila"]) == [(0, 2), (1, 3)]


def test_white_space_tokens_get_no_piece():
    text = "a \n\n b"
    offsets = [(0, 1), (4, 6)]  # "▁a" and "▁b" (its leading space is not part of it)
    lo, hi = token_spans(text, offsets, numpy.array([0, 2, 5]), numpy.array([1, 4, 6]))
    assert (hi - lo).tolist() == [1, 0, 1]


@pytest.fixture(scope="module")
def nlp():
    import kg.encoder  # noqa: F401

    nlp = spacy.blank("it")
    nlp.add_pipe("kg_encoder").initialize(path=str(ENCODER))
    return nlp


def _norms(doc):
    return numpy.linalg.norm(doc._.kg_encoder, axis=1)


@needs_files
def test_every_token_gets_a_vector(nlp):
    doc = nlp("Il presidente dell’ONU ha detto «basta» all'Aquila 🙂, vedi "
              "https://www.repubblica.it/esteri/2024/01/02/news?id=1 \n\n Fine.")
    assert doc._.kg_encoder.shape == (len(doc), 384) and doc._.kg_encoder.dtype == numpy.float32
    for token, norm in zip(doc, _norms(doc)):
        assert (norm == 0) == token.is_space, token.text
    assert "https://www.repubblica.it/esteri/2024/01/02/news?id=1" in [t.text for t in doc]


# written for this test
NEWS = ("Il consiglio comunale di Bologna ha approvato ieri sera il bilancio per il prossimo anno. "
        "La sindaca ha spiegato che i fondi per le scuole cresceranno del dieci per cento, mentre "
        "quelli per la manutenzione delle strade resteranno invariati. L'opposizione ha votato "
        "contro, sostenendo che le tasse locali sono già troppo alte per le famiglie. Secondo "
        "l'assessore al bilancio, la città riceverà anche un contributo della Regione Emilia-Romagna "
        "per il trasporto pubblico. I sindacati dei dipendenti comunali hanno chiesto un incontro "
        "entro la fine del mese, perché il contratto integrativo è scaduto da due anni. Nel frattempo "
        "l'azienda dei trasporti ha annunciato nuove linee di autobus verso la periferia e verso "
        "l'aeroporto Marconi. Il presidente della Camera di commercio ha definito il bilancio "
        "«prudente ma coraggioso». Un gruppo di cittadini ha raccolto firme contro la chiusura "
        "della biblioteca di quartiere, che secondo il piano dovrebbe trasferirsi in un edificio "
        "più grande vicino alla stazione. La prossima seduta del consiglio è prevista per giovedì.")


@needs_files
def test_a_5000_word_document_is_windowed_not_truncated(nlp):
    doc = nlp(" ".join([NEWS] * 28))  # about 5,100 tokens, far beyond the encoder's 512 positions
    assert len(doc) > 5000 and doc._.kg_encoder.shape == (len(doc), 384)
    assert (_norms(doc) > 0).all() and numpy.isfinite(doc._.kg_encoder).all()
    # the text's last copy is encoded much like its first (different windows)
    n = len(nlp.make_doc(NEWS))
    a, b = doc._.kg_encoder[:n], doc._.kg_encoder[-n:]
    cos = (a * b).sum(1) / numpy.linalg.norm(a, axis=1) / numpy.linalg.norm(b, axis=1)
    assert numpy.median(cos) > 0.8


@needs_files
def test_windows_change_little_with_enough_context(nlp):
    text = NEWS + " " + NEWS[:400]  # about 380 pieces: two windows of 254
    windowed = nlp(text)._.kg_encoder
    whole = spacy.blank("it")
    whole.add_pipe("kg_encoder", config={"model": {"@architectures": "kg.OnnxEncoder.v1",
                                                   "window": 512, "stride": 510}})
    whole.get_pipe("kg_encoder").initialize(path=str(ENCODER))
    one = whole(text)._.kg_encoder  # one window
    cos = (one * windowed).sum(1) / numpy.linalg.norm(one, axis=1) / numpy.linalg.norm(windowed, axis=1)
    assert numpy.median(cos) > 0.95


@needs_files
def test_docs_with_vectors_are_not_encoded_again(nlp):
    doc = nlp.make_doc("Roma è bella.")
    doc._.kg_encoder = numpy.ones((len(doc), 384), dtype=numpy.float32)
    assert (nlp.get_pipe("kg_encoder")(doc)._.kg_encoder == 1).all()


def test_listener_needs_the_encoder_to_have_run():
    doc = spacy.blank("it")("Roma è bella.")
    layer = encoder_listener()
    with pytest.raises(ValueError, match="kg_encoder has not run"):
        layer.predict([doc])
    doc._.kg_encoder = numpy.zeros((len(doc), 384), dtype=numpy.float32)
    assert layer.predict([doc])[0].shape == (4, 384)


@pytest.mark.parametrize("options", [{}, {"depth": 2}, {"depth": 0, "lstm_depth": 1}])
def test_features_layer_shapes(options):
    from kg.encoder import encoder_features

    doc = spacy.blank("it")("Il sindaco di Bologna.")
    doc._.kg_encoder = numpy.random.default_rng(0).normal(size=(len(doc), 384)).astype("float32")
    layer = encoder_features(width=64, **options)
    layer.initialize(X=[doc])
    assert layer.predict([doc])[0].shape == (len(doc), 64)
