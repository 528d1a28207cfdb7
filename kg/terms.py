"""Convert RDF terms between rdflib and pyoxigraph.

:mod:`kg.store` and :mod:`kg.sparql` both need these conversions; they live
here so that neither module imports the other for them (``sparql`` uses
``store``, ``store`` never uses ``sparql``).

Examples
--------
>>> from rdflib import Literal, URIRef
>>> to_oxigraph(URIRef("urn:x"))
<NamedNode value=urn:x>
>>> to_rdflib(to_oxigraph(Literal("Meta", lang="it"))) == Literal("Meta", lang="it")
True
"""

from __future__ import annotations

from typing import Any

__all__ = ["to_oxigraph", "to_rdflib"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_oxigraph(term: Any) -> Any:
    """The pyoxigraph term equal to the rdflib ``term``; :class:`TypeError` for anything else."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Any:
    """The rdflib term equal to the pyoxigraph ``term`` (``None`` stays ``None``)."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported RDF term: {term!r}")
