"""ACLED CSV files: one row, one update (headed by ``event_id_cnty``) with one event.

Columns map to the event's type, date and precision, place, actors and roles, figures and
evidence; sub-event types outside the taxonomy are skipped and reported; every column is kept
verbatim in ``EventRecord.extra`` so an export can write the row back. See ``docs/sources.md``.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.records import EVENT_TYPES, Actor, Document, EventRecord, Evidence, Location, Update
from kg.sources.textfile import read_text

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
"""The ACLED export layout, in its order."""

REQUIRED_COLUMNS = ("event_id_cnty", "event_date", "sub_event_type")
"""Columns without which a file is not read at all; the others may be absent."""

SUB_EVENT_TYPES: dict[str, str] = {
    "shelling/artillery/missile attack": "Shelling",
    "air/drone strike": "AirStrike",
    "armed clash": "ArmedClash",
    "government regains territory": "TerritoryChange",
    "non-state actor overtakes territory": "TerritoryChange",
    "non-violent transfer of territory": "TerritoryChange",
    "disrupted weapons use": "Interception",
    "agreement": "Agreement",
    "attack": "Attack",
    # remote violence whose means the taxonomy does not name: an attack
    "remote explosive/landmine/ied": "Attack",
    "grenade": "Attack",
    "suicide bomb": "Attack",
    "chemical weapon": "Attack",
    "excessive force against protesters": "Attack",
}
"""ACLED sub-event type (lower case) → event type. Others are skipped and reported."""

_MISSILE = re.compile(r"\bmissiles?\b|\biskander|\bkinzhal|\bkalibr|\bkh-\d|\bs-[34]00\b|\bkn-23\b",
                      re.IGNORECASE)
_DRONE = re.compile(r"\bdrones?\b|\buavs?\b|\bshahed|\bgeran|\bloitering\b|\bfpv\b|\blancet\b",
                    re.IGNORECASE)
_FORCES = re.compile(r"^(?:Military|Police|Naval|Air) Forces of (?P<who>.+?)(?:\s*\(\d{4}-\d{0,4}\))?"
                     r"(?:\s*\[.*\])?$")

INTER_KINDS: dict[str, str | None] = {
    "1": "ArmedForce", "state forces": "ArmedForce",
    "2": "ArmedGroup", "rebel group": "ArmedGroup", "rebel groups": "ArmedGroup",
    "3": "ArmedGroup", "political militia": "ArmedGroup", "political militias": "ArmedGroup",
    "4": "ArmedGroup", "identity militia": "ArmedGroup", "identity militias": "ArmedGroup",
    "5": None, "rioters": None,
    "6": None, "protesters": None,
    "7": None, "civilians": None,
    "8": "Organisation", "external/other forces": "Organisation",
}
"""ACLED ``inter`` codes (numeric, or the newer words) → actor kind (``None``: not a kind)."""

_CIVILIANS = {"7", "civilians"}
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}


@dataclass
class AcledResult:
    """A read ACLED file: the document and the rows that were skipped, with why."""

    document: Document
    problems: list[tuple[int, str]] = field(default_factory=list)


class RowError(ValueError):
    """One row of an ACLED file is malformed (the reader adds the file and row number)."""


def read_acled(path: str | os.PathLike[str], *, skip_invalid: bool = False,
               max_bytes: int | None = 2 * 1024**3) -> AcledResult:
    """Read an ACLED CSV file, keeping the list of skipped rows.

    Args:
        path: the CSV file.
        skip_invalid: skip malformed rows (reported in ``problems``) instead of failing.
        max_bytes: refuse larger files (``None``: no limit).

    Returns:
        The document (one update per row) and ``(row, message)`` problems: malformed rows
        when ``skip_invalid``, and rows of sub-event types the taxonomy has no type for.

    Raises:
        InputError: naming the file and row, for a malformed row (unless ``skip_invalid``),
            or for a header that lacks a required column.
    """
    source = str(path)
    text = read_text(path, max_bytes=max_bytes, convert_html=False)
    api = text.lstrip().startswith("{")
    reader = api_rows(text, source) if api else csv.reader(io.StringIO(text, newline=""))
    header = read_header(reader, source)
    doc = Document(source=Path(path).name, publisher="ACLED")
    result = AcledResult(doc)
    order = functools.cache(lambda: text_date_order(text))
    for number, fields, event in read_rows(reader, header, source, skip_invalid, result.problems, order):
        doc.updates.append(Update(heading=fields["event_id_cnty"].strip() or f"row {number}",
                                  events=[event]))
    return result


def text_date_order(text: str) -> str | None:
    """The order of the numeric dates of an ACLED file's text (:func:`numeric_date_order`)."""
    if text.lstrip().startswith("{"):
        return numeric_date_order(str(row.get("event_date") or "") for row in _api_data(text, ""))
    return _column_date_order(csv.reader(io.StringIO(text, newline="")))


class api_rows:  # noqa: N801 - used as csv.reader is
    """The rows of ACLED's API JSON (``{"data": [{"event_id_cnty": ..., ...}, ...]}``) as a CSV
    reader gives them: a header of ACLED's columns (then any others), then one list per event,
    ``None`` as an empty cell; ``line_num`` counts the header as line 1, as in a CSV file."""

    def __init__(self, text: str, source: str) -> None:
        data = _api_data(text, source)
        extra = sorted({k for row in data for k in row} - set(ACLED_COLUMNS))
        self.header = [c for c in ACLED_COLUMNS if any(c in row for row in data)] + extra
        self._rows = iter([self.header] + [[_cell(row.get(k)) for k in self.header] for row in data])
        self.line_num = 0

    def __iter__(self):
        return self

    def __next__(self) -> list[str]:
        row = next(self._rows)
        self.line_num += 1
        return row


def _api_data(text: str, source: str) -> list[dict]:
    try:
        data = json.loads(text).get("data")
    except (json.JSONDecodeError, AttributeError) as exc:
        raise InputError(f"not ACLED API JSON: {exc}", source) from None
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise InputError('not ACLED API JSON: expected {"data": [{...}, ...]}', source)
    return data


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def file_date_order(path: str | os.PathLike[str]) -> str | None:
    """The order of the numeric dates of an ACLED file, read as a stream (for files too large
    to hold); ``None`` also when the file cannot be read (the reading proper says why)."""
    try:
        with open(path, encoding="utf-8-sig", newline="", errors="replace") as handle:
            if handle.read(1) == "{":
                handle.seek(0)
                return text_date_order(handle.read())
            handle.seek(0)
            return _column_date_order(csv.reader(handle))
    except (OSError, InputError):
        return None


def _column_date_order(reader) -> str | None:
    try:
        column = [h.strip() for h in next(reader)].index("event_date")
    except (StopIteration, ValueError, csv.Error):
        return None
    try:
        return numeric_date_order(row[column] for row in reader if len(row) > column)
    except csv.Error:
        return None


def read_header(reader, source: str) -> list[str]:
    """Read and check the header row of an ACLED CSV reader.

    Raises:
        InputError: an empty file, a malformed header, or a required column missing.
    """
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("empty file", source) from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"malformed CSV: {exc}", source, "line 1") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(f"not an ACLED file: missing column(s) {', '.join(missing)}", source, "header")
    return header


def read_rows(reader, header: list[str], source: str, skip_invalid: bool,
              problems: list[tuple[int, str]], date_order: Callable[[], str | None] | None = None,
              ) -> Iterator[tuple[int, dict[str, str], EventRecord]]:
    """Yield ``(row number, fields, event)`` for each mapped row of an ACLED CSV reader.

    Malformed rows raise :class:`InputError` naming the row and line, or with
    ``skip_invalid`` are appended to ``problems``; so are rows of sub-event types the
    taxonomy has no type for.
    """
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text: {exc.reason}", source, f"line {line}") from None
        except csv.Error as exc:
            number += 1
            message = f"malformed CSV: {exc}"
            if not skip_invalid:
                raise InputError(message, source, f"row {number} (line {line})") from None
            problems.append((number, message))
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        try:
            if len(row) != len(header):
                raise RowError(f"row has {len(row)} fields, the header has {len(header)}")
            fields = dict(zip(header, row, strict=True))
            event = event_from_row(fields, date_order)
        except RowError as exc:
            if not skip_invalid:
                raise InputError(str(exc), source, f"row {number} (line {line})") from None
            problems.append((number, str(exc)))
            continue
        if event is None:
            problems.append(
                (number, f"sub-event type {fields['sub_event_type']!r} has no event type; row skipped"))
            continue
        yield number, fields, event


def read_acled_csv(path: str | os.PathLike[str], *, skip_invalid: bool = False,
                   problems: list[tuple[int, str]] | None = None) -> Document:
    """Read an ACLED CSV file into a document: one update, with one event, per row.

    Args:
        path: the CSV file.
        skip_invalid: skip malformed rows instead of raising.
        problems: if given, receives ``(row, message)`` for every skipped row.

    Raises:
        InputError: naming the file and row (see :func:`read_acled`).
    """
    result = read_acled(path, skip_invalid=skip_invalid)
    if problems is not None:
        problems.extend(result.problems)
    return result.document


_NAMED_MONTH = re.compile(r"(\d{1,2})[ \-/.]([A-Za-z]+)\.?[ \-/.,]+(\d{4}|\d{2})")
_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")
_NUMERIC = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})")
_MIDNIGHT = re.compile(r"[ T]0{1,2}:00(?::00(?:\.0+)?)?(?: ?[AaPp][Mm])?$")


def parse_acled_date(value: str, order: Callable[[], str | None] | None = None) -> date:
    """Read an ACLED date as published or as a spreadsheet re-saves it.

    ISO (``2024-06-20``), ACLED's ``05 March 2024``, ``9-May-20``, ``March 5, 2024``, and
    numeric forms (``14/08/2020``, ``31-12-19``), with or without a midnight time
    (``14/08/2020 00:00:00``); two-digit years are 20xx. A numeric date that reads as two
    different days (``05/03/2024``) takes the order of its file (``order()``: ``"dmy"`` or
    ``"mdy"``, see :func:`numeric_date_order`), and is refused naming both readings when the
    file does not settle it.

    Raises:
        ValueError: not a date, or an ambiguous one.
    """
    s = _MIDNIGHT.sub("", value.strip())
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    if m := _NAMED_MONTH.fullmatch(s):
        return _day(m.group(3), _month(m.group(2)), m.group(1), value)
    if m := _MONTH_FIRST.fullmatch(s):
        return _day(m.group(3), _month(m.group(1)), m.group(2), value)
    if m := _NUMERIC.fullmatch(s):
        first, second, third = m.groups()
        if len(first) == 4:  # year first: 2020/08/14
            return _day(first, int(second), third, value)
        day_first = _reading(third, second, first)
        month_first = _reading(third, first, second)
        if day_first and month_first and day_first != month_first:
            settled = order() if order is not None else None
            if settled in ("dmy", "mdy"):
                return day_first if settled == "dmy" else month_first
            raise ValueError(f"ambiguous: {value!r} reads as {day_first:%d %B %Y} (day first, as "
                             f"ACLED writes) or {month_first:%d %B %Y} (month first); write it as "
                             f"{day_first.isoformat()} or {month_first.isoformat()}")
        if day_first or month_first:
            return day_first or month_first
    raise ValueError(f"not a date: {value!r}")


def numeric_date_order(values: Iterable[str]) -> str | None:
    """``"dmy"`` when some numeric dates of a column can only be read day first and none only
    month first (``14/08/2020``), ``"mdy"`` for the reverse, ``None`` when nothing settles it."""
    seen = set()
    for value in values:
        m = _NUMERIC.fullmatch(_MIDNIGHT.sub("", value.strip()))
        if m is None or len(m.group(1)) == 4:
            continue
        first, second, third = m.groups()
        day_first, month_first = _reading(third, second, first), _reading(third, first, second)
        if bool(day_first) != bool(month_first):
            seen.add("dmy" if day_first else "mdy")
    return seen.pop() if len(seen) == 1 else None


def _month(name: str) -> int:
    key = name.lower()
    found = [n for m, n in _MONTHS.items() if m == key or (len(key) >= 3 and m.startswith(key))]
    if len(found) != 1:
        raise ValueError(f"not a month: {name!r}")
    return found[0]


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day(year: str, month: int, day: str, value: str) -> date:
    try:
        return date(_year(year), month, int(day))
    except ValueError:
        raise ValueError(f"not a date: {value!r}") from None


def _reading(year: str, month: str, day: str) -> date | None:
    if len(year) not in (2, 4):
        return None
    try:
        return date(_year(year), int(month), int(day))
    except ValueError:
        return None


def _integer(fields: dict[str, str], key: str) -> int | None:
    value = fields.get(key, "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{key} must be a whole number, got {value!r}") from None
    if not number.is_integer() or number < 0:
        raise RowError(f"{key} must be a whole number, got {value!r}")
    return int(number)


def _coordinate(fields: dict[str, str], key: str, limit: float) -> float | None:
    value = fields.get(key, "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowError(f"{key} must be a number, got {value!r}") from None
    if not -limit <= number <= limit:
        raise RowError(f"{key} out of range: {value}")
    return number


@functools.lru_cache(maxsize=4096)
def region_name(admin1: str) -> str | None:
    """The canonical name of an ACLED ``admin1`` ("Odesa" -> "Odesa Oblast"), so that a region
    and its capital city ("Odesa") are not taken for one place; unknown names are kept.
    Remembered per name: a file names few regions, over and over."""
    if not admin1:
        return None
    from kg.gazetteer.lookup import Gazetteer

    region = Gazetteer.load().region(admin1)
    return region.name if region is not None else admin1


def _locations(fields: dict[str, str], lat: float | None, lon: float | None) -> list[Location]:
    """A row's place: its location with its admin areas and coordinates, linked to GeoNames
    where the gazetteer knows that name in that region near those coordinates. A location named
    like its admin1 is the city, unless the row is coded at the region's level (geo_precision 3);
    a row with no location is in its admin1, or its country."""
    raw_admin1 = fields.get("admin1", "").strip()
    admin1 = region_name(raw_admin1)
    country = fields.get("country", "").strip() or None
    place = fields.get("location", "").strip()
    precision = fields.get("geo_precision", "").strip()
    if place and not (place == raw_admin1 and precision == "3"):
        geonames_id = gazetteer_id(place, admin1, lat, lon)
        return [Location(
            name=place, geonames_id=geonames_id, lat=lat, lon=lon, admin1=admin1, country=country,
            kind="settlement" if precision == "1" or geonames_id is not None else None,
            admin2=fields.get("admin2", "").strip() or None, admin3=fields.get("admin3", "").strip() or None,
        )]
    if admin1:
        return [Location(name=admin1, lat=lat, lon=lon, kind="region", country=country)]
    if country:
        return [Location(name=country, lat=lat, lon=lon, country=country, kind="country")]
    return []


def gazetteer_id(name: str, admin1: str | None, lat: float | None, lon: float | None) -> int | None:
    """The GeoNames id of the one settlement the gazetteer has of that name, in that region, at
    those coordinates (to four decimals, as ACLED gives them: a place node has one position, so
    a settlement placed elsewhere stays a place of its own); ``None`` when there is none or more."""
    if lat is None or lon is None or not admin1:
        return None
    same = _settlements(name, admin1).get((round(lat, 4), round(lon, 4)), ())
    return same[0] if len(same) == 1 else None


@functools.lru_cache(maxsize=65536)
def _settlements(name: str, admin1: str) -> dict[tuple[float, float], tuple[int, ...]]:
    """The gazetteer's settlements of a name in a region, by position (four decimals): looked up
    once per name, as a file names its villages over and over at many positions."""
    from kg.gazetteer.lookup import Gazetteer

    out: dict[tuple[float, float], tuple[int, ...]] = {}
    for e in Gazetteer.load().places.lookup(name):
        if e.kind == "settlement" and e.admin1 == admin1 and e.lat is not None and e.lon is not None:
            here = (round(e.lat, 4), round(e.lon, 4))
            out[here] = (*out.get(here, ()), e.geonames_id)
    return out


def _actor(name: str, inter: str, role: str) -> Actor:
    name = name.strip()
    kind = INTER_KINDS.get(inter.strip().lower())
    m = _FORCES.match(name)
    return Actor(name=name, kind=kind, role=role, affiliation=m.group("who") if m else None)


TYPE_TAG = re.compile(r"(?:^|;)\s*conflict-kg:\s*(?P<type>[A-Za-z]+)\s*(?=;|$)")
"""A tag of the ACLED ``tags`` column naming this project's type (written by ``kg export``)."""


def type_tag(type_: str) -> str:
    """The tag that names one of our event types in ACLED's ``tags`` column."""
    return f"conflict-kg: {type_}"


def event_type_for(sub_event_type: str, notes: str = "", tags: str = "") -> str | None:
    """The event type of an ACLED sub-event type, refined by the notes; ``None`` if it has none.
    A ``conflict-kg: TYPE`` tag (our own export's) names the type whatever the sub-event type."""
    if (m := TYPE_TAG.search(tags)) and m.group("type") in EVENT_TYPES:
        return m.group("type")
    type_ = SUB_EVENT_TYPES.get(sub_event_type.strip().lower())
    if type_ == "Shelling" and _MISSILE.search(notes):
        return "MissileStrike"
    if type_ == "AirStrike" and _DRONE.search(notes):
        return "DroneStrike"
    return type_


def event_from_row(fields: dict[str, str],
                   date_order: Callable[[], str | None] | None = None) -> EventRecord | None:
    """One event from one ACLED row (column → value); ``None`` for an unmapped sub-event type.

    Raises:
        RowError: a bad date, number or coordinate.
    """
    if not fields.get("event_id_cnty", "").strip():
        raise RowError("empty event_id_cnty")
    raw_date = fields.get("event_date", "")
    try:
        day = parse_acled_date(raw_date, date_order)
    except ValueError as exc:
        raise RowError(f"event_date is {exc}") from None
    precision = {"1": "day", "2": "month", "3": "month", "": "day"}.get(
        fields.get("time_precision", "").strip())
    if precision is None:
        raise RowError(f"time_precision must be 1, 2 or 3, got {fields['time_precision']!r}")
    killed = _integer(fields, "fatalities")
    lat = _coordinate(fields, "latitude", 90)
    lon = _coordinate(fields, "longitude", 180)
    _integer(fields, "geo_precision")
    notes = fields.get("notes", "").strip()
    type_ = event_type_for(fields.get("sub_event_type", ""), notes, fields.get("tags", ""))
    if type_ is None:
        return None
    locations = _locations(fields, lat, lon)
    actors = []
    if fields.get("actor1", "").strip():
        actors.append(_actor(fields["actor1"], fields.get("inter1", ""), "attacker"))
    if fields.get("actor2", "").strip():
        inter2 = fields.get("inter2", "")
        role = "victim" if inter2.strip().lower() in _CIVILIANS else "target"
        actors.append(_actor(fields["actor2"], inter2, role))
    for key in ("assoc_actor_1", "assoc_actor_2"):
        for name in fields.get(key, "").split(";"):
            if name.strip():
                actors.append(_actor(name, "", "participant"))
    return EventRecord(
        type=type_,
        date=day.isoformat(),
        date_precision=precision,
        locations=locations,
        actors=actors,
        killed=killed,
        civilian=True if fields.get("civilian_targeting", "").strip() else None,
        evidence=Evidence(text=notes) if notes else None,
        claimed_by=fields.get("source", "").strip() or None,
        extra=dict(fields),
    )
