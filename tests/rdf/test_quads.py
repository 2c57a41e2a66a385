"""The one mapping's writer, and the rdflib graphs read back from its quads."""
from __future__ import annotations

import logging

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kg.namespaces import CKG, WGS84, place_iri
from kg.rdf.mapping import document_graphs, document_to_dataset
from kg.rdf.quads import QuadWriter
from kg.records import Document, EventRecord, Location, Update
from kg.validation.shapes import union_graph


def _doc(*records: EventRecord, timestamp: str | None = None) -> Document:
    update = Update(heading="UPDATE 1200 GMT", timestamp=timestamp, events=list(records))
    return Document(source="t.txt", updates=[update])


def test_ill_typed_date_keeps_its_lexical_form_in_the_dataset() -> None:
    # rdflib would cut "2024-03-01T10:00" to a day if it parsed the N-Quads itself
    ds = union_graph(document_to_dataset(_doc(EventRecord(type="AirStrike", date="2024-03-01T10:00"))))
    event = next(ds.subjects(CKG.eventType, None))
    value = ds.value(event, CKG.date)
    assert str(value) == "2024-03-01T10:00" and value.datatype == XSD.date


def test_ill_typed_literals_are_built_without_rdflib_warnings(caplog: pytest.LogCaptureFixture) -> None:
    doc = _doc(EventRecord(type="AirStrike", date="2024-13-45", confidence=float("nan")), timestamp="13:08")
    with caplog.at_level(logging.WARNING, logger="rdflib"):
        document_to_dataset(doc)
        document_graphs(doc)
    assert not caplog.records


def test_text_is_plain_and_numbers_keep_their_sign() -> None:
    doc = _doc(EventRecord(type="Shelling", date="2024-06-20", locations=[
        Location("Zero", lat=0.0, lon=0.0), Location("Minus zero", lat=-0.0, lon=-0.0)]))
    ds = union_graph(document_to_dataset(doc))
    assert ds.value(place_iri("Zero", within=(None, None, None, 0.0, 0.0)), WGS84.lat) == \
        Literal("0.0", datatype=XSD.decimal)
    assert str(ds.value(place_iri("Minus zero", within=(None, None, None, -0.0, -0.0)), WGS84.lat)) == "-0.0"
    assert all(o.datatype is None for o in ds.objects(None, CKG.heading))


def test_take_conflicts_reports_each_conflict_once() -> None:
    writer = QuadWriter()
    for lat in (1.0, 2.0):  # a region is one node by its name, wherever a source puts it
        writer.document(_doc(EventRecord(type="Shelling", locations=[Location("X", lat=lat, lon=3.0,
                                                                              kind="region")])))
        writer.take()
    (node, prop, values), = writer.take_conflicts()
    assert node == f"<{place_iri('X', kind='region')}>" and prop == f"<{WGS84.lat}>" and len(values) == 2
    assert writer.take_conflicts() == []
    assert writer.conflicts() == []


def test_namesakes_at_other_coordinates_are_two_places_never_one() -> None:
    """Two villages of one name in two oblasts (an ACLED file's Andriivkas) are two nodes."""
    writer = QuadWriter()
    for admin1, lat in (("Donetsk Oblast", 48.5), ("Kharkiv Oblast", 49.5)):
        writer.document(_doc(EventRecord(type="Shelling", locations=[
            Location("Andriivka", lat=lat, lon=37.0, admin1=admin1, kind="settlement")])))
        writer.take()
    assert writer.take_conflicts() == []
    first = place_iri("Andriivka", within=("Donetsk Oblast", None, None, 48.5, 37.0))
    assert first != place_iri("Andriivka", within=("Kharkiv Oblast", None, None, 49.5, 37.0))
    assert place_iri("Mexico", kind="region") != place_iri("Mexico", kind="country")


def test_document_names_its_graphs_shared_first_in_page_order() -> None:
    doc = Document(source="t.txt", updates=[Update(heading="A"), Update(heading="B"), Update(heading="A")])
    writer = QuadWriter()
    order = writer.document(doc)
    assert order == [str(iri) for iri, _ in document_graphs(doc)]
    assert len(set(order)) == 4


def test_a_source_record_is_one_csv_line_in_the_columns_of_its_layout() -> None:
    from kg.rdf.terms import record_cells

    cells = {"event_id_cnty": "UKR1", "notes": 'Shelled "twice", at night;\nline two\r\n', "x": "",
             "a,b": " y "}
    first = EventRecord(type="Shelling", date="2024-06-20", extra=cells)
    second = EventRecord(type="Shelling", date="2024-06-21", extra=dict.fromkeys(cells, "v"))
    doc = Document("f.csv", updates=[Update("UKR1", events=[first]), Update("UKR2", events=[second])])
    g = union_graph(document_to_dataset(doc))
    layouts = set(g.objects(None, CKG.recordLayout))
    assert len(layouts) == 1  # one node for the header, shared by the file's rows
    columns = record_cells(str(g.value(next(iter(layouts)), CKG.columns)))
    rows = [dict(zip(columns, record_cells(str(o)), strict=True)) for o in g.objects(None, CKG.sourceRecord)]
    assert sorted(rows, key=str) == sorted([cells, dict.fromkeys(cells, "v")], key=str)
