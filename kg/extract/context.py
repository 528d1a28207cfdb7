"""Shared machinery of the relation rules: arguments, modality, confidence, facts.

A :class:`Context` holds one parsed document, its language data and mentions,
and the facts found so far. The helpers here turn syntactic arguments into
mentions (following appositions, definite descriptions, role nouns and the
discourse topic), read negation and modality off the verb chain, and record
facts with the confidence of their rule family.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..ontology import relations as ontology_relations
from ..types import ENTITY_CLASSES as ENTITY_CLASS_NAMES
from ..types import Fact, Mention, Quantity
from .mentions import MentionIndex, name_span
from .syntax import case_words, clause_subjects, conjuncts, dep

__all__ = [
    "AMOUNT_PREDICATES", "CONFIDENCE", "CONFUSABLE", "DEFAULT_CONFIDENCE", "ENTITY_CLASSES", "INFERRED_PENALTY", "Context",
    "arguments", "clause_subject_of", "compatible", "confidence_path", "emit", "lemma", "lookup", "modality_of",
    "money_near", "named_holder", "negated", "quantities_in", "resolve_argument", "role_holder", "sentence_date",
    "signature", "topic_subject",
]

DEFAULT_CONFIDENCE = {
    "dep.role": 0.85,
    "surface.appos": 0.7,
    "dep.verb": 0.75,
    "dep.literal": 0.7,
    "dep.amount": 0.7,
    "dep.stock": 0.7,
    "dep.location": 0.7,
    "dep.noun": 0.65,
    "surface.paren": 0.6,
    "dep.affiliation": 0.6,
    "surface.affiliation": 0.55,
    "surface.place_pair": 0.6,
    "quote": 0.7,
}


def confidence_path() -> Path:
    """``kg/data/confidence.json``: each family's precision measured on the development set."""
    return Path(str(resources.files("kg"))) / "data" / "confidence.json"


def _load_confidence() -> dict[str, float]:
    values = dict(DEFAULT_CONFIDENCE)
    path = confidence_path()
    if path.is_file():
        for name, entry in json.loads(path.read_text("utf-8"))["families"].items():
            values[name] = float(entry["confidence"])
    return values


CONFIDENCE = _load_confidence()
"""Confidence of each rule family (measured precision, see ``bench/calibrate_confidence.py``);
lowered when an argument was inferred rather than read from the parse."""

INFERRED_PENALTY = 0.2
ENTITY_CLASSES = frozenset(ENTITY_CLASS_NAMES)


@dataclass
class Context:
    doc: Doc
    lang: str
    data: dict
    index: MentionIndex
    quantities: list[Quantity]
    facts: list[Fact]

    def sentence(self, token: Token) -> Span:
        return token.sent


def lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def lookup(table: dict, token: Token, suffixes) -> object | None:
    """``table`` entry for the token's lemma, else for a lemma guessed from its ending.

    Small pipelines mis-lemmatise rare verbs ("cofounded" → "cofounde",
    "loda" → "loda"); the suffix table of the language data repairs them.
    """
    for key in (lemma(token), token.lower_):
        if key in table:
            return table[key]
    lower = token.lower_
    for ending, replacement in suffixes:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            key = lower[: len(lower) - len(ending)] + replacement
            if key in table:
                return table[key]
    return None


# ---------------------------------------------------------------- arguments


def resolve_argument(ctx: Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    """The mention a syntactic argument refers to; second value: was it inferred."""
    mention = ctx.index.of(token)
    if mention is not None:
        return mention, False
    if any(q.start <= token.idx < q.end for q in ctx.quantities):
        return None, False  # an amount is no entity, whatever name hangs on it ("fined Apple 500 million euros")
    data = ctx.data
    # a common noun with a name attached: "il presidente Donald Trump", "i modelli di DeepSeek"
    same_referent = ("appos", "flat", "flat:name", "compound")
    is_role = token.lower_ in data["role_nouns"] or lemma(token) in data["role_nouns"]
    if is_role:
        holder = named_holder(ctx, token)
        if holder is not None and compatible(holder.label, classes):
            return holder, False
    possessive = set(data.get("possessive_prepositions", ()))
    for deps in (same_referent, () if is_role else ("nmod", "nmod:poss", "poss", "prep")):
        for child in token.children:
            if deps is not same_referent and dep(child) == "nmod" and not (case_words(child) & possessive):
                continue
            if dep(child) == "prep" and child.lower_ not in possessive:
                continue
            same = dep(child) in same_referent or (dep(child) == "nmod" and not any(dep(g) == "case" for g in child.children))
            if same and dep(child) == "compound" and child.i < token.i:
                continue  # "a Hong Kong construction firm": a name before the noun modifies it
            if dep(child) not in deps and not (deps is same_referent and same):
                continue
            m = ctx.index.of(child)
            if m is None and dep(child) == "prep":
                m = next((ctx.index.of(g) for g in child.children if ctx.index.of(g)), None)
            if m is None and same and child.pos_ == "PROPN" and child.is_title:
                # "the girl group the Spice Girls": a name the model missed, typed by its noun
                noun_class = data["class_nouns"].get(token.lower_) or data["class_nouns"].get(lemma(token))
                if noun_class and noun_class != "Person" or (noun_class == "Person" and dep(child) != "compound"):
                    m = ctx.index.add(name_span(child), noun_class, "context")
            if m is not None and compatible(m.label, classes):
                return m, not same
    # the noun is another name for a mention: "Wikia, a company ..." (appos),
    # "PowerDirector is software ..." (predicate nominal), "Holland was a hacker who ..."
    if token.pos_ == "NOUN":
        if dep(token) == "appos" and ctx.index.of(token.head) is not None:
            m = ctx.index.of(token.head)
            if compatible(m.label, classes):
                return m, False
        if dep(token) in ("attr", "root") or any(dep(c) == "cop" for c in token.children):
            base = token if any(dep(c) == "cop" for c in token.children) else token.head
            for subj in (c for c in base.children if dep(c) in ("nsubj", "nsubj:pass", "nsubjpass")):
                m = ctx.index.of(subj)
                if m is not None and compatible(m.label, classes):
                    return m, False
    lower = token.lower_
    # definite descriptions and possessives: "la startup cinese", "la sua azienda", "the company"
    noun_class = data["class_nouns"].get(lower) or data["class_nouns"].get(lemma(token))
    indefinite = set(data.get("indefinite_articles", ()))
    has_det = any(dep(c) in ("det", "det:poss", "poss") for c in token.children) and not any(
        c.lower_ in indefinite or "Ind" in c.morph.get("Definite") for c in token.children if dep(c) == "det")
    if noun_class and has_det and token.pos_ in ("NOUN", "PROPN"):
        role = data["role_nouns"].get(lower) or data["role_nouns"].get(lemma(token))
        if noun_class == "Person" and role:
            holder = role_holder(ctx, role, token)
            if holder:
                return holder, True
        for m in ctx.index.before(token.idx, {noun_class}):
            if compatible(m.label, classes):
                return m, True
        return None, False
    # pronouns
    if token.pos_ == "PRON" and lower in data.get("pronouns", {}):
        cls = data["pronouns"][lower]
        for m in ctx.index.before(token.idx, {cls} if cls else {"Person", "Organization"}):
            if not classes or m.label in classes:
                return m, True
        return None, False
    # an unlabelled proper name: type it from the relation's signature
    if (token.pos_ in ("PROPN", "X") and (token.is_title or token.is_upper) and token.is_alpha
            and lower not in data["role_nouns"] and lower not in data["class_nouns"]):
        candidates = classes & ENTITY_CLASSES
        if len(candidates) == 1:
            span = name_span(token)
            m = ctx.index.add(span, next(iter(candidates)), "context")
            if m is not None:
                return m, True
    return None, False


CONFUSABLE = {"Person", "Organization", "Place", "Product"}


def compatible(label: str, classes: frozenset[str]) -> bool:
    """Whether a mention labelled ``label`` may fill a slot of ``classes``.

    Statistical NER often confuses people, organisations and places (a company
    tagged as a place); those labels stay candidates here and resolution's class
    votes, which count what the relation requires, settle the type.
    """
    if not classes or label in classes:
        return True
    return label in CONFUSABLE and bool(classes & CONFUSABLE)


def named_holder(ctx: Context, token: Token) -> Mention | None:
    """The person named right after a role noun: "il presidente del consiglio Romano Prodi"."""
    bases = [token, *(c for c in token.children if dep(c) in ("nmod", "pobj", "prep"))]
    for base in bases:
        for child in base.children:
            if child.i <= token.i or any(dep(g) == "case" for g in child.children):
                continue
            if dep(child) in ("nmod", "flat", "flat:name", "appos", "compound"):
                m = ctx.index.of(child)
                if m is not None and m.label == "Person":
                    return m
    return None


def role_holder(ctx: Context, role: str, token: Token) -> Mention | None:
    """The person already known to hold ``role`` ("il CEO" → the CEO found earlier)."""
    holders = [f.subject for f in ctx.facts if f.predicate == role and f.subject.end <= token.idx]
    return holders[-1] if holders else None


def arguments(ctx: Context, tokens, classes: frozenset[str]) -> list[tuple[Mention, bool]]:
    out = []
    for token in tokens:
        for t in conjuncts(token):
            m, inferred = resolve_argument(ctx, t, classes)
            if m is not None and compatible(m.label, classes) and all(m != o for o, _ in out):
                out.append((m, inferred))
    return out


def topic_subject(ctx: Context, token: Token, classes: frozenset[str]) -> Mention | None:
    """For a clause without a subject (Italian pro-drop): the discourse topic.

    That is the subject of the nearest main clause before ``token`` (its own
    sentence first), else the nearest mention of a fitting class.
    """
    sent = token.sent
    sentences = [s for s in token.doc.sents if s.start < sent.start][::-1]
    for s in [sent, *sentences[:3]]:
        root = s.root
        if root.i >= token.i and s == sent:
            continue
        subjects, _ = clause_subjects(root)
        for m, _ in arguments(ctx, subjects, classes):
            if m.end <= token.idx and m.label in classes:
                return m
    nearest = ctx.index.before(token.idx, set(classes))
    return nearest[0] if nearest else None


# ---------------------------------------------------------------- modality


def negated(ctx: Context, chain: list[Token]) -> bool:
    negation = set(ctx.data["negation"])
    for v in chain:
        for child in v.children:
            if dep(child) in ("neg", "advmod") and child.lower_ in negation:
                return True
    return False


def modality_of(ctx: Context, chain: list[Token]) -> str | None:
    data = ctx.data
    hedges = set(data["hedge_lemmas"])
    future = set(data["future_markers"])
    verb = chain[0]
    for v in chain:
        if v != verb and lemma(v) in hedges:
            return "hedged"
        for child in v.children:
            if dep(child) in ("aux", "aux:pass") and (lemma(child) in hedges or child.lower_ in hedges):
                return "hedged"
    for v in chain:
        if "Fut" in v.morph.get("Tense"):
            return "future"
        for child in v.children:
            if dep(child) == "aux" and child.lower_ in future:
                return "future"
            if child.lower_ in future and dep(child) in ("amod", "obl", "nmod", "npadvmod", "advmod"):
                return "future"
    return None


# ---------------------------------------------------------------- fact helpers


def signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    rel = ontology_relations()[predicate]
    return rel.domain, rel.range


AMOUNT_PREDICATES = frozenset({"pays", "investsIn", "acquires"})
"""Relations whose money amount is also asserted as a literal object of its own."""


def emit(ctx: Context, subject: Mention, predicate: str, obj, sent: Span, extractor: str, *,
          inferred: bool = False, modality: str | None = None, amount: Quantity | None = None) -> None:
    """Record a fact; for pays, investsIn and acquires with an amount, also the amount as its own fact.

    ``obj`` may be ``None`` for those three when the text states the amount but
    not the counterpart ("will pay $4.3 billion to settle"): only the amount
    fact is recorded then.
    """
    if isinstance(obj, Mention) and obj == subject:
        return
    confidence = round(CONFIDENCE[extractor] - (INFERRED_PENALTY if inferred else 0.0), 2)
    date = sentence_date(ctx, sent)
    found = []
    if obj is not None:
        found.append(Fact(subject, predicate, obj, sent.start_char, sent.end_char, confidence, extractor,
                          modality=modality, amount=amount, date=date))
    if amount is not None and predicate in AMOUNT_PREDICATES:
        found.append(Fact(subject, predicate, amount, sent.start_char, sent.end_char, confidence, extractor,
                          modality=modality, date=date))
    for fact in found:
        if fact not in ctx.facts:
            ctx.facts.append(fact)


def sentence_date(ctx: Context, sent: Span) -> str | None:
    for ent in sent.ents:
        if ent.label_ == "DATE":
            return ent.text
    return None


def quantities_in(ctx: Context, tokens) -> list[Quantity]:
    out = []
    for token in tokens:
        for q in ctx.quantities:
            if q.start <= token.idx < q.end and q not in out:
                out.append(q)
    return out


def money_near(ctx: Context, verb: Token) -> Quantity | None:
    """A money amount in the verb's own arguments ("paga ... 25 milioni di dollari")."""
    for child in verb.children:
        if child.pos_ in ("VERB", "AUX") or dep(child) in ("conj", "advcl", "ccomp", "xcomp", "parataxis"):
            continue
        for q in quantities_in(ctx, child.subtree):
            if q.unit is None:
                return q
    return None




def clause_subject_of(ctx: Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or dep(current) == "ROOT":
            subjects, _ = clause_subjects(current)
            args = arguments(ctx, subjects, classes)
            if args:
                return args[0]
            if dep(current) == "ROOT" or current.head == current:
                break
        current = current.head
    m = topic_subject(ctx, token, classes)
    return m, True
