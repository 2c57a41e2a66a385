"""Records to RDF, the one mapping: a document becomes N-Quads, one named graph per update
plus the shared graph.

Pure and deterministic: no I/O, no clock, no randomness, and every IRI comes from
:mod:`kg.namespaces`, so the same document always gives the same quads and the same actor,
place or equipment from two documents is one node. The shape of what is written is
``docs/model.md``, the literals' forms :mod:`kg.rdf.terms`. Where an rdflib graph is
wanted, :mod:`kg.rdf.mapping` builds it from these quads.

The mapping judges nothing. A value that breaks a rule (an unknown event type, a date that is
not a date, a negative count) is written as it is, so that the shapes reject it with a message
naming the event, rather than the mapping failing or quietly dropping it.

:class:`QuadWriter` formats IRIs and literals as text once and caches them, so large batches
(:mod:`kg.ingest.bulk`) are mapped chunk by chunk without building rdflib terms. Shared
entities (actors, places, the page) are remembered across chunks, so a later chunk that gives
a place other coordinates, or an actor another kind, is caught although each chunk is
validated alone (:meth:`QuadWriter.take_conflicts`).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg import namespaces as ns
from kg.namespaces import CKG, GEO, SEM, SHARED_GRAPH, WGS84
from kg.rdf.terms import (
    CONFIDENCE_PLACES,
    COORDINATE_PLACES,
    date_literal,
    datetime_literal,
    decimal_literal,
    event_label,
    record_line,
)
from kg.records import EVENT_TYPES, AlsoReported, Document, EventRecord, Evidence, Location, Update

__all__ = ["QuadWriter", "document_nquads", "nquads_literal", "report_iris"]


# ---------------------------------------------------------------- terms as N-Quads text


def _iri(node: str) -> str:
    return f"<{node}>"


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nquads_literal(value: str, datatype: str | None = None) -> str:
    """An N-Quads literal: plain (``xsd:string``) when ``datatype`` is ``None``."""
    text = '"' + value.translate(_ESCAPES) + '"'
    return text if datatype is None else f"{text}^^<{datatype}>"


def _from_rdflib(term: Literal) -> str:
    return nquads_literal(str(term), str(term.datatype) if term.datatype else None)


_T = {name: _iri(str(iri)) for name, iri in {
    "type": RDF.type, "label": RDFS.label, "Page": CKG.Page, "Entity": PROV.Entity,
    "sourceName": CKG.sourceName, "published": CKG.published, "title": DCTERMS.title,
    "publisher": DCTERMS.publisher, "Actor": CKG.Actor, "name": CKG.name, "Place": CKG.Place,
    "geonamesId": CKG.geonamesId, "exactMatch": SKOS.exactMatch, "lat": WGS84.lat,
    "long": WGS84.long, "hasGeometry": GEO.hasGeometry, "Geometry": GEO.Geometry,
    "asWKT": GEO.asWKT, "country": CKG.country, "admin1": CKG.admin1, "Equipment": CKG.Equipment,
    "category": CKG.category, "Report": CKG.Report, "heading": CKG.heading,
    "generatedAtTime": PROV.generatedAtTime, "text": CKG.text, "startOffset": CKG.startOffset,
    "endOffset": CKG.endOffset, "ordinal": CKG.ordinal, "wasDerivedFrom": PROV.wasDerivedFrom,
    "isPartOf": DCTERMS.isPartOf, "Event": CKG.Event, "eventType": CKG.eventType,
    "date": CKG.date, "datePrecision": CKG.datePrecision, "hasPlace": SEM.hasPlace,
    "inRegion": CKG.inRegion, "inCountry": CKG.inCountry, "hasActor": SEM.hasActor,
    "affiliation": CKG.affiliation, "hasParticipation": CKG.hasParticipation,
    "Participation": CKG.Participation, "actor": CKG.actor, "role": CKG.role,
    "usedEquipment": CKG.usedEquipment, "hasEquipmentUse": CKG.hasEquipmentUse,
    "EquipmentUse": CKG.EquipmentUse, "equipment": CKG.equipment, "quantity": CKG.quantity,
    "quantityDestroyed": CKG.quantityDestroyed, "killed": CKG.killed, "injured": CKG.injured,
    "killedAtLeast": CKG.killedAtLeast, "injuredAtLeast": CKG.injuredAtLeast,
    "civilianCasualties": CKG.civilianCasualties, "confidence": CKG.confidence,
    "accordingTo": SEM.accordingTo, "evidence": CKG.evidence, "EvidenceSpan": CKG.EvidenceSpan,
    "sourceRecord": CKG.sourceRecord, "doubtful": CKG.doubtful, "recordLayout": CKG.recordLayout,
    "RecordLayout": CKG.RecordLayout, "columns": CKG.columns, "alsoReportedIn": CKG.alsoReportedIn,
    "furtherEvidence": CKG.furtherEvidence,
}.items()}
_SHARED = _iri(str(SHARED_GRAPH))
_INTEGER = str(XSD.integer)
_DECIMAL = str(XSD.decimal)
_TRUE = nquads_literal("true", str(XSD.boolean))
_FALSE = nquads_literal("false", str(XSD.boolean))


def _integer(value: int) -> str:
    return nquads_literal(str(int(value)), _INTEGER)


def _decimal(value: float, places: int) -> str:
    # -0.0 and 0.0 are one key to a cache, but their lexical forms differ
    return _decimal_text(value, places, math.copysign(1.0, value) < 0)


@functools.lru_cache(maxsize=200_000)
def _decimal_text(value: float, places: int, negative: bool) -> str:
    return _from_rdflib(decimal_literal(value, places))


@functools.lru_cache(maxsize=100_000)
def _text(value: str) -> str:
    return nquads_literal(value)


@functools.lru_cache(maxsize=100_000)
def _slug(name: str) -> str:
    return ns.slug(name)


@functools.lru_cache(maxsize=100_000)
def _actor_iri(name: str) -> str:
    return _iri(str(ns.actor_iri(name)))


@functools.lru_cache(maxsize=100_000)
def _place_iri(name: str, geonames_id: int | None, kind: str | None,
               within: tuple[object, ...] | None = None) -> str:
    return _iri(str(ns.place_iri(name, geonames_id, kind, within)))


def _located(loc: Location) -> str:
    """A place's IRI: one with coordinates or admin areas of its own but no GeoNames id (an ACLED
    row's village) is told apart from its namesakes by them, never merged with one elsewhere."""
    within = None
    if loc.geonames_id is None and (loc.lat is not None or loc.admin2 or loc.admin3):
        lat, lon = (None if x is None else round(x, 4) for x in (loc.lat, loc.lon))
        within = (loc.admin1, loc.admin2, loc.admin3, lat, lon)
    return _place_iri(loc.name, loc.geonames_id, loc.kind, within)


@functools.lru_cache(maxsize=1_000)
def _layout_iri(columns: tuple[str, ...]) -> str:
    return _iri(str(ns.layout_iri(columns)))


@functools.lru_cache(maxsize=10_000)
def _class_of(kind: str, what: str) -> str:
    if what == "actor":
        return _iri(str(ns.actor_kind_class(kind)))
    if what == "place":
        return _iri(str(ns.place_kind_class(kind)))
    if what == "event":
        return _iri(str(ns.event_class(kind)))
    if what == "type":
        return _iri(str(ns.event_type_concept(kind)))
    if what == "precision":
        return _iri(str(ns.precision_concept(kind)))
    if what == "role":
        return _iri(str(ns.role_concept(kind)))
    return _iri(str(ns.category_concept(kind)))


@functools.lru_cache(maxsize=4096)
def _date(text: str, precision: str | None) -> tuple[str, str | None]:
    value, precision = date_literal(text, precision)
    return _from_rdflib(value), precision


@functools.lru_cache(maxsize=4096)
def _datetime(text: str) -> str:
    return _from_rdflib(datetime_literal(text))


# ---------------------------------------------------------------- the writer


class QuadWriter:
    """Maps documents to N-Quads lines, chunk by chunk.

    Call :meth:`document` (or :meth:`page` then :meth:`update` per update) for a chunk, take
    the lines with :meth:`take`, and start the next chunk. The shared entities' one-valued
    properties are remembered across chunks; :meth:`conflicts` lists those that two chunks
    gave different values (a maxCount rule that no single chunk can see broken), and
    :meth:`take_conflicts` hands over the ones found since it was last called.
    """

    def __init__(self) -> None:
        self.lines: set[str] = set()
        self._entity_lines: dict[tuple, tuple[str, ...]] = {}
        self._seen: dict[tuple[str, str], str] = {}
        self._conflicts: dict[tuple[str, str], set[str]] = {}

    # ------------------------------------------------------------ plumbing

    def take(self) -> str:
        """The chunk's N-Quads text; the writer is then empty for the next chunk."""
        text = "".join(self.lines)
        self.lines = set()
        return text

    def conflicts(self) -> list[tuple[str, str, list[str]]]:
        """``(node, property, values)`` for shared one-valued properties given two values.

        Nodes and properties are in N-Quads form (``<iri>``); the property is ``"kind"`` for
        a node given two kinds (two classes of one family)."""
        return [(node, prop, sorted(values)) for (node, prop), values in self._conflicts.items()]

    def take_conflicts(self) -> list[tuple[str, str, list[str]]]:
        """The :meth:`conflicts` found since the last call; they are then forgotten, so each
        is reported once, with the chunk that made it."""
        out = self.conflicts()
        self._conflicts.clear()
        return out

    def _remember(self, node: str, prop: str, value: str) -> None:
        key = (node, prop)
        old = self._seen.setdefault(key, value)
        if old != value:
            self._conflicts.setdefault(key, {old}).add(value)

    def _entity(self, key: tuple, build) -> None:
        lines = self._entity_lines.get(key)
        if lines is None:
            lines = tuple(build())
            self._entity_lines[key] = lines
        self.lines.update(lines)

    # ------------------------------------------------------------ shared entities

    def page(self, doc: Document) -> str:
        """Write the page of a document; return its IRI (N-Quads form)."""
        node = _iri(str(ns.page_iri(doc.source)))
        t = _T
        lines = [
            f"{node} {t['type']} {t['Page']} {_SHARED} .\n",
            f"{node} {t['label']} {_text(doc.source)} {_SHARED} .\n",
            f"{node} {t['sourceName']} {_text(doc.source)} {_SHARED} .\n",
        ]
        if doc.published:
            published = _date(doc.published, None)[0]
            lines.append(f"{node} {t['published']} {published} {_SHARED} .\n")
            self._remember(node, t["published"], published)
        if doc.title:
            lines.append(f"{node} {t['title']} {_text(doc.title)} {_SHARED} .\n")
        if doc.publisher:
            lines.append(f"{node} {t['publisher']} {_text(doc.publisher)} {_SHARED} .\n")
        self.lines.update(lines)
        return node

    def actor(self, name: str, kind: str | None = None) -> str:
        """Write an actor (with its kind's class, when known); return its IRI."""
        node = _actor_iri(name)

        def build():
            t = _T
            yield f"{node} {t['type']} {t['Actor']} {_SHARED} .\n"
            if kind:
                yield f"{node} {t['type']} {_class_of(kind, 'actor')} {_SHARED} .\n"
            yield f"{node} {t['label']} {_text(name)} {_SHARED} .\n"
            yield f"{node} {t['name']} {_text(name)} {_SHARED} .\n"
            if kind:
                self._remember(node, "kind", _class_of(kind, "actor"))

        self._entity(("actor", name, kind), build)
        return node

    def area(self, name: str, kind: str) -> str:
        """Write a region or country, minted by name (also when named only as a containing area)."""
        node = _place_iri(name, None, kind)

        def build():
            t = _T
            yield f"{node} {t['type']} {t['Place']} {_SHARED} .\n"
            yield f"{node} {t['type']} {_class_of(kind, 'place')} {_SHARED} .\n"
            yield f"{node} {t['label']} {_text(name)} {_SHARED} .\n"
            self._remember(node, "kind", _class_of(kind, "place"))

        self._entity(("area", name, kind), build)
        return node

    def place(self, loc: Location) -> tuple[str, list[str], list[str]]:
        """Write a place; return it with the regions and countries an event there is in."""
        lat = _decimal(loc.lat, COORDINATE_PLACES) if loc.lat is not None else None
        lon = _decimal(loc.lon, COORDINATE_PLACES) if loc.lon is not None else None
        key = ("place", loc.name, loc.geonames_id, lat, lon, loc.admin1, loc.admin2, loc.admin3, loc.country,
               loc.kind)
        cached = self._entity_lines.get(key)
        node = _located(loc)
        regions: list[str] = [node] if loc.kind == "region" else []
        countries: list[str] = [node] if loc.kind == "country" else []
        country = self.area(loc.country, "country") if loc.country else None
        region = self.area(loc.admin1, "region") if loc.admin1 else None
        if country is not None:
            countries.append(country)
        if region is not None:
            regions.append(region)
        if cached is not None:
            self.lines.update(cached)
            return node, regions, countries
        t = _T
        lines = [f"{node} {t['type']} {t['Place']} {_SHARED} .\n"]
        if loc.kind:
            lines.append(f"{node} {t['type']} {_class_of(loc.kind, 'place')} {_SHARED} .\n")
            self._remember(node, "kind", _class_of(loc.kind, "place"))
        lines.append(f"{node} {t['label']} {_text(loc.name)} {_SHARED} .\n")
        if loc.geonames_id is not None:
            gid = _integer(loc.geonames_id)
            lines.append(f"{node} {t['geonamesId']} {gid} {_SHARED} .\n")
            match = _iri(str(ns.geonames_iri(loc.geonames_id)))
            lines.append(f"{node} {t['exactMatch']} {match} {_SHARED} .\n")
            self._remember(node, t["geonamesId"], gid)
        if lat is not None:
            lines.append(f"{node} {t['lat']} {lat} {_SHARED} .\n")
            self._remember(node, t["lat"], lat)
        if lon is not None:
            lines.append(f"{node} {t['long']} {lon} {_SHARED} .\n")
            self._remember(node, t["long"], lon)
        if lat is not None and lon is not None:
            geometry = f"<{node[1:-1]}/geometry>"
            lat_text = lat[1:lat.index('"', 1)]
            lon_text = lon[1:lon.index('"', 1)]
            wkt = nquads_literal(f"POINT({lon_text} {lat_text})", str(GEO.wktLiteral))
            lines += [
                f"{node} {t['hasGeometry']} {geometry} {_SHARED} .\n",
                f"{geometry} {t['type']} {t['Geometry']} {_SHARED} .\n",
                f"{geometry} {t['asWKT']} {wkt} {_SHARED} .\n",
            ]
        if country is not None and country != node:
            lines.append(f"{node} {t['country']} {country} {_SHARED} .\n")
            self._remember(node, t["country"], country)
        if region is not None:
            if region != node:
                lines.append(f"{node} {t['admin1']} {region} {_SHARED} .\n")
                self._remember(node, t["admin1"], region)
            if country is not None:
                lines.append(f"{region} {t['country']} {country} {_SHARED} .\n")
                self._remember(region, t["country"], country)
        self._entity_lines[key] = tuple(lines)
        self.lines.update(lines)
        return node, regions, countries

    def equipment(self, name: str, category: str | None) -> str:
        """Write a kind of equipment (with its category, when known); return its IRI."""
        node = _iri(str(ns.equipment_iri(name)))

        def build():
            t = _T
            yield f"{node} {t['type']} {t['Equipment']} {_SHARED} .\n"
            yield f"{node} {t['label']} {_text(name)} {_SHARED} .\n"
            if category:
                yield f"{node} {t['category']} {_class_of(category, 'category')} {_SHARED} .\n"
                self._remember(node, t["category"], _class_of(category, "category"))

        self._entity(("equipment", name, category), build)
        return node

    def layout(self, columns: tuple[str, ...]) -> str:
        """Write the layout of source records with these columns (a file's header); return its IRI."""
        node = _layout_iri(columns)

        def build():
            t = _T
            yield f"{node} {t['type']} {t['RecordLayout']} {_SHARED} .\n"
            yield f"{node} {t['columns']} {_text(record_line(columns))} {_SHARED} .\n"

        self._entity(("layout", columns), build)
        return node

    # ------------------------------------------------------------ reports and events

    def update(self, source: str, update: Update, position: int, occurrence: int, page: str,
               reports: Sequence[URIRef] = ()) -> str:
        """Write one update (its report, events and graph); ``occurrence`` counts earlier
        updates of the page with the same heading, ``reports`` are the page's report IRIs by
        position (:func:`report_iris`), which an event told by other updates links to.
        Returns the report's IRI."""
        key = ns.update_key(source, update.heading, occurrence)
        report_ref = ns.ID[f"report/{key}"]
        report = _iri(str(report_ref))
        g = _iri(str(ns.GRAPH[f"report/{key}"]))
        t = _T
        add = self.lines.add
        add(f"{report} {t['type']} {t['Report']} {g} .\n")
        add(f"{report} {t['heading']} {_text(update.heading)} {g} .\n")
        if update.timestamp:
            add(f"{report} {t['generatedAtTime']} {_datetime(update.timestamp)} {g} .\n")
        if update.text:
            add(f"{report} {t['text']} {_text(update.text)} {g} .\n")
        if update.start is not None:
            add(f"{report} {t['startOffset']} {_integer(update.start)} {g} .\n")
        if update.end is not None:
            add(f"{report} {t['endOffset']} {_integer(update.end)} {g} .\n")
        add(f"{report} {t['ordinal']} {_integer(position)} {g} .\n")
        add(f"{report} {t['isPartOf']} {page} {g} .\n")
        for i, record in enumerate(update.events):
            self.event(g, report_ref, report, record, i, reports)
        return str(report_ref)

    def event(self, g: str, report_ref: URIRef, report: str, record: EventRecord, ordinal: int,
              reports: Sequence[URIRef] = ()) -> None:
        """Write one event record of a report into the report's graph ``g``; the places,
        actors and equipment it names go to the shared graph. The other updates that tell it
        (``also_reported``, found in ``reports`` by position) are linked from this graph too,
        so replacing the graph replaces the links."""
        t = _T
        add = self.lines.add
        places = [_located(loc)[1:-1] for loc in record.locations]
        event_ref = ns.event_iri(report_ref, record.type, record.date, places, ordinal)
        base = str(event_ref)
        event = _iri(base)
        add(f"{event} {t['type']} {t['Event']} {g} .\n")
        if record.type in EVENT_TYPES:
            add(f"{event} {t['type']} {_class_of(record.type, 'event')} {g} .\n")
        add(f"{event} {t['label']} {_text(event_label(record))} {g} .\n")
        add(f"{event} {t['eventType']} {_class_of(record.type, 'type')} {g} .\n")
        precision = record.date_precision
        if record.date:
            value, precision = _date(record.date, precision)
            add(f"{event} {t['date']} {value} {g} .\n")
        if precision:
            add(f"{event} {t['datePrecision']} {_class_of(precision, 'precision')} {g} .\n")
        regions: list[str] = []
        countries: list[str] = []
        for loc in record.locations:
            node, in_regions, in_countries = self.place(loc)
            add(f"{event} {t['hasPlace']} {node} {g} .\n")
            regions += in_regions
            countries += in_countries
        for region in regions:
            add(f"{event} {t['inRegion']} {region} {g} .\n")
        for country in countries:
            add(f"{event} {t['inCountry']} {country} {g} .\n")
        for actor in record.actors:
            node = self.actor(actor.name, actor.kind)
            add(f"{event} {t['hasActor']} {node} {g} .\n")
            if actor.affiliation:
                add(f"{node} {t['affiliation']} {self.actor(actor.affiliation)} {_SHARED} .\n")
            if actor.role:
                part = f"<{base}/role/{_slug(actor.role)}/{_slug(actor.name)}>"
                add(f"{event} {t['hasParticipation']} {part} {g} .\n")
                add(f"{part} {t['type']} {t['Participation']} {g} .\n")
                add(f"{part} {t['actor']} {node} {g} .\n")
                add(f"{part} {t['role']} {_class_of(actor.role, 'role')} {g} .\n")
        for item in record.equipment:
            node = self.equipment(item.name, item.category)
            use = _iri(str(ns.equipment_use_iri(event_ref, item.name)))
            add(f"{event} {t['usedEquipment']} {node} {g} .\n")
            add(f"{event} {t['hasEquipmentUse']} {use} {g} .\n")
            add(f"{use} {t['type']} {t['EquipmentUse']} {g} .\n")
            add(f"{use} {t['equipment']} {node} {g} .\n")
            if item.quantity is not None:
                add(f"{use} {t['quantity']} {_integer(item.quantity)} {g} .\n")
            if item.destroyed is not None:
                add(f"{use} {t['quantityDestroyed']} {_integer(item.destroyed)} {g} .\n")
        if record.killed is not None:
            add(f"{event} {t['killed']} {_integer(record.killed)} {g} .\n")
        if record.injured is not None:
            add(f"{event} {t['injured']} {_integer(record.injured)} {g} .\n")
        if record.killed_at_least:
            add(f"{event} {t['killedAtLeast']} {_TRUE} {g} .\n")
        if record.injured_at_least:
            add(f"{event} {t['injuredAtLeast']} {_TRUE} {g} .\n")
        if record.civilian is not None:
            add(f"{event} {t['civilianCasualties']} {_TRUE if record.civilian else _FALSE} {g} .\n")
        if record.confidence is not None:
            add(f"{event} {t['confidence']} {_decimal(record.confidence, CONFIDENCE_PLACES)} {g} .\n")
        if record.doubtful:
            add(f"{event} {t['doubtful']} {_TRUE} {g} .\n")
        if record.claimed_by:
            add(f"{event} {t['accordingTo']} {self.actor(record.claimed_by)} {g} .\n")
        if record.evidence is not None:
            span = f"<{base}/evidence>"
            add(f"{event} {t['evidence']} {span} {g} .\n")
            self._span(g, span, record.evidence, report)
        for also in record.also_reported:
            self._also_reported(g, event_ref, event, also, reports)
        if record.extra:  # an ACLED row, as its source gave it: an export gives it back
            row = nquads_literal(record_line(record.extra.values()))
            add(f"{event} {t['sourceRecord']} {row} {g} .\n")
            add(f"{event} {t['recordLayout']} {self.layout(tuple(record.extra))} {g} .\n")
        add(f"{event} {t['wasDerivedFrom']} {report} {g} .\n")

    def _also_reported(self, g: str, event_ref: URIRef, event: str, also: AlsoReported,
                       reports: Sequence[URIRef]) -> None:
        """``ckg:alsoReportedIn`` the other update's report, and its words as a span of their
        own (``ckg:furtherEvidence``), shaped as the event's evidence is."""
        if not 0 <= also.update < len(reports):
            raise ValueError(f"also_reported names update {also.update} of a page of {len(reports)} updates")
        t = _T
        add = self.lines.add
        other_ref = reports[also.update]
        other = _iri(str(other_ref))
        add(f"{event} {t['alsoReportedIn']} {other} {g} .\n")
        if also.evidence is None:
            return
        span = _iri(str(ns.further_evidence_iri(event_ref, other_ref)))
        add(f"{event} {t['furtherEvidence']} {span} {g} .\n")
        self._span(g, span, also.evidence, other)

    def _span(self, g: str, span: str, evidence: Evidence, report: str) -> None:
        """An evidence span: the words, their offsets into the page, the report they are from."""
        t = _T
        add = self.lines.add
        add(f"{span} {t['type']} {t['EvidenceSpan']} {g} .\n")
        add(f"{span} {t['text']} {_text(evidence.text)} {g} .\n")
        if evidence.start is not None:
            add(f"{span} {t['startOffset']} {_integer(evidence.start)} {g} .\n")
        if evidence.end is not None:
            add(f"{span} {t['endOffset']} {_integer(evidence.end)} {g} .\n")
        add(f"{span} {t['wasDerivedFrom']} {report} {g} .\n")

    def document(self, doc: Document) -> list[str]:
        """Write a whole document (page and every update) into the current chunk.

        Every update gives a graph holding at least its report node, also when it has no
        events; repeated headings on one page are told apart by their occurrence (see
        :func:`kg.namespaces.update_key`).

        Returns:
            The IRIs of the graphs written: ``kgg:shared`` first, then one per update in page
            order.
        """
        page = self.page(doc)
        graphs = [str(SHARED_GRAPH)]
        reports = report_iris(doc)
        seen: dict[str, int] = {}
        for position, update in enumerate(doc.updates):
            occurrence = seen.get(update.heading, 0)
            seen[update.heading] = occurrence + 1
            self.update(doc.source, update, position, occurrence, page, reports)
            graphs.append(str(ns.update_graph(doc.source, update.heading, occurrence)))
        return graphs


def report_iris(doc: Document) -> list[URIRef]:
    """The report IRI of each update of a document, by position on the page."""
    seen: dict[str, int] = {}
    out = []
    for update in doc.updates:
        occurrence = seen.get(update.heading, 0)
        seen[update.heading] = occurrence + 1
        out.append(ns.update_iri(doc.source, update.heading, occurrence))
    return out


def document_nquads(doc: Document) -> str:
    """The N-Quads of a document: its shared graph and one graph per update."""
    writer = QuadWriter()
    writer.document(doc)
    return writer.take()

