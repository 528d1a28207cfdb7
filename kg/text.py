r"""Unicode hygiene: invisible characters in names, bidi isolation on pages, safe terminal lines.

News text from the web may carry characters that do not show: bidi controls
(U+202A-U+202E, U+2066-U+2069), zero-width spaces and joiners, soft hyphens,
variation selectors. In a name they make a second entity that looks exactly
like the first ("Mega\u202eCorp" next to "MegaCorp"), so :func:`clean_name`
strips them before kg makes an entity's IRI or label (:mod:`kg.resolve` and
:func:`kg.rdf.slugify` call it). The evidence sentences keep the text as it
was; a page shows them through :func:`isolate`, so that a bidi control inside
one cannot reorder what follows it. :func:`printable` makes one safe terminal
line of any text (file names included).

Examples
--------
>>> clean_name("Mega\u202eCorp\u200b")
'MegaCorp'
>>> isolate("abc\u202edef") == "\u2068abc\u202edef\u202c\u2069"
True
>>> print(printable("bad\nname\u202e.txt"))
bad\nname\u202e.txt
"""

from __future__ import annotations

import unicodedata

__all__ = ["clean_name", "isolate", "printable"]

_VARIATION_SELECTORS = {*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
_EMBEDDINGS = {"\u202a", "\u202b", "\u202d", "\u202e"}  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = {"\u2066", "\u2067", "\u2068"}  # LRI RLI FSI, closed by PDI
_PDF, _PDI, _FSI = "\u202c", "\u2069", "\u2068"
_CONTROLS = _EMBEDDINGS | _ISOLATES | {_PDF, _PDI}
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or ord(char) in _VARIATION_SELECTORS


def clean_name(name: str) -> str:
    """``name`` without format characters (Unicode category Cf: bidi controls,
    zero-width spaces and joiners, soft hyphens, BOM...) and variation selectors."""
    if name.isascii():
        return name
    return "".join(ch for ch in name if not _invisible(ch))


def isolate(text: str) -> str:
    """``text`` as a bidi isolate (FSI ... PDI) whose embeddings are all closed inside it.

    A PDF or PDI in ``text`` that closes nothing opened in ``text`` is dropped
    (it would close the page's own context); every embedding, override or
    isolate left open is closed at the end. Text without bidi controls is
    returned as it is.
    """
    if not _CONTROLS.intersection(text):
        return text
    stack: list[str] = []
    out = [_FSI]
    for ch in text:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == _PDF:
            if not stack or stack[-1] not in _EMBEDDINGS:
                continue
            stack.pop()
        elif ch == _PDI:
            if not any(c in _ISOLATES for c in stack):
                continue
            while stack and stack.pop() not in _ISOLATES:
                pass
        out.append(ch)
    out.extend(_PDF if c in _EMBEDDINGS else _PDI for c in reversed(stack))
    out.append(_PDI)
    return "".join(out)


def printable(text: str) -> str:
    """``text`` on one safe terminal line: control, format, separator and
    surrogate characters (a file name may hold any of them) are escaped."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(_ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"))
        else:
            out.append(ch)
    return "".join(out)
