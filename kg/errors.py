"""Errors raised by kg.

Every error that kg raises on purpose derives from :class:`KgError`, so a caller
(and the CLI) can catch one class. Third-party errors are converted at the
boundary with ``raise KgError(...) from exc``.

::

    KgError
    ├── InputError          unreadable, missing, empty or non-UTF-8 input
    ├── FormatError         unknown RDF or result format
    ├── ModelError          a spaCy pipeline is missing or cannot be loaded
    ├── QueryError          SPARQL that does not parse or cannot run
    ├── OutputError         an output path that cannot be written
    └── StoreError          a persistent store that cannot be opened or changed

    InputWarning            (a UserWarning) input kept with a part dropped, e.g. a date that does not exist
"""

__all__ = [
    "KgError",
    "InputError",
    "FormatError",
    "ModelError",
    "QueryError",
    "OutputError",
    "StoreError",
    "InputWarning",
]


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KgError):
    """Input that cannot be read: missing, empty, binary or not UTF-8."""


class FormatError(KgError):
    """An RDF serialisation or result format kg does not know."""


class ModelError(KgError):
    """A spaCy pipeline that is not installed or does not load."""


class QueryError(KgError):
    """A SPARQL query that does not parse or fails to run."""


class OutputError(KgError):
    """An output path that cannot be written."""


class StoreError(KgError):
    """A persistent store that cannot be opened or changed."""


class InputWarning(UserWarning):
    """Input that was read with a part dropped (a date that is not a date)."""
