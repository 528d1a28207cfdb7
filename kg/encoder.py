"""The multilingual encoder as a spaCy component, and the layer its listeners read.

``kg_encoder`` (factory) runs multilingual-e5-small, pruned and quantised
(``encoder.onnx`` + ``tokenizer.json`` in the component's folder, made by
:mod:`kg.training.export`), on onnxruntime, and stores one vector per spaCy
token in ``doc._.kg_encoder`` (float32 ``[len(doc), width]``): the mean of the
vectors of the subword pieces that overlap the token's characters.

* **Alignment** goes by character offsets, so spaCy's tokens and the
  SentencePiece pieces need not agree: ``dell’`` + ``ONU`` are pieces
  ``▁dell`` ``’`` ``ONU``; a piece spanning two tokens counts for both; a
  token no piece covers (white space) gets zeros.
* **Long texts** are split into windows of ``window`` pieces (``<s>`` and
  ``</s>`` included) that start every ``stride`` pieces, the last one ending
  with the text; each piece takes its vector from the window in which it sits
  farthest from an edge.  Nothing is truncated.
* Windows of a batch of documents are sorted by length and run in batches of
  at most ``batch_tokens`` pieces (padding costs time).

The encoder is frozen.  Trainable components read its output through the
``kg.EncoderFeatures.v1`` layer (a listener: :func:`encoder_listener`, then a
trainable projection and window encoder), registered in spaCy's
architectures like spaCy's own ``Tok2VecListener``.

Imported by :mod:`kg.nlp` before a pipeline is loaded (and named in the
``spacy_factories`` / ``spacy_architectures`` entry points, so plain
``spacy.load`` finds the component too); onnxruntime and tokenizers are
imported when a component loads its files.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, chain, with_array
from thinc.types import Floats2d

__all__ = ["Encoder", "EncoderRuntime", "make_encoder", "encoder_listener", "encoder_features",
           "piece_windows", "token_spans", "FILES"]

FILES = ("encoder.onnx", "tokenizer.json")
BOS, PAD, EOS = 0, 1, 2  # XLM-R's special pieces keep their ids in the pruned vocabulary

if not Doc.has_extension("kg_encoder"):
    Doc.set_extension("kg_encoder", default=None)


def piece_windows(n: int, window: int, stride: int) -> Tuple[List[Tuple[int, int]], numpy.ndarray]:
    """Windows over ``n`` pieces and the window each piece takes its vector from.

    Each window holds at most ``window - 2`` pieces (room for ``<s>`` and
    ``</s>``); they start every ``stride`` pieces and the last one ends at
    ``n``.  Returns ``([(start, end), ...], owner)`` with ``owner[j]`` the
    window in which piece ``j`` is farthest from an edge.

    >>> piece_windows(5, 8, 4)[0]
    [(0, 5)]
    >>> spans, owner = piece_windows(10, 8, 4)
    >>> spans, owner.tolist()
    ([(0, 6), (4, 10)], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    """
    size = window - 2
    if size < 1 or not 0 < stride <= size:
        raise ValueError(f"window {window} / stride {stride}: need 0 < stride <= window - 2")
    if n <= size:
        return [(0, n)], numpy.zeros(n, dtype=numpy.int64)
    starts = list(range(0, n - size, stride)) + [n - size]
    spans = [(s, s + size) for s in starts]
    j = numpy.arange(n)
    margin = numpy.stack([numpy.where((j >= s) & (j < e), numpy.minimum(j - s, e - 1 - j), -1)
                          for s, e in spans])
    return spans, margin.argmax(axis=0)


def token_spans(text: str, offsets: Sequence[Tuple[int, int]], starts: numpy.ndarray,
                ends: numpy.ndarray) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """For each token (character ``[starts[i], ends[i])``), the range of pieces
    ``[lo[i], hi[i])`` whose characters overlap it.

    ``offsets`` are the pieces' character spans in ``text``, in order; a
    piece's leading white space (SentencePiece's ``▁``) is not part of it.
    An empty range means no piece covers the token.

    >>> lo, hi = token_spans("l'ONU", [(0, 1), (1, 2), (2, 5)],
    ...                      numpy.array([0, 2]), numpy.array([2, 5]))
    >>> lo.tolist(), hi.tolist()
    ([0, 2], [2, 3])
    """
    p_start = numpy.empty(len(offsets), dtype=numpy.int64)
    p_end = numpy.empty(len(offsets), dtype=numpy.int64)
    for k, (s, e) in enumerate(offsets):
        while s < e and text[s].isspace():
            s += 1
        p_start[k], p_end[k] = s, e
    lo = numpy.searchsorted(p_end, starts, side="right")
    hi = numpy.searchsorted(p_start, ends, side="left")
    return lo, numpy.maximum(hi, lo)


class EncoderRuntime:
    """The loaded files: the pruned tokenizer and the onnxruntime session."""

    def __init__(self, path: Path, threads: int = 0):
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are dependencies of newskg
            raise ImportError(f"kg_encoder needs onnxruntime and tokenizers: {exc}") from exc
        path = Path(path)
        self.path = path
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(path / "encoder.onnx"), options,
                                                    providers=["CPUExecutionProvider"])
        self.width = int(self.session.get_outputs()[0].shape[-1])

    def run(self, windows: List[Sequence[int]], batch_tokens: int) -> List[numpy.ndarray]:
        """Encode each list of piece ids (without specials); return ``[len, width]``
        arrays, in order."""
        out: List[Optional[numpy.ndarray]] = [None] * len(windows)
        order = sorted(range(len(windows)), key=lambda i: (len(windows[i]), i))
        k = 0
        while k < len(order):
            longest = len(windows[order[k]]) + 2
            size = max(1, batch_tokens // longest)
            group = order[k:k + size]
            longest = max(len(windows[i]) for i in group) + 2
            ids = numpy.full((len(group), longest), PAD, dtype=numpy.int64)
            mask = numpy.zeros((len(group), longest), dtype=numpy.int64)
            for r, i in enumerate(group):
                n = len(windows[i])
                ids[r, 0], ids[r, 1:n + 1], ids[r, n + 1] = BOS, windows[i], EOS
                mask[r, :n + 2] = 1
            feats = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            for r, i in enumerate(group):
                out[i] = feats[r, 1:len(windows[i]) + 1]
            k += len(group)
        return out  # type: ignore[return-value]


def _forward_docs(model: Model, docs: List[Doc], is_train: bool):
    runtime: Optional[EncoderRuntime] = model.attrs.get("runtime")
    if runtime is None:
        raise ValueError("kg_encoder has no encoder files: load the pipeline from disk, or "
                         "initialize the component with the path of a folder holding "
                         + " and ".join(FILES))
    window, stride = model.attrs["window"], model.attrs["stride"]
    encodings = runtime.tokenizer.encode_batch([d.text for d in docs], add_special_tokens=False)
    jobs, plan = [], []
    for enc in encodings:
        spans, owner = piece_windows(len(enc.ids), window, stride)
        plan.append((len(jobs), spans, owner))
        jobs.extend(enc.ids[s:e] for s, e in spans)
    outputs = runtime.run(jobs, model.attrs["batch_tokens"]) if jobs else []
    width = runtime.width
    result = []
    for doc, enc, (first, spans, owner) in zip(docs, encodings, plan):
        pieces = numpy.zeros((len(enc.ids), width), dtype=numpy.float32)
        for w, (s, e) in enumerate(spans):
            mine = numpy.nonzero(owner[s:e] == w)[0]
            pieces[s + mine] = outputs[first + w][mine]
        starts = numpy.fromiter((t.idx for t in doc), dtype=numpy.int64, count=len(doc))
        ends = starts + numpy.fromiter((len(t.text) for t in doc), dtype=numpy.int64, count=len(doc))
        lo, hi = token_spans(doc.text, enc.offsets, starts, ends)
        cum = numpy.vstack([numpy.zeros((1, width), dtype=numpy.float64),
                            numpy.cumsum(pieces, axis=0, dtype=numpy.float64)])
        count = (hi - lo)[:, None]
        tokens = (cum[hi] - cum[lo]) / numpy.maximum(count, 1)
        result.append(tokens.astype(numpy.float32))
    return result, lambda d_out: []


@registry.architectures("kg.OnnxEncoder.v1")
def onnx_encoder(window: int = 256, stride: int = 192, batch_tokens: int = 4096,
                 threads: int = 0) -> Model[List[Doc], List[Floats2d]]:
    """The frozen encoder as a thinc model: docs in, one ``[len(doc), width]``
    array per doc out.  Its files are loaded by :class:`Encoder` (from disk, or
    by ``initialize(path=...)``); ``threads`` 0 lets onnxruntime choose."""
    piece_windows(window, window, stride)  # validates window and stride
    return Model("kg_onnx_encoder", _forward_docs,
                 attrs={"window": window, "stride": stride, "batch_tokens": batch_tokens,
                        "threads": threads, "runtime": None})


class Encoder(Pipe):
    """spaCy component: sets ``doc._.kg_encoder``.  Not trainable (frozen)."""

    def __init__(self, vocab, model: Model, name: str = "kg_encoder"):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: dict = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        from spacy.util import minibatch

        for docs in minibatch(stream, size=batch_size):
            self.set_annotations(docs, self.predict(docs))
            yield from docs

    def predict(self, docs: List[Doc]) -> List[Optional[numpy.ndarray]]:
        """Encode the docs that have no vectors yet (a training corpus may have
        attached cached ones: :mod:`kg.training.features`)."""
        todo = [d for d in docs if not _has_features(d)]
        encoded = iter(self.model.predict(todo)) if todo else iter(())
        return [None if _has_features(d) else next(encoded) for d in docs]

    def set_annotations(self, docs: List[Doc], arrays: List[Optional[numpy.ndarray]]) -> None:
        for doc, array in zip(docs, arrays):
            if array is not None:
                doc._.kg_encoder = array

    def initialize(self, get_examples: Callable = None, *, nlp: Language = None,
                   path: Optional[str] = None) -> None:
        """Load the encoder files from ``path`` (``[initialize.components.kg_encoder]``)."""
        if path is None:
            raise ValueError("kg_encoder: initialize needs the path of the encoder files")
        self._load(Path(path))

    def _load(self, path: Path) -> None:
        missing = [f for f in FILES if not (path / f).is_file()]
        if missing:
            raise ValueError(f"kg_encoder: {path} lacks {', '.join(missing)}")
        self.model.attrs["runtime"] = EncoderRuntime(path, self.model.attrs["threads"])

    def to_disk(self, path, *, exclude=tuple()) -> None:
        runtime = self.model.attrs.get("runtime")
        if runtime is None:
            raise ValueError("kg_encoder: nothing to save (no encoder files loaded)")
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for f in FILES:
            if (runtime.path / f).resolve() != (path / f).resolve():
                shutil.copyfile(runtime.path / f, path / f)

    def from_disk(self, path, *, exclude=tuple()) -> "Encoder":
        self._load(Path(path))
        return self

    def to_bytes(self, *, exclude=tuple()):  # pragma: no cover - spaCy pickles via to_disk here
        raise NotImplementedError("kg_encoder is saved with to_disk")


def _has_features(doc: Doc) -> bool:
    array = doc._.kg_encoder
    return array is not None and len(array) == len(doc)


@Language.factory("kg_encoder", default_config={"model": {"@architectures": "kg.OnnxEncoder.v1"}})
def make_encoder(nlp: Language, name: str, model: Model) -> Encoder:
    """spaCy factory of :class:`Encoder`."""
    return Encoder(nlp.vocab, model, name)


def _listen(model: Model, docs: List[Doc], is_train: bool):
    arrays = []
    for doc in docs:
        if not _has_features(doc):
            raise ValueError(f"{model.attrs['upstream']} has not run on this doc: the component "
                             "reading its features must come after it in the pipeline")
        arrays.append(model.ops.asarray2f(doc._.kg_encoder))
    return arrays, lambda d_arrays: []


@registry.architectures("kg.EncoderListener.v1")
def encoder_listener(width: int = 384, upstream: str = "kg_encoder") -> Model[List[Doc], List[Floats2d]]:
    """The frozen encoder's vectors of each doc (``doc._.kg_encoder``); no gradient flows back."""
    return Model("kg_encoder_listener", _listen, dims={"nO": width}, attrs={"upstream": upstream})


@registry.architectures("kg.EncoderFeatures.v1")
def encoder_features(width: int = 256, depth: int = 1, window_size: int = 1, maxout_pieces: int = 3,
                     upstream_width: int = 384, lstm_depth: int = 0) -> Model[List[Doc], List[Floats2d]]:
    """A tok2vec layer for spaCy's trainable components: the listener, a
    Maxout projection to ``width``, ``depth`` residual window-encoder layers
    (spaCy's ``MaxoutWindowEncoder``) and ``lstm_depth`` bidirectional LSTM
    layers (``width / 2`` per direction)."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder
    from thinc.api import LSTM, Maxout, with_padded

    layers = Maxout(width, upstream_width, nP=maxout_pieces, normalize=True, dropout=0.0)
    if depth:
        layers = chain(layers, MaxoutWindowEncoder(width=width, window_size=window_size,
                                                   maxout_pieces=maxout_pieces, depth=depth))
    model = chain(encoder_listener(upstream_width), with_array(layers))
    if lstm_depth:
        model = chain(model, with_padded(LSTM(width, width, bi=True, depth=lstm_depth)))
    model.set_dim("nO", width)
    return model
