"""Which entities a descriptive noun phrase names.

News text describes the companies and people it is about with common nouns
and modifiers: "il colosso olandese ASML", "Swedish streaming service
Spotify", "Bending Spoons, l'azienda milanese", "X è una società olandese",
"its three French co-founders are A, B and C", "la società di Cupertino",
"the US tech giant". Given the modifier inside such a phrase (a demonym, or a
place name), :func:`described_entities` finds the entities the phrase names:

1. a name right after the phrase's common nouns ("the Swedish streaming
   service Spotify", "l'americana Nvidia"); after a plural noun, every name of
   the list that follows ("le americane Nvidia e Microsoft");
2. the names listed after the phrase ("American tech giants including
   Salesforce and Nvidia");
3. the name the phrase is in apposition to ("Vimeo, piattaforma video
   statunitense"), or that the phrase follows in apposition after a comma
   ("una startup francese, Mistral AI,");
4. the other side of a copula ("X è una società olandese", "its French
   co-founders are A, B and C");
5. for a definite singular company noun and no name ("the US tech giant",
   "la società di Cupertino"): the organisation the text is about at that point
   (:func:`salient_organization`), marked as inferred.

The words it reads are the ``location`` table of the language data:
``company_nouns`` (nouns that describe a company: "colosso", "giant"),
``list_introducers`` ("including", "tra cui"), ``phrase_prepositions`` (a
preposition inside the phrase: "il colosso taiwanese dei semiconduttori TSMC")
and ``coordinators``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..langdata import demonym
from ..types import Mention
from .context import CONFUSABLE, Context, lemma
from .mentions import name_span
from .places import canonical_place
from .syntax import PASS_SUBJ, SUBJ, clause_subjects, conjuncts, dep

__all__ = ["Described", "described_entities", "salient_organization"]

HOLDER_CLASSES = frozenset({"Organization", "Person"})
_NOMINAL = {"NOUN", "ADJ", "NUM"}
_HYPHENS = {"-", "‑", "–"}
_APPOSITION = {",", "(", "—", "–"}
_MAX_PHRASE = 6

Described = tuple[Mention, bool, str]
"""A described entity: the mention, whether it was inferred, and the class the phrase gives it."""


def _loc(ctx: Context) -> dict:
    return ctx.data.get("location", {})


def _word(token: Token) -> str:
    """The whole word a token is part of, hyphens included ("start-up" for "up")."""
    doc = token.doc
    start = end = token.i
    while start >= 2 and doc[start - 1].text in _HYPHENS and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_:
        start -= 2
    while end + 2 < len(doc) and doc[end + 1].text in _HYPHENS and not doc[end].whitespace_ and not doc[end + 1].whitespace_:
        end += 2
    return doc[start:end + 1].text.lower()


def _class_of_noun(ctx: Context, token: Token) -> str | None:
    key = _word(token) if _in_hyphenated_word(token) else token.lower_
    if key in _loc(ctx).get("company_nouns", ()) or lemma(token) in _loc(ctx).get("company_nouns", ()):
        return "Organization"
    cls = ctx.data["class_nouns"].get(key) or ctx.data["class_nouns"].get(lemma(token))
    if cls == "Product":  # "piattaforma video statunitense", "streaming service": the company behind it
        return "Organization"
    return cls


def _is_nominal(ctx: Context, token: Token) -> bool:
    """A common noun, adjective or number of a noun phrase (also an acronym such as "AI" in "French AI start-up")."""
    if ctx.index.of(token) is not None:
        return False
    return (token.pos_ in _NOMINAL or token.text in _HYPHENS or _in_hyphenated_word(token)
            or (token.pos_ in ("PROPN", "VERB", "X") and _class_of_noun(ctx, token) is not None)
            or (token.pos_ == "PROPN" and token.is_upper and len(token) <= 3))


def _in_hyphenated_word(token: Token) -> bool:
    """A part of a word written with hyphens: "start" and "up" in "start-up"."""
    doc = token.doc
    after = token.i + 1 < len(doc) and doc[token.i + 1].text in _HYPHENS and not token.whitespace_
    before = token.i > 0 and doc[token.i - 1].text in _HYPHENS and not doc[token.i - 1].whitespace_
    return after or before


def _plural(tokens) -> bool:
    return any("Plur" in t.morph.get("Number") or t.tag_ in ("NNS", "NNPS") for t in tokens)


def _starts_mention(ctx: Context, i: int) -> Mention | None:
    if i >= len(ctx.doc):
        return None
    m = ctx.index.of(ctx.doc[i])
    return m if m is not None and ctx.index.spans[m][0] == i else None


def _name_list(ctx: Context, first: Mention, wanted) -> list[Mention]:
    """``first`` and the names coordinated after it ("Nvidia, Oracle e Salesforce")."""
    doc = ctx.doc
    coordinators = set(_loc(ctx).get("coordinators", ()))
    found = [first]
    i = ctx.index.spans[first][1]
    while i < len(doc):
        j = i
        while j < len(doc) and (doc[j].text == "," or doc[j].lower_ in coordinators) and j - i < 2:
            j += 1
        if j == i:
            break
        k = j
        while k < len(doc) and k - j < 3 and doc[k].pos_ in ("DET", "NOUN", "ADJ") and ctx.index.of(doc[k]) is None:
            k += 1  # "and the Nvidia group", "e la startup Mistral"
        nxt = _starts_mention(ctx, k)
        if nxt is None or nxt.label not in wanted:
            break
        found.append(nxt)
        i = ctx.index.spans[nxt][1]
    return found


def _companions(ctx: Context, last: Mention, wanted) -> list[Mention]:
    """Names joined to a list by a comitative ("A, 31, along with B and C", "A insieme a B")."""
    doc = ctx.doc
    i = ctx.index.spans[last][1]
    k = i
    while k < len(doc) and k - i < 4 and (doc[k].is_punct or doc[k].like_num):
        k += 1  # ", 31,"
    for phrase in sorted(_loc(ctx).get("comitatives", ()), key=lambda p: -len(p.split())):
        words = phrase.split()
        if [t.lower_ for t in doc[k:k + len(words)]] == words:
            first = _starts_mention(ctx, k + len(words))
            if first is not None and first.label in wanted:
                return _name_list(ctx, first, wanted)
    return []


def _introduced_list(ctx: Context, i: int, wanted) -> list[Mention]:
    """Names listed after an introducer at token ``i`` ("including A, B and C", "tra cui A e B")."""
    doc = ctx.doc
    for phrase in sorted(_loc(ctx).get("list_introducers", ()), key=lambda p: -len(p.split())):
        words = phrase.split()
        if [t.lower_ for t in doc[i:i + len(words)]] == words:
            k = i + len(words)
            while k < len(doc) and k - i - len(words) < 3 and doc[k].pos_ in ("DET", "NOUN", "ADJ") and ctx.index.of(doc[k]) is None:
                k += 1  # "including software publisher Salesforce"
            first = _starts_mention(ctx, k)
            if first is not None and first.label in wanted:
                return _name_list(ctx, first, wanted)
            return []
    return []


def _definite(ctx: Context, head: Token, start: int) -> bool:
    indefinite = set(ctx.data.get("indefinite_articles", ()))
    dets = [c for c in head.children if dep(c) in ("det", "det:poss", "poss", "nmod:poss")]
    previous = ctx.doc[start - 1] if start > 0 else None
    if previous is not None and previous not in dets and (
            previous.pos_ == "DET" or (previous.pos_ == "ADP" and "Def" in previous.morph.get("Definite"))):
        dets.append(previous)  # "the", "dalla" (a preposition with the article)
    dets += [t for t in ctx.doc[start:head.i] if t.pos_ in ("DET", "PRON")]
    return bool(dets) and not any(d.lower_ in indefinite or "Ind" in d.morph.get("Definite") for d in dets)


def _excluded(ctx: Context, token: Token) -> set[Mention]:
    """Mentions a description at ``token`` cannot name: those whose phrase contains it ("Mediobanca,
    principale azionista della compagnia triestina") and the subjects of the verbs above it ("the EU
    fined Apple, calling the US tech giant ...")."""
    out = set()
    doc = ctx.doc
    # the name a comma-delimited apposition containing the description is attached to
    i = token.i
    while i > token.sent.start and doc[i - 1].text not in (",", "(", ";", ":"):
        i -= 1
    if i - 2 >= token.sent.start and doc[i - 1].text in (",", "(") and ctx.index.of(doc[i - 2]) is not None:
        out.add(ctx.index.of(doc[i - 2]))
    current = token
    for _ in range(12):
        if current.head == current:
            break
        current = current.head
        m = ctx.index.of(current)
        if m is not None:
            out.add(m)
        for child in current.children:
            if dep(child) in SUBJ | PASS_SUBJ and (m := ctx.index.of(child)) is not None:
                out.add(m)
    return out


def _same_description(ctx: Context, token: Token, candidates: list[Mention]) -> Mention | None:
    """The nearest candidate the text already described with the same noun ("la startup DeepSeek" ... "la
    startup cinese")."""
    doc = ctx.doc
    noun = lemma(token)
    for m in sorted(candidates, key=lambda m: -m.end):
        start, end = ctx.index.spans[m]
        near = [t for t in doc[max(start - 3, 0):start]] + [t for t in doc[end:min(end + 4, len(doc))]]
        if any(lemma(t) == noun and t.i != token.i and t.pos_ in ("NOUN", "PROPN") for t in near):
            return m
    return None


def _place_name(m: Mention, lang: str) -> str:
    entry = demonym(m.text, lang) if m.source == "demonym" else None
    return canonical_place(entry["place"] if entry else m.text)


def _located(ctx: Context, place: str, candidates: list[Mention]) -> Mention | None:
    """The nearest candidate the text already placed in ``place`` ("Il quotidiano cinese Beijing News" ... "il
    giornale cinese")."""
    placed = {f.subject for f in ctx.facts if f.predicate in ("locatedIn", "headquarteredIn")
              and isinstance(f.object, Mention) and _place_name(f.object, ctx.lang) == place}
    found = [m for m in candidates if m in placed]
    return max(found, key=lambda m: m.end) if found else None


def salient_organization(ctx: Context, token: Token, *, place: str | None = None) -> Mention | None:
    """The organisation the text is about at ``token`` (a definite description with no name).

    The nearest organisation the text already placed in ``place`` ("il
    quotidiano cinese Beijing News ... il giornale cinese") or described with
    the same noun ("la startup DeepSeek ... la startup cinese"); else, among the organisations
    named in the sentence before ``token`` and in the two sentences before it,
    the one the document names most often (on a tie, a subject, else the
    nearest): "Microsoft ha concluso l'acquisizione di Activision. Si tratta
    della più grande operazione della company di Redmond" is about Microsoft.
    With none named there (a headline that names the company only later), the
    organisation the document names most often. The choice must name the
    organisation at least :data:`DOMINANCE` times as often as any rival there,
    else there is no answer ("i risultati ottenuti dalla startup cinese" in a
    text about Meta and DeepSeek). Never an organisation whose phrase contains
    the description, nor the subject of a verb above it.
    """
    excluded = _excluded(ctx, token)
    orgs = [m for m in ctx.index.mentions if m.label == "Organization" and m not in excluded]
    if not orgs:
        return None
    before = [m for m in orgs if m.end <= token.idx]
    same = (_located(ctx, canonical_place(place), before) if place else None) or _same_description(ctx, token, before)
    if same is not None:
        return same
    counts = _name_counts(orgs)
    sents = list(ctx.doc.sents)
    current = next((k for k, s in enumerate(sents) if s.start <= token.i < s.end), 0)
    window = sents[max(current - 2, 0)].start_char
    recent = [m for m in orgs if m.start >= window and m.end <= token.idx]
    if recent:
        subjects = {ctx.index.of(t) for s in sents[max(current - 2, 0):current + 1] for t in clause_subjects(s.root)[0]}
        ranked = sorted(recent, key=lambda m: (counts[_name_key(m.text)], m in subjects, m.end), reverse=True)
    else:
        ranked = sorted(orgs, key=lambda m: (counts[_name_key(m.text)], -m.start), reverse=True)
    best = ranked[0]
    rivals = [counts[_name_key(m.text)] for m in ranked if _name_key(m.text) != _name_key(best.text)]
    if rivals and counts[_name_key(best.text)] < DOMINANCE * max(rivals):
        return None  # two organisations compete for the description: no guess
    return best


DOMINANCE = 2
"""How many times more often than any rival the text must name an organisation for a description to be read as it."""


def _name_key(text: str) -> str:
    """Names of one organisation count together: an acronym with the name it abbreviates ("TSMC")."""
    words = text.split()
    if len(words) > 1:
        initials = "".join(w[0] for w in words if w[:1].isupper())
        if len(initials) > 1:
            return initials.upper()
    return text.upper() if text.isupper() else text


def _name_counts(mentions: list[Mention]) -> Counter:
    return Counter(_name_key(m.text) for m in mentions)


@dataclass(frozen=True)
class _Phrase:
    """The noun phrase around a modifier: tokens ``start:end``, its head noun, the class the head gives."""

    start: int
    end: int
    head: Token | None
    cls: str | None
    plural: bool


def _phrase(ctx: Context, modifier: Span) -> _Phrase:
    doc = ctx.doc
    loc = _loc(ctx)
    phrase_preps = set(loc.get("phrase_prepositions", ()))
    nouns_follow = loc.get("nouns_follow_modifiers", True)
    introducers = [p.split() for p in loc.get("list_introducers", ())]
    # the phrase's words right of the modifier: "streaming service", "colosso ... dei semiconduttori"
    right: list[Token] = []
    j = modifier.end
    while j < len(doc) and j - modifier.end < _MAX_PHRASE:
        t = doc[j]
        if dep(t) == "root" or any(dep(c) in SUBJ | PASS_SUBJ for c in t.children):
            break  # a clause's head ("il giornale cinese accusa Google", "accusa" taken for a noun)
        if any([w.lower_ for w in doc[j:j + len(words)]] == words for words in introducers):
            break  # "such as", "tra cui"
        if _is_nominal(ctx, t) and t.pos_ != "NUM" and (nouns_follow or t.pos_ != "NOUN" or _in_hyphenated_word(t)):
            right.append(t)
        elif t.lower_ in phrase_preps and j + 1 < len(doc) and doc[j + 1].pos_ == "NOUN" and ctx.index.of(doc[j + 1]) is None:
            right.append(t)
        else:
            break
        j += 1
    # the phrase's words left of the modifier: "l'azienda tecnologica", "its three"
    i = modifier.start
    while i > 0 and modifier.start - i < _MAX_PHRASE and _is_nominal(ctx, doc[i - 1]) and doc[i - 1].text not in _HYPHENS:
        i -= 1
    while i > 0 and (doc[i - 1].pos_ == "DET" or "Yes" in doc[i - 1].morph.get("Poss")) and ctx.index.of(doc[i - 1]) is None:
        i -= 1  # the article or possessive opening the phrase
    left = [t for t in doc[i:modifier.start] if t.pos_ != "DET"]
    inside = [t for t in modifier if len(modifier) == 1 and _class_of_noun(ctx, t)]  # the noun itself
    nouns = [t for t in left + inside + right if t.pos_ != "ADP"]
    # the head noun: the last noun of an English phrase ("streaming service"), the first of an Italian one
    # ("il colosso taiwanese dei semiconduttori"); a class noun before a plain one ("piattaforma video")
    heads = [t for t in nouns if (t.pos_ == "NOUN" or _class_of_noun(ctx, t)) and t.text not in _HYPHENS
             and doc[t.i - 1].lower_ not in phrase_preps
             and not (t.i + 1 < len(doc) and doc[t.i + 1].text in _HYPHENS and not t.whitespace_)]
    if nouns_follow:
        head = heads[-1] if heads else None
    else:
        head = next((t for t in heads if _class_of_noun(ctx, t)), heads[0] if heads else None)
    cls = _class_of_noun(ctx, head) if head is not None else None
    return _Phrase(i, j, head, cls, _plural([head] if head is not None else list(modifier)[:1]))


def _unnamed(ctx: Context, i: int, cls: str | None) -> Mention | None:
    """A proper name NER missed at token ``i``, typed by the phrase's noun ("la banca francese Bpifrance")."""
    doc = ctx.doc
    if cls in HOLDER_CLASSES and i < len(doc) and doc[i].pos_ == "PROPN" and (doc[i].is_title or doc[i].is_upper):
        return ctx.index.add(name_span(doc[i]), cls, "context")
    return None


def described_entities(ctx: Context, modifier: Span, *, place: str | None = None) -> list[Described]:
    """The entities named by the noun phrase that ``modifier`` (a demonym, a place name) is part of.

    ``place`` is the place the modifier names, when it does: a definite description is then read as
    the organisation the text already placed there, if there is one.
    """
    doc = ctx.doc
    phrase = _phrase(ctx, modifier)
    i, j, head, cls = phrase.start, phrase.end, phrase.head, phrase.cls
    # the phrase's noun types the name (NER often takes a company for a person or a place)
    wanted = CONFUSABLE if cls in HOLDER_CLASSES else HOLDER_CLASSES

    def found(mentions, inferred=False) -> list[Described]:
        return [(m, inferred, cls if cls in HOLDER_CLASSES else m.label) for m in mentions
                if m.label in HOLDER_CLASSES or cls in HOLDER_CLASSES]

    # 1. a name right after the phrase
    name = None
    if j < len(doc):
        name = _starts_mention(ctx, j) or (None if ctx.index.of(doc[j]) else _unnamed(ctx, j, cls))
    if name is not None and name.label in wanted:
        return found(_name_list(ctx, name, wanted) if phrase.plural else [name])
    # 2. names listed after the phrase
    if phrase.plural:
        listed = _introduced_list(ctx, j, wanted)
        if listed:
            return found(listed)
    # 3. apposition: "Vimeo, piattaforma video statunitense" / "una startup francese, Mistral AI,"
    if i >= 2 and doc[i - 1].text in _APPOSITION:
        before = ctx.index.of(doc[i - 2])
        if before is None and doc[i - 2].is_title:
            before = _unnamed(ctx, i - 2, cls)
        if before is not None and before.label in wanted:
            return found([before])
    if cls in HOLDER_CLASSES and j + 1 < len(doc) and doc[j].text == ",":
        after = _starts_mention(ctx, j + 1)
        if after is not None and after.label in wanted:
            end = ctx.index.spans[after][1]
            if end >= len(doc) or doc[end].is_punct:
                return found([after])
    if head is None:
        return []
    # 4. copula: "X è una società olandese", "its three French co-founders are A, B and C"
    copula = _copula_partner(ctx, head)
    if copula:
        return found(copula)
    # 5. a definite description: "the US tech giant", "l'azienda a stelle e strisce"
    company_nouns = _loc(ctx).get("company_nouns", ())
    if (head.lower_ in company_nouns or lemma(head) in company_nouns) and not phrase.plural and _definite(ctx, head, i):
        topic = salient_organization(ctx, head, place=place)
        if topic is not None:
            return [(topic, True, "Organization")]
    return []


def _copula_partner(ctx: Context, head: Token) -> list[Mention]:
    """The names on the other side of a copula from ``head``."""
    # UD: the predicate noun carries the copula ("ASML è un'azienda olandese")
    if any(dep(c) == "cop" for c in head.children):
        subjects = [c for c in head.children if dep(c) in ("nsubj", "nsubj:pass")]
        return [m for s in subjects for t in conjuncts(s) if (m := ctx.index.of(t)) is not None]
    verb = head.head
    # ClearNLP: "ASML is a Dutch company" (attr) / "its co-founders are A, B and C" (nsubj)
    if verb.lemma_ == "be" and dep(head) == "attr":
        subjects = [c for c in verb.children if dep(c) in ("nsubj", "nsubjpass")]
        return [m for s in subjects for t in conjuncts(s) if (m := ctx.index.of(t)) is not None]
    if dep(head) in ("nsubj", "nsubj:pass") and (verb.lemma_ == "be" or any(dep(c) == "cop" for c in verb.children)):
        predicates = [verb] if ctx.index.of(verb) is not None else [c for c in verb.children if dep(c) == "attr"]
        names = [m for p in predicates for t in conjuncts(p) if (m := ctx.index.of(t)) is not None]
        if names:
            names += [m for m in _companions(ctx, names[-1], CONFUSABLE) if m not in names]
        return names
    return []
