"""Event records: the values that flow from sources and extraction into mapping.

The JSON form is the contract of ``docs/records.md``: a document has updates, an update has
events. These classes know nothing of RDF. ``to_dict``/``from_dict`` convert to and from that
JSON form; ``from_dict`` checks structure (an object where an object belongs, an integer
where a count belongs) and raises :class:`kg.errors.InputError`. Whether the values make
sense (a known type, a real date, a count that is not negative) is the shapes' job, so that
every batch is judged by one set of rules whatever its source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.errors import InputError

EVENT_TYPES: dict[str, str | None] = {
    "Attack": None,
    "MissileStrike": "Attack",
    "Shelling": "Attack",
    "AirStrike": "Attack",
    "DroneStrike": "Attack",
    "ArmedClash": None,
    "TerritoryChange": None,
    "Interception": None,
    "MilitaryAid": None,
    "Sanctions": None,
    "DiplomaticVisit": None,
    "Agreement": None,
    "Condemnation": None,
}
"""Every event type name, with its parent type (``None`` for a top-level type)."""

ACTOR_KINDS = ("State", "Organisation", "ArmedForce", "Person", "Company", "ArmedGroup")
ROLES = (
    "attacker", "target", "victim", "donor", "recipient", "imposer", "participant",
    "interceptor", "source", "host", "visitor", "signatory", "critic", "accused",
)
PLACE_KINDS = ("settlement", "region", "country", "water", "feature")
DATE_PRECISIONS = ("day", "month", "year")


@dataclass
class Location:
    """A place an event happened, resolved to GeoNames where possible."""

    name: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    kind: str | None = None
    admin2: str | None = None
    admin3: str | None = None


@dataclass
class Actor:
    """A state, organisation, force, company or person taking part in an event."""

    name: str
    kind: str | None = None
    role: str | None = None
    affiliation: str | None = None


@dataclass
class Equipment:
    """A weapon system, platform or munition, or its category where no system is named."""

    name: str
    category: str | None = None
    quantity: int | None = None
    destroyed: int | None = None


@dataclass
class Evidence:
    """The words an event was read from, with character offsets into the page."""

    text: str
    start: int | None = None
    end: int | None = None


@dataclass
class AlsoReported:
    """Another update of the same page that tells the event too, with its words.

    A live blog retells an event as its toll rises; extraction keeps one event, in the update
    that first tells it, and names each later telling here so no report's words are lost.
    """

    update: int
    """The update's position on the page (0 = the top), as its report's ``ckg:ordinal``."""
    heading: str = ""
    timestamp: str | None = None
    evidence: Evidence | None = None


@dataclass
class EventRecord:
    """One extracted or curated event."""

    type: str
    date: str | None = None
    locations: list[Location] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    equipment: list[Equipment] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    evidence: Evidence | None = None
    confidence: float | None = None
    date_precision: str | None = None
    killed_at_least: bool = False
    injured_at_least: bool = False
    claimed_by: str | None = None
    doubtful: bool = False
    """Kept out of the default view: its confidence is below the bar the ingest was given
    (``kg ingest --min-confidence``). Stored all the same, and marked so."""
    extra: dict[str, str] | None = None
    """Source fields kept verbatim (an ACLED row's columns), so an export can write them back."""
    also_reported: list[AlsoReported] = field(default_factory=list)
    """The other updates of the page that tell this event, in page order (see :class:`AlsoReported`)."""


@dataclass
class Update:
    """One update of a live blog (or one record group of a records file)."""

    heading: str
    timestamp: str | None = None
    text: str = ""
    start: int | None = None
    end: int | None = None
    events: list[EventRecord] = field(default_factory=list)
    author: str | None = None
    """Who posted it, as its heading names them ("Vitali Klitschko, Kyiv mayor"), if it does."""


@dataclass
class Document:
    """One source document: a page, a records file, a CSV file."""

    source: str
    published: str | None = None
    title: str | None = None
    publisher: str | None = None
    updates: list[Update] = field(default_factory=list)

    def events(self) -> list[EventRecord]:
        """All events of all updates, in page order."""
        return [e for u in self.updates for e in u.events]


# ---------------------------------------------------------------- JSON form


def _drop_empty(d: dict[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k in keep or (v is not None and v is not False)}


def event_to_dict(e: EventRecord) -> dict[str, Any]:
    """Return the JSON form of one event."""
    out: dict[str, Any] = {
        "type": e.type,
        "date": e.date,
        "locations": [_drop_empty(vars(x).copy(), ("name",)) for x in e.locations],
        "actors": [_drop_empty(vars(x).copy(), ("name",)) for x in e.actors],
        "equipment": [_drop_empty(vars(x).copy(), ("name", "quantity")) for x in e.equipment],
        "killed": e.killed,
        "injured": e.injured,
        "civilian": e.civilian,
        "evidence": vars(e.evidence).copy() if e.evidence else None,
        "confidence": e.confidence,
    }
    for key in ("date_precision", "killed_at_least", "injured_at_least", "claimed_by", "doubtful"):
        value = getattr(e, key)
        if value is not None and value is not False:
            out[key] = value
    if e.extra is not None:
        out["extra"] = dict(e.extra)
    if e.also_reported:
        out["also_reported"] = [_also_to_dict(a) for a in e.also_reported]
    return out


def _also_to_dict(a: AlsoReported) -> dict[str, Any]:
    out: dict[str, Any] = {"update": a.update, "heading": a.heading}
    if a.timestamp is not None:
        out["timestamp"] = a.timestamp
    if a.evidence is not None:
        out["evidence"] = vars(a.evidence).copy()
    return out


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Return the JSON form of a document (``docs/records.md``)."""
    return {
        "source": doc.source,
        "published": doc.published,
        "updates": [
            {
                "heading": u.heading,
                "timestamp": u.timestamp,
                "start": u.start,
                "end": u.end,
                "events": [event_to_dict(e) for e in u.events],
            }
            for u in doc.updates
        ],
    }


class _Reader:
    """Reads one JSON value into records, naming where it is on error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, message: str) -> InputError:
        return InputError(message, self.source, where)

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a JSON object, got {type(value).__name__}")
        return value

    def text(self, d: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
        value = d.get(key)
        if value is None:
            if required:
                raise self.fail(where, f"missing {key!r}")
            return None
        if not isinstance(value, str):
            raise self.fail(where, f"{key!r} must be a string")
        return value

    def integer(self, d: dict[str, Any], key: str, where: str) -> int | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise self.fail(where, f"{key!r} must be a whole number or null, got {value!r}")
        return value

    def number(self, d: dict[str, Any], key: str, where: str) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"{key!r} must be a number or null, got {value!r}")
        return float(value)

    def boolean(self, d: dict[str, Any], key: str, where: str) -> bool | None:
        value = d.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(where, f"{key!r} must be true, false or null")

    def items(self, d: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = d.get(key) or []
        if not isinstance(value, list):
            raise self.fail(where, f"{key!r} must be a list")
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                item = {"name": item}
            item = self.obj(item, f"{where}, {key}[{i}]")
            self.text(item, "name", f"{where}, {key}[{i}]", required=True)
            out.append(item)
        return out

    def event(self, d: Any, where: str) -> EventRecord:
        d = self.obj(d, where)
        type_ = d.get("type")
        if isinstance(type_, list) and len(type_) == 1:
            type_ = type_[0]
        if not isinstance(type_, str) or not type_:
            raise self.fail(where, "missing 'type' (one of the event type names)")
        evidence = self.evidence(d, where)
        locs = []
        for i, x in enumerate(self.items(d, "locations", where)):
            w = f"{where}, locations[{i}]"
            locs.append(Location(
                name=x["name"], geonames_id=self.integer(x, "geonames_id", w),
                lat=self.number(x, "lat", w), lon=self.number(x, "lon", w),
                admin1=self.text(x, "admin1", w), country=self.text(x, "country", w),
                kind=self.text(x, "kind", w), admin2=self.text(x, "admin2", w),
                admin3=self.text(x, "admin3", w),
            ))
        actors = []
        for i, x in enumerate(self.items(d, "actors", where)):
            w = f"{where}, actors[{i}]"
            actors.append(Actor(
                name=x["name"], kind=self.text(x, "kind", w), role=self.text(x, "role", w),
                affiliation=self.text(x, "affiliation", w),
            ))
        equipment = []
        for i, x in enumerate(self.items(d, "equipment", where)):
            w = f"{where}, equipment[{i}]"
            equipment.append(Equipment(
                name=x["name"], category=self.text(x, "category", w),
                quantity=self.integer(x, "quantity", w), destroyed=self.integer(x, "destroyed", w),
            ))
        return EventRecord(
            type=type_,
            date=self.text(d, "date", where),
            locations=locs,
            actors=actors,
            equipment=equipment,
            killed=self.integer(d, "killed", where),
            injured=self.integer(d, "injured", where),
            civilian=self.boolean(d, "civilian", where),
            evidence=evidence,
            confidence=self.number(d, "confidence", where),
            date_precision=self.text(d, "date_precision", where),
            killed_at_least=bool(self.boolean(d, "killed_at_least", where)),
            injured_at_least=bool(self.boolean(d, "injured_at_least", where)),
            claimed_by=self.text(d, "claimed_by", where),
            doubtful=bool(self.boolean(d, "doubtful", where)),
            extra=self.extra(d, where),
            also_reported=self.also_reported(d, where),
        )

    def evidence(self, d: dict[str, Any], where: str) -> Evidence | None:
        ev = d.get("evidence")
        if ev is None:
            return None
        if isinstance(ev, str):
            return Evidence(text=ev)
        ev = self.obj(ev, f"{where}, evidence")
        return Evidence(
            text=self.text(ev, "text", f"{where}, evidence", required=True) or "",
            start=self.integer(ev, "start", f"{where}, evidence"),
            end=self.integer(ev, "end", f"{where}, evidence"),
        )

    def also_reported(self, d: dict[str, Any], where: str) -> list[AlsoReported]:
        """The entries as written; :meth:`resolve` ties each to an update of the document."""
        value = d.get("also_reported")
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, "'also_reported' must be a list")
        out = []
        for i, item in enumerate(value):
            w = f"{where}, also_reported[{i}]"
            item = self.obj(item, w)
            position = self.integer(item, "update", w)
            heading = self.text(item, "heading", w)
            if position is None and heading is None:
                raise self.fail(w, "name the update by 'heading' or by 'update' (its position on the page)")
            out.append(AlsoReported(
                update=-1 if position is None else position, heading=heading or "",
                timestamp=self.text(item, "timestamp", w), evidence=self.evidence(item, w),
            ))
        return out

    def resolve(self, updates: list[Update], own: int, event: EventRecord, where: str) -> None:
        """Tie each ``also_reported`` entry of an event of update ``own`` to an update of the
        document: by position, or by heading when no position is given; the heading and time
        given must be that update's. The heading and time are then the update's own."""
        seen: set[int] = set()
        for i, a in enumerate(event.also_reported):
            w = f"{where}, also_reported[{i}]"
            if a.update < 0:
                found = [n for n, u in enumerate(updates) if u.heading == a.heading]
                if not found:
                    raise self.fail(w, f"no update of the document is headed {a.heading!r}")
                if len(found) > 1:
                    raise self.fail(w, f"{len(found)} updates are headed {a.heading!r}: "
                                       "give 'update', its position on the page (0 = the top)")
                a.update = found[0]
            if a.update >= len(updates):
                raise self.fail(w, f"'update' is {a.update}, but the document has {len(updates)} updates")
            target = updates[a.update]
            if a.heading and a.heading != target.heading:
                raise self.fail(w, f"update {a.update} is headed {target.heading!r}, not {a.heading!r}")
            if a.timestamp is not None and a.timestamp != target.timestamp:
                raise self.fail(w, f"update {a.update} has the time {target.timestamp!r}, "
                                   f"not {a.timestamp!r}")
            if a.update == own:
                raise self.fail(w, "names the event's own update")
            if a.update in seen:
                raise self.fail(w, f"names update {a.update} twice")
            seen.add(a.update)
            a.heading, a.timestamp = target.heading, target.timestamp
        event.also_reported.sort(key=lambda a: a.update)

    def extra(self, d: dict[str, Any], where: str) -> dict[str, str] | None:
        value = d.get("extra")
        if value is None:
            return None
        value = self.obj(value, f"{where}, extra")
        if not all(isinstance(v, str) for v in value.values()):
            raise self.fail(f"{where}, extra", "every value of 'extra' must be a string")
        return dict(value)


def event_from_dict(d: Any, source: str = "<records>", where: str = "event 1") -> EventRecord:
    """Read one event from its JSON form.

    A lone event has no page, so it cannot name other updates of one (``also_reported``).

    Raises:
        InputError: naming ``source`` and ``where`` when the structure is wrong.
    """
    reader = _Reader(source)
    event = reader.event(d, where)
    if event.also_reported:
        raise reader.fail(where, "'also_reported' names other updates of a page: write the document "
                                 "form, {\"updates\": [...]}")
    return event


def document_from_dict(d: Any, source: str = "<records>") -> Document:
    """Read a document from its JSON form: ``{"updates": [...]}``, ``{"events": [...]}`` or a list.

    Raises:
        InputError: naming the source and the event when the structure is wrong.
    """
    r = _Reader(source)
    if isinstance(d, list):
        d = {"events": d}
    d = r.obj(d, "top level")
    doc = Document(
        source=r.text(d, "source", "top level") or source,
        published=r.text(d, "published", "top level"),
        title=r.text(d, "title", "top level"),
        publisher=r.text(d, "publisher", "top level"),
    )
    n = 0
    if "updates" in d:
        if not isinstance(d["updates"], list):
            raise r.fail("top level", "'updates' must be a list")
        for i, u in enumerate(d["updates"]):
            u = r.obj(u, f"update {i + 1}")
            events_raw = u.get("events") or []
            if not isinstance(events_raw, list):
                raise r.fail(f"update {i + 1}", "'events' must be a list")
            events = []
            for e in events_raw:
                n += 1
                events.append(r.event(e, f"event {n}"))
            doc.updates.append(Update(
                heading=r.text(u, "heading", f"update {i + 1}") or f"Update {i + 1}",
                timestamp=r.text(u, "timestamp", f"update {i + 1}"),
                text=r.text(u, "text", f"update {i + 1}") or "",
                start=r.integer(u, "start", f"update {i + 1}"),
                end=r.integer(u, "end", f"update {i + 1}"),
                events=events,
            ))
    elif "events" in d:
        if not isinstance(d["events"], list):
            raise r.fail("top level", "'events' must be a list")
        events = [r.event(e, f"event {i + 1}") for i, e in enumerate(d["events"])]
        doc.updates.append(Update(heading="Records", events=events))
    else:
        raise r.fail("top level", "expected 'updates' or 'events'")
    n = 0
    for position, update in enumerate(doc.updates):
        for event in update.events:
            n += 1
            r.resolve(doc.updates, position, event, f"event {n}")
    return doc
