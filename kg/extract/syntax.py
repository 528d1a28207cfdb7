"""Small helpers over a spaCy dependency parse, shared by the extraction rules.

Label sets cover both Universal Dependencies (the Italian pipeline) and
ClearNLP-style labels (spaCy's English pipelines).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

__all__ = [
    "AGENT",
    "IOBJ",
    "OBJ",
    "OF_PREPS",
    "PASS_SUBJ",
    "SUBJ",
    "case_words",
    "clause_subjects",
    "conjuncts",
    "dep",
    "dependents",
    "governing_chain",
    "is_finite",
    "is_relative_pronoun",
    "prep_objects",
    "stranded_subject",
]

SUBJ = {"nsubj", "csubj", "expl:impers"}
PASS_SUBJ = {"nsubj:pass", "nsubjpass", "csubj:pass", "csubjpass"}
OBJ = {"obj", "dobj"}
IOBJ = {"iobj", "dative"}
AGENT = {"obl:agent", "agent"}
OF_PREPS = frozenset({"of", "di", "del", "della", "dello", "dei", "degli", "delle", "dell'", "dell’"})
"""The prepositions of belonging ("the CEO of X", "la controllata di X"), English and Italian."""
_OBLIQUE = {"obl", "nmod", "obl:arg", "obl:mod", "advmod"}
_PLACE_RELATIVES = {"dove", "ove", "where"}
_CONTROL = {"xcomp", "advcl", "conj", "ccomp", "acl", "csubj"}


def dep(token: Token) -> str:
    """The token's dependency label, lower-case."""
    return token.dep_.lower()


def is_relative_pronoun(token: Token) -> bool:
    """True for "che", "who", "which", "that" heading a relative clause."""
    return "Rel" in token.morph.get("PronType") or (token.tag_ in ("WDT", "WP") and token.lower_ in {"who", "which", "that"})


def case_words(token: Token) -> set[str]:
    """Lower-cased prepositions attached to ``token`` (UD ``case`` children)."""
    return {c.lower_ for c in token.children if dep(c) == "case"}


def prep_objects(token: Token, preps: set[str]) -> Iterator[Token]:
    """Objects of the prepositions ``preps`` under ``token``, in both styles.

    UD: ``token -obl-> X -case-> prep``; ClearNLP: ``token -prep-> prep -pobj-> X``.
    """
    for child in token.children:
        d = dep(child)
        if d == "prep" or (d == "agent" and "by" in preps):
            if child.lower_ in preps:
                yield from (g for g in child.children if dep(g) in ("pobj", "pcomp"))
        elif (d.split(":")[0] in _OBLIQUE or d in AGENT) and case_words(child) & preps:
            yield child


def dependents(token: Token, specs: Iterable[str]) -> Iterator[Token]:
    """Dependents of ``token`` named by specs such as ``obj``, ``iobj``, ``obl:a``, ``pobj:to``."""
    for spec in specs:
        kind, _, prep = spec.partition(":")
        if prep:
            yield from prep_objects(token, {prep})
        elif kind in ("obj", "dobj"):
            yield from (c for c in token.children if dep(c) in OBJ)
        elif kind in ("iobj", "dative"):
            for c in token.children:
                if dep(c) in IOBJ:
                    if c.pos_ == "ADP":  # ClearNLP "dative" preposition: "pay to X"
                        yield from (g for g in c.children if dep(g) == "pobj")
                    else:
                        yield c


def conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated with it ("OpenAI e Anthropic").

    A comma list without any conjunction ("St. Louis, Missouri, United States")
    is read as apposition, not coordination.
    """
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if dep(child) == "conj" and child not in out and child.pos_ in ("PROPN", "NOUN", "X", "PRON"):
                out.append(child)
                stack.append(child)
    if len(out) > 1 and not any(dep(c) == "cc" for t in out for c in t.children):
        return [token]
    return out


def governing_chain(verb: Token, *, limit: int = 4, through: Iterable[str] = _CONTROL) -> list[Token]:
    """``verb`` and the verbs that govern it through control or coordination (the relations ``through``).

    "Meta intende implementare": for *implementare* the chain is
    [implementare, intende].
    """
    chain = [verb]
    current = verb
    for _ in range(limit):
        if dep(current) not in through or current.head == current:
            break
        if dep(current) == "conj" and any(dep(c) in SUBJ for c in current.children):
            break  # a conjoined clause with its own subject: "X non teme Y, Meta studierà R1"
        current = current.head
        if current.pos_ not in ("VERB", "AUX", "NOUN", "ADJ"):
            break
        chain.append(current)
    return chain


_AUXILIARIES = {"aux", "aux:pass", "auxpass", "cop"}


def _apposed_name(subject: Token, around: list[Token]) -> Token | None:
    """The name a common-noun "subject" is an apposition to, when the parser made it a subject of its own:
    "Instagram, la piattaforma di Meta, ha lanciato…" (two subjects, or the name as an oblique)."""
    start = subject.left_edge.i
    if subject.doc[start].text == ",":  # the comma may hang on either side
        start += 1
    if subject.pos_ != "NOUN" or start < 2 or subject.doc[start - 1].text != ",":
        return None
    return next((c for c in around if c.i < start - 1 and c.pos_ == "PROPN" and c.right_edge.i in (start - 2, start - 1)
                 and c.left_edge.i == c.head.left_edge.i), None)


def clause_subjects(verb: Token) -> tuple[list[Token], bool]:
    """Subjects of ``verb``, climbing control chains; second value: is the clause passive.

    A relative pronoun subject is replaced by the noun the relative clause
    modifies ("Zuckerberg, che guida Meta" → Zuckerberg). A relative adverb
    of place the parser made a subject ("…al Nasdaq, *dove* nel pre-market
    guadagna il 4%") is none: the clause has no subject of its own.
    """
    for v in governing_chain(verb):
        # a subject the parser hung on the verb's auxiliary ("Google was prepared": Google <- was) is the verb's
        around = [*v.children, *(g for a in v.children if dep(a) in _AUXILIARIES for g in a.children)]
        subjects = [c for c in around if dep(c) in SUBJ and c.lower_ not in _PLACE_RELATIVES]
        passive = [c for c in around if dep(c) in PASS_SUBJ and c.lower_ not in _PLACE_RELATIVES]
        found = subjects or passive
        if found:
            out = []
            for s in found:
                if is_relative_pronoun(s) and dep(v) in ("acl:relcl", "relcl", "acl"):
                    s = v.head
                s = _apposed_name(s, around) or s
                if s not in out:
                    out.append(s)
            return out, bool(passive) and not subjects
        stranded = stranded_subject(v)
        if stranded is not None:
            return [stranded], False
        if dep(v) in ("acl:relcl", "relcl") and v == verb:
            continue
        if dep(v) not in _CONTROL:
            break
    return [], False


_LEFT_OF_VERB = {"aux", "aux:pass", "advmod", "neg", "expl", "expl:impers", "expl:pass", "cop"}
_STRANDED_AS = {"obl", "nmod", "dislocated", "appos", "conj", "vocative"}
_SEGMENT_START = {",", ";", ":", "—", "–", "-"}


def is_finite(verb: Token) -> bool:
    """A finite verb form, or a participle/infinitive with its own auxiliary."""
    return "Fin" in verb.morph.get("VerbForm") or any(
        dep(c) in ("aux", "aux:pass") for c in verb.children)


def stranded_subject(verb: Token) -> Token | None:
    """A subject the parser attached to something else.

    "…l'intelligenza artificiale di DeepSeek, Meta studierà R1" is often parsed
    with *Meta* as an ``obl`` of the first clause and *studierà* as a
    subjectless ``parataxis``.  For a finite verb with no subject of its own,
    the noun right before it (past its auxiliaries, clitics and adverbs) is
    taken as its subject when that noun has no preposition, hangs on another
    word as an oblique/modifier (or as a second subject of a verb that has
    one already), and opens its comma-delimited segment.
    """
    if verb.pos_ not in ("VERB", "AUX") or not is_finite(verb):
        return None
    doc, start = verb.doc, verb.sent.start
    i = verb.i - 1
    while i >= start and doc[i].head == verb and dep(doc[i]) in _LEFT_OF_VERB:
        i -= 1
    if i < start:
        return None
    cand = doc[i]
    while dep(cand) in ("flat", "flat:name", "compound") and cand.head.i < cand.i:
        cand = cand.head
    if cand.pos_ not in ("PROPN", "NOUN"):
        return None
    if dep(cand) in SUBJ | PASS_SUBJ:
        # a second subject of another verb: "…di DeepSeek, Meta studierà" with
        # Meta parsed as a subject of the first clause's verb, which has its own
        if cand.head == verb or not any(c != cand and dep(c) in SUBJ | PASS_SUBJ
                                        for c in cand.head.children):
            return None
    elif dep(cand) not in _STRANDED_AS:
        return None
    if any(dep(c) == "case" for c in cand.children):
        return None
    first = cand.left_edge.i
    if first > start and doc[first - 1].text not in _SEGMENT_START:
        return None
    return cand
