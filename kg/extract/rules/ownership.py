"""``dep.possessive``: what a possessive says about ownership.

* an organisation's or person's product: "Google's Play Store", "Microsoft’s
  Teams app", "its App Store" → ``ownerOf``; a product it makes rather than
  runs (``made_product_nouns``: "Nvidia's H20 chips") → ``develops``;
* a person's company: "xAI, la sua startup", "his company Neuralink" →
  ``ownerOf`` (the annotation convention for "X's company");
* an organisation's named unit: "Microsoft’s Productivity and Business
  Processes segment", "la divisione Cloud di Google" → ``subsidiaryOf``.

The unit nouns are the language data's ``unit_nouns``.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...types import Mention
from ..context import Context, emit, lemma, possessor
from ..syntax import OF_PREPS, dep, prep_objects

__all__ = ["ownership_rules"]



def _owner_of_token(ctx: Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    """The possessor named on ``token``: a possessive name ("Google's") or determiner ("its", "la sua")."""
    possessives = set(ctx.data.get("possessives", ()))
    for child in token.children:
        if dep(child) in ("poss", "nmod:poss") and child.lower_ not in possessives:
            m = ctx.index.of(child)
            if m is not None and m.label in classes:
                return m, False
        if child.lower_ in possessives and dep(child) in ("poss", "det:poss", "nmod:poss", "det"):
            m, inferred = possessor(ctx, child, classes, salient_only=True)
            if m is not None:
                return m, inferred
    return None, False


def ownership_rules(ctx: Context) -> None:
    units = set(ctx.data.get("unit_nouns", ()))
    made = set(ctx.data.get("made_product_nouns", ()))
    class_nouns = ctx.data["class_nouns"]
    agents = frozenset({"Organization", "Person"})
    for m in list(ctx.index.mentions):
        start, end = ctx.index.spans[m]
        root = ctx.doc[start:end].root
        # the noun the name belongs to: "Teams communication app" (compound), "xAI, la sua startup" (appos)
        heads = [root]
        if dep(root) in ("compound", "nmod", "flat", "amod") and end <= root.head.i <= end + 2:
            heads.append(root.head)
        elif dep(root) in ("nmod", "appos", "flat", "compound") and start - 2 <= root.head.i < start and lemma(root.head) in units:
            heads.append(root.head)  # "la divisione Cloud di Google"
        heads += [c for c in root.children if dep(c) == "appos" and ctx.index.of(c) is None]
        for head in heads:
            noun = lemma(head) if head is not root else None
            if m.label == "Product" or (noun and class_nouns.get(noun) == "Product"):
                owner, inferred = _owner_of_token(ctx, head, agents)
                if owner is not None and owner != m:
                    makes = noun in made or any(lemma(t) in made for t in ctx.doc[end - 1:min(end + 3, len(ctx.doc))])
                    emit(ctx, owner, "develops" if makes else "ownerOf", m, head.sent, "dep.possessive", inferred=inferred)
                    break
            elif m.label == "Organization" and noun and class_nouns.get(noun) == "Organization":
                owner, inferred = _owner_of_token(ctx, head, frozenset({"Person"}))
                if owner is not None and owner.label == "Person":
                    emit(ctx, owner, "ownerOf", m, head.sent, "dep.possessive", inferred=inferred)
                    break
            if m.label == "Organization" and noun in units:
                parent, inferred = _owner_of_token(ctx, head, frozenset({"Organization"}))
                if parent is None:
                    found = [ctx.index.of(t) for t in prep_objects(head, OF_PREPS)]
                    parent = next((p for p in found if p is not None and p.label == "Organization"), None)
                if parent is not None and parent != m:
                    emit(ctx, m, "subsidiaryOf", parent, head.sent, "dep.possessive", inferred=inferred)
                    break
