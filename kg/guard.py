"""Look at a SPARQL request before it runs: is it a query or an update, and does it reach out?

SPARQL 1.1 lets a request make the engine fetch other URLs: ``SERVICE <url>``
(federated query) in any graph pattern, and ``LOAD <url>`` in an update.
rdflib, pyoxigraph and the Oxigraph server all follow them, so a query typed
by anyone who can reach ``kg query`` or ``kg serve`` could make kg send HTTP
requests to internal addresses (SSRF) and break the promise that kg runs
offline. :func:`check` finds them so that callers can refuse them.

Two independent checks run, and a request is flagged when either finds one:

1. **Algebra.** rdflib's SPARQL parser parses the request and the translated
   algebra is searched for ``ServiceGraphPattern`` nodes (at any depth: in
   sub-queries, ``OPTIONAL``, ``FILTER EXISTS``...) and ``Load`` operations.
   Comments and string literals are not code, so a ``"service"`` in a
   literal is not flagged.
2. **Lexer.** The text is split into SPARQL tokens the way Oxigraph reads
   them (``\\u`` escapes expanded, comments ending at the first CR or LF,
   strings, IRIs, variables and prefixed names kept whole) and any bare
   ``SERVICE`` (or ``LOAD``) keyword is flagged. This guards against a text
   that rdflib and Oxigraph would read differently, and it is the only check
   for a request rdflib cannot parse (Oxigraph accepts some syntax rdflib does
   not).

Examples
--------
>>> check("SELECT * WHERE { ?s ?p 'a SERVICE call' }").service
False
>>> check("select * { { select ?s { service <http://10.0.0.1/> { ?s ?p ?o } } } }").service
True
>>> check("INSERT DATA { <urn:a> <urn:b> <urn:c> }").update
True
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Check", "check"]

_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
_PROLOGUE_WORDS = {"prefix", "base"}

# SPARQL terminals, tried in this order at each position; anything else is one character.
_LEXER = re.compile(
    r"""(?P<ws>[ \t\r\n]+)
      | (?P<comment>\#[^\r\n]*)
      | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\[tbnrf\\"']))*'''
                  | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\[tbnrf\\"']))*\"\"\"
                  | '(?:[^'\\\r\n]|\\[tbnrf\\"'])*'
                  | "(?:[^"\\\r\n]|\\[tbnrf\\"'])*")
      | (?P<iri><[^\x00-\x20<>"{}|^`\\]*>)
      | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
      | (?P<pname>(?:[^\W\d_][\w.\-\u00b7]*)?:(?:[\w\-:%\u00b7]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w\-:%\u00b7\\]))*)
      | (?P<bnode>_:[\w.\-\u00b7]*)
      | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
      | (?P<word>[^\W\d_][\w]*)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Check:
    """What :func:`check` found in one SPARQL request."""

    update: bool
    """The request is a SPARQL Update, not a query."""
    service: bool
    """It has a ``SERVICE`` pattern (a federated query: an HTTP request to another endpoint)."""
    load: bool
    """It is an update with a ``LOAD`` operation (fetches a URL)."""
    parsed: Any = None
    """rdflib's translated query (``rdflib.plugins.sparql.sparql.Query``), or None for an
    update or a request rdflib cannot parse."""
    error: str | None = None
    """rdflib's parse error, one line, when it could not parse the request."""

    @property
    def reaches_out(self) -> bool:
        """True when running the request would make the engine fetch a URL."""
        return self.service or self.load


def _unescape(text: str) -> str:
    """Expand ``\\uXXXX`` and ``\\UXXXXXXXX`` as SPARQL parsers do before anything else."""
    def repl(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(repl, text)


def _keywords(text: str) -> list[str]:
    """The bare keywords of ``text`` (lower-case), in order, outside strings, comments and IRIs."""
    return [m.group().lower() for m in _LEXER.finditer(_unescape(text)) if m.lastgroup == "word"]


def _walk(node: Any, names: set[str], depth: int = 0) -> set[str]:
    """Names of the rdflib ``CompValue`` nodes found anywhere under ``node``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 500:  # rdflib's own recursion would have failed first
        return names
    if isinstance(node, CompValue):
        names.add(node.name)
        for value in node.values():
            _walk(value, names, depth + 1)
    elif isinstance(node, Mapping):
        for value in node.values():
            _walk(value, names, depth + 1)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _walk(value, names, depth + 1)
    return names


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def check(text: str, *, prefixes: Mapping[str, str] | None = None) -> Check:
    """Parse the SPARQL request ``text`` and say what it is and whether it reaches out.

    ``prefixes`` are predeclared prefixes (as :func:`kg.query` gives them).
    Never raises: a request that rdflib cannot parse is judged by the lexer
    alone, and its parse error is kept in :attr:`Check.error`.

    rdflib parses in a thread of its own: pyparsing keeps the frames of its
    last parse alive (through a saved exception) until the next one, and in
    this thread they cannot reach the caller's objects (an open store, say).
    """
    found: list[Check] = []
    worker = threading.Thread(target=lambda: found.append(_check(text, dict(prefixes or {}))), name="kg-sparql-check")
    worker.start()
    worker.join()
    if not found:  # _check catches everything it can; this is a bug or no memory left
        return Check(update=False, service=True, load=True, error="the request could not be checked")
    return found[0]


def _check(text: str, prefixes: dict[str, str]) -> Check:
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    words = _keywords(text)
    first = next((w for w in words if w not in _PROLOGUE_WORDS), "")
    lexed_service = "service" in words
    lexed_update = first in _UPDATE_WORDS
    lexed_load = lexed_update and "load" in words
    try:
        parsed = translateQuery(parseQuery(text), initNs=prefixes)
    except RecursionError as exc:
        return Check(update=lexed_update, service=lexed_service, load=lexed_load, error=_one_line(exc))
    except Exception as query_error:  # noqa: BLE001 - pyparsing and rdflib raise many types
        try:
            update = translateUpdate(parseUpdate(text), initNs=prefixes)
        except Exception:  # noqa: BLE001
            return Check(update=lexed_update, service=lexed_service, load=lexed_load,
                         error=_parse_message(query_error))
        names = _walk(update.algebra, set())
        return Check(update=True, service=lexed_service or "ServiceGraphPattern" in names,
                     load=lexed_load or "Load" in names)
    names = _walk(parsed.algebra, set())
    return Check(update=False, service=lexed_service or "ServiceGraphPattern" in names, load=False, parsed=parsed)


def _parse_message(exc: BaseException) -> str:
    from pyparsing import ParseException

    if isinstance(exc, ParseException):
        return f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
    return _one_line(exc)
