"""Relation training examples from public relation corpora (issue 20).

Readers turn sentence-level (CoNLL04, Multi-CrossRE Italian) and document-level
(Re-DocRED) relation corpora into examples of the shared relation-example schema
(``id``, ``text``, ``entities`` [id, label, type, aliases], ``triples`` [s, p, o],
``tags``), plus one optional key per entity, ``spans``: the ``[start, end)``
character offsets of its mentions in ``text``, computed from the corpus's token
offsets (so ``text[start:end]`` is the mention, never a string search).
Each example is one sentence.  Only stdlib.

Mapping policy (the mapping itself is data: ``data/relation_map.tsv`` and
``data/entity_map.tsv``; :func:`load_map` reads both):

* Entity types map to kg types (Person, Organization, Place, Product, Event) or
  to ``-``: the entity is not annotated (dates, numbers, CoNLL04 ``Other``,
  untypeable Re-DocRED ``MISC``).  A Re-DocRED ``MISC`` entity is a Product or an
  Event only when one of its relations says so (head of developer/manufacturer,
  tail of platform/product-produced; head of participant, tail of participant-of
  /conflict).  Entities that are not annotated are simply absent: their pairs are
  neither positive nor negative.
* A corpus relation maps to a kg relation (``^rel``: inverted, the kg subject is
  the corpus tail), to ``none`` (the pair stays a negative) or to ``skip`` (the
  pair is neither positive nor negative).  Rows carry the kg types allowed for
  the triple's subject and object; a labelled pair whose types fit no row is
  skipped (outside the kg relation's domain/range).
* Every other pair of annotated entities of the sentence is a negative, as the
  schema says ("every pair not in ``triples`` is none").
* A pair that is positive for some label stays positive whatever its other
  labels say.  Otherwise a ``skip`` label wins over ``none``.
* The schema has no field for "this pair is not a negative", so a skipped pair
  is realised by leaving one of its two entities out of the example: the one in
  fewer positive triples (then the one in more skipped pairs, then the later
  one).  An example left with fewer than two entities is not emitted.  With
  ``skip_policy="example"`` the whole sentence is dropped instead.
* Re-DocRED: an example is one sentence of a document; an entity is in it when
  one of its mentions is; the triples are the labels whose two entities are both
  mentioned in the sentence and whose evidence (when the label has evidence)
  includes that sentence.  A labelled pair co-mentioned in a sentence that is not
  its evidence is skipped there (the sentence may not state it).  Labels without
  evidence (Re-DocRED's added triples) are taken when co-mentioned, unless
  ``require_evidence=True``, which skips them.
* CoNLL04: a relation whose head is the agency of a press dateline ("BELGRADE,
  Yugoslavia (AP)") uses the ``<label>@dateline`` row (OrgBased_In: ``none``):
  kg reads no fact from a dateline.
* Negatives are capped: sentences with no positive triple are kept for at most
  ``neg_ratio`` times as many sentences as have one (chosen deterministically by a
  hash of the example id), and sentences with more than ``max_entities``
  annotated entities are dropped (enumeration lists, O(n^2) pairs).
* ``tags`` are empty (the corpora do not say the construction), or ``["negative"]`` for an example with no
  triple.
* Splits: CoNLL04 and CrossRE read their train files only (dev is kg's
  evaluation data, test is held out); Re-DocRED reads its dev file (the only
  split in ``/work/shared/data``; its test file is held out).  A file whose name
  names a forbidden split is refused with :class:`ForbiddenSplit` when the reader
  is called, before the file is opened.

``python -m kg.training.relcorpora --out DIR`` writes the examples as JSON Lines
and prints their counts (``kg/training/RELATION_CORPORA.md``).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

__all__ = [
    "ForbiddenSplit",
    "KG_RELATIONS",
    "KG_TYPES",
    "load_map",
    "detokenize",
    "conll04_examples",
    "redocred_examples",
    "crossre_examples",
    "counts",
    "main",
]

DATA = Path(__file__).parent / "data"
KG_TYPES = ("Person", "Organization", "Product", "Place", "Event")
KG_RELATIONS = (
    "acquires", "announces", "ceo_of", "citizen_of", "competitor_of", "criticizes", "develops",
    "employee_of", "founder_of", "headquartered_in", "invests_in", "located_in", "member_of",
    "owner_of", "partner_of", "pays", "praises", "president_of", "studies", "subsidiary_of", "sues",
)
SKIP, NONE = "skip", "none"


class ForbiddenSplit(ValueError):
    """A held-out split (dev/test of a corpus whose train split is used, or any test) was asked for."""


# ---------------------------------------------------------------- the mapping files


def _rows(path: Path) -> Iterator[Dict[str, str]]:
    header: Optional[List[str]] = None
    for line in path.read_text("utf8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        cells += [""] * (len(header) - len(cells))
        yield dict(zip(header, cells))


def load_map(relation_path: Optional[Path] = None, entity_path: Optional[Path] = None) -> dict:
    """Read ``relation_map.tsv`` and ``entity_map.tsv``.

    Returns ``{"relations": {corpus: {label: [rule, ...]}}, "entities": {corpus: {type: [rule, ...]}}}``;
    a relation rule is ``{"relation", "inverse", "subject_types", "object_types", "note"}`` (types a set,
    None for any), an entity rule ``{"type", "head", "tail"}`` (``type`` None when not annotated; ``head`` /
    ``tail`` sets of labels, both None when unconditional).
    """
    relations: Dict[str, Dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(Path(relation_path or DATA / "relation_map.tsv")):
        rel = row["relation"].strip()
        inverse = rel.startswith("^")
        rel = rel.lstrip("^")
        if rel not in KG_RELATIONS and rel not in (SKIP, NONE):
            raise ValueError(f"relation_map: unknown kg relation {rel!r} for {row['corpus']} {row['label']}")
        rule = {
            "relation": rel,
            "inverse": inverse,
            "subject_types": _types(row["subject_type"]),
            "object_types": _types(row["object_type"]),
            "note": row.get("note", ""),
        }
        relations[row["corpus"]][row["label"]].append(rule)
    entities: Dict[str, Dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(Path(entity_path or DATA / "entity_map.tsv")):
        kg_type = row["kg_type"].strip()
        if kg_type != "-" and kg_type not in KG_TYPES:
            raise ValueError(f"entity_map: unknown kg type {kg_type!r}")
        head = tail = None
        cond = row.get("condition", "*").strip()
        if cond and cond != "*":
            head, tail = set(), set()
            for part in cond.split():
                side, _, labels = part.partition(":")
                (head if side == "h" else tail).update(x for x in labels.split(",") if x)
        entities[row["corpus"]][row["corpus_type"]].append(
            {"type": None if kg_type == "-" else kg_type, "head": head, "tail": tail}
        )
    return {
        "relations": {c: dict(v) for c, v in relations.items()},
        "entities": {c: dict(v) for c, v in entities.items()},
    }


def _types(cell: str):
    cell = cell.strip()
    if not cell or cell == "*":
        return None
    types = set(cell.split("|"))
    bad = types - set(KG_TYPES)
    if bad:
        raise ValueError(f"relation_map: unknown kg type(s) {sorted(bad)}")
    return types


def _resolve(rules: Optional[list], head_type: str, tail_type: str) -> Tuple[str, bool]:
    """The (relation, inverse) of the first rule whose types fit; ("skip", False) when none fits."""
    for rule in rules or ():
        s, o = (tail_type, head_type) if rule["inverse"] else (head_type, tail_type)
        if (rule["subject_types"] is None or s in rule["subject_types"]) and (
            rule["object_types"] is None or o in rule["object_types"]
        ):
            return rule["relation"], rule["inverse"]
    return SKIP, False


def _entity_type(rules: Optional[list], heads: Iterable[str] = (), tails: Iterable[str] = ()) -> Optional[str]:
    heads, tails = set(heads), set(tails)
    for rule in rules or ():
        if rule["head"] is None or heads & rule["head"] or tails & rule["tail"]:
            return rule["type"]
    return None


# ---------------------------------------------------------------- splits


def _check_split(path: Path, allowed: Sequence[str]) -> None:
    name = Path(path).name.lower()
    words = set(re.split(r"[^a-z]+", name))
    if "test" in words:
        raise ForbiddenSplit(f"{path}: a test split is held out and never read")
    for split in ("train", "dev", "valid", "validation", "val"):
        if split in words and split not in allowed:
            raise ForbiddenSplit(f"{path}: the {split} split is not used here (allowed: {', '.join(allowed)})")
    if not words & set(allowed):
        raise ForbiddenSplit(f"{path}: the file name does not say its split (allowed: {', '.join(allowed)})")


# ---------------------------------------------------------------- text


_ATTACH_LEFT = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "''", "...", "n't", "'s", "'S", "'re", "'ve",
                "'ll", "'d", "'m"}
_ATTACH_RIGHT = {"(", "[", "{", "``", "$", "#"}
_RENDER = {"``": '"', "''": '"', "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def detokenize(tokens: Sequence[str]) -> Tuple[str, List[Tuple[int, int]]]:
    """Join tokens into text; return the text and each token's ``(start, end)`` character offsets.

    >>> text, offs = detokenize(["Ann", "(", "AP", ")", "said", "10", ",", "000", "``", "hi", "''", "."])
    >>> text
    'Ann (AP) said 10,000 "hi".'
    >>> text[offs[2][0]:offs[2][1]]
    'AP'
    >>> detokenize(["`", "`", "Austria", "-", "Hungary", "'", "'", "fell"])[0]
    '"Austria-Hungary" fell'
    """
    n = len(tokens)
    toks = list(tokens)
    backquotes_open = False
    for i in range(n - 1):  # ` ` ... ' ' (split PTB double quotes): one '"', the second token empty
        if toks[i] == "`" and toks[i + 1] == "`":
            toks[i], toks[i + 1], backquotes_open = "``", "", True
        elif toks[i] == "'" and toks[i + 1] == "'" and backquotes_open:
            toks[i], toks[i + 1], backquotes_open = "''", "", False
    out: List[str] = []
    offsets: List[Tuple[int, int]] = []
    pos = 0
    glue_next = True
    dquote_open = squote_open = False
    for i, tok in enumerate(toks):
        if tok == "" and tokens[i] != "":
            offsets.append((pos, pos))
            continue
        surface = _RENDER.get(tok, tok)
        attach = glue_next
        glue_next = False
        if tok == '"':
            if dquote_open:
                attach = True
            else:
                glue_next = True
            dquote_open = not dquote_open
        elif tok == "`":
            glue_next, squote_open = True, True
        elif tok == "'" and squote_open:
            attach, squote_open = True, False
        elif tok in _ATTACH_LEFT or tok.lower() in _ATTACH_LEFT or surface in (")", "]", "}"):
            attach = True
        if tok in _ATTACH_RIGHT or surface in ("(", "[", "{"):
            glue_next = True
        # 10 , 000 -> 10,000; Austria - Hungary -> Austria-Hungary
        if tok == "," and 0 < i < n - 1 and toks[i - 1].isdigit() and re.fullmatch(r"\d{3}", toks[i + 1]):
            glue_next = True
        if tok == "-" and 0 < i < n - 1 and toks[i - 1][-1:].isalnum() and toks[i + 1][:1].isalnum():
            attach = glue_next = True
        if out and not attach:
            out.append(" ")
            pos += 1
        offsets.append((pos, pos + len(surface)))
        out.append(surface)
        pos += len(surface)
    return "".join(out), offsets


def _slug(label: str) -> str:
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^0-9a-z]+", "_", ascii_label.lower()).strip("_")
    return s or "e"


class _Builder:
    """Collects one sentence's entities and labelled pairs, then renders the example."""

    def __init__(self) -> None:
        self.entities: List[dict] = []  # {"type", "spans"}
        self.positive: set = set()  # (s_idx, rel, o_idx)
        self.skipped: set = set()  # frozenset({a, b})

    def add_entity(self, kg_type: str, spans: List[Tuple[int, int]]) -> int:
        self.entities.append({"type": kg_type, "spans": sorted(set(spans))})
        return len(self.entities) - 1

    def label(self, head: int, tail: int, relation: str, inverse: bool) -> None:
        if head == tail:
            return
        if relation == SKIP:
            self.skipped.add(frozenset((head, tail)))
        elif relation != NONE:
            s, o = (tail, head) if inverse else (head, tail)
            self.positive.add((s, relation, o))

    def build(self, example_id: str, text: str, stats: Counter, skip_policy: str = "entity") -> Optional[dict]:
        positive_pairs = {frozenset((s, o)) for s, _, o in self.positive}
        skipped = {p for p in self.skipped if p not in positive_pairs}
        keep = set(range(len(self.entities)))
        stats["pairs_skipped"] += len(skipped)
        if skipped and skip_policy == "example":
            stats["examples_dropped_skip"] += 1
            return None
        while True:
            live = [p for p in skipped if p <= keep]
            if not live:
                break
            degree = Counter(e for p in live for e in p)
            npos = Counter(e for s, _, o in self.positive if s in keep and o in keep for e in (s, o))
            drop = min(degree, key=lambda e: (npos[e], -degree[e], -e))
            keep.discard(drop)
            stats["entities_dropped_skip"] += 1
        triples = sorted((s, p, o) for s, p, o in self.positive if s in keep and o in keep)
        stats["positives_lost_skip"] += len(self.positive) - len(triples)
        if len(keep) < 2:
            stats["examples_dropped_few_entities"] += 1
            return None
        ids: Dict[int, str] = {}
        used: Counter = Counter()
        entities = []
        for idx in sorted(keep, key=lambda i: self.entities[i]["spans"][0]):
            ent = self.entities[idx]
            surfaces = []
            for start, end in ent["spans"]:
                if text[start:end] not in surfaces:
                    surfaces.append(text[start:end])
            label = text[ent["spans"][0][0] : ent["spans"][0][1]]
            base = _slug(label)
            used[base] += 1
            ids[idx] = base if used[base] == 1 else f"{base}_{used[base]}"
            entities.append(
                {
                    "id": ids[idx],
                    "label": label,
                    "type": ent["type"],
                    "aliases": [s for s in surfaces if s != label],
                    "spans": [[a, b] for a, b in ent["spans"]],
                }
            )
        return {
            "id": example_id,
            "text": text,
            "entities": entities,
            "triples": [{"s": ids[s], "p": p, "o": ids[o]} for s, p, o in triples],
            "tags": [] if triples else ["negative"],
        }


def _capped(examples: Iterable[dict], neg_ratio: Optional[float], stats: Counter) -> Iterator[dict]:
    """Yield every example with a triple and at most ``neg_ratio`` negative-only examples per positive one.

    The negative-only examples kept are those with the smallest hash of their id (deterministic, independent
    of the file order); examples come out in corpus order.  ``neg_ratio=None`` keeps them all.
    """
    examples = list(examples)
    n_pos = sum(1 for ex in examples if ex["triples"])
    negatives = [ex["id"] for ex in examples if not ex["triples"]]
    if neg_ratio is not None:
        negatives.sort(key=lambda i: hashlib.sha1(i.encode("utf8")).hexdigest())
        negatives = negatives[: int(neg_ratio * n_pos)]
    keep = set(negatives)
    for ex in examples:
        if ex["triples"]:
            stats["examples_positive"] += 1
        elif ex["id"] in keep:
            stats["examples_negative_only"] += 1
        else:
            stats["examples_dropped_negative_cap"] += 1
            continue
        yield ex


# ---------------------------------------------------------------- CoNLL04


def _dateline_agencies(rec: dict) -> set:
    """Indices of the entities that are the agency of a press dateline ('BELGRADE , Yugoslavia ( AP )').

    The entity is between brackets and everything before the opening bracket is a comma or a token of a
    location entity (at least one).
    """
    tokens, ents = rec["tokens"], rec["entities"]
    in_loc = {i for e in ents if e["type"] == "Loc" for i in range(e["start"], e["end"])}
    out = set()
    for k, e in enumerate(ents):
        start, end = e["start"], e["end"]
        if not (0 < start - 1 and end < len(tokens) and tokens[start - 1] == "(" and tokens[end] == ")"):
            continue
        before = range(start - 1)
        if any(i in in_loc for i in before) and all(i in in_loc or tokens[i] == "," for i in before):
            out.add(k)
    return out



def conll04_examples(
    path,
    *,
    mapping: Optional[dict] = None,
    neg_ratio: Optional[float] = 1.0,
    max_entities: int = 12,
    skip_policy: str = "entity",
    stats: Optional[Counter] = None,
) -> Iterator[dict]:
    """Examples from a CoNLL04 file in SpERT JSON (``conll04_train.json``; dev and test are refused).

    Entities with the same surface and type in one sentence are one entity (CoNLL04 has no coreference).
    A relation whose head is the agency of a press dateline ('BELGRADE, Yugoslavia (AP)') is looked up
    as ``<label>@dateline`` first: CoNLL04 labels OrgBased_In(AP, Belgrade) there, kg reads no fact from
    a dateline.
    """
    path = Path(path)
    _check_split(path, ("train",))
    mapping = mapping or load_map()
    rel_rules = mapping["relations"].get("conll04", {})
    ent_rules = mapping["entities"].get("conll04", {})
    stats = stats if stats is not None else Counter()
    def generate() -> Iterator[dict]:
        records = json.loads(path.read_text("utf8"))
        for n, rec in enumerate(records):
            stats["sentences"] += 1
            text, offs = detokenize(rec["tokens"])
            b = _Builder()
            index: Dict[int, int] = {}
            by_key: Dict[Tuple[str, str], int] = {}
            for k, ent in enumerate(rec["entities"]):
                kg_type = _entity_type(ent_rules.get(ent["type"]))
                if kg_type is None:
                    continue
                span = (offs[ent["start"]][0], offs[ent["end"] - 1][1])
                key = (text[span[0] : span[1]], kg_type)
                if key in by_key:
                    idx = by_key[key]
                    b.entities[idx]["spans"] = sorted(set(b.entities[idx]["spans"]) | {span})
                else:
                    idx = by_key[key] = b.add_entity(kg_type, [span])
                index[k] = idx
            agencies = _dateline_agencies(rec)
            for rel in rec["relations"]:
                stats[f"label:{rel['type']}"] += 1
                if rel["head"] not in index or rel["tail"] not in index:
                    continue
                h, t = index[rel["head"]], index[rel["tail"]]
                label = rel["type"]
                if rel["head"] in agencies and f"{label}@dateline" in rel_rules:
                    label = f"{label}@dateline"
                    stats["dateline_agency_pairs"] += 1
                relation, inverse = _resolve(rel_rules.get(label), b.entities[h]["type"], b.entities[t]["type"])
                b.label(h, t, relation, inverse)
            if len(b.entities) > max_entities:
                stats["examples_dropped_max_entities"] += 1
                continue
            ex = b.build(f"conll04-train-{rec.get('orig_id', n)}", text, stats, skip_policy)
            if ex is not None:
                yield ex

    return _capped(generate(), neg_ratio, stats)


# ---------------------------------------------------------------- Re-DocRED


def redocred_examples(
    path,
    *,
    mapping: Optional[dict] = None,
    neg_ratio: Optional[float] = 1.0,
    max_entities: int = 12,
    skip_policy: str = "entity",
    require_evidence: bool = False,
    stats: Optional[Counter] = None,
) -> Iterator[dict]:
    """Sentence examples from a Re-DocRED file (``dev_revised.json``; any test file is refused).

    ``require_evidence=True`` skips (rather than takes as positive) a mapped label that has no evidence
    sentence: most of the triples Re-DocRED added have none, and a sentence that mentions both entities
    does not always state the relation.
    """
    path = Path(path)
    _check_split(path, ("dev",))
    mapping = mapping or load_map()
    rel_rules = mapping["relations"].get("redocred", {})
    ent_rules = mapping["entities"].get("redocred", {})
    stats = stats if stats is not None else Counter()
    def generate() -> Iterator[dict]:
        docs = json.loads(path.read_text("utf8"))
        for d, doc in enumerate(docs):
            stats["documents"] += 1
            vertex = doc["vertexSet"]
            heads: Dict[int, set] = defaultdict(set)
            tails: Dict[int, set] = defaultdict(set)
            for lab in doc.get("labels", ()):
                heads[lab["h"]].add(lab["r"])
                tails[lab["t"]].add(lab["r"])
            types: Dict[int, Optional[str]] = {}
            for e, mentions in enumerate(vertex):
                corpus_type = Counter(m["type"] for m in mentions).most_common(1)[0][0]
                types[e] = _entity_type(ent_rules.get(corpus_type), heads[e], tails[e])
            for s, tokens in enumerate(doc["sents"]):
                stats["sentences"] += 1
                text, offs = detokenize(tokens)
                b = _Builder()
                index: Dict[int, int] = {}
                for e, mentions in enumerate(vertex):
                    if types[e] is None:
                        continue
                    spans = [(offs[m["pos"][0]][0], offs[m["pos"][1] - 1][1]) for m in mentions if m["sent_id"] == s]
                    if spans:
                        index[e] = b.add_entity(types[e], spans)
                if len(index) < 2:
                    continue
                for lab in doc.get("labels", ()):
                    if lab["h"] not in index or lab["t"] not in index:
                        continue
                    stats[f"label:{lab['r']}"] += 1
                    h, t = index[lab["h"]], index[lab["t"]]
                    relation, inverse = _resolve(rel_rules.get(lab["r"]), types[lab["h"]], types[lab["t"]])
                    evidence = lab.get("evidence") or []
                    if relation not in (SKIP, NONE) and evidence and s not in evidence:
                        stats["pairs_outside_evidence"] += 1
                        relation = SKIP
                    elif relation not in (SKIP, NONE) and not evidence:
                        stats[f"labels_without_evidence:{relation}"] += 1
                        if require_evidence:
                            relation = SKIP
                    b.label(h, t, relation, inverse)
                if len(b.entities) > max_entities:
                    stats["examples_dropped_max_entities"] += 1
                    continue
                ex = b.build(f"redocred-dev-{d}-{s}", text, stats, skip_policy)
                if ex is not None:
                    yield ex

    return _capped(generate(), neg_ratio, stats)


# ---------------------------------------------------------------- Multi-CrossRE (Italian)


def crossre_examples(
    path,
    *,
    mapping: Optional[dict] = None,
    neg_ratio: Optional[float] = 1.0,
    max_entities: int = 12,
    skip_policy: str = "entity",
    stats: Optional[Counter] = None,
) -> Iterator[dict]:
    """Examples from a (Multi-)CrossRE JSON Lines train file (dev and test are refused).

    Italian files carry ``sentence-detokenized`` and ``token2charspan`` (exact character offsets); English
    files are detokenised.  Token offsets in ``ner`` and ``relations`` are end-inclusive.
    """
    path = Path(path)
    _check_split(path, ("train",))
    mapping = mapping or load_map()
    rel_rules = mapping["relations"].get("crossre", {})
    ent_rules = mapping["entities"].get("crossre", {})
    stats = stats if stats is not None else Counter()
    def generate() -> Iterator[dict]:
        lines = path.read_text("utf8").splitlines()
        for n, line in enumerate(lines):
            if not line.strip():
                continue
            rec = json.loads(line)
            stats["sentences"] += 1
            if "sentence-detokenized" in rec:
                text = rec["sentence-detokenized"]
                offs = [tuple(x) for x in rec["token2charspan"]]
            else:
                text, offs = detokenize(rec["sentence"])
            b = _Builder()
            index: Dict[Tuple[int, int], int] = {}
            by_key: Dict[Tuple[str, str], int] = {}
            for start, end, corpus_type in rec["ner"]:
                kg_type = _entity_type(ent_rules.get(corpus_type))
                if kg_type is None:
                    continue
                span = (offs[start][0], offs[end][1])
                key = (text[span[0] : span[1]], kg_type)
                if key in by_key:
                    idx = by_key[key]
                    b.entities[idx]["spans"] = sorted(set(b.entities[idx]["spans"]) | {span})
                else:
                    idx = by_key[key] = b.add_entity(kg_type, [span])
                index[(start, end)] = idx
            for rel in rec["relations"]:
                hs, he, ts, te, label = rel[:5]
                stats[f"label:{label}"] += 1
                if (hs, he) not in index or (ts, te) not in index:
                    continue
                h, t = index[(hs, he)], index[(ts, te)]
                relation, inverse = _resolve(rel_rules.get(label), b.entities[h]["type"], b.entities[t]["type"])
                b.label(h, t, relation, inverse)
            if len(b.entities) > max_entities:
                stats["examples_dropped_max_entities"] += 1
                continue
            ex = b.build(f"crossre-{rec.get('doc_key', n)}", text, stats, skip_policy)
            if ex is not None:
                yield ex

    return _capped(generate(), neg_ratio, stats)


# ---------------------------------------------------------------- command line


def counts(examples: Iterable[dict]) -> dict:
    """Examples, examples with a triple, positives per kg relation and negative ordered pairs."""
    out: Dict[str, object] = {"examples": 0, "positive_examples": 0, "triples": 0, "negative_pairs": 0}
    per: Counter = Counter()
    for ex in examples:
        n = len(ex["entities"])
        out["examples"] += 1  # type: ignore[operator]
        out["positive_examples"] += bool(ex["triples"])  # type: ignore[operator]
        out["triples"] += len(ex["triples"])  # type: ignore[operator]
        pairs = {(t["s"], t["o"]) for t in ex["triples"]}
        out["negative_pairs"] += n * (n - 1) - len(pairs)  # type: ignore[operator]
        per.update(t["p"] for t in ex["triples"])
    out["per_relation"] = dict(per.most_common())
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Write the examples of the corpora in ``--data`` as JSON Lines to ``--out`` and print their counts."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.training.relcorpora", description=main.__doc__)
    ap.add_argument("--data", default="/work/shared/data", help="folder holding conll04/, redocred/, crossre/")
    ap.add_argument("--out", help="write <corpus>.jsonl here (default: only print counts)")
    ap.add_argument("--neg-ratio", type=float, default=1.0, help="negative-only sentences per positive one")
    args = ap.parse_args(argv)
    data = Path(args.data)
    it = data / "crossre/multi-crossre_data/translation/italian"
    sources = {
        "conll04": [(conll04_examples, data / "conll04/conll04_train.json")],
        "redocred": [(redocred_examples, data / "redocred/data/dev_revised.json")],
        "crossre_it": [(crossre_examples, it / "news-train.json"), (crossre_examples, it / "politics-train.json")],
    }
    for name, readers in sources.items():
        stats: Counter = Counter()
        examples = [ex for reader, path in readers for ex in reader(path, neg_ratio=args.neg_ratio, stats=stats)]
        if args.out:
            Path(args.out).mkdir(parents=True, exist_ok=True)
            with open(Path(args.out) / f"{name}.jsonl", "w", encoding="utf8") as fh:
                for ex in examples:
                    fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
        summary = counts(examples)
        summary["reader"] = {k: v for k, v in sorted(stats.items()) if not k.startswith("label:")}
        print(json.dumps({name: summary}, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
