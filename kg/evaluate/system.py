"""The system side: the entity names and relation facts of a graph written by ``kg build``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .names import relation_names

__all__ = ["AMOUNT_RELATIONS", "SystemFact", "SystemGraph", "read_system"]

AMOUNT_RELATIONS = frozenset({"pays", "invests_in", "acquires"})
"""Relations whose gold literal objects are matched against ``kg:amount``."""


@dataclass(frozen=True)
class SystemFact:
    """One system fact: an asserted relation triple, or an amount fact of a statement."""

    subject: str  # entity IRI
    relation: str  # snake_case
    object: str  # entity IRI, quote text or number (as text)
    kind: str  # "entity", "number", "quote", "amount"
    value: Decimal | None = None
    evidence: str = ""
    high: Decimal | None = None  # upper end of a range (kg:maxAmount)
    extractor: str = ""


@dataclass
class SystemGraph:
    """The names of every labelled entity and the facts of one graph, in sorted order."""

    names: dict[str, set[str]]
    facts: list[SystemFact]

    def label(self, iri: str) -> str:
        names = self.names.get(iri)
        return min(names, key=lambda n: (-len(n), n)) if names else iri.rsplit("/", 1)[-1]


def read_system(graph) -> SystemGraph:
    """Read the entity names and the relation facts of a graph written by ``kg build``."""
    from rdflib import RDF, RDFS, SKOS, Literal, URIRef

    from ..vocab import KG

    relations = relation_names()
    names: dict[str, set[str]] = {}
    for pred in (RDFS.label, SKOS.altLabel):
        for s, o in graph.subject_objects(pred):
            if isinstance(s, URIRef) and isinstance(o, Literal):
                names.setdefault(str(s), set()).add(str(o))

    def statements(s, p, o) -> list:
        return sorted(
            st for st in graph.subjects(RDF.subject, s) if (st, RDF.predicate, p) in graph and (st, RDF.object, o) in graph
        )

    def evidence(s, p, o) -> str:
        texts = sorted(str(ev) for st in statements(s, p, o) for ev in graph.objects(st, KG.evidence))
        return texts[0] if texts else ""

    def extractor(s, p, o) -> str:
        names = sorted(str(x) for st in statements(s, p, o) for x in graph.objects(st, KG.extractor))
        return names[0] if names else ""

    def high(s, p, o) -> Decimal | None:
        for st in statements(s, p, o):
            for value in graph.objects(st, KG.maxAmount):
                return Decimal(str(value))
        return None

    facts: list[SystemFact] = []
    for snake, local in relations.items():
        pred = KG[local]
        seen: set[tuple[str, Decimal]] = set()  # amounts: (subject, value) once, from the object or kg:amount
        for s, o in sorted(graph.subject_objects(pred)):
            if not isinstance(s, URIRef):
                continue
            common = {"evidence": evidence(s, pred, o), "extractor": extractor(s, pred, o)}
            if isinstance(o, URIRef):
                facts.append(SystemFact(str(s), snake, str(o), "entity", **common))
            elif isinstance(o, Literal) and (snake == "says" or o.language):
                facts.append(SystemFact(str(s), snake, str(o), "quote", **common))
            elif isinstance(o, Literal):
                try:
                    value = Decimal(str(o))
                except InvalidOperation:
                    continue
                kind = "amount" if snake in AMOUNT_RELATIONS else "number"
                if kind == "amount":
                    if (str(s), value) in seen:
                        continue
                    seen.add((str(s), value))
                facts.append(SystemFact(str(s), snake, str(o), kind, value=value, high=high(s, pred, o), **common))
        if snake in AMOUNT_RELATIONS:
            for st in sorted(graph.subjects(RDF.predicate, pred)):
                for s in graph.objects(st, RDF.subject):
                    for amount in graph.objects(st, KG.amount):
                        try:
                            value = Decimal(str(amount))
                        except InvalidOperation:
                            continue
                        if (str(s), value) in seen:
                            continue
                        seen.add((str(s), value))
                        ev = next((str(e) for e in graph.objects(st, KG.evidence)), "")
                        ex = next((str(e) for e in graph.objects(st, KG.extractor)), "")
                        top = next((Decimal(str(h)) for h in graph.objects(st, KG.maxAmount)), None)
                        facts.append(SystemFact(str(s), snake, str(amount), "amount", value=value, evidence=ev,
                                                extractor=ex, high=top))
    facts.sort(key=lambda f: (f.relation, f.subject, f.kind, f.object))
    return SystemGraph(names=names, facts=facts)

