"""Plain, immutable data that the stages hand each other.

No spaCy object appears here: every span is a pair of character offsets into
:attr:`Document.text`, so later stages never depend on one parse.

Examples
--------
>>> doc = Document(text="Meta paga Trump.", source="<stdin>")
>>> len(doc.key), doc.key == doc.content_hash[:16]
(16, True)
>>> Mention(0, 4, "Meta", "Organization").text
'Meta'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

__all__ = [
    "ENTITY_CLASSES",
    "Document",
    "Mention",
    "Quantity",
    "Quote",
    "Fact",
    "Extraction",
    "Entity",
    "Statement",
]

ENTITY_CLASSES = ("Person", "Organization", "Product", "Place", "Event")
"""Ontology classes an entity IRI can have."""


@dataclass(frozen=True)
class Document:
    """One input article.

    ``text`` is the article body without the optional ``date YYYY-MM[-DD]``
    header line, which becomes :attr:`date`.
    """

    text: str
    source: str
    lang: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    doc_id: str | None = None

    @cached_property
    def content_hash(self) -> str:
        """Hex SHA-256 of the UTF-8 text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """Stable document key: the first 16 hex digits of :attr:`content_hash`."""
        return self.content_hash[:16]


@dataclass(frozen=True)
class Mention:
    """A named span of a document: ``text == document.text[start:end]``.

    ``label`` is an ontology class from :data:`ENTITY_CLASSES`.
    """

    start: int
    end: int
    text: str
    label: str
    source: str = "ner"


@dataclass(frozen=True)
class Quantity:
    """A number read from text: money, a percentage or a plain count.

    ``value`` is in units (25 milioni → 25000000); ``currency`` is ISO 4217;
    ``unit`` is ``"percent"`` for percentages. A range ("tra 400 e 650
    milioni") keeps its lower end in ``value`` and its upper end in ``high``.
    """

    start: int
    end: int
    text: str
    value: Decimal
    currency: str | None = None
    unit: str | None = None
    high: Decimal | None = None


@dataclass(frozen=True)
class Quote:
    """Quoted text attributed to a speaker (the quote marks are not included)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Fact:
    """One relation found in one sentence of one document.

    The subject is always a :class:`Mention`; the object is a Mention for
    relations between entities, a :class:`Quantity` for literal-valued
    relations (revenue, stockChange..., and the amount of pays, investsIn and
    acquires) and a :class:`Quote` for ``says`` and for what is ``announces``d
    in the article's words. ``amount`` carries the n-ary money detail of an
    entity-valued pays, investsIn or acquires.
    ``evidence_start``/``evidence_end`` delimit the sentence in the document.
    """

    subject: Mention
    predicate: str
    object: Mention | Quantity | Quote
    evidence_start: int
    evidence_end: int
    confidence: float
    extractor: str
    modality: str | None = None
    amount: Quantity | None = None
    date: str | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything the extractor found in one document."""

    document: Document
    lang: str
    pipeline: str
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A resolved real-world entity.

    ``key`` (``"person/mark-zuckerberg"``) is derived from the class and the
    normalised name and becomes the IRI; ``label`` is the fullest name seen.
    """

    key: str
    cls: str
    label: str
    lang: str
    alt_labels: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One fact, resolved to entity keys, with its provenance.

    ``object`` is an entity key, a :class:`Quantity` or a :class:`Quote`.
    """

    subject: str
    predicate: str
    object: str | Quantity | Quote
    document: str
    lang: str
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    extractor: str
    modality: str | None = None
    amount: Quantity | None = None
    date: str | None = None
