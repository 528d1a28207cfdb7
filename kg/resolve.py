"""Entity resolution: group mentions into entities, within and across documents.

Mentions are matched on a normalised form of their name (case, accents,
leading articles and possessives removed; invisible characters such as bidi
controls are stripped first, by :func:`kg.text.clean_name`, so they never make
a second entity or reach a label). Within a group of candidate
mentions:

- a person's surname or shorter name joins the one full name that ends with
  it ("Zuckerberg" → "Mark Zuckerberg");
- an organisation's acronym joins the name whose initials it spells, and a
  name joins a longer one that starts with it ("Meta" → "Meta Platforms");
- the cross-language alias table ``kg/data/aliases.json`` maps spellings such
  as "Stati Uniti", "USA" and "United States" to one entity, which carries the
  table's spellings as alternative labels;
- a demonym mention ("olandese", "Swedish") stands for the place it names
  ("Paesi Bassi", "Sweden"), from the language's ``demonyms`` table.

Each entity's class is decided by votes: the pipeline's labels and the classes
that the relations it takes part in require (the rules' facts only: a learned
scorer's guess never changes a class). The entity key (and so its IRI)
comes from the class and the fullest name, so it is the same in every run and
every document.

Two rule families may read the same fact in the same sentence; the fact then
keeps one statement (the one of higher confidence), since a statement is one
(document, fact, evidence span) and carries one confidence and one extractor.

Examples
--------
>>> normalise("l'Autorità", "it"), normalise("the U.S.", "en"), normalise("Meta's", "en")
('autorita', 'u s', 'meta')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from .langdata import alias_entries, demonym, language_data
from .ontology import relations as ontology_relations
from .extract.learned import EXTRACTOR as MODEL_EXTRACTOR
from .rdf import entity_key, fold, statement_iri
from .text import clean_name
from .types import Entity, Extraction, Mention, Statement

__all__ = ["normalise", "resolve"]

_SOURCE_WEIGHT = {"ner": 1.0, "context": 1.0, "gazetteer": 1.0, "variant": 0.5}
_LABEL_WEIGHT = 2.0
_SIGNATURE_WEIGHT = 2.5
_CLASS_ORDER = ("Organization", "Person", "Place", "Product", "Event")


@lru_cache(maxsize=None)
def _article_pattern(lang: str) -> re.Pattern:
    articles = language_data(lang)["articles"]
    alternation = "|".join(re.escape(fold(a)) for a in sorted(articles, key=len, reverse=True))
    return re.compile(rf"^(?:(?:{alternation})(?:\s+|(?<=['’])))+")


def normalise(name: str, lang: str) -> str:
    """Matching form of a name: folded, without leading articles or possessive."""
    folded = fold(" ".join(name.split()))
    folded = re.sub(r"['’]s$", "", folded)
    folded = _article_pattern(lang).sub("", folded)
    folded = re.sub(r"[^\w]+", " ", folded).strip()
    return folded


@lru_cache(maxsize=1)
def _aliases() -> dict[str, dict]:
    table: dict[str, dict] = {}
    for entry in alias_entries():
        names = [*entry["labels"].values(), *entry["aliases"]]
        for name in names:
            for lang in ("it", "en"):
                table.setdefault(normalise(name, lang), entry)
    return table


def _name(m: Mention, lang: str) -> str:
    """The name a mention stands for: its text, or for a demonym the place it names."""
    if m.source == "demonym":
        entry = demonym(m.text, lang)
        if entry is not None:
            return entry["place"]
    return m.text


class _Cluster:
    __slots__ = ("mentions", "votes", "signature", "alias", "parent")

    def __init__(self):
        self.mentions: list[tuple[Mention, str, str]] = []  # (mention, doc key, lang)
        self.votes: Counter = Counter()  # labels the pipeline gave the mentions
        self.signature: Counter = Counter()  # classes the cluster's relations require
        self.alias: dict | None = None
        self.parent: _Cluster | None = None

    def root(self) -> _Cluster:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


def _union(a: _Cluster, b: _Cluster) -> _Cluster:
    a, b = a.root(), b.root()
    if a is b:
        return a
    b.parent = a
    a.mentions.extend(b.mentions)
    a.votes.update(b.votes)
    a.signature.update(b.signature)
    a.alias = a.alias or b.alias
    b.mentions, b.votes, b.signature = [], Counter(), Counter()
    return a


def _decide_class(cluster: _Cluster) -> str:
    """The entity's class: the pipeline's labels (as shares, worth 2 in all) plus a
    vote of 2.5 per relation that admits a single class for it, so that one fact
    overrides a statistical label (NER often takes companies for places)."""
    total = sum(cluster.votes.values()) or 1.0
    score = {c: _LABEL_WEIGHT * cluster.votes.get(c, 0) / total + cluster.signature.get(c, 0) for c in _CLASS_ORDER}
    return max(_CLASS_ORDER, key=lambda c: (score[c], -_CLASS_ORDER.index(c)))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper())


def _fullest(forms: Sequence[str]) -> str:
    return sorted(forms, key=lambda f: (-len(f.split()), -len(f), f))[0]


def resolve(extractions: Sequence[Extraction]) -> tuple[list[Entity], list[Statement]]:
    """Group the mentions of all ``extractions`` into entities; map facts to statements."""
    clusters: dict[str, _Cluster] = {}  # normalised name -> cluster
    mention_cluster: dict[tuple[str, Mention], _Cluster] = {}
    rels = ontology_relations()
    for ex in extractions:
        doc_key = ex.document.key
        for m in ex.mentions:
            name = clean_name(m.text)  # the mention as a name: no invisible characters
            norm = normalise(clean_name(_name(m, ex.lang)), ex.lang)
            if not norm:
                continue
            alias = _aliases().get(norm)
            if alias is not None:
                norm = normalise(alias["labels"]["en"], "en")
            cluster = clusters.get(norm)
            if cluster is None:
                cluster = clusters[norm] = _Cluster()
                cluster.alias = alias
            cluster = cluster.root()
            cluster.mentions.append((m if name == m.text else replace(m, text=name), doc_key, ex.lang))
            cluster.votes[m.label] += _SOURCE_WEIGHT.get(m.source, 1.0)
            mention_cluster[(doc_key, m)] = cluster
        for f in ex.facts:
            if f.extractor == MODEL_EXTRACTOR:  # a learned guess never outvotes the pipeline's labels
                continue
            rel = rels[f.predicate]
            for m, allowed in ((f.subject, rel.domain), (f.object, rel.range)):
                if isinstance(m, Mention) and len(allowed) == 1 and (doc_key, m) in mention_cluster:
                    mention_cluster[(doc_key, m)].signature[next(iter(allowed))] += _SIGNATURE_WEIGHT
    for cluster in {id(c.root()): c.root() for c in clusters.values()}.values():
        if cluster.mentions:  # the fullest name's own label breaks ties
            fullest = _fullest([m.text for m, _, _ in cluster.mentions])
            cluster.votes[next(m.label for m, _, _ in cluster.mentions if m.text == fullest)] += 0.5
    _merge_variants(clusters)
    # entities
    entities: dict[int, Entity] = {}
    keys: dict[int, str] = {}
    classes: dict[int, str] = {}
    roots = sorted({id(c.root()): c.root() for c in clusters.values()}.values(), key=lambda c: _fullest([m.text for m, _, _ in c.mentions]) if c.mentions else "")
    for cluster in roots:
        if not cluster.mentions:
            continue
        cls = _decide_class(cluster)
        names = sorted({_name(m, lang) for m, _, lang in cluster.mentions})
        forms = set(names) | {m.text for m, _, _ in cluster.mentions}
        first_lang = cluster.mentions[0][2]
        if cluster.alias is not None:
            key_name = cluster.alias["labels"]["en"]
            label = cluster.alias["labels"].get(first_lang, key_name)
            forms |= set(cluster.alias["aliases"])
        else:
            label = key_name = _fullest(names)
        key = entity_key(cls, key_name)
        docs = tuple(sorted({d for _, d, _ in cluster.mentions}))
        alt = tuple(sorted(f for f in forms if f != label))
        entities[id(cluster)] = Entity(key=key, cls=cls, label=label, lang=first_lang, alt_labels=alt, documents=docs)
        keys[id(cluster)] = key
        classes[id(cluster)] = cls
    # merge entities that ended with the same key (same name, same class)
    by_key: dict[str, Entity] = {}
    for entity in entities.values():
        other = by_key.get(entity.key)
        if other is None:
            by_key[entity.key] = entity
        else:
            forms = sorted(set(other.alt_labels) | set(entity.alt_labels) | {entity.label} - {other.label})
            by_key[entity.key] = Entity(other.key, other.cls, other.label, other.lang, tuple(forms),
                                        tuple(sorted(set(other.documents) | set(entity.documents))))
    statements = []
    for ex in extractions:
        doc_key = ex.document.key
        text = ex.document.text
        for f in ex.facts:
            rel = rels[f.predicate]
            s_cluster = mention_cluster.get((doc_key, f.subject))
            if s_cluster is None:
                continue
            s_root = id(s_cluster.root())
            if rel.domain and classes[s_root] not in rel.domain:
                continue
            obj = f.object
            if isinstance(obj, Mention):
                o_cluster = mention_cluster.get((doc_key, obj))
                if o_cluster is None:
                    continue
                o_root = id(o_cluster.root())
                if o_root == s_root or (rel.range and classes[o_root] not in rel.range):
                    continue
                obj = keys[o_root]
            statements.append(Statement(
                subject=keys[s_root], predicate=f.predicate, object=obj, document=doc_key, lang=ex.lang,
                evidence=text[f.evidence_start:f.evidence_end], evidence_start=f.evidence_start,
                evidence_end=f.evidence_end, confidence=f.confidence, extractor=f.extractor,
                modality=f.modality, amount=f.amount, date=f.date,
            ))
    statements = sorted(_one_per_span(statements),
                        key=lambda s: (s.document, s.evidence_start, s.subject, s.predicate, repr(s.object)))
    return sorted(by_key.values(), key=lambda e: e.key), statements


def _one_per_span(statements: list[Statement]) -> list[Statement]:
    """One statement per statement IRI (document, fact and evidence span): the most
    confident reading, then the first extractor by name, so the choice is deterministic."""
    best: dict[str, Statement] = {}
    for st in sorted(set(statements), key=lambda s: (-s.confidence, s.extractor, repr(s))):
        best.setdefault(str(statement_iri(st)), st)
    return list(best.values())


def _merge_variants(clusters: dict[str, _Cluster]) -> None:
    """Join short names to the one longer name they abbreviate."""
    names = sorted(clusters, key=lambda n: (-len(n.split()), n))
    for short in sorted(clusters, key=lambda n: (len(n.split()), n)):
        cluster = clusters[short].root()
        if not cluster.mentions or cluster.alias is not None:
            continue
        words = short.split()
        originals = {m.text for m, _, _ in cluster.mentions}
        targets = []
        for long in names:
            if long == short or len(long.split()) <= len(words):
                continue
            other = clusters[long].root()
            if other is cluster:
                continue
            long_words = long.split()
            if other.votes.get("Person", 0) > 0 and long_words[-len(words):] == words:
                targets.append(other)
            elif (long_words[: len(words)] == words and other.votes.get("Organization", 0) > 0
                  and cluster.votes.get("Organization", 0) >= max(cluster.votes.values(), default=0)):
                targets.append(other)
        for long in names:
            other = clusters[long].root()
            if other is cluster or len(short) < 2:
                continue
            if any(o.isupper() and len(o) >= 2 and o.replace(".", "") == _initials(lo) for o in originals
                   for lo in {m.text for m, _, _ in other.mentions}):
                targets.append(other)
        unique = {id(t.root()): t.root() for t in targets}
        if len(unique) == 1:
            _union(next(iter(unique.values())), cluster)
