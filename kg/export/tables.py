"""Events as tables: ACLED-layout CSV and GeoJSON, from whatever the store holds.

Both read the store with three named queries (``queries/export-events.rq``,
``export-event-places.rq``, ``export-event-actors.rq``; split because oxigraph plans one query
with all their OPTIONALs badly) and build one record per event:

- types through the taxonomy's ACLED mappings (``ontology/event-types.ttl``: an event type's
  ``skos:exactMatch``/``closeMatch``/``narrowMatch`` into ``acled:EventTypes``; its
  ``skos:broader`` is the ACLED event type); a TerritoryChange is "Government regains
  territory" when its attacker is a state force, else "Non-state actor overtakes territory";
- actors by role (attacker and the like: ``actor1``; target, victim and the like: ``actor2``;
  participants and actors without a role: ``assoc_actor_1``), inter codes by actor kind
  (``ckg:acledInterCode`` in ``ontology/conflict-kg.ttl``; a victim is 7, civilians);
- fatalities = killed, location/admin1/country/latitude/longitude from the first place with
  coordinates (by name), iso and region from that country for any country
  (:func:`kg.sources.acled_regions.country_codes`), notes = the evidence text, source = the
  claimant, else the page's publisher, event_id_cnty = the report heading (an ACLED row's id
  on import).

An event read from an ACLED row gives every column of that row back as it was
(``ckg:sourceRecord``), whatever the graph says.

What the graph does not hold is left empty: admin2, admin3, tags, timestamp, and ACLED
distinctions the import folds (time precision 2 and 3 are both "month", exported as 3).
"""
from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, TextIO

from kg.namespaces import ACLED, CKG, TYPES
from kg.sources.acled import ACLED_COLUMNS, event_type_for, type_tag
from kg.sources.acled_regions import country_codes

__all__ = ["ExportedEvent", "exported_events", "acled_rows", "write_acled_csv", "write_geojson",
           "geojson", "TABLE_FORMATS", "export_table"]

SIDE_1 = ("attacker", "donor", "imposer", "visitor", "signatory", "critic", "interceptor", "source")
SIDE_2 = ("target", "victim", "recipient", "host", "accused")
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence",
            "Strategic developments": "Strategic developments", "Protests": "Demonstrations",
            "Riots": "Demonstrations"}
PRECISION_CODES = {"day": "1", "month": "3", "year": "3"}
PLACE_KINDS = {"Settlement": "settlement", "Region": "region", "Country": "country",
               "WaterBody": "water", "Feature": "feature"}


@dataclass
class ExportedEvent:
    """One event as the table exports see it (plain Python values)."""

    iri: str
    type: str
    date: str | None = None
    precision: str | None = None
    heading: str | None = None
    killed: int | None = None
    injured: int | None = None
    civilian: bool | None = None
    notes: str | None = None
    claimant: str | None = None
    publisher: str | None = None
    places: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def located(self) -> dict[str, Any] | None:
        """The first place (by name) with coordinates, else the first place, else ``None``."""
        places = sorted(self.places, key=lambda p: (p.get("lat") is None, p["name"], p["iri"]))
        return places[0] if places else None


def _local(iri: Any, base: Any) -> str | None:
    text = str(iri) if iri is not None else None
    return text[len(str(base)):] if text and text.startswith(str(base)) else text


def exported_events(store) -> list[ExportedEvent]:
    """Every event of the store, with its places and actors, ordered by report heading and IRI.

    The three export queries answer as ``kg query`` does: from the analytics tables of an
    on-disk store when they are current (seconds at 100k events, where the graph takes
    minutes), else from the graph."""
    from kg.query.named import run_named

    events: dict[str, ExportedEvent] = {}
    for d in run_named(store, "export-events").dicts():
        iri = str(d["event"])
        ev = events.get(iri)
        if ev is None:
            ev = events[iri] = ExportedEvent(
                iri=iri, type=_local(d["type"], TYPES) or "",
                date=str(d["date"]) if "date" in d else None,
                precision=(_local(d.get("precision"), TYPES) or "").removeprefix("precision-") or None,
                heading=d.get("heading"), killed=d.get("killed"), injured=d.get("injured"),
                civilian=d.get("civilian"), notes=d.get("notes"), claimant=d.get("claimant"),
                publisher=d.get("publisher"))
    for d in run_named(store, "export-event-places").dicts():
        ev = events.get(str(d["event"]))
        if ev is None or any(p["iri"] == str(d["place"]) for p in ev.places):
            continue
        ev.places.append({
            "iri": str(d["place"]), "name": d.get("placeLabel", ""),
            "kind": PLACE_KINDS.get(_local(d.get("placeKind"), CKG) or ""),
            "lat": float(d["lat"]) if "lat" in d else None,
            "lon": float(d["lon"]) if "lon" in d else None,
            "admin1": d.get("admin1"), "country": d.get("country")})
    for d in run_named(store, "export-event-actors").dicts():
        ev = events.get(str(d["event"]))
        if ev is None:
            continue
        role = (_local(d.get("role"), TYPES) or "").removeprefix("role-") or None
        item = {"iri": str(d["actor"]), "name": d["name"], "role": role,
                "kind": _local(d.get("kind"), CKG)}
        if item not in ev.actors:
            ev.actors.append(item)
    for ev in events.values():
        # with a role before without; the same actor without a role is dropped when it has one
        with_role = {a["iri"] for a in ev.actors if a["role"]}
        ev.actors = sorted((a for a in ev.actors if a["role"] or a["iri"] not in with_role),
                           key=lambda a: (a["role"] is None, a["role"] or "", a["name"]))
    return sorted(events.values(), key=lambda e: (e.heading or "", e.iri))


# ---------------------------------------------------------------- the taxonomy's ACLED side


@dataclass(frozen=True)
class _Taxonomy:
    sub_event: dict[str, str]       # our type name -> ACLED sub-event label
    imported: dict[str, list[str]]  # our type name -> ACLED sub-event labels imported as it
    event_type: dict[str, str]      # ACLED sub-event label -> ACLED event type label
    inter: dict[str, str]           # actor kind -> inter code


@functools.lru_cache(maxsize=1)
def taxonomy() -> _Taxonomy:
    """Read the ACLED mappings from ``ontology/`` once."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from kg.resources import resource_files

    g = Graph()
    for path in resource_files("ontology", ".ttl"):
        g.parse(path, format="turtle")
    label = {s: str(o) for s, o in g.subject_objects(SKOS.notation) if str(s).startswith(str(ACLED))}
    sub_event: dict[str, str] = {}
    for prop in (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch):
        for s, o in sorted(g.subject_objects(prop)):
            name = _local(s, TYPES)
            if name and o in label and name not in sub_event and str(s).startswith(str(TYPES)):
                sub_event[name] = label[o]
    imported: dict[str, list[str]] = {}
    for s, o in sorted(g.subject_objects(CKG.importAs)):
        if s in label:
            imported.setdefault(_local(o, TYPES) or "", []).append(label[s])
    event_type = {}
    for s, o in g.subject_objects(SKOS.broader):
        if s in label and o in label:
            event_type[label[s]] = label[o]
    inter = {}
    for s, o in g.subject_objects(CKG.acledInterCode):
        inter[_local(s, CKG) or ""] = str(o).rsplit("-", 1)[-1]
    return _Taxonomy(sub_event, imported, event_type, inter)


def _sub_event(ev: ExportedEvent, tax: _Taxonomy) -> str:
    if ev.type == "TerritoryChange":
        state = any(a["role"] == "attacker" and a["kind"] in ("State", "ArmedForce") for a in ev.actors)
        return "Government regains territory" if state else "Non-state actor overtakes territory"
    # the taxonomy's match first, then the sub-event types imported as this type; the first
    # that the ACLED reader reads back as this type (given the notes) wins
    candidates = [tax.sub_event.get(ev.type, ""), *tax.imported.get(ev.type, [])]
    candidates.sort(key=lambda c: c.lower() != ev.type.lower())  # "Attack" for Attack
    for label in candidates:
        if label and event_type_for(label, ev.notes or "") == ev.type:
            return label
    # aid, visits, sanctions, condemnations: ACLED's strategic development of no other kind (the
    # row's tag names our type, so that it reads back as it was)
    return tax.sub_event.get(ev.type) or "Other"


def source_records(store) -> dict[str, dict[str, str]]:
    """Event IRI → the record it was read from (an ACLED row's columns), for the events that
    have one (:func:`kg.rdf.terms.source_record`)."""
    from kg.rdf.terms import source_record
    from kg.resources import resource_dir

    text = (resource_dir("queries") / "internal" / "source-records.rq").read_text(encoding="utf-8")
    out = {}
    for row in store.query(text).dicts():
        columns = str(row["columns"]) if "columns" in row else None
        record = source_record(str(row["record"]), columns)
        if record is not None:
            out[str(row["event"])] = record
    return out


def acled_row(ev: ExportedEvent, source: dict[str, str] | None = None) -> dict[str, str]:
    """One event as an ACLED row (column → text). An event read from an ACLED row (``source``)
    gives that row's columns back as they were; the others are computed from the graph."""
    row = _computed_row(ev, codes=not source or not {"iso", "region"} <= source.keys())
    if source:
        row.update({column: source[column] for column in ACLED_COLUMNS if column in source})
    return row


def _computed_row(ev: ExportedEvent, codes: bool = True) -> dict[str, str]:
    """The ACLED row of an event from the graph; ``codes``: fill iso and region (which read
    the gazetteer), else leave them to the event's source record."""
    tax = taxonomy()
    sub = _sub_event(ev, tax)
    event_type = tax.event_type.get(sub, "")
    side1 = [a for a in ev.actors if a["role"] in SIDE_1]
    side2 = [a for a in ev.actors if a["role"] in SIDE_2]
    others = [a for a in ev.actors if a not in side1 and a not in side2]
    others += side1[1:] + side2[1:]

    def inter(actors: list[dict[str, Any]]) -> str:
        if not actors:
            return ""
        if actors[0]["role"] == "victim":
            return "7"
        return tax.inter.get(actors[0]["kind"] or "", "")

    inter1, inter2 = inter(side1), inter(side2)
    place = ev.located or {}
    country = place.get("country") or (place.get("name") if place.get("kind") == "country" else "")
    admin1 = place.get("admin1") or (place.get("name") if place.get("kind") == "region" else "")
    iso, region = country_codes(country or "") if codes else ("", "")
    location = place.get("name", "") if place.get("kind") not in ("country",) else ""

    def number(x: float | None) -> str:
        return "" if x is None else format(x, "g") if abs(x) >= 1e-4 or x == 0 else repr(x)

    return {
        "event_id_cnty": ev.heading or "", "event_date": ev.date or "",
        "year": (ev.date or "")[:4], "time_precision": PRECISION_CODES.get(ev.precision or "day", ""),
        "disorder_type": DISORDER.get(event_type, ""), "event_type": event_type,
        "sub_event_type": sub,
        "actor1": side1[0]["name"] if side1 else "", "assoc_actor_1": "; ".join(a["name"] for a in others),
        "inter1": inter1,
        "actor2": side2[0]["name"] if side2 else "", "assoc_actor_2": "", "inter2": inter2,
        "interaction": "".join(sorted(c for c in (inter1, inter2) if c)),
        "civilian_targeting": "Civilian targeting" if ev.civilian else "",
        "iso": iso, "region": region, "country": country or "", "admin1": admin1 or "",
        "admin2": "", "admin3": "", "location": location,
        "latitude": number(place.get("lat")), "longitude": number(place.get("lon")),
        "geo_precision": "1" if place.get("kind") == "settlement" else ("2" if place else ""),
        "source": ev.claimant or ev.publisher or "", "source_scale": "", "notes": ev.notes or "",
        "fatalities": "" if ev.killed is None else str(ev.killed), "tags": type_tag(ev.type), "timestamp": "",
    }


def acled_rows(store) -> list[dict[str, str]]:
    """Every event of the store as an ACLED row, in report-heading order."""
    sources = source_records(store)
    return [acled_row(ev, sources.get(ev.iri)) for ev in exported_events(store)]


def write_acled_csv(store, out: TextIO, events: list[ExportedEvent] | None = None) -> int:
    """Write the store's events in the ACLED layout (header first); return the number of rows.
    ``events``: the store's events when the caller has read them already."""
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    sources = source_records(store)
    events = exported_events(store) if events is None else events
    rows = [acled_row(ev, sources.get(ev.iri)) for ev in events]
    writer.writerows(rows)
    return len(rows)


# ---------------------------------------------------------------- GeoJSON


def _feature(ev: ExportedEvent) -> dict[str, Any]:
    """One event's feature; an event with no place of known coordinates has ``"geometry": null``
    (RFC 7946, 3.2), so that every event is in the collection and maps simply skip it."""
    place = ev.located or {}
    located = place.get("lat") is not None and place.get("lon") is not None
    props = {
        "id": ev.iri, "type": ev.type, "date": ev.date, "date_precision": ev.precision,
        "report": ev.heading, "killed": ev.killed, "injured": ev.injured, "civilian": ev.civilian,
        "place": place.get("name"), "admin1": place.get("admin1"), "country": place.get("country"),
        "places": [p["name"] for p in ev.places],
        "actors": [{"name": a["name"], "role": a["role"], "kind": a["kind"]} for a in ev.actors],
        "source": ev.claimant or ev.publisher, "notes": ev.notes,
    }
    return {"type": "Feature", "id": ev.iri,
            "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]} if located else None,
            "properties": {k: v for k, v in props.items() if v is not None}}


def geojson(events: Iterable[ExportedEvent]) -> dict[str, Any]:
    """A FeatureCollection of every event: a point (lon, lat order) where it has a place with
    coordinates, a null geometry where it has none."""
    features = [_feature(ev) for ev in events]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(store, out: TextIO, events: list[ExportedEvent] | None = None) -> int:
    """Write the store's events as GeoJSON, one feature each; return the number of features.
    ``events``: the store's events when the caller has read them already."""
    collection = geojson(exported_events(store) if events is None else events)
    json.dump(collection, out, ensure_ascii=False)
    out.write("\n")
    return len(collection["features"])


TABLE_FORMATS = {"acled-csv": write_acled_csv, "geojson": write_geojson}
"""Export formats of this module: name → writer ``(store, text stream, events=None) -> count``."""


def export_table(store, fmt: str, out: BinaryIO) -> int:
    """Write ``fmt`` (a key of :data:`TABLE_FORMATS`) to a binary stream, UTF-8; return the count."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        return TABLE_FORMATS[fmt](store, text)
    finally:
        text.flush()
        text.detach()
