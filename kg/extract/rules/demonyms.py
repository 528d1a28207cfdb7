"""``dep.demonym``: nationality and city adjectives.

"il colosso olandese ASML", "l'azienda milanese", "Swedish streaming service
Spotify" (locatedIn the country or city); "its three French co-founders are
A, B and C", "l'imprenditore francese Xavier Niel" (a country adjective on a
person: citizenOf; a region or city adjective: locatedIn). On a head of
state's role ("French President Emmanuel Macron", "il presidente francese",
the language data's ``head_of_state_roles``) the person is also presidentOf
the country, unless the role names an organisation of its own ("the French
president of Renault").

The adjectives are the language's ``demonyms`` table; the demonym becomes a
Place mention (source ``demonym``) that resolution names after its place
("Paesi Bassi", "Sweden"). Which entities the phrase describes is
:func:`kg.extract.descriptions.described_entities`.
"""

from __future__ import annotations

from ...langdata import demonym
from ..context import Context, emit, lemma
from ..syntax import OF_PREPS, prep_objects
from ..descriptions import described_entities
from ..places import find_demonyms

__all__ = ["demonym_rules"]

_ADJECTIVAL = {"ADJ", "NOUN", "PROPN", "X"}


def demonym_rules(ctx: Context) -> None:
    for span in find_demonyms(ctx.doc, ctx.lang):
        if any(ctx.index.of(t) is not None for t in span):
            continue  # part of a name: "Romano Prodi", "Swiss Re"
        if len(span) == 1 and span[0].pos_ not in _ADJECTIVAL:
            continue  # a verb spelt like a demonym: "serbo", "campano"
        entry = demonym(span.text, ctx.lang)
        if entry is None:
            continue
        described = described_entities(ctx, span, place=entry["place"])
        if not described:
            continue
        place = ctx.index.add(span, "Place", "demonym")
        if place is None:
            continue
        heads_state = entry["kind"] == "country" and _head_of_state_role(ctx, span)
        for holder, inferred, cls in described:
            predicate = "citizenOf" if cls == "Person" and entry["kind"] == "country" else "locatedIn"
            emit(ctx, holder, predicate, place, span.sent, "dep.demonym", inferred=inferred)
            if heads_state and cls == "Person":
                emit(ctx, holder, "presidentOf", place, span.sent, "dep.demonym", inferred=inferred)


def _head_of_state_role(ctx: Context, span) -> bool:
    """Whether the adjective qualifies a head of state's role that names no organisation of its own."""
    roles = set(ctx.data.get("head_of_state_roles", ()))
    role = span.root.head
    if role == span.root or not (role.lower_ in roles or lemma(role) in roles):
        return False
    return next(prep_objects(role, OF_PREPS), None) is None
