"""``dep.noun``: a relation noun with its arguments.

"l'acquisizione di Skype da parte di eBay", "eBay's acquisition of Skype",
"its acquisition of Splunk" (the possessive's referent), "OpenAI, the company
behind ChatGPT" (the name the noun describes), "una partnership con la BBC"
(the subject is then the subject of the clause the noun is in). An object
named after the noun's amount ("l'acquisizione da 69 miliardi di dollari di
X") is still the noun's. A noun entry marked ``described`` ("the company
behind X", "a rival to X") takes only the name it describes or its owner,
never the clause's subject. The nouns are the language data's
``relation_nouns``.
"""

from __future__ import annotations

from ..context import (
    Context,
    arguments,
    clause_subject_of,
    compatible,
    emit,
    lemma,
    modality_of,
    money_near,
    negated,
    possessor,
    resolve_argument,
    signature,
)
from ..syntax import AGENT, OBJ, dep, governing_chain, prep_objects

__all__ = ["noun_rules"]


def _described(ctx: Context, noun):
    """The name a noun is an apposition or a predicate of ("OpenAI, the company behind X"; "X is a rival").

    The name right before the apposition's comma wins over the parse, which
    often hangs an apposition on an earlier noun.
    """
    doc = noun.doc
    start = min(t.i for t in noun.subtree if t.i <= noun.i)
    if start >= 2 and doc[start - 1].text == ",":
        before = ctx.index.of(doc[start - 2])
        if before is not None and ctx.index.spans[before][1] == start - 1:
            return before
    if dep(noun) == "appos" and ctx.index.of(noun.head) is not None:
        return ctx.index.of(noun.head)
    base = noun if any(dep(c) == "cop" for c in noun.children) else (noun.head if dep(noun) == "attr" else None)
    if base is not None:
        for c in base.children:
            if dep(c) in ("nsubj", "nsubj:pass") and ctx.index.of(c) is not None:
                return ctx.index.of(c)
    return None


def _object_after_amount(ctx: Context, noun, preps: set[str], classes) -> list:
    """The object named right after an amount that follows the noun.

    "l'acquisizione da 12 miliardi di euro della società Zeta", "the
    $6.9 billion purchase of X": parsers hang "di X" on the amount; read off
    the surface, the object is the first name after the noun's amount and an
    object preposition.
    """
    doc = ctx.doc
    after = [q for q in ctx.quantities if q.start >= noun.idx + len(noun.text) and q.start - (noun.idx + len(noun.text)) <= 4]
    if not after:
        return []
    span = doc.char_span(after[0].start, after[0].end, alignment_mode="expand")
    if span is None or span.end + 1 >= len(doc):
        return []
    if doc[span.end].lower_ not in preps:
        return []
    m = ctx.index.of(doc[span.end + 1])
    if m is None and span.end + 2 < len(doc) and doc[span.end + 1].pos_ == "DET":
        m = ctx.index.of(doc[span.end + 2])
    return [(m, False)] if m is not None and compatible(m.label, classes) else []


def noun_rules(ctx: Context) -> None:
    nouns = ctx.data.get("relation_nouns", {})
    cancel = set(ctx.data.get("cancel_lemmas", ()))
    for token in ctx.doc:
        if token.pos_ not in ("NOUN", "PROPN") or ctx.index.of(token) is not None:
            continue
        spec = nouns.get(token.lower_) or nouns.get(lemma(token))
        if spec is None:
            continue
        predicate = spec["relation"]
        domain, range_ = signature(predicate)
        if spec.get("object_class"):
            range_ = frozenset({spec["object_class"]})
        object_preps = set(spec["object"])
        object_tokens = list(prep_objects(token, object_preps))
        if not object_tokens and dep(token) in OBJ and token.head.pos_ in ("VERB", "AUX"):
            # a light verb's object: "ha fatto causa a Google", "made an offer for Y" with the
            # prepositional phrase hung on the verb
            object_tokens = [t for t in prep_objects(token.head, object_preps) if t.i > token.i]
        objects = arguments(ctx, object_tokens, range_)
        if not objects:
            objects = _object_after_amount(ctx, token, object_preps, range_)
        participles = [c for c in token.children if dep(c) in ("acl", "amod") and c.pos_ == "VERB"]
        for participle in participles if not objects else ():
            # "a lawsuit filed against Y": the object hangs on the noun's participle
            objects = arguments(ctx, list(prep_objects(participle, object_preps)), range_)
            if objects:
                break
        if spec.get("object_class") and spec["object_class"] != "Place":
            objects = [(o, inf) for o, inf in objects if o.label != "Place"]  # "investimento in Italia" is spending
        if not objects:
            continue
        possessives = set(ctx.data.get("possessives", ()))
        agent_tokens = list(prep_objects(token, set(spec.get("agent", ()))))
        # "da parte di X": the agent hangs on "parte"
        agent_tokens += [g for t in agent_tokens if t.lower_ == "parte" for g in prep_objects(t, {"di", "del", "della", "dell'"})]
        # ... or on the verb that governs the noun ("ha annunciato l'acquisizione di X da parte di Y")
        agent_tokens += [g for t in token.head.children if t.lower_ == "parte" and t.i > token.i and token.head is not token
                         and any(c.lower_ == "da" for c in t.children)
                         for g in prep_objects(t, {"di", "del", "della", "dell'"})]
        agent_tokens += [c for c in token.children if dep(c) in ("poss", "nmod:poss") and c.lower_ not in possessives]
        # "a lawsuit filed by X against Y", "la causa intentata da X": the agent of the noun's participle
        for participle in participles:
            agent_tokens += list(prep_objects(participle, {"by", "da", "dal", "dalla", "dai", "dagli"}))
            agent_tokens += [g for c in participle.children if dep(c) in AGENT for g in ([c] if c.pos_ != "ADP" else c.children)]

        subjects = [a for a in arguments(ctx, agent_tokens, domain) if a[0] not in [o for o, _ in objects]]
        inferred = False
        for child in token.children:  # "its acquisition of Splunk", "la sua acquisizione di"
            if not subjects and child.lower_ in possessives and dep(child) in ("poss", "det:poss", "nmod:poss", "det"):
                owner, inferred = possessor(ctx, child, domain)
                if owner is not None and all(owner != o for o, _ in objects):
                    subjects = [(owner, True)]
        if not subjects:
            # "OpenAI, the company behind ChatGPT": the noun itself names the agent
            if spec.get("described"):
                own, own_inf = _described(ctx, token), False
            else:
                own, own_inf = resolve_argument(ctx, token, domain)
            if own is not None and all(own != o for o, _ in objects) and ctx.index.of(token) is None:
                subjects = [(own, own_inf)]
        if not subjects and not spec.get("described"):
            # "Google ha dato vita ad una partnership con la BBC": the clause's subject
            subject, inferred = clause_subject_of(ctx, token, domain)
            subjects = [(subject, inferred)] if subject is not None else []
        chain = governing_chain(token.head) if token.head.pos_ in ("VERB", "AUX") else [token]
        if negated(ctx, chain):
            continue
        if predicate in ("acquires", "investsIn") and token.head.pos_ in ("VERB", "AUX") and any(
                lemma(v) in cancel for v in chain):
            continue  # "Adobe abandoned its acquisition of Figma": a deal given up did not happen
        amount = money_near(ctx, token) if predicate in ("pays", "investsIn", "acquires") else None
        for subj, s_inf in subjects:
            for obj, o_inf in objects:
                if subj is not None and subj != obj:
                    if spec.get("inverse"):  # "a fine on Meta": the fined party pays
                        if s_inf:
                            continue  # whoever the text is about did not impose the fine
                        subj, obj = obj, subj
                    emit(ctx, subj, predicate, obj, token.sent, "dep.noun", inferred=s_inf or o_inf, amount=amount,
                          modality=modality_of(ctx, chain) if token.head.pos_ in ("VERB", "AUX") else None)
