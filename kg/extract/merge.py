"""Where the rules' facts and the learned scorer's facts meet: one policy, here.

* Every rule fact is kept: the rules see negation, hedging, tense, amounts and
  quotes, which the scorer does not.
* A model fact is added only when no rule fact links the same two mentions, in
  either direction and with any relation: where the rules read the pair, their
  reading (or their silence on a negated clause they recognised) stands.
* Two model facts never link the same pair (the scorer emits one relation per
  ordered pair; of the two directions of a pair the more confident one is
  kept).
"""

from __future__ import annotations

from typing import Iterable

from ..types import Fact, Mention

__all__ = ["merge_facts"]


def _pair(fact: Fact) -> frozenset:
    return frozenset({(fact.subject.start, fact.subject.end), (fact.object.start, fact.object.end)})


def merge_facts(rule_facts: Iterable[Fact], model_facts: Iterable[Fact]) -> list[Fact]:
    """The rule facts, then the model facts on pairs the rules left alone."""
    kept = list(rule_facts)
    taken = {_pair(f) for f in kept if isinstance(f.object, Mention)}
    best: dict[frozenset, Fact] = {}
    for fact in model_facts:
        pair = _pair(fact)
        if pair in taken:
            continue
        if pair not in best or fact.confidence > best[pair].confidence:
            best[pair] = fact
    return kept + [best[p] for p in sorted(best, key=lambda p: sorted(p))]
