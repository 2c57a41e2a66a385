"""The one mapping's writer."""
from __future__ import annotations

from kg.namespaces import WGS84, place_iri
from kg.rdf.quads import QuadWriter
from kg.records import Document, EventRecord, Location, Update


def _doc(*records: EventRecord) -> Document:
    return Document(source="t.txt", updates=[Update(heading="UPDATE 1200 GMT", events=list(records))])


def test_take_conflicts_reports_each_conflict_once() -> None:
    writer = QuadWriter()
    for lat in (1.0, 2.0):
        writer.document(_doc(EventRecord(type="Shelling", locations=[Location("X", lat=lat, lon=3.0)])))
        writer.take()
    (node, prop, values), = writer.take_conflicts()
    assert node == f"<{place_iri('X')}>" and prop == f"<{WGS84.lat}>" and len(values) == 2
    assert writer.take_conflicts() == []
    assert writer.conflicts() == []
