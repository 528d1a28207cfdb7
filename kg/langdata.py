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

__all__ = ["TABLES", "alias_entries", "demonym", "language_data", "parse_options", "read_table"]


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
    "speech_verbs": (1, lambda f: f[0]),
    "speech_prepositions": (1, lambda f: f[0]),
    "speaker_nouns": (1, lambda f: f[0]),
    "number_words": (1, lambda f: int(f[0])),
    "organization_words": (0, lambda f: True),
    "announce_verbs": (2, lambda f: {"kind": f[0], **(parse_options(f[1]) if f[1] not in ("", "-") else {})}),
    "stance_words": (3, lambda f: {"stance": f[0], "target": f[1],
                                    **(parse_options(f[2]) if f[2] not in ("", "-") else {})}),
    "demonyms": (2, lambda f: {"place": f[0], "kind": f[1] or "country"}),
    "topic_roles": (0, lambda f: True),
    "inverse_roles": (1, lambda f: f[0]),
    "list_heads": (3, lambda f: {"relation": f[0], "items": f[1], "class": f[2]}),
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
    _expand_prepositions(data)
    return data


def _expand_prepositions(data: dict) -> None:
    """Let a preposition in the lexicons stand for its articulated forms (table ``preposition_forms``).

    Italian writes "a" + "il" as "al", "di" + "l'" as "dell'": a lexicon that
    lists "obl:a" or "di" then also matches "al colosso", "dell’azienda".
    """
    forms = data.get("preposition_forms")
    if not forms:
        return

    def words(items):
        out = []
        for item in items:
            for form in [item, *forms.get(item, ())]:
                if form not in out:
                    out.append(form)
        return out

    def slots(items):
        out = []
        for item in items:
            kind, sep, prep = item.partition(":")
            for form in ([prep, *forms.get(prep, ())] if sep else [None]):
                slot = f"{kind}:{form}" if form is not None else item
                if slot not in out:
                    out.append(slot)
        return out

    for spec in data.get("relation_verbs", {}).values():
        spec["object"] = slots(spec["object"])
    for spec in data.get("relation_nouns", {}).values():
        spec["object"] = words(spec["object"])
        spec["agent"] = words(spec["agent"])
    for key in ("role_prepositions", "possessive_prepositions"):
        if key in data:
            data[key] = words(data[key])


def _demonym_key(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def demonym(text: str, lang: str) -> dict | None:
    """The place a demonym names, ``{"place": ..., "kind": ...}``, or None.

    Italian forms are listed in lower case, English ones capitalised as written.

    >>> demonym("olandese", "it"), demonym("Swedish", "en")["place"]
    ({'place': 'Paesi Bassi', 'kind': 'country'}, 'Sweden')
    """
    table = language_data(lang)["demonyms"]
    key = _demonym_key(text)
    return table.get(key) or table.get(key.lower())


@lru_cache(maxsize=1)
def alias_entries() -> tuple[dict, ...]:
    """The entries of ``kg/data/aliases.json``: names of one entity across languages and spellings."""
    data = json.loads((resources.files("kg") / "data" / "aliases.json").read_text("utf-8"))
    return tuple(data["entities"])
