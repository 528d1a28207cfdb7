"""Find and read money amounts, percentages and dates in text.

The words (currencies, scale words such as *milioni* or *bn*, month names) come
from the language's data file ``kg/data/lang/{lang}.json``; this module only
turns them into regular expressions and reads the numbers.

Examples
--------
>>> [(q.text, q.value, q.currency) for q in find_quantities("Meta paga 25 milioni di dollari.", "it")]
[('25 milioni di dollari', Decimal('25000000'), 'USD')]
>>> [(q.text, q.value, q.currency) for q in find_quantities("It paid $25 million and €1.2bn.", "en")]
[('$25 million', Decimal('25000000'), 'USD'), ('€1.2bn', Decimal('1200000000'), 'EUR')]
>>> [(q.text, q.value, q.unit) for q in find_quantities("un crollo del 17% (+22 per cento)", "it")]
[('17%', Decimal('17'), 'percent'), ('+22 per cento', Decimal('22'), 'percent')]
>>> parse_number("48,39", "it"), parse_number("1.500", "it"), parse_number("2.6", "en")
(Decimal('48.39'), Decimal('1500'), Decimal('2.6'))
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..langdata import language_data
from ..types import Quantity

__all__ = ["parse_number", "find_quantities", "find_dates"]

_NUMBER = r"[+\-−]?\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?(?![\d])|[+\-−]?\d+(?:[.,]\d+)?"


def parse_number(text: str, lang: str) -> Decimal:
    """Read a number written the way ``lang`` writes numbers."""
    decimal_sep = language_data(lang)["quantities"]["decimal_separator"]
    other = "." if decimal_sep == "," else ","
    text = text.replace("−", "-").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if other in text:
        groups = text.split(other)
        if all(len(g) == 3 for g in groups[1:]) and decimal_sep not in groups[0]:
            text = "".join(groups)  # thousands separator
        elif decimal_sep not in text and len(groups) == 2:
            text = text.replace(other, ".")  # a decimal written the other way (2.6 in Italian)
        else:
            text = text.replace(other, "")
    text = text.replace(decimal_sep, ".")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex only lets numbers through
        raise ValueError(f"not a number: {text!r}") from exc


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=None)
def _patterns(lang: str):
    q = language_data(lang)["quantities"]
    currencies = q["currencies"]
    symbols = [c for c in currencies if not c[0].isalpha() or c.isupper()]
    words = [c for c in currencies if c not in symbols]
    scales = _alternation(q["scales"])
    connectors = _alternation(q["connectors"])
    symbol = _alternation(symbols)
    word = _alternation(words)
    money = re.compile(
        rf"(?<![\w$€£¥])(?:(?P<sym>{symbol})\s?(?P<num1>{_NUMBER})(?:\s?(?P<scale1>{scales})\b)?"
        rf"|(?P<num2>{_NUMBER})\s?(?:(?P<scale2>{scales})\b\s*(?:(?:{connectors})\s*)?)?(?P<cur>{word}|{symbol})(?!\w)"
        rf"|(?P<num3>{_NUMBER})\s(?P<scale3>{scales})\b)",
        re.IGNORECASE,
    )
    percent_words = _alternation(q["percent_words"])
    percent = re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})\s?(?:{percent_words})(?!\w)", re.IGNORECASE)
    return money, percent, {k.lower(): v for k, v in currencies.items()}, {k.lower(): v for k, v in q["scales"].items()}


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Money amounts (in units, with ISO currency when written) and percentages in ``text``.

    An amount written with a scale word but no currency ("20,8 miliardi") is
    returned with ``currency=None``; small bare numbers are ignored.
    """
    money, percent, currencies, scales = _patterns(lang)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in money.finditer(text):
        num = m.group("num1") or m.group("num2") or m.group("num3")
        scale = m.group("scale1") or m.group("scale2") or m.group("scale3")
        cur = m.group("sym") or m.group("cur")
        if cur is None and scale is None:
            continue
        if m.group("num3") and scales.get(scale.lower(), 1) < 1_000_000:
            continue
        if scale and len(scale) == 1 and not m.group("sym"):
            continue  # "5 m" is too ambiguous without a currency symbol
        value = parse_number(num, lang) * Decimal(scales.get(scale.lower(), 1) if scale else 1)
        currency = currencies.get(cur.lower()) if cur else None
        found.append(Quantity(m.start(), m.end(), m.group(0), abs(value), currency))
        taken.append((m.start(), m.end()))
    for m in percent.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = parse_number(m.group("num"), lang)
        found.append(Quantity(m.start(), m.end(), m.group(0), abs(value), None, "percent"))
    found.sort(key=lambda q: q.start)
    return [_integral(q) for q in found]


def _integral(q: Quantity) -> Quantity:
    value = q.value
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return Quantity(q.start, q.end, q.text, value, q.currency, q.unit)


@lru_cache(maxsize=None)
def _date_pattern(lang: str):
    d = language_data(lang)["dates"]
    months = _alternation(d["months"])
    periods = _alternation(d["periods"])
    relative = _alternation(d["relative"])
    return re.compile(
        rf"(?<!\w)(?:\d{{1,2}}\s(?:{months})(?:\s\d{{4}})?|(?:{months})\s\d{{1,2}},?\s\d{{4}}|(?:{months})(?:\s(?:del\s|of\s)?\d{{4}})"
        rf"|(?:il\s|nel\s|the\s|in\sthe\s)?(?:{periods})(?:\s(?:del\s|of\s)?\d{{4}})?"
        rf"|Q[1-4](?:\s\d{{4}})?|H[12]\s\d{{4}}|{relative}|(?:19|20)\d{{2}})(?!\w)",
        re.IGNORECASE,
    )


def find_dates(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Dates and periods in ``text`` as ``(start, end, text)``.

    >>> find_dates("nel quarto trimestre e il 6 gennaio", "it")
    [(0, 20, 'nel quarto trimestre'), (26, 35, '6 gennaio')]
    """
    return [(m.start(), m.end(), m.group(0)) for m in _date_pattern(lang).finditer(text)]
