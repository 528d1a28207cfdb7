"""``dep.verb``: a trigger verb with its subject and object arguments.

"Meta paga a Trump ...", "eBay agreed to acquire Skype"; passives, relative
clauses, control chains ("intende implementare") and coordination are
followed. The verbs and their object slots are the language data's
``relation_verbs``.
"""

from __future__ import annotations

from ..context import (
    Context,
    arguments,
    fits_class,
    emit,
    lookup,
    modality_of,
    money_near,
    negated,
    quantities_in,
    signature,
    topic_subject,
)
from ..syntax import (
    AGENT,
    case_words,
    clause_subjects,
    dep,
    dependents,
    governing_chain,
    is_finite,
    prep_objects,
)

__all__ = ["verb_rules"]


def _surface_objects(ctx: Context, verb, slots) -> list:
    """A prepositional object read off the surface when the parse lost it.

    "has invested $2 billion in the AI startup Anthropic": after the verb, in
    the same clause (no verb or stop between), the slot's preposition and
    then, past at most three short words, a name.
    """
    preps = {s.split(":", 1)[1] for s in slots if ":" in s}
    if not preps:
        return []
    doc = verb.doc
    end = min(verb.sent.end, verb.i + 12)
    for i in range(verb.i + 1, end):
        if doc[i].pos_ in ("VERB", "AUX") or doc[i].text in (".", ";", ":", "(", '"', "«", "“"):
            return []
        if doc[i].lower_ in preps:
            for j in range(i + 1, min(i + 5, end)):
                m = ctx.index.of(doc[j])
                if m is not None:
                    return [doc[j]]
                if doc[j].pos_ not in ("DET", "ADJ", "NOUN", "PROPN", "NUM"):
                    break
            return []
    return []


def _infinitive(token) -> bool:
    return "Inf" in token.morph.get("VerbForm") or (token.tag_ == "VB" and any(
        dep(c) in ("aux", "mark") and c.lower_ == "to" for c in token.children))


def _noun_clause_subjects(ctx: Context, noun) -> list:
    """Who is doing what a noun plans: its possessor, else the subject of the clause it is in."""
    for child in noun.children:
        if dep(child) in ("poss", "nmod:poss"):
            return [child]
    current = noun
    for _ in range(4):
        if current.head == current:
            break
        if any(dep(c) == "cop" for c in current.children):  # "HPE è in trattative per acquistare"
            found, _ = clause_subjects(current)
            if found:
                return found
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            found, passive = clause_subjects(current)
            return [] if passive else found
    return []


def _required_child(verb, child) -> bool:
    """Whether ``child`` can be the word a verb entry requires: a particle or an object ("take over", "sign a
    deal"), not a preposition that heads a phrase of its own further on ("took X to court *over* its store")."""
    return dep(child) != "prep" or child.i == verb.i + 1 or not any(dep(g) == "pobj" for g in child.children)


def verb_rules(ctx: Context) -> None:
    verbs = ctx.data["relation_verbs"]
    for token in ctx.doc:
        if token.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        spec = lookup(verbs, token, ctx.data.get("verb_suffixes", ()))
        # a verb the tagger took for a noun ("che guida Microsoft"): a relative clause, or one with a subject
        if spec is None or (token.pos_ == "NOUN" and dep(token) not in ("acl:relcl", "relcl")
                            and not any(dep(c) in ("nsubj", "nsubj:pass") for c in token.children)):
            continue
        if spec.get("requires") and not any(t.lower_ in spec["requires"] and _required_child(token, t)
                                            for t in token.children) and not (
                "Yes" in token.morph.get("Clitic") and token.lower_.endswith(tuple(spec["requires"]))):  # "unirsi"
            continue
        predicate = spec["relation"]
        domain, range_ = signature(predicate)
        if spec.get("object_class"):
            range_ = frozenset({spec["object_class"]})
        if spec.get("subject_class"):
            domain = frozenset({spec["subject_class"]})
        # "if_object=Organization:founderOf": "create a company" founds it, "create a model" develops it
        alternatives = dict(item.split(":", 1) for item in spec.get("if_object", ()))
        range_ = range_ | frozenset(alternatives)
        chain = governing_chain(token)
        if negated(ctx, chain):
            continue
        subjects, passive = clause_subjects(token)
        participle = "Part" in token.morph.get("VerbForm") or token.tag_ == "VBN"
        if not subjects and participle and (dep(token) in ("acl", "amod") or (dep(token) == "appos" and token.pos_ == "VERB")):
            # "a browser developed by Microsoft", "un modello sviluppato da Meta", "Google, controllata da
            # Alphabet," (a participle the parser made an apposition)
            subjects, passive = [token.head], True
        elif (not subjects and dep(token) in ("acl", "advcl") and _infinitive(token)
              and token.head.pos_ in ("NOUN", "PROPN") and ctx.index.of(token.head) is None):
            # "a deal to buy X", "in trattative per rilevare Y": the subject of the clause the noun is in,
            # or the noun's possessor ("Microsoft's deal to buy X")
            subjects = _noun_clause_subjects(ctx, token.head)
        elif (dep(token) == "advcl" and participle and token.head.pos_ in ("VERB", "AUX") and token.lower_.endswith(
                ("ata", "ato", "ati", "ate", "ita", "ito", "iti", "ite", "uta", "uto", "ed", "en"))
                and not any(dep(c) in ("aux", "aux:pass", "auxpass", "nsubj", "nsubj:pass") for c in token.children)):
            # "Fondata da Luca Ferrari, l'azienda ha raccolto...": a bare past participle is passive, its
            # object the main clause's subject
            subjects, passive = clause_subjects(token.head)[0], True
        if passive:
            objects_tokens = subjects
            agent_tokens = list(prep_objects(token, {"da", "dal", "dalla", "dai", "dagli", "by"}))
            agent_tokens += [g for c in token.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]
            # "Microsoft-backed OpenAI", "Google-owned YouTube": the name fused to the participle is the agent
            agent_tokens += [c for c in token.children if dep(c) in ("npadvmod", "compound", "nmod", "obl")
                             and c.i < token.i and token.doc[token.i - 1].text == "-" and ctx.index.of(c) is not None]
            subject_tokens = agent_tokens
            if spec.get("passive_subject"):
                subject_tokens, objects_tokens = subjects, list(dependents(token, spec["object"]))
        else:
            subject_tokens = subjects
            objects_tokens = list(dependents(token, spec["object"]))
        if not objects_tokens and not passive and any(x in ("obj", "dobj") for x in spec["object"]):
            # "che guida Microsoft" with Microsoft parsed as a modifier: a bare name right after the verb
            objects_tokens = [c for c in token.children if dep(c) in ("nmod", "obl", "appos", "npadvmod")
                              and token.i < c.i <= token.i + 3 and not case_words(c) and ctx.index.of(c) is not None]
        if not passive and spec.get("requires") and all(ctx.index.of(t) is None for t in objects_tokens):
            # "ha citato in giudizio Amazon" with Amazon parsed as a modifier of the required word
            objects_tokens += [g for c in token.children if c.lower_ in spec["requires"] for g in c.children
                              if dep(g) in ("nmod", "appos") and not case_words(g) and ctx.index.of(g) is not None]
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
        if not object_args and not passive and objects_tokens:  # the parse found the phrase, not its name
            object_args = arguments(ctx, _surface_objects(ctx, token, spec["object"]), range_)
        if not object_args and predicate in ("partnerOf", "competitorOf") and len(subject_args) >= 2:
            # "Acme e Zeta hanno firmato un accordo": a symmetric relation between coordinated subjects
            for i, (first, f_inf) in enumerate(subject_args):
                for second, s_inf in subject_args[i + 1:]:
                    emit(ctx, first, predicate, second, token.sent, "dep.verb", inferred=f_inf or s_inf,
                         modality=modality_of(ctx, chain))
            continue
        if spec.get("object_class"):  # "invest in Italy" is spending; "Inovia led the funding" heads no company
            object_args = [(o, inf) for o, inf in object_args if fits_class(ctx, o, spec["object_class"])]
        if spec.get("subject_class"):
            subject_args = [(m, inf) for m, inf in subject_args if fits_class(ctx, m, spec["subject_class"])]
        if not subject_args or not object_args:
            continue
        modality = modality_of(ctx, chain)
        amount = money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subject_args:
            for obj, o_inf in object_args:
                relation = alternatives.get(obj.label, predicate)
                if relation != predicate and obj.label not in alternatives:
                    continue
                if relation == predicate and alternatives and obj.label not in (spec.get("object_class") or signature(predicate)[1]):
                    continue  # with alternatives, each object class picks its relation exactly
                if spec.get("inverse"):
                    subj, obj = obj, subj
                emit(ctx, subj, relation, obj, token.sent, "dep.verb", inferred=s_inf or o_inf,
                      modality=modality, amount=amount if relation == predicate else None)
