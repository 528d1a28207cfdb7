"""Score extracted triples against a hand-made gold set (``kg eval``).

A gold folder holds pairs ``NAME.txt`` (the article, optional first line
``date YYYY-MM[-DD]``) and ``NAME.gold.json``::

    {"lang": "it",                                   # optional: else NAME's prefix it_/en_
     "entities": [{"id": "e1", "label": "Mark Zuckerberg", "type": "Person",
                   "aliases": ["Zuckerberg"]}, ...],
     "triples": [{"s": "e1", "p": "ceo_of", "o": "e2", "evidence": "..."},
                 {"s": "e2", "p": "pays",
                  "o": {"literal": "25 milioni di dollari", "datatype": "money"},
                  "evidence": "..."}]}

:func:`evaluate` runs the pipeline on every ``NAME.txt`` (one document at a
time) and compares the graph it returns with the gold triples.

Matching rules
--------------
* **Relations** are the ontology's names in snake_case (``ceoOf`` →
  ``ceo_of``). The system's triples are every asserted ``?s kg:rel ?o`` whose
  predicate is a kg relation (:func:`kg.ontology.relations`), plus one *amount
  fact* ``(s, rel, amount)`` per distinct ``kg:amount`` that a statement of
  ``pays``, ``investsIn`` or ``acquires`` carries.
* **Entities** match when a normalised gold label or alias equals a
  normalised ``rdfs:label`` or ``skos:altLabel`` of the system entity
  (:func:`normalize_name`: accents, case, one leading article and punctuation
  removed). With ``relaxed=True`` a whole-word containment in either
  direction also matches ("Meta" ~ "Meta Platforms").
* **Literal objects**: a gold literal of ``pays``/``invests_in``/``acquires``
  matches an amount fact of the same subject and relation; for ``revenue``,
  ``net_income``, ``spends``, ``valuation`` and ``stock_change`` it matches
  the asserted number. Numbers (:func:`parse_quantity`) match within 2 %
  relative; a gold percentage ``p`` also accepts a system value ``p / 100``.
  The currency is not compared. A gold literal may give ``"value"`` to
  override parsing (``"crollo ... del 17%"`` is ``"value": -17``).
  Quotes (``says``) match when :func:`quote_overlap` ≥ 0.5: the size of the
  multiset intersection of the word tokens divided by the length of the
  *longer* token list.
* ``competitor_of`` and ``partner_of`` match in either direction.
* Each gold triple and each system fact is used at most once: a maximum
  bipartite matching (augmenting paths, visiting gold triples in file order
  and system facts in sorted order, so results are deterministic).

Scores are micro precision, recall and F1 over triples, overall, per language
and per relation; plus an entity recall (gold entities that some system entity
matches).

Examples
--------
>>> parse_quantity("48,39 miliardi di dollari").value
Decimal('48390000000.00')
>>> normalize_name("L'Università di Roma")
'universita di roma'
>>> round(quote_overlap("the right thing", "focused on the right thing"), 2)
0.6
"""

from __future__ import annotations

from .gold import (
    LITERAL_DATATYPES,
    GoldDocument,
    GoldEntity,
    GoldLiteral,
    GoldTriple,
    load_gold,
    load_gold_document,
)
from .names import names_match, normalize_name, relation_names, snake_case
from .numbers import ParsedQuantity, numbers_match, parse_quantity, quote_overlap
from .report import format_report
from .scoring import DocumentResult, Report, Score, TripleError, evaluate, max_matching
from .system import AMOUNT_RELATIONS, SystemFact, SystemGraph, read_system

__all__ = [
    "AMOUNT_RELATIONS",
    "LITERAL_DATATYPES",
    "DocumentResult",
    "GoldDocument",
    "GoldEntity",
    "GoldLiteral",
    "GoldTriple",
    "ParsedQuantity",
    "Report",
    "Score",
    "SystemFact",
    "SystemGraph",
    "TripleError",
    "evaluate",
    "format_report",
    "load_gold",
    "load_gold_document",
    "max_matching",
    "names_match",
    "normalize_name",
    "numbers_match",
    "parse_quantity",
    "quote_overlap",
    "read_system",
    "relation_names",
    "snake_case",
]
