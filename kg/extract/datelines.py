"""Press datelines: "MOSCOW (AP) —", "ROMA, 3 mar (Reuters) -", "June 8 (Reuters) -", "MANILA, Philippines –".

A dateline at the start of a line says where and when a report was filed
and by which agency; it states no fact. :func:`find_datelines` reads them
with the patterns of ``kg/data/patterns/datelines.json`` (forms built from
named pieces, month names from the language data), so the agency is never
part of the place ("PHILADELPHIA (CBS" is two names). The spaCy component
``kg_dateline_sentences`` (before the parser) makes a dateline its own
sentence. The rule family
:mod:`kg.extract.rules.datelines` types their names and drops the facts other
rules read from them, keeping only "city, region" (locatedIn).

Examples
--------
>>> [(d.part("place"), d.part("agency")) for d in find_datelines("MOSCOW (AP) — Russia's bank said...", "en")]
[('MOSCOW', 'AP')]
>>> d = find_datelines("Headline\\nROMA, 3 mar (Reuters) - Il gruppo ha detto...", "it")[0]
>>> d.part("place"), d.part("date"), d.part("agency")
('ROMA', '3 mar', 'Reuters')
>>> find_datelines("Nvidia (NVDA) - shares rose", "en")
[]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from ..langdata import language_data
from .places import is_place_name

__all__ = ["Dateline", "dateline_data", "dateline_sentences", "find_datelines"]


@dataclass(frozen=True)
class Dateline:
    """A dateline's character span and those of its parts (``None`` when absent)."""

    start: int
    end: int
    text: str
    place: tuple[int, int] | None = None
    region: tuple[int, int] | None = None
    date: tuple[int, int] | None = None
    agency: tuple[int, int] | None = None

    def part(self, name: str) -> str | None:
        """The text of a part: ``"place"``, ``"region"``, ``"date"`` or ``"agency"``."""
        span = getattr(self, name)
        return None if span is None else self.text[span[0] - self.start:span[1] - self.start]


@lru_cache(maxsize=1)
def dateline_data() -> dict:
    """Contents of ``kg/data/patterns/datelines.json``."""
    return json.loads((resources.files("kg") / "data" / "patterns" / "datelines.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern, ...]:
    data = dateline_data()
    months = [*language_data(lang).get("dates", {}).get("months", ()), *data["month_abbreviations"].get(lang, ())]
    month = "(?i:" + "|".join(re.escape(m) for m in sorted(set(months), key=len, reverse=True)) + ")"
    pieces = {name: piece.format(month=month) for name, piece in data["pieces"].items()}
    return tuple(re.compile(form.format(**pieces)) for form in data["forms"])


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.-]{1,7}")


def _credible(match: re.Match) -> bool:
    """Whether a match is a dateline and not, say, "Nvidia (NVDA) -".

    With no place, the bracket must hold a known agency or an acronym. With a
    place, the place must be one kg knows, or come with a date or a region, or
    be written in capitals before such an agency.
    """
    groups = match.groupdict()
    agency = (groups.get("agency") or "").strip()
    known = {a.casefold() for a in dateline_data()["agencies"]}
    agency_ok = bool(agency) and (agency.casefold() in known or bool(_ACRONYM.fullmatch(agency)))
    place = groups.get("place")
    if not place:
        return agency_ok
    return (all(is_place_name(p) for p in place.split("/")) or bool(groups.get("date")) or bool(groups.get("region"))
            or (agency_ok and place.isupper()))


def find_datelines(text: str, lang: str) -> list[Dateline]:
    """The datelines that open a line of ``text``."""
    found = []
    for line in re.finditer(r"(?m)^[ \t]*(?=\S)", text):
        at = line.end()
        for pattern in _patterns(lang):
            match = pattern.match(text, at)
            if match is None or not _credible(match):
                continue
            spans = {name: (match.start(name), match.end(name)) if match.group(name) else None
                     for name in ("place", "region", "date", "agency") if name in match.groupdict()}
            end = match.end()
            while end > at and text[end - 1].isspace():
                end -= 1
            found.append(Dateline(at, end, text[at:end], **spans))
            break
    return found


@Language.component("kg_dateline_sentences")
def dateline_sentences(doc: Doc) -> Doc:
    """Make a dateline its own sentence (before the parser), so that it is not parsed into the report's first
    sentence."""
    for dateline in find_datelines(doc.text, doc.lang_):
        after = doc.char_span(dateline.end, len(doc.text), alignment_mode="expand")
        if after is not None and len(after) and after[0].i > 0:
            nxt = next((t for t in after if not t.is_space), None)
            if nxt is not None:
                nxt.is_sent_start = True
    return doc
