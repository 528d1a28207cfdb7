"""``dep.stake``: an equity stake is ownership.

"Meta will take a 49% stake in Scale AI", "Nvidia will hold about 4% of
Intel", "Meta ha acquisito una quota del 49% di Scale AI", "detiene il 5% di
X": whoever takes or holds a percentage of a company, or a stake in it, is
its owner in part (``ownerOf``, the annotation convention for equity
stakes). The stake nouns, the verbs of taking and holding and the
prepositions are the language data's ``stake`` table; a percentage under a
verb of change ("le azioni sono salite del 5%") is a market move, not a
stake, unless a stake noun says otherwise.
"""

from __future__ import annotations

from ...types import Mention
from ..context import Context, arguments, emit, fits_class, lemma, negated
from ..syntax import clause_subjects, governing_chain, prep_objects

__all__ = ["stake_rules"]

_HOLDERS = frozenset({"Organization", "Person"})


def _target(ctx: Context, tokens, preps: set[str]) -> Mention | None:
    """The organisation a stake is in: "of/di/in X" on one of ``tokens``, else right after them on the surface."""
    preps = preps | set(ctx.data.get("preposition_forms", {}).get("di", ())) | set(
        ctx.data.get("preposition_forms", {}).get("in", ()))
    for token in tokens:
        for obj in prep_objects(token, preps):
            m = ctx.index.of(obj)
            if m is not None and fits_class(ctx, m, "Organization"):
                return m
    doc = ctx.doc
    last = max(t.i for t in tokens)
    for i in range(last + 1, min(last + 3, len(doc) - 1)):
        if doc[i].lower_ in preps:
            m = ctx.index.of(doc[i + 1]) or (ctx.index.of(doc[i + 2]) if i + 2 < len(doc) and doc[i + 1].pos_ == "DET" else None)
            if m is not None and fits_class(ctx, m, "Organization"):
                return m
            break
    return None


def stake_rules(ctx: Context) -> None:
    spec = ctx.data.get("stake", {})
    nouns, verbs, preps = set(spec.get("nouns", ())), set(spec.get("verbs", ())), set(spec.get("prepositions", ()))
    if not verbs:
        return
    changes = set(ctx.data.get("stock_change_words", {}))
    for q in ctx.quantities:
        if q.unit != "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        near = [root, root.head, *root.children]
        stake = next((t for t in near if t.lower_ in nouns or lemma(t) in nouns), None)
        if stake is not None and stake.lower_ in ("shares", "share") and lemma(stake.head) in changes:
            continue  # "shares rose 5%"
        target = _target(ctx, [root] + ([stake] if stake is not None else []), preps)
        if target is None:
            continue
        verb = stake if stake is not None else root
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX") or lemma(verb) in changes and stake is None:
            continue
        if lemma(verb) not in verbs and stake is None:
            continue
        chain = governing_chain(verb)
        if negated(ctx, chain):
            continue
        subjects, passive = clause_subjects(verb)
        if passive:
            continue
        for holder, inferred in arguments(ctx, subjects, _HOLDERS):
            if holder != target and holder.label in _HOLDERS:
                emit(ctx, holder, "ownerOf", target, verb.sent, "dep.stake", inferred=inferred)
