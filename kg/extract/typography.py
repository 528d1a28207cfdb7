"""``kg_typographic_norms``: typographic quotes normalised in the NORM feature.

News text writes "l’intelligenza", “virgolette”; the Italian treebanks and
KIND mostly write "l'" and '"'.  A model that has rarely seen "l’" tags it
badly (as a proper noun, even a verb) and the parse around it breaks.  This
component, placed first in the pipeline, sets each such token's ``NORM``,
one of the features the statistical components embed, to its plain
spelling.  Token text, offsets and everything kg extracts are unchanged.
The character table is ``kg/data/typography.json``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["typographic_norms", "normalise"]


@lru_cache(maxsize=1)
def typographic_norms() -> dict[str, str]:
    """Character -> plain replacement, from ``kg/data/typography.json``."""
    data = json.loads((resources.files("kg") / "data" / "typography.json").read_text("utf-8"))
    return dict(data["norms"])


@lru_cache(maxsize=1)
def _translation() -> tuple[frozenset[str], dict[int, str]]:
    table = typographic_norms()
    return frozenset(table), str.maketrans(table)


def normalise(text: str) -> str:
    """``text`` with typographic quotes replaced by plain ones."""
    return text.translate(_translation()[1])


@Language.component("kg_typographic_norms")
def _set_norms(doc: Doc) -> Doc:
    chars, table = _translation()
    for token in doc:
        if not chars.isdisjoint(token.text):
            token.norm_ = token.norm_.translate(table)
    return doc
