"""Gold files: ``NAME.gold.json`` next to ``NAME.txt``, read and validated."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from .names import relation_names, squash
from .numbers import ParsedQuantity, parse_quantity

__all__ = ["LITERAL_DATATYPES", "GoldDocument", "GoldEntity", "GoldLiteral", "GoldTriple", "load_gold",
           "load_gold_document"]

LITERAL_DATATYPES = frozenset({"money", "percent", "number", "text", "quote", "date"})
"""Datatypes of gold literals; ``"quote"`` is the older spelling of ``"text"`` and reads as it."""
TEXT_DATATYPES = frozenset({"text", "quote"})


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
    high: Decimal | None = None  # upper end of a range
    vague: bool = False  # an order of magnitude: value <= x < high
    signed: bool = True  # False: "circa l'8%" of a stock move, whose direction is left to the evidence

    @property
    def quantity(self) -> ParsedQuantity:
        return ParsedQuantity(self.value, self.currency, self.unit, self.high, self.vague)


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


def load_gold_document(gold_path: str | Path) -> GoldDocument:
    """Read and validate one ``NAME.gold.json`` and its ``NAME.txt``.

    Raises :class:`InputError` for a missing text, bad JSON, an unknown entity
    id, relation, class or datatype, a literal without a number, or an
    evidence string that is not in the text.
    """
    from ..types import ENTITY_CLASSES

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
    squashed = squash(text)

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
        if ent.type not in ENTITY_CLASSES and ent.type != "Other":
            raise InputError(f"{where}: entity {ent.id}: type {ent.type!r} is not one of "
                             f"{', '.join(ENTITY_CLASSES)} or Other")
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
        if evidence and squash(evidence) not in squashed:
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
    if datatype in TEXT_DATATYPES:
        return GoldLiteral(text=text, datatype="text")
    if datatype == "date":
        return GoldLiteral(text=text, datatype=datatype)
    try:
        parsed = parse_quantity(text, lang=lang)
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from exc
    value, high, vague = parsed.value, parsed.high, parsed.vague
    if "value" in raw:
        try:
            value, high, vague = Decimal(str(raw["value"])), None, False
        except InvalidOperation as exc:
            raise InputError(f"{where}: \"value\" is not a number") from exc
    unit = "percent" if datatype == "percent" else parsed.unit
    # news gold writes a stock move as the article does ("sceso di circa l'8%"): no sign unless one is written
    signed = "value" in raw or text.lstrip().startswith(("-", "+", "\u2212"))
    return GoldLiteral(text=text, datatype=datatype, value=value, currency=parsed.currency, unit=unit, high=high,
                       vague=vague, signed=signed)


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

