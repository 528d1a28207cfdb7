"""``dep.location`` and ``surface.place_pair``: where organisations and places are.

headquarteredIn (the seat of an organisation):

- "X-based", "X-headquartered": "the Toronto-based AI startup", "US-based
  company eBay";
- "based/headquartered in", "where X is based": "Cohere, a company based in
  Toronto", "OpenAI is headquartered in San Francisco", "San Francisco,
  where OpenAI is based";
- a headquarters noun: "Mistral AI, startup con sede a Parigi", "OpenAI ha
  sede a San Francisco", "its headquarters in Dublin", "Dublin, where Meta
  has its headquarters";
- a city modifying a company noun: "la società di Cupertino", "il colosso di
  Redmond", "a Hong Kong construction firm".

locatedIn:

- "located/situated in", "situato a", "si trova a": "the plant is located in
  Arizona", "lo stabilimento si trova a Catania";
- a regional seat: "its EU headquarters in Dublin", "la sede europea a Cork";
- a plant or office: "TSMC is building new facilities in Arizona", "Intel's
  plant in Ohio", "lo stabilimento di ST a Catania";
- a country or region modifying a company noun or name: "the US tech giant",
  "Canada's Inovia Capital", "the U.S. Congress", "il colosso Usa", "Ireland's
  data regulator" (the kind of place comes
  from :mod:`kg.extract.places`; a name kg does not know is taken for a city);
- a place inside another: "Saint Louis University in St. Louis",
  "Stoccolma, in Svezia", "St. Louis, Missouri" (``surface.place_pair``: two
  place names separated by a comma, not in a list of places).

The entity a description names ("the Toronto-based AI startup", "la società
di Cupertino") is found by :func:`kg.extract.descriptions.described_entities`.
The words are the ``location`` table of the language data.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...types import Mention
from ..context import Context, arguments, clause_subject_of, emit, lemma, lookup
from ..descriptions import described_entities
from ..places import find_demonyms, is_place_name, place_kind, rank
from ..syntax import PASS_SUBJ, SUBJ, case_words, dep, prep_objects

__all__ = ["location_rules"]

PLACES = frozenset({"Place"})
ORGS = frozenset({"Organization"})
_WIDE = ("country", "region", "union", "continent")


def _predicate(place: Mention) -> str:
    """A country or region says where an organisation is; a city (or an unknown name), where its seat is."""
    return "locatedIn" if place_kind(place.text) in _WIDE else "headquarteredIn"


def _is_place(ctx: Context, m: Mention | None) -> bool:
    """A place mention that is not an acronym NER took for one ("AI"), or a known place mistyped by NER."""
    if m is None:
        return False
    if is_place_name(m.text):
        return True
    return m.label == "Place" and not (m.text.isupper() and len(m.text) <= 3)


def _mention_span(ctx: Context, m: Mention) -> Span:
    return ctx.doc[slice(*ctx.index.spans[m])]


def _place_mentions(ctx: Context, tokens) -> list[Mention]:
    found = []
    for token in tokens:
        m = ctx.index.of(token)
        if _is_place(ctx, m) and m not in found:
            found.append(m)
    return found


def _innermost(ctx: Context, places: list[Mention]) -> list[Mention]:
    """Of "Santa Clara, in California" found together, the seat is the first: the second only says where it is."""
    contained = set(ctx.data["location"].get("contained_prepositions", ()))
    ordered = sorted(places, key=lambda m: ctx.index.spans[m][0])
    kept = ordered[:1]
    for previous, place in zip(ordered, ordered[1:]):
        between = ctx.doc[ctx.index.spans[previous][1]:ctx.index.spans[place][0]]
        if not (len(between) and all(t.is_punct or t.lower_ in contained for t in between) and _inside(previous, place)):
            kept.append(place)
    return kept


def _holders(ctx: Context, token: Token, *, people: bool = False) -> list[tuple[Mention, bool]]:
    """The organisation (or, with ``people``, also the person) a noun or name at ``token`` stands for."""
    m = ctx.index.of(token)
    if m is not None:
        return [(m, False)] if m.label != "Place" or not _is_place(ctx, m) else []
    wanted = {"Organization", "Person"} if people else {"Organization"}
    return [(h, inferred) for h, inferred, cls in described_entities(ctx, ctx.doc[token.i:token.i + 1]) if cls in wanted]


def _regional(ctx: Context, noun: Token, regional_words: set[str]) -> bool:
    """A headquarters noun for a regional seat: "EU headquarters", "la sede italiana", "European headquarters"."""
    demonyms = {t.i for span in find_demonyms(ctx.doc, ctx.lang) for t in span}
    modifiers = [*noun.children, *(g for c in noun.children if dep(c) == "amod" for g in c.children)]  # "generale europeo"
    for child in modifiers:
        if dep(child) not in ("amod", "compound", "nmod", "nmod:poss") or case_words(child):
            continue
        if child.lower_ in regional_words or child.i in demonyms or _is_place(ctx, ctx.index.of(child)):
            return True
    return False


def _where_place(ctx: Context, verb: Token) -> list[Mention]:
    """The place a relative clause with "where"/"dove" hangs on: "San Francisco, where OpenAI is based"."""
    where = set(ctx.data["location"].get("where_words", ()))
    current = verb
    for _ in range(3):
        if dep(current) in ("relcl", "acl:relcl") and any(c.lower_ in where for c in current.subtree if c.i < verb.i):
            head = ctx.index.of(current.head)
            return [head] if _is_place(ctx, head) else []
        if current.head == current:
            break
        current = current.head
    return []


def _based(ctx: Context, token: Token, in_preps: set[str], predicate: str) -> None:
    """ "the Toronto-based startup", "a company based in Toronto", "OpenAI is based in SF", "SF, where OpenAI is
    based" (headquarteredIn); "the plant is located in Arizona", "lo stabilimento si trova a Catania" (locatedIn)."""
    doc = ctx.doc
    places = _place_mentions(ctx, [c for c in token.children if dep(c) in ("npadvmod", "compound", "nmod", "obl")])
    # "Toronto-based": the place right before the hyphen, whatever the parser made of it
    if token.i >= 2 and doc[token.i - 1].text in ("-", "‑") and not doc[token.i - 2].whitespace_:
        for m in _place_mentions(ctx, [doc[token.i - 2]]):
            start = ctx.index.spans[m][0]
            city = ctx.index.of(doc[start - 2]) if start >= 2 and doc[start - 1].text == "," else None
            if _is_place(ctx, city) and _inside(city, m):
                places = [p for p in places if p != m]
                m = city  # "Santa Clara, California-based Nvidia": the seat is the city
            if m not in places:
                places.append(m)
    places += [m for m in _place_mentions(ctx, prep_objects(token, in_preps)) if m not in places]
    places = _innermost(ctx, places or _where_place(ctx, token))
    if not places:
        return
    classes = ORGS | {"Person"} if predicate == "headquarteredIn" else frozenset()
    subjects = [c for c in token.children if dep(c) in SUBJ | PASS_SUBJ]
    if subjects:
        holders = [(m, inf) for m, inf in arguments(ctx, subjects, classes) if m not in places and (
            predicate == "locatedIn" or not _is_place(ctx, m))]
    elif dep(token) in ("amod", "acl", "compound", "npadvmod") and token.head.pos_ in ("NOUN", "PROPN"):
        holders = _holders(ctx, token.head, people=True)
    else:
        return
    for holder, inferred in holders:
        for place in places:
            if holder.label != "Place" or _inside(holder, place):
                # a person has no seat: "the London-based analyst Jane Roe" is where she is
                found = "locatedIn" if holder.label == "Person" else predicate
                emit(ctx, holder, found, place, token.sent, "dep.location", inferred=inferred)


def _headquarters(ctx: Context, token: Token, in_preps: set[str], regional_words: set[str]) -> None:
    """ "con sede a Parigi", "OpenAI ha sede a San Francisco", "its (EU) headquarters in Dublin", "Dublin, where Meta
    has its headquarters"."""
    verb = token.head if dep(token) in ("obj", "dobj") and token.head.pos_ in ("VERB", "AUX") else None
    places = _place_mentions(ctx, prep_objects(token, in_preps))
    if not places and verb is not None:
        places = _place_mentions(ctx, prep_objects(verb, in_preps)) or _where_place(ctx, verb)  # "ha sede a Roma"
    places = _innermost(ctx, places)
    if not places:
        return
    owners = [c for c in token.children if dep(c) in ("poss", "nmod:poss", "det:poss")]
    holders = arguments(ctx, owners, ORGS)
    if not holders and verb is not None:
        subject, inferred = clause_subject_of(ctx, verb, ORGS)
        holders = [(subject, inferred)] if subject is not None and not _is_place(ctx, subject) else []
    if not holders and token.head != token and verb is None:
        holders = _holders(ctx, token.head)  # "Mistral AI, startup con sede a Parigi"
    predicate = "locatedIn" if _regional(ctx, token, regional_words) else "headquarteredIn"
    for org, inferred in holders:
        for place in places:
            emit(ctx, org, predicate, place, token.sent, "dep.location", inferred=inferred)


def _facility(ctx: Context, token: Token, in_preps: set[str], facility_verbs: dict[str, bool]) -> None:
    """ "TSMC is building new facilities in Arizona", "Intel's plant in Ohio", "lo stabilimento di ST a Catania":
    an organisation's plant or office somewhere is a location of the organisation, not its seat."""
    doc = ctx.doc
    of_preps = set(ctx.data["location"].get("of_prepositions", ()))
    # the verb's lemma, else one guessed from its ending ("costruirà", which the lemmatiser gets wrong)
    verb = token.head if dep(token) in ("obj", "dobj") and lookup(
        facility_verbs, token.head, ctx.data.get("verb_suffixes", ())) else None
    places = _place_mentions(ctx, prep_objects(token, in_preps))
    if not places and verb is not None:
        places = _place_mentions(ctx, prep_objects(verb, in_preps))
    # read off the surface when the parser went astray: "lo stabilimento di Enel a Catania"
    j, owner = token.i + 1, None
    if j + 1 < len(doc) and doc[j].lower_ in of_preps and ctx.index.of(doc[j + 1]) is not None:
        owner = ctx.index.of(doc[j + 1])
        j = ctx.index.spans[owner][1]
    if not places and j + 1 < len(doc) and doc[j].lower_ in in_preps and _is_place(ctx, ctx.index.of(doc[j + 1])):
        places = [ctx.index.of(doc[j + 1])]
    places = _innermost(ctx, places)
    if not places:
        return
    owners = [c for c in token.children if dep(c) in ("poss", "nmod:poss", "det:poss")]
    owners += [c for c in token.children if dep(c) == "nmod" and case_words(c) & of_preps] + list(prep_objects(token, of_preps))
    holders = [(m, inf) for m, inf in arguments(ctx, owners, ORGS) if not _is_place(ctx, m)]
    if not holders and owner is not None and owner.label == "Organization":
        holders = [(owner, False)]
    if not holders and verb is not None:
        subject, inferred = clause_subject_of(ctx, verb, ORGS)
        if subject is not None and not inferred and not _is_place(ctx, subject):
            holders = [(subject, False)]
    for org, inferred in holders:
        for place in places:
            emit(ctx, org, "locatedIn", place, token.sent, "dep.location", inferred=inferred)


def _place_modifiers(ctx: Context, token: Token, company_nouns: set[str]) -> None:
    """A place modifying a company noun: "the US tech giant", "Canada's Inovia Capital" (country: locatedIn),
    "la società di Cupertino", "a Hong Kong construction firm" (city: headquarteredIn)."""
    of_preps = set(ctx.data["location"].get("of_prepositions", ()))
    for child in token.children:
        place = ctx.index.of(child)
        if not _is_place(ctx, place):
            continue
        d = dep(child)
        before = child.i < token.i and d in ("compound", "amod", "nmod", "poss", "nmod:poss", "npadvmod")
        after = child.i > token.i and d in ("nmod", "pobj") and case_words(child) & of_preps
        # "il colosso Usa", "le aziende Ue": a country's name used as an adjective after the noun
        bare = (child.i == token.i + 1 and not case_words(child) and place_kind(place.text) in ("country", "union")
                and d in ("nmod", "amod", "compound", "flat", "flat:name", "appos"))
        if d == "prep" and child.lower_ in of_preps:
            continue
        if not (before or after or bare):
            continue
        modifier = _mention_span(ctx, place)
        if before and modifier.end < len(ctx.doc) and ctx.doc[modifier.end].tag_ == "POS":
            modifier = ctx.doc[modifier.start:modifier.end + 1]  # "Canada's"
        if after:
            modifier = ctx.doc[token.i:token.i + 1]  # "la società di Cupertino": the noun is the phrase
        holders = described_entities(ctx, modifier, place=place.text)
        for org, inferred, cls in holders:
            if cls == "Organization" and org != place:
                emit(ctx, org, _predicate(place), place, token.sent, "dep.location", inferred=inferred)
    # "the Cupertino company" with the preposition as a ClearNLP child: "the giant of Redmond"
    for place in _place_mentions(ctx, prep_objects(token, of_preps)):
        if token.lower_ not in company_nouns and lemma(token) not in company_nouns:
            continue
        for org, inferred, cls in described_entities(ctx, ctx.doc[token.i:token.i + 1], place=place.text):
            if cls == "Organization":
                emit(ctx, org, _predicate(place), place, token.sent, "dep.location", inferred=inferred)


def _name_modifiers(ctx: Context, mention: Mention) -> None:
    """A place name right before an organisation's name: "the U.S. Congress", "Canada's Inovia Capital"."""
    doc = ctx.doc
    start, end = ctx.index.spans[mention]
    nxt = end + 1 if end < len(doc) and doc[end].tag_ == "POS" else end
    right = ctx.index.of(doc[nxt]) if nxt < len(doc) else None
    if right is None or right.label != "Organization" or ctx.index.spans[right][0] != nxt:
        return
    root = doc[start:end].root
    if dep(root) in ("compound", "nmod", "amod", "npadvmod", "nn", "poss", "nmod:poss") and ctx.index.of(root.head) == right:
        emit(ctx, right, _predicate(mention), mention, root.sent, "dep.location")


def _in_place_list(ctx: Context, first: Mention) -> bool:
    """Whether ``first`` starts a comma chain of places that ends in a coordination.

    "Colombia, Bolivia, Ecuador and Peru" is a list, not "city, region".
    """
    doc = ctx.doc
    coordinators = set(ctx.data["location"].get("coordinators", ()))
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


def _inside(inner: Mention, outer: Mention) -> bool:
    """Whether a place can lie inside another: not when both are known and the first is the larger."""
    a, b = rank(place_kind(inner.text)), rank(place_kind(outer.text))
    return not (a >= 0 and b >= 0 and a >= b)


def _places_in_places(ctx: Context, m: Mention, contained_preps: set[str]) -> None:
    """ "St. Louis, Missouri", "Stoccolma, in Svezia", "Saint Louis University in St. Louis"."""
    doc = ctx.doc
    start, end = ctx.index.spans[m]
    if end + 1 >= len(doc) or m.label != "Place" or _in_place_list(ctx, m):
        return
    sent = doc[start].sent
    # "DAYTON, Ohio": two place names separated only by a comma
    if doc[end].text == ",":
        right = ctx.index.of(doc[end + 1])
        if right is not None and right.label == "Place" and ctx.index.spans[right][0] == end + 1 and _inside(m, right):
            emit(ctx, m, "locatedIn", right, sent, "surface.place_pair")
            return
    # "Stoccolma, in Svezia", "Catania, in Sicilia": a place, a comma and a place in a preposition
    if doc[end].text == "," and end + 2 < len(doc) and doc[end + 1].lower_ in contained_preps:
        right = ctx.index.of(doc[end + 2])
        if (_is_place(ctx, right) and ctx.index.spans[right][0] == end + 2 and _inside(m, right)
                and not _in_place_list(ctx, right)):
            r_end = ctx.index.spans[right][1]
            if r_end >= len(doc) or doc[r_end].lower_ not in set(ctx.data["location"].get("coordinators", ())):
                emit(ctx, m, "locatedIn", right, sent, "dep.location")


def _reflexive(ctx: Context, token: Token, verbs: set[str]) -> bool:
    """A reflexive verb of being somewhere: "si trova a Catania"."""
    return token.pos_ in ("VERB", "AUX") and lemma(token) in verbs and any(
        dep(c) in ("expl", "expl:pv", "expl:impers", "obj", "iobj") and c.lower_ in ("si", "s'", "s’") for c in token.children)


def location_rules(ctx: Context) -> None:
    loc = ctx.data.get("location", {})
    based = set(loc.get("based_words", ()))
    located = set(loc.get("located_words", ()))
    located_verbs = set(loc.get("located_reflexive_verbs", ()))
    facilities = set(loc.get("facility_nouns", ()))
    facility_verbs = dict.fromkeys(loc.get("facility_verbs", ()), True)  # a table for context.lookup
    hq_nouns = set(loc.get("headquarters_nouns", ()))
    in_preps = set(loc.get("in_prepositions", ()))
    contained = set(loc.get("contained_prepositions", ()))
    regional_words = set(loc.get("regional_words", ()))
    company_nouns = set(loc.get("company_nouns", ()))
    institutions = set(loc.get("institution_words", ()))
    of_preps = set(loc.get("of_prepositions", ()))
    for token in ctx.doc:
        nxt = ctx.doc[token.i + 1].lower_ if token.i + 1 < len(ctx.doc) else ""
        if token.lower_ in based or lemma(token) in based:
            _based(ctx, token, in_preps, "headquarteredIn")
        elif token.lower_ in located or lemma(token) in located or _reflexive(ctx, token, located_verbs):
            _based(ctx, token, in_preps, "locatedIn")
        elif (token.pos_ == "NOUN" and (token.lower_ in hq_nouns or lemma(token) in hq_nouns)) or (
                token.pos_ not in ("VERB", "AUX", "ADP") and f"{token.lower_} {nxt}" in hq_nouns):
            _headquarters(ctx, token, in_preps, regional_words)
        elif token.pos_ == "NOUN" and (token.lower_ in facilities or lemma(token) in facilities):
            _facility(ctx, token, in_preps, facility_verbs)
        elif token.pos_ in ("NOUN", "PROPN") and ctx.index.of(token) is None and (
                token.lower_ in company_nouns or lemma(token) in company_nouns
                or ctx.data["class_nouns"].get(token.lower_) == "Organization"):
            _place_modifiers(ctx, token, company_nouns)
    for m in list(ctx.index.mentions):
        outer = ctx.index.nested_in(m)
        if outer is not None and m.label == "Place" and outer.label == "Organization":
            emit(ctx, outer, "locatedIn", m, ctx.doc[ctx.index.spans[m][0]].sent, "dep.location")  # "Ireland's regulator"
            continue
        if _is_place(ctx, m):
            _name_modifiers(ctx, m)
        _places_in_places(ctx, m, contained)
        if m.label in ("Place", "Organization"):
            # "Saint Louis University in St. Louis", "il Teatro alla Scala di Milano": a preposition the parser
            # hung on the name itself, right after it ("of"/"di" only after an institution's name)
            start, end = ctx.index.spans[m]
            root = ctx.doc[start:end].root
            preps = contained | (of_preps if institutions & set(m.text.lower().split()) else set())
            for place in _place_mentions(ctx, prep_objects(root, preps)):
                if place != m and ctx.index.spans[place][0] <= end + 2 and (m.label != "Place" or _inside(m, place)):
                    emit(ctx, m, "locatedIn", place, root.sent, "dep.location")
