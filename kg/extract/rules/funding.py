"""``funding``: who invests in a funding round, and in whom.

A funding round (language data ``funding.nouns``: "round", "funding",
"round di finanziamento") is led by an investor ("the round was led by
Sequoia", "Sequoia led the round", "il round, guidato da ASML") and joined by
others ("with participation from Accel and Index Ventures", "con la
partecipazione di A e B", "joined by other investors such as ..."): each of
them ``investsIn`` the funded company. The funded company is the round's
owner ("Cohere's funding", "il round di Mistral"), else the subject of the
verb that raises or closes it ("Mistral ha chiuso un round"), else the object
of the verb that values it ("the round values Mistral at..."), else the
organisation the text is about.

Investment received is not spending, and a round total is no investor's
amount: this family records who invests in whom, never the round's amount.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...types import Mention
from ..context import Context, arguments, document_topic, emit, lemma, negated, possessor
from ..syntax import AGENT, OBJ, PASS_SUBJ, SUBJ, clause_subjects, dep, governing_chain, prep_objects
from .lists import read_list

__all__ = ["funding_rules"]

_ORG = frozenset({"Organization"})
_AGENT_PREPS = {"by", "da", "dal", "dalla", "dai", "dagli", "dallo", "dall'", "dall’"}
_SOURCE_PREPS = {"from", "of", "di", "del", "della", "dei", "degli", "delle", "dello", "dell'", "dell’", "da", "dal",
                 "dalla", "dai", "dagli"}
_OWNER_PREPS = {"of", "di", "del", "della", "dello", "dell'", "dell’"}


def _is_round(ctx: Context, token: Token, nouns: set[str]) -> bool:
    if token.pos_ not in ("NOUN", "PROPN") or ctx.index.of(token) is not None:
        return False
    prev = token.doc[token.i - 1].lower_ if token.i else ""
    return token.lower_ in nouns or lemma(token) in nouns or f"{prev} {token.lower_}" in nouns


def _funded(ctx: Context, noun: Token, spec: dict, investors: set[Mention]) -> tuple[Mention | None, bool]:
    """The company a round funds (see the module docstring); second value: inferred."""
    possessives = set(ctx.data.get("possessives", ()))

    def fits(m: Mention | None) -> bool:
        return m is not None and m.label == "Organization" and m not in investors

    for child in noun.children:
        if child.lower_ in possessives and dep(child) in ("poss", "det:poss", "nmod:poss", "det"):
            m, _ = possessor(ctx, child, _ORG)
            if fits(m):
                return m, True
        if dep(child) in ("poss", "nmod:poss", "compound") and fits(ctx.index.of(child)):
            return ctx.index.of(child), False
    for m, inferred in arguments(ctx, list(prep_objects(noun, _OWNER_PREPS)), _ORG):
        if fits(m):
            return m, inferred
    raise_verbs, value_verbs = set(spec.get("raise_verbs", ())), set(spec.get("value_verbs", ()))
    current = noun
    for _ in range(4):
        if current.head == current:
            break
        current = current.head
        if current.pos_ not in ("VERB", "AUX"):
            continue
        if lemma(current) in raise_verbs:
            subjects, passive = clause_subjects(current)
            if not passive:
                for m, inferred in arguments(ctx, subjects, _ORG):
                    if fits(m):
                        return m, inferred
        if lemma(current) in value_verbs:  # "the round values Mistral at 2 billion euros"
            for m, inferred in arguments(ctx, [c for c in current.children if dep(c) in OBJ | {"appos"}], _ORG):
                if fits(m):
                    return m, inferred
    topic = document_topic(ctx, "Organization", before=noun.idx)
    return (topic, True) if fits(topic) else (None, False)


def _leaders(ctx: Context, noun: Token, spec: dict) -> list[tuple[Mention, bool]]:
    """Investors that lead or join the round ``noun`` names: "led by X", "X led the round", "joined by X",
    "X participated in the round"."""
    verbs = set(spec.get("lead_verbs", ())) | set(spec.get("join_verbs", ()))
    found: list[tuple[Mention, bool]] = []
    candidates = [c for c in noun.children if dep(c) in ("acl", "amod", "relcl", "acl:relcl")]
    if dep(noun) in SUBJ | PASS_SUBJ | OBJ:
        candidates.append(noun.head)
    # "X participated in the round", "X ha partecipato al round": the round after a preposition of the verb
    oblique = None
    if dep(noun) == "pobj" and noun.head.pos_ == "ADP" and noun.head.head.pos_ in ("VERB", "AUX"):
        oblique = noun.head.head
    elif dep(noun).startswith("obl") and noun.head.pos_ in ("VERB", "AUX") and dep(noun) != "obl:agent":
        oblique = noun.head
    if oblique is not None:
        candidates.append(oblique)
    for verb in candidates:
        if lemma(verb) not in verbs:
            continue
        for conj in [verb, *(c for c in verb.children if dep(c) == "conj" and lemma(c) in verbs)]:
            if negated(ctx, governing_chain(conj)):
                continue  # "X did not join the round", "X non ha partecipato al round"
            subjects, passive = clause_subjects(conj)
            participle = dep(conj) in ("acl", "amod", "relcl", "acl:relcl") or passive or conj != verb
            if participle or dep(noun) in PASS_SUBJ:
                tokens = list(prep_objects(conj, _AGENT_PREPS))
                tokens += [g for c in conj.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
            else:
                tokens = subjects if dep(noun) in OBJ or conj == oblique else []
            found.extend(a for a in arguments(ctx, tokens, _ORG) if a not in found)
            # "joined by other investors such as A, B": the list after the agent's head noun
            for token in tokens:
                if ctx.index.of(token) is None:
                    lowers = [t.lower_ for t in ctx.doc]
                    intro = [p.split() for p in ctx.data.get("list_introducers", ())]
                    for j in range(token.i + 1, min(token.i + 4, token.sent.end)):
                        if any(lowers[j:j + len(p)] == p for p in intro):
                            found.extend((m, False) for m in read_list(ctx, j, "Organization")
                                         if all(m != f for f, _ in found))
                            break
    return found


def _participants(ctx: Context, noun: Token, spec: dict) -> list[tuple[Mention, bool]]:
    """"with participation from A and B", "con la partecipazione di A e B" in the round's sentence."""
    words = set(spec.get("participation_nouns", ()))
    found: list[tuple[Mention, bool]] = []
    for token in noun.sent:
        if token.lower_ not in words and lemma(token) not in words:
            continue
        for obj in prep_objects(token, _SOURCE_PREPS):
            start = obj.i if ctx.index.of(obj) is not None else None
            if start is None:
                continue
            for m in read_list(ctx, start, "Organization"):
                if all(m != f for f, _ in found):
                    found.append((m, False))
    return found


def funding_rules(ctx: Context) -> None:
    spec = ctx.data.get("funding", {})
    nouns = set(spec.get("nouns", ()))
    if not nouns:
        return
    done: set[tuple[Mention, Mention]] = set()
    for token in ctx.doc:
        if not _is_round(ctx, token, nouns):
            continue
        investors = _leaders(ctx, token, spec) + _participants(ctx, token, spec)
        if not investors:
            continue
        funded, f_inf = _funded(ctx, token, spec, {m for m, _ in investors})
        if funded is None:
            continue
        for investor, i_inf in investors:
            if investor != funded and (investor, funded) not in done:
                done.add((investor, funded))
                emit(ctx, investor, "investsIn", funded, token.sent, "funding", inferred=f_inf or i_inf)
