"""A deterministic corpus of news-like documents for corpus-scale tests and benchmarks.

:func:`corpus_records` returns ``n`` JSON-Lines-style records (``id``,
``date``, ``title``, ``text``): first the openly licensed texts already in the
repository (the seed in ``examples/``, the Wikinews and TekGen texts of
``tests/data/gold/``; see ``tests/data/gold/SOURCES.md``), then short Italian
and English articles written from the sentence templates below. The
templates, the invented people and companies and their fillers were written
for this project (MIT); the places are real cities. Nothing comes from
``../shared/data``.

The articles exercise what the shapes check: roles, founders, seats,
acquisitions, payments and investments with amounts, ranges and ISO 4217
currencies, revenue, stock moves, lawsuits, partnerships, announcements,
quotations, hedged and future facts, and document dates of each kind kg
reads (``YYYY-MM-DD`` and ``YYYY-MM``).

>>> records = corpus_records(30)
>>> len(records), len({r["id"] for r in records}), records[0]["id"]
(30, 30, 'seed')
>>> corpus_records(30) == records
True
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["corpus_records", "write_jsonl"]

ROOT = Path(__file__).resolve().parent.parent

_PEOPLE = ["Marta Ferri", "Luca Bellandi", "Giulia Santoro", "Paolo Venturi", "Chiara Lombardo", "Davide Rinaldi",
           "Anna Kessler", "David Moreno", "Sarah Whitfield", "James Okafor", "Elena Varga", "Thomas Lindqvist"]
_ORGS = ["Lumio Systems", "Norvik Energy", "Castellan Group", "Velatech", "Orsini Costruzioni", "Brightwater Labs",
         "Quantara", "Ferrovie Alpine", "Helix Robotics", "Solvera", "Marenco Foods", "Tessaro Bank",
         "Arclight Media", "Polaris Mobility"]
_PRODUCTS = ["Lumio One", "Helix Arm 3", "Quantara Cloud", "Solvera Grid", "Arclight TV", "Velatech Pulse"]
_CITIES_IT = ["Milano", "Torino", "Roma", "Bologna", "Napoli", "Firenze", "Genova", "Trieste"]
_CITIES_EN = ["London", "Boston", "Seattle", "Chicago", "Dublin", "Toronto", "Austin", "Manchester"]
_MONTHS_IT = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "September", "October"]
_MONEY_IT = [("euro", 1), ("dollari", 1), ("sterline", 1), ("franchi svizzeri", 1)]
_MONEY_EN = [("$", 0), ("€", 0), ("£", 0)]

_TEMPLATES_IT = [
    "{o1} ha annunciato l'acquisizione di {o2} per {n} miliardi di {cur}.",
    "{p1}, amministratore delegato di {o1}, ha detto che l'operazione si chiuderà entro {month}.",
    "{o1} ha sede a {city}.",
    "Il titolo {o1} ha perso il {pct}% a Piazza Affari.",
    "Il titolo {o2} ha guadagnato il {pct}% dopo l'annuncio.",
    "{o1} ha chiuso il trimestre con ricavi per {n} miliardi di {cur}.",
    "{p2} ha fondato {o2} nel {year}.",
    "{o1} pagherà {m} milioni di {cur} a {o2} per chiudere la causa.",
    "{o2} investirà tra {lo} e {hi} milioni di {cur} in {o1}.",
    "{o1} ha fatto causa a {o2} per violazione di brevetti.",
    "«Siamo molto soddisfatti dei risultati», ha dichiarato {p1}.",
    "{o1} ha presentato {product}, il suo nuovo prodotto.",
    "{o1} e {o2} hanno firmato un accordo di collaborazione.",
    "{p2} è il presidente di {o2}.",
    "Secondo gli analisti, {o1} potrebbe acquisire {o2}.",
    "{p1} ha criticato {o2} per i ritardi.",
]

_TEMPLATES_EN = [
    "{o1} said on Monday it would acquire {o2} for {sym}{n} billion.",
    "{p1}, the chief executive of {o1}, said the deal would close in {month}.",
    "{o1} is headquartered in {city}.",
    "Shares of {o1} fell {pct}% in {city} trading.",
    "Shares of {o2} rose {pct}% after the announcement.",
    "{o1} reported revenue of {sym}{n} billion for the quarter.",
    "{p2} founded {o2} in {year}.",
    "{o1} agreed to pay {o2} {sym}{m} million to settle a lawsuit.",
    "{o2} will invest between {sym}{lo} million and {sym}{hi} million in {o1}.",
    "{o1} sued {o2} over patent claims.",
    '"We are very pleased with the results," said {p1}.',
    "{o1} unveiled {product}, its new product.",
    "{o1} and {o2} signed a partnership agreement.",
    "{p2} is the president of {o2}.",
    "Analysts said {o1} may buy {o2}.",
    "{p1} criticized {o2} for the delays.",
]

_TITLE_IT = "{o1}: accordo con {o2}"
_TITLE_EN = "{o1} and {o2} in the news"


def _real_texts() -> list[tuple[str, str]]:
    paths = [ROOT / "examples" / "000_4f1d2f5fb92fcf2d.txt", *sorted((ROOT / "tests/data/gold").glob("*.txt"))]
    out = []
    for path in paths:
        name = "seed" if path.parent.name == "examples" else path.stem
        if name == "it_seed":  # the seed again, without its date line
            continue
        out.append((name, path.read_text(encoding="utf-8")))
    return out


def _article(rng: random.Random, lang: str) -> tuple[str, str]:
    o1, o2 = rng.sample(_ORGS, 2)
    p1, p2 = rng.sample(_PEOPLE, 2)
    lo = rng.randrange(100, 400, 10)
    slots = {
        "o1": o1, "o2": o2, "p1": p1, "p2": p2, "product": rng.choice(_PRODUCTS),
        "n": rng.choice(["1", "2", "3,5", "12"] if lang == "it" else ["1", "2", "3.5", "12"]),
        "m": rng.choice(["25", "40", "150", "600"]), "lo": str(lo), "hi": str(lo + rng.randrange(50, 300, 10)),
        "pct": rng.choice(["2", "3,4", "5", "12"] if lang == "it" else ["2", "3.4", "5", "12"]),
        "year": str(rng.randrange(1990, 2020)),
    }
    if lang == "it":
        templates, title = _TEMPLATES_IT, _TITLE_IT
        slots.update(cur=rng.choice(_MONEY_IT)[0], city=rng.choice(_CITIES_IT), month=rng.choice(_MONTHS_IT))
    else:
        templates, title = _TEMPLATES_EN, _TITLE_EN
        slots.update(sym=rng.choice(_MONEY_EN)[0], city=rng.choice(_CITIES_EN), month=rng.choice(_MONTHS_EN))
    chosen = rng.sample(templates, rng.randrange(5, 9))
    return title.format(**slots), " ".join(t.format(**slots) for t in chosen)


def corpus_records(n: int = 200, *, seed: int = 22) -> list[dict]:
    """``n`` records: the repository's openly licensed texts first, then generated articles."""
    rng = random.Random(seed)
    records = []
    for i, (name, text) in enumerate(_real_texts()[:n]):
        records.append({"id": name, "date": f"2025-{1 + i % 12:02d}", "text": text})
    i = 0
    while len(records) < n:
        lang = "it" if i % 2 == 0 else "en"
        title, text = _article(rng, lang)
        day = 1 + i % 28
        date = f"2024-{1 + i % 12:02d}-{day:02d}" if i % 3 else f"2024-{1 + i % 12:02d}"
        records.append({"id": f"gen{i:04d}", "date": date, "title": title, "text": text})
        i += 1
    return records


def write_jsonl(path: str | Path, n: int = 200, *, seed: int = 22) -> Path:
    """Write :func:`corpus_records` as JSON Lines to ``path``; return the path."""
    path = Path(path)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus_records(n, seed=seed)),
                    encoding="utf-8")
    return path
