"""Places: what kind of place a name is, and the demonyms of a text.

The gazetteer is the Place entries of ``kg/data/aliases.json``, each with its
``kind`` (country, region, city, union, continent), plus the places the
languages' ``demonyms`` tables name. The location rules read the kind: a
country or region modifying a company ("the US tech giant") says where it
operates (locatedIn), a city says where its seat is ("la società di
Cupertino", headquarteredIn).

Examples
--------
>>> place_kind("Stati Uniti"), place_kind("U.S."), place_kind("South Korea's"), place_kind("Cupertino"), place_kind("Atlantis")
('country', 'country', 'country', 'city', None)
>>> rank("city") < rank("region") < rank("country") < rank("union")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..langdata import alias_entries, language_data

__all__ = ["KINDS", "canonical_place", "find_demonyms", "is_place_name", "place_kind", "rank"]

KINDS = ("city", "region", "country", "union", "continent")
"""Kinds of place, smallest first."""


def rank(kind: str | None) -> int:
    """Size order of a kind of place (-1 when unknown)."""
    return KINDS.index(kind) if kind in KINDS else -1


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"^(?:the|il|lo|la|l')\s*", "", text.strip())
    text = re.sub(r"'s$", "", text)  # "South Korea's"
    return " ".join(re.findall(r"\w+", text))


@lru_cache(maxsize=1)
def _kinds() -> dict[str, str]:
    kinds: dict[str, str] = {}
    for entry in alias_entries():
        if entry.get("class") == "Place" and entry.get("kind"):
            for name in [*entry["labels"].values(), *entry["aliases"]]:
                kinds.setdefault(_key(name), entry["kind"])
    for lang in ("it", "en"):
        for value in language_data(lang)["demonyms"].values():
            kinds.setdefault(_key(value["place"]), value["kind"])
    return kinds


@lru_cache(maxsize=1)
def _canonical() -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in alias_entries():
        if entry.get("class") == "Place":
            for name in [*entry["labels"].values(), *entry["aliases"]]:
                names.setdefault(_key(name), _key(entry["labels"]["en"]))
    return names


def canonical_place(name: str) -> str:
    """One key for every spelling of a place kg knows ("USA", "Stati Uniti" → "united states").

    >>> canonical_place("Stati Uniti") == canonical_place("U.S.") == canonical_place("the United States")
    True
    """
    key = _key(name)
    return _canonical().get(key, key)


def place_kind(name: str) -> str | None:
    """The kind of a known place ("country", "region", "city"...), or None for a name kg does not know."""
    return _kinds().get(_key(name))


def is_place_name(name: str) -> bool:
    """Whether ``name`` is a place kg knows (whatever NER said about it)."""
    return place_kind(name) is not None


@lru_cache(maxsize=None)
def _demonym_pattern(lang: str) -> re.Pattern | None:
    data = language_data(lang)
    forms = sorted(data["demonyms"], key=len, reverse=True)
    if not forms:
        return None
    flags = 0 if data.get("location", {}).get("demonyms_case_sensitive") else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", flags)


def find_demonyms(doc: Doc, lang: str) -> list[Span]:
    """Token spans of ``doc`` that are demonyms of the language ("olandese", "a stelle e strisce", "Swedish")."""
    pattern = _demonym_pattern(lang)
    if pattern is None:
        return []
    text = doc.text.replace("\u2019", "'")
    spans = []
    for match in pattern.finditer(text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
        if span is not None:
            spans.append(span)
    return spans
