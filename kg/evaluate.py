"""Score extracted triples against a hand-made gold set (``kg eval``).

A gold folder holds pairs ``NAME.txt`` (the article, optional first line
``date YYYY-MM[-DD]``) and ``NAME.gold.json``::

    {"lang": "it",                                   # optional: else NAME's prefix it_/en_
     "entities": [{"id": "e1", "label": "Mark Zuckerberg", "type": "Person",
                   "aliases": ["Zuckerberg"]}, ...],
     "triples": [{"s": "e1", "p": "ceo_of", "o": "e2", "evidence": "..."},
                 {"s": "e2", "p": "pays",
                  "o": {"literal": "25 milioni di dollari", "datatype": "money"},
                  "evidence": "..."}]}

:func:`evaluate` runs the pipeline on every ``NAME.txt`` (one document at a
time) and compares the graph it returns with the gold triples.

Matching rules
--------------
* **Relations** are the ontology's names in snake_case (``ceoOf`` →
  ``ceo_of``). The system's triples are every asserted ``?s kg:rel ?o`` whose
  predicate is a kg relation (:func:`kg.ontology.relations`), plus one *amount
  fact* ``(s, rel, amount)`` per distinct ``kg:amount`` that a statement of
  ``pays``, ``investsIn`` or ``acquires`` carries.
* **Entities** match when a normalised gold label or alias equals a
  normalised ``rdfs:label`` or ``skos:altLabel`` of the system entity
  (:func:`normalize_name`: accents, case, one leading article and punctuation
  removed). With ``relaxed=True`` a whole-word containment in either
  direction also matches ("Meta" ~ "Meta Platforms").
* **Literal objects**: a gold literal of ``pays``/``invests_in``/``acquires``
  matches an amount fact of the same subject and relation; for ``revenue``,
  ``net_income``, ``spends``, ``valuation`` and ``stock_change`` it matches
  the asserted number. Numbers (:func:`parse_quantity`) match within 2 %
  relative; a gold percentage ``p`` also accepts a system value ``p / 100``.
  The currency is not compared. A gold literal may give ``"value"`` to
  override parsing (``"crollo ... del 17%"`` is ``"value": -17``).
  Quotes (``says``) match when :func:`quote_overlap` ≥ 0.5: the size of the
  multiset intersection of the word tokens divided by the length of the
  *longer* token list.
* ``competitor_of`` and ``partner_of`` match in either direction.
* Each gold triple and each system fact is used at most once: a maximum
  bipartite matching (augmenting paths, visiting gold triples in file order
  and system facts in sorted order, so results are deterministic).

Scores are micro precision, recall and F1 over triples, overall, per language
and per relation; plus an entity recall (gold entities that some system entity
matches).

Examples
--------
>>> parse_quantity("48,39 miliardi di dollari").value
Decimal('48390000000.00')
>>> normalize_name("L'Università di Roma")
'universita di roma'
>>> round(quote_overlap("the right thing", "focused on the right thing"), 2)
0.6
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = [
    "AMOUNT_RELATIONS",
    "GoldDocument",
    "GoldEntity",
    "GoldLiteral",
    "GoldTriple",
    "ParsedQuantity",
    "Report",
    "Score",
    "SystemFact",
    "SystemGraph",
    "TripleError",
    "DocumentResult",
    "evaluate",
    "format_report",
    "load_gold",
    "load_gold_document",
    "max_matching",
    "names_match",
    "normalize_name",
    "numbers_match",
    "parse_quantity",
    "quote_overlap",
    "read_system",
    "relation_names",
    "snake_case",
]

AMOUNT_RELATIONS = frozenset({"pays", "invests_in", "acquires"})
"""Relations whose gold literal objects are matched against ``kg:amount``."""
LITERAL_DATATYPES = frozenset({"money", "percent", "number", "quote", "date"})
NUMBER_TOLERANCE = Decimal("0.02")
QUOTE_THRESHOLD = 0.5

BuildFn = Callable[[Path, str], Any]
"""``build(path, lang) -> rdflib.Graph`` for one gold text."""


# ---------------------------------------------------------------- names


def snake_case(name: str) -> str:
    """``"ceoOf"`` → ``"ceo_of"``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def relation_names() -> dict[str, str]:
    """Map snake_case relation names to the ontology's local names."""
    from .ontology import relations

    return {snake_case(name): name for name in relations()}


def _symmetric() -> frozenset[str]:
    from .ontology import relations

    return frozenset(snake_case(n) for n, r in relations().items() if r.symmetric)


_ARTICLE = re.compile(r"^(?:(?:il|lo|la|i|gli|le|the|a|an)\s+|l')", re.IGNORECASE)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'").casefold()


def normalize_name(name: str) -> str:
    """Normalise an entity name for matching.

    Accents and case are folded, one leading article (il, lo, la, l', i, gli,
    le, the, a, an) is dropped and runs of punctuation or space become one
    space.

    >>> normalize_name("  The  Walt-Disney Co. ")
    'walt disney co'
    """
    text = _fold(name).strip()
    stripped = _ARTICLE.sub("", text, count=1)
    if re.search(r"\w", stripped):
        text = stripped
    return " ".join(re.findall(r"[^\W_]+", text))


def names_match(gold: Iterable[str], system: Iterable[str], *, relaxed: bool = False) -> bool:
    """True when a normalised gold name equals (or, relaxed, word-contains) a system name.

    >>> names_match(["Meta"], ["Meta Platforms"]), names_match(["Meta"], ["Meta Platforms"], relaxed=True)
    (False, True)
    """
    gold_norm = {n for n in (normalize_name(g) for g in gold) if n}
    sys_norm = {n for n in (normalize_name(s) for s in system) if n}
    if gold_norm & sys_norm:
        return True
    if relaxed:
        for g in gold_norm:
            for s in sys_norm:
                if f" {g} " in f" {s} " or f" {s} " in f" {g} ":
                    return True
    return False


# ---------------------------------------------------------------- numbers and quotes


@dataclass(frozen=True)
class ParsedQuantity:
    """A number read from a gold literal: ``value`` in units."""

    value: Decimal
    currency: str | None = None
    unit: str | None = None


_CURRENCY_WORDS = [
    (r"us\$|\$|usd|dollar[oi]?|dollars?", "USD"),
    (r"€|eur|euros?", "EUR"),
    (r"£|gbp|sterlin[ae]|pounds?", "GBP"),
    (r"¥|jpy|yen", "JPY"),
    (r"chf|franchi svizzeri|swiss francs?", "CHF"),
]
_SCALES = [
    (r"trillions?|trilion[ie]|tn", Decimal(10) ** 12),
    (r"miliard[oi]|mld|mrd|billions?|bn|b", Decimal(10) ** 9),
    (r"milion[ei]|mln|millions?|mn|m", Decimal(10) ** 6),
    (r"mila|mille|thousands?|k", Decimal(10) ** 3),
]
_ITALIAN_HINTS = re.compile(r"\b(?:milion[ei]|miliard[oi]|mila|mille|dollar[oi]|euro|sterline|per cento|circa)\b")
_NUMBER = re.compile(r"[-+\u2212]?\s*\d[\d.,\u00a0\u202f' ]*\d|[-+\u2212]?\s*\d")


def _parse_number(raw: str, *, italian: bool) -> Decimal:
    sign = -1 if raw.lstrip().startswith(("-", "\u2212")) else 1
    digits = re.sub(r"[^\d.,]", "", raw)
    if "." in digits and "," in digits:
        decimal_sep = "." if digits.rfind(".") > digits.rfind(",") else ","
    elif "," in digits:
        groups = digits.split(",")
        thousands = len(groups) > 2 or (not italian and all(len(g) == 3 for g in groups[1:]))
        decimal_sep = "." if thousands else ","
    elif "." in digits:
        groups = digits.split(".")
        thousands = len(groups) > 2 or (italian and all(len(g) == 3 for g in groups[1:]))
        decimal_sep = "," if thousands else "."
    else:
        decimal_sep = "."
    thousand_sep = "," if decimal_sep == "." else "."
    digits = digits.replace(thousand_sep, "").replace(decimal_sep, ".")
    try:
        return sign * Decimal(digits)
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets digits through
        raise ValueError(f"not a number: {raw!r}") from exc


def parse_quantity(text: str, *, lang: str | None = None) -> ParsedQuantity:
    """Read a money amount, percentage or count written in Italian or English.

    Scale words (milioni, miliardi, million, bn, k...) multiply the number;
    ``lang`` ("it"/"en") settles "1,500" (Italian 1.5, English 1500); without
    it Italian words in the text make it Italian. Raises ``ValueError`` when
    the text has no number.

    >>> parse_quantity("25 milioni di dollari")
    ParsedQuantity(value=Decimal('25000000'), currency='USD', unit=None)
    >>> parse_quantity("€1.2bn").value, parse_quantity("$2.6 billion").currency
    (Decimal('1200000000.0'), 'USD')
    >>> parse_quantity("-17%")
    ParsedQuantity(value=Decimal('-17'), currency=None, unit='percent')
    """
    folded = _fold(text).replace("\u00a0", " ")
    match = _NUMBER.search(folded)
    if not match:
        raise ValueError(f"no number in {text!r}")
    italian = lang == "it" if lang else bool(_ITALIAN_HINTS.search(folded))
    value = _parse_number(match.group(0), italian=italian)
    before, after = folded[: match.start()], folded[match.end() :]
    if before.rstrip().endswith(("-", "\u2212")) and value > 0:
        value = -value
    scale_text = after.lstrip()
    for pattern, factor in _SCALES:
        if re.match(rf"(?:{pattern})\b", scale_text):
            value *= factor
            break
    unit = None
    if re.match(r"\s*(?:%|per\s*cent[o]?\b|percent\b|punti percentuali\b)", after):
        unit = "percent"
    currency = None
    for pattern, code in _CURRENCY_WORDS:
        if re.search(rf"(?:^|[^a-z])(?:{pattern})(?:$|[^a-z])", folded):
            currency = code
            break
    return ParsedQuantity(value=value, currency=currency, unit=unit)


def numbers_match(gold: Decimal, system: Decimal, *, percent: bool = False) -> bool:
    """Equal within 2 % relative (a gold percentage also accepts ``gold / 100``).

    >>> numbers_match(Decimal("48390000000"), Decimal("48.4e9"))
    True
    """
    candidates = [gold, gold / 100] if percent else [gold]
    for g in candidates:
        if g == system:
            return True
        if g != 0 and abs(system - g) <= abs(g) * NUMBER_TOLERANCE:
            return True
    return False


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _fold(text))


def quote_overlap(gold: str, system: str) -> float:
    """Shared word tokens (multiset) divided by the length of the longer quote."""
    a, b = Counter(_tokens(gold)), Counter(_tokens(system))
    longest = max(sum(a.values()), sum(b.values()))
    if not longest:
        return 0.0
    return sum((a & b).values()) / longest


# ---------------------------------------------------------------- gold files


@dataclass(frozen=True)
class GoldEntity:
    """An entity of a gold file."""

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class GoldLiteral:
    """A literal object: ``value`` is set for numbers, ``text`` is what the article says."""

    text: str
    datatype: str
    value: Decimal | None = None
    currency: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class GoldTriple:
    """A gold triple; ``o`` is an entity id or a :class:`GoldLiteral`."""

    s: str
    p: str
    o: str | GoldLiteral
    evidence: str = ""


@dataclass(frozen=True)
class GoldDocument:
    """One gold text and its annotation."""

    name: str
    lang: str
    text_path: Path
    text: str
    entities: dict[str, GoldEntity]
    triples: tuple[GoldTriple, ...]


def _squash(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def load_gold_document(gold_path: str | Path) -> GoldDocument:
    """Read and validate one ``NAME.gold.json`` and its ``NAME.txt``.

    Raises :class:`InputError` for a missing text, bad JSON, an unknown entity
    id, relation, class or datatype, a literal without a number, or an
    evidence string that is not in the text.
    """
    from .types import ENTITY_CLASSES

    gold_path = Path(gold_path)
    name = gold_path.name[: -len(".gold.json")]
    text_path = gold_path.with_name(f"{name}.txt")
    where = str(gold_path)
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{where}: cannot read the text {text_path}: {exc}") from exc
    try:
        data = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{where}: not a readable JSON file: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{where}: the top level must be an object")
    lang = data.get("lang") or name.split("_", 1)[0]
    if lang not in ("it", "en"):
        raise InputError(f"{where}: unknown language {lang!r} (name files it_... or en_..., or give \"lang\")")
    relations = relation_names()
    squashed = _squash(text)

    entities: dict[str, GoldEntity] = {}
    for raw in data.get("entities", []):
        try:
            ent = GoldEntity(
                id=str(raw["id"]),
                label=str(raw["label"]),
                type=str(raw["type"]),
                aliases=tuple(str(a) for a in raw.get("aliases", [])),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{where}: entity {raw!r} needs id, label and type") from exc
        if ent.type not in ENTITY_CLASSES:
            raise InputError(f"{where}: entity {ent.id}: type {ent.type!r} is not one of {', '.join(ENTITY_CLASSES)}")
        if ent.id in entities:
            raise InputError(f"{where}: duplicate entity id {ent.id!r}")
        entities[ent.id] = ent

    triples = []
    seen: set[tuple] = set()
    for raw in data.get("triples", []):
        try:
            s, p, o = raw["s"], raw["p"], raw["o"]
        except (KeyError, TypeError) as exc:
            raise InputError(f"{where}: triple {raw!r} needs s, p and o") from exc
        if s not in entities:
            raise InputError(f"{where}: triple {raw!r}: unknown subject id {s!r}")
        if p not in relations:
            raise InputError(f"{where}: triple {raw!r}: {p!r} is not a relation (known: {', '.join(sorted(relations))})")
        if isinstance(o, dict):
            o = _gold_literal(o, lang=lang, where=f"{where}: triple {raw!r}")
        elif o not in entities:
            raise InputError(f"{where}: triple {raw!r}: unknown object id {o!r}")
        evidence = str(raw.get("evidence", ""))
        if evidence and _squash(evidence) not in squashed:
            raise InputError(f"{where}: evidence not found in {text_path.name}: {evidence!r}")
        triple = GoldTriple(s=s, p=p, o=o, evidence=evidence)
        key = (s, p, o.text if isinstance(o, GoldLiteral) else o)
        if key in seen:
            raise InputError(f"{where}: duplicate triple {key!r} (the system asserts each triple once)")
        seen.add(key)
        triples.append(triple)
    return GoldDocument(name=name, lang=lang, text_path=text_path, text=text, entities=entities, triples=tuple(triples))


def _gold_literal(raw: Mapping, *, lang: str, where: str) -> GoldLiteral:
    text = str(raw.get("literal", ""))
    datatype = str(raw.get("datatype", ""))
    if not text or datatype not in LITERAL_DATATYPES:
        raise InputError(f"{where}: a literal needs \"literal\" and a datatype in {sorted(LITERAL_DATATYPES)}")
    if datatype in ("quote", "date"):
        return GoldLiteral(text=text, datatype=datatype)
    try:
        parsed = parse_quantity(text, lang=lang)
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from exc
    value = parsed.value
    if "value" in raw:
        try:
            value = Decimal(str(raw["value"]))
        except InvalidOperation as exc:
            raise InputError(f"{where}: \"value\" is not a number") from exc
    unit = "percent" if datatype == "percent" else parsed.unit
    return GoldLiteral(text=text, datatype=datatype, value=value, currency=parsed.currency, unit=unit)


def load_gold(gold_dir: str | Path, *, lang: str | None = None) -> list[GoldDocument]:
    """All gold documents of a folder (sorted by name), optionally of one language."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise InputError(f"{gold_dir}: not a folder")
    docs = [load_gold_document(p) for p in sorted(gold_dir.glob("*.gold.json"))]
    if lang:
        docs = [d for d in docs if d.lang == lang]
    if not docs:
        raise InputError(f"{gold_dir}: no NAME.gold.json files{f' in language {lang}' if lang else ''}")
    return docs


# ---------------------------------------------------------------- the system side


@dataclass(frozen=True)
class SystemFact:
    """One system fact: an asserted relation triple, or an amount fact of a statement."""

    subject: str  # entity IRI
    relation: str  # snake_case
    object: str  # entity IRI, quote text or number (as text)
    kind: str  # "entity", "number", "quote", "amount"
    value: Decimal | None = None
    evidence: str = ""
    extractor: str = ""


@dataclass
class SystemGraph:
    """The names of every labelled entity and the facts of one graph, in sorted order."""

    names: dict[str, set[str]]
    facts: list[SystemFact]

    def label(self, iri: str) -> str:
        names = self.names.get(iri)
        return min(names, key=lambda n: (-len(n), n)) if names else iri.rsplit("/", 1)[-1]


def read_system(graph) -> SystemGraph:
    """Read the entity names and the relation facts of a graph written by ``kg build``."""
    from rdflib import RDF, RDFS, SKOS, Literal, URIRef

    from .vocab import KG

    relations = relation_names()
    names: dict[str, set[str]] = {}
    for pred in (RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(pred):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                names.setdefault(str(s), set()).add(str(o))

    def statements(s, p, o) -> list:
        return sorted(
            st for st in graph.subjects(RDF.subject, s) if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph
        )

    def evidence(s, p, o) -> str:
        texts = sorted(str(ev) for st in statements(s, p, o) for ev in graph.objects(st, KG.evidence))
        return texts[0] if texts else ""

    def extractor(s, p, o) -> str:
        names = sorted(str(x) for st in statements(s, p, o) for x in graph.objects(st, KG.extractor))
        return names[0] if names else ""

    facts: list[SystemFact] = []
    for snake, local in relations.items():
        pred = KG[local]
        for s, o in graph.subject_objects(pred):
            if not isinstance(s, URIRef):
                continue
            if isinstance(o, URIRef):
                facts.append(SystemFact(str(s), snake, str(o), "entity", evidence=evidence(s, pred, o),
                                        extractor=extractor(s, pred, o)))
            elif isinstance(o, Literal) and snake == "says":
                facts.append(SystemFact(str(s), snake, str(o), "quote", evidence=evidence(s, pred, o),
                                        extractor=extractor(s, pred, o)))
            elif isinstance(o, Literal):
                try:
                    value = Decimal(str(o))
                except InvalidOperation:
                    continue
                facts.append(SystemFact(str(s), snake, str(o), "number", value=value, evidence=evidence(s, pred, o),
                                        extractor=extractor(s, pred, o)))
        if snake in AMOUNT_RELATIONS:
            seen: set[tuple[str, Decimal]] = set()
            for st in sorted(graph.subjects(RDF.predicate, pred)):
                for s in graph.objects(st, RDF.subject):
                    for amount in graph.objects(st, KG.amount):
                        try:
                            value = Decimal(str(amount))
                        except InvalidOperation:
                            continue
                        if (str(s), value) in seen:
                            continue
                        seen.add((str(s), value))
                        ev = next((str(e) for e in graph.objects(st, KG.evidence)), "")
                        ex = next((str(e) for e in graph.objects(st, KG.extractor)), "")
                        facts.append(SystemFact(str(s), snake, str(amount), "amount", value=value, evidence=ev,
                                                extractor=ex))
    facts.sort(key=lambda f: (f.relation, f.subject, f.kind, f.object))
    return SystemGraph(names=names, facts=facts)


# ---------------------------------------------------------------- matching


def _matches(triple: GoldTriple, fact: SystemFact, cand: Mapping[str, set[str]], symmetric: frozenset[str]) -> bool:
    if triple.p != fact.relation:
        return False
    o = triple.o
    if isinstance(o, GoldLiteral):
        if fact.subject not in cand[triple.s]:
            return False
        if o.datatype == "quote":
            return fact.kind == "quote" and quote_overlap(o.text, fact.object) >= QUOTE_THRESHOLD
        if o.datatype == "date":
            return fact.kind != "entity" and _squash(_fold(o.text)) == _squash(_fold(fact.object))
        wanted = "amount" if triple.p in AMOUNT_RELATIONS else "number"
        return (
            fact.kind == wanted
            and o.value is not None
            and fact.value is not None
            and numbers_match(o.value, fact.value, percent=o.unit == "percent")
        )
    if fact.kind != "entity":
        return False
    if fact.subject in cand[triple.s] and fact.object in cand[o]:
        return True
    return triple.p in symmetric and fact.subject in cand[o] and fact.object in cand[triple.s]


def max_matching(adjacency: list[list[int]], n_right: int) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn's augmenting paths); returns left → right.

    ``adjacency[i]`` lists the right-hand indices that left index ``i`` may take.

    >>> max_matching([[0, 1], [0]], 2)
    {1: 0, 0: 1}
    """
    right_owner: list[int | None] = [None] * n_right

    def augment(left: int, seen: set[int]) -> bool:
        for right in adjacency[left]:
            if right in seen:
                continue
            seen.add(right)
            owner = right_owner[right]
            if owner is None or augment(owner, seen):
                right_owner[right] = left
                return True
        return False

    for left in range(len(adjacency)):
        augment(left, set())
    return {left: right for right, left in enumerate(right_owner) if left is not None}


# ---------------------------------------------------------------- report


@dataclass
class Score:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class TripleError:
    """A missed gold triple or a false positive, rendered with labels."""

    document: str
    kind: str  # "miss" or "false_positive"
    subject: str
    relation: str
    object: str
    evidence: str = ""

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("document", "kind", "subject", "relation", "object", "evidence")}


@dataclass
class DocumentResult:
    """The score of one gold document."""

    name: str
    lang: str
    score: Score
    entities_found: int
    entities_total: int
    errors: list[TripleError] = field(default_factory=list)
    by_relation: dict[str, Score] = field(default_factory=dict)
    by_extractor: dict[str, Score] = field(default_factory=dict)


@dataclass
class Report:
    """The outcome of :func:`evaluate`."""

    gold_dir: str
    relaxed: bool
    overall: Score
    by_lang: dict[str, Score]
    by_relation: dict[str, Score]
    entities_found: int
    entities_total: int
    documents: list[DocumentResult]

    @property
    def by_extractor(self) -> dict[str, Score]:
        """True and false positives of each extractor (rule family); recall is not defined."""
        totals: dict[str, Score] = {}
        for d in self.documents:
            for name, score in d.by_extractor.items():
                totals.setdefault(name, Score()).add(score)
        return dict(sorted(totals.items()))

    @property
    def entity_recall(self) -> float:
        return self.entities_found / self.entities_total if self.entities_total else 0.0

    @property
    def misses(self) -> list[TripleError]:
        return [e for d in self.documents for e in d.errors if e.kind == "miss"]

    @property
    def false_positives(self) -> list[TripleError]:
        return [e for d in self.documents for e in d.errors if e.kind == "false_positive"]

    def to_dict(self) -> dict:
        return {
            "gold_dir": self.gold_dir,
            "relaxed": self.relaxed,
            "overall": self.overall.to_dict(),
            "by_lang": {k: v.to_dict() for k, v in self.by_lang.items()},
            "by_relation": {k: v.to_dict() for k, v in self.by_relation.items()},
            "by_extractor": {k: {"tp": v.tp, "fp": v.fp, "precision": round(v.precision, 4)}
                             for k, v in self.by_extractor.items()},
            "entities": {
                "found": self.entities_found,
                "total": self.entities_total,
                "recall": round(self.entity_recall, 4),
            },
            "documents": [
                {
                    "name": d.name,
                    "lang": d.lang,
                    **d.score.to_dict(),
                    "entities_found": d.entities_found,
                    "entities_total": d.entities_total,
                }
                for d in self.documents
            ],
            "misses": [e.to_dict() for e in self.misses],
            "false_positives": [e.to_dict() for e in self.false_positives],
        }


def _pipeline_build(models: Mapping[str, str] | None) -> BuildFn:
    def build_one(path: Path, lang: str):
        from .api import build

        return build([str(path)], lang=lang, models=dict(models) if models else None)

    return build_one


def _score_document(doc: GoldDocument, graph, *, relaxed: bool, symmetric: frozenset[str]) -> DocumentResult:
    system = read_system(graph)
    cand = {
        ent.id: {iri for iri, names in system.names.items() if names_match(ent.names, names, relaxed=relaxed)}
        for ent in doc.entities.values()
    }
    entity_iris = {f.subject for f in system.facts} | {f.object for f in system.facts if f.kind == "entity"}
    entity_iris |= set(system.names)
    found = sum(1 for ids in cand.values() if ids & entity_iris)

    adjacency = [
        [j for j, fact in enumerate(system.facts) if _matches(t, fact, cand, symmetric)] for t in doc.triples
    ]
    matching = max_matching(adjacency, len(system.facts))
    used = set(matching.values())
    score = Score(tp=len(matching), fn=len(doc.triples) - len(matching), fp=len(system.facts) - len(used))

    errors = []
    for i, triple in enumerate(doc.triples):
        if i in matching:
            continue
        obj = triple.o.text if isinstance(triple.o, GoldLiteral) else doc.entities[triple.o].label
        errors.append(TripleError(doc.name, "miss", doc.entities[triple.s].label, triple.p, obj, triple.evidence))
    for j, fact in enumerate(system.facts):
        if j in used:
            continue
        obj = system.label(fact.object) if fact.kind == "entity" else fact.object
        errors.append(TripleError(doc.name, "false_positive", system.label(fact.subject), fact.relation, obj, fact.evidence))
    by_relation: dict[str, Score] = {}
    for i, triple in enumerate(doc.triples):
        rel = by_relation.setdefault(triple.p, Score())
        if i in matching:
            rel.tp += 1
        else:
            rel.fn += 1
    for j, fact in enumerate(system.facts):
        if j not in used:
            by_relation.setdefault(fact.relation, Score()).fp += 1
    by_extractor: dict[str, Score] = {}
    for j, fact in enumerate(system.facts):
        ext = by_extractor.setdefault(fact.extractor or "unknown", Score())
        if j in used:
            ext.tp += 1
        else:
            ext.fp += 1
    return DocumentResult(doc.name, doc.lang, score, found, len(doc.entities), errors, by_relation, by_extractor)


def evaluate(
    gold_dir: str | Path,
    *,
    relaxed: bool = False,
    lang: str | None = None,
    models: Mapping[str, str] | None = None,
    build: BuildFn | None = None,
) -> Report:
    """Run ``build`` on every gold text of ``gold_dir`` and score the triples.

    ``build(path, lang)`` returns an rdflib Graph following the output
    contract; the default runs :func:`kg.build` on the one file, with the gold
    file's language and the spaCy pipelines ``models`` (as in ``kg build
    --model``). ``lang`` keeps only the gold documents of that language.
    """
    docs = load_gold(gold_dir, lang=lang)
    build = build or _pipeline_build(models)
    symmetric = _symmetric()
    overall, by_lang, by_relation = Score(), {}, {}
    results = []
    found = total = 0
    for doc in docs:
        result = _score_document(doc, build(doc.text_path, doc.lang), relaxed=relaxed, symmetric=symmetric)
        results.append(result)
        overall.add(result.score)
        by_lang.setdefault(doc.lang, Score()).add(result.score)
        found += result.entities_found
        total += result.entities_total
        for rel, score in result.by_relation.items():
            by_relation.setdefault(rel, Score()).add(score)
    return Report(
        gold_dir=str(gold_dir),
        relaxed=relaxed,
        overall=overall,
        by_lang=dict(sorted(by_lang.items())),
        by_relation=dict(sorted(by_relation.items())),
        entities_found=found,
        entities_total=total,
        documents=results,
    )


def format_report(report: Report, *, show_errors: bool = False) -> str:
    """The report as a plain-text table (and, on request, the error list)."""
    mode = "relaxed" if report.relaxed else "strict"
    n_gold = sum(d.score.tp + d.score.fn for d in report.documents)
    n_sys = sum(d.score.tp + d.score.fp for d in report.documents)
    lines = [
        f"gold: {report.gold_dir} ({len(report.documents)} documents, {n_gold} gold triples, "
        f"{n_sys} system triples; {mode} entity matching)",
        "",
        f"{'':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]

    def row(name: str, s: Score) -> str:
        return f"{name:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"

    lines.append(row("overall", report.overall))
    for lang, s in report.by_lang.items():
        lines.append(row(f"lang={lang}", s))
    lines.append("")
    for rel, s in report.by_relation.items():
        lines.append(row(rel, s))
    lines.append("")
    lines.append(f"{'extractor':<20} {'P':>6} {'tp':>5} {'fp':>5}")
    for name, s in report.by_extractor.items():
        lines.append(f"{name:<20} {s.precision:6.3f} {s.tp:5d} {s.fp:5d}")
    lines.append("")
    lines.append(
        f"entities: {report.entities_found}/{report.entities_total} gold entities found "
        f"(recall {report.entity_recall:.3f})"
    )
    lines.append("")
    lines.append(f"{'document':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}  entities")
    for d in report.documents:
        lines.append(row(d.name, d.score) + f"  {d.entities_found}/{d.entities_total}")
    if show_errors:
        for title, errors in (("misses", report.misses), ("false positives", report.false_positives)):
            lines.append("")
            lines.append(f"{title} ({len(errors)}):")
            for e in errors:
                lines.append(f"  [{e.document}] {e.subject} --{e.relation}--> {_short(e.object, 80)}")
                if e.evidence:
                    lines.append(f"      « {_short(e.evidence, 160)} »")
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
