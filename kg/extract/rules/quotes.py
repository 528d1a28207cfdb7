"""``quote``: direct speech attributed to a speaker (``says``).

The object of ``says`` is the quoted text without its marks (and without a
final full stop or comma); each quotation is one fact, however many sentences
it runs over. :mod:`kg.extract.quotation` finds the quotations, this module
finds who said each one, in this order:

1. an attribution that interrupts the quotation between dashes («Per un
   decennio – ha detto X – Apple ha abusato…»): the quotation is cut around
   it, each piece being the quoted part of the sentence it interrupts;
2. a verb of saying outside quotes in the quotation's sentence, the nearest
   first ("“…”, ha dichiarato X, “…”": both quotations are X's), or in the
   short sentence right after it ('"…!" Musk said.'); a verb with a nominal
   object of its own ("annuncia la fusione") introduces no quotation;
3. "secondo X", "according to X", a sentence-initial "per X"; "secondo cui"
   takes the noun the relative clause hangs on;
4. the subject of the clause closed by a colon right before the quotation
   ("Apple in una nota accusa: «…»");
5. a quotation that is a sentence of its own, or that follows a sentence
   with a speaker, continues the last speaker.

The speaker itself comes from :mod:`kg.extract.speakers` (post-verbal
subjects, "analysts at X", documents, pronouns, Italian subject drop).

Direct speech without quotation marks counts when the verb of saying comes
after the quoted clause and before its subject, the inversion that marks it:
"È l'inizio di una nuova era, afferma il CEO Sundar Pichai". "Pichai afferma
che…" (indirect speech) is not ``says``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...types import Fact, Mention, Quote
from ..context import CONFIDENCE, INFERRED_PENALTY, Context
from ..quotation import (
    Quotation,
    dash_segments,
    find_quotations,
    is_title,
    pieces,
    trim,
    word_count,
)
from ..speakers import (
    Speakers,
    after_preposition,
    current,
    is_speech_verb,
    resolve_speaker,
    speaker_after_verb,
    speaker_of_verb,
    speech_kind,
)
from ..syntax import OBJ, SUBJ, clause_subjects, dep, is_relative_pronoun

__all__ = ["quotations_with_speakers", "quote_rules"]

_BARE_ATTRIBUTION = 10  # tokens: '"…!" Musk said.' split off as a sentence of its own


def _speech_verbs_in(ctx: Context, start: int, end: int) -> list[Token]:
    span = ctx.doc.char_span(start, end, alignment_mode="contract")
    return [t for t in span if is_speech_verb(ctx, t)] if span is not None else []


def _attributions(ctx: Context, q: Quotation) -> list[tuple[tuple[int, int, int, int], Token]]:
    """The segments of a quotation that hold an attribution, with its verb of saying.

    Between dashes, any verb of saying; between commas, only a short stretch
    that opens with the verb («Il mercato, spiega Rossi, è in crescita»).
    """
    chosen = []
    dashes = dash_segments(ctx.doc.text, q)
    for seg in dashes or dash_segments(ctx.doc.text, q, commas=True):
        if chosen and seg[0] < chosen[-1][0][3]:
            continue
        verbs = _speech_verbs_in(ctx, seg[1], seg[2])
        words = word_count(ctx.doc.text[seg[1]:seg[2]])
        if not verbs or words > (25 if dashes else 8):
            continue
        if not dashes:
            span = ctx.doc.char_span(seg[1], seg[2], alignment_mode="contract")
            lead = [t for t in span if t.pos_ not in ("AUX", "ADV")] if span is not None else []
            if not lead or lead[0] != verbs[0]:
                continue
        chosen.append((seg, verbs[0]))
    return chosen


def _outside(q: Quotation, segments) -> list[tuple[int, int]]:
    """The quotation's span minus its attribution segments."""
    out, pos = [], q.open
    for seg, _ in segments:
        out.append((pos, seg[0]))
        pos = seg[3]
    out.append((pos, q.close))
    return out


def _just_a_name(ctx: Context, q: Quotation) -> bool:
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or word_count(q.text) < 2:
        return True
    mentions = {ctx.index.of(t) for t in span}
    return len(mentions) == 1 and None not in mentions


def _sentences(ctx: Context, start: int, end: int) -> list[Span]:
    return [s for s in ctx.doc.sents if s.start_char < end and s.end_char > start]


def _blocked(ctx: Context, verb: Token, speakers: Speakers) -> bool:
    """A verb with a nominal object of its own outside quotes ("annuncia la fusione") introduces no quotation.

    Verbs of the ``describe`` kind take an object and the quotation as its
    description ("ha definito l'accordo «…»"); those of the ``tell`` kind an
    addressee ("he told the network").
    """
    if speech_kind(ctx, verb) in ("describe", "tell"):
        return False
    for c in verb.children:
        if dep(c) not in OBJ or c.pos_ not in ("NOUN", "NUM", "PROPN") or speakers.inside_quote(c.idx):
            continue
        if resolve_speaker(ctx, c, speakers)[0] is not None or ctx.data["speaker_nouns"].get(c.lower_) is not None:
            continue  # "ha dichiarato Muti", "afferma il fondatore X" (a post-verbal subject parsed as the object),
            # "told Reuters", "said a statement from X"
        return True
    return False


def _frame_verbs(ctx: Context, q: Quotation, speakers: Speakers) -> list[Token]:
    """Verbs of saying outside quotes in the quotation's sentences, nearest first."""
    sents = _sentences(ctx, q.open, q.close)
    if not sents:
        return []
    following = ctx.doc[sents[-1].end].sent if sents[-1].end < len(ctx.doc) else None
    if (following is not None and following.start_char - q.close <= 2 and len(following) <= _BARE_ATTRIBUTION
            and "\n" not in ctx.doc.text[q.close:following.start_char]
            and not any(speakers.inside_quote(t.idx) for t in following)):
        sents.append(following)
    verbs = [t for s in sents for t in s if is_speech_verb(ctx, t) and not speakers.inside_quote(t.idx)]
    return sorted(verbs, key=lambda v: min(abs(v.idx - q.open), abs(v.idx - q.close)))


def _antecedent(token: Token) -> Token | None:
    """The noun a relative clause hangs on, for its relative pronoun ("secondo cui", "according to which")."""
    current = token
    for _ in range(5):
        if dep(current) in ("acl:relcl", "relcl"):
            return current.head
        if current.head == current:
            return None
        current = current.head
    return None


def _by_preposition(ctx: Context, q: Quotation, speakers: Speakers) -> tuple[Mention | None, Span | None]:
    """"secondo X", "according to X", a sentence-initial "per X"."""
    table = ctx.data["speech_prepositions"]
    for sent in _sentences(ctx, q.open, q.close):
        for token in sent:
            if table.get(token.lower_) not in ("any", "clause-initial") or speakers.inside_quote(token.idx):
                continue
            if table[token.lower_] == "clause-initial" and token.i > sent.start and ctx.doc[token.i - 1].text not in (",", ";", ":"):
                continue
            if dep(token) == "case":
                targets = [token.head]
            else:
                targets = [g for c in token.children if dep(c) == "prep" for g in c.children if dep(g) == "pobj"]
                targets += [g for g in token.children if dep(g) == "pobj"]
            for target in targets:
                if is_relative_pronoun(target) or target.lower_ in ("cui", "which", "whom"):
                    target = _antecedent(target) or target
                m, _ = resolve_speaker(ctx, target, speakers)
                if m is not None:
                    return m, sent
    return None, None


def _by_document(ctx: Context, q: Quotation, speakers: Speakers) -> Mention | None:
    """"«…», le parole del ceo X", "«…», è il commento di X": a document or words noun with its author."""
    for sent in _sentences(ctx, q.open, q.close):
        for token in sent:
            if token.pos_ != "NOUN" or speakers.inside_quote(token.idx):
                continue
            if ctx.data["speaker_nouns"].get(token.lower_) == "document":
                m, _ = resolve_speaker(ctx, token, speakers)
                if m is not None:
                    return m
    return None


def _by_next_sentence(ctx: Context, q: Quotation, speakers: Speakers) -> tuple[Mention | None, Span | None]:
    """The sentence right after the quotation names its speaker.

    "«…». Così X, ceo di Y, ha commentato…"; "«…». Lo ha detto X a margine …",
    "«…». A dirlo è stato X" (a verb of saying at its start whose object is a
    clitic standing for the quotation).
    """
    last = _sentences(ctx, q.open, q.close)[-1]
    if last.end >= len(ctx.doc):
        return None, None
    following = ctx.doc[last.end].sent
    if "\n" in ctx.doc.text[q.close:following.start_char] or following.start_char - q.close > 3:
        return None, None
    opener = following[0]
    verb = next((t for t in following[:6] if is_speech_verb(ctx, t)), None)
    if verb is not None and _clitic_object(verb):
        m, _ = speaker_of_verb(ctx, verb, speakers, drop=False)
        if m is not None:
            return m, following
        # "A dirlo è stato il ceo di Nvidia Jensen Huang": the name after the copula
        for token in following[verb.i - following.start + 1:]:
            if token.pos_ in ("NOUN", "PROPN") and not after_preposition(ctx, token):
                m, _ = resolve_speaker(ctx, token, speakers)
                if m is not None:
                    return m, following
        return None, None
    if ctx.data["speech_prepositions"].get(opener.lower_) != "next-sentence":
        return None, None
    for token in following[1:]:
        if token.pos_ in ("VERB", "AUX") or speakers.inside_quote(token.idx):
            break
        if token.pos_ in ("PROPN", "NOUN") and not after_preposition(ctx, token):
            m, _ = resolve_speaker(ctx, token, speakers)
            if m is not None:
                return m, following
    return None, None


def _clitic_object(verb: Token) -> bool:
    """"Lo ha detto", "L'ha dichiarato", "dirlo": the verb's object is a clitic pronoun."""
    if any(dep(c) in ("obj", "dobj") and "Yes" in c.morph.get("Clitic") for c in verb.children):
        return True
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ == "AUX":
        i -= 1
    before = verb.doc[i] if i >= verb.sent.start else None
    if before is not None and before.lower_ in ("lo", "l'", "l’"):
        return True
    return verb.lower_.endswith(("lo", "la")) and "Inf" in verb.morph.get("VerbForm")


def _by_colon(ctx: Context, q: Quotation, speakers: Speakers) -> tuple[Mention | None, bool, Span | None]:
    """"X sfiducia Fazio: «…»": the subject of the clause the colon closes."""
    before = ctx.doc.text[: q.open].rstrip()
    if not before.endswith(":"):
        return None, False, None
    colon = ctx.doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None, False, None
    # the clause the colon closes: its head, else the sentence's main verb
    # when the colon was hung on a word inside the quote
    for verb in (colon[0].head, colon[0].sent.root):
        if verb.i > colon[0].i or speakers.inside_quote(verb.idx):
            continue
        # "Apple: «…»", a name heading the clause, else the clause's subject
        for s in [verb] if ctx.index.of(verb) is not None and dep(verb) == "root" else clause_subjects(verb)[0]:
            m, inferred = resolve_speaker(ctx, s, speakers, strict=False)
            if m is not None:
                return m, inferred, colon[0].sent
    # the parse failed: the first name that opens a noun phrase of the last
    # comma-delimited stretch before the colon ("Apple in una nota accusa:")
    sent = colon[0].sent
    start = max((t.i for t in sent if t.i < colon[0].i and t.text in (":", ";", ",")), default=sent.start - 1) + 1
    stretch = [t for t in ctx.doc[start: colon[0].i] if not speakers.inside_quote(t.idx) and not after_preposition(ctx, t)]
    for token in stretch:
        m = ctx.index.of(token)
        if m is not None and m.label in ("Person", "Organization", "Place"):
            return m, False, sent
    for token in stretch:
        if token.pos_ == "NOUN":  # "Netta la posizione di Elkann: «…»"
            m, inferred = resolve_speaker(ctx, token, speakers, strict=False)
            if m is not None:
                return m, inferred, sent
    return None, False, None


def _alone(ctx: Context, q: Quotation, speakers: Speakers) -> bool:
    """Whether the quotation's sentence holds nothing but quotations and punctuation."""
    for sent in _sentences(ctx, q.open, q.close):
        for token in sent:
            if not speakers.inside_quote(token.idx) and not token.is_punct and not token.is_space:
                return False
    return True


def _previous_subject(ctx: Context, q: Quotation, speakers: Speakers) -> Mention | None:
    """The person the sentence before a quotation of its own is about ("X è stato chiaro. «…»")."""
    first = ctx.doc.char_span(q.open, q.open + 1, alignment_mode="expand")
    if first is None or first[0].sent.start == 0:
        return None
    previous = ctx.doc[first[0].sent.start - 1].sent
    for s in clause_subjects(previous.root)[0]:
        m, _ = resolve_speaker(ctx, s, speakers)
        if m is not None and m.label == "Person":
            return m
    return None


def _speaker(ctx: Context, q: Quotation, speakers: Speakers) -> tuple[Mention | None, bool, int, int]:
    """Speaker of a quotation with no interrupting attribution, whether inferred, and the evidence span."""
    sents = _sentences(ctx, q.open, q.close)
    start, end = min(s.start_char for s in sents), max(s.end_char for s in sents)
    colon = ctx.doc.text[: q.open].rstrip().endswith(":")
    unnamed = False  # a verb of saying whose subject names no one we know ("Federconsumatori, che … parla di «…»")
    for verb in _frame_verbs(ctx, q, speakers):
        if _blocked(ctx, verb, speakers) and not (colon and verb.idx < q.open):
            continue  # "ha commentato l'accordo: «…»" introduces the quotation all the same
        m, inferred = speaker_of_verb(ctx, verb, speakers)
        if m is not None:
            return m, inferred, min(start, verb.sent.start_char), max(end, verb.sent.end_char)
        unnamed = unnamed or any(not speakers.inside_quote(s.idx) for s in clause_subjects(verb)[0])
    m, sent = _by_preposition(ctx, q, speakers)
    if m is not None:
        return m, False, start, end
    m = _by_document(ctx, q, speakers)
    if m is not None:
        return m, False, start, end
    m, sent = _by_next_sentence(ctx, q, speakers)
    if m is not None:
        return m, False, start, sent.end_char
    m, inferred, sent = _by_colon(ctx, q, speakers)
    if m is not None:
        return m, inferred, min(start, sent.start_char), end
    if unnamed:
        return None, False, start, end
    here = speakers.sentence_index(q.open)
    if _alone(ctx, q, speakers):
        m = speakers.last(q.open, sentences=2) or _previous_subject(ctx, q, speakers)
    else:
        m = next((x for at, x in reversed(speakers.found) if at < q.open and speakers.sentence_index(at) == here - 1), None)
    return m, True, start, end


def _add(ctx: Context, speaker: Mention, start: int, end: int, sent_start: int, sent_end: int, inferred: bool) -> None:
    speaker = current(ctx, speaker)  # an earlier quotation may have relabelled it
    if speaker.label == "Place" and not any(speaker in (f.subject, f.object) for f in ctx.facts):
        # a place that speaks is an organisation the model took for a place ("analysts at Bernstein")
        speaker = ctx.index.relabel(speaker, "Organization")
    fact = Fact(speaker, "says", Quote(start, end, ctx.doc.text[start:end]), sent_start, sent_end,
                round(CONFIDENCE["quote"] - (INFERRED_PENALTY if inferred else 0), 2), "quote")
    if fact not in ctx.facts:
        ctx.facts.append(fact)


def quotations_with_speakers(ctx: Context) -> tuple[list[tuple[Mention, int, int, bool, int, int]], Speakers]:
    """Every attributed piece of quoted text and the speakers' record.

    A piece is (speaker, start, end, inferred, evidence start, evidence end).

    Used by :func:`quote_rules` and by the stance rules that read what a
    quotation says about whom; computed once per document (``ctx.memo``).
    """
    if "quotations" not in ctx.memo:
        ctx.memo["quotations"] = _quotations_with_speakers(ctx)
    return ctx.memo["quotations"]


def _quotations_with_speakers(ctx: Context) -> tuple[list, Speakers]:
    text = ctx.doc.text
    min_words = int(ctx.data.get("quote_min_words", 4))
    quotations = find_quotations(text)
    segments = {q: _attributions(ctx, q) for q in quotations}
    # a name in quotation marks (il "New York Times") is a name, not quoted speech
    quoted = [r for q in quotations if not _just_a_name(ctx, q) for r in _outside(q, segments[q])]
    speakers = Speakers(ctx, quoted)
    for token in ctx.doc:
        if is_speech_verb(ctx, token) and not speakers.inside_quote(token.idx):
            m, inferred = speaker_of_verb(ctx, token, speakers, drop=False)
            if m is not None and not inferred:
                speakers.add(token.idx, m)
    found = []
    for q in quotations:
        segs = segments[q]
        if segs:
            resolved = [speaker_of_verb(ctx, verb, speakers) for _, verb in segs]
            for a, b, k in pieces(text, q, [seg for seg, _ in segs]):
                m, inferred = resolved[k]
                if m is None or word_count(text[a:b]) < min_words:
                    continue
                sent = segs[k][1].sent
                found.append((m, a, b, inferred, min(sent.start_char, a), max(sent.end_char, b)))
                speakers.add(segs[k][1].idx, m)
            continue
        if word_count(q.text) < min_words or is_title(q.text) or not q.closed:
            continue  # too short, a title, or a quotation whose end is unknown
        m, inferred, start, end = _speaker(ctx, q, speakers)
        if m is not None:
            found.append((m, q.start, q.end, inferred, start, end))
            speakers.add(q.open, m)
    found += _unquoted(ctx, speakers, min_words)
    return found, speakers


def _unquoted(ctx: Context, speakers: Speakers, min_words: int) -> list:
    """"È l'inizio di una nuova era, afferma il CEO Sundar Pichai": the verb of saying after the words, before its subject.

    The words are the sentence up to the comma before the verb; they must be a
    clause (a finite verb or a copula) of at least ``min_words`` words, and the
    speaker must be named after the verb (the inversion).
    """
    out = []
    for sent in ctx.doc.sents:
        if any(speakers.inside_quote(t.idx) or t.text in ('"', "“", "”", "«", "»") for t in sent):
            continue
        for verb in sent:
            if not is_speech_verb(ctx, verb) or not ("Fin" in verb.morph.get("VerbForm") or any(
                    dep(c) == "aux" for c in verb.children)):
                continue
            first = verb
            while first.i > sent.start and ctx.doc[first.i - 1].pos_ in ("AUX", "ADV") and ctx.doc[first.i - 1].head == verb:
                first = ctx.doc[first.i - 1]
            if first.i - 1 <= sent.start or ctx.doc[first.i - 1].text != ",":
                continue
            nxt = ctx.doc[verb.i + 1] if verb.i + 1 < sent.end else None
            if nxt is None or nxt.pos_ in ("SCONJ", "PUNCT") or dep(nxt) == "mark":
                continue  # "…, afferma che" (indirect speech), "…, disse."
            if any(dep(c) in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
                continue  # "…, said on Thursday it had raised…"
            if any(dep(c) in SUBJ and c.i < verb.i and resolve_speaker(ctx, c, speakers)[0] is not None
                   for c in verb.children):
                continue  # "Cohere, a company that…, said": the subject comes first
            words = ctx.doc[sent.start: first.i - 1]
            if (word_count(words.text) < min_words or any(is_speech_verb(ctx, t) for t in words)
                    or not any("Fin" in t.morph.get("VerbForm") for t in words)):
                continue
            m, inferred = speaker_after_verb(ctx, verb, speakers)
            if m is None:
                continue
            a, b = trim(ctx.doc.text, words.start_char, words.end_char)
            out.append((m, a, b, inferred, sent.start_char, sent.end_char))
            break
    return out


def quote_rules(ctx: Context) -> None:
    found, _ = quotations_with_speakers(ctx)
    for m, a, b, inferred, start, end in found:
        _add(ctx, m, a, b, start, end, inferred)
