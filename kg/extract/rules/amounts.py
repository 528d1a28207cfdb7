"""Where an amount sits in the parse: helpers shared by the money rule families.

Not a rule family itself: :mod:`.literals`, :mod:`.stock` and :mod:`.payments`
use these to find the tokens of an amount, the word that introduces it ("valued
*at*", "salita *di*", "*by* US$196-billion"), the agent of a participle ("i 44
miliardi spesi *da Musk*", "sales posted *by Globex*") and the holder a
possessive points to ("*la sua* valutazione", "*its* market value").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ...types import Mention, Quantity
from ..context import Context, arguments, lemma, topic_subject
from ..syntax import AGENT, clause_subjects, dep, governing_chain, prep_objects

__all__ = [
    "amount_span",
    "counted_amount",
    "free_amounts",
    "holder_classes",
    "introducer",
    "is_participle",
    "lemma_in",
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

    "by about US$300-billion" → "by"; "sopra i 2.000 miliardi" → "sopra";
    "salita di quasi il 10%" → "di". The hedges are the language data's
    ``money.amount_hedges``.
    """
    i = _before_hedges(ctx, span)
    return ctx.doc[i].lower_ if i >= span.sent.start else None


def preceded_by(ctx: Context, span: Span, phrases) -> bool:
    """Whether the words before an amount (past hedges and articles) end with one of ``phrases``.

    "up from $15.05 billion", "rispetto ai 44 miliardi" are comparisons.
    """
    i = _before_hedges(ctx, span)
    words = [t.lower_ for t in ctx.doc[max(span.sent.start, i - 2): i + 1]]
    return any(" ".join(words[k:]) in phrases for k in range(len(words)))


def is_participle(token: Token) -> bool:
    return "Part" in token.morph.get("VerbForm") or token.tag_ == "VBN"


def participle_agents(ctx: Context, tokens, classes: frozenset[str]) -> list[tuple[Mention, bool]]:
    """Agents of participles modifying ``tokens``: "vendite totalizzate da Microsoft", "sales posted by Globex"."""
    out: list[tuple[Mention, bool]] = []
    for token in tokens:
        for verb in token.children:
            if dep(verb) not in ("acl", "amod", "relcl", "acl:relcl") or not is_participle(verb):
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

    Negation is read on this chain: in "X didn't disclose its valuation, but
    people said it is valued at $2.2 billion" the second clause is not negated.
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
    "Ricavi in aumento del 262% ..., Nvidia incenerisce le attese" is about
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
