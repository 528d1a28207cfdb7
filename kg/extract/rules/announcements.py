"""``dep.announce``: who announces what (``announces``).

The verbs are the language's ``announce_verbs``. What is announced is

* a named product or event when the object names one ("Pichai ha anticipato
  Gemini", "Apple unveiled the iPhone 16");
* otherwise, for verbs of the ``announce`` kind in a main clause (the
  announcement is the news, not background: "before NBC announced her
  departure"), the announced thing in the article's words, kept as a text
  literal: each coordinated object on its own ("announced its first-ever
  dividend and a US$70-billion stock buyback" is two facts), or the clause
  announced ("announced it had raised 385 million euros"); a purpose clause
  ("per rendere i titoli più accessibili") is not part of it.

No ``announces`` is made when the announcer is a party of the announced
relation, which another family reads: "X ha annunciato l'acquisizione di Y"
is X acquires Y, while "Rossi ha annunciato l'acquisizione di Zeta da parte
di Acme" is Rossi announcing it. A people's or organisation's name as the object
("announced Sean White as CEO") is left to the role rules.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...types import Mention, Quote
from ..context import Context, emit, lemma, lookup, modality_of, negated
from ..quotation import trim
from ..speakers import current, speaker_of_verb
from ..syntax import (
    OBJ,
    clause_subjects,
    dep,
    governing_chain,
    is_finite,
    is_relative_pronoun,
    prep_objects,
)
from .quotes import quotations_with_speakers
from .stance import PREDICATES

__all__ = ["announcement_rules"]

_OWN = frozenset({"says", "announces", *PREDICATES.values()})
_LAUNCHED = frozenset({"Product", "Event"})
_CUT = frozenset({"conj", "cc", "advcl", "parataxis", "mark", "appos"})


def _phrase(token: Token, *, keep_mark: bool = False) -> tuple[int, int]:
    """Character span of the phrase ``token`` heads, without its coordinated
    conjuncts, adverbial clauses and edge punctuation."""
    dropped = set()
    for child in token.children:
        purpose = dep(child) in ("acl", "advcl") and "Inf" in child.morph.get("VerbForm")  # "per rendere …", "to …"
        if dep(child) in _CUT and not (keep_mark and dep(child) == "mark") or purpose:
            dropped |= {t.i for t in child.subtree}
    keep = {t.i for t in token.subtree} - dropped
    start = end = token.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    doc = token.doc
    while start < end and (doc[start].is_punct or dep(doc[start]) == "mark"):
        start += 1
    while end > start and doc[end].is_punct:
        end -= 1
    return trim(doc.text, doc[start].idx, doc[end].idx + len(doc[end]))


def _named(ctx: Context, noun: Token) -> Mention | None:
    """The name a noun stands for: itself, or what it is said to be ("Gemini è l'ultimo modello … che")."""
    for _ in range(3):
        m = ctx.index.of(noun)
        if m is not None:
            return m
        subjects = [c for c in noun.children if dep(c) in ("nsubj", "nsubjpass")] if any(
            dep(c) == "cop" for c in noun.children) else []
        if subjects:
            return ctx.index.of(subjects[0])
        if dep(noun) not in ("nmod", "appos", "compound") or noun.head == noun:
            return None
        noun = noun.head
    return None


def _agents(noun: Token, spec: dict) -> list[Token]:
    """Who does what a relation noun names: "da parte di xAI", "its acquisition"."""
    tokens = [t for t in prep_objects(noun, set(spec.get("agent", ()))) if t.lower_ != "parte"]
    tokens += [g for t in prep_objects(noun, {"da"}) if t.lower_ == "parte"
               for g in prep_objects(t, {"di", "del", "della", "dell'", "dell’"})]
    return tokens + [c for c in noun.children if dep(c) in ("poss", "nmod:poss", "det:poss")]


def _party(ctx: Context, announcer: Mention, noun: Token) -> bool:
    """Whether the noun names a relation another family reads, with the announcer as its party.

    "l'acquisizione di Vimeo" and "its acquisition of Splunk" are the
    announcer's; "l'acquisizione di X da parte di xAI" is xAI's.
    """
    key = noun.lower_, lemma(noun)
    spec = next((ctx.data["relation_nouns"][k] for k in key if k in ctx.data["relation_nouns"]), None)
    if spec is None:
        return any(k in ctx.data["literal_nouns"] for k in key)  # "announced revenue of …"
    if spec["relation"] == "announces":
        return False
    agents = _agents(noun, spec)
    possessive = set(ctx.data.get("possessives", ()))
    return not agents or any(t.lower_ in possessive or "Yes" in t.morph.get("Poss")
                             or (ctx.index.of(t) is not None and ctx.index.of(t).text == announcer.text) for t in agents)


def _captured(ctx: Context, announcer: Mention, verb: Token) -> bool:
    """Whether another family found a fact of the announcer in this sentence ("announced it would acquire Y")."""
    sent = verb.sent
    for f in ctx.facts:
        if f.predicate in _OWN or not (f.evidence_start <= verb.idx < f.evidence_end):
            continue
        if announcer.text in (f.subject.text, getattr(f.object, "text", None)) and f.evidence_start <= sent.start_char:
            return True
    return False


def _announcer(ctx: Context, verb: Token, speakers, exclude: frozenset[int]) -> tuple[Mention | None, bool]:
    m, inferred = speaker_of_verb(ctx, verb, speakers, exclude=exclude)
    if m is None and not is_finite(verb) and verb.head != verb and verb.head.pos_ in ("VERB", "AUX"):
        # "…, ha affermato X, annunciando il via libera": the subject of the clause it hangs on
        m, inferred = speaker_of_verb(ctx, verb.head, speakers, exclude=exclude)
    return (current(ctx, m), inferred) if m is not None else (None, False)


def announcement_rules(ctx: Context) -> None:
    table = ctx.data["announce_verbs"]
    _, speakers = quotations_with_speakers(ctx)
    for verb in ctx.doc:
        if verb.pos_ != "VERB" or speakers.inside_quote(verb.idx):
            continue
        entry = lookup(table, verb, ctx.data.get("verb_suffixes", ()))
        if entry is None or (entry.get("requires") and not any(c.lower_ in entry["requires"] for c in verb.children)):
            continue
        chain = governing_chain(verb)
        if negated(ctx, chain):
            continue
        subjects, passive = clause_subjects(verb)
        if passive and not any(dep(c) in ("agent", "obl:agent") for c in verb.children):
            continue  # "after the result was announced": no one announces
        # one direct object (a second one is an apposition the parser missed) and what is coordinated with it,
        # on the object or, misattached, on the verb
        objects = subjects if passive else [c for c in verb.children if dep(c) in OBJ][:1]
        objects = [o for o in objects for o in [o, *(c for c in o.children if dep(c) == "conj")]]
        if objects:
            objects += [c for c in verb.children if dep(c) == "conj" and c.pos_ == "NOUN" and c.i > objects[0].i]
        clauses = [c for c in verb.children if dep(c) == "ccomp"] if entry["kind"] == "announce" else []
        exclude = frozenset(t.i for o in objects + clauses for t in o.subtree)
        announcer, inferred = _announcer(ctx, verb, speakers, exclude)
        if announcer is None or announcer.label not in ("Person", "Organization"):
            continue
        modality = modality_of(ctx, chain)
        # the announced thing as text only when the announcement is the news, in a main clause
        # ("Nvidia ha annunciato …"), not background ("before NBC announced her departure")
        main = dep(verb) == "root" or (dep(verb) in ("conj", "parataxis") and dep(verb.head) == "root")
        for obj in objects:
            if is_relative_pronoun(obj) and dep(verb) in ("acl:relcl", "relcl"):
                obj = verb.head  # "Gemini, che Pichai ha anticipato"
            if speakers.inside_quote(obj.idx):
                continue
            m = _named(ctx, obj)
            if m is not None:
                if m.label in _LAUNCHED:
                    emit(ctx, announcer, "announces", m, verb.sent, "dep.announce", inferred=inferred, modality=modality)
                continue
            if not main or entry["kind"] != "announce" or obj.pos_ not in ("NOUN", "PROPN") or _party(ctx, announcer, obj):
                continue
            start, end = _phrase(obj)
            emit(ctx, announcer, "announces", Quote(start, end, ctx.doc.text[start:end]), verb.sent, "dep.announce",
                 inferred=inferred, modality=modality)
        for clause in clauses if main else []:
            if speakers.inside_quote(clause.idx) or _captured(ctx, announcer, verb):
                continue
            nouns = [clause] + [c for c in clause.children if dep(c) in ("nsubj", "nsubj:pass", "nsubjpass")]
            if any(n.pos_ == "NOUN" and _party(ctx, announcer, n) for n in nouns):
                continue  # "announced its acquisition of Splunk" parsed as a clause
            start, end = _phrase(clause, keep_mark=False)
            emit(ctx, announcer, "announces", Quote(start, end, ctx.doc.text[start:end]), verb.sent, "dep.announce",
                 inferred=inferred, modality=modality)
