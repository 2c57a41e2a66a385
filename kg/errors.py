"""One exception tree for the library; the CLI maps it to messages and exit codes.

Exit codes mean one thing each: 0 done, 1 the data does not conform, 2 bad usage or input.
"""
from __future__ import annotations


class KGError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 2


class InputError(KGError):
    """The input (a file, a record, an option value) cannot be read or is malformed.

    Args:
        message: what is wrong, in one line.
        source: the file or stream it came from, if known.
        position: where in it (``line 3``, ``event 2``, ``byte 120``), if known.
    """

    def __init__(self, message: str, source: str | None = None, position: str | None = None) -> None:
        self.source = source
        self.position = position
        where = ", ".join(p for p in (source, position) if p)
        super().__init__(f"{where}: {message}" if where else message)


class NonConformingError(KGError):
    """A batch or the store does not conform to the shapes; carries the report."""

    exit_code = 1

    def __init__(self, message: str, report: object | None = None) -> None:
        self.report = report
        super().__init__(message)


class StoreError(KGError):
    """The store cannot be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store for writing."""


class QueryError(KGError):
    """A query is unknown, malformed, refused or took too long."""


class InconsistentOntologyError(KGError):
    """The reasoner found the ontology (with data) inconsistent."""

    exit_code = 1
