"""``dep.literal``: an amount attached to a literal noun or verb.

Revenue, net income, spending and valuation, whose object is the amount:

- the amount of a literal noun: "31 miliardi di euro di ricavi", "entrate
  per 4,4 miliardi", "un utile a 1,1 miliardi", "revenue of $27 billion",
  "valutazione post-money di 6 miliardi";
- the noun as the subject of the clause the amount is in: "Revenue was
  US$21.3-billion", "il fatturato è sceso del 2%, attestandosi a 1,7
  miliardi", "its net income rose 15% to $1.6 billion";
- a literal verb: "will spend $2 billion", "stanzierà 12 miliardi", "valued
  at $4.1 billion", "valuta Stripe 50 miliardi" (the valued company is the
  verb's object: the ``holder=object`` option of ``literal_verbs``).

The nouns are the language data's ``literal_nouns``, matched on the longest
phrase around a word ("net income", "utile netto", "stock market value");
entries with the relation ``-`` name measures that take no relation
("operating income", "utile operativo", "earnings per share"). The holder is
the noun's owner ("i ricavi di Pirelli", "Nokia's market cap", "la sua
valutazione"), the agent of a participle ("97 miliardi di vendite
totalizzati da Tesla"), the subject of the clause, or the company the text
is about when the noun is itself the subject. An amount that modifies another
noun ("a fraction of the $97 billion", "estimates of $40 billion", "un round
da 90 milioni") is nobody's revenue.

A change of a market value by an amount ("lifted its market value by
US$240-billion", "ha bruciato 150 miliardi di capitalizzazione") is a
``stockChange`` in money; its level ("to more than US$3-trillion") is the
``valuation``. An investment received ("ha ricevuto un investimento di 600
milioni da X") is not spending.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...types import Mention, Quantity
from ..context import (
    Context,
    arguments,
    emit,
    lemma,
    lookup,
    modality_of,
    negated,
    signature,
)
from ..mentions import name_span
from ..quantities import find_dates, implied_currency
from ..syntax import (
    AGENT,
    OBJ,
    PASS_SUBJ,
    SUBJ,
    case_words,
    clause_subjects,
    dep,
    governing_chain,
    is_finite,
    prep_objects,
)
from .amounts import (
    amount_span,
    free_amounts,
    gapped_name,
    holder_classes,
    introducer,
    is_participle,
    lemma_in,
    own_chain,
    participle_agents,
    possessive_holder,
    preceded_by,
    text_topic,
)

__all__ = ["NO_RELATION", "literal_rules", "literal_trigger", "noun_entry"]

NO_RELATION = "-"
"""The relation of a literal noun that names a measure kg does not record ("operating income")."""

_MAX_PHRASE = 4
_ARGUMENTS = SUBJ | PASS_SUBJ | OBJ | {"attr", "nsubj", "obl", "nmod"}
_SEGMENT_ENDS = {",", ";", ":", "(", ")", "—", "–"}
_MODIFIER_POS = {"ADJ", "ADV", "ADP", "DET", "VERB", "NUM", "SYM"}
_AGENTS = {"da", "dal", "dalla", "dallo", "dai", "dagli", "dalle", "dall'", "dall’", "by"}


def _phrase(ctx: Context, token: Token) -> tuple[str, Span] | None:
    """The longest ``literal_nouns`` phrase that contains ``token``, with its relation."""
    if token.pos_ not in ("NOUN", "PROPN", "ADJ", "VERB", "X") or ctx.index.of(token) is not None:
        return None
    nouns = ctx.data["literal_nouns"]
    doc = token.doc
    for size in range(_MAX_PHRASE, 0, -1):
        for start in range(token.i - size + 1, token.i + 1):
            if start < token.sent.start or start + size > token.sent.end:
                continue
            phrase = doc[start:start + size]
            if phrase.text.lower() in nouns:
                return nouns[phrase.text.lower()], phrase
    if token.pos_ == "NOUN" and lemma(token) in nouns:
        return nouns[lemma(token)], doc[token.i:token.i + 1]
    return None


def noun_entry(ctx: Context, token: Token) -> str | None:
    """The literal relation of the longest ``literal_nouns`` phrase that contains ``token``."""
    found = _phrase(ctx, token)
    return found[0] if found else None


def _noun_trigger(ctx: Context, token: Token) -> tuple[str, Token, str] | None:
    """``(relation, head of the phrase, "subject")`` for a literal noun ("capitalizzazione di mercato" → its head)."""
    found = _phrase(ctx, token)
    return (found[0], found[1].root, "subject") if found else None


def _verbal(token: Token) -> bool:
    """A verb, or a word tagged as a noun that heads a clause like one ("The round values Aleph Alpha at ...")."""
    return token.pos_ in ("VERB", "AUX") or (
        token.pos_ == "NOUN" and any(dep(c) in SUBJ for c in token.children)
        and not any(dep(c) in ("det", "cop", "case") for c in token.children))


def _is_clause_head(token: Token) -> bool:
    return _verbal(token) or any(dep(c) == "cop" for c in token.children)


def _modifiers(token: Token, inside: set[int]) -> list[Token]:
    """Nouns hanging on ``token`` as modifiers, two levels down ("18 miliardi di ricavi", "$4.4 billion in sales")."""
    out = []
    for child in token.children:
        if child.i in inside or dep(child) in ("conj", "appos", "acl", "acl:relcl", "relcl", "punct", "cc"):
            if child.i in inside:
                out += [g for g in _modifiers(child, inside)]
            continue
        if dep(child) == "prep":
            out += [g for g in child.children if dep(g) in ("pobj", "pcomp")]
        elif dep(child) in ("nmod", "compound", "npadvmod", "obl"):
            out.append(child)
    return out


def _chain(verb: Token) -> list[Token]:
    """The clause's verb and the verbs above it while it has no subject of its own ("..., attestandosi a N")."""
    chain = [verb]
    current = verb
    for _ in range(2):
        if any(dep(c) in SUBJ | PASS_SUBJ for c in current.children):
            break
        if dep(current) not in ("xcomp", "advcl", "conj", "ccomp") or current.head == current:
            break
        current = current.head
        if not _is_clause_head(current):
            break
        chain.append(current)
    return chain


def literal_trigger(ctx: Context, span: Span) -> tuple[str, Token, str] | None:
    """``(relation, trigger token, holder slot)`` for the amount ``span``, or ``None``.

    The holder slot is ``"subject"`` or ``"object"`` (for valuation verbs).
    """
    root = span.root
    inside = set(range(span.start, span.end))
    change_words = ctx.data["stock_change_words"]
    first = _first_conjunct(ctx, span)
    if first is not None:
        return literal_trigger(ctx, first)  # "valuta Stripe 50 miliardi e Klarna 7 miliardi"
    for token in _modifiers(root, inside):
        found = _noun_trigger(ctx, token)
        if found:
            return found
    verbs = ctx.data["literal_verbs"]
    suffixes = ctx.data.get("verb_suffixes", ())
    for child in root.children:  # "i milioni che il gruppo ha investito", "20 miliardi che spenderà", "... impegnati da X"
        spec = lookup(verbs, child, suffixes) if dep(child) in ("acl:relcl", "relcl", "acl", "amod", "advcl") else None
        if spec and child.pos_ in ("VERB", "AUX"):
            return spec["relation"], child, "object" if spec.get("holder") == ["object"] else "subject"
    verb = root if _is_clause_head(root) else None
    current = root
    for _ in range(8):
        if verb is not None:
            break
        head = current.head
        if head == current:
            break
        if head.i in inside or head.pos_ in ("ADP", "NUM", "SYM", "DET", "ADV", "PART"):
            current = head
            continue
        if head.pos_ == "ADJ" and noun_entry(ctx, head) is None and not _is_clause_head(head):
            current = head  # "ricavi pari a 95 miliardi", "superiore a 3 miliardi"
            continue
        found = _noun_trigger(ctx, head)
        if found:
            return found
        if _is_clause_head(head):
            verb = head
            break
        if lemma_in(head, change_words) or dep(current) in ("compound", "amod", "flat") or (
                dep(head) in ("compound", "amod", "flat") and head.pos_ in ("NOUN", "ADJ")):
            current = head  # "ricavi in aumento a 4 miliardi", "un investimento record di 40 miliardi"
            continue
        # the amount belongs to another noun ("a fraction of the $97 billion"), unless that noun is
        # itself "of" a literal noun ("un programma di investimento da 8 miliardi")
        for child in head.children:
            if child.i not in inside and dep(child) in ("nmod", "compound", "prep", "pobj"):
                for token in [child, *(g for g in child.children if dep(g) == "pobj")]:
                    found = _noun_trigger(ctx, token)
                    if found:
                        return found
        return None
    if verb is None:
        return _surface_trigger(ctx, span)
    for v in _chain(verb):
        for arg in v.children:
            if arg.i in inside or dep(arg) not in _ARGUMENTS:
                continue
            found = _noun_trigger(ctx, arg)
            if found:
                return found
        spec = lookup(verbs, v, suffixes) if _verbal(v) else None
        if spec:
            return spec["relation"], v, "object" if spec.get("holder") == ["object"] else "subject"
    return _surface_trigger(ctx, span)


def _first_conjunct(ctx: Context, span: Span) -> Span | None:
    """The amount that ``span`` is coordinated with ("60 miliardi e Terna 14 miliardi"): by the parse, else by the surface."""
    gapped = gapped_name(ctx, span)
    if gapped is not None:
        return amount_span(ctx, gapped[1])  # "25 miliardi e Saipem 8 miliardi" with the second amount on the first
    token = span.root
    for _ in range(3):
        if dep(token) == "conj":
            for q in ctx.quantities:
                if q.unit is None and q.start < span.start_char and q.start <= token.head.idx < q.end:
                    return amount_span(ctx, q)
            return None
        if dep(token) not in ("nummod", "compound") or token.head == token:
            return None
        token = token.head  # "... e Terna 14 miliardi" parsed with the amount on the name
    return None


def _named_before(ctx: Context, span: Span, classes: frozenset[str]) -> Mention | None:
    """A name right before the amount (past a preposition): "valuta Vodafone 30 miliardi e X 12 miliardi", "values X at $2bn"."""
    skip = set(ctx.data.get("articles", ())) | {"e", "and", ","}
    i = span.start - 1
    while i >= span.sent.start and (ctx.doc[i].lower_ in skip or (ctx.doc[i].pos_ == "ADP" and ctx.doc[i].is_lower)):
        i -= 1
    if i < span.sent.start:
        return None
    token = ctx.doc[i]
    m = ctx.index.of(token)
    if m is None and token.i > span.sent.start and (token.is_title or token.is_upper) and (
            token.pos_ in ("PROPN", "NOUN") or (token.is_upper and token.is_alpha)):
        m = ctx.index.add(ctx.doc[token.i:token.i + 1], "Organization", "context")  # a valued name NER missed ("X")
    return m if m is not None and m.label in classes else None


def _valued(ctx: Context, verb: Token, span: Span, classes: frozenset[str]) -> tuple[Mention, bool] | None:
    """Who a passive valuation verb values: "Databricks è valutata 43 miliardi", "X viene valutata 45 miliardi".

    Parsers often make the amount itself the passive subject. The holder is
    then the verb's other subject, else the name right before the verb's
    auxiliaries ("... di capitale Revolut viene valutata"); a capitalised
    name NER missed there is taken as an organisation.
    """
    inside = range(span.start, span.end)
    subjects = [t for t in clause_subjects(verb)[0] if t.i not in inside]
    subjects += [c for c in verb.children if dep(c) in SUBJ | PASS_SUBJ and c.i not in inside and c not in subjects]
    found = _first_of(arguments(ctx, subjects, classes), classes)
    if found or any(t.pos_ in ("NOUN", "PRON") for t in subjects):
        return found
    i = verb.i - 1
    while i > verb.sent.start and ctx.doc[i].head == verb and dep(ctx.doc[i]) in ("aux", "aux:pass", "auxpass", "advmod"):
        i -= 1
    token = ctx.doc[i]
    candidates = subjects + ([token] if i > verb.sent.start and token.pos_ == "PROPN" else [])
    for t in candidates:
        m = ctx.index.of(t)
        if m is None and t.pos_ == "PROPN" and (t.is_title or t.is_upper):
            m = ctx.index.add(name_span(t), "Organization", "context")
        if m is not None and m.label in classes:
            return m, False
    return None


def _first_of(found, classes: frozenset[str]) -> tuple[Mention, bool] | None:
    found = [a for a in found if a[0].label in classes]
    return found[0] if found else None


def _surface_trigger(ctx: Context, span: Span) -> tuple[str, Token, str] | None:
    """The nearest literal noun before the amount in its clause segment, when the parse gives none.

    "while its net income over the six months went up by 15% to come to
    $1.6 billion": parsers often hang the amount on a verb they attach to the
    wrong word; the noun that opens the segment is still what it measures.
    """
    stops = set(ctx.data["money"].get("clause_openers", ()))
    adjacent = True  # only modifiers between the noun and the amount: "un utile netto record di 3,2 miliardi"
    opening = None  # the literal noun that opens the segment: "while its net income ... went up ... to $1.6 billion"
    i = span.start - 1
    while i >= span.sent.start:
        token = ctx.doc[i]
        if token.text in _SEGMENT_ENDS or token.lower_ in stops:
            break
        if any(q.start <= token.idx < q.end for q in ctx.quantities if q.unit is None):
            return None  # another amount in between takes the noun
        found = _noun_trigger(ctx, token)
        if found and (adjacent or dep(token) in SUBJ | PASS_SUBJ):
            return found
        if found:
            opening = found
        elif token.pos_ not in ("DET", "PRON", "ADJ"):
            opening = None
        if token.pos_ not in _MODIFIER_POS or (token.pos_ in ("VERB", "AUX") and is_finite(token)):
            adjacent = False
        i -= 1
    return opening


def _value_change(ctx: Context, span: Span) -> int | None:
    """The direction of a change of a market value by ``span``, or ``None`` for a level.

    "lifted its market value *by* US$250-billion", "la capitalizzazione è
    salita *di* 80 miliardi", "ha bruciato 150 miliardi di capitalizzazione".
    """
    changes = ctx.data["stock_change_words"]
    word = introducer(ctx, span)
    levels = set(ctx.data["money"].get("level_prepositions", ()))
    articles = set(ctx.data.get("articles", ()))
    i = span.start - 1
    while i > span.sent.start and ctx.doc[i].lower_ in articles:
        i -= 1
    if word in levels or ctx.doc[i].lower_ in levels:  # "schizzata sopra i 1.500 miliardi" is a level
        return None
    current = span.root
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and lemma_in(current, changes):
            direction = changes.get(lemma(current), changes.get(current.lower_))
            if word in set(ctx.data["money"].get("change_prepositions", ())) or dep(span.root) in OBJ:
                return direction
            return None
        if current.head == current:
            break
        current = current.head
    return None


def _received(ctx: Context, trigger: Token) -> bool:
    """An investment the holder receives ("ha ricevuto un investimento da X"), not one it makes."""
    sources = set(ctx.data["money"].get("source_prepositions", ()))
    if any(ctx.index.of(t) for t in prep_objects(trigger, sources)):
        return True
    return dep(trigger) in OBJ and lemma(trigger.head) in set(ctx.data["money"].get("receive_verbs", ()))


def _segment_figure(ctx: Context, noun: Token) -> bool:
    """A figure of one business line: "cloud revenue", "ricavi pubblicitari", "le vendite di iPhone".

    A modifier that is a common noun, or an adjective that is not about the
    whole ("total", "quarterly", "consolidati": ``money.whole_modifiers``),
    makes the figure a segment's, which takes no relation unless the segment
    is named ("Google Cloud revenue": the owner is then the unit).
    """
    whole = set(ctx.data["money"].get("whole_modifiers", ()))
    for child in noun.children:
        if ctx.index.of(child) is not None or child.i in range(*_phrase_bounds(ctx, noun)) or any(
                q.start <= child.idx < q.end for q in ctx.quantities):
            continue  # a name, the phrase itself, an amount
        word = child.lower_
        if word in whole or lemma(child) in whole or child.like_num:
            continue
        if dep(child) == "compound" and child.pos_ == "NOUN":
            return True
        if dep(child) == "amod" and child.pos_ == "ADJ" and not any(c.like_num for c in child.subtree):
            return True
        if dep(child) == "nmod" and child.pos_ == "NOUN" and case_words(child) & set(
                ctx.data.get("possessive_prepositions", ())) and not _period(ctx, child):
            return True
    return False


def _period(ctx: Context, token: Token) -> bool:
    """A time expression ("del trimestre", "dell'anno fiscale")."""
    offset = token.sent.start_char
    return any(offset + s <= token.idx < offset + e for s, e, _ in find_dates(token.sent.text, ctx.lang))


def _phrase_bounds(ctx: Context, token: Token) -> tuple[int, int]:
    found = _phrase(ctx, token)
    return (found[1].start, found[1].end) if found else (token.i, token.i + 1)


def _segment_noun(ctx: Context, tokens) -> bool:
    """An unnamed business unit ("la divisione", "the segment"): its figures are nobody's we can name."""
    units = set(ctx.data["money"].get("segment_nouns", ()))
    return any(ctx.index.of(t) is None and lemma_in(t, units)
               and not any(dep(c) in ("appos", "compound", "flat", "flat:name") and ctx.index.of(c) for c in t.children)
               for t in tokens)


def _described(span: Span) -> bool:
    """An amount with its own verb ("rispetto ai 15 miliardi già impegnati dal gruppo") states a fact of its own."""
    return any(dep(c) in ("acl", "amod", "advcl", "relcl", "acl:relcl") and c.pos_ in ("VERB", "AUX")
               for t in span for c in t.children if c.i >= span.end)


def _in_object(ctx: Context, noun: Token, verb: Token) -> bool:
    """Whether ``noun`` is (inside) the verb's object: "hanno visto il prezzo delle azioni e la capitalizzazione"."""
    possessive = set(ctx.data.get("possessive_prepositions", ()))
    current = noun
    while current != verb:
        if dep(current) not in OBJ | {"nmod", "conj", "compound"} or current.pos_ not in ("NOUN", "PROPN"):
            return False
        if any(dep(c) == "case" and c.lower_ not in possessive for c in current.children):
            return False  # "con una valutazione di ...": an adjunct, not the object
        current = current.head
    return True


def _mere_noun(ctx: Context, token: Token) -> bool:
    """A common noun that names no party: not a mention, a description ("l'azienda") or a pronoun."""
    classes = ctx.data["class_nouns"]
    return (token.pos_ == "NOUN" and ctx.index.of(token) is None and token.lower_ not in classes
            and lemma(token) not in classes and token.lower_ not in ctx.data["role_nouns"])


def _group(ctx: Context, tokens) -> bool:
    """A plural description ("queste compagnie", "the two companies") is several holders, not one."""
    classes = ctx.data["class_nouns"]
    return any(ctx.index.of(t) is None and t.pos_ == "NOUN" and "Plur" in t.morph.get("Number")
               and (t.lower_ in classes or lemma(t) in classes) for t in tokens)


def _holder(ctx: Context, trigger: Token, span: Span, domain: frozenset[str], slot: str) -> tuple[Mention | None, bool]:
    """Who the amount belongs to; second value: was it inferred (the text's topic, a possessive)."""
    classes = holder_classes(domain)
    strict = domain - {"Place", "Product", "Event"}

    def first(found):
        return _first_of(found, classes)

    def topic():
        m = text_topic(ctx, trigger, strict)
        return (m, True) if m is not None else (None, False)

    def clause(verb: Token, direct: bool = False):
        subjects, _ = clause_subjects(verb)
        if subjects:
            if _segment_noun(ctx, subjects) or _group(ctx, subjects):
                return None, False
            found = first(arguments(ctx, subjects, classes))
            if found:
                return found
            if direct and strict == {"Organization"} and all(_mere_noun(ctx, t) for t in subjects):
                return topic()  # "le ultime settimane hanno visto la capitalizzazione salire a ...": the text's company
            return None, False
        if ctx.lang == "it" and any(is_finite(v) for v in governing_chain(verb)):
            return topic()  # Italian drops the subject: the company the text is about
        return None, False

    gapped = gapped_name(ctx, span)
    if gapped is not None:  # "A ... 25 miliardi e B 8 miliardi": the second amount is B's
        return (gapped[0], False) if gapped[0].label in classes else (None, False)
    if _verbal(trigger) and (noun_entry(ctx, trigger) is None or trigger.pos_ == "NOUN"):
        participle = dep(trigger) in ("acl", "amod", "advcl") and is_participle(trigger) and not any(
            dep(c) in SUBJ | PASS_SUBJ for c in trigger.children)
        subjects, passive = clause_subjects(trigger)
        passive = passive or any(dep(c) in ("aux:pass", "auxpass") for c in trigger.children)
        if slot == "object":
            named = _named_before(ctx, span, classes)
            if named is not None:
                return named, False
            if _first_conjunct(ctx, span) is not None:
                return None, False  # "valuta A 60 miliardi e B 14 miliardi": B's amount is not A's
            if participle:  # "a deal valued at $5.4 billion": the noun it describes
                return first(arguments(ctx, [trigger.head], classes)) or (None, False)
            if passive:
                return _valued(ctx, trigger, span, classes) or (None, False)
            tokens = [
                c for c in trigger.children if dep(c) in OBJ | {"appos"} or (dep(c) == "nmod" and not case_words(c))]
            return first(arguments(ctx, tokens, classes)) or (None, False)
        if passive or participle:  # "i 4 miliardi spesi da Disney"
            tokens = list(prep_objects(trigger, _AGENTS))
            tokens += [g for c in trigger.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
            return first(arguments(ctx, tokens, classes)) or (None, False)
        return clause(trigger)
    owners = [c for c in trigger.children if dep(c) in ("nmod", "nmod:poss", "poss", "compound")]
    owners += [g for c in trigger.children if dep(c) == "prep" and c.lower_ in ("of", "di") for g in c.children]
    named = [ctx.index.of(t) for t in owners if ctx.index.of(t) is not None and ctx.index.of(t).label in classes | {"Place"}]
    if named:
        return named[0], False  # the owner is named: a company, whatever NER called it
    found = first(arguments(ctx, owners, classes)) or first(participle_agents(ctx, [trigger, span.root], classes))
    if found:
        return found
    held = possessive_holder(ctx, trigger, classes)
    if held is not None:
        return held
    place = trigger
    while dep(place) == "conj" and place.head != place:
        place = place.head  # "ricavi a 4 miliardi e un utile a 1,1 miliardi": where the first conjunct is
    if dep(place) in SUBJ | PASS_SUBJ or place.head == place:
        return topic()  # "Revenue was US$21.3-billion": the company the text is about
    head = place.head
    for _ in range(4):
        if _is_clause_head(head):
            return clause(head, direct=_in_object(ctx, place, head))
        if head.head == head:
            break
        head = head.head
    return None, False


def literal_rules(ctx: Context) -> None:
    for q, span in free_amounts(ctx):
        if preceded_by(ctx, span, set(ctx.data["money"].get("comparison_phrases", ()))) and not _described(span):
            continue  # "up from $2.7 billion": the figure it is compared with
        found = literal_trigger(ctx, span)
        if found is None or found[0] == NO_RELATION:
            continue
        predicate, trigger, slot = found
        sign = 1
        if predicate == "valuation":
            change = _value_change(ctx, span)
            if change is not None:
                predicate, sign = "stockChange", change
        if predicate == "spends" and trigger.pos_ != "VERB" and _received(ctx, trigger):
            continue
        if predicate in ("revenue", "netIncome") and _segment_figure(ctx, trigger):
            continue
        subject, inferred = _holder(ctx, trigger, span, signature(predicate)[0], slot)
        if subject is None:
            continue
        is_verb = _verbal(trigger)
        chain = own_chain(trigger) if is_verb else [trigger.head]
        if negated(ctx, chain):
            continue
        value = Quantity(q.start, q.end, q.text, q.value * sign, implied_currency(ctx.quantities, q), q.unit, q.high)
        emit(ctx, subject, predicate, value, span.sent, "dep.literal", inferred=inferred,
              modality=modality_of(ctx, chain) if is_verb else None)
