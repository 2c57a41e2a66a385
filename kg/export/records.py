"""The store's events written back in the records contract (``docs/records.md``).

One JSON document per page, its updates in page order, each update's events in the order they
were read (recovered from the event IRIs, which count an event's place in its update). An
analyst's reviews (``kg serve --review``) apply: a rejected event is left out, a corrected one
carries the corrected type, date and figures, and ``review`` names the verdict, the analyst
and the time. With ``reviewed_only`` only events an analyst accepted or corrected are written:
gold for the extraction corpus. A doubtful event (``kg ingest --min-confidence``) keeps its mark.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, BinaryIO

from kg.namespaces import event_iri
from kg.rdf.terms import source_record
from kg.records import (
    Actor,
    AlsoReported,
    Document,
    Equipment,
    EventRecord,
    Evidence,
    Location,
    Update,
    document_to_dict,
)

PLACE_KINDS = {"Settlement": "settlement", "Region": "region", "Country": "country",
               "WaterBody": "water", "Feature": "feature"}
"""Place class → the records contract's place kind."""


def _query(store, name: str) -> list[dict[str, Any]]:
    from kg.resources import resource_dir

    text = (resource_dir("queries") / "internal" / f"records-{name}.rq").read_text(encoding="utf-8")
    return [{k: _plain(v) for k, v in row.items()} for row in store.query(text).dicts()]


def _plain(value: Any) -> Any:
    if value is None:
        return None
    python = getattr(value, "toPython", None)
    out = python() if python is not None else value
    if isinstance(out, (int, float, bool)):
        return out
    iso = getattr(out, "isoformat", None)
    return iso() if iso is not None else str(out)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _label_order(label: str) -> dict[str, int]:
    """Where each name stands in an event's label ("Shelling at Toretsk, Rozkishne on ...",
    "MilitaryAid involving United States, Ukraine on ..."), which keeps the order the record
    gave its places and actors."""
    for word in (" at ", " involving "):
        if word in label:
            names = label.split(word, 1)[1].rsplit(" on ", 1)[0].rsplit(" (no date)", 1)[0]
            return {name: i for i, name in enumerate(names.split(", "))}
    return {}


def _event(row: dict[str, Any], parts: list[dict[str, Any]]) -> EventRecord:
    locations, actors, equipment = [], {}, []
    for p in parts:
        if p["part"] == "place":
            locations.append(Location(
                name=p["name"], geonames_id=_int(p.get("geonames")),
                lat=None if p.get("lat") is None else float(p["lat"]),
                lon=None if p.get("lon") is None else float(p["lon"]),
                admin1=p.get("admin1"), country=p.get("country"),
                kind=PLACE_KINDS.get(p.get("kind") or ""),
            ))
        elif p["part"] == "actor":
            key = (p["name"], p.get("role"))
            actors[key] = Actor(name=p["name"], kind=p.get("kind"), role=p.get("role"),
                                affiliation=p.get("affiliation"))
        else:
            equipment.append(Equipment(name=p["name"], category=p.get("category"),
                                       quantity=_int(p.get("quantity")), destroyed=_int(p.get("destroyed"))))
    # an actor named with a role is not named again without one
    with_role = {name for name, role in actors if role}
    kept = [a for (name, role), a in actors.items() if role or name not in with_role]
    evidence = None
    if row.get("evidence") is not None:
        evidence = Evidence(row["evidence"], _int(row.get("evidenceStart")), _int(row.get("evidenceEnd")))
    extra = source_record(str(row["record"]), row.get("columns")) if row.get("record") else None
    order = _label_order(row.get("label") or "")
    return EventRecord(
        type=row["type"], date=row.get("date"),
        locations=sorted(locations, key=lambda x: (order.get(x.name, len(order)), x.name)),
        actors=sorted(kept, key=lambda a: (order.get(a.name, len(order)), a.name, a.role or "")),
        equipment=sorted(equipment, key=lambda e: e.name),
        killed=_int(row.get("killed")), injured=_int(row.get("injured")),
        civilian=None if row.get("civilian") is None else _bool(row["civilian"]),
        evidence=evidence,
        confidence=None if row.get("confidence") is None else float(row["confidence"]),
        date_precision=row.get("precision"),
        killed_at_least=_bool(row.get("killedAtLeast")), injured_at_least=_bool(row.get("injuredAtLeast")),
        claimed_by=row.get("claimant"), doubtful=_bool(row.get("doubtful")), extra=extra,
    )


def _ordinal(event: str, report: str, record: EventRecord, places: list[str], most: int) -> int:
    """The event's place in its update, as its IRI counts it (``most`` when not found)."""
    dates = {record.date}
    if record.date and record.date_precision == "month":
        dates.add(record.date[:7])
    elif record.date and record.date_precision == "year":
        dates.add(record.date[:4])
    for n in range(most):
        for date in dates:
            if str(event_iri(report, record.type, date, places, n)) == event:
                return n
    return most


def reviewed_values(reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """What the newest reviews (newest first) say: the verdict, who and when, and each corrected
    field's newest value (``killed``, ``injured``, ``type``, ``date``)."""
    out: dict[str, Any] = {}
    names = {"killed": "killed", "injured": "injured", "typeName": "type", "date": "date"}
    for review in reviews:
        out.setdefault("verdict", review.get("verdict"))
        out.setdefault("analyst", review.get("analyst"))
        out.setdefault("time", review.get("time"))
        if review.get("verdict") != "corrected":
            continue
        for column, name in names.items():
            if review.get(column) is not None:
                out.setdefault(name, review[column])
    return out


_CORRECTABLE = ("killed", "injured", "type", "date")


def _reviewed(record: EventRecord, reviews: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Apply the newest reviews (newest first) to a record; return the review note to write, or
    None when there is no review."""
    if not reviews:
        return None
    said = reviewed_values(reviews)
    values = {name: said[name] for name in _CORRECTABLE if name in said}
    if said.get("verdict") != "rejected":
        if "type" in values:
            record.type = str(values["type"])
        if "date" in values:
            record.date, record.date_precision = str(values["date"])[:10], "day"
        for name in ("killed", "injured"):
            if name in values:
                setattr(record, name, int(values[name]))
                setattr(record, f"{name}_at_least", False)
    return {"verdict": said.get("verdict"), "analyst": said.get("analyst"),
            "time": said.get("time"), "corrected": sorted(values)}


def records_documents(store, reviewed_only: bool = False) -> list[dict[str, Any]]:
    """Every page of the store as a records document (JSON-ready dicts), pages by source name."""
    reports = _query(store, "reports")
    events = _query(store, "events")
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in _query(store, "parts"):
        parts[p["event"]].append(p)
    reviews: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in _query(store, "reviews"):
        reviews[r["event"]].append(r)
    by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in events:
        by_report[row["report"]].append(row)
    told: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _query(store, "also"):
        told[row["event"]].append(row)
    positions = _positions(reports)

    docs: dict[str, tuple[Document, list[list[dict[str, Any] | None]]]] = {}
    for rep in reports:
        doc, _ = docs.setdefault(rep["page"], (Document(
            source=rep["source"], published=rep.get("published"), title=rep.get("title"),
            publisher=rep.get("publisher")), []))
        update = Update(heading=rep.get("heading") or "", timestamp=rep.get("time"),
                        text=rep.get("text") or "", start=_int(rep.get("start")), end=_int(rep.get("end")))
        found = []
        rows = by_report.get(rep["report"], [])
        for row in rows:
            record = _event(row, parts.get(row["event"], []))
            record.also_reported = _also_reported(told.get(row["event"], []), positions)
            places = sorted({p["node"] for p in parts.get(row["event"], []) if p["part"] == "place"})
            n = _ordinal(row["event"], rep["report"], record, places, len(rows))
            review = _reviewed(record, reviews.get(row["event"], []))
            if review is not None and review["verdict"] == "rejected":
                continue
            if reviewed_only and review is None:
                continue
            found.append((n, row["event"], record, review))
        found.sort(key=lambda x: (x[0], x[1]))
        update.events = [record for _, _, record, _ in found]
        doc.updates.append(update)
        docs[rep["page"]][1].append([review for _, _, _, review in found])
    out = []
    for doc, notes in sorted(docs.values(), key=lambda d: d[0].source):
        if reviewed_only and not doc.events():
            continue
        data = document_to_dict(doc)
        for key in ("title", "publisher"):
            if getattr(doc, key):
                data[key] = getattr(doc, key)
        for update_data, update in zip(data["updates"], doc.updates, strict=True):
            if update.text:
                update_data["text"] = update.text
        _add_reviews(data, notes)
        out.append(data)
    return out


def _positions(reports: list[dict[str, Any]]) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each report's position in its page's exported updates (the order of ``reports``), with its row."""
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    counts: dict[str, int] = defaultdict(int)
    for rep in reports:
        out[rep["report"]] = (counts[rep["page"]], rep)
        counts[rep["page"]] += 1
    return out


def _also_reported(rows: list[dict[str, Any]], positions: dict[str, tuple[int, dict[str, Any]]]
                   ) -> list[AlsoReported]:
    """The other updates that tell an event, by their position among the exported updates."""
    out = []
    for row in rows:
        if row["report"] not in positions:
            continue  # a report of no page: the export has no update to name
        position, rep = positions[row["report"]]
        evidence = None
        if row.get("evidence") is not None:
            evidence = Evidence(row["evidence"], _int(row.get("evidenceStart")), _int(row.get("evidenceEnd")))
        out.append(AlsoReported(update=position, heading=rep.get("heading") or "", timestamp=rep.get("time"),
                                evidence=evidence))
    return sorted(out, key=lambda a: a.update)


def _add_reviews(data: dict[str, Any], notes: list[list[dict[str, Any] | None]]) -> None:
    """Put each event's review note (``notes``: per update, per event, in order) on its JSON."""
    for update_data, note in zip(data["updates"], notes, strict=True):
        for event_data, review in zip(update_data["events"], note, strict=True):
            if review is not None:
                event_data["review"] = review


def write_records(store, out: BinaryIO, reviewed_only: bool = False) -> int:
    """Write the records documents to a binary stream as one JSON array, UTF-8; return the
    number of events written."""
    docs = records_documents(store, reviewed_only=reviewed_only)
    out.write(json.dumps(docs, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return sum(len(u["events"]) for d in docs for u in d["updates"])
