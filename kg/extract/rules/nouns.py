"""``dep.noun``: a relation noun with its arguments.

"l'acquisizione di Skype da parte di eBay", "eBay's acquisition of Skype",
"una partnership con la BBC" (the subject is then the subject of the clause
the noun is in). The nouns are the language data's ``relation_nouns``.
"""

from __future__ import annotations

from ..context import (
    Context,
    arguments,
    clause_subject_of,
    emit,
    lemma,
    modality_of,
    money_near,
    negated,
    signature,
)
from ..syntax import dep, governing_chain, prep_objects

__all__ = ["noun_rules"]


def noun_rules(ctx: Context) -> None:
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
                    if spec.get("inverse"):  # "a fine on Meta": the fined party pays
                        if s_inf:
                            continue  # whoever the text is about did not impose the fine
                        subj, obj = obj, subj
                    emit(ctx, subj, predicate, obj, token.sent, "dep.noun", inferred=s_inf or o_inf, amount=amount,
                          modality=modality_of(ctx, chain) if token.head.pos_ in ("VERB", "AUX") else None)
