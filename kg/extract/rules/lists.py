"""``list``: a head noun and the names it lists.

"investors including Nvidia, Oracle and Salesforce Ventures", "giochi come Call
of Duty e Diablo", "Tra i partecipanti figurano A, B e C", "its three
co-founders are A, B and C". The head noun (language data ``list_heads``)
says which relation each listed name has, and whether the names are its
subjects (investors invest) or its objects (a company owns its games). The
other argument, the *holder*, is the head's own owner ("Mistral's backers",
"i giochi di Activision"), else the name the head phrase describes
("Bending Spoons, nota per applicazioni come ...") or the clause's subject
or recipient, else, for investors, members and founders, the organisation
the text is about.

The list is read off the surface, because parsers attach long lists in many
ways: names separated by commas and conjunctions, with short articles or
adjectives before a name ("e alla francese Bpifrance") and parentheses after
one ("Bret Taylor (presidente)") skipped. A capitalised name the NER missed
becomes a mention of the head's class; a listed name the NER typed as a
confusable class takes the head's class.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...types import Mention
from ..context import (
    CONFUSABLE,
    Context,
    arguments,
    compatible,
    document_topic,
    emit,
    lemma,
    possessor,
    signature,
)
from ..syntax import OF_PREPS, clause_subjects, dep, dependents, prep_objects

__all__ = ["list_rules", "read_list"]

_MAX_GAP = 12  # tokens between the head noun and its list
_CONNECTORS = {"of", "di", "de", "del", "della", "the", "&", "-", "and"}  # inside a name: "Call of Duty"


def _phrase_at(tokens: list[str], i: int, phrases: list[list[str]]) -> int:
    """Length of the longest phrase of ``phrases`` starting at ``tokens[i]`` (0 if none)."""
    best = 0
    for words in phrases:
        if tokens[i : i + len(words)] == words and len(words) > best:
            best = len(words)
    return best


def _is_name(ctx: Context, token: Token) -> bool:
    if ctx.index.of(token) is not None:
        return True
    return token.pos_ in ("PROPN", "X", "NOUN") and token.text[:1].isupper() and any(c.isalpha() for c in token.text)


def _list_start(ctx: Context, head: Token, lowers: list[str]) -> int | None:
    """Index of the first token after the introducer of ``head``'s list, if it has one."""
    data = ctx.data
    introducers = [p.split() for p in data.get("list_introducers", ())]
    verbs = set(data.get("list_verbs", ()))
    end = min(head.sent.end, head.i + 1 + _MAX_GAP)
    i = head.i + 1
    while i < end:
        token = ctx.doc[i]
        size = _phrase_at(lowers, i, introducers)
        if size:
            return i + size
        if token.text == ":":
            return i + 1
        if token.pos_ in ("VERB", "AUX"):
            # "its co-founders are A, B", "tra i partecipanti figurano A, B": the head hangs on the verb
            return i + 1 if lemma(token) in verbs and head.head == token else None
        if token.text in (".", ";", "(") or ctx.index.of(token) is not None:
            return None
        i += 1
    return None


def read_list(ctx: Context, start: int, cls: str) -> list[Mention]:
    """The names listed from token ``start`` on (see the module docstring)."""
    doc = ctx.doc
    lowers = [t.lower_ for t in doc]
    separators = [p.split() for p in ctx.data.get("list_separators", ())]
    end = doc[start].sent.end if start < len(doc) else start
    items: list[Mention] = []
    i = start
    skipped = 0
    while i < end and not _is_name(ctx, doc[i]):  # "anche importanti attori del venture capital come DST"
        if doc[i].pos_ in ("VERB", "AUX", "PRON") or doc[i].text in (".", ";") or skipped >= 10:
            return []  # "tra cui quelli di Mediobanca": a pronoun, not a list of names
        size = _phrase_at(lowers, i, [p.split() for p in ctx.data.get("list_introducers", ())])
        i += size or 1
        skipped += 1
    titles = set(ctx.data.get("title_words", ())) | set(ctx.data["role_nouns"]) | set(ctx.data.get("not_names", ()))
    org_words = set(ctx.data.get("organization_words", ()))
    while i < end and _is_name(ctx, doc[i]):
        if lowers[i] in titles and ctx.index.of(doc[i]) is None:  # "CEO Mensch": a title before the name
            i += 1
            continue
        mention = ctx.index.of(doc[i])
        if mention is not None:
            i = ctx.index.spans[mention][1]
        else:
            j = i + 1
            while j < end and (_is_name(ctx, doc[j]) and ctx.index.of(doc[j]) is None
                               or (lowers[j] in _CONNECTORS and j + 1 < end and doc[j + 1].text[:1].isupper()
                                   and lowers[j] not in ("and",))):
                j += 1
            mention = ctx.index.add(doc[i:j], cls, "context")
            i = j
        if mention is None:
            break
        if mention.label != cls:
            if mention.label not in CONFUSABLE or cls not in CONFUSABLE:
                break
            words = mention.text.lower().split()
            if cls == "Person" and (len(words) < 2 or set(words) & org_words):
                break  # a list of people holds people; "tra cui Mediobanca" is no board member
            mention = ctx.index.relabel(mention, cls)
        if mention not in items:
            items.append(mention)
        if i < end and doc[i].text == "(":  # "Bret Taylor (presidente)"
            depth, j = 0, i
            while j < end:
                depth += {"(": 1, ")": -1}.get(doc[j].text, 0)
                j += 1
                if depth == 0:
                    break
            i = j
        if i + 2 < end and doc[i].text == "," and doc[i + 1].like_num and doc[i + 2].text == ",":
            i += 2  # "Arthur Mensch, 31, ...": an age after the name
        size = _phrase_at(lowers, i, separators) if i < end else 0
        if not size:
            break
        while size:  # ", and", ", along with"
            i += size
            size = _phrase_at(lowers, i, separators) if i < end else 0
        gap = 0
        while i < end and not _is_name(ctx, doc[i]) and gap < 2 and doc[i].pos_ in ("DET", "ADJ", "ADP"):
            i += 1
            gap += 1
    return items


def _holder(ctx: Context, head: Token, spec: dict, items: list[Mention]) -> tuple[Mention | None, bool]:
    """The argument the listed names share (see the module docstring); second value: inferred."""
    domain, range_ = signature(spec["relation"])
    classes = domain if spec["items"] == "object" else range_
    possessives = set(ctx.data.get("possessives", ()))
    taken = set(items)

    def fits(m: Mention | None) -> bool:
        return m is not None and m not in taken and compatible(m.label, classes) and m.label in classes

    for child in head.children:
        if child.lower_ in possessives and dep(child) in ("poss", "det:poss", "nmod:poss", "det"):
            m, _ = possessor(ctx, child, classes)
            if fits(m):
                return m, True
        if dep(child) in ("poss", "nmod:poss", "compound") and fits(ctx.index.of(child)):
            return ctx.index.of(child), False
    for m, inferred in arguments(ctx, list(prep_objects(head, OF_PREPS)), classes):
        if fits(m):
            return m, inferred
    current = head
    for _ in range(6):
        if current.head == current:
            break
        current = current.head
        if fits(ctx.index.of(current)):
            return ctx.index.of(current), False
        if current.pos_ in ("VERB", "AUX"):
            subjects, _ = clause_subjects(current)
            for m, inferred in arguments(ctx, subjects, classes):
                if fits(m):
                    return m, inferred
            # "conferisce a Microsoft un portafoglio di giochi": the recipient
            for m, inferred in arguments(ctx, list(dependents(current, ["iobj", "obl:a", "obl:al", "pobj:to"])), classes):
                if fits(m):
                    return m, inferred
            break
    if spec["relation"] in ("investsIn", "memberOf", "founderOf") and "Organization" in classes:
        topic = document_topic(ctx, "Organization", before=head.idx)
        if fits(topic):
            return topic, True
    return None, False


def list_rules(ctx: Context) -> None:
    heads = ctx.data.get("list_heads", {})
    if not heads:
        return
    doc = ctx.doc
    lowers = [t.lower_ for t in doc]
    done: set[int] = set()
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or ctx.index.of(token) is not None:
            continue
        key = f"{lowers[token.i - 1]} {token.lower_}" if token.i else ""
        spec = heads.get(key) or heads.get(token.lower_) or heads.get(lemma(token))
        if spec is None:
            continue
        start = _list_start(ctx, token, lowers)
        if start is None or start in done:
            continue
        items = read_list(ctx, start, spec["class"])
        if not items:
            continue
        done.add(start)
        holder, inferred = _holder(ctx, token, spec, items)
        if holder is None:
            continue
        for item in items:
            subject, obj = (item, holder) if spec["items"] == "subject" else (holder, item)
            if subject != obj:
                emit(ctx, subject, spec["relation"], obj, token.sent, "list", inferred=inferred)
