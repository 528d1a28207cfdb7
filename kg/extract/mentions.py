"""Entity mentions of a parsed document, as plain :class:`kg.types.Mention` objects.

Sources, in order:

1. the pipeline's named entities, mapped to ontology classes through the
   ``entity_labels`` table of the language data file;
2. typing from context: a proper name right after a class noun ("la startup
   DeepSeek", "the model Llama") gets that noun's class; a country's public
   body named by its country ("Ireland's data regulator") is an organisation,
   with the country nested in it;
3. the organisation list ``kg/data/patterns/organizations.json``: well-known
   organisations the model mistypes or misses ("OpenAI" as a place);
4. name variants: other occurrences of a known name, or of a person's surname,
   that the model missed ("Zuckerberg" at the start of a sentence).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from ..langdata import language_data
from ..types import Mention
from .syntax import dep

__all__ = ["MentionIndex", "collect_mentions", "name_span"]


@dataclass
class MentionIndex:
    """Mentions of one document with a token → mention lookup."""

    mentions: list[Mention] = field(default_factory=list)
    by_token: dict[int, Mention] = field(default_factory=dict)
    spans: dict[Mention, tuple[int, int]] = field(default_factory=dict)

    def add(self, span: Span, label: str, source: str) -> Mention | None:
        if any(i in self.by_token for i in range(span.start, span.end)):
            return None
        mention = Mention(span.start_char, span.end_char, span.text, label, source)
        self.mentions.append(mention)
        self.spans[mention] = (span.start, span.end)
        for i in range(span.start, span.end):
            self.by_token[i] = mention
        return mention

    def relabel(self, mention: Mention, label: str) -> Mention:
        """Give ``mention`` the class ``label`` (a type learnt from context)."""
        if mention.label == label or mention not in self.spans:
            return mention
        new = Mention(mention.start, mention.end, mention.text, label, mention.source)
        self.spans[new] = self.spans.pop(mention)
        for i in range(*self.spans[new]):
            if self.by_token.get(i) == mention:  # not the tokens of the mention a nested one lies in
                self.by_token[i] = new
        self.mentions[self.mentions.index(mention)] = new
        return new

    def add_nested(self, span: Span, label: str, source: str) -> Mention:
        """Record a mention inside another one's tokens ("Ireland" in "Ireland's data regulator").

        Token look-ups keep finding the outer mention; the nested one is in
        :attr:`mentions` and :attr:`spans` only.
        """
        mention = Mention(span.start_char, span.end_char, span.text, label, source)
        if mention not in self.spans:
            self.mentions.append(mention)
            self.spans[mention] = (span.start, span.end)
        return mention

    def nested_in(self, mention: Mention) -> Mention | None:
        """The mention whose tokens a nested mention lies in."""
        outer = self.by_token.get(self.spans[mention][0]) if mention in self.spans else None
        return outer if outer is not None and outer != mention else None

    def remove(self, mention: Mention) -> None:
        """Forget ``mention`` (a span found to be two names, such as "PHILADELPHIA (CBS")."""
        if mention not in self.spans:
            return
        for i in range(*self.spans.pop(mention)):
            if self.by_token.get(i) == mention:
                del self.by_token[i]
        self.mentions.remove(mention)

    def of(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def before(self, char: int, classes: set[str] | None = None) -> list[Mention]:
        """Mentions ending before ``char``, nearest first."""
        found = [m for m in self.mentions if m.end <= char and (classes is None or m.label in classes)]
        return sorted(found, key=lambda m: -m.end)


_TRIM_START = {"DET", "ADP", "PUNCT", "CCONJ", "SPACE"}
_POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}


def _clean(span: Span, roles: frozenset[str] = frozenset(), measures: frozenset[str] = frozenset(), *,
           leading_roles: bool = True) -> Span | None:
    """Trim articles, punctuation and role words off an entity span.

    "Chevron spokesman" is the organisation "Chevron"; "President Trump" is the
    person "Trump": the role word is left for the role rules to read. A
    trailing measure word goes too: "VMware shares", "Google Cloud revenue"
    name the company, the word is for the money rules.
    """
    start, end = span.start, span.end
    texts = [t.text for t in span]
    if "(" in texts and ")" not in texts[texts.index("("):]:
        end = span.start + texts.index("(")  # "Party (PNDS-Tarayya" -> "Party"
    while start < end and (span.doc[start].pos_ in _TRIM_START or span.doc[start].lower_ in ("l'", "l’")
                           or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].pos_ in ("PUNCT", "SPACE") or span.doc[end - 1].is_space):
        end -= 1  # whatever the tagger calls it, white space ends a name ("Llama\n\n")
    while end - start > 1 and span.doc[end - 1].lower_ in roles:
        end -= 1
    while leading_roles and end - start > 1 and span.doc[start].lower_ in roles:
        start += 1  # not for organisations: "General Catalyst", "General Motors"
    while end - start > 1 and (span.doc[end - 1].lower_ in measures or span.doc[end - 1].lower_ in _POSSESSIVE_MARKS):
        end -= 1  # "VMware shares", "Alphabet’s"
    if start >= end:
        return None
    return span.doc[start:end]


def _extend(span: Span, roles: frozenset[str] = frozenset(), nouns: frozenset[str] = frozenset()) -> Span:
    """Include the noun a name is a compound of, when it follows at once ("École polytechnique"),
    unless that noun is a role ("Chevron spokesman") or a class noun ("the Nvidia group", "AI startup")."""
    root = span.root
    nxt = span.end
    if (nxt < len(span.doc) and root.head.i == nxt and dep(root) in ("compound", "flat", "flat:name")
            and span.doc[nxt].pos_ in ("NOUN", "PROPN") and not span.doc[nxt].ent_type_
            and span.doc[nxt].lower_ not in roles and span.doc[nxt].lower_ not in nouns):
        return span.doc[span.start : nxt + 1]
    return span


def _split_possessive(span: Span, cls: str, class_nouns: dict) -> list[tuple[Span, str]]:
    """A name span with a possessive inside is two names: "Microsoft’s Teams" is Microsoft and Teams.

    The owner keeps the NER's class; the owned name takes the class of a
    class noun right after it ("Teams communication app" is a product), else
    the same class.
    """
    cut = next((t.i for t in span[1:-1] if t.lower_ in ("'s", "’s")), None)
    if cut is None:
        return [(span, cls)]
    doc = span.doc
    owner, owned = doc[span.start:cut], doc[cut + 1:span.end]
    owned_cls = cls
    for t in doc[owned.end:min(owned.end + 3, len(doc))]:
        if class_nouns.get(t.lower_) and class_nouns[t.lower_] != "Person":
            owned_cls = class_nouns[t.lower_]
            break
    return [(owner, cls), (owned, owned_cls)]


def name_span(token: Token) -> Span:
    """The proper-name span around ``token`` (flat/compound PROPN neighbours)."""
    doc = token.doc
    start = end = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and doc[start - 1].sent == token.sent:
        start -= 1
    while end + 1 < len(doc) and doc[end + 1].pos_ in ("PROPN", "NUM") and (doc[end + 1].is_title or doc[end + 1].like_num or doc[end + 1].is_upper):
        end += 1
    return doc[start : end + 1]


def collect_mentions(doc: Doc, lang: str) -> MentionIndex:
    """Collect the entity mentions of ``doc``."""
    data = language_data(lang)
    labels = data["entity_labels"]
    class_nouns = data["class_nouns"]
    roles = frozenset(k for k in data["role_nouns"] if " " not in k)
    not_names = frozenset(data.get("not_names", ()))
    location = data.get("location", {})
    # nouns a name is never extended with: "Bolt chips" is the product Bolt, "the Nvidia group" is Nvidia
    nouns = (frozenset(class_nouns) | frozenset(location.get("company_nouns", ()))
             | frozenset(location.get("headquarters_nouns", ())) | frozenset(data.get("made_product_nouns", ())))
    measures = frozenset(w for w in [*data.get("stock_nouns", ()), *data.get("literal_nouns", {})] if " " not in w)
    index = MentionIndex()
    for ent in doc.ents:
        cls = labels.get(ent.label_)
        if not cls:
            continue
        span = _clean(ent, roles, measures, leading_roles=cls != "Organization")
        if span is not None and cls == "Person" and span.text.isupper() and len(span.text) <= 5:
            continue  # an acronym ("GPU") is not a person's name
        if span is not None and (span.text.lower() in data["role_nouns"] or span.text.lower() in not_names):
            continue  # a role ("CEO", "Presidente") or a generic word ("AI", "CdA") names no one by itself
        if span is not None and any(ch.isalpha() for ch in span.text):
            pieces = _split_possessive(span, cls, class_nouns)
            for piece, piece_cls in pieces:
                index.add(_extend(piece, roles | measures, nouns) if len(pieces) == 1 else piece, piece_cls, "ner")
    # typing from context: "la startup DeepSeek", "il modello Llama"
    for token in doc:
        cls = class_nouns.get(token.lower_)
        if not cls or cls == "Person" or token.pos_ not in ("NOUN", "PROPN"):
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is None or not nxt.is_title or nxt.i in index.by_token or nxt.pos_ not in ("PROPN", "X", "NOUN"):
            continue
        if nxt.head == token or token.head == nxt:
            index.add(name_span(nxt), cls, "context")
    _add_known_organizations(doc, index)
    _complete_flat_names(doc, index, frozenset(data["role_nouns"]) | not_names
                         | frozenset(data.get("title_words", ())) | frozenset(data.get("honorifics", ())))
    _split_organization_prefix(doc, index)
    _add_place_institutions(doc, index, frozenset(location.get("public_body_nouns", ())))
    _add_variants(doc, index)
    _harmonise(index)
    index.mentions.sort(key=lambda m: m.start)
    return index


@lru_cache(maxsize=1)
def _organization_pattern() -> re.Pattern:
    data = json.loads((resources.files("kg") / "data" / "patterns" / "organizations.json").read_text("utf-8"))
    names = sorted(set(data["names"]), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _add_known_organizations(doc: Doc, index: MentionIndex) -> None:
    for match in _organization_pattern().finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
        if span is None:
            continue
        covering = {index.by_token.get(i) for i in range(span.start, span.end)} - {None}
        if not covering:
            if span[0].is_title or span[0].is_upper or not span[0].is_alpha or any(ch.isupper() for ch in span.text):
                index.add(span, "Organization", "gazetteer")
        elif len(covering) == 1:
            mention = covering.pop()
            if mention.text == span.text and mention.label in ("Place", "Person"):
                index.relabel(mention, "Organization")


_FLAT = ("flat", "flat:name", "compound")


def _complete_flat_names(doc: Doc, index: MentionIndex, not_first: frozenset[str]) -> None:
    """A name the model cut at the front: "Hewlett" + the mention "Packard Enterprise".

    The word before a mention joins it when it is a capitalised proper noun
    of the same sentence that belongs to no mention and the parse makes it
    one name with the mention (a ``flat``/``compound`` link either way), and
    is not a title, role or generic word (``not_first``: "Mr", "Chair", "CEO").
    """
    for m in list(index.mentions):
        start, end = index.spans[m]
        j = start - 1
        if j < 0 or m.source != "ner" or j in index.by_token:
            continue
        before = doc[j]
        if (before.pos_ != "PROPN" or not before.is_title or before.sent != doc[start].sent
                or before.lower_.rstrip(".") in not_first):
            continue
        linked = any(t.head.i == j and dep(t) in _FLAT for t in doc[start:end]) or (
            dep(before) in _FLAT and start <= before.head.i < end)
        if linked:
            index.remove(m)
            index.add(doc[j:end], m.label, m.source)


def _split_organization_prefix(doc: Doc, index: MentionIndex) -> None:
    """ "Nvidia Jensen Huang" tagged as one person is the organisation Nvidia and the person Jensen Huang.

    A person mention of three or more words splits when its first words are an
    organisation named elsewhere in the document, or a known one, and at
    least two capitalised words remain.
    """
    organizations = {m.text for m in index.mentions if m.label == "Organization"}
    known = _organization_pattern()
    for m in list(index.mentions):
        start, end = index.spans[m]
        if m.label != "Person" or end - start < 3:
            continue
        for k in range(1, end - start - 1):
            head, rest = doc[start:start + k], doc[start + k:end]
            if not all(t.is_title for t in rest):
                continue
            if head.text in organizations or known.fullmatch(head.text):
                index.remove(m)
                index.add(head, "Organization", "context")
                index.add(rest, "Person", m.source)
                break


def _add_place_institutions(doc: Doc, index: MentionIndex, nouns: frozenset[str]) -> None:
    """ "Ireland's data regulator", "Britain's competition watchdog": a public body named by its country.

    The phrase becomes an Organization mention and the place a mention nested
    in it, unless a name follows ("Britain's watchdog CMA") or the phrase is a
    superlative ("Japan's largest bank"). The nouns are the language's
    ``location.public_body_nouns``.
    """
    for m in list(index.mentions):
        start, end = index.spans[m]
        if m.label != "Place" or end >= len(doc) or doc[end].lower_ not in ("'s", "’s"):
            continue
        j = end + 1
        while j < len(doc) and j - end <= 4 and doc[j].pos_ in ("NOUN", "ADJ") and j not in index.by_token:
            j += 1
        head = doc[j - 1]
        if j - 1 <= end or head.pos_ != "NOUN" or (head.lower_ not in nouns and head.lemma_.lower() not in nouns):
            continue
        if j < len(doc) and (j in index.by_token or doc[j].pos_ == "PROPN"):
            continue
        if any(t.tag_ == "JJS" or "Sup" in t.morph.get("Degree") for t in doc[end + 1:j]):
            continue
        index.remove(m)
        index.add(doc[start:j], "Organization", "context")
        index.add_nested(doc[start:end], "Place", m.source)


def _harmonise(index: MentionIndex) -> None:
    """Give every mention of the same name the document's majority label.

    The model may tag "Meta" as an organisation twice and as a place once;
    the rules then see one consistent class.  A lone surname of a person
    named in full in the same document ("Riccardo Muti" ... "Muti") is that
    person, whatever the model says, unless it is a known organisation.
    """
    surnames = _surnames(index)
    for m in list(index.mentions):
        if m.text in surnames and m.label != "Person" and m.source == "ner":
            index.relabel(m, "Person")
    votes: dict[str, dict[str, float]] = {}
    for m in index.mentions:
        weight = 0.5 if m.source == "variant" else 1.0
        votes.setdefault(m.text, {}).setdefault(m.label, 0.0)
        votes[m.text][m.label] += weight
    for m in list(index.mentions):
        counts = votes[m.text]
        best = max(sorted(counts), key=lambda label: counts[label])
        if counts[best] > counts[m.label]:
            index.relabel(m, best)


def _surnames(index: MentionIndex) -> set[str]:
    """The capitalised last words of the persons named in full ("Muti" of
    "Riccardo Muti")."""
    return {parts[-1] for parts in (m.text.split() for m in index.mentions if m.label == "Person")
            if len(parts) >= 2 and parts[-1][:1].isupper()}


def _add_variants(doc: Doc, index: MentionIndex) -> None:
    """Label other occurrences of known names (and persons' surnames)."""
    names: dict[str, str] = {}
    for m in index.mentions:
        names.setdefault(m.text, m.label)
    for surname in sorted(_surnames(index)):
        names.setdefault(surname, "Person")
    if not names:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
    for match in pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="strict")
        if span is None or any(i in index.by_token for i in range(span.start, span.end)):
            continue
        if not all(t.is_title or t.is_upper or t.like_num or not t.is_alpha for t in span):
            continue
        index.add(span, names[match.group(1)], "variant")
