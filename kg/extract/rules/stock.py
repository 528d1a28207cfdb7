"""``dep.stock``: a percentage attached to a change of a company's shares.

"un crollo delle azioni di Nvidia del 17%".
"""

from __future__ import annotations

from decimal import Decimal

from ...types import Quantity
from ..context import (
    Context,
    arguments,
    emit,
    lemma,
    signature,
    topic_subject,
)
from ..syntax import dep

__all__ = ["stock_rules"]


def stock_rules(ctx: Context) -> None:
    changes = ctx.data["stock_change_words"]
    stock_nouns = set(ctx.data["stock_nouns"])
    domain, _ = signature("stockChange")
    for q in ctx.quantities:
        if q.unit != "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        candidates = [root.head, root.head.head, *root.head.children]
        change = next((t for t in candidates if lemma(t) in changes or t.lower_ in changes), None)
        if change is None:
            continue
        sign = changes.get(lemma(change), changes.get(change.lower_))
        stock = None
        for t in [*change.children, *(c for c in change.children for c in c.children), change.head]:
            if t.lower_ in stock_nouns or lemma(t) in stock_nouns:
                stock = t
                break
        if stock is None:
            continue
        org = None
        for t in stock.children:
            if dep(t) in ("nmod", "compound", "poss", "nmod:poss", "prep"):
                args = arguments(ctx, [t] if dep(t) != "prep" else list(t.children), domain)
                if args:
                    org = args[0][0]
                    break
        inferred = False
        if org is None:
            # "il titolo ha guadagnato il 5%": the company is the one the text is about
            org, inferred = topic_subject(ctx, stock, domain), True
        if org is None:
            continue
        value = Quantity(q.start, q.end, q.text, q.value * Decimal(sign), None, "percent")
        emit(ctx, org, "stockChange", value, change.sent, "dep.stock", inferred=inferred)
