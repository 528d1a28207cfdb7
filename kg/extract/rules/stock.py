"""``dep.stock``: a move of a company's shares or of a market index.

The move is a percentage or an amount of money per share, governed by a change
word (``stock_change_words``: verbs and nouns with their direction). What moved:

- shares with their company: "un tonfo delle azioni di Boeing del 12%", "Arm
  shares slid 5.1 per cent", "Figma's stock surged by 17%", "Adobe's shares
  experienced a 3% decline", "Shares in Nokia inched up seven cents", "i
  titoli Enel, che riescono a guadagnare il 6%", "those for Ericsson added 23
  cents, or 2.8%";
- shares with no company: the company of the last shares named ("Netflix
  shares had their strongest session ... The shares jumped 14%"), else the
  company the text is about ("le sue azioni sono calate del 7%");
- a signed amount with a neutral verb ("il titolo segna -4%") or in brackets
  after a name in a market context ("in fondo al listino Pirelli (-4%)");
- the company or index itself as the subject ("Leonardo è salita del 9%",
  "Qualcomm slipped about 2.3 per cent", "il Dow Jones ha guadagnato il
  2%"), only in a market context (a stock noun or a ``money.market_words``
  word in the sentence or the one before), since "Luxottica è cresciuta
  dell'8%" may be growth of anything. Italian clauses without a subject take
  the text's topic in a market context ("corre al Nasdaq, dove ... arriva a
  salire del 6%").

A price level ("to $61.20", "a 151 dollari") is not a move: money moves are
amounts right after the change word or introduced by "by"/"di".
"""

from __future__ import annotations

import re
from decimal import Decimal

from spacy.tokens import Span, Token

from ...types import Mention, Quantity
from ..context import (
    Context,
    arguments,
    emit,
    lemma,
    lookup,
    negated,
    signature,
    topic_subject,
)
from ..mentions import name_span
from ..quantities import implied_currency
from ..syntax import (
    OBJ,
    PASS_SUBJ,
    SUBJ,
    case_words,
    clause_subjects,
    conjuncts,
    dep,
    governing_chain,
)
from .amounts import (
    free_amounts,
    holder_classes,
    introducer,
    own_chain,
    possessive_holder,
)

__all__ = ["stock_rules"]

_COMPANY = frozenset({"Organization"})
_OWNER_DEPS = ("nmod", "compound", "poss", "nmod:poss", "flat", "flat:name", "appos")


def _direction(ctx: Context, token: Token) -> int | None:
    """The direction of a change word (phrasal verbs first: "took on" is up)."""
    changes = ctx.data["stock_change_words"]
    for child in token.children:
        if dep(child) in ("prt", "compound:prt"):
            phrase = f"{lemma(token)} {child.lower_}"
            if phrase in changes:
                return changes[phrase]
    for key in (lemma(token), token.lower_):
        if key in changes:
            return changes[key]
    if token.pos_ in ("VERB", "AUX") or _predicate(token):  # "sono salite" tagged ADJ, "è salita" as a noun
        return lookup(changes, token, ctx.data.get("verb_suffixes", ()))
    return None


def _predicate(token: Token) -> bool:
    """A participle the tagger took for a noun or an adjective: it has a copula or an auxiliary ("è salita")."""
    return token.pos_ in ("NOUN", "ADJ") and ("Part" in token.morph.get("VerbForm") or any(
        dep(c) in ("cop", "aux", "aux:pass", "auxpass") for c in token.children))


def _governor(verb: Token) -> Token:
    """The verb an infinitive hangs on, whatever the parser's label ("arriva a salire" with *salire* an ``obl``).

    An infinitive has no subject of its own: its clause's is the governor's.
    """
    current = verb
    for _ in range(2):
        if "Inf" not in current.morph.get("VerbForm") or current.head == current or current.head.pos_ not in (
                "VERB", "AUX") or any(dep(c) in SUBJ | PASS_SUBJ for c in current.children):
            break
        current = current.head
    return current


def _signed(q: Quantity) -> int | None:
    """The direction written on the amount itself ("+3%", "-6%"), if any."""
    first = q.text.lstrip()[:1]
    return 1 if first == "+" else -1 if first in ("-", "−") else None


def _bracketed(ctx: Context, span: Span) -> Mention | None:
    """The name a bracketed move follows: "in fondo al listino Pirelli (-4%)"."""
    i = span.start - 1
    if i <= span.sent.start or ctx.doc[i].text != "(":
        return None
    return ctx.index.of(ctx.doc[i - 1])


def _change_word(ctx: Context, span: Span, *, signed: bool = False) -> Token | None:
    """The change word the amount measures: "salire del 6%", "a 3% decline", "un rialzo superiore al 12%".

    A signed amount also takes a neutral verb ("il titolo segna +3%", "closed -2%"): ``money.move_verbs``.
    """
    root = span.root
    while dep(root) == "conj" and root.head.i not in range(span.start, span.end):
        root = root.head  # "23 cents, or 2.8%": the first conjunct's
    inside = range(span.start, span.end)
    candidates = [root.head, *(c for c in root.head.children if c.i not in inside and dep(c) != "conj"),
                  root.head.head]
    for token in candidates:
        if token.i in inside or token.pos_ not in ("VERB", "NOUN", "ADJ", "ADV", "AUX", "ADP"):
            continue
        if _direction(ctx, token) is not None:
            return token
    neutral = set(ctx.data["money"].get("move_verbs", ()))
    for token in candidates:
        if signed and token.i not in inside and token.pos_ in ("VERB", "AUX") and lemma(token) in neutral:
            return token
    return None


def _is_stock_noun(ctx: Context, token: Token) -> bool:
    nouns = set(ctx.data["stock_nouns"])
    return token.lower_ in nouns or lemma(token) in nouns


def _owner_tokens(ctx: Context, noun: Token) -> list[Token]:
    preps = set(ctx.data["money"].get("share_prepositions", ()))
    tokens = [c for c in noun.children if dep(c) in _OWNER_DEPS and (dep(c) != "nmod" or not case_words(c) or
                                                                      case_words(c) & preps)]
    return tokens + [g for c in noun.children if dep(c) == "prep" and c.lower_ in preps for g in c.children]


def _owner(ctx: Context, noun: Token, classes: frozenset[str]) -> Mention | None:
    """The company a stock noun belongs to: "azioni di Boeing", "Arm shares", "Shares in Nokia", "i titoli Enel".

    A capitalised owner the NER missed ("Figma's stock") is taken as an organisation.
    """
    tokens = _owner_tokens(ctx, noun)
    found = [m for m, _ in arguments(ctx, tokens, classes) if m.label in classes]
    if found:
        return found[0]
    for token in tokens:
        if ctx.index.of(token) is None and token.is_title and token.is_alpha and token.i > token.sent.start:
            m = ctx.index.add(name_span(token) if token.pos_ == "PROPN" else token.doc[token.i:token.i + 1],
                              "Organization", "context")
            if m is not None:
                return m
    before = ctx.doc[noun.i - 1] if noun.i > noun.sent.start else None
    m = ctx.index.of(before) if before is not None else None  # "Netflix shares" split by the parser
    return m if m is not None and m.label in classes else None


def _previous_owner(ctx: Context, noun: Token, classes: frozenset[str]) -> Mention | None:
    """For "the shares" with no company: the company of the shares named last (this sentence or the two before)."""
    sents = [s for s in ctx.doc.sents if s.end <= noun.sent.start][-2:]
    start = sents[0].start if sents else noun.sent.start
    for i in range(noun.i - 1, start - 1, -1):
        token = ctx.doc[i]
        if _is_stock_noun(ctx, token):
            owner = _owner(ctx, token, classes)
            if owner is not None:
                return owner
    return None


def _market_context(ctx: Context, token: Token) -> bool:
    words = set(ctx.data["money"].get("market_words", ()))
    sents = [s for s in ctx.doc.sents if s.end <= token.sent.start and s.text.strip()][-1:] + [token.sent]
    for s in sents:
        if any(_is_stock_noun(ctx, t) or t.lower_ in words or lemma(t) in words for t in s):
            return True
        text = s.text.lower()
        if any(" " in w and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words):
            return True
    return False


def _stock_of(ctx: Context, noun: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    owner = _owner(ctx, noun, classes)
    if owner is not None:
        return owner, False
    if any(dep(t) in ("poss", "nmod:poss") or t.pos_ == "PROPN" for t in _owner_tokens(ctx, noun)):
        return None, False  # an owner is named but is no company we know: no guessing
    held = possessive_holder(ctx, noun, classes)
    if held is not None:
        return held
    owner = _previous_owner(ctx, noun, classes)
    if owner is not None:
        return owner, True
    return _topic(ctx, noun)


def _topic(ctx: Context, token: Token) -> tuple[Mention | None, bool]:
    """The company the text is about, for shares or a clause that name none."""
    m = topic_subject(ctx, token, _COMPANY)
    return (m, True) if m is not None and m.label in _COMPANY else (None, False)


def _mover(ctx: Context, change: Token, classes: frozenset[str]) -> tuple[Mention | None, bool, bool]:
    """What moved by the amount the change word measures: (mention, inferred, named through its shares)."""
    # a change noun: "un tonfo delle azioni di Boeing", "Adobe's share surge", "a 3% decline" (experienced by...)
    if change.pos_ in ("NOUN", "PROPN") and not _predicate(change):
        for child in change.children:
            if _is_stock_noun(ctx, child):
                return (*_stock_of(ctx, child, classes), True)
            if child.lower_ in ("of", "di", "del", "delle", "dei", "degli"):
                for g in child.children:
                    if _is_stock_noun(ctx, g):
                        return (*_stock_of(ctx, g, classes), True)
        # "Adobe's surge", "un rialzo in borsa di Nokia" (in a market context)
        owners = [c for c in change.children if dep(c) in ("poss", "nmod:poss")
                  or (dep(c) == "nmod" and case_words(c) & set(ctx.data["money"].get("share_prepositions", ())))]
        owners += [g for c in change.children if dep(c) == "prep" and c.lower_ == "of" for g in c.children]
        found = [m for m, _ in arguments(ctx, owners, classes) if m.label in classes]
        if found and _market_context(ctx, change):
            return found[0], False, False
        if dep(change) in OBJ | {"obl", "advmod", "nmod"} and change.head.pos_ in ("VERB", "AUX"):
            change = change.head  # "Adobe's shares experienced a 3% decline", "il titolo ha chiuso in rialzo del 2%"
        else:
            return None, False, False
    elif change.pos_ in ("ADJ", "ADV", "ADP") and change.head.pos_ in ("VERB", "AUX"):
        change = change.head  # "closed 3% higher", "were down 5%"
    own = [c for c in change.children if dep(c) in SUBJ | PASS_SUBJ]
    # "sent the stock surging": the object of the verb above is what moves
    controlled = [c for c in change.head.children if dep(c) in OBJ and _is_stock_noun(ctx, c)]
    clause = _governor(change)
    subjects = own or controlled or clause_subjects(clause)[0]
    for subject in subjects:
        for token in conjuncts(subject):
            if _is_stock_noun(ctx, token):
                return (*_stock_of(ctx, token, classes), True)
            if token.pos_ == "PRON" and any(dep(c) == "prep" for c in token.children):
                owner = _owner(ctx, token, classes)  # "those for Ericsson"
                if owner is not None:
                    return owner, False, True
            if any(_is_stock_noun(ctx, c) for c in token.children):
                noun = next(c for c in token.children if _is_stock_noun(ctx, c))
                return (*_stock_of(ctx, noun, classes), True)  # "il prezzo delle sue azioni"
    if not _market_context(ctx, change):
        return None, False, False
    if subjects:
        found = [(m, i) for m, i in arguments(ctx, subjects, classes) if m.label in classes]
        # a literal measure as the subject ("i ricavi sono saliti") is not the company
        if found and not any(t.pos_ == "NOUN" and ctx.index.of(t) is None for t in subjects):
            return found[0][0], found[0][1], False
        return None, False, False
    if ctx.lang == "it" and any("Fin" in v.morph.get("VerbForm") for v in governing_chain(clause)):
        return (*_topic(ctx, change), False)
    return None, False, False


def _share_of_something(ctx: Context, span: Span) -> bool:
    """A percentage of something ("15% of its workforce", "il 6% delle vendite") is no move of a price."""
    preps = set(ctx.data["money"].get("part_prepositions", ()))
    root = span.root
    for child in root.children:
        if child.i >= span.end and ((dep(child) == "prep" and child.lower_ in preps)
                                    or (dep(child) == "nmod" and case_words(child) & preps)):
            return True
    return False


def stock_rules(ctx: Context) -> None:
    domain, _ = signature("stockChange")
    classes = holder_classes(domain)
    for q, span in free_amounts(ctx, ("percent", None)):
        if q.high is not None:
            continue
        signed = _signed(q) if q.unit == "percent" else None
        bracketed = _bracketed(ctx, span) if signed else None
        if bracketed is not None:  # "Pirelli (-4%)": the move of the name it follows (NER may call it a person)
            if bracketed.label in classes and _market_context(ctx, span.root):
                value = Quantity(q.start, q.end, q.text, q.value * signed, None, q.unit)
                emit(ctx, bracketed, "stockChange", value, span.sent, "dep.stock")
            continue
        change = _change_word(ctx, span, signed=signed is not None)
        if change is None:
            continue
        if q.unit is None and introducer(ctx, span) in set(ctx.data["money"].get("level_prepositions", ())):
            continue  # "to $61.20": a price, not a move
        if q.unit == "percent" and _share_of_something(ctx, span):
            continue
        mover, inferred, via_shares = _mover(ctx, change, classes)
        if mover is None or mover.label not in classes:
            continue
        if q.unit is None and not via_shares:
            continue  # money moves only of shares ("Shares in Nokia inched up seven cents")
        if negated(ctx, own_chain(change) if change.pos_ in ("VERB", "AUX") else [change]):
            continue
        sign = Decimal(_direction(ctx, change) or signed)
        currency = implied_currency(ctx.quantities, q) if q.unit is None else None
        value = Quantity(q.start, q.end, q.text, q.value * sign, currency, q.unit)
        emit(ctx, mover, "stockChange", value, change.sent, "dep.stock", inferred=inferred)
