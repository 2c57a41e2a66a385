"""Records to RDF: one document becomes one named graph per update plus the shared graph.

Pure and deterministic: no I/O, no clock, no randomness, and every IRI comes from
:mod:`kg.namespaces`, so the same document always gives the same triples and the same actor,
place or equipment from two documents is one node. The shape of what is written is
``docs/model.md``.

The mapping judges nothing. A value that breaks a rule (an unknown event type, a date that is
not a date, a negative count) is written as it is, so that the shapes reject it with a message
naming the event, rather than the mapping failing or quietly dropping it.
"""
from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.namespaces import (
    CKG,
    GEO,
    PREFIXES,
    SEM,
    SHARED_GRAPH,
    WGS84,
    actor_iri,
    actor_kind_class,
    category_concept,
    equipment_iri,
    equipment_use_iri,
    event_class,
    event_iri,
    event_type_concept,
    evidence_iri,
    geometry_iri,
    geonames_iri,
    page_iri,
    participation_iri,
    place_iri,
    place_kind_class,
    precision_concept,
    role_concept,
    update_graph,
    update_iri,
)
from kg.records import EVENT_TYPES, Document, EventRecord, Location, Update

__all__ = [
    "document_graphs",
    "document_to_dataset",
    "event_label",
    "date_literal",
    "datetime_literal",
]

COORDINATE_PLACES = 6
"""Decimal places kept of latitudes and longitudes (about 0.1 m)."""
CONFIDENCE_PLACES = 3
"""Decimal places kept of confidences."""

_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


# ---------------------------------------------------------------- literals


@contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's warning (with traceback) when it builds an ill-typed literal on purpose."""
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
    with _quiet_rdflib():  # kept as written (rdflib would cut "2024-03-01T10:00" to a day)
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
    with _quiet_rdflib():
        return Literal(text, datatype=XSD.dateTime)


def _decimal(value: float, places: int) -> Literal:
    """A plain ``xsd:decimal`` (never ``xsd:double``), rounded, in positional notation.

    A value that is not a finite number is written as given (ill-typed) for the shapes.
    """
    value = float(value)
    if not math.isfinite(value):
        with _quiet_rdflib():
            return Literal(repr(value), datatype=XSD.decimal)
    lexical = format(Decimal(repr(round(value, places))), "f")
    return Literal(lexical, datatype=XSD.decimal)


def _integer(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def _text(value: str) -> Literal:
    """A plain literal (no explicit ``xsd:string`` datatype)."""
    return Literal(value)


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


# ---------------------------------------------------------------- the mapping


Triples = set[tuple[Node, Node, Node]]


@dataclass
class _Writer:
    """Collects the triples of the shared graph and of each update graph of one document.

    Plain sets, not rdflib graphs, while writing: shared entities are written again for every
    event that names them, and a set makes that cheap.
    """

    doc: Document
    shared: Triples = field(default_factory=set)
    graphs: list[tuple[URIRef, Triples]] = field(default_factory=list)

    # ------------------------------------------------------------ shared entities

    def page(self) -> URIRef:
        doc, g = self.doc, self.shared
        page = page_iri(doc.source)
        g.add((page, RDF.type, CKG.Page))
        g.add((page, RDF.type, PROV.Entity))
        g.add((page, RDFS.label, _text(doc.source)))
        g.add((page, CKG.sourceName, _text(doc.source)))
        if doc.published:
            g.add((page, CKG.published, date_literal(doc.published)[0]))
        if doc.title:
            g.add((page, DCTERMS.title, _text(doc.title)))
        if doc.publisher:
            g.add((page, DCTERMS.publisher, _text(doc.publisher)))
        return page

    def actor(self, name: str, kind: str | None = None) -> URIRef:
        g = self.shared
        node = actor_iri(name)
        g.add((node, RDF.type, CKG.Actor))
        if kind:
            g.add((node, RDF.type, actor_kind_class(kind)))
        g.add((node, RDFS.label, _text(name)))
        g.add((node, CKG.name, _text(name)))
        return node

    def area(self, name: str, kind: str, geonames_id: int | None = None) -> URIRef:
        """A region or country, minted by name (also when named only as a containing area)."""
        g = self.shared
        node = place_iri(name, geonames_id, kind)
        g.add((node, RDF.type, CKG.Place))
        g.add((node, RDF.type, place_kind_class(kind)))
        g.add((node, RDFS.label, _text(name)))
        return node

    def place(self, loc: Location) -> tuple[URIRef, list[URIRef], list[URIRef]]:
        """Write a place; return it with the regions and countries an event there is in."""
        g = self.shared
        node = place_iri(loc.name, loc.geonames_id, loc.kind)
        g.add((node, RDF.type, CKG.Place))
        if loc.kind:
            g.add((node, RDF.type, place_kind_class(loc.kind)))
        g.add((node, RDFS.label, _text(loc.name)))
        if loc.geonames_id is not None:
            g.add((node, CKG.geonamesId, _integer(loc.geonames_id)))
            g.add((node, SKOS.exactMatch, geonames_iri(loc.geonames_id)))
        if loc.lat is not None:
            g.add((node, WGS84.lat, _decimal(loc.lat, COORDINATE_PLACES)))
        if loc.lon is not None:
            g.add((node, WGS84.long, _decimal(loc.lon, COORDINATE_PLACES)))
        if loc.lat is not None and loc.lon is not None:
            geometry = geometry_iri(node)
            lat = _decimal(loc.lat, COORDINATE_PLACES)
            lon = _decimal(loc.lon, COORDINATE_PLACES)
            g.add((node, GEO.hasGeometry, geometry))
            g.add((geometry, RDF.type, GEO.Geometry))
            wkt = f"POINT({lon} {lat})"  # WKT puts longitude first
            g.add((geometry, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral)))
        regions: list[URIRef] = []
        countries: list[URIRef] = []
        if loc.kind == "region":
            regions.append(node)
        elif loc.kind == "country":
            countries.append(node)
        country = self.area(loc.country, "country") if loc.country else None
        if country is not None:
            countries.append(country)
            if country != node:
                g.add((node, CKG.country, country))
        if loc.admin1:
            region = self.area(loc.admin1, "region")
            regions.append(region)
            if region != node:
                g.add((node, CKG.admin1, region))
            if country is not None:
                g.add((region, CKG.country, country))
        return node, regions, countries

    def equipment(self, name: str, category: str | None) -> URIRef:
        g = self.shared
        node = equipment_iri(name)
        g.add((node, RDF.type, CKG.Equipment))
        g.add((node, RDFS.label, _text(name)))
        if category:
            g.add((node, CKG.category, category_concept(category)))
        return node

    # ------------------------------------------------------------ reports and events

    def update(self, update: Update, position: int, occurrence: int, page: URIRef) -> None:
        source = self.doc.source
        report = update_iri(source, update.heading, occurrence)
        g: Triples = set()
        g.add((report, RDF.type, CKG.Report))
        g.add((report, RDF.type, PROV.Entity))
        g.add((report, RDFS.label, _text(update.heading)))
        g.add((report, CKG.heading, _text(update.heading)))
        if update.timestamp:
            g.add((report, PROV.generatedAtTime, datetime_literal(update.timestamp)))
        if update.text:
            g.add((report, CKG.text, _text(update.text)))
        if update.start is not None:
            g.add((report, CKG.startOffset, _integer(update.start)))
        if update.end is not None:
            g.add((report, CKG.endOffset, _integer(update.end)))
        g.add((report, CKG.ordinal, _integer(position)))
        g.add((report, PROV.wasDerivedFrom, page))
        g.add((report, DCTERMS.isPartOf, page))
        for i, record in enumerate(update.events):
            self.event(g, report, record, i)
        self.graphs.append((update_graph(source, update.heading, occurrence), g))

    def event(self, g: Triples, report: URIRef, record: EventRecord, ordinal: int) -> URIRef:
        places = [place_iri(loc.name, loc.geonames_id, loc.kind) for loc in record.locations]
        event = event_iri(report, record.type, record.date, [str(p) for p in places], ordinal)
        g.add((event, RDF.type, CKG.Event))
        if record.type in EVENT_TYPES:
            g.add((event, RDF.type, event_class(record.type)))
        g.add((event, RDFS.label, _text(event_label(record))))
        g.add((event, CKG.eventType, event_type_concept(record.type)))

        precision = record.date_precision
        if record.date:
            value, precision = date_literal(record.date, precision)
            g.add((event, CKG.date, value))
        if precision:
            g.add((event, CKG.datePrecision, precision_concept(precision)))

        regions: list[URIRef] = []
        countries: list[URIRef] = []
        for loc in record.locations:
            node, in_regions, in_countries = self.place(loc)
            g.add((event, SEM.hasPlace, node))
            regions += in_regions
            countries += in_countries
        for region in regions:
            g.add((event, CKG.inRegion, region))
        for country in countries:
            g.add((event, CKG.inCountry, country))

        for actor in record.actors:
            node = self.actor(actor.name, actor.kind)
            g.add((event, SEM.hasActor, node))
            if actor.affiliation:
                self.shared.add((node, CKG.affiliation, self.actor(actor.affiliation)))
            if actor.role:
                part = participation_iri(event, actor.role, actor.name)
                g.add((event, CKG.hasParticipation, part))
                g.add((part, RDF.type, CKG.Participation))
                g.add((part, CKG.actor, node))
                g.add((part, CKG.role, role_concept(actor.role)))

        for item in record.equipment:
            node = self.equipment(item.name, item.category)
            use = equipment_use_iri(event, item.name)
            g.add((event, CKG.usedEquipment, node))
            g.add((event, CKG.hasEquipmentUse, use))
            g.add((use, RDF.type, CKG.EquipmentUse))
            g.add((use, CKG.equipment, node))
            if item.quantity is not None:
                g.add((use, CKG.quantity, _integer(item.quantity)))
            if item.destroyed is not None:
                g.add((use, CKG.quantityDestroyed, _integer(item.destroyed)))

        if record.killed is not None:
            g.add((event, CKG.killed, _integer(record.killed)))
        if record.injured is not None:
            g.add((event, CKG.injured, _integer(record.injured)))
        if record.killed_at_least:
            g.add((event, CKG.killedAtLeast, Literal(True)))
        if record.injured_at_least:
            g.add((event, CKG.injuredAtLeast, Literal(True)))
        if record.civilian is not None:
            g.add((event, CKG.civilianCasualties, Literal(bool(record.civilian))))
        if record.confidence is not None:
            g.add((event, CKG.confidence, _decimal(record.confidence, CONFIDENCE_PLACES)))
        if record.claimed_by:
            g.add((event, SEM.accordingTo, self.actor(record.claimed_by)))

        if record.evidence is not None:
            span = evidence_iri(event)
            g.add((event, CKG.evidence, span))
            g.add((span, RDF.type, CKG.EvidenceSpan))
            g.add((span, CKG.text, _text(record.evidence.text)))
            if record.evidence.start is not None:
                g.add((span, CKG.startOffset, _integer(record.evidence.start)))
            if record.evidence.end is not None:
                g.add((span, CKG.endOffset, _integer(record.evidence.end)))
            g.add((span, PROV.wasDerivedFrom, report))
        g.add((event, PROV.wasDerivedFrom, report))
        return event

    def run(self) -> list[tuple[URIRef, Triples]]:
        page = self.page()
        seen: dict[str, int] = {}
        for position, update in enumerate(self.doc.updates):
            occurrence = seen.get(update.heading, 0)
            seen[update.heading] = occurrence + 1
            self.update(update, position, occurrence, page)
        return [(SHARED_GRAPH, self.shared), *self.graphs]


def document_graphs(doc: Document) -> list[tuple[URIRef, Graph]]:
    """Map a document to ``(graph IRI, graph)`` pairs: the shared graph first, then one per update.

    Every update gives a graph holding at least its report node, also when it has no events.
    Repeated headings on one page are told apart by their occurrence (see
    :func:`kg.namespaces.update_key`).

    Args:
        doc: the document and its event records.

    Returns:
        ``(kgg:shared, graph)`` followed by ``(kgg:report/<key>, graph)`` in page order.
    """
    out = []
    for iri, triples in _Writer(doc).run():
        g = Graph(identifier=iri)
        g.addN((s, p, o, g) for s, p, o in triples)
        out.append((iri, g))
    return out


def document_to_dataset(doc: Document) -> Dataset:
    """Map a document to an rdflib Dataset: ``kgg:shared`` plus one named graph per update.

    Args:
        doc: the document and its event records.

    Returns:
        A new in-memory Dataset (its default graph empty), with the project's prefixes bound.
    """
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    for iri, triples in _Writer(doc).run():
        target = ds.graph(iri)
        target.addN((s, p, o, target) for s, p, o in triples)
    return ds

