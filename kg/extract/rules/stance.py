"""``dep.stance`` and ``quote.stance``: who criticizes or praises whom.

Only explicit stance counts: an accusation, a complaint, a protest or praise by
an identifiable speaker or body. The bare fact of a fine or a lawsuit is not
criticism. The words are the language's ``stance_words`` table; each says
which stance it carries and where its target is.

``dep.stance``
    A verb of criticism or praise in running text: "accusa le due compagnie
    di …", "Apple hit back at the commission", "protesta contro X", "alleging
    the retailer illegally wields …" (the target is the subject of the
    clause), "ha espresso soddisfazione per l'investimento che Microsoft ha
    annunciato" (a light verb with a stance noun: the target is whose the
    thing is). The critic is found like a speaker (post-verbal subjects,
    "analysts at X", the topic for a dropped subject); the target may be a
    name, "the commission" for the European Commission named before, "le due
    compagnie" for the last two companies named, or the holder of an act
    ("la decisione dell'Antitrust" → the Antitrust).
``quote.stance``
    An evaluative word in what a speaker says, quoted or reported: «Google è
    un monopolista» (the subject), "the Commission's failure to …" (the
    holder), "I have greatly admired him" (the object), "Mehta ha affermato
    che Google ha abusato …". A negation turns praise into criticism and
    cancels criticism. Speakers do not praise or criticize themselves or their
    own organisation.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...types import Mention
from ..context import (
    Context,
    emit,
    lookup,
    modality_of,
    negated,
    resolve_argument,
)
from ..speakers import (
    SPEAKER_CLASSES,
    Speakers,
    current,
    is_speech_verb,
    resolve_speaker,
    speaker_of_verb,
)
from ..syntax import (
    OBJ,
    SUBJ,
    clause_subjects,
    conjuncts,
    dep,
    governing_chain,
    is_relative_pronoun,
    prep_objects,
)
from .quotes import quotations_with_speakers

__all__ = ["stance_rules"]

PREDICATES = {"criticism": "criticizes", "praise": "praises"}
_ROLES = frozenset({"ceoOf", "presidentOf", "employeeOf", "memberOf", "founderOf", "ownerOf"})
_TARGET_CLASSES = frozenset({"Person", "Organization", "Place"})  # a country may be criticized too
_NOMINAL = frozenset({"obj", "dobj", "obl", "nmod", "pobj", "prep", "amod", "compound", "appos", "attr", "iobj", "dative"})


def _entry(ctx: Context, token: Token) -> dict | None:
    if token.pos_ in ("PUNCT", "DET", "ADP", "CCONJ", "SCONJ", "NUM", "PROPN", "PRON"):
        return None
    entry = lookup(ctx.data["stance_words"], token, ctx.data.get("verb_suffixes", ()) if token.pos_ == "VERB" else ())
    if entry is None or (entry.get("requires") and not any(c.lower_ in entry["requires"] for c in token.children)):
        return None
    return entry


def _first_person(token: Token) -> bool:
    return "1" in token.morph.get("Person") or token.lower_ in ("we", "i", "us", "me", "our", "noi", "io", "ci", "mi")


# ---------------------------------------------------------------- targets


def _holder_tokens(ctx: Context, noun: Token) -> list[Token]:
    """Whose thing a noun is: "Alphabet's strategy", "la decisione dell'Antitrust", "l'investimento che Microsoft ha annunciato"."""
    possessive = set(ctx.data.get("possessive_prepositions", ()))
    out = []
    for child in noun.children:
        d = dep(child)
        if d in ("poss", "nmod:poss"):
            out.append(child)
        elif d == "compound" and child.i < noun.i and child.pos_ == "PROPN":
            m = ctx.index.of(child)  # "a Google decision", not "an AI researcher"
            if m is not None and m.label in ("Person", "Organization"):
                out.append(child)
        elif d == "prep" and child.lower_ in possessive:
            out += [g for g in child.children if dep(g) == "pobj"]
        elif d == "nmod" and {c.lower_ for c in child.children if dep(c) == "case"} & possessive:
            out.append(child)
        elif d in ("acl:relcl", "relcl"):
            out += [s for s in clause_subjects(child)[0] if not is_relative_pronoun(s) and s != noun]
        elif d in ("acl", "amod") and child.pos_ == "VERB":
            # "l'accordo raggiunto da Enel", "the plan announced by X"
            out += list(prep_objects(child, {"da", "dal", "dalla", "by"}))
            out += [g for c in child.children if dep(c) in ("obl:agent", "agent") for g in ([c] if c.pos_ != "ADP" else c.children)]
    if not out:
        # "l'investimento «che Microsoft ha annunciato»" with the relative clause hung elsewhere
        doc, i = noun.doc, noun.i + 1
        while i < len(doc) and doc[i].is_punct and doc[i].text not in (",", ";", "."):
            i += 1
        relative = i + 1 < len(doc) and (is_relative_pronoun(doc[i]) or doc[i].lower_ in ("che", "that"))
        if relative and ctx.index.of(doc[i + 1]) is not None:
            out.append(doc[i + 1])
    return out


def _predicated_of(ctx: Context, token: Token) -> list[Token]:
    """Who a word is said of: the subject of its clause, or the holder of the noun it qualifies."""
    t = token
    while t.pos_ == "ADV" and t.head != t:  # "did it impeccably well"
        t = t.head
    if dep(t) in ("acomp", "oprd") and t.head.pos_ in ("AUX", "VERB"):
        t = t.head  # "X is unfair": the copula heads the clause
    if t.pos_ == "ADJ" and dep(t) == "amod":
        noun = t.head
        return [h for h in _holder_tokens(ctx, noun) if _mentions(ctx, h)] or _predicated_of(ctx, noun)
    if t.pos_ == "NOUN" and not any(dep(c) == "cop" for c in t.children):
        holders = [h for h in _holder_tokens(ctx, t) if _mentions(ctx, h)]
        if holders:
            return holders
        for _ in range(4):  # "a set of punitive tactics" → the verb the noun depends on
            own = [c for c in t.children if dep(c) in SUBJ]
            if own:
                return own  # a noun heading a clause (a verb the tagger took for a noun)
            if t.pos_ in ("VERB", "AUX") or t.head == t or not (dep(t) in _NOMINAL or dep(t) == "conj" and t.head.pos_ == "NOUN"):
                break
            t = t.head
    subjects, passive = clause_subjects(t)
    return [] if passive else subjects


def _reflexive(verb: Token) -> bool:
    return any(dep(c).startswith("expl") and "Prs" in c.morph.get("PronType") for c in verb.children)


def _object_tokens(ctx: Context, verb: Token, entry: dict) -> list[Token]:
    subjects, passive = clause_subjects(verb)
    if passive and not _reflexive(verb):
        return subjects
    # a verb whose target takes a preposition ("protesta contro X") has no object:
    # a bare noun after it is its subject ("Protesta la società")
    found = [] if entry.get("prep") and "requires" not in entry else [c for c in verb.children if dep(c) in OBJ]
    found += list(prep_objects(verb, set(entry.get("prep", ()))))
    if not found:
        # "hit back at X": the preposition hung on the particle
        for child in verb.children:
            if child.lower_ in entry.get("requires", ()):
                found += list(prep_objects(child, set(entry.get("prep", ()))))
    if not found and not entry.get("prep"):
        # "sfiducia esplicitamente Antonio Fazio: «…»" with the name hung inside the quotation
        for token in verb.doc[verb.i + 1: verb.sent.end]:
            if token.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "SCONJ", "CCONJ"):
                break
            if ctx.index.of(token) is not None:
                found.append(token)
                break
    return found


def _clause_tokens(verb: Token) -> list[Token]:
    """Subjects of the clause a verb introduces ("alleging the retailer illegally wields …")."""
    out = []
    for child in verb.children:
        if dep(child) in ("ccomp", "xcomp", "advcl") or (dep(child) == "conj" and child.pos_ == "VERB"):
            for s in clause_subjects(child)[0]:
                if is_relative_pronoun(s) and dep(verb) in ("acl:relcl", "relcl"):
                    s = verb.head  # "practices that the FTC contends block …"
                out.append(s)
    return out


def _mentions(ctx: Context, token: Token, depth: int = 0) -> list[Mention]:
    """The people or organisations a target phrase names."""
    if depth > 2 or _first_person(token):
        return []
    m = ctx.index.of(token)
    if m is not None:
        if m.label in _TARGET_CLASSES:
            return [_fuller(ctx, m)]
        # a surname the model mistyped ("Yaccarino" as a nationality): the person named in full before
        full = next((x for x in ctx.index.before(m.start, {"Person"}) if x.text.split()[-1] == m.text), None)
        return [full] if full is not None else []
    pronouns = ctx.data.get("pronouns", {})
    lemma = (token.lemma_ or token.text).lower()
    if token.pos_ == "PRON" and (token.lower_ in pronouns or lemma in pronouns):
        cls = pronouns.get(token.lower_, pronouns.get(lemma))
        near = [x for x in ctx.index.before(token.idx, {cls} if cls else set(_TARGET_CLASSES))
                if x.start >= token.sent.start_char - 400]
        return [_fuller(ctx, near[0])] if near else []
    if token.pos_ == "NOUN":
        counted = _counted(ctx, token)
        if counted:
            return counted
        definite = any(dep(c) in ("det", "det:poss", "poss") for c in token.children)
        named = _named_like(ctx, token) if definite else None
        if named is not None:
            return [named]
        cls = ctx.data["class_nouns"].get(token.lower_) or ctx.data["class_nouns"].get(lemma)
        if cls in _TARGET_CLASSES:
            # "la società (di Cupertino)": the company named last, not the place or person its complement names
            near = ctx.index.before(token.idx, {cls}) if definite else []
            return [near[0]] if near and near[0].start >= token.sent.start_char - 400 else []
    m, _ = resolve_argument(ctx, token, _TARGET_CLASSES)
    if m is not None and m.label in _TARGET_CLASSES:
        return [m]
    if token.pos_ == "NOUN":
        return [x for h in _holder_tokens(ctx, token) for x in _mentions(ctx, h, depth + 1)]
    return []


def _fuller(ctx: Context, m: Mention) -> Mention:
    """The fuller name named before for a short one: "Commission" → "European Commission", "Alphabet’s" → "Alphabet Inc."."""
    text = m.text
    for suffix in ("’s", "'s"):
        text = text.removesuffix(suffix)
    words = text.split()
    # a short name may carry the other of the two classes NER confuses most (person / organisation)
    classes = {"Person", "Organization"} if m.label in ("Person", "Organization") else {m.label}
    for other in ctx.index.before(m.start, classes):
        other_words = other.text.split()
        if len(other_words) > len(words) and (other_words[: len(words)] == words or other_words[-len(words):] == words):
            return other
    return m


def _named_like(ctx: Context, token: Token) -> Mention | None:
    """"the commission" for the European Commission named a few sentences before."""
    words = {token.lower_, (token.lemma_ or token.text).lower()}
    for m in ctx.index.before(token.idx, set(_TARGET_CLASSES))[:12]:
        if words & set(m.text.lower().split()):
            return m
    return None


def _counted(ctx: Context, noun: Token) -> list[Mention]:
    """"le due compagnie", "the two companies": the last organisations (or people) named."""
    numbers = ctx.data["number_words"]
    count = None
    for child in noun.children:
        if dep(child) in ("nummod", "det", "amod") and (child.lower_ in numbers or child.lower_.isdigit()):
            count = int(numbers.get(child.lower_, child.lower_))
    cls = ctx.data["class_nouns"].get(noun.lower_) or ctx.data["class_nouns"].get((noun.lemma_ or "").lower())
    if count is None or count < 2 or cls not in _TARGET_CLASSES:
        return []
    seen: list[Mention] = []
    for m in ctx.index.before(noun.idx, {cls}):
        if m.text not in [s.text for s in seen]:
            seen.append(m)
        if len(seen) == count:
            return seen
    return []


def _targets(ctx: Context, tokens: list[Token]) -> list[Mention]:
    out: list[Mention] = []
    for token in tokens:
        for t in conjuncts(token):
            for m in _mentions(ctx, t):
                if m not in out:
                    out.append(m)
    return out


def _own(ctx: Context, speaker: Mention, target: Mention) -> bool:
    """Whether the target is the speaker or the speaker's own organisation."""
    if target == speaker or _fuller(ctx, target).text == _fuller(ctx, speaker).text:
        return True
    names = {target.text, _fuller(ctx, target).text}
    return any(f.predicate in _ROLES and f.subject.text == speaker.text and getattr(f.object, "text", None) in names
               for f in ctx.facts)


# ---------------------------------------------------------------- the two rules


def _verb_stance(ctx: Context, speakers: Speakers) -> None:
    for token in ctx.doc:
        if token.pos_ != "VERB" or speakers.inside_quote(token.idx):
            continue
        entry = _entry(ctx, token)
        if entry is None or entry["target"] not in ("object", "clause"):
            continue
        chain = governing_chain(token)
        if negated(ctx, chain):
            continue
        stance = entry["stance"]
        if stance == "light":
            # "ha espresso soddisfazione per X": the noun carries the stance
            nouns = [c for c in token.children if dep(c) in OBJ and _entry(ctx, c) is not None]
            if not nouns:
                continue
            noun_entry = _entry(ctx, nouns[0])
            stance = noun_entry["stance"]
            preps = set(noun_entry.get("prep", ()))
            target_tokens = list(prep_objects(nouns[0], preps)) or list(prep_objects(token, preps))
        elif entry["target"] == "object":
            target_tokens = _object_tokens(ctx, token, entry)
        else:
            # "alleging the retailer illegally wields …" parsed with the retailer as the object
            target_tokens = _clause_tokens(token) or [c for c in token.children if dep(c) in OBJ]
        target_tokens = [t for t in target_tokens if not speakers.inside_quote(t.idx)]
        targets = _targets(ctx, target_tokens)
        if not targets or stance not in PREDICATES:
            continue
        exclude = frozenset(i for t in target_tokens for i in range(t.left_edge.i, t.right_edge.i + 1))
        if _reflexive(token):
            # "si è complimentato con X": the reflexive is no passive, its subject is the critic
            critic, inferred = next(((m, i) for s in clause_subjects(token)[0]
                                     for m, i in [resolve_speaker(ctx, s, speakers, role_org=True)] if m), (None, False))
        else:
            critic, inferred = speaker_of_verb(ctx, token, speakers, exclude=exclude)
        if critic is None:
            continue
        for target in targets:
            if not _own(ctx, critic, target):
                emit(ctx, critic, PREDICATES[stance], target, token.sent, "dep.stance", inferred=inferred,
                     modality=modality_of(ctx, chain))


def _negated_word(ctx: Context, token: Token) -> bool:
    negation = set(ctx.data["negation"])
    for t in (token, token.head):
        if any(dep(c) in ("neg", "advmod") and c.lower_ in negation for c in t.children):
            return True
    return False


def _said_stance(ctx: Context, speaker: Mention, words: Span, inferred: bool) -> None:
    """Evaluative words in what ``speaker`` says (a quotation, or a clause of reported speech)."""
    for token in words:
        entry = _entry(ctx, token)
        if entry is None or entry["stance"] not in PREDICATES:
            continue
        stance = entry["stance"]
        if _negated_word(ctx, token):
            if stance == "criticism":
                continue
            stance = "criticism"  # "not consistently candid"
        if entry["target"] == "object" and token.pos_ == "VERB":
            tokens = _object_tokens(ctx, token, entry)
        elif entry["target"] == "clause":
            tokens = _clause_tokens(token)
        elif entry["target"] == "holder" and token.pos_ == "NOUN":
            tokens = _holder_tokens(ctx, token) or _predicated_of(ctx, token)
        else:
            tokens = _predicated_of(ctx, token)
        for target in _targets(ctx, tokens):
            if not _own(ctx, speaker, target):
                emit(ctx, speaker, PREDICATES[stance], target, token.sent, "quote.stance", inferred=inferred)


def _according_to(ctx: Context, speakers: Speakers):
    """(speaker, clause span) for "secondo X, …" and "according to X, …" outside quotes."""
    table = ctx.data["speech_prepositions"]
    for token in ctx.doc:
        if token.lower_ not in table or table[token.lower_] != "any" or speakers.inside_quote(token.idx):
            continue
        head = token.head if dep(token) == "case" else next(
            (g for c in token.children if dep(c) == "prep" for g in c.children if dep(g) == "pobj"), None)
        if head is None or speakers.inside_quote(head.idx) or is_relative_pronoun(head) or head.lower_ in ("cui", "which"):
            continue
        speaker, inferred = resolve_speaker(ctx, head, speakers)
        if speaker is None:
            continue
        phrase = {t.i for t in (head.subtree if dep(token) == "case" else token.subtree)} | {token.i}
        sent = token.sent
        rest = [t for t in sent if t.i not in phrase and not speakers.inside_quote(t.idx)]
        if rest:
            yield speaker, ctx.doc[rest[0].i: rest[-1].i + 1], inferred


def _reported_clauses(ctx: Context, speakers: Speakers):
    """(speaker, clause span, inferred) for each verb of saying with a clause of reported speech."""
    for verb in ctx.doc:
        if speakers.inside_quote(verb.idx) or not is_speech_verb(ctx, verb):
            continue
        clauses = [c for c in verb.children if dep(c) == "ccomp" and not speakers.inside_quote(c.idx)]
        if not clauses or negated(ctx, governing_chain(verb)):
            continue
        speaker, inferred = speaker_of_verb(ctx, verb, speakers)
        if speaker is None:
            continue
        for clause in clauses:
            yield speaker, ctx.doc[clause.left_edge.i: clause.right_edge.i + 1], inferred


def stance_rules(ctx: Context) -> None:
    found, speakers = quotations_with_speakers(ctx)
    _verb_stance(ctx, speakers)
    for speaker, start, end, inferred, _, _ in found:
        words = ctx.doc.char_span(start, end, alignment_mode="expand")
        speaker = current(ctx, speaker)
        if words is not None and speaker.label in SPEAKER_CLASSES:
            _said_stance(ctx, speaker, words, inferred)
    for speaker, words, inferred in [*_reported_clauses(ctx, speakers), *_according_to(ctx, speakers)]:
        _said_stance(ctx, speaker, words, inferred)

