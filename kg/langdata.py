"""Language data: the words kg's rules read, per language, as data files.

``kg/data/lang/{lang}.json`` holds the small tables (articles, scale words,
negation, pronouns...). The lexicons live next to it, one tab-separated file
per table in ``kg/data/lang/{lang}/``, one entry a line, so that each entry can
carry a short note::

    # lemma     relation    object              options         note
    rilevare    acquires    obj                                 take over a company ("rilevare Y")
    citare      sues        obj                 requires=giudizio   only "citare in giudizio"

Lines starting with ``#`` and blank lines are skipped; a note is the last
column, after the fields the table defines. Every table is read into the
same shape the rules use (see :data:`TABLES`), so adding a language, or a
word, is a data change.

Examples
--------
>>> data = language_data("it")
>>> data["relation_verbs"]["acquisire"]["relation"], data["role_nouns"]["amministratore delegato"]
('acquires', 'ceoOf')
>>> parse_options("requires=giudizio,causa;inverse")
{'requires': ['giudizio', 'causa'], 'inverse': True}
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from .errors import KgError

__all__ = ["TABLES", "language_data", "parse_options", "read_table"]


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def parse_options(text: str) -> dict:
    """``key=a,b;flag`` → ``{"key": ["a", "b"], "flag": True}`` (a single-valued ``*_class`` stays a string)."""
    options: dict = {}
    for item in (i.strip() for i in text.split(";")):
        if not item:
            continue
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            options[key] = True
        elif key.endswith("_class"):
            options[key] = value.strip()
        else:
            options[key] = _split(value)
    return options


def _relation_verb(fields: list[str]) -> dict:
    relation, objects, options = (fields + ["", "", ""])[:3]
    return {"relation": relation, "object": _split(objects), **parse_options(options)}


def _relation_noun(fields: list[str]) -> dict:
    relation, objects, agents, options = (fields + ["", "", "", ""])[:4]
    return {"relation": relation, "object": _split(objects), "agent": _split(agents), **parse_options(options)}


# table name -> (number of fields after the key, how to read them)
TABLES: dict[str, tuple[int, Callable[[list[str]], object]]] = {
    "relation_verbs": (3, _relation_verb),
    "relation_nouns": (4, _relation_noun),
    "role_nouns": (1, lambda f: f[0]),
    "class_nouns": (1, lambda f: f[0]),
    "literal_nouns": (1, lambda f: f[0]),
    "literal_verbs": (2, lambda f: {"relation": f[0], **parse_options(f[1])}),
    "stock_change_words": (1, lambda f: int(f[0])),
    "speech_verbs": (0, lambda f: True),
    "demonyms": (1, lambda f: f[0]),
}
"""The lexicon files a language may have, with the number of fields each entry takes after its key."""


def read_table(name: str, text: str, *, where: str = "") -> dict:
    """Read one lexicon file's text into ``{key: value}``.

    >>> read_table("role_nouns", "# phrase\\trelation\\tnote\\nceo\\tceoOf\\tchief executive\\n")
    {'ceo': 'ceoOf'}
    """
    width, convert = TABLES[name]
    table: dict = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        key = fields[0]
        values = fields[1 : 1 + width]
        if not key or (width and not values[0]):
            raise KgError(f"{where}:{number}: an entry needs a key and {width} field(s): {line!r}")
        if key in table:
            raise KgError(f"{where}:{number}: {key!r} is listed twice")
        table[key] = convert(values + [""] * (width - len(values)))
    return table


@lru_cache(maxsize=None)
def language_data(lang: str) -> dict:
    """Every table of a language: ``{lang}.json`` plus the lexicon files (English when the language is missing)."""
    base = resources.files("kg") / "data" / "lang"
    if not (base / f"{lang}.json").is_file():
        lang = "en"
    data = json.loads((base / f"{lang}.json").read_text("utf-8"))
    folder = base / lang
    for name in TABLES:
        path = folder / f"{name}.tsv"
        if path.is_file():
            data[name] = read_table(name, path.read_text("utf-8"), where=f"kg/data/lang/{lang}/{name}.tsv")
        else:
            data.setdefault(name, {})
    if isinstance(data.get("speech_verbs"), dict):
        data["speech_verbs"] = sorted(data["speech_verbs"])
    return data
