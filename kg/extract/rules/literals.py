"""``dep.literal``: money attached to a literal noun or verb.

"48,39 miliardi di dollari di ricavi", "spent $2 billion"; the nouns and verbs
are the language data's ``literal_nouns`` and ``literal_verbs``.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...types import Quantity
from ..context import (
    Context,
    arguments,
    clause_subject_of,
    emit,
    lemma,
    modality_of,
    negated,
    signature,
)
from ..syntax import dep, governing_chain

__all__ = ["literal_rules"]


def _literal_trigger(ctx: Context, tokens) -> tuple[str, Token] | None:
    nouns = ctx.data["literal_nouns"]
    for t in tokens:
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is not None and f"{t.lower_} {nxt.lower_}" in nouns:
            return nouns[f"{t.lower_} {nxt.lower_}"], t
        if t.pos_ == "NOUN" and (t.lower_ in nouns or lemma(t) in nouns):
            return nouns.get(t.lower_) or nouns[lemma(t)], t
    return None


def literal_rules(ctx: Context) -> None:
    last_currency = None
    verbs = ctx.data["literal_verbs"]
    for q in ctx.quantities:
        if q.currency:
            last_currency = q.currency
        if q.unit == "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        own = [c for c in root.children if dep(c) != "conj"]
        neighbourhood = [*own, *(g for c in own for g in c.children if dep(g) != "conj"), root.head,
                         *(c for c in root.head.children if dep(c) != "conj" and c != root), root.head.head]
        # the nearest trigger in the text wins among the syntactic neighbours
        neighbourhood = sorted({t.i: t for t in neighbourhood if t.i not in range(span.start, span.end)}.values(),
                               key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end + 1)))
        trigger = _literal_trigger(ctx, neighbourhood)
        predicate = None
        anchor = root
        if trigger:
            predicate, anchor = trigger
        else:
            # the amount is the verb's complement, not its subject
            attached = dep(root) in ("obj", "dobj", "obl", "npadvmod", "attr") or root.head.pos_ == "VERB"
            verb = root.head if attached and dep(root) != "nsubj" else None
            # "60 miliardi che spenderà": the money heads a relative clause
            for child in root.children:
                if dep(child) in ("acl:relcl", "relcl") and lemma(child) in verbs:
                    verb = child
            if verb is not None and lemma(verb) in verbs:
                predicate, anchor = verbs[lemma(verb)], verb
        if predicate is None:
            continue
        domain, _ = signature(predicate)
        subject = None
        inferred = False
        owners = [c for c in anchor.children if dep(c) in ("nmod", "poss", "nmod:poss", "compound")]
        found = arguments(ctx, owners, domain)  # "i ricavi di Zoom": the first owner named
        if found:
            subject, inferred = found[0]
        if subject is None:
            subject, inferred = clause_subject_of(ctx, anchor, domain)
        if subject is None:
            continue
        currency = q.currency or last_currency
        value = Quantity(q.start, q.end, q.text, q.value, currency, q.unit)
        chain = governing_chain(anchor) if anchor.pos_ in ("VERB", "AUX") else [anchor.head]
        if negated(ctx, chain):
            continue
        emit(ctx, subject, predicate, value, anchor.sent, "dep.literal", inferred=inferred,
              modality=modality_of(ctx, chain) if anchor.pos_ in ("VERB", "AUX") else None)
