"""The kg ontology as a closed Python vocabulary.

``KG.ceoOf`` is the IRI of the ``ceoOf`` relation; ``KG.ceoOff`` raises
``AttributeError`` instead of minting a new IRI. The term list mirrors
``ontologies/kg.ttl``; ``tests/test_vocab.py`` fails when the two drift apart.

Examples
--------
>>> from kg.vocab import KG
>>> str(KG.pays)
'https://w3id.org/newskg/ontology#pays'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KG", "KGR", "KGD", "KGS", "ONTOLOGY_IRI"]

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
KGR = Namespace("https://w3id.org/newskg/id/")
"""Namespace of entity IRIs."""
KGD = Namespace("https://w3id.org/newskg/doc/")
"""Namespace of document IRIs."""
KGS = Namespace("https://w3id.org/newskg/stmt/")
"""Namespace of statement IRIs."""


class KG(DefinedNamespace):
    """Terms of the kg ontology (``ontologies/kg.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/newskg/ontology#")

    Agent: URIRef
    Document: URIRef
    Entity: URIRef
    Event: URIRef
    MonetaryAmount: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Product: URIRef
    acquires: URIRef
    amount: URIRef
    announces: URIRef
    betweenness: URIRef
    ceoOf: URIRef
    citizenOf: URIRef
    community: URIRef
    competitorOf: URIRef
    confidence: URIRef
    contentHash: URIRef
    criticizes: URIRef
    currency: URIRef
    date: URIRef
    degree: URIRef
    develops: URIRef
    employeeOf: URIRef
    endOffset: URIRef
    evidence: URIRef
    extractor: URIRef
    extractorVersion: URIRef
    founderOf: URIRef
    headquarteredIn: URIRef
    investsIn: URIRef
    locatedIn: URIRef
    maxAmount: URIRef
    memberOf: URIRef
    mentionedIn: URIRef
    modality: URIRef
    netIncome: URIRef
    ownerOf: URIRef
    pagerank: URIRef
    partnerOf: URIRef
    pays: URIRef
    praises: URIRef
    presidentOf: URIRef
    relation: URIRef
    revenue: URIRef
    says: URIRef
    sourcePath: URIRef
    spends: URIRef
    startOffset: URIRef
    stockChange: URIRef
    studies: URIRef
    subsidiaryOf: URIRef
    sues: URIRef
    unit: URIRef
    valuation: URIRef
