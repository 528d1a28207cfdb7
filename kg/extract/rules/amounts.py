"""Where an amount sits in the parse: helpers shared by the money rule families.

Not a rule family itself: :mod:`.literals`, :mod:`.stock` and :mod:`.payments`
use these to find the tokens of an amount, the word that introduces it ("valued
*at*", "salita *di*", "*by* US$240-billion"), the agent of a participle ("i 4
miliardi spesi *da Disney*", "sales posted *by Globex*") and the holder a
possessive points to ("*la sua* valutazione", "*its* market value").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ...types import Mention, Quantity
from ..context import Context, arguments, lemma, topic_subject
from ..syntax import AGENT, clause_subjects, dep, governing_chain, prep_objects

__all__ = [
    "amount_before",
    "amount_span",
    "counted_amount",
    "free_amounts",
    "gapped_name",
    "holder_classes",
    "introducer",
    "is_participle",
    "lemma_in",
    "modifying_participle",
    "own_chain",
    "participle_agents",
    "possessive_holder",
    "preceded_by",
    "text_topic",
]

_COMPLEMENTS = frozenset({"xcomp", "ccomp", "advcl", "acl"})
_AGENT_PREPOSITIONS = {"da", "dal", "dalla", "dallo", "dai", "dagli", "dalle", "dall'", "dall’", "by"}


def amount_span(ctx: Context, q: Quantity) -> Span | None:
    """The tokens of an amount (expanded to whole tokens)."""
    return ctx.doc.char_span(q.start, q.end, alignment_mode="expand")


def _before_hedges(ctx: Context, span: Span) -> int:
    """Index of the last word before an amount that is not a hedge or an article ("by *about* $3bn")."""
    hedges = set(ctx.data["money"].get("amount_hedges", ())) | set(ctx.data.get("articles", ()))
    i = span.start - 1
    while i >= span.sent.start:
        pair = f"{ctx.doc[i - 1].lower_} {ctx.doc[i].lower_}" if i - 1 >= span.sent.start else ""
        if pair in hedges:
            i -= 2
        elif ctx.doc[i].lower_ in hedges:
            i -= 1
        else:
            break
    return i


def introducer(ctx: Context, span: Span) -> str | None:
    """The lower-cased word that introduces an amount, past hedges and articles.

    "by about US$250-billion" → "by"; "sopra i 1.500 miliardi" → "sopra";
    "salita di quasi il 9%" → "di". The hedges are the language data's
    ``money.amount_hedges``.
    """
    i = _before_hedges(ctx, span)
    return ctx.doc[i].lower_ if i >= span.sent.start else None


def gapped_name(ctx: Context, span: Span) -> tuple[Mention, Quantity] | None:
    """For the second amount of "valuta A 25 miliardi *e B* 8 miliardi": B, and the amount before the coordinator.

    The surface says it whatever the parse: right before the amount (past
    articles and prepositions) a name, right before the name a coordinator
    (``money.coordinators``), right before the coordinator another amount.
    """
    articles = set(ctx.data.get("articles", ()))
    i = span.start - 1
    while i >= span.sent.start and (ctx.doc[i].lower_ in articles or ctx.doc[i].pos_ == "ADP"):
        i -= 1
    m = ctx.index.of(ctx.doc[i]) if i >= span.sent.start else None
    if m is None:
        return None
    coordinator = ctx.index.spans[m][0] - 1
    if coordinator < span.sent.start or ctx.doc[coordinator].lower_ not in set(ctx.data["money"].get("coordinators", ())):
        return None
    before = amount_before(ctx, ctx.doc[coordinator])
    return (m, before) if before is not None else None


def amount_before(ctx: Context, token: Token) -> Quantity | None:
    """The amount that ends right before ``token``: "[500 milioni] e Meta per 200 milioni"."""
    for q in ctx.quantities:
        if q.unit is None and q.end <= token.idx and token.idx - q.end <= 1:
            return q
    return None


def preceded_by(ctx: Context, span: Span, phrases) -> bool:
    """Whether the words before an amount (past hedges and articles) end with one of ``phrases``.

    "up from $2.7 billion", "rispetto ai 15 miliardi" are comparisons.
    """
    i = _before_hedges(ctx, span)
    words = [t.lower_ for t in ctx.doc[max(span.sent.start, i - 2): i + 1]]
    return any(" ".join(words[k:]) in phrases for k in range(len(words)))


def is_participle(token: Token) -> bool:
    """A past participle by its morphology, or by the agent it takes ("spesi *da X*" tagged as an adjective)."""
    return "Part" in token.morph.get("VerbForm") or token.tag_ == "VBN" or any(dep(c) in AGENT for c in token.children)


def modifying_participle(verb: Token) -> bool:
    """A participle (or verb) that modifies the noun it hangs on: "i miliardi *spesi* da X", "sales *posted* by X".

    Parsers label it ``acl`` or ``amod``, and some an ``advcl`` of the noun.
    """
    return dep(verb) in ("acl", "amod") or (
        dep(verb) == "advcl" and is_participle(verb) and verb.head.pos_ in ("NOUN", "PROPN", "NUM", "SYM"))


def participle_agents(ctx: Context, tokens, classes: frozenset[str]) -> list[tuple[Mention, bool]]:
    """Agents of participles modifying ``tokens``: "vendite totalizzate da Tesla", "sales posted by Globex"."""
    out: list[tuple[Mention, bool]] = []
    for token in tokens:
        for verb in token.children:
            if not (modifying_participle(verb) or dep(verb) in ("relcl", "acl:relcl")) or not is_participle(verb):
                continue
            agents = list(prep_objects(verb, _AGENT_PREPOSITIONS))
            agents += [g for c in verb.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
            out += [a for a in arguments(ctx, agents, classes) if a not in out]
    return out


def holder_classes(classes: frozenset[str]) -> frozenset[str]:
    """The classes a money fact's holder may have: the relation's, never a place or a product.

    Organisations and persons stay interchangeable (statistical NER confuses
    them; resolution's class votes settle the type).
    """
    classes = frozenset(classes)
    if classes & {"Organization", "Person"}:
        classes |= {"Organization", "Person"}
    return classes - {"Place", "Product", "Event"}


def possessive_holder(ctx: Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool] | None:
    """For a noun with a possessive determiner ("la sua valutazione", "its market value"): its holder.

    That is the subject of the nearest clause above the noun that names a
    fitting mention, else the text's topic. ``None`` when the noun has no
    possessive.
    """
    possessives = set(ctx.data.get("possessives", ()))
    if not any(c.lower_ in possessives and dep(c) in ("det:poss", "poss", "det") for c in token.children):
        return None
    current = token
    for _ in range(8):
        head = current.head
        if head == current:
            break
        if head.pos_ in ("VERB", "AUX") or any(dep(c) == "cop" for c in head.children):
            subjects, _passive = clause_subjects(head)
            subjects = [s for s in subjects if s != token]
            found = [a for a in arguments(ctx, subjects, classes) if a[0].label in classes]
            if found:
                return found[0][0], True
        current = head
    topic = topic_subject(ctx, token, classes)
    return (topic, True) if topic is not None and topic.label in classes else (None, False)


def counted_amount(ctx: Context, q: Quantity) -> bool:
    """Whether an earlier rule already took ``q`` as the amount of a fact (or as a literal)."""
    for f in ctx.facts:
        for value in (f.amount, f.object):
            if isinstance(value, Quantity) and value.start == q.start and value.end == q.end:
                return True
    return False


def lemma_in(token: Token, table) -> bool:
    return token.lower_ in table or lemma(token) in table


def own_chain(verb: Token) -> list[Token]:
    """``verb`` and the verbs governing it through control and complements, not coordination.

    Negation is read on this chain: in "X would not comment on its valuation,
    but sources put it at $4 billion" the second clause is not negated.
    """
    return governing_chain(verb, through=_COMPLEMENTS)


def free_amounts(ctx: Context, units=(None,)) -> Iterator[tuple[Quantity, Span]]:
    """The amounts (of the given units) that no rule has taken yet, with their tokens."""
    for q in ctx.quantities:
        if q.unit not in units or counted_amount(ctx, q):
            continue
        span = amount_span(ctx, q)
        if span is not None:
            yield q, span


def text_topic(ctx: Context, token: Token, classes: frozenset[str]) -> Mention | None:
    """The discourse topic (:func:`~kg.extract.context.topic_subject`) in ``classes``.

    At the very start of a text nothing has been named yet: a lead such as
    "Ricavi in crescita del 30% ..., Ferrari supera le stime" is about
    the first company the next sentence names.
    """
    m = topic_subject(ctx, token, classes)
    if m is not None:
        return m if m.label in classes else None
    if ctx.index.before(token.idx, set(classes)):
        return None
    following = [s for s in ctx.doc.sents if s.start >= token.sent.end][:1]
    for sent in following:
        for m in ctx.index.mentions:
            if sent.start_char <= m.start < sent.end_char and m.label in classes:
                return m
    return None
