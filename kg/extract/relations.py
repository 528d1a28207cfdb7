"""Relations from the dependency parse, driven by the language's trigger lexicon.

Rule families (each one is the ``extractor`` name on the statements it makes):

``dep.verb``
    A trigger verb with subject and object arguments ("Meta paga a Trump ...",
    "eBay agreed to acquire Skype"); passives, relative clauses, control chains
    ("intende implementare") and coordination are followed.
``dep.role``
    A role noun linking a person and an organisation: appositions ("Mark
    Zuckerberg, CEO di Meta"), copulas ("X è l'amministratore delegato di Y"),
    nominal heads ("il CEO di Meta, Zuckerberg", "Meta's chief executive").
``surface.appos``
    The comma-delimited apposition "PERSON, ROLE di ORG" when the parser did
    not attach the role noun to the person (small parsers often make it a
    sibling or worse); the organisation still comes from the role noun's
    syntax.
``dep.literal``
    Money attached to a literal noun or verb ("48,39 miliardi di dollari di
    ricavi", "spent $2 billion").
``dep.stock``
    A percentage attached to a change of a company's shares ("un crollo delle
    azioni di Nvidia del 17%").
``dep.noun``
    A relation noun with its arguments: "l'acquisizione di Skype da parte di
    eBay", "eBay's acquisition of Skype", "una partnership con la BBC" (the
    subject is then the subject of the clause the noun is in).
``dep.location``
    Where things are: "US-based company eBay", "Alfa, con sede a Milano"
    (headquarteredIn); "Saint Louis University in St. Louis", "St. Louis,
    Missouri" (locatedIn).
``surface.paren``
    A party in parentheses right after a person's name, the press convention
    "Roberto Calderoli (Lega Nord)" (memberOf); the name must contain one of
    the language's ``party_words``, since "(Tod's)" after a board member
    names the company they represent.
``dep.affiliation``
    A preposition linking a person to an organisation: "Wang Ziqiang at the
    Institute of Mechanics" (employeeOf), "Paolo Ferrero di Rifondazione
    Comunista" (memberOf), from the ``affiliation_prepositions`` table.
``surface.place_pair``
    Two place names separated only by a comma, the press convention for
    "city, region": "DAYTON, Ohio", "St. Louis, Missouri" (locatedIn).
``quote``
    Quoted text attributed to a speaker.

Negated facts are dropped; future and hedged ones are kept with a modality.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..ontology import relations as ontology_relations
from ..types import Fact, Mention, Quantity, Quote
from .mentions import MentionIndex, _name_span
from .quantities import language_data
from .syntax import AGENT, case_words, clause_subjects, conjuncts, dep, dependents, governing_chain, prep_objects

__all__ = ["CONFIDENCE", "confidence_path", "extract_facts"]

_DEFAULT_CONFIDENCE = {
    "dep.role": 0.85,
    "surface.appos": 0.7,
    "dep.verb": 0.75,
    "dep.literal": 0.7,
    "dep.stock": 0.7,
    "dep.location": 0.7,
    "dep.noun": 0.65,
    "surface.paren": 0.6,
    "dep.affiliation": 0.6,
    "surface.place_pair": 0.6,
    "quote": 0.7,
}


def confidence_path() -> Path:
    """``kg/data/confidence.json``: each family's precision measured on the development set."""
    return Path(str(resources.files("kg"))) / "data" / "confidence.json"


def _load_confidence() -> dict[str, float]:
    values = dict(_DEFAULT_CONFIDENCE)
    path = confidence_path()
    if path.is_file():
        for name, entry in json.loads(path.read_text("utf-8"))["families"].items():
            values[name] = float(entry["confidence"])
    return values


CONFIDENCE = _load_confidence()
"""Confidence of each rule family (measured precision, see ``bench/calibrate_confidence.py``);
lowered when an argument was inferred rather than read from the parse."""

_INFERRED_PENALTY = 0.2
_ENTITY_CLASSES = {"Person", "Organization", "Product", "Place", "Event"}


@dataclass
class _Context:
    doc: Doc
    lang: str
    data: dict
    index: MentionIndex
    quantities: list[Quantity]
    facts: list[Fact]

    def sentence(self, token: Token) -> Span:
        return token.sent


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def _lookup(table: dict, token: Token, suffixes) -> object | None:
    """``table`` entry for the token's lemma, else for a lemma guessed from its ending.

    Small pipelines mis-lemmatise rare verbs ("cofounded" → "cofounde",
    "loda" → "loda"); the suffix table of the language data repairs them.
    """
    for key in (_lemma(token), token.lower_):
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


def _resolve_argument(ctx: _Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    """The mention a syntactic argument refers to; second value: was it inferred."""
    mention = ctx.index.of(token)
    if mention is not None:
        return mention, False
    data = ctx.data
    # a common noun with a name attached: "il presidente Donald Trump", "i modelli di DeepSeek"
    same_referent = ("appos", "flat", "flat:name", "compound")
    is_role = token.lower_ in data["role_nouns"] or _lemma(token) in data["role_nouns"]
    if is_role:
        holder = _named_holder(ctx, token)
        if holder is not None and _compatible(holder.label, classes):
            return holder, False
    possessive = set(data.get("possessive_prepositions", ()))
    for deps in (same_referent, () if is_role else ("nmod", "nmod:poss", "poss", "prep")):
        for child in token.children:
            if deps is not same_referent and dep(child) == "nmod" and not (case_words(child) & possessive):
                continue
            if dep(child) == "prep" and child.lower_ not in possessive:
                continue
            same = dep(child) in same_referent or (dep(child) == "nmod" and not any(dep(g) == "case" for g in child.children))
            if dep(child) not in deps and not (deps is same_referent and same):
                continue
            m = ctx.index.of(child)
            if m is None and dep(child) == "prep":
                m = next((ctx.index.of(g) for g in child.children if ctx.index.of(g)), None)
            if m is None and same and child.pos_ == "PROPN" and child.is_title:
                # "the girl group the Spice Girls": a name the model missed, typed by its noun
                noun_class = data["class_nouns"].get(token.lower_) or data["class_nouns"].get(_lemma(token))
                if noun_class and noun_class != "Person" or (noun_class == "Person" and dep(child) != "compound"):
                    m = ctx.index.add(_name_span(child), noun_class, "context")
            if m is not None and _compatible(m.label, classes):
                return m, not same
    # the noun is another name for a mention: "Wikia, a company ..." (appos),
    # "PowerDirector is software ..." (predicate nominal), "Holland was a hacker who ..."
    if token.pos_ == "NOUN":
        if dep(token) == "appos" and ctx.index.of(token.head) is not None:
            m = ctx.index.of(token.head)
            if _compatible(m.label, classes):
                return m, False
        if dep(token) in ("attr", "root") or any(dep(c) == "cop" for c in token.children):
            base = token if any(dep(c) == "cop" for c in token.children) else token.head
            for subj in (c for c in base.children if dep(c) in ("nsubj", "nsubj:pass", "nsubjpass")):
                m = ctx.index.of(subj)
                if m is not None and _compatible(m.label, classes):
                    return m, False
    lower = token.lower_
    # definite descriptions and possessives: "la startup cinese", "la sua azienda", "the company"
    noun_class = data["class_nouns"].get(lower) or data["class_nouns"].get(_lemma(token))
    indefinite = set(data.get("indefinite_articles", ()))
    has_det = any(dep(c) in ("det", "det:poss", "poss") for c in token.children) and not any(
        c.lower_ in indefinite or "Ind" in c.morph.get("Definite") for c in token.children if dep(c) == "det")
    if noun_class and has_det and token.pos_ in ("NOUN", "PROPN"):
        role = data["role_nouns"].get(lower) or data["role_nouns"].get(_lemma(token))
        if noun_class == "Person" and role:
            holder = _role_holder(ctx, role, token)
            if holder:
                return holder, True
        for m in ctx.index.before(token.idx, {noun_class}):
            if _compatible(m.label, classes):
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
    if token.pos_ in ("PROPN", "X") and (token.is_title or token.is_upper) and token.is_alpha:
        candidates = classes & _ENTITY_CLASSES
        if len(candidates) == 1:
            span = _name_span(token)
            m = ctx.index.add(span, next(iter(candidates)), "context")
            if m is not None:
                return m, True
    return None, False


_CONFUSABLE = {"Person", "Organization", "Place", "Product"}


def _compatible(label: str, classes: frozenset[str]) -> bool:
    """Whether a mention labelled ``label`` may fill a slot of ``classes``.

    Statistical NER often confuses people, organisations and places (a company
    tagged as a place); those labels stay candidates here and resolution's class
    votes, which count what the relation requires, settle the type.
    """
    if not classes or label in classes:
        return True
    return label in _CONFUSABLE and bool(classes & _CONFUSABLE)


def _named_holder(ctx: _Context, token: Token) -> Mention | None:
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


def _role_holder(ctx: _Context, role: str, token: Token) -> Mention | None:
    """The person already known to hold ``role`` ("il CEO" → the CEO found earlier)."""
    holders = [f.subject for f in ctx.facts if f.predicate == role and f.subject.end <= token.idx]
    return holders[-1] if holders else None


def _arguments(ctx: _Context, tokens, classes: frozenset[str]) -> list[tuple[Mention, bool]]:
    out = []
    for token in tokens:
        for t in conjuncts(token):
            m, inferred = _resolve_argument(ctx, t, classes)
            if m is not None and _compatible(m.label, classes) and all(m != o for o, _ in out):
                out.append((m, inferred))
    return out


def _topic_subject(ctx: _Context, token: Token, classes: frozenset[str]) -> Mention | None:
    """For a clause without a subject (Italian pro-drop): the discourse topic.

    That is the subject of the nearest main clause before ``token`` (its own
    sentence first), else the nearest mention of a fitting class.
    """
    sent = token.sent
    sentences = [s for s in token.doc.sents if s.start < sent.start][::-1]
    for s in [sent, *sentences[:3]]:
        root = s.root
        if root.i >= token.i and s is sent:
            continue
        subjects, _ = clause_subjects(root)
        for m, _ in _arguments(ctx, subjects, classes):
            if m.end <= token.idx and m.label in classes:
                return m
    nearest = ctx.index.before(token.idx, set(classes))
    return nearest[0] if nearest else None


# ---------------------------------------------------------------- modality


def _negated(ctx: _Context, chain: list[Token]) -> bool:
    negation = set(ctx.data["negation"])
    for v in chain:
        for child in v.children:
            if dep(child) in ("neg", "advmod") and child.lower_ in negation:
                return True
    return False


def _modality(ctx: _Context, chain: list[Token]) -> str | None:
    data = ctx.data
    hedges = set(data["hedge_lemmas"])
    future = set(data["future_markers"])
    verb = chain[0]
    for v in chain:
        if v is not verb and _lemma(v) in hedges:
            return "hedged"
        for child in v.children:
            if dep(child) in ("aux", "aux:pass") and (_lemma(child) in hedges or child.lower_ in hedges):
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


def _signature(predicate: str) -> tuple[frozenset[str], frozenset[str]]:
    rel = ontology_relations()[predicate]
    return rel.domain, rel.range


def _emit(ctx: _Context, subject: Mention, predicate: str, obj, sent: Span, extractor: str, *,
          inferred: bool = False, modality: str | None = None, amount: Quantity | None = None) -> None:
    if isinstance(obj, Mention) and obj == subject:
        return
    confidence = CONFIDENCE[extractor] - (_INFERRED_PENALTY if inferred else 0.0)
    date = _sentence_date(ctx, sent)
    fact = Fact(subject, predicate, obj, sent.start_char, sent.end_char, round(confidence, 2), extractor,
                modality=modality, amount=amount, date=date)
    if fact not in ctx.facts:
        ctx.facts.append(fact)


def _sentence_date(ctx: _Context, sent: Span) -> str | None:
    for ent in sent.ents:
        if ent.label_ == "DATE":
            return ent.text
    return None


def _quantities_in(ctx: _Context, tokens) -> list[Quantity]:
    out = []
    for token in tokens:
        for q in ctx.quantities:
            if q.start <= token.idx < q.end and q not in out:
                out.append(q)
    return out


def _money_near(ctx: _Context, verb: Token) -> Quantity | None:
    """A money amount in the verb's own arguments ("paga ... 25 milioni di dollari")."""
    for child in verb.children:
        if child.pos_ in ("VERB", "AUX") or dep(child) in ("conj", "advcl", "ccomp", "xcomp", "parataxis"):
            continue
        for q in _quantities_in(ctx, child.subtree):
            if q.unit is None:
                return q
    return None


# ---------------------------------------------------------------- rule families


def _verb_rules(ctx: _Context) -> None:
    verbs = ctx.data["relation_verbs"]
    for token in ctx.doc:
        if token.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        spec = _lookup(verbs, token, ctx.data.get("verb_suffixes", ()))
        if spec is None or (token.pos_ == "NOUN" and dep(token) != "ROOT"):
            continue
        if spec.get("requires") and not any(t.lower_ in spec["requires"] for t in token.children):
            continue
        predicate = spec["relation"]
        domain, range_ = _signature(predicate)
        if spec.get("object_class"):
            range_ = frozenset({spec["object_class"]})
        if spec.get("subject_class"):
            domain = frozenset({spec["subject_class"]})
        chain = governing_chain(token)
        if _negated(ctx, chain):
            continue
        subjects, passive = clause_subjects(token)
        if not subjects and dep(token) in ("acl", "amod") and (
                "Part" in token.morph.get("VerbForm") or token.tag_ == "VBN"):
            # "a browser developed by Microsoft", "un modello sviluppato da Meta"
            subjects, passive = [token.head], True
        if passive:
            objects_tokens = subjects
            agent_tokens = list(prep_objects(token, {"da", "dal", "dalla", "dai", "dagli", "by"}))
            agent_tokens += [g for c in token.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
            subject_tokens = agent_tokens
            if spec.get("passive_subject"):
                subject_tokens, objects_tokens = subjects, list(dependents(token, spec["object"]))
        else:
            subject_tokens = subjects
            objects_tokens = list(dependents(token, spec["object"]))
        if not objects_tokens:
            # "invest $80 billion in OpenAI": the preposition hangs on the amount
            prep_specs = [x for x in spec["object"] if ":" in x]
            for child in token.children:
                if dep(child) in ("obj", "dobj") and _quantities_in(ctx, [child]):
                    objects_tokens += list(dependents(child, prep_specs))
        subject_args = _arguments(ctx, subject_tokens, domain)
        finite = "Fin" in token.morph.get("VerbForm") or any(dep(c) in ("aux", "aux:pass") for c in token.children)
        if not subject_args and not subject_tokens and ctx.lang == "it" and finite and dep(token) not in ("xcomp", "acl", "amod"):
            topic = _topic_subject(ctx, token, domain)
            if topic is not None:
                subject_args = [(topic, True)]
        object_args = _arguments(ctx, objects_tokens, range_)
        if not subject_args or not object_args:
            continue
        modality = _modality(ctx, chain)
        amount = _money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subject_args:
            for obj, o_inf in object_args:
                if spec.get("inverse"):
                    subj, obj = obj, subj
                _emit(ctx, subj, predicate, obj, token.sent, "dep.verb", inferred=s_inf or o_inf,
                      modality=modality, amount=amount)


def _role_phrases(ctx: _Context):
    """(head token, relation) for each role noun phrase ("amministratore delegato")."""
    roles = ctx.data["role_nouns"]
    longest = max((len(k.split()) for k in roles), default=1)
    doc = ctx.doc
    i = 0
    while i < len(doc):
        matched = False
        for n in range(longest, 0, -1):
            if i + n > len(doc):
                continue
            span = doc[i : i + n]
            key = " ".join(t.lower_ for t in span).replace(" - ", "-")
            if n == 1:
                key2 = _lemma(span[0])
                rel = roles.get(key) or roles.get(key2)
            else:
                rel = roles.get(key)
            if rel and all(t.pos_ in ("NOUN", "PROPN", "ADJ", "X") or t.text == "-" for t in span):
                head = span.root
                yield head, span, rel
                i += n
                matched = True
                break
        if not matched:
            i += 1


def _role_rules(ctx: _Context) -> None:
    for head, span, predicate in _role_phrases(ctx):
        domain, range_ = _signature(predicate)
        if head.i in ctx.index.by_token:
            continue
        preps = set(ctx.data["role_prepositions"])
        org_tokens = [t for tok in span for t in prep_objects(tok, preps)]
        org_tokens += [c for tok in span for c in tok.children if dep(c) in ("poss", "nmod:poss", "compound") and c.i not in range(span.start, span.end)]
        org_tokens += [c for c in head.children if dep(c) == "nmod" and c not in org_tokens and not ({w.lower_ for w in c.children if dep(w) == "case"} - preps)]
        orgs = _arguments(ctx, org_tokens, range_)
        if not orgs:
            continue
        persons: list[tuple[Mention, bool]] = []
        # a coordinated role ("a member of X and professor at Y") shares the first one's holder;
        # climb the coordination, even when the parser hung it on a name inside the first role
        anchor = head
        for _ in range(6):
            roles = ctx.data["role_nouns"]
            if (dep(anchor) == "conj" or anchor.pos_ == "ADP" or (anchor is not head and ctx.index.of(anchor))
                    or (dep(anchor) == "appos" and (anchor.head.lower_ in roles or _lemma(anchor.head) in roles))):
                anchor = anchor.head
            else:
                break
        # "si è dimesso dalla carica di presidente di X": the role hangs on a position noun
        positions = set(ctx.data.get("position_nouns", ()))
        if anchor.head is not anchor and (anchor.head.lower_ in positions or _lemma(anchor.head) in positions):
            anchor = anchor.head
        # "Mark Zuckerberg, CEO di Meta" (appos or nmod), "Meta CEO Mark Zuckerberg" (compound)
        holder = ctx.index.of(anchor.head) if anchor.head is not anchor else None
        if holder is not None and _compatible(holder.label, domain) and dep(anchor) in ("appos", "nmod", "compound", "flat", "flat:name", "acl", "amod", "npadvmod"):
            persons.append((holder, False))
        # "il CEO di Meta, Zuckerberg", "chief executive Mark Zuckerberg"
        for child in head.children:
            if dep(child) in ("appos", "flat", "flat:name", "nmod", "compound") and child not in org_tokens:
                m = ctx.index.of(child)
                if m is not None and _compatible(m.label, domain) and all(m != p for p, _ in persons):
                    persons.append((m, False))
        # "il governatore della Banca d'Italia Antonio Fazio": the name hangs on the role or its organisation
        if not persons:
            org_heads = [t for o, _ in orgs for t in head.doc[slice(*ctx.index.spans[o])]] if orgs else []
            for base in [head, *org_heads]:
                for child in base.children:
                    if child.i <= base.i or any(dep(g) == "case" for g in child.children):
                        continue
                    if dep(child) in ("nmod", "flat", "flat:name", "appos", "compound", "nsubj"):
                        m = ctx.index.of(child)
                        if m is not None and m.label == "Person" and all(m != o for o, _ in orgs):
                            persons.append((m, False))
        # "X è l'amministratore delegato di Y"
        if any(dep(c) == "cop" for c in anchor.children) or _lemma(anchor.head) in ("be", "essere", "become", "diventare", "restare", "remain"):
            base = anchor if any(dep(c) == "cop" for c in anchor.children) else anchor.head
            subjects = [c for c in base.children if dep(c) in ("nsubj", "nsubj:pass")]
            for subj in subjects:
                for m, inf in _arguments(ctx, [subj], domain):
                    if all(m != p for p, _ in persons):
                        persons.append((m, inf))
            if not subjects and ctx.lang == "it" and dep(base) == "root":
                # "Dal 1991 è stato direttore generale del Tesoro": the subject is the topic
                topic = _topic_subject(ctx, base, frozenset({"Person"}))
                if topic is not None:
                    persons.append((topic, True))
        extractor = "dep.role"
        if not persons:
            # "Mark Zuckerberg, CEO di Meta," with the role noun attached elsewhere
            doc = head.doc
            if span.start >= 2 and doc[span.start - 1].text == ",":
                left = ctx.index.of(doc[span.start - 2])
                if left is not None and _compatible(left.label, domain):
                    persons.append((left, False))
                    extractor = "surface.appos"
        if not persons:
            # "X served as President of Y", "X was elected president of Y", "X è stato nominato presidente di Y"
            verb = anchor.head
            via_as = verb.pos_ == "ADP" and verb.lower_ in ("as", "come", "quale")
            via_as = via_as or any(dep(c) in ("case", "mark") and c.lower_ in ("as", "come", "quale") for c in anchor.children)
            if verb.pos_ == "ADP":
                verb = verb.head
            predicative = via_as or _lemma(verb) in set(ctx.data.get("predicative_verbs", ()))
            if predicative and verb is not anchor and verb.pos_ in ("VERB", "AUX") and dep(anchor) in (
                    "attr", "oprd", "xcomp", "dobj", "obj", "pobj", "obl", "advcl", "acomp", "nsubj:pass", "nsubjpass"):
                subjects, _ = clause_subjects(verb)
                persons.extend(a for a in _arguments(ctx, subjects, domain) if a[0] not in [o for o, _ in orgs])
        sent = head.sent
        role_class = ctx.data["class_nouns"].get(head.lower_) or ctx.data["class_nouns"].get(_lemma(head))
        if role_class == "Person" or domain == {"Person"}:
            # the holder of a person's role is a person, whatever the NER said
            persons = [(ctx.index.relabel(p, "Person") if p.label in _CONFUSABLE else p, inf) for p, inf in persons]
        for person, inferred in persons:
            for org, o_inf in orgs:
                if _compatible(org.label, range_) and _compatible(person.label, domain):
                    _emit(ctx, person, predicate, org, sent, extractor, inferred=inferred or o_inf)


def _literal_trigger(ctx: _Context, tokens) -> tuple[str, Token] | None:
    nouns = ctx.data["literal_nouns"]
    for t in tokens:
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is not None and f"{t.lower_} {nxt.lower_}" in nouns:
            return nouns[f"{t.lower_} {nxt.lower_}"], t
        if t.pos_ == "NOUN" and (t.lower_ in nouns or _lemma(t) in nouns):
            return nouns.get(t.lower_) or nouns[_lemma(t)], t
    return None


def _clause_subject_of(ctx: _Context, token: Token, classes: frozenset[str]) -> tuple[Mention | None, bool]:
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or dep(current) == "ROOT":
            subjects, _ = clause_subjects(current)
            args = _arguments(ctx, subjects, classes)
            if args:
                return args[0]
            if dep(current) == "ROOT" or current.head is current:
                break
        current = current.head
    m = _topic_subject(ctx, token, classes)
    return m, True


def _literal_rules(ctx: _Context) -> None:
    last_currency = None
    verbs = ctx.data["literal_verbs"]
    for q in ctx.quantities:
        if q.currency:
            last_currency = q.currency
        if q.unit == "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        own = [c for c in root.children if dep(c) != "conj"]
        neighbourhood = [*own, *(g for c in own for g in c.children if dep(g) != "conj"), root.head,
                         *(c for c in root.head.children if dep(c) != "conj" and c is not root), root.head.head]
        # the nearest trigger in the text wins among the syntactic neighbours
        neighbourhood = sorted({t.i: t for t in neighbourhood if t.i not in range(span.start, span.end)}.values(),
                               key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end + 1)))
        trigger = _literal_trigger(ctx, neighbourhood)
        predicate = None
        anchor = root
        if trigger:
            predicate, anchor = trigger
        else:
            verb = root.head if dep(root) in ("obj", "dobj", "obl", "npadvmod", "attr") else (root.head if root.head.pos_ == "VERB" else None)
            if dep(root) in ("nsubj",) and root.head.pos_ == "VERB":
                verb = None
            # "60 miliardi che spenderà": the money heads a relative clause
            for child in root.children:
                if dep(child) in ("acl:relcl", "relcl") and _lemma(child) in verbs:
                    verb = child
            if verb is not None and _lemma(verb) in verbs:
                predicate, anchor = verbs[_lemma(verb)], verb
        if predicate is None:
            continue
        domain, _ = _signature(predicate)
        subject = None
        inferred = False
        for child in anchor.children:
            for m, inf in _arguments(ctx, [child], domain) if dep(child) in ("nmod", "poss", "nmod:poss", "compound") else []:
                subject, inferred = m, inf
                break
        if subject is None:
            subject, inferred = _clause_subject_of(ctx, anchor, domain)
        if subject is None:
            continue
        currency = q.currency or last_currency
        value = Quantity(q.start, q.end, q.text, q.value, currency, q.unit)
        chain = governing_chain(anchor) if anchor.pos_ in ("VERB", "AUX") else [anchor.head]
        if _negated(ctx, chain):
            continue
        _emit(ctx, subject, predicate, value, anchor.sent, "dep.literal", inferred=inferred,
              modality=_modality(ctx, chain) if anchor.pos_ in ("VERB", "AUX") else None)


def _stock_rules(ctx: _Context) -> None:
    changes = ctx.data["stock_change_words"]
    stock_nouns = set(ctx.data["stock_nouns"])
    domain, _ = _signature("stockChange")
    for q in ctx.quantities:
        if q.unit != "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        candidates = [root.head, root.head.head, *root.head.children]
        change = next((t for t in candidates if _lemma(t) in changes or t.lower_ in changes), None)
        if change is None:
            continue
        sign = changes.get(_lemma(change), changes.get(change.lower_))
        stock = None
        for t in [*change.children, *(c for c in change.children for c in c.children), change.head]:
            if t.lower_ in stock_nouns or _lemma(t) in stock_nouns:
                stock = t
                break
        if stock is None:
            continue
        org = None
        for t in stock.children:
            if dep(t) in ("nmod", "compound", "poss", "nmod:poss", "prep"):
                args = _arguments(ctx, [t] if dep(t) != "prep" else list(t.children), domain)
                if args:
                    org = args[0][0]
                    break
        inferred = False
        if org is None:
            # "il titolo ha guadagnato il 5%": the company is the one the text is about
            org, inferred = _topic_subject(ctx, stock, domain), True
        if org is None:
            continue
        value = Quantity(q.start, q.end, q.text, q.value * Decimal(sign), None, "percent")
        _emit(ctx, org, "stockChange", value, change.sent, "dep.stock", inferred=inferred)


def _in_place_list(ctx: _Context, first: Mention) -> bool:
    """Whether ``first`` starts a comma chain of places that ends in a coordination.

    "Colombia, Bolivia, Ecuador and Peru" is a list, not "city, region".
    """
    doc = ctx.doc
    coordinators = {"and", "or", "e", "ed", "o", "nor", "né"}
    current = first
    while True:
        end = ctx.index.spans[current][1]
        if end >= len(doc):
            return False
        token = doc[end]
        if token.text == "," and end + 1 < len(doc) and doc[end + 1].lower_ in coordinators:
            return True
        if token.lower_ in coordinators:
            return True
        nxt = ctx.index.of(doc[end + 1]) if token.text == "," and end + 1 < len(doc) else None
        if nxt is None or nxt.label != "Place" or ctx.index.spans[nxt][0] != end + 1:
            return False
        current = nxt


def _affiliation_rules(ctx: _Context) -> None:
    doc = ctx.doc
    preps = ctx.data.get("affiliation_prepositions", {})
    for m in list(ctx.index.mentions):
        start, end = ctx.index.spans[m]
        if m.label == "Place" and end + 1 < len(doc) and doc[end].text == ",":
            right = ctx.index.of(doc[end + 1])
            if right is not None and right.label == "Place" and ctx.index.spans[right][0] == end + 1 \
                    and not _in_place_list(ctx, m):
                _emit(ctx, m, "locatedIn", right, doc[start].sent, "surface.place_pair")
        if m.label != "Person":
            continue
        root = doc[start:end].root
        for prep, predicate in preps.items():
            for org, inferred in _arguments(ctx, list(prep_objects(root, {prep})), frozenset({"Organization"})):
                if org.label == "Organization":
                    _emit(ctx, m, predicate, org, doc[start].sent, "dep.affiliation", inferred=inferred)
        if end + 2 < len(doc) and doc[end].text == "(":
            org = ctx.index.of(doc[end + 1])
            party_words = set(ctx.data.get("party_words", ()))
            if org is not None and org.label == "Organization" and party_words & set(org.text.lower().split()):
                o_start, o_end = ctx.index.spans[org]
                if o_start == end + 1 and o_end < len(doc) and doc[o_end].text == ")":
                    _emit(ctx, m, "memberOf", org, doc[start].sent, "surface.paren")


def _noun_rules(ctx: _Context) -> None:
    nouns = ctx.data.get("relation_nouns", {})
    for token in ctx.doc:
        if token.pos_ not in ("NOUN", "PROPN") or ctx.index.of(token) is not None:
            continue
        spec = nouns.get(token.lower_) or nouns.get(_lemma(token))
        if spec is None:
            continue
        predicate = spec["relation"]
        domain, range_ = _signature(predicate)
        objects = _arguments(ctx, list(prep_objects(token, set(spec["object"]))), range_)
        if not objects:
            continue
        agent_tokens = list(prep_objects(token, set(spec.get("agent", ()))))
        # "da parte di X": the agent hangs on "parte"
        agent_tokens += [g for t in agent_tokens if t.lower_ == "parte" for g in prep_objects(t, {"di", "del", "della", "dell'"})]
        agent_tokens += [c for c in token.children if dep(c) in ("poss", "nmod:poss")]
        subjects = [a for a in _arguments(ctx, agent_tokens, domain) if a[0] not in [o for o, _ in objects]]
        inferred = False
        if not subjects:
            # "Google ha dato vita ad una partnership con la BBC": the clause's subject
            subject, inferred = _clause_subject_of(ctx, token, domain)
            subjects = [(subject, inferred)] if subject is not None else []
        chain = governing_chain(token.head) if token.head.pos_ in ("VERB", "AUX") else [token]
        if _negated(ctx, chain):
            continue
        amount = _money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subjects:
            for obj, o_inf in objects:
                if subj is not None and subj != obj:
                    _emit(ctx, subj, predicate, obj, token.sent, "dep.noun", inferred=s_inf or o_inf, amount=amount,
                          modality=_modality(ctx, chain) if token.head.pos_ in ("VERB", "AUX") else None)


def _location_rules(ctx: _Context) -> None:
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
            place_tokens += [t for t in token.doc[max(token.i - 3, 0):token.i] if t.head is token]
            place_tokens += list(prep_objects(token, in_preps))
            for place, p_inf in _arguments(ctx, place_tokens, places):
                for org, o_inf in _arguments(ctx, [token.head], orgs):
                    _emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        elif (lower in hq_nouns or _lemma(token) in hq_nouns) and token.pos_ == "NOUN":
            place_args = _arguments(ctx, list(prep_objects(token, in_preps)), places)
            owners = [c for c in token.children if dep(c) in ("poss", "nmod:poss", "det:poss")]
            org_args = _arguments(ctx, [token.head] if token.head is not token else [], orgs) or _arguments(ctx, owners, orgs)
            for place, p_inf in place_args:
                for org, o_inf in org_args:
                    _emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        mention = ctx.index.of(token)
        if mention is None or token.i != ctx.index.spans[mention][0] + 0 and ctx.index.of(token.head) is mention:
            continue
        if mention.label not in ("Place", "Organization"):
            continue
        root = token
        if ctx.index.of(root.head) is mention:
            continue
        # "St. Louis, Missouri": a place in apposition to a place
        for child in root.children:
            target = ctx.index.of(child)
            if target is None or target is mention:
                continue
            if dep(child) == "appos" and mention.label == "Place" and target.label == "Place":
                _emit(ctx, mention, "locatedIn", target, token.sent, "dep.location")
        # "Saint Louis University in St. Louis"
        for place, inferred in _arguments(ctx, list(prep_objects(root, {"in"})), places):
            if place is not mention:
                _emit(ctx, mention, "locatedIn", place, token.sent, "dep.location", inferred=inferred)


_QUOTE = re.compile(r"«([^«»]+)»|“([^“”]+)[”“]|\"([^\"]+)\"")


def _quote_rules(ctx: _Context) -> None:
    data = ctx.data
    speech = set(data["speech_verbs"])
    min_words = int(data.get("quote_min_words", 4))
    doc = ctx.doc
    for m in _QUOTE.finditer(doc.text):
        group = next(i for i in (1, 2, 3) if m.group(i) is not None)
        text = m.group(group).strip()
        if len(text.split()) < min_words:
            continue
        start, end = m.start(group), m.end(group)
        first = doc.char_span(m.start(), m.start() + 1, alignment_mode="expand")
        last = doc.char_span(m.end() - 1, m.end(), alignment_mode="expand")
        if first is None or last is None:
            continue
        sents = {first[0].sent, last[-1].sent}
        speaker = None
        inferred = False
        for sent in sorted(sents, key=lambda s: s.start):
            for token in sent:
                if m.start() <= token.idx < m.end():
                    continue
                if token.pos_ in ("VERB", "AUX") and _lemma(token) in speech and not any(
                        dep(c) in ("obj", "dobj") and c.pos_ in ("NOUN", "NUM", "PROPN") for c in token.children):
                    subjects, _ = clause_subjects(token)
                    args = _arguments(ctx, subjects, frozenset({"Person", "Organization"}))
                    if args:
                        speaker, inferred = args[0]
                    elif not subjects:
                        speaker = (_topic_subject(ctx, token, frozenset({"Person"}))
                                   or _topic_subject(ctx, token, frozenset({"Organization"})))
                        inferred = True
                    if speaker:
                        break
                if token.lower_ in data.get("speech_prepositions", ()):
                    objs = [t for t in token.subtree if ctx.index.of(t) and ctx.index.of(t).label in ("Person", "Organization")]
                    if objs:
                        speaker = ctx.index.of(objs[0])
                        break
            if speaker:
                break
        if speaker is None:
            # "Berlusconi sfiducia Fazio: «...»": the subject of the clause before the colon
            before = doc.text[: m.start()].rstrip()
            if before.endswith(":"):
                colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
                if colon is not None:
                    subjects, _ = clause_subjects(colon[0].head)
                    args = _arguments(ctx, subjects, frozenset({"Person", "Organization"}))
                    if args:
                        speaker, inferred = args[0]
                        sents = sents | {colon[0].sent}
        if speaker is None:
            continue
        sent_start = min(s.start_char for s in sents)
        sent_end = max(s.end_char for s in sents)
        fact = Fact(speaker, "says", Quote(start, end, text), sent_start, sent_end,
                    round(CONFIDENCE["quote"] - (_INFERRED_PENALTY if inferred else 0), 2), "quote")
        if fact not in ctx.facts:
            ctx.facts.append(fact)


def extract_facts(doc: Doc, lang: str, index: MentionIndex, quantities: list[Quantity]) -> list[Fact]:
    """Run every rule family over a parsed document."""
    ctx = _Context(doc, lang, language_data(lang), index, quantities, [])
    _role_rules(ctx)
    _verb_rules(ctx)
    _literal_rules(ctx)
    _stock_rules(ctx)
    _noun_rules(ctx)
    _location_rules(ctx)
    _affiliation_rules(ctx)
    _quote_rules(ctx)
    return ctx.facts
