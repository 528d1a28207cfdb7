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
    emit,
    lemma,
    signature,
    topic_subject,
)
from ..syntax import clause_subjects, dep, is_finite, prep_objects

__all__ = ["role_rules"]


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


def role_rules(ctx: Context) -> None:
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
