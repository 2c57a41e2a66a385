"""The values the mapping writes: literals in the model's lexical forms, and event labels.

Each literal is built once here, as an rdflib term, so that its lexical form is the one rdflib
gives (a decimal in positional notation, a timestamp with ``+00:00``); the writer of
:mod:`kg.rdf.quads` puts that form into its N-Quads, and a graph built back from them holds
the same term.

A value that is not what its datatype says (a date that is not a date) is written as given,
an ill-typed literal, for the shapes to reject with a message naming the event.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

from kg.records import EventRecord, Location

__all__ = [
    "CONFIDENCE_PLACES",
    "COORDINATE_PLACES",
    "date_literal",
    "datetime_literal",
    "decimal_literal",
    "event_label",
    "quiet_rdflib",
    "record_cells",
    "record_line",
    "source_record",
]

COORDINATE_PLACES = 6
"""Decimal places kept of latitudes and longitudes (about 0.1 m)."""
CONFIDENCE_PLACES = 3
"""Decimal places kept of confidences."""

_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


# ---------------------------------------------------------------- literals


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's warning (with traceback) while an ill-typed literal is built on purpose."""
    log = logging.getLogger("rdflib.term")
    old = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(old)


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def date_literal(text: str, precision: str | None = None) -> tuple[Literal, str | None]:
    """Return the ``xsd:date`` literal of a record's date, with the precision to record.

    ``"2024-06-20"`` is a day. ``"2024-06"`` becomes the month's first day with precision
    ``month`` (unless one is given), ``"2024"`` the year's first day with precision ``year``.
    Anything else is written as given, an ill-typed ``xsd:date`` that the shapes reject.
    """
    text = text.strip()
    if _YEAR_MONTH.fullmatch(text) and _valid_date(text + "-01"):
        return Literal(text + "-01", datatype=XSD.date), precision or "month"
    if _YEAR.fullmatch(text):
        return Literal(text + "-01-01", datatype=XSD.date), precision or "year"
    if _valid_date(text):
        return Literal(text, datatype=XSD.date), precision
    with quiet_rdflib():  # kept as written (rdflib would cut "2024-03-01T10:00" to a day)
        return Literal(text, datatype=XSD.date, normalize=False), precision


def datetime_literal(text: str) -> Literal:
    """Return the ``xsd:dateTime`` literal of a timestamp (``"2024-06-20T13:08:00Z"``).

    A timestamp that is not one is written as given (ill-typed) for the shapes to reject.
    """
    text = text.strip()
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        ok = "T" in text
    except ValueError:
        ok = False
    if ok:
        return Literal(text, datatype=XSD.dateTime)
    with quiet_rdflib():
        return Literal(text, datatype=XSD.dateTime)


def decimal_literal(value: float, places: int) -> Literal:
    """A plain ``xsd:decimal`` (never ``xsd:double``), rounded, in positional notation.

    A value that is not a finite number is written as given (ill-typed) for the shapes.
    """
    value = float(value)
    if not math.isfinite(value):
        with quiet_rdflib():
            return Literal(repr(value), datatype=XSD.decimal)
    lexical = format(Decimal(repr(round(value, places))), "f")
    return Literal(lexical, datatype=XSD.decimal)


# ---------------------------------------------------------------- labels


def _place_names(locations: list[Location]) -> list[str]:
    """Names of an event's places for its label, leaving out regions and countries that
    merely contain another of its places."""
    containers = {n for loc in locations for n in (loc.admin1, loc.country) if n}
    names = [loc.name for loc in locations if loc.name not in containers]
    return names or [loc.name for loc in locations]


def event_label(record: EventRecord) -> str:
    """Return the human label of an event: ``"AirStrike at Kostiantynivka on 2024-06-20"``.

    Events without places are named by their actors (``"MilitaryAid involving Romania,
    Ukraine on 2024-06-20"``); an event with no date ends in ``(no date)``.
    """
    parts = [record.type]
    if record.locations:
        parts.append("at " + ", ".join(_place_names(record.locations)))
    elif record.actors:
        parts.append("involving " + ", ".join(a.name for a in record.actors))
    parts.append(f"on {record.date}" if record.date else "(no date)")
    return " ".join(parts)


def record_line(cells: Iterable[str]) -> str:
    """A record's cells as one CSV line (RFC 4180 quoting, no line end): the compact form of
    ``ckg:sourceRecord``, read back cell for cell by :func:`record_cells`. Also a layout's columns."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)  # quotes cells holding \r or \n
    return out.getvalue()[:-2]


def record_cells(line: str) -> list[str]:
    """The cells of a :func:`record_line`, exactly as they were given."""
    return next(csv.reader(io.StringIO(line, newline="")), [])


def source_record(record: str, columns: str | None) -> dict[str, str] | None:
    """An event's ``ckg:sourceRecord`` as column -> cell: a :func:`record_line` in the
    ``columns`` of its layout, or, in stores written before layouts (no columns), a JSON
    object; ``None`` when it is neither (cells and columns that do not pair up, not JSON)."""
    if columns is not None:
        names, cells = record_cells(columns), record_cells(record)
        return dict(zip(names, cells, strict=True)) if len(names) == len(cells) else None
    try:
        loaded = json.loads(record)
    except json.JSONDecodeError:
        return None
    if not isinstance(loaded, dict):
        return None
    return {str(k): "" if v is None else str(v) for k, v in loaded.items()}
