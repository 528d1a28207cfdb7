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
    The apposition "PERSON, ROLE di ORG" or "ROLE di ORG PERSON" when the
    parser did not attach the role noun to the person (small parsers often
    make it a sibling or worse); the organisation still comes from the role
    noun's syntax.
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
    A preposition or possessive linking a person to an organisation: "Wang
    Ziqiang at the Institute of Mechanics", "Apple's Tim Cook" (employeeOf),
    "Paolo Ferrero di Rifondazione Comunista" (memberOf); prepositions come
    from the ``affiliation_prepositions`` table.
``surface.affiliation``
    The same, read off the surface when the parser hung the organisation on
    the verb: a person's name, an affiliation preposition and an
    organisation's name in a row ("Paolo Ferrero di Rifondazione Comunista").
``surface.place_pair``
    Two place names separated only by a comma, the press convention for
    "city, region": "DAYTON, Ohio", "St. Louis, Missouri" (locatedIn).
``quote``
    Quoted text attributed to a speaker.

Negated facts are dropped; future and hedged ones are kept with a modality.
"""

from __future__ import annotations

import re
from decimal import Decimal

from spacy.tokens import Doc, Token

from ..types import Fact, Mention, Quantity, Quote
from .context import (
    CONFIDENCE,
    CONFUSABLE,
    INFERRED_PENALTY,
    Context,
    arguments,
    clause_subject_of,
    compatible,
    emit,
    lemma,
    lookup,
    modality_of,
    money_near,
    negated,
    quantities_in,
    signature,
    topic_subject,
)
from .mentions import MentionIndex
from .quantities import language_data
from .syntax import (AGENT, case_words, clause_subjects, dep, dependents, governing_chain, is_finite,
                     prep_objects)

__all__ = ["extract_facts"]


# ---------------------------------------------------------------- rule families


def _verb_rules(ctx: Context) -> None:
    verbs = ctx.data["relation_verbs"]
    for token in ctx.doc:
        if token.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        spec = lookup(verbs, token, ctx.data.get("verb_suffixes", ()))
        if spec is None or (token.pos_ == "NOUN" and dep(token) != "ROOT"):
            continue
        if spec.get("requires") and not any(t.lower_ in spec["requires"] for t in token.children):
            continue
        predicate = spec["relation"]
        domain, range_ = signature(predicate)
        if spec.get("object_class"):
            range_ = frozenset({spec["object_class"]})
        if spec.get("subject_class"):
            domain = frozenset({spec["subject_class"]})
        chain = governing_chain(token)
        if negated(ctx, chain):
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
                if dep(child) in ("obj", "dobj") and quantities_in(ctx, [child]):
                    objects_tokens += list(dependents(child, prep_specs))
        subject_args = arguments(ctx, subject_tokens, domain)
        if (not subject_args and not subject_tokens and ctx.lang == "it" and is_finite(token)
                and dep(token) not in ("xcomp", "acl", "amod")):
            topic = topic_subject(ctx, token, domain)
            if topic is not None:
                subject_args = [(topic, True)]
        object_args = arguments(ctx, objects_tokens, range_)
        if not subject_args or not object_args:
            continue
        modality = modality_of(ctx, chain)
        amount = money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subject_args:
            for obj, o_inf in object_args:
                if spec.get("inverse"):
                    subj, obj = obj, subj
                emit(ctx, subj, predicate, obj, token.sent, "dep.verb", inferred=s_inf or o_inf,
                      modality=modality, amount=amount)


def _role_phrases(ctx: Context):
    """(head token, relation) for each role noun phrase ("amministratore delegato")."""
    roles = ctx.data["role_nouns"]
    longest = max((len(k.split()) for k in roles), default=1)
    doc = ctx.doc
    lowers = [t.lower_ for t in doc]  # read once: a Span or Token per window was most of the cost
    size = len(lowers)
    i = 0
    while i < size:
        matched = False
        for n in range(min(longest, size - i), 0, -1):
            key = " ".join(lowers[i : i + n]).replace(" - ", "-")
            rel = roles.get(key)
            if n == 1 and not rel:
                rel = roles.get(lemma(doc[i]))
            if not rel:
                continue
            span = doc[i : i + n]
            if all(t.pos_ in ("NOUN", "PROPN", "ADJ", "X") or t.text == "-" for t in span):
                yield span.root, span, rel
                i += n
                matched = True
                break
        if not matched:
            i += 1


def _role_rules(ctx: Context) -> None:
    for head, span, predicate in _role_phrases(ctx):
        domain, range_ = signature(predicate)
        if head.i in ctx.index.by_token:
            continue
        preps = set(ctx.data["role_prepositions"])
        org_tokens = [t for tok in span for t in prep_objects(tok, preps)]
        org_tokens += [c for tok in span for c in tok.children if dep(c) in ("poss", "nmod:poss", "compound") and c.i not in range(span.start, span.end)]
        org_tokens += [c for c in head.children if dep(c) == "nmod" and c not in org_tokens and not ({w.lower_ for w in c.children if dep(w) == "case"} - preps)]
        orgs = arguments(ctx, org_tokens, range_)
        if not orgs:
            continue
        persons: list[tuple[Mention, bool]] = []
        # a coordinated role ("a member of X and professor at Y") shares the first one's holder;
        # climb the coordination, even when the parser hung it on a name inside the first role
        anchor = head
        for _ in range(6):
            roles = ctx.data["role_nouns"]
            if (dep(anchor) == "conj" or anchor.pos_ == "ADP" or (anchor != head and ctx.index.of(anchor))
                    or (dep(anchor) == "appos" and (anchor.head.lower_ in roles or lemma(anchor.head) in roles))):
                anchor = anchor.head
            else:
                break
        # "si è dimesso dalla carica di presidente di X": the role hangs on a position noun
        positions = set(ctx.data.get("position_nouns", ()))
        if anchor.head != anchor and (anchor.head.lower_ in positions or lemma(anchor.head) in positions):
            anchor = anchor.head
        # "Mark Zuckerberg, CEO di Meta" (appos or nmod), "Meta CEO Mark Zuckerberg" (compound)
        holder = ctx.index.of(anchor.head) if anchor.head != anchor else None
        # "sindaco di Milano Gabriele Albertini (presidente di X)": a person's name
        # right before the role's comma or bracket beats a non-person head
        doc = head.doc
        separator = doc[span.start - 1].text if span.start >= 2 else None
        before = ctx.index.of(doc[span.start - 2]) if separator in (",", "(") else None
        if (holder is not None and holder.label != "Person" and before is not None
                and before.label == "Person" and ctx.index.spans[before][1] == span.start - 1):
            holder = before
        if holder is not None and compatible(holder.label, domain) and dep(anchor) in ("appos", "nmod", "compound", "flat", "flat:name", "acl", "amod", "npadvmod"):
            persons.append((holder, False))
        # "il CEO di Meta, Zuckerberg", "chief executive Mark Zuckerberg"
        inside_orgs = {t.i for o in org_tokens for t in o.subtree}
        for child in head.children:
            if dep(child) in ("appos", "flat", "flat:name", "nmod", "compound") and child not in org_tokens:
                m = ctx.index.of(child)
                if m is not None and inside_orgs & set(range(*ctx.index.spans[m])):
                    continue  # part of the organisation's own phrase, split by the parser
                if m is not None and compatible(m.label, domain) and all(m != p for p, _ in persons):
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
        if any(dep(c) == "cop" for c in anchor.children) or lemma(anchor.head) in ("be", "essere", "become", "diventare", "restare", "remain"):
            base = anchor if any(dep(c) == "cop" for c in anchor.children) else anchor.head
            subjects = [c for c in base.children if dep(c) in ("nsubj", "nsubj:pass")]
            for subj in subjects:
                for m, inf in arguments(ctx, [subj], domain):
                    if all(m != p for p, _ in persons):
                        persons.append((m, inf))
            if not subjects and ctx.lang == "it" and dep(base) == "root":
                # "Dal 1991 è stato direttore generale del Tesoro": the subject is the topic
                topic = topic_subject(ctx, base, frozenset({"Person"}))
                if topic is not None:
                    persons.append((topic, True))
        extractor = "dep.role"
        if not persons:
            # "Mark Zuckerberg, CEO di Meta," with the role noun attached elsewhere
            if separator == "," and before is not None and compatible(before.label, domain):
                persons.append((before, False))
                extractor = "surface.appos"
            # "il governatore della Banca d'Italia Antonio Fazio", the name hung elsewhere
            last = max(ctx.index.spans[o][1] for o, _ in orgs)
            right = ctx.index.of(doc[last]) if last < len(doc) else None
            if not persons and right is not None and right.label == "Person" and ctx.index.spans[right][0] == last:
                persons.append((right, False))
                extractor = "surface.appos"
        if not persons:
            # "X served as President of Y", "X was elected president of Y", "X è stato nominato presidente di Y"
            verb = anchor.head
            via_as = verb.pos_ == "ADP" and verb.lower_ in ("as", "come", "quale")
            via_as = via_as or any(dep(c) in ("case", "mark") and c.lower_ in ("as", "come", "quale") for c in anchor.children)
            if verb.pos_ == "ADP":
                verb = verb.head
            predicative = via_as or lemma(verb) in set(ctx.data.get("predicative_verbs", ()))
            if predicative and verb != anchor and verb.pos_ in ("VERB", "AUX") and dep(anchor) in (
                    "attr", "oprd", "xcomp", "dobj", "obj", "pobj", "obl", "advcl", "acomp", "nsubj:pass", "nsubjpass"):
                subjects, _ = clause_subjects(verb)
                # the role noun (or a number) parsed as a second subject names no holder
                subjects = [s for s in subjects if s.i != anchor.i and s.pos_ in ("NOUN", "PROPN", "PRON", "X")]
                org_mentions = [o for o, _ in orgs]
                persons.extend(a for a in arguments(ctx, subjects, domain) if a[0] not in org_mentions)
                if not subjects and ctx.lang == "it" and is_finite(verb):
                    # "… è stato eletto presidente della Repubblica": pro-drop, the topic holds it
                    topic = topic_subject(ctx, verb, frozenset({"Person"}))
                    if topic is not None and topic not in org_mentions:
                        persons.append((topic, True))
        sent = head.sent
        role_class = ctx.data["class_nouns"].get(head.lower_) or ctx.data["class_nouns"].get(lemma(head))
        if role_class == "Person" or domain == {"Person"}:
            # the holder of a person's role is a person, whatever the NER said
            persons = [(ctx.index.relabel(p, "Person") if p.label in CONFUSABLE else p, inf) for p, inf in persons]
        for person, inferred in persons:
            for org, o_inf in orgs:
                if compatible(org.label, range_) and compatible(person.label, domain):
                    emit(ctx, person, predicate, org, sent, extractor, inferred=inferred or o_inf)


def _literal_trigger(ctx: Context, tokens) -> tuple[str, Token] | None:
    nouns = ctx.data["literal_nouns"]
    for t in tokens:
        nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        if nxt is not None and f"{t.lower_} {nxt.lower_}" in nouns:
            return nouns[f"{t.lower_} {nxt.lower_}"], t
        if t.pos_ == "NOUN" and (t.lower_ in nouns or lemma(t) in nouns):
            return nouns.get(t.lower_) or nouns[lemma(t)], t
    return None


def _literal_rules(ctx: Context) -> None:
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
                         *(c for c in root.head.children if dep(c) != "conj" and c != root), root.head.head]
        # the nearest trigger in the text wins among the syntactic neighbours
        neighbourhood = sorted({t.i: t for t in neighbourhood if t.i not in range(span.start, span.end)}.values(),
                               key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end + 1)))
        trigger = _literal_trigger(ctx, neighbourhood)
        predicate = None
        anchor = root
        if trigger:
            predicate, anchor = trigger
        else:
            # the amount is the verb's complement, not its subject
            attached = dep(root) in ("obj", "dobj", "obl", "npadvmod", "attr") or root.head.pos_ == "VERB"
            verb = root.head if attached and dep(root) != "nsubj" else None
            # "60 miliardi che spenderà": the money heads a relative clause
            for child in root.children:
                if dep(child) in ("acl:relcl", "relcl") and lemma(child) in verbs:
                    verb = child
            if verb is not None and lemma(verb) in verbs:
                predicate, anchor = verbs[lemma(verb)], verb
        if predicate is None:
            continue
        domain, _ = signature(predicate)
        subject = None
        inferred = False
        owners = [c for c in anchor.children if dep(c) in ("nmod", "poss", "nmod:poss", "compound")]
        found = arguments(ctx, owners, domain)  # "i ricavi di Zoom": the first owner named
        if found:
            subject, inferred = found[0]
        if subject is None:
            subject, inferred = clause_subject_of(ctx, anchor, domain)
        if subject is None:
            continue
        currency = q.currency or last_currency
        value = Quantity(q.start, q.end, q.text, q.value, currency, q.unit)
        chain = governing_chain(anchor) if anchor.pos_ in ("VERB", "AUX") else [anchor.head]
        if negated(ctx, chain):
            continue
        emit(ctx, subject, predicate, value, anchor.sent, "dep.literal", inferred=inferred,
              modality=modality_of(ctx, chain) if anchor.pos_ in ("VERB", "AUX") else None)


def _stock_rules(ctx: Context) -> None:
    changes = ctx.data["stock_change_words"]
    stock_nouns = set(ctx.data["stock_nouns"])
    domain, _ = signature("stockChange")
    for q in ctx.quantities:
        if q.unit != "percent":
            continue
        span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        candidates = [root.head, root.head.head, *root.head.children]
        change = next((t for t in candidates if lemma(t) in changes or t.lower_ in changes), None)
        if change is None:
            continue
        sign = changes.get(lemma(change), changes.get(change.lower_))
        stock = None
        for t in [*change.children, *(c for c in change.children for c in c.children), change.head]:
            if t.lower_ in stock_nouns or lemma(t) in stock_nouns:
                stock = t
                break
        if stock is None:
            continue
        org = None
        for t in stock.children:
            if dep(t) in ("nmod", "compound", "poss", "nmod:poss", "prep"):
                args = arguments(ctx, [t] if dep(t) != "prep" else list(t.children), domain)
                if args:
                    org = args[0][0]
                    break
        inferred = False
        if org is None:
            # "il titolo ha guadagnato il 5%": the company is the one the text is about
            org, inferred = topic_subject(ctx, stock, domain), True
        if org is None:
            continue
        value = Quantity(q.start, q.end, q.text, q.value * Decimal(sign), None, "percent")
        emit(ctx, org, "stockChange", value, change.sent, "dep.stock", inferred=inferred)


def _in_place_list(ctx: Context, first: Mention) -> bool:
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


def _affiliation_rules(ctx: Context) -> None:
    doc = ctx.doc
    preps = ctx.data.get("affiliation_prepositions", {})
    for m in list(ctx.index.mentions):
        start, end = ctx.index.spans[m]
        if m.label == "Place" and end + 1 < len(doc) and doc[end].text == ",":
            right = ctx.index.of(doc[end + 1])
            if right is not None and right.label == "Place" and ctx.index.spans[right][0] == end + 1 \
                    and not _in_place_list(ctx, m):
                emit(ctx, m, "locatedIn", right, doc[start].sent, "surface.place_pair")
        if m.label != "Person":
            continue
        root = doc[start:end].root
        # "Apple's Tim Cook", "NASA's Roger Crouch"
        for child in root.children:
            org = ctx.index.of(child) if dep(child) in ("poss", "nmod:poss") else None
            if org is not None and org.label == "Organization":
                emit(ctx, m, "employeeOf", org, doc[start].sent, "dep.affiliation")
        found = False
        for prep, predicate in preps.items():
            for org, inferred in arguments(ctx, list(prep_objects(root, {prep})), frozenset({"Organization"})):
                if org.label == "Organization":
                    emit(ctx, m, predicate, org, doc[start].sent, "dep.affiliation", inferred=inferred)
                    found = True
        # "…espressa da Paolo Ferrero di Rifondazione Comunista" with the party
        # hung on the verb: the name, the preposition and the organisation in a row
        if not found and end + 1 < len(doc) and doc[end].lower_ in preps:
            org = ctx.index.of(doc[end + 1])
            org_root = doc[slice(*ctx.index.spans[org])].root if org is not None else None
            if (org is not None and org.label == "Organization" and ctx.index.spans[org][0] == end + 1
                    and org_root.head.pos_ in ("VERB", "AUX")):  # hung on the verb, not "at Ford's Theater"
                emit(ctx, m, preps[doc[end].lower_], org, doc[start].sent, "surface.affiliation")
        if end + 2 < len(doc) and doc[end].text == "(":
            org = ctx.index.of(doc[end + 1])
            party_words = set(ctx.data.get("party_words", ()))
            if org is not None and org.label == "Organization" and party_words & set(org.text.lower().split()):
                o_start, o_end = ctx.index.spans[org]
                if o_start == end + 1 and o_end < len(doc) and doc[o_end].text == ")":
                    emit(ctx, m, "memberOf", org, doc[start].sent, "surface.paren")


def _noun_rules(ctx: Context) -> None:
    nouns = ctx.data.get("relation_nouns", {})
    for token in ctx.doc:
        if token.pos_ not in ("NOUN", "PROPN") or ctx.index.of(token) is not None:
            continue
        spec = nouns.get(token.lower_) or nouns.get(lemma(token))
        if spec is None:
            continue
        predicate = spec["relation"]
        domain, range_ = signature(predicate)
        objects = arguments(ctx, list(prep_objects(token, set(spec["object"]))), range_)
        if not objects:
            continue
        agent_tokens = list(prep_objects(token, set(spec.get("agent", ()))))
        # "da parte di X": the agent hangs on "parte"
        agent_tokens += [g for t in agent_tokens if t.lower_ == "parte" for g in prep_objects(t, {"di", "del", "della", "dell'"})]
        agent_tokens += [c for c in token.children if dep(c) in ("poss", "nmod:poss")]
        subjects = [a for a in arguments(ctx, agent_tokens, domain) if a[0] not in [o for o, _ in objects]]
        inferred = False
        if not subjects:
            # "Google ha dato vita ad una partnership con la BBC": the clause's subject
            subject, inferred = clause_subject_of(ctx, token, domain)
            subjects = [(subject, inferred)] if subject is not None else []
        chain = governing_chain(token.head) if token.head.pos_ in ("VERB", "AUX") else [token]
        if negated(ctx, chain):
            continue
        amount = money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subjects:
            for obj, o_inf in objects:
                if subj is not None and subj != obj:
                    emit(ctx, subj, predicate, obj, token.sent, "dep.noun", inferred=s_inf or o_inf, amount=amount,
                          modality=modality_of(ctx, chain) if token.head.pos_ in ("VERB", "AUX") else None)


def _location_rules(ctx: Context) -> None:
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
            place_tokens += [t for t in token.doc[max(token.i - 3, 0):token.i] if t.head == token]
            place_tokens += list(prep_objects(token, in_preps))
            for place, p_inf in arguments(ctx, place_tokens, places):
                for org, o_inf in arguments(ctx, [token.head], orgs):
                    emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        elif token.pos_ == "NOUN" and ctx.data["class_nouns"].get(token.lower_) == "Organization":
            # "Sun Hung Kai Properties, a Hong Kong construction firm": a place modifying the company noun
            place_tokens = [c for c in token.children if dep(c) in ("compound", "amod", "nmod") and not case_words(c)]
            place_tokens += [g for c in token.children if dep(c) == "compound" for g in c.children if dep(g) == "compound"]
            found = [a for a in arguments(ctx, place_tokens, places) if a[0].label == "Place"]
            if found:
                for org, o_inf in arguments(ctx, [token], orgs):
                    if org.label == "Organization":
                        for place, p_inf in found:
                            emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=o_inf or p_inf)
        elif (lower in hq_nouns or lemma(token) in hq_nouns) and token.pos_ == "NOUN":
            place_args = arguments(ctx, list(prep_objects(token, in_preps)), places)
            owners = [c for c in token.children if dep(c) in ("poss", "nmod:poss", "det:poss")]
            org_args = arguments(ctx, [token.head] if token.head != token else [], orgs) or arguments(ctx, owners, orgs)
            for place, p_inf in place_args:
                for org, o_inf in org_args:
                    emit(ctx, org, "headquarteredIn", place, token.sent, "dep.location", inferred=p_inf or o_inf)
        mention = ctx.index.of(token)
        if mention is None or token.i != ctx.index.spans[mention][0] + 0 and ctx.index.of(token.head) is mention:
            continue
        if mention.label not in ("Place", "Organization"):
            continue
        root = token
        if ctx.index.of(root.head) == mention:
            continue
        # "the U.S. Congress", "Paris AFP": a place name modifying the organisation name that follows it
        if mention.label == "Place":
            start, end = ctx.index.spans[mention]
            right = ctx.index.of(ctx.doc[end]) if end < len(ctx.doc) else None
            if (right is not None and right.label == "Organization" and ctx.index.spans[right][0] == end
                    and dep(ctx.doc[start:end].root) in ("compound", "nmod", "amod", "npadvmod", "nn")
                    and ctx.index.of(ctx.doc[start:end].root.head) == right):
                emit(ctx, right, "headquarteredIn", mention, token.sent, "dep.location")
        # "St. Louis, Missouri": a place in apposition to a place
        for child in root.children:
            target = ctx.index.of(child)
            if target is None or target is mention:
                continue
            if dep(child) == "appos" and mention.label == "Place" and target.label == "Place":
                emit(ctx, mention, "locatedIn", target, token.sent, "dep.location")
        # "Saint Louis University in St. Louis"
        for place, inferred in arguments(ctx, list(prep_objects(root, {"in"})), places):
            if place != mention:
                emit(ctx, mention, "locatedIn", place, token.sent, "dep.location", inferred=inferred)


_QUOTE = re.compile(r"«([^«»]+)»|“([^“”]+)[”“]|\"([^\"]+)\"")


def _quote_rules(ctx: Context) -> None:
    data = ctx.data
    speech = set(data["speech_verbs"])
    min_words = int(data.get("quote_min_words", 4))
    doc = ctx.doc
    matches = list(_QUOTE.finditer(doc.text))
    quoted = [(m.start(), m.end()) for m in matches]
    for m in matches:
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
                if token.pos_ in ("VERB", "AUX") and lemma(token) in speech and not any(
                        dep(c) in ("obj", "dobj") and c.pos_ in ("NOUN", "NUM", "PROPN")
                        and not (ctx.index.of(c) is not None and ctx.index.of(c).label == "Person")
                        and not any(a <= c.idx < b for a, b in quoted)  # a quote as the object
                        for c in token.children):
                    subjects, _ = clause_subjects(token)
                    if not subjects:
                        # "ha dichiarato Muti": a speaker after the verb, often parsed as its object
                        subjects = [c for c in token.children if dep(c) in ("obj", "dobj")
                                    and ctx.index.of(c) is not None and ctx.index.of(c).label == "Person"]
                    args = arguments(ctx, subjects, frozenset({"Person", "Organization"}))
                    if args:
                        speaker, inferred = args[0]
                    elif not subjects:
                        speaker = (topic_subject(ctx, token, frozenset({"Person"}))
                                   or topic_subject(ctx, token, frozenset({"Organization"})))
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
                    # the clause the colon closes: its head, else the sentence's
                    # main verb when the colon was hung on a word inside the quote
                    for verb in (colon[0].head, colon[0].sent.root):
                        if verb.i > colon[0].i:
                            continue
                        subjects, _ = clause_subjects(verb)
                        args = arguments(ctx, subjects, frozenset({"Person", "Organization"}))
                        if args:
                            speaker, inferred = args[0]
                            sents = sents | {colon[0].sent}
                            break
        if speaker is None:
            continue
        sent_start = min(s.start_char for s in sents)
        sent_end = max(s.end_char for s in sents)
        fact = Fact(speaker, "says", Quote(start, end, text), sent_start, sent_end,
                    round(CONFIDENCE["quote"] - (INFERRED_PENALTY if inferred else 0), 2), "quote")
        if fact not in ctx.facts:
            ctx.facts.append(fact)


def extract_facts(doc: Doc, lang: str, index: MentionIndex, quantities: list[Quantity]) -> list[Fact]:
    """Run every rule family over a parsed document."""
    ctx = Context(doc, lang, language_data(lang), index, quantities, [])
    _role_rules(ctx)
    _verb_rules(ctx)
    _literal_rules(ctx)
    _stock_rules(ctx)
    _noun_rules(ctx)
    _location_rules(ctx)
    _affiliation_rules(ctx)
    _quote_rules(ctx)
    return ctx.facts
