"""Shared machinery of the relation rules: arguments, modality, confidence, facts.

A :class:`Context` holds one parsed document, its language data and mentions,
and the facts found so far. The helpers here turn syntactic arguments into
mentions (following appositions, definite descriptions, role nouns and the
discourse topic), read negation and modality off the verb chain, and record
facts with the confidence of their rule family.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    "arguments", "clause_subject_of", "compatible", "confidence_path", "document_topic", "emit", "fits_class", "lemma", "lookup", "modality_of",
    "money_near", "named_holder", "negated", "possessor", "quantities_in", "resolve_argument", "role_holder", "sentence_date",
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
    "dep.demonym": 0.7,
    "dep.noun": 0.65,
    "list": 0.6,
    "funding": 0.65,
    "dep.possessive": 0.6,
    "dep.stake": 0.65,
    "surface.paren": 0.6,
    "dep.affiliation": 0.6,
    "surface.affiliation": 0.55,
    "surface.place_pair": 0.6,
    "surface.dateline": 0.7,
    "quote": 0.7,
    "dep.stance": 0.65,
    "quote.stance": 0.6,
    "dep.announce": 0.6,
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
    cache: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict)
    """Results one rule family computes and a later one reuses (the quotations and their speakers)."""

    def sentence(self, token: Token) -> Span:
        return token.sent


def lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def lookup(table: dict, token: Token, suffixes) -> object | None:
    """``table`` entry for the token's lemma, else for a lemma guessed from its ending.

    Small pipelines mis-lemmatise rare verbs ("cofounded" → "cofounde",
    "loda" → "loda", "scese" → "scese"); the suffix table of the language
    data repairs them. A short ending needs a stem of three letters; an
    ending of three letters or more, which spells a participle family
    ("-esi" → "-endere"), needs one letter ("spesi" → "spendere").
    """
    for key in (lemma(token), token.lower_):
        if key in table:
            return table[key]
    lower = token.lower_
    for ending, replacement in suffixes:
        stem = len(lower) - len(ending)
        if lower.endswith(ending) and (stem > 2 or (stem > 0 and len(ending) > 2)):
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
        # "il colosso", "the company": the entity the text is about, when one is clear and fits
        if noun_class in ("Organization", "Person"):
            topic = document_topic(ctx, noun_class, before=token.idx)
            if topic is not None and topic.end <= token.idx and compatible(topic.label, classes):
                return topic, True
        for m in ctx.index.before(token.idx, {noun_class}):
            if compatible(m.label, classes):
                return m, True
        return None, False
    # pronouns
    if token.pos_ == "PRON" and lower in data.get("pronouns", {}):
        cls = data["pronouns"][lower]
        wanted = {cls} if cls else {"Person", "Organization"}
        # "Cohere said it had raised...": the subject of a governing clause comes first
        current = token.head
        for _ in range(4):
            if dep(current) not in ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl:relcl", "parataxis") or current.head == current:
                break
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                subjects, _ = clause_subjects(current)
                for subj in subjects:
                    m = ctx.index.of(subj)
                    if m is not None and m.end <= token.idx and m.label in wanted and (not classes or m.label in classes):
                        return m, True
        for m in ctx.index.before(token.idx, wanted):
            if not classes or m.label in classes:
                return m, True
        return None, False
    # an unlabelled proper name: type it from the relation's signature
    if (token.pos_ in ("PROPN", "X") and (token.is_title or token.is_upper) and token.is_alpha
            and lower not in data["role_nouns"] and lower not in data["class_nouns"]
            and lower not in data.get("not_names", ())):
        candidates = classes & ENTITY_CLASSES
        span = name_span(token)
        titles = set(data.get("title_words", ()))
        if span.text.lower() in data["role_nouns"] or any(t.lower_ in titles for t in span):
            candidates = frozenset()  # "Chief Scientist", "Vice President": a title, not a name
        if len(candidates) == 1:
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


def fits_class(ctx: Context, mention: Mention, cls: str) -> bool:
    """Whether ``mention`` may be of class ``cls`` when a word's lexicon entry demands it.

    Its own label, or a person's name the NER typed as an organisation (two or
    three capitalised words, none of the language's ``organization_words``),
    or an organisation's name typed as a person or place (one with such a
    word, or a single capitalised word).
    """
    if mention.label == cls:
        return True
    words = mention.text.split()
    org_words = set(ctx.data.get("organization_words", ()))
    has_org_word = bool({w.lower().strip(".,") for w in words} & org_words)
    if cls == "Person" and mention.label == "Organization":
        return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not has_org_word
    if cls == "Organization" and mention.label in ("Person", "Place"):
        return has_org_word or (len(words) == 1 and mention.label == "Person")
    return False


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
    """The mentions the tokens and their conjuncts refer to.

    A name coordinated with an amount is no argument of the amount's verb:
    "fined Siemens €300 million and Nokia €120 million" parsed with *Nokia* a
    conjunct of the first amount is Nokia's own (gapped) fine.
    """
    out = []
    for token in tokens:
        amount = any(q.start <= token.idx < q.end for q in ctx.quantities if q.unit is None)
        for t in [token] if amount else conjuncts(token):
            m, inferred = resolve_argument(ctx, t, classes)
            if m is not None and compatible(m.label, classes) and all(m != o for o, _ in out):
                out.append((m, inferred))
    return out


def _name_key(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def document_topic(ctx: Context, cls: str, *, before: int | None = None) -> Mention | None:
    """The ``cls`` entity the whole text is about, when one is clear; its nearest mention before ``before``.

    News names its subject in the headline (the first line). The topic is the
    entity of the headline named most often in the whole text, at least
    twice, and more often than any other entity of the headline; a short
    name counts for the longer name it begins ("Mistral" for "Mistral AI").
    """
    key = ("topic", cls)
    if key not in ctx.cache:
        mentions = [m for m in ctx.index.mentions if m.label == cls]
        names = {_name_key(m.text) for m in mentions}
        counts: dict[str, int] = {}
        for m in mentions:
            counts[_name_key(m.text)] = counts.get(_name_key(m.text), 0) + 1
        canon: dict[str, str] = {}
        for name in names:  # a short name joins the most frequent longer name it begins
            longer = [n for n in names if n.startswith(name + " ")]
            canon[name] = max(longer, key=lambda n: (counts[n], n)) if longer else name
        text = ctx.doc.text
        first_end = text.find("\n") if "\n" in text.strip() else len(text)
        score: dict[str, int] = {}
        for m in mentions:
            score[canon[_name_key(m.text)]] = score.get(canon[_name_key(m.text)], 0) + 1
        headline = {canon[_name_key(m.text)] for m in mentions if m.end <= first_end}
        ranked = sorted(((score[n], n) for n in headline), reverse=True)
        clear = ranked and ranked[0][0] >= 2 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0])
        ctx.cache[key] = [m for m in mentions if canon[_name_key(m.text)] == ranked[0][1]] if clear else None
    own = ctx.cache[key]
    if own is None:
        return None
    if before is not None:
        earlier = [m for m in own if m.end <= before]
        if earlier:
            return earlier[-1]
    return own[0]


def possessor(ctx: Context, token: Token, classes: frozenset[str], *, salient_only: bool = False) -> tuple[Mention | None, bool]:
    """Whom a possessive determiner ("its", "il suo", "la loro") refers to.

    The subject of its own clause when that fits and comes first ("Cisco ha
    annunciato la sua acquisizione"), else the subject of the sentence before,
    else the entity the text is about, else the nearest earlier mention of a
    fitting class in the same sentence (``salient_only``: only the two
    subjects); English "his"/"her" want a person and "its" anything else.
    Always inferred.
    """
    lower = token.lower_
    if lower in ("his", "her"):
        classes = classes & frozenset({"Person"}) or frozenset({"Person"})
    elif lower == "its":
        classes = classes - {"Person"} or classes
    current = token.head
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or dep(current) == "root":
            subjects, _ = clause_subjects(current)
            for m, _ in arguments(ctx, subjects, classes):
                if m.end <= token.idx and m.label in classes:
                    return m, True
            break
        if current.head == current:
            break
        current = current.head
    # the previous sentence's subject, then the text's topic: a possessive refers to what is salient
    sentences = [s for s in token.doc.sents if s.start <= token.i]
    if len(sentences) >= 2:
        subjects, _ = clause_subjects(sentences[-2].root)
        for m, _ in arguments(ctx, subjects, classes):
            if m.label in classes:
                return m, True
    if salient_only:
        return None, False
    for cls in sorted(classes & {"Organization", "Person"}):
        topic = document_topic(ctx, cls, before=token.idx)
        if topic is not None:
            return topic, True
    own = token.sent.start_char
    nearest = [m for m in ctx.index.before(token.idx, set(classes)) if m.start >= own]
    return (nearest[0], True) if nearest else (None, False)


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
