"""``surface.dateline``: a press dateline states no fact but "city, region".

"MOSCOW (AP) —", "ROMA, 3 mar (Reuters) -", "June 8 (Reuters) -", "MANILA,
Philippines –" (:func:`kg.extract.datelines.find_datelines`). Running first,
:func:`dateline_rules` makes the dateline's place(s) and region Place mentions
and its agency an Organization mention, whatever NER made of them
("PHILADELPHIA (CBS" is two names), and reads "MANILA, Philippines" as
locatedIn. Running last, :func:`drop_dateline_facts` drops every other fact
whose subject or object lies in a dateline.
"""

from __future__ import annotations

from ...types import Mention
from ..context import Context, emit
from ..datelines import find_datelines

__all__ = ["dateline_rules", "drop_dateline_facts"]


def _name(ctx: Context, start: int, end: int, label: str) -> Mention | None:
    """The mention of the dateline part at ``start:end``, with ``label``."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    for i in range(span.start, span.end):
        m = ctx.index.of(ctx.doc[i])
        if m is not None and ctx.index.spans[m] != (span.start, span.end):
            ctx.index.remove(m)  # a span running over two parts, or a part of one
    m = ctx.index.of(span[0])
    if m is not None:
        return ctx.index.relabel(m, label)
    return ctx.index.add(span, label, "dateline")


def _places(ctx: Context, part: tuple[int, int]) -> list[Mention]:
    """The place(s) of a dateline ("SAN FRANCISCO/LONDON" is two)."""
    start, end = part
    found, at = [], start
    for piece in ctx.doc.text[start:end].split("/"):
        m = _name(ctx, at, at + len(piece), "Place") if piece.strip() else None
        if m is not None:
            found.append(m)
        at += len(piece) + 1
    return found


def dateline_rules(ctx: Context) -> None:
    for dateline in find_datelines(ctx.doc.text, ctx.lang):
        places = _places(ctx, dateline.place) if dateline.place else []
        region = _name(ctx, *dateline.region, "Place") if dateline.region else None
        if dateline.agency:
            _name(ctx, *dateline.agency, "Organization")
        if region is not None and len(places) == 1:
            sent = ctx.doc.char_span(dateline.start, dateline.end, alignment_mode="expand")
            emit(ctx, places[0], "locatedIn", region, sent[0].sent, "surface.dateline")


def drop_dateline_facts(ctx: Context) -> None:
    spans = [(d.start, d.end) for d in find_datelines(ctx.doc.text, ctx.lang)]
    if not spans:
        return

    def inside(m) -> bool:
        return isinstance(m, Mention) and any(start <= m.start and m.end <= end for start, end in spans)

    ctx.facts[:] = [f for f in ctx.facts if f.extractor == "surface.dateline" or not (inside(f.subject) or inside(f.object))]
