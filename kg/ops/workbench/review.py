"""Analysts' reviews of events: accept, reject or correct, kept as curated revisions.

A review is a node in the graph :data:`REVIEW_GRAPH` that is ``prov:wasRevisionOf`` the
event, ``prov:wasAttributedTo`` the analyst and ``prov:generatedAtTime`` the moment it was
saved, with ``ckr:verdict`` (accepted, rejected, corrected) and the corrected values under
``ckr:`` names (``ckr:killed``, ``ckr:injured``, ``ckr:eventType``, ``ckr:date``), not the
event's own properties, so that no query of extracted events ever counts a review as an
event. The extracted event is never changed; the newest review wins on the event page.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.errors import InputError
from kg.namespaces import BASE, GRAPH, ID, TYPES
from kg.records import EVENT_TYPES

CKR = rdflib.Namespace(BASE + "review#")
"""The review vocabulary."""
REVIEW_GRAPH = GRAPH["review"]
"""The named graph holding every review."""
VERDICTS = ("accepted", "rejected", "corrected")
FIELDS = ("killed", "injured", "type", "date")
"""Fields a correction may give."""
_EVENT_PREFIX = str(ID["event/"])


@dataclass(frozen=True)
class Review:
    """One analyst's verdict on one event, with the corrected values of a correction."""

    event: str
    verdict: str
    analyst: str
    values: dict[str, object] = field(default_factory=dict)
    note: str = ""

    @classmethod
    def from_json(cls, data: object, analyst: str) -> Review:
        """Read a review sent by the workbench page.

        Raises:
            InputError: not an object, an unknown event IRI form, verdict or field, or a
                value of the wrong kind.
        """
        if not isinstance(data, dict):
            raise InputError("a review is a JSON object")
        event = str(data.get("event", ""))
        local = event[len(_EVENT_PREFIX):]
        if not event.startswith(_EVENT_PREFIX) or not re.fullmatch(r"[A-Za-z0-9_./-]+", local):
            raise InputError(f"not an event IRI: {event!r}")
        verdict = str(data.get("verdict", ""))
        if verdict not in VERDICTS:
            raise InputError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
        given = data.get("values") or {}
        if not isinstance(given, dict):
            raise InputError("values must be an object")
        unknown = sorted(set(given) - set(FIELDS))
        if unknown:
            raise InputError(f"cannot correct {', '.join(unknown)}; fields: {', '.join(FIELDS)}")
        values: dict[str, object] = {}
        for name, value in given.items():
            if value is None or value == "":
                continue
            values[name] = _convert(name, value)
        if verdict == "corrected" and not values:
            raise InputError("a correction needs at least one corrected value")
        note = str(data.get("note") or "")[:2000]
        return cls(event, verdict, analyst, values, note)


def _convert(name: str, value: object) -> object:
    try:
        if name in ("killed", "injured"):
            number = int(str(value))
            if number < 0:
                raise ValueError(value)
            return number
        if name == "date":
            return dt.date.fromisoformat(str(value))
    except ValueError:
        what = "a whole number of at least 0" if name != "date" else "a date (YYYY-MM-DD)"
        raise InputError(f"{name} must be {what}, not {value!r}") from None
    if str(value) not in EVENT_TYPES:
        raise InputError(f"unknown event type {value!r}")
    return str(value)


def analyst_iri(name: str) -> rdflib.URIRef:
    """The analyst's node: ``id:analyst/<slug of the name>``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "analyst"
    return ID[f"analyst/{slug}"]


def review_dataset(review: Review, now: dt.datetime | None = None) -> tuple[rdflib.Dataset, str]:
    """The quads of a review, in :data:`REVIEW_GRAPH`, and the review's IRI."""
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    node = ID[f"review/{uuid.uuid4().hex}"]
    analyst = analyst_iri(review.analyst)
    dataset = rdflib.Dataset()
    g = dataset.graph(REVIEW_GRAPH)
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDF.type, CKR.Review))
    g.add((node, PROV.wasRevisionOf, rdflib.URIRef(review.event)))
    g.add((node, PROV.wasAttributedTo, analyst))
    g.add((node, PROV.generatedAtTime, rdflib.Literal(now.isoformat(), datatype=XSD.dateTime)))
    g.add((node, CKR.verdict, rdflib.Literal(review.verdict)))
    g.add((analyst, RDF.type, PROV.Agent))
    g.add((analyst, RDFS.label, rdflib.Literal(review.analyst)))
    for name, value in review.values.items():
        if name == "type":
            g.add((node, CKR.eventType, TYPES[str(value)]))
        elif name == "date":
            g.add((node, CKR.date, rdflib.Literal(str(value), datatype=XSD.date)))
        else:
            g.add((node, CKR[name], rdflib.Literal(int(value), datatype=XSD.integer)))  # type: ignore[call-overload]
    if review.note:
        g.add((node, CKR.note, rdflib.Literal(review.note)))
    return dataset, str(node)
