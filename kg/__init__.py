"""kg: turn news text into a knowledge graph with provenance.

Importing ``kg`` is cheap: the heavy modules (spaCy, rdflib, networkx, scipy)
load on first use of the function that needs them.

>>> import kg
>>> kg.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "build": "api",
    "build_dataset": "api",
    "extract_text": "api",
    "load_graph": "rdf",
    "write_graph": "rdf",
    "graph_info": "rdf",
    "KgError": "errors",
    "InputError": "errors",
    "FormatError": "errors",
    "ModelError": "errors",
    "QueryError": "errors",
    "OutputError": "errors",
    "StoreError": "errors",
    "KG": "vocab",
    "query": "sparql",
    "show": "viz",
}

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:  # pragma: no cover
    from .api import build, build_dataset, extract_text  # noqa: F401
    from .errors import FormatError, InputError, KgError, ModelError, OutputError, QueryError, StoreError  # noqa: F401
    from .rdf import graph_info, load_graph, write_graph  # noqa: F401
    from .sparql import query  # noqa: F401
    from .viz import show  # noqa: F401
    from .vocab import KG  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
