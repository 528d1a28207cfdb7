"""Who is speaking: the speaker of a verb of saying, and the discourse's current speaker.

Shared by the ``quote`` family (``says``) and the stance rules (``criticizes``,
``praises`` stated in a quote). A speaker is a person or an organisation:

* the subject of a verb of saying, or its agent when the verb is passive
  ("described by Zhao as …"), or the name after the verb when the subject
  comes last ("ha dichiarato in un post Phil Spencer", "said Lou Paskalis");
* an organisation when the people speaking are not named: "analysts at
  Bernstein wrote", "un portavoce di Apple", "the board of OpenAI said"
  (the ``group`` nouns of the language's ``speaker_nouns`` table);
* the author of a document: "said a statement from Phil Spencer", "si legge
  nella nota di Palazzo Chigi" (``document`` nouns);
* the speaker already talking, for a pronoun ("he said"), a bare role ("ha
  detto la commissaria"), a definite description ("the company said") and an
  Italian verb with no subject at all ("– ha aggiunto –"): the last speaker
  a few sentences back, else the discourse topic.

Names inside quotation marks are never speakers: the organisation named in
a quote is what is talked about, not who talks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..types import Mention
from .context import Context, lemma, lookup, resolve_argument
from .mentions import name_span
from .syntax import (
    AGENT,
    PASS_SUBJ,
    SUBJ,
    case_words,
    clause_subjects,
    dep,
    is_finite,
    is_relative_pronoun,
    prep_objects,
)

__all__ = ["SPEAKER_CLASSES", "Speakers", "after_preposition", "current", "is_speech_verb", "resolve_speaker", "speaker_after_verb",
           "speaker_of_verb", "speech_kind", "topic"]

SPEAKER_CLASSES = frozenset({"Person", "Organization"})
_RECENT = 3  # sentences back that a pronoun or a dropped subject may reach
_PREPOSITIONS = ("ADP",)


@dataclass
class Speakers:
    """The document's quotations and the speakers found so far, in reading order."""

    ctx: Context
    quoted: list[tuple[int, int]]
    found: list[tuple[int, Mention]] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start_char for s in self.ctx.doc.sents]

    def inside_quote(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.quoted)

    def sentence_index(self, char: int) -> int:
        return bisect_right(self._sentence_starts, char) - 1

    def add(self, char: int, mention: Mention) -> None:
        self.found.append((char, mention))
        self.found.sort(key=lambda x: x[0])

    def last(self, char: int, classes: frozenset[str] = SPEAKER_CLASSES, *, sentences: int = _RECENT) -> Mention | None:
        """The latest speaker before ``char`` of one of ``classes``, at most ``sentences`` sentences back."""
        here = self.sentence_index(char)
        for at, mention in reversed(self.found):
            if at >= char:
                continue
            if here - self.sentence_index(at) > sentences:
                return None
            if mention.label in classes:
                return mention
        return None


def speech_kind(ctx: Context, token: Token) -> str | None:
    """The kind of verb of saying ``token`` is (``say``, ``describe``, ``document``), None for other words.

    Mis-lemmatised forms are repaired with the language's verb suffixes.
    """
    if token.pos_ not in ("VERB", "AUX"):
        return None
    return lookup(ctx.data["speech_verbs"], token, ctx.data.get("verb_suffixes", ()))


def is_speech_verb(ctx: Context, token: Token) -> bool:
    """A verb of saying of the language's ``speech_verbs`` table."""
    return speech_kind(ctx, token) is not None


def current(ctx: Context, mention: Mention) -> Mention:
    """The index's mention at the same place now (the quote rules may have given it another class)."""
    return next((m for m in ctx.index.mentions if (m.start, m.end) == (mention.start, mention.end)), mention)


def _usable(speakers: Speakers, mention: Mention | None) -> bool:
    # a place may be an organisation the model mistyped ("Palazzo Chigi"); a product never speaks
    return (mention is not None and mention.label in ("Person", "Organization", "Place")
            and not speakers.inside_quote(mention.start))


def _attached_name(ctx: Context, token: Token, speakers: Speakers, depth: int) -> Mention | None:
    """The organisation or author a speaker noun hangs on: "analysts at X", "X's spokesperson", "a statement from X"."""
    for child in token.children:
        d = dep(child)
        targets = []
        if d in ("poss", "nmod:poss", "compound") and child.i < token.i:
            targets = [child]
        elif d == "prep" and child.lower_ not in ("in", "on", "to", "for") or d == "agent":
            targets = [g for g in child.children if dep(g) in ("pobj",)]
        elif d in ("nmod", "obl") and case_words(child) - {"in", "a", "su", "per"}:
            targets = [child]
        for target in targets:
            m, _ = resolve_speaker(ctx, target, speakers, depth=depth + 1)
            if m is not None:
                return m
    # "said a statement Friday from Phil Spencer": the preposition hung elsewhere
    doc = token.doc
    for i in range(token.i + 1, min(token.i + 4, token.sent.end - 1)):
        if doc[i].lower_ in ("from", "by", "di", "da", "del", "della", "dello", "dell'", "dell’", "degli", "dei", "delle"):
            m = ctx.index.of(doc[i + 1])
            if _usable(speakers, m):
                return m
            break
    return None


def resolve_speaker(ctx: Context, token: Token, speakers: Speakers, *, depth: int = 0,
                    strict: bool = True, role_org: bool = False) -> tuple[Mention | None, bool]:
    """The person or organisation a speaker phrase refers to; second value: was it inferred.

    ``strict`` refuses the holder of a common noun that names no speaker
    ("la decisione dell'Antitrust"); the clause before a colon may take it
    ("le dimissioni di X così motivate: «…»"). ``role_org`` lets a role with
    no person named stand for its organisation ("il presidente di
    Confindustria" as a subject); after the verb the name often follows the role.
    """
    if depth > 3 or speakers.inside_quote(token.idx):
        return None, False
    mention = ctx.index.of(token)
    if mention is not None:
        return (mention, False) if _usable(speakers, mention) else (None, False)
    mention = _unlabelled_person(ctx, token)
    if mention is not None:
        return mention, True
    data = ctx.data
    lower, lem = token.lower_, lemma(token)
    kind = data["speaker_nouns"].get(lower) or data["speaker_nouns"].get(lem)
    pronoun = token.pos_ == "PRON" and lower in data.get("pronouns", {})
    if kind is not None:
        if kind == "group":
            m, inferred = resolve_argument(ctx, token, SPEAKER_CLASSES)  # "the spokesperson John Smith"
            if _usable(speakers, m) and m.label == "Person" and not inferred:
                return m, False
        holder = _attached_name(ctx, token, speakers, depth)
        if holder is not None:
            return holder, False
        if kind == "document":
            return None, False
    if pronoun:
        cls = data["pronouns"][lower]
        classes = frozenset({cls}) if cls else SPEAKER_CLASSES
        m = speakers.last(token.idx, classes)
        if m is None:
            m = next((x for x in ctx.index.before(token.idx, set(classes)) if _usable(speakers, x)
                      and speakers.sentence_index(token.idx) - speakers.sentence_index(x.start) <= 1), None)
        return (m, True) if m is not None else (None, False)
    is_role = lower in data["role_nouns"] or lem in data["role_nouns"] or kind == "person"
    noun_class = data["class_nouns"].get(lower) or data["class_nouns"].get(lem)
    if kind == "organization":
        noun_class = "Organization"
    has_det = any(dep(c) in ("det", "det:poss", "poss") for c in token.children)
    nominal = token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and kind is not None and has_det)
    if nominal and noun_class == "Organization" and has_det:
        m = _named_like(ctx, token, speakers)
        if m is not None:
            return m, True
    if (token.pos_ == "NOUN" or nominal) and (is_role or noun_class in SPEAKER_CLASSES):
        for child in token.children:  # "Alphabet's rival, Meta Platforms Inc., said": the name in apposition
            if dep(child) == "appos" and _usable(speakers, ctx.index.of(child)):
                return ctx.index.of(child), False
        m, inferred = resolve_argument(ctx, token, frozenset({"Person"}) if is_role else SPEAKER_CLASSES)
        if _usable(speakers, m) and not inferred and (m.label == "Person" or not is_role):
            return m, False  # "il CEO Sundar Pichai", "the company's chief, X"
        if has_det:
            # "la commissaria": the person already speaking; "the company": the organisation
            # the text is about, else the one already speaking
            cls = "Person" if is_role else noun_class
            m = None
            if cls == "Organization":
                m = topic(ctx, token, speakers, cls)
            m = m or speakers.last(token.idx, frozenset({cls}))
            if m is not None:
                return m, True
        if is_role:
            # "l'amministratore delegato di Stellantis, Carlos Tavares": the name after the comma
            after = token.right_edge.i + 1
            doc = token.doc
            if after + 1 < token.sent.end and doc[after].text == ",":
                m = ctx.index.of(doc[after + 1])
                if _usable(speakers, m) and m.label == "Person":
                    return m, False
            # "il presidente di Confindustria" with no name: the organisation speaks
            holder = _attached_name(ctx, token, speakers, depth) if kind != "person" and role_org else None
            return (holder, True) if holder is not None and holder.label == "Organization" else (None, False)
    m, inferred = resolve_argument(ctx, token, SPEAKER_CLASSES)
    if _usable(speakers, m) and not (strict and inferred and token.pos_ == "NOUN"):
        return m, inferred  # strict: not "la decisione dell'Antitrust" (a decision does not speak)
    return None, False


def topic(ctx: Context, token: Token, speakers: Speakers, cls: str) -> Mention | None:
    """What the text is about at ``token``, of class ``cls``: "the company said", an Italian dropped subject.

    The subject of a main clause in this sentence (before ``token``) or in
    the three before it; else the name of that class mentioned most often so
    far (the latest one on a tie), never one inside quotation marks.
    """
    sent = token.sent
    previous = [s for s in token.doc.sents if s.start < sent.start][::-1][:_RECENT]
    for s in [sent, *previous]:
        for subject in clause_subjects(s.root)[0]:
            m = ctx.index.of(subject)
            if m is not None and m.label == cls and m.end <= token.idx and _usable(speakers, m):
                return m
    counts: dict[str, list] = {}
    for m in ctx.index.before(token.idx, {cls}):
        if _usable(speakers, m):
            counts.setdefault(m.text, []).append(m)
    if not counts:
        return None
    return max(counts.values(), key=lambda ms: (len(ms), ms[0].end))[0]


def _unlabelled_person(ctx: Context, token: Token) -> Mention | None:
    """A speaker's full name the model did not tag ("said Alexandr Wang"): two or more capitalised
    words, none of them a company word or a role, become a person."""
    if token.pos_ != "PROPN" or not token.is_title:
        return None
    span = name_span(token)
    words = [t.lower_ for t in span]
    data = ctx.data
    if (len(span) < 2 or not all(t.is_alpha and t.is_title for t in span)
            or any(w in data["class_nouns"] or w in data["role_nouns"] or w in data["speaker_nouns"] for w in words)
            or any(w in data.get("organization_words", ()) for w in words)):
        return None
    return ctx.index.add(span, "Person", "context")


def _named_like(ctx: Context, token: Token, speakers: Speakers) -> Mention | None:
    """A recent name that holds the description's noun: "the commission" → "European Commission"."""
    words = {token.lower_, lemma(token)}
    here = speakers.sentence_index(token.idx)
    for m in ctx.index.before(token.idx, set(SPEAKER_CLASSES)):
        if here - speakers.sentence_index(m.start) > _RECENT:
            break
        if _usable(speakers, m) and words & set(m.text.lower().split()):
            return m
    return None


def _document_author(ctx: Context, verb: Token, speakers: Speakers) -> Mention | None:
    """"si legge nella nota di X", "as stated in a filing by X": the author of the document the words are in."""
    for child in verb.children:
        nouns = [child] if dep(child) in ("obl", "nmod") else [g for g in child.children if dep(g) == "pobj"] if dep(
            child) == "prep" else []
        for noun in nouns:
            if ctx.data["speaker_nouns"].get(noun.lower_) == "document" or ctx.data["speaker_nouns"].get(lemma(noun)) == "document":
                m = _attached_name(ctx, noun, speakers, 0)
                if m is not None:
                    return m
    return None


def _right_before(ctx: Context, verb: Token, speakers: Speakers, exclude: frozenset[int]) -> Mention | None:
    """A name right before the verb and its auxiliaries, the subject the parser hung elsewhere
    ("Con i risultati trimestrali Nvidia ha annunciato …")."""
    doc, i = verb.doc, verb.i - 1
    while i >= verb.sent.start and doc[i].pos_ in ("AUX", "ADV", "PART") and doc[i].head == verb:
        i -= 1
    if i < verb.sent.start or i in exclude:
        return None
    m = ctx.index.of(doc[i])
    if m is None or not _usable(speakers, m) or after_preposition(ctx, doc[i]):
        return None
    return m


def _passive(verb: Token) -> bool:
    return any(dep(c) in PASS_SUBJ or dep(c) in ("aux:pass", "auxpass") for c in verb.children)


def after_preposition(ctx: Context, token: Token) -> bool:
    """Whether the name or noun phrase ``token`` is in opens right after a preposition ("della Commissione Ue")."""
    doc = token.doc
    m = ctx.index.of(token)
    first = token.i
    if m is not None:
        while first > 0 and ctx.index.of(doc[first - 1]) == m:
            first -= 1
    i = first - 1
    while i >= 0 and doc[i].pos_ in ("DET", "ADJ", "NUM") and doc[i].text not in (",",):
        i -= 1
    return i >= 0 and doc[i].pos_ in _PREPOSITIONS


def speaker_after_verb(ctx: Context, verb: Token, speakers: Speakers, *,
                       exclude: frozenset[int] = frozenset()) -> tuple[Mention | None, bool]:
    """A speaker named after the verb: "ha dichiarato in un post Phil Spencer", "said a statement from X".

    Tokens in ``exclude`` (the verb's own object, for a verb of criticism) are passed over.
    """
    doc = verb.doc
    tried = set()
    for i in range(verb.i + 1, verb.sent.end):
        token = doc[i]
        if speakers.inside_quote(token.idx) or token.text in ('"', "“", "«", "„", ";"):
            break
        if token.head.i in tried and dep(token) in ("nmod", "compound", "amod", "flat", "flat:name"):
            tried.add(token.i)
            continue  # "la commissaria Ue": a modifier of a noun that named no speaker
        if token.pos_ in ("VERB",) and token.i != verb.i and dep(token) not in ("amod", "acl"):
            break
        if token.pos_ not in ("PROPN", "NOUN", "PRON", "X") or token.i in exclude:
            continue
        if case_words(token) or dep(token) == "pobj" or after_preposition(ctx, token):
            continue
        if (dep(token) in SUBJ | PASS_SUBJ and token.head != verb and token.head.i > verb.i
                and not speakers.inside_quote(token.head.idx)):
            break  # "ha fatto notare Meta … ha": the subject of the clause said, not the speaker
        m, inferred = resolve_speaker(ctx, token, speakers)
        if m is not None:
            return m, inferred
        tried.add(token.i)
        if token.pos_ == "NOUN" and ctx.data["speaker_nouns"].get(token.lower_) == "document":
            continue
    return None, False


def speaker_of_verb(ctx: Context, verb: Token, speakers: Speakers, *, drop: bool = True,
                    exclude: frozenset[int] = frozenset()) -> tuple[Mention | None, bool]:
    """The speaker of a verb of saying; second value: was it inferred (pronoun, dropped subject...).

    ``drop`` allows the last speaker for a verb with no subject at all (Italian
    subject drop, "– ha aggiunto –"); ``exclude`` are tokens that cannot be
    the speaker (the object of a verb of criticism).
    """
    subjects, passive = clause_subjects(verb)
    if speech_kind(ctx, verb) == "document":
        # "si legge nella nota di X", "the statement from X reads"
        for s in subjects:
            if ctx.data["speaker_nouns"].get(s.lower_) == "document":
                return resolve_speaker(ctx, s, speakers)
        return _document_author(ctx, verb, speakers), False
    if passive or _passive(verb):
        for child in verb.children:
            if dep(child) in AGENT or (dep(child) in ("obl", "nmod") and case_words(child) & {"da", "dal", "dalla", "dai", "dagli"}):
                for t in ([child] if child.pos_ != "ADP" else [g for g in child.children if dep(g) == "pobj"]):
                    m, inferred = resolve_speaker(ctx, t, speakers)
                    if m is not None:
                        return m, inferred
        return None, False
    subjects = [s for s in subjects if not speakers.inside_quote(s.idx)]
    for s in subjects:
        if is_relative_pronoun(s) and s.head == verb and dep(verb) not in ("acl:relcl", "relcl", "acl"):
            # "…, lo stesso quotidiano, che accusa …" parsed as a coordinated clause: the noun before
            s = next((t for t in reversed(verb.doc[verb.sent.start: s.i]) if t.pos_ in ("NOUN", "PROPN", "ADJ")
                      and not t.is_punct), None)
            if s is None:
                continue
        m, inferred = resolve_speaker(ctx, s, speakers, role_org=True)
        if m is not None:
            return m, inferred
    if is_finite(verb):  # an infinitive ("ha fatto notare X") has no subject after it
        m, inferred = speaker_after_verb(ctx, verb, speakers, exclude=exclude)
        if m is not None:
            return m, inferred
    m = _document_author(ctx, verb, speakers)
    if m is not None:
        return m, False
    m = _right_before(ctx, verb, speakers, exclude) if not subjects else None
    if m is not None:
        return m, False
    has_subject = bool(subjects) or any(dep(c) in SUBJ for c in verb.children)
    if not has_subject:
        # "sottolineano da Confindustria", "fanno sapere da Palazzo Chigi": the source after "da"
        sources = {w for w, where in ctx.data["speech_prepositions"].items() if where == "source"}
        for source in prep_objects(verb, sources):
            m = ctx.index.of(source)
            if _usable(speakers, m) and m.label != "Person":
                return m, False
    has_subject = bool(subjects) or any(dep(c) in SUBJ for c in verb.children)
    finite = "Fin" in verb.morph.get("VerbForm") or any(dep(c) == "aux" for c in verb.children)
    if drop and not has_subject and finite:
        m = speakers.last(verb.idx)
        if m is not None:
            return m, True
        m = topic(ctx, verb, speakers, "Person")
        if m is not None:
            return m, True
    return None, False
