"""``dep.affiliation``, ``surface.affiliation`` and ``surface.paren``.

A preposition or possessive linking a person to an organisation ("Wang
Ziqiang at the Institute of Mechanics", "Apple's Tim Cook", "Paolo Ferrero di
Rifondazione Comunista"), the same read off the surface when the parser hung
the organisation on the verb, and a party in parentheses after a name
("Roberto Calderoli (Lega Nord)").
"""

from __future__ import annotations

from ..context import (
    Context,
    arguments,
    emit,
)
from ..syntax import dep, prep_objects

__all__ = ["affiliation_rules"]


def affiliation_rules(ctx: Context) -> None:
    doc = ctx.doc
    preps = ctx.data.get("affiliation_prepositions", {})
    for m in list(ctx.index.mentions):
        start, end = ctx.index.spans[m]
        if m.label != "Person":
            continue
        root = doc[start:end].root
        # "Apple's Tim Cook", "NASA's Roger Crouch"
        for child in root.children:
            org = ctx.index.of(child) if dep(child) in ("poss", "nmod:poss") else None
            if org is not None and org.label == "Organization":
                emit(ctx, m, "employeeOf", org, doc[start].sent, "dep.affiliation")
        found = False
        for prep, predicate in preps.items():
            for org, inferred in arguments(ctx, list(prep_objects(root, {prep})), frozenset({"Organization"})):
                if org.label == "Organization":
                    emit(ctx, m, predicate, org, doc[start].sent, "dep.affiliation", inferred=inferred)
                    found = True
        # "…espressa da Paolo Ferrero di Rifondazione Comunista" with the party
        # hung on the verb: the name, the preposition and the organisation in a row
        if not found and end + 1 < len(doc) and doc[end].lower_ in preps:
            org = ctx.index.of(doc[end + 1])
            org_root = doc[slice(*ctx.index.spans[org])].root if org is not None else None
            if (org is not None and org.label == "Organization" and ctx.index.spans[org][0] == end + 1
                    and org_root.head.pos_ in ("VERB", "AUX")):  # hung on the verb, not "at Ford's Theater"
                emit(ctx, m, preps[doc[end].lower_], org, doc[start].sent, "surface.affiliation")
        if end + 2 < len(doc) and doc[end].text == "(":
            org = ctx.index.of(doc[end + 1])
            party_words = set(ctx.data.get("party_words", ()))
            if org is not None and org.label == "Organization" and party_words & set(org.text.lower().split()):
                o_start, o_end = ctx.index.spans[org]
                if o_start == end + 1 and o_end < len(doc) and doc[o_end].text == ")":
                    emit(ctx, m, "memberOf", org, doc[start].sent, "surface.paren")
