"""``dep.role`` and ``surface.appos``: a role noun linking a person and an organisation.

Appositions ("Mark Zuckerberg, CEO di Meta"), copulas ("X è l'amministratore
delegato di Y"), nominal heads ("il CEO di Meta, Zuckerberg", "Meta's chief
executive"). ``surface.appos`` reads "PERSON, ROLE di ORG" or "ROLE di ORG
PERSON" off the surface when the parser did not attach the role noun to the
person; the organisation still comes from the role noun's syntax.
"""

from __future__ import annotations

from ...types import Mention
from ..context import (
    CONFUSABLE,
    Context,
    arguments,
    compatible,
    document_topic,
    emit,
    fits_class,
    lemma,
    possessor,
    signature,
    topic_subject,
)
from ..syntax import case_words, clause_subjects, dep, is_finite, prep_objects

__all__ = ["role_rules"]


def _role_phrases(ctx: Context):
    """(head token, span, relation, inverse) for each role noun phrase ("amministratore delegato").

    ``inverse`` is true for the language data's ``inverse_roles`` ("the parent
    of X"), whose holder is the relation's object.
    """
    inverse_roles = ctx.data.get("inverse_roles", {})
    roles = {**{k: (v, True) for k, v in inverse_roles.items()}, **{k: (v, False) for k, v in ctx.data["role_nouns"].items()}}
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
            content = ("NOUN", "PROPN", "ADJ", "X")
            # "membro del consiglio di amministrazione": function words only inside a listed phrase
            # a listed phrase of several words is taken whatever the tagger made of them ("amministratore
            # delegato" with a verb, "numero uno" with a pronoun); a single word must be a noun or a name
            if (n > 1 and not any(t.pos_ == "PUNCT" and t.text != "-" for t in span)) or (
                    span[0].pos_ in content or (span[0].text == "-")):
                yield span.root, span, *rel
                i += n
                matched = True
                break
        if not matched:
            i += 1


def _left_edge(ctx: Context, span) -> int:
    """Where a role phrase starts once coordinated roles and title words before it are included."""
    doc = span.doc
    roles = ctx.data["role_nouns"]
    skip = set(ctx.data.get("title_words", ())) | {"e", "ed", "and", "&", "-", "ex", "former", "già"}
    i = span.start
    while i > 0 and (doc[i - 1].lower_ in skip or doc[i - 1].lower_ in roles or lemma(doc[i - 1]) in roles
                     or doc[i - 1].pos_ in ("DET", "ADV")):
        i -= 1
    return i


def _direct_orgs(ctx: Context, head, span, range_) -> tuple[list, list[tuple[Mention, bool]]]:
    """The organisation tokens and mentions a role phrase names itself ("CEO di Meta", "Meta's CEO")."""
    preps = set(ctx.data["role_prepositions"])
    org_tokens = [t for tok in span for t in prep_objects(tok, preps)]
    org_tokens += [c for tok in span for c in tok.children if dep(c) in ("poss", "nmod:poss", "compound") and c.i not in range(span.start, span.end)]
    org_tokens += [c for c in head.children if dep(c) == "nmod" and c not in org_tokens and not ({w.lower_ for w in c.children if dep(w) == "case"} - preps)
                   and not (not case_words(c) and ctx.index.of(c) is not None and ctx.index.of(c).label == "Person")]  # "il CEO Tim Cook"
    possessives = set(ctx.data.get("possessives", ()))
    titles = set(ctx.data.get("title_words", ()))
    # "Chief Scientist", "ex CEO": a title word is no organisation, however it is capitalised
    org_tokens = [t for t in org_tokens if t.lower_ not in possessives and not (t.lower_ in titles and ctx.index.of(t) is None)]
    return org_tokens, arguments(ctx, org_tokens, range_)


def _implied_orgs(ctx: Context, head, span, range_, named: dict[int, list]) -> list[tuple[Mention, bool]]:
    """The organisation of a role phrase that names none itself.

    * a coordinated role shares it: "co-founder and CEO of Binance";
    * a possessive determiner gives it: "its CEO", "il suo amministratore delegato";
    * a bare corporate role ("il CEO Sundar Pichai", "the former CEO") is the
      role at the organisation the text is about, when one is clear (the
      language data's ``topic_roles``).
    """
    partners = [c for tok in span for c in tok.children if dep(c) == "conj" and c.i not in range(span.start, span.end)]
    for tok in span:
        if dep(tok) == "conj" and tok.head.i not in range(span.start, span.end):
            partners.append(tok.head)
            partners += [c for c in tok.head.children if dep(c) == "conj" and c.i not in range(span.start, span.end)]
    for partner in partners:
        if named.get(partner.i):
            return named[partner.i]
    if range_ != frozenset({"Organization"}):
        return []  # the possessive and topic readings are for the posts people hold
    possessives = set(ctx.data.get("possessives", ()))
    for tok in span:
        for child in tok.children:
            if child.lower_ in possessives and dep(child) in ("det:poss", "poss", "det", "nmod:poss"):
                owner, _ = possessor(ctx, child, range_, salient_only=True)
                return [(owner, True)] if owner is not None else []
    phrase = " ".join(t.lower_ for t in span).replace(" - ", "-")
    topic_roles = ctx.data.get("topic_roles", {})
    if not (phrase in topic_roles or lemma(head) in topic_roles) or "Organization" not in range_:
        return []
    preps = set(ctx.data["role_prepositions"])
    if any(True for tok in [*span, *partners] for _ in prep_objects(tok, preps)):
        return []  # "CEO of Microsoft Gaming": it names an organisation, one the NER missed
    orgs = frozenset({"Organization"})
    current = head
    for _ in range(4):  # "Acme said it will be run by a new CEO, Jane Roe"
        if current.head == current:
            break
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            subjects, _ = clause_subjects(current)
            found = [m for m, _ in arguments(ctx, subjects, orgs) if m.label == "Organization"]
            if found:
                return [(found[0], True)]
            break
    topic = document_topic(ctx, "Organization", before=head.idx)
    if topic is None:
        return []
    sent = head.sent
    others = {m.text for m in ctx.index.mentions if m.label == "Organization"
              and sent.start_char <= m.start < sent.end_char and m.text != topic.text}
    if others:
        return []  # another organisation in the sentence may be the one meant: no guess
    return [(topic, True)]


def role_rules(ctx: Context) -> None:
    phrases = list(_role_phrases(ctx))
    surnames = {m.text.split()[-1] for m in ctx.index.mentions if m.label == "Person" and len(m.text.split()) > 1}
    direct: dict[int, tuple[list, list]] = {}
    for head, span, predicate, inverse in phrases:
        domain, range_ = signature(predicate)
        direct[head.i] = _direct_orgs(ctx, head, span, domain if inverse else range_)
    # the organisations each role phrase names, under every token of the phrase: a coordinated role may hang
    # on any of them ("co - founder and CEO of X", where the parser made "co" the phrase's root)
    named: dict[int, list] = {}
    for head, span, _, _ in phrases:
        if direct[head.i][1]:
            for i in range(span.start, span.end):
                named.setdefault(i, direct[head.i][1])
    for head, span, predicate, inverse in phrases:
        domain, range_ = signature(predicate)
        if inverse:  # "Alphabet, the parent of Google": the holder is the object
            domain, range_ = range_, domain
        if head.i in ctx.index.by_token:
            continue
        org_tokens, orgs = direct[head.i]
        implied = False
        if not orgs:
            orgs = _implied_orgs(ctx, head, span, range_, named)
            implied = True
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
        # "one of the co-founders of X", "una dei cofondatori di X": the partitive holds the role
        up = anchor.head.head if anchor.head.pos_ == "ADP" else anchor.head
        if up != anchor and up.lower_ in set(ctx.data.get("partitive_words", ())):
            anchor = up
        # "si è dimesso dalla carica di presidente di X": the role hangs on a position noun
        positions = set(ctx.data.get("position_nouns", ()))
        if anchor.head != anchor and (anchor.head.lower_ in positions or lemma(anchor.head) in positions):
            anchor = anchor.head
        # "Mark Zuckerberg, CEO di Meta" (appos or nmod), "Meta CEO Mark Zuckerberg" (compound)
        holder = ctx.index.of(anchor.head) if anchor.head != anchor else None
        # "sindaco di Milano Gabriele Albertini (presidente di X)": a person's name
        # right before the role's comma or bracket beats a non-person head
        doc = head.doc
        # the role's left edge, past coordinated roles and title words: "Jensen Huang, fondatore e numero uno di X"
        left = _left_edge(ctx, span)
        separator = doc[left - 1].text if left >= 2 else None
        before = ctx.index.of(doc[left - 2]) if separator in (",", "(") else None
        if before is not None and ctx.index.spans[before][1] != left - 1:
            before = None
        if (holder is not None and holder.label != "Person" and before is not None
                and before.label == "Person" and ctx.index.spans[before][1] == span.start - 1):
            holder = before
        if holder is not None and compatible(holder.label, domain) and dep(anchor) in ("appos", "nmod", "compound", "flat", "flat:name", "acl", "amod", "npadvmod"):
            persons.append((holder, False))
        # "il CEO di Meta, Zuckerberg", "chief executive Mark Zuckerberg"
        inside_orgs = {t.i for o in org_tokens for t in o.subtree}
        # "all'amministratore delegato Giovanni Perissinotto": the name may hang on any word of the role
        for child in [c for tok in span for c in tok.children if c.i not in range(span.start, span.end)]:
            if dep(child) in ("appos", "flat", "flat:name", "nmod", "compound") and child not in org_tokens:
                m = ctx.index.of(child)
                titles = set(ctx.data.get("title_words", ())) | set(ctx.data["role_nouns"])
                if (m is None and child.i > head.i and not case_words(child) and domain == frozenset({"Person"})
                        and child.pos_ == "PROPN" and not {t.lower_ for t in child.subtree} & titles):
                    # "il CEO Sundar Pichai" with the name untagged: a person's name right after the role
                    m = next((a for a, _ in arguments(ctx, [child], domain) if a.label == "Person"), None)
                if m is not None and inside_orgs & set(range(*ctx.index.spans[m])):
                    continue  # part of the organisation's own phrase, split by the parser
                if m is not None and compatible(m.label, domain) and all(m != p for p, _ in persons):
                    persons.append((m, False))
        # "il governatore della Banca d'Italia Antonio Fazio": the name hangs on the role or its organisation
        if not persons:
            org_heads = [t for o, _ in orgs for t in head.doc[slice(*ctx.index.spans[o])]] if orgs and not implied else []
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
            last = max(ctx.index.spans[o][1] for o, _ in orgs) if not implied else span.end
            right = ctx.index.of(doc[last]) if last < len(doc) else None
            if (not persons and last + 1 < len(doc) and doc[last].text == "," and not implied):
                # "Il fondatore di Amazon, Jeff Bezos,": the name after the organisation's comma
                right = ctx.index.of(doc[last + 1])
                last += 1
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
            if predicative and verb != anchor and verb.pos_ in ("VERB", "AUX") and (dep(anchor) in (
                    "attr", "oprd", "xcomp", "dobj", "obj", "pobj", "obl", "advcl", "acomp", "nsubj:pass", "nsubjpass")
                    or dep(anchor).startswith("obl:")):
                subjects, passive = clause_subjects(verb)
                if not passive and lemma(verb) in set(ctx.data.get("appointment_verbs", ())):
                    # "appointed Mira Murati to an interim CEO role", "dare il benvenuto a X come CEO":
                    # the post goes to the person the verb acts on
                    given = [c for c in verb.children if c.i != anchor.i and (dep(c) in ("obj", "dobj", "iobj", "dative", "oprd")
                             or (dep(c) == "obl" and case_words(c) & {"a", "ad", "al", "alla", "to"}))]
                    holders = [a for a in arguments(ctx, given, domain) if a[0].label == "Person"]
                    if holders:
                        subjects = []
                        persons.extend(holders)
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
                if range_ == frozenset({"Organization"}) and org.label == "Person" and (
                        not fits_class(ctx, org, "Organization") or org.text in surnames):
                    continue  # "il portavoce di Prodi": a person's aide, not a company's employee
                if compatible(org.label, range_) and compatible(person.label, domain):
                    subject, obj = (org, person) if inverse else (person, org)
                    emit(ctx, subject, predicate, obj, sent, extractor, inferred=inferred or o_inf or implied)
