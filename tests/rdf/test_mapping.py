"""Mapping: golden graphs, determinism, and the details docs/model.md promises."""
from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from paths import TESTS
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kg.namespaces import (
    CKG,
    GEO,
    PROV,
    SEM,
    SHARED_GRAPH,
    TYPES,
    WGS84,
    actor_iri,
    place_iri,
    update_graph,
    update_iri,
)
from kg.rdf.mapping import date_literal, document_graphs, document_to_dataset, event_label
from kg.records import Actor, Document, EventRecord, Location, Update, document_from_dict
from kg.validation.shapes import union_graph

GOLDEN = TESTS / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"


def load_case(name: str) -> Document:
    path = GOLDEN / f"{name}.json"
    return document_from_dict(json.loads(path.read_text(encoding="utf-8")), source=path.name)


def graphs_of(ds: Dataset) -> dict[URIRef, Graph]:
    out = {}
    for g in ds.graphs():
        if len(g):
            plain = Graph()
            for t in g:
                plain.add(t)
            out[g.identifier] = plain
    return out


def dump(g: Graph) -> str:
    return "\n".join(sorted(" ".join(x.n3() for x in t) for t in g))


@pytest.mark.parametrize("case", CASES)
def test_golden_graph(case: str) -> None:
    """Each golden case maps to exactly the expected named graphs (isomorphic, graph by graph)."""
    ds = document_to_dataset(load_case(case))
    expected_path = GOLDEN / f"{case}.trig"
    if UPDATE:
        expected_path.write_text(ds.serialize(format="trig"), encoding="utf-8")
    expected = Dataset()
    expected.parse(expected_path, format="trig")
    got, want = graphs_of(ds), graphs_of(expected)
    assert sorted(got) == sorted(want)
    for iri in want:
        if not isomorphic(got[iri], want[iri]):
            _, only_got, only_want = graph_diff(to_isomorphic(got[iri]), to_isomorphic(want[iri]))
            pytest.fail(f"graph {iri} differs\nonly in output:\n{dump(only_got)}\n"
                        f"only expected:\n{dump(only_want)}")


def test_golden_cases_cover_what_was_asked() -> None:
    assert {"attack_casualties_roles", "military_aid_equipment", "diplomatic_visit_person",
            "update_without_events", "place_region_country"} <= set(CASES)


def test_same_input_same_triples() -> None:
    doc = load_case("attack_casualties_roles")
    a, b = document_to_dataset(doc), document_to_dataset(load_case("attack_casualties_roles"))
    assert set(a.quads()) == set(b.quads())


def test_same_actor_from_two_documents_is_one_node() -> None:
    one = load_case("attack_casualties_roles")
    two = load_case("place_region_country")
    ds = Dataset()
    for doc in (one, two):
        for quad in document_to_dataset(doc).quads():
            ds.add(quad)
    russia = actor_iri("Russia")
    shared = ds.graph(SHARED_GRAPH)
    union = union_graph(ds)
    assert (russia, RDF.type, CKG.State) in shared
    assert len(set(shared.subjects(RDFS.label, Literal("Russia")))) == 1
    assert len(set(shared.subjects(RDFS.label, Literal("Donetsk Oblast")))) == 1
    events = set(union.subjects(SEM.hasActor, russia))
    assert len(events) == 2


def test_one_graph_per_update_and_shared_first() -> None:
    doc = load_case("update_without_events")
    pairs = document_graphs(doc)
    assert pairs[0][0] == SHARED_GRAPH
    iris = [iri for iri, _ in pairs[1:]]
    assert len(iris) == 3 and len(set(iris)) == 3
    assert iris[0] == update_graph(doc.source, "UPDATE 1445 GMT", 0)
    assert iris[1] == update_graph(doc.source, "UPDATE 1445 GMT", 1)


def test_update_without_events_keeps_its_report_node() -> None:
    doc = load_case("update_without_events")
    ds = document_to_dataset(doc)
    report = update_iri(doc.source, "ORIGINAL ENTRY", 0)
    g = ds.graph(update_graph(doc.source, "ORIGINAL ENTRY", 0))
    assert (report, RDF.type, CKG.Report) in g
    assert g.value(report, CKG.ordinal) == Literal(2)
    assert not list(union_graph(ds).subjects(RDF.type, CKG.Event))


def test_literals_are_plain_and_typed_as_the_model_says() -> None:
    ds = union_graph(document_to_dataset(load_case("attack_casualties_roles")))
    for o in ds.objects():
        if isinstance(o, Literal):
            assert o.datatype != XSD.string, o
            assert o.datatype != XSD.double, o
    place = place_iri("Kostiantynivka", 704508)
    lat = ds.value(place, WGS84.lat)
    assert lat.datatype == XSD.decimal and lat.toPython() == Decimal("48.53")
    event = next(ds.subjects(RDF.type, CKG.AirStrike))
    assert ds.value(event, CKG.confidence) == Literal(Decimal("0.8"))
    assert ds.value(event, CKG.killed) == Literal(1)
    assert ds.value(event, CKG.injuredAtLeast) == Literal(True)
    assert ds.value(event, CKG.killedAtLeast) is None
    assert ds.value(event, CKG.date) == Literal("2024-06-20", datatype=XSD.date)
    assert str(ds.value(event, RDFS.label)) == "AirStrike at Kostiantynivka on 2024-06-20"
    geometry = ds.value(place, GEO.hasGeometry)
    assert str(ds.value(geometry, GEO.asWKT)) == "POINT(37.71 48.53)"


def test_event_is_linked_to_its_region_and_country_directly() -> None:
    ds = union_graph(document_to_dataset(load_case("place_region_country")))
    event = next(ds.subjects(RDF.type, CKG.Shelling))
    assert set(ds.objects(event, CKG.inRegion)) == {place_iri("Donetsk Oblast", kind="region")}
    assert set(ds.objects(event, CKG.inCountry)) == {place_iri("Ukraine", kind="country")}
    region = place_iri("Donetsk Oblast", kind="region")
    assert ds.value(region, CKG.geonamesId) == Literal(709716)
    assert ds.value(region, CKG.country) == place_iri("Ukraine", kind="country")


def test_month_date_becomes_first_day_with_month_precision() -> None:
    assert date_literal("2024-06") == (Literal("2024-06-01", datatype=XSD.date), "month")
    assert date_literal("2024") == (Literal("2024-01-01", datatype=XSD.date), "year")
    assert date_literal("2024-06-20", "day") == (Literal("2024-06-20", datatype=XSD.date), "day")


def test_invalid_date_is_written_ill_typed_for_the_shapes() -> None:
    value, precision = date_literal("2024-13-45")
    assert value.datatype == XSD.date and value.ill_typed
    assert precision is None


def _one_event(**kwargs: object) -> Document:
    record = EventRecord(**{"type": "AirStrike", "date": "2024-06-20", **kwargs})
    return Document(source="t.txt", updates=[Update(heading="UPDATE 1200 GMT", events=[record])])


def test_unknown_type_reaches_the_graph_instead_of_failing() -> None:
    ds = union_graph(document_to_dataset(_one_event(type="Air strike!")))
    event = next(ds.subjects(RDF.type, CKG.Event))
    assert ds.value(event, CKG.eventType) == TYPES["air-strike"]
    assert set(ds.objects(event, RDF.type)) == {CKG.Event}


def test_event_label_without_places_names_actors() -> None:
    record = EventRecord(type="MilitaryAid", date="2024-06-20",
                         actors=[Actor("Romania"), Actor("Ukraine")])
    assert event_label(record) == "MilitaryAid involving Romania, Ukraine on 2024-06-20"
    located = EventRecord(type="Shelling", locations=[
        Location("Toretsk", admin1="Donetsk Oblast"), Location("Donetsk Oblast", kind="region")])
    assert event_label(located) == "Shelling at Toretsk (no date)"


def test_event_iri_is_stable_and_derived_from_its_report() -> None:
    a = union_graph(document_to_dataset(_one_event(locations=[Location("Kyiv")])))
    b = union_graph(document_to_dataset(_one_event(locations=[Location("Kyiv")])))
    ea, eb = next(a.subjects(RDF.type, CKG.Event)), next(b.subjects(RDF.type, CKG.Event))
    assert ea == eb
    assert a.value(ea, PROV.wasDerivedFrom) == update_iri("t.txt", "UPDATE 1200 GMT", 0)


def test_all_iris_are_project_iris_or_known_vocabularies() -> None:
    ds = document_to_dataset(load_case("attack_casualties_roles"))
    allowed = ("https://w3id.org/conflict-kg/", "http://www.w3.org/", "http://purl.org/dc/terms/",
               "http://semanticweb.cs.vu.nl/2009/11/sem/", "http://www.opengis.net/ont/geosparql#",
               "https://sws.geonames.org/")
    for quad in ds.quads():
        for term in quad[:3]:
            if isinstance(term, URIRef):
                assert str(term).startswith(allowed), term
