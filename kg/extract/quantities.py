"""Find and read money amounts, percentages and dates in text.

The words (currencies, scale words such as *milioni* or *bn*, number words,
cents, month names) come from the language's data file
``kg/data/lang/{lang}.json``; this module only turns them into regular
expressions and reads the numbers.

What a :class:`~kg.types.Quantity` holds:

- an amount in units: "25 milioni di dollari", "$25 million", "US$196-billion"
  (a hyphen before the scale), "USD 5.5 billion", "452.3 billion New Taiwan
  dollars", "two billion euros" (number words before a scale and a currency),
  "five cents", "69 cents" (subunits: 0.05 and 0.69);
- a range, its lower end in ``value`` and its upper end in ``high``: "tra i 300
  e i 550 milioni di euro", "between $1bn and $2bn", "$1-2 billion";
- an order of magnitude with no number ("miliardi di dollari", "hundreds of
  millions of dollars") is a range too: ``value`` is the smallest amount the
  words allow and ``high`` the bound it stays below (``value <= x < high``):
  "miliardi" is [10^9, 10^12), "centinaia di milioni" is [10^8, 10^9);
- "up to $3 billion", "fino a 3 miliardi" keep the number (3 billion);
- a price per share ("$157 per share") has ``unit="per share"``, so that no
  rule takes it for a deal's total;
- an amount with a scale but no currency ("26 miliardi") has ``currency=None``;
  :func:`implied_currency` gives it the currency the text has been using.

Examples
--------
>>> [(q.text, q.value, q.currency) for q in find_quantities("Meta paga 25 milioni di dollari.", "it")]
[('25 milioni di dollari', Decimal('25000000'), 'USD')]
>>> [(q.text, q.value, q.currency) for q in find_quantities("It paid $25 million and €1.2bn.", "en")]
[('$25 million', Decimal('25000000'), 'USD'), ('€1.2bn', Decimal('1200000000'), 'EUR')]
>>> [(q.text, q.value, q.unit) for q in find_quantities("un crollo del 17% (+22 per cento)", "it")]
[('17%', Decimal('17'), 'percent'), ('+22 per cento', Decimal('22'), 'percent')]
>>> [(q.value, q.high) for q in find_quantities("tra i 300 e i 550 milioni di euro", "it")]
[(Decimal('300000000'), Decimal('550000000'))]
>>> [(q.value, q.high) for q in find_quantities("hundreds of millions of dollars", "en")]
[(Decimal('100000000'), Decimal('1000000000'))]
>>> parse_number("48,39", "it"), parse_number("1.500", "it"), parse_number("2.6", "en")
(Decimal('48.39'), Decimal('1500'), Decimal('2.6'))
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from ..langdata import language_data
from ..types import Quantity

__all__ = ["find_dates", "find_quantities", "implied_currency", "parse_number"]

_NUMBER = r"[+\-−]?\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d+)?(?![\d])|[+\-−]?\d+(?:[.,]\d+)?"
_DASH = r"\s?[-–]\s?"


def parse_number(text: str, lang: str) -> Decimal:
    """Read a number written the way ``lang`` writes numbers (or a number word: "five")."""
    q = language_data(lang)["quantities"]
    words = {k.lower(): v for k, v in q.get("number_words", {}).items()}
    if text.strip().lower() in words:
        return Decimal(words[text.strip().lower()])
    decimal_sep = q["decimal_separator"]
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


@cache
def _tables(lang: str) -> dict:
    """The language's quantity words, lower-cased, and the regular expressions built from them."""
    q = language_data(lang)["quantities"]
    currencies = q["currencies"]
    symbols = [c for c in currencies if not c[0].isalpha() or c.isupper()]
    words = [c for c in currencies if c not in symbols]
    scales = _alternation(q["scales"])
    scale = rf"(?:{scales})(?:\s(?:{scales}))?"  # "mila miliardi"
    connectors = _alternation(q["connectors"])
    symbol = _alternation(symbols)
    word = _alternation(words)
    number_words = _alternation(q.get("number_words", {}))
    spelled = rf"(?:{number_words})" if number_words else r"(?!)"
    subunits = _alternation(q.get("subunits", {})) or r"(?!)"
    money = re.compile(
        rf"(?<![\w$€£¥])(?:(?P<sym>{symbol})\s?(?P<num1>{_NUMBER})(?:(?:\s|-)?(?P<scale1>{scale})\b)?"
        rf"|(?P<num2>{_NUMBER}|{spelled})(?:\s|-)?(?:(?P<scale2>{scale})\b\s*(?:(?:{connectors})\s*)?)?"
        rf"(?P<cur>{word}|{symbol})(?!\w)"
        rf"|(?P<num3>{_NUMBER})(?:\s|-)?(?P<scale3>{scale})\b"
        rf"|(?P<num4>{_NUMBER}|{spelled})\s?(?P<sub>{subunits})(?!\w))",
        re.IGNORECASE,
    )
    percent_words = _alternation(q["percent_words"])
    percent = re.compile(rf"(?<![\w.,])(?P<num>{_NUMBER})\s?(?:{percent_words})(?!\w)", re.IGNORECASE)
    magnitudes = _alternation(q.get("magnitudes", {}))
    vague_scales = _alternation(q.get("vague_scales", {})) or r"(?!)"
    vague = re.compile(
        rf"(?<!\w)(?:(?P<mag>{magnitudes or '(?!)'})\s(?:{connectors})\s?)?(?P<scale>{vague_scales})"
        rf"\s(?:(?:{connectors})\s?)(?P<cur>{word})(?!\w)",
        re.IGNORECASE,
    )
    articles = _alternation(language_data(lang).get("articles", ()))
    openers = _alternation(q.get("range_openers", ())) or r"(?!)"
    joiners = _alternation(q.get("range_joiners", ())) or r"(?!)"
    article = rf"(?:(?:{articles})\s?)?" if articles else ""
    # "tra i 300 e i 550 milioni", "between $1bn and $2bn": the text before the upper end
    range_before = re.compile(
        rf"(?<!\w)(?:{openers})\s{article}(?P<low>(?:(?P<sym>{symbol})\s?)?(?P<num>{_NUMBER})"
        rf"(?:(?:\s|-)?(?P<scale>{scale})\b)?(?:\s(?:(?:{connectors})\s?)?(?:{word}))?)"
        rf"\s(?:{joiners})\s{article}$",
        re.IGNORECASE,
    )
    # "$1-2 billion", "5-6%": a bare lower end joined by a dash
    dash_before = re.compile(rf"(?<![\w.,])(?P<low>(?:(?P<sym>{symbol})\s?)?(?P<num>{_NUMBER})(?:\s?(?P<scale>{scale}))?){_DASH}$",
                             re.IGNORECASE)
    per_unit = q.get("per_unit", {})
    per = re.compile(rf"\s?(?:{_alternation(per_unit)})(?!\w)", re.IGNORECASE) if per_unit else None
    lower = {k.lower(): v for k, v in currencies.items()}
    return {
        "money": money, "percent": percent, "vague": vague, "range_before": range_before, "dash_before": dash_before,
        "per": per, "per_unit": {k.lower(): v for k, v in per_unit.items()}, "currencies": lower,
        "scales": {k.lower(): Decimal(v) for k, v in q["scales"].items()},
        "subunits": {k.lower(): (v[0], Decimal(str(v[1]))) for k, v in q.get("subunits", {}).items()},
        "magnitudes": {k.lower(): Decimal(v) for k, v in q.get("magnitudes", {}).items()},
        "vague_scales": {k.lower(): Decimal(v) for k, v in q.get("vague_scales", {}).items()},
    }


def _factor(scale: str | None, scales: dict[str, Decimal]) -> Decimal:
    factor = Decimal(1)
    for part in (scale or "").lower().split():
        factor *= scales.get(part, Decimal(1))
    return factor


def find_quantities(text: str, lang: str) -> list[Quantity]:
    """Money amounts (in units, with ISO currency when written) and percentages in ``text``.

    An amount written with a scale word but no currency ("20,8 miliardi") is
    returned with ``currency=None``; small bare numbers are ignored. Ranges and
    orders of magnitude have an upper end (``high``); see the module docstring.
    """
    t = _tables(lang)
    found: list[Quantity] = []
    for m in t["money"].finditer(text):
        q = _money(m, text, lang, t)
        if q is not None:
            found.append(q)
    for m in t["vague"].finditer(text):
        if any(q.start < m.end() and m.start() < q.end for q in found):
            continue
        low = t["vague_scales"][m.group("scale").lower()]
        mag = t["magnitudes"].get((m.group("mag") or "").lower())
        value, high = (low * mag, low * mag * 10) if mag else (low, low * 1000)
        found.append(Quantity(m.start(), m.end(), m.group(0), value, t["currencies"].get(m.group("cur").lower()), None,
                              high))
    for m in t["percent"].finditer(text):
        if any(q.start <= m.start() < q.end for q in found):
            continue
        value = parse_number(m.group("num"), lang)
        found.append(Quantity(m.start(), m.end(), m.group(0), abs(value), None, "percent"))
    found.sort(key=lambda q: q.start)
    return [_integral(q) for q in _ranges(text, found, lang, t)]


def _money(m: re.Match, text: str, lang: str, t: dict) -> Quantity | None:
    num = m.group("num1") or m.group("num2") or m.group("num3") or m.group("num4")
    scale = m.group("scale1") or m.group("scale2") or m.group("scale3")
    cur = m.group("sym") or m.group("cur")
    if m.group("sub"):
        currency, factor = t["subunits"][m.group("sub").lower()]
        value = parse_number(num, lang) * factor
        return Quantity(m.start(), m.end(), m.group(0), abs(value), currency)
    if cur is None and scale is None:
        return None
    if m.group("num3") and _factor(scale, t["scales"]) < 1_000_000:
        return None
    if scale and len(scale) == 1 and not m.group("sym"):
        return None  # "5 m" is too ambiguous without a currency symbol
    value = parse_number(num, lang) * _factor(scale, t["scales"])
    currency = t["currencies"].get(cur.lower()) if cur else None
    unit, end = None, m.end()
    per = t["per"].match(text, m.end()) if t["per"] else None
    if per:
        unit, end = t["per_unit"][per.group(0).strip().lower()], per.end()
    return Quantity(m.start(), end, text[m.start():end], abs(value), currency, unit)


def _ranges(text: str, found: list[Quantity], lang: str, t: dict) -> list[Quantity]:
    """Join a lower end to the amount after it: "tra 300 e 550 milioni", "$1-2 billion", "5-6%"."""
    out: list[Quantity] = []
    for q in found:
        if q.high is not None or q.unit not in (None, "percent"):
            out.append(q)
            continue
        window_start = max(0, q.start - 80)
        before = text[window_start:q.start]
        m = t["range_before"].search(before) or t["dash_before"].search(before)
        if m is None:
            out.append(q)
            continue
        start = window_start + m.start()
        low_start = window_start + m.start("low")
        # a lower end read on its own ("$1bn" in "between $1bn and $2bn") is part of the range now
        if out and out[-1].start >= start and out[-1].unit == q.unit:
            if out[-1].end > window_start + m.end("low"):
                out.append(q)
                continue
            out.pop()
        elif out and out[-1].end > low_start:
            out.append(q)
            continue
        groups = m.groupdict()
        low = parse_number(groups["num"], lang)
        scale = groups.get("scale")
        if scale:
            low *= _factor(scale, t["scales"])
        else:
            high_number = parse_number(_number_of(q, text, lang), lang)
            if not high_number:  # "0 - 0 euro": no range to read
                out.append(q)
                continue
            low *= q.value / high_number
        if low <= 0 or low >= q.value:
            out.append(q)
            continue
        currency = q.currency or (t["currencies"].get(groups["sym"].lower()) if groups.get("sym") else None)
        out.append(Quantity(start, q.end, text[start:q.end], low, currency, q.unit, q.value))
    return out


def _number_of(q: Quantity, text: str, lang: str) -> str:
    """The number as written in an amount's text ("550" of "550 milioni di euro")."""
    m = re.search(_NUMBER, q.text)
    return m.group(0) if m else "1"


def _integral(q: Quantity) -> Quantity:
    def whole(value):
        if value is not None and value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value

    return Quantity(q.start, q.end, q.text, whole(q.value), q.currency, q.unit, whole(q.high))


def implied_currency(quantities: list[Quantity], q: Quantity) -> str | None:
    """``q``'s currency, else the currency the text implies for it.

    That is the currency of the nearest amount before it that has one (a bare
    "26 miliardi" after "ricavi per 20 miliardi di dollari"), else of the first
    amount after it. Percentages have none.

    >>> qs = find_quantities("Ricavi a 26 miliardi di dollari e utile a 14,88 miliardi.", "it")
    >>> implied_currency(qs, qs[1])
    'USD'
    """
    if q.currency or q.unit == "percent":
        return q.currency
    before = [o for o in quantities if o.end <= q.start and o.currency]
    if before:
        return before[-1].currency
    after = [o for o in quantities if o.start >= q.end and o.currency]
    return after[0].currency if after else None


@cache
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
