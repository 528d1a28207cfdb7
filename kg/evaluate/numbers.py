"""Numbers and quotes in gold literals: reading amounts, comparing numbers and quotes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .names import fold

__all__ = ["NUMBER_TOLERANCE", "QUOTE_THRESHOLD", "ParsedQuantity", "numbers_match", "parse_quantity",
           "quantity_matches", "quote_overlap"]

NUMBER_TOLERANCE = Decimal("0.02")
QUOTE_THRESHOLD = 0.5


@dataclass(frozen=True)
class ParsedQuantity:
    """A number read from a gold literal: ``value`` in units.

    A range ("tra i 300 e i 550 milioni") has its upper end in ``high``; an
    amount given only by its order of magnitude ("miliardi di dollari",
    "hundreds of millions") is ``vague``, with ``value <= x < high``.
    """

    value: Decimal
    currency: str | None = None
    unit: str | None = None
    high: Decimal | None = None
    vague: bool = False


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
# "centinaia di milioni", "tens of billions": a multiplier of the scale word that follows
_MAGNITUDES = [
    (r"centinaia|hundreds", Decimal(100)),
    (r"decine|dozens|tens", Decimal(10)),
    (r"migliaia|thousands", Decimal(1000)),
]
_CENTS = re.compile(r"^\s*(?:cents?|centesim[io])\b")
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "a dozen": 12, "a hundred": 100,
    "uno": 1, "un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7,
    "otto": 8, "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "quindici": 15, "venti": 20,
    "trenta": 30, "quaranta": 40, "cinquanta": 50, "cento": 100,
}
_WORD_NUMBER = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\b")
_ITALIAN_HINTS = re.compile(r"\b(?:milion[ei]|miliard[oi]|mila|mille|dollar[oi]|euro|sterline|per cento|circa)\b")
_NUMBER = re.compile(r"[-+\u2212]?\s*\d[\d.,\u00a0\u202f' ]*\d|[-+\u2212]?\s*\d")
_RANGE_JOIN = re.compile(r"^\s*(?:-|\u2013|\u2014|to|and|e|a|fino a)\s+(?:(?:the|i|gli|le|il|lo|l')\s*)?"
                         r"(?:us\$|\$|€|£|usd|eur)?\s*(?=\d)|^(?:-|\u2013)(?=\d)")


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


def _scale(text: str) -> tuple[Decimal, int]:
    """The scale word at the start of ``text`` (after an optional hyphen): factor and length read."""
    m = re.match(r"\s*-?\s*", text)
    rest = text[m.end():]
    for pattern, factor in _SCALES:
        found = re.match(rf"(?:{pattern})\b", rest)
        if found:
            return factor, m.end() + found.end()
    return Decimal(1), 0


def _currency(folded: str) -> str | None:
    for pattern, code in _CURRENCY_WORDS:
        if re.search(rf"(?:^|[^a-z])(?:{pattern})(?:$|[^a-z])", folded):
            return code
    return None


def _vague(folded: str) -> tuple[Decimal, Decimal] | None:
    """``(low, high)`` for an order of magnitude with no number: "miliardi di dollari", "hundreds of millions"."""
    multiplier = Decimal(1)
    for pattern, factor in _MAGNITUDES:
        if re.search(rf"\b(?:{pattern})\s+(?:di|of)\b", folded):
            multiplier = factor
            break
    for pattern, factor in _SCALES:
        if len(pattern) > 3 and re.search(rf"\b(?:{pattern})\b", folded):
            plural = re.search(r"\b(?:miliardi|milioni|billions|millions|trillions|trilioni|migliaia|thousands)\b", folded)
            if plural or multiplier != 1:
                low = factor * multiplier
                return low, low * 10 if multiplier != 1 else factor * 1000
    return None


def parse_quantity(text: str, *, lang: str | None = None) -> ParsedQuantity:
    """Read a money amount, percentage or count written in Italian or English.

    Scale words (milioni, miliardi, million, bn, k...) multiply the number;
    ``lang`` ("it"/"en") settles "1,500" (Italian 1.5, English 1500); without
    it Italian words in the text make it Italian. Small numbers may be words
    ("five cents"); a range keeps both ends; a bare order of magnitude is
    vague. Raises ``ValueError`` when the text has no number.

    >>> parse_quantity("25 milioni di dollari")
    ParsedQuantity(value=Decimal('25000000'), currency='USD', unit=None, high=None, vague=False)
    >>> parse_quantity("€1.2bn").value, parse_quantity("$2.6 billion").currency, parse_quantity("US$196-billion").value
    (Decimal('1200000000.0'), 'USD', Decimal('196000000000'))
    >>> parse_quantity("-17%").value, parse_quantity("five cents").value
    (Decimal('-17'), Decimal('0.05'))
    >>> q = parse_quantity("tra i 300 e i 550 milioni di euro"); q.value, q.high, q.vague
    (Decimal('300000000'), Decimal('550000000'), False)
    >>> q = parse_quantity("miliardi di dollari"); q.value, q.high, q.vague
    (Decimal('1000000000'), Decimal('1000000000000'), True)
    """
    folded = fold(text).replace("\u00a0", " ")
    currency = _currency(folded)
    match = _NUMBER.search(folded)
    if match:
        italian = lang == "it" if lang else bool(_ITALIAN_HINTS.search(folded))
        value = _parse_number(match.group(0), italian=italian)
        before, after = folded[: match.start()], folded[match.end():]
    else:
        word = _WORD_NUMBER.search(folded)
        if word is None:
            vague = _vague(folded)
            if vague is None:
                raise ValueError(f"no number in {text!r}")
            return ParsedQuantity(value=vague[0], currency=currency, high=vague[1], vague=True)
        italian = False
        value = Decimal(_WORD_NUMBERS[word.group(0)])
        before, after = folded[: word.start()], folded[word.end():]
    if before.rstrip().endswith(("-", "\u2212")) and value > 0:
        value = -value
    factor, used = _scale(after)
    high = None
    join = _RANGE_JOIN.match(after)
    if join and factor == 1:
        # "tra 300 e 550 milioni", "$1-2 billion": the scale after the second number serves both
        second = _NUMBER.match(after[join.end():])
        if second:
            rest = after[join.end() + second.end():]
            factor, used = _scale(rest)
            high = _parse_number(second.group(0), italian=italian) * factor
            after = rest
    value *= factor
    after = after[used:] if high is None else after[used:]
    unit = None
    if re.match(r"\s*(?:%|per\s*cent[o]?\b|percent\b|punti percentuali\b)", after):
        unit = "percent"
    if factor == 1 and _CENTS.match(after):
        value /= 100
        currency = currency or ("EUR" if "centesim" in after else "USD")
    return ParsedQuantity(value=value, currency=currency, unit=unit, high=high)


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


def quantity_matches(gold: ParsedQuantity, value: Decimal, high: Decimal | None = None) -> bool:
    """Whether a system amount (``value``, with ``high`` for a range) is the gold quantity.

    A vague gold amount takes any value in its order of magnitude; a range
    needs both ends; a single number needs a single number.

    >>> quantity_matches(parse_quantity("billions of dollars"), Decimal("2e9"))
    True
    >>> quantity_matches(parse_quantity("$1-2 billion"), Decimal("1e9")), quantity_matches(parse_quantity("$1-2 billion"), Decimal("1e9"), Decimal("2e9"))
    (False, True)
    """
    percent = gold.unit == "percent"
    if gold.vague:
        return gold.high is not None and gold.value <= abs(value) < gold.high
    if gold.high is not None:
        return high is not None and numbers_match(gold.value, value, percent=percent) and numbers_match(
            gold.high, high, percent=percent)
    return high is None and numbers_match(gold.value, value, percent=percent)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def quote_overlap(gold: str, system: str) -> float:
    """Shared word tokens (multiset) divided by the length of the longer quote."""
    a, b = Counter(_tokens(gold)), Counter(_tokens(system))
    longest = max(sum(a.values()), sum(b.values()))
    if not longest:
        return 0.0
    return sum((a & b).values()) / longest

