"""Names: relation names in snake_case and entity-name normalisation for matching."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["fold", "names_match", "normalize_name", "relation_names", "snake_case", "squash", "symmetric_relations"]


def snake_case(name: str) -> str:
    """``"ceoOf"`` → ``"ceo_of"``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def relation_names() -> dict[str, str]:
    """Map snake_case relation names to the ontology's local names."""
    from ..ontology import relations

    return {snake_case(name): name for name in relations()}


def symmetric_relations() -> frozenset[str]:
    from ..ontology import relations

    return frozenset(snake_case(n) for n, r in relations().items() if r.symmetric)


_ARTICLE = re.compile(r"^(?:(?:il|lo|la|i|gli|le|the|a|an)\s+|l')", re.IGNORECASE)


def fold(text: str) -> str:
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
    text = fold(name).strip()
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



def squash(text: str) -> str:
    """Whitespace runs to one space, typographic apostrophes to plain ones."""
    return " ".join(text.replace("\u2019", "'").split())
