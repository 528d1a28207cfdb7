"""``quote``: quoted text attributed to a speaker (``says``)."""

from __future__ import annotations

import re

from ...types import Fact, Quote
from ..context import (
    CONFIDENCE,
    INFERRED_PENALTY,
    Context,
    arguments,
    lemma,
    topic_subject,
)
from ..syntax import clause_subjects, dep

__all__ = ["quote_rules"]


_QUOTE = re.compile(r"«([^«»]+)»|“([^“”]+)[”“]|\"([^\"]+)\"")


def quote_rules(ctx: Context) -> None:
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
