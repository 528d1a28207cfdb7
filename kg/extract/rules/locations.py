"""``dep.location``: where things are.

"US-based company eBay", "Alfa, con sede a Milano" (headquarteredIn);
"Saint Louis University in St. Louis", "St. Louis, Missouri" (locatedIn).
"""

from __future__ import annotations

from ..context import (
    Context,
    arguments,
    emit,
    lemma,
)
from ..syntax import case_words, dep, prep_objects

__all__ = ["location_rules"]


def location_rules(ctx: Context) -> None:
    loc = ctx.data.get("location", {})
    based = set(loc.get("based_words", ()))
    hq_nouns = set(loc.get("headquarters_nouns", ()))
    in_preps = set(loc.get("in_prepositions", ()))
    places = frozenset({"Place"})
    orgs = frozenset({"Organization"})
    for token in ctx.doc:
        lower = token.lower_
        if lower in based and dep(token) in ("amod", "acl", "compound", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN"):
            # "US-based company eBay": the place modifies "based", which modifies the company
            place_tokens = [c for c in token.children if dep(c) in ("npadvmod", "compound", "nmod", "obl")]
            place_tokens += [t for t in token.doc[max(token.i - 3, 0):token.i] if t.head == token]
            place_tokens += list(prep_objects(token, in_preps))
            for place, p_inf in arguments(ctx, place_tokens, places):
                for org, o_inf in arguments(ctx, [token.head], orgs):
                    emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        elif token.pos_ == "NOUN" and ctx.data["class_nouns"].get(token.lower_) == "Organization":
            # "Sun Hung Kai Properties, a Hong Kong construction firm": a place modifying the company noun
            place_tokens = [c for c in token.children if dep(c) in ("compound", "amod", "nmod") and not case_words(c)]
            place_tokens += [g for c in token.children if dep(c) == "compound" for g in c.children if dep(g) == "compound"]
            found = [a for a in arguments(ctx, place_tokens, places) if a[0].label == "Place"]
            if found:
                for org, o_inf in arguments(ctx, [token], orgs):
                    if org.label == "Organization":
                        for place, p_inf in found:
                            emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=o_inf or p_inf)
        elif (lower in hq_nouns or lemma(token) in hq_nouns) and token.pos_ == "NOUN":
            place_args = arguments(ctx, list(prep_objects(token, in_preps)), places)
            owners = [c for c in token.children if dep(c) in ("poss", "nmod:poss", "det:poss")]
            org_args = arguments(ctx, [token.head] if token.head != token else [], orgs) or arguments(ctx, owners, orgs)
            for place, p_inf in place_args:
                for org, o_inf in org_args:
                    emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        mention = ctx.index.of(token)
        if mention is None or token.i != ctx.index.spans[mention][0] + 0 and ctx.index.of(token.head) is mention:
            continue
        if mention.label not in ("Place", "Organization"):
            continue
        root = token
        if ctx.index.of(root.head) == mention:
            continue
        # "the U.S. Congress", "Paris AFP": a place name modifying the organisation name that follows it
        if mention.label == "Place":
            start, end = ctx.index.spans[mention]
            right = ctx.index.of(ctx.doc[end]) if end < len(ctx.doc) else None
            if (right is not None and right.label == "Organization" and ctx.index.spans[right][0] == end
                    and dep(ctx.doc[start:end].root) in ("compound", "nmod", "amod", "npadvmod", "nn")
                    and ctx.index.of(ctx.doc[start:end].root.head) == right):
                emit(ctx, right, "headquarteredIn", mention, token.sent, "dep.location")
        # "St. Louis, Missouri": a place in apposition to a place
        for child in root.children:
            target = ctx.index.of(child)
            if target is None or target is mention:
                continue
            if dep(child) == "appos" and mention.label == "Place" and target.label == "Place":
                emit(ctx, mention, "locatedIn", target, token.sent, "dep.location")
        # "Saint Louis University in St. Louis"
        for place, inferred in arguments(ctx, list(prep_objects(root, {"in"})), places):
            if place != mention:
                emit(ctx, mention, "locatedIn", place, token.sent, "dep.location", inferred=inferred)
