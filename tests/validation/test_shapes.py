"""Shapes: good data conforms; each rule rejects a bad record with a message naming the node."""
from __future__ import annotations

import json

import pytest
from paths import TESTS
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SKOS, XSD

from kg.errors import NonConformingError
from kg.namespaces import CKG, SH, SHARED_GRAPH, TYPES, actor_iri, place_iri
from kg.rdf.mapping import document_to_dataset
from kg.records import (
    Actor,
    Document,
    Equipment,
    EventRecord,
    Evidence,
    Location,
    Update,
    document_from_dict,
)
from kg.resources import resource_files
from kg.validation.shapes import (
    ValidationReport,
    describe,
    describe_report,
    require_conforming,
    shape_files,
    shapes_graph,
    validate_graph,
)

GOLDEN = TESTS / "golden"
HEADING = "UPDATE 1308 GMT"


def good_event(**changes: object) -> EventRecord:
    values: dict[str, object] = dict(
        type="AirStrike",
        date="2024-06-20",
        locations=[Location("Kostiantynivka", geonames_id=704508, lat=48.53, lon=37.71,
                            admin1="Donetsk Oblast", country="Ukraine", kind="settlement")],
        actors=[Actor("Russia", kind="State", role="attacker")],
        equipment=[Equipment("guided aerial bomb", category="Bomb", quantity=2, destroyed=0)],
        killed=1,
        injured=1,
        civilian=True,
        evidence=Evidence("A guided aerial bomb killed one person", 10, 48),
        confidence=0.8,
    )
    values.update(changes)
    return EventRecord(**values)  # type: ignore[arg-type]


def doc_of(*events: EventRecord, **update: object) -> Document:
    u = Update(heading=HEADING, timestamp="2024-06-20T13:08:00Z", start=0, end=100,
               events=list(events))
    for k, v in update.items():
        setattr(u, k, v)
    return Document(source="page.txt", published="2024-06-20", updates=[u])


def check(doc: Document) -> tuple[ValidationReport, list[str]]:
    ds = document_to_dataset(doc)
    report = validate_graph(ds)
    return report, [describe(v, ds) for v in report.violations]


def rejected(doc: Document, rule: str, words: str) -> list[str]:
    """Assert the document is rejected by ``rule`` with a line containing ``words``."""
    report, lines = check(doc)
    assert not report.conforms
    hits = [line for line, v in zip(lines, report.violations, strict=True) if v.rule == rule]
    assert hits, f"no {rule} violation in:\n" + "\n".join(lines)
    assert any(words in line for line in hits), "\n".join(hits)
    return hits


EVENT = "event 'AirStrike at Kostiantynivka on 2024-06-20' (UPDATE 1308 GMT)"


# ---------------------------------------------------------------- good data


def test_good_event_conforms() -> None:
    report, lines = check(doc_of(good_event()))
    assert report.conforms, "\n".join(lines)
    assert report.violations == [] and report.text == ""


@pytest.mark.parametrize("case", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_golden_cases_conform(case: str) -> None:
    path = GOLDEN / f"{case}.json"
    doc = document_from_dict(json.loads(path.read_text(encoding="utf-8")), source=path.name)
    report, lines = check(doc)
    assert report.conforms, "\n".join(lines)


def test_update_without_events_conforms() -> None:
    assert check(doc_of())[0].conforms


def test_every_event_type_conforms() -> None:
    from kg.records import EVENT_TYPES
    report, lines = check(doc_of(*(good_event(type=t) for t in EVENT_TYPES)))
    assert report.conforms, "\n".join(lines)


# ---------------------------------------------------------------- events


def test_event_without_date_is_rejected() -> None:
    hits = rejected(doc_of(good_event(date=None)), "EventShape/minCount", "must have a date")
    assert hits[0].startswith("event 'AirStrike at Kostiantynivka (no date)' (UPDATE 1308 GMT)")


def test_ill_typed_date_is_rejected() -> None:
    hits = rejected(doc_of(good_event(date="2024-02-30")), "EventShape/datatype", "valid calendar date")
    assert "2024-02-30" in hits[0]


def test_date_that_is_not_a_date_at_all_is_rejected() -> None:
    rejected(doc_of(good_event(date="last Wednesday")), "EventShape/datatype", "valid calendar date")


def test_negative_killed_is_rejected() -> None:
    hits = rejected(doc_of(good_event(killed=-1)), "EventShape/minInclusive", "killed must be ≥ 0")
    assert hits[0] == f"{EVENT}: killed must be ≥ 0 (got '-1') [EventShape/minInclusive]"


def test_negative_injured_is_rejected() -> None:
    rejected(doc_of(good_event(injured=-3)), "EventShape/minInclusive", f"{EVENT}: injured must be ≥ 0")


def test_unknown_event_type_is_rejected_naming_the_event() -> None:
    hits = rejected(doc_of(good_event(type="Bombardment")), "EventShape/in",
                    "event 'Bombardment at Kostiantynivka on 2024-06-20' (UPDATE 1308 GMT)")
    assert "not one of the taxonomy's event types" in hits[0]
    assert "(got ckgt:Bombardment)" in hits[0]


def test_unsafe_type_name_is_rejected_not_crashing() -> None:
    rejected(doc_of(good_event(type="air strike / missile")), "EventShape/in", "event type")


def test_event_without_report_is_rejected() -> None:
    ds = document_to_dataset(doc_of(good_event()))
    for g in ds.graphs():
        g.remove((None, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    report = validate_graph(ds)
    lines = describe_report(report, ds).splitlines()
    assert any("must say which report it was read from" in line and line.startswith("event '")
               for line in lines), lines


def test_event_with_two_types_is_rejected() -> None:
    ds = document_to_dataset(doc_of(good_event()))
    event = next(s for g in ds.graphs() for s in g.subjects(RDF.type, CKG.Event))
    graph = next(g for g in ds.graphs() if (event, RDF.type, CKG.Event) in g)
    graph.add((event, CKG.eventType, TYPES.Shelling))
    report = validate_graph(ds)
    assert any(v.rule == "EventShape/maxCount" and "exactly one event type" in v.message
               for v in report.violations)


@pytest.mark.parametrize("value", [1.5, -0.1])
def test_confidence_outside_unit_interval_is_rejected(value: float) -> None:
    rule = "EventShape/maxInclusive" if value > 1 else "EventShape/minInclusive"
    rejected(doc_of(good_event(confidence=value)), rule, f"{EVENT}: confidence must be")


def test_unknown_date_precision_is_rejected() -> None:
    rejected(doc_of(good_event(date_precision="week")), "EventShape/in", "date precision must be")


def test_confidence_is_decimal_not_double() -> None:
    ds = document_to_dataset(doc_of(good_event(confidence=0.75)))
    values = [o for _, _, o, _ in ds.quads((None, CKG.confidence, None, None))]
    assert values == [Literal("0.75", datatype=XSD.decimal)]


# ---------------------------------------------------------------- participations, actors


def test_unknown_role_is_rejected_naming_the_event_and_actor() -> None:
    hits = rejected(doc_of(good_event(actors=[Actor("Russia", kind="State", role="aggressor")])),
                    "ParticipationShape/in", "role is not one of the known roles")
    assert hits[0].startswith(f"{EVENT}, participation of 'Russia'")


def test_actor_without_label_is_rejected() -> None:
    ds = document_to_dataset(doc_of(good_event()))
    shared = ds.graph(SHARED_GRAPH)
    russia = actor_iri("Russia")
    shared.remove((russia, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
    report = validate_graph(ds)
    assert any(v.rule == "ActorShape/minCount" and v.focus_node == russia
               and "must have a label" in v.message for v in report.violations)


def test_unknown_actor_kind_is_rejected() -> None:
    hits = rejected(doc_of(good_event(actors=[Actor("Wagner", kind="Militia")])),
                    "ActorShape/in", "actor kind is not one of")
    assert hits[0].startswith("actor 'Wagner'")


def test_actor_with_two_kinds_is_rejected() -> None:
    doc = doc_of(good_event(actors=[Actor("Russia", kind="State")]),
                 good_event(actors=[Actor("Russia", kind="Person")], killed=2))
    rejected(doc, "ActorShape/qualifiedMaxCount", "actor 'Russia': an actor has at most one kind")


# ---------------------------------------------------------------- places


@pytest.mark.parametrize(("lat", "lon", "rule", "words"), [
    (91.0, 37.7, "PlaceShape/maxInclusive", "latitude must be between -90 and 90"),
    (-90.5, 37.7, "PlaceShape/minInclusive", "latitude must be between -90 and 90"),
    (48.5, 181.0, "PlaceShape/maxInclusive", "longitude must be between -180 and 180"),
    (48.5, -200.0, "PlaceShape/minInclusive", "longitude must be between -180 and 180"),
])
def test_coordinates_out_of_range_are_rejected(lat: float, lon: float, rule: str, words: str) -> None:
    loc = Location("Kostiantynivka", geonames_id=704508, lat=lat, lon=lon, kind="settlement")
    rejected(doc_of(good_event(locations=[loc])), rule, f"place 'Kostiantynivka': {words}")


def test_latitude_without_longitude_is_rejected() -> None:
    loc = Location("Kostiantynivka", geonames_id=704508, lat=48.5, kind="settlement")
    rejected(doc_of(good_event(locations=[loc])), "PlaceShape/or", "needs a longitude")


def test_unknown_place_kind_is_rejected() -> None:
    loc = Location("Kostiantynivka", kind="town")
    rejected(doc_of(good_event(locations=[loc])), "PlaceShape/in", "place kind is not one of")


def test_place_with_two_regions_is_rejected() -> None:
    a = Location("Rozkishne", admin1="Luhansk Oblast", kind="settlement")
    b = Location("Rozkishne", admin1="Donetsk Oblast", kind="settlement")
    doc = doc_of(good_event(locations=[a]), good_event(locations=[b], killed=3))
    rejected(doc, "PlaceShape/maxCount", "place 'Rozkishne': a place lies in one first-level region")


def test_settlement_and_region_are_one_node_only_by_design() -> None:
    assert place_iri("Donetsk Oblast", 709716, "region") == place_iri("Donetsk Oblast", kind="region")


# ---------------------------------------------------------------- equipment, reports, evidence


def test_negative_quantity_is_rejected() -> None:
    eq = [Equipment("Shahed", category="Drone", quantity=-2)]
    rejected(doc_of(good_event(equipment=eq)), "EquipmentUseShape/minInclusive",
             f"{EVENT}, equipment use of 'Shahed': quantity must be ≥ 0")


def test_more_destroyed_than_used_is_rejected() -> None:
    eq = [Equipment("Shahed", category="Drone", quantity=10, destroyed=12)]
    rejected(doc_of(good_event(equipment=eq)), "EquipmentUseShape/lessThanOrEquals",
             "quantity destroyed must not exceed quantity")


def test_unknown_equipment_category_is_rejected() -> None:
    eq = [Equipment("Shahed", category="Kamikaze")]
    rejected(doc_of(good_event(equipment=eq)), "EquipmentShape/in",
             "equipment 'Shahed': equipment category is not one of")


def test_ill_typed_report_time_is_rejected() -> None:
    rejected(doc_of(good_event(), timestamp="13:08 GMT"), "ReportShape/datatype",
             "report 'UPDATE 1308 GMT': a report's time must be a valid date and time")


def test_report_offsets_in_wrong_order_are_rejected() -> None:
    rejected(doc_of(good_event(), start=50, end=10), "ReportShape/lessThanOrEquals",
             "start offset must not be after end offset")


def test_evidence_offsets_must_not_be_negative() -> None:
    rejected(doc_of(good_event(evidence=Evidence("text", -5, 10))), "EvidenceShape/minInclusive",
             f"{EVENT}, evidence: start offset must be ≥ 0")


def test_empty_evidence_text_is_rejected() -> None:
    rejected(doc_of(good_event(evidence=Evidence(""))), "EvidenceShape/minLength",
             "evidence span's text must not be empty")


def test_ill_typed_publication_date_is_rejected() -> None:
    doc = doc_of(good_event())
    doc.published = "20 June 2024"
    rejected(doc, "PageShape/datatype", "page 'page.txt': publication date must be a valid")


# ---------------------------------------------------------------- the shapes themselves


def _in_list(shape: URIRef) -> set[URIRef]:
    g = shapes_graph()
    head = g.value(shape, SH["in"])
    return set(Collection(g, head))


def _taxonomy() -> Graph:
    g = Graph()
    for path in resource_files("ontology", ".ttl"):
        g.parse(path, format="turtle")
    return g


def _scheme(name: str) -> set[URIRef]:
    return set(_taxonomy().subjects(SKOS.inScheme, TYPES[name]))


SHAPES = URIRef("https://w3id.org/conflict-kg/shapes#")


def test_event_type_list_equals_the_taxonomy_concepts() -> None:
    assert _in_list(URIRef(SHAPES + "Event-type-known")) == _scheme("EventTypes")


def test_role_list_equals_the_taxonomy_roles() -> None:
    assert _in_list(URIRef(SHAPES + "Participation-role-known")) == _scheme("Roles")


def test_precision_list_equals_the_taxonomy_precisions() -> None:
    assert _in_list(URIRef(SHAPES + "Event-precision-known")) == _scheme("DatePrecisions")


def test_category_list_equals_the_taxonomy_categories() -> None:
    assert _in_list(URIRef(SHAPES + "Equipment-category-known")) == _scheme("EquipmentCategories")


def test_shapes_are_core_shacl_with_a_message_on_every_constraint() -> None:
    g = shapes_graph()
    assert not list(g.subjects(SH.sparql, None)), "no SHACL-SPARQL: it is 50 times slower"
    constraints = {SH.minCount, SH.maxCount, SH.datatype, SH["in"], SH["class"], SH.minInclusive,
                   SH.maxInclusive, SH.pattern, SH.lessThanOrEquals, SH.qualifiedMaxCount,
                   SH.nodeKind, SH.minLength, SH["or"]}
    holders = {s for c in constraints for s in g.subjects(c, None)}
    holders = {h for h in holders if not any(True for _ in g.subjects(SH.qualifiedValueShape, h))
               and not any(True for _ in g.subjects(RDF.first, h))}
    missing = [h for h in holders if g.value(h, SH.message) is None]
    assert not missing, missing


def test_one_shape_file_per_concern() -> None:
    assert {p.name for p in shape_files()} >= {
        "events.ttl", "actors.ttl", "places.ttl", "reports.ttl", "equipment.ttl"}


def test_require_conforming_raises_with_the_report() -> None:
    ds = document_to_dataset(doc_of(good_event(killed=-1)))
    with pytest.raises(NonConformingError) as info:
        require_conforming(ds, "page.txt")
    assert isinstance(info.value.report, ValidationReport)
    assert "killed must be ≥ 0" in str(info.value)
    assert require_conforming(document_to_dataset(doc_of(good_event()))).conforms


def test_a_page_worth_of_events_is_judged_alike_on_every_run() -> None:
    """The shapes are compiled once and reused; a second run finds the same one violation.

    Validation's speed is measured in benchmarks/, not here.
    """
    events = [good_event(killed=-1 if i == 37 else i,
                         locations=[Location(f"Village {i}", kind="settlement",
                                             admin1="Donetsk Oblast", country="Ukraine")])
              for i in range(60)]
    ds = document_to_dataset(doc_of(*events))
    first = validate_graph(ds)
    again = validate_graph(ds)
    assert not first.conforms and len(first.violations) == 1
    assert "killed must be ≥ 0" in first.text
    assert again.violations == first.violations


def test_data_typed_only_with_subclasses_is_still_checked() -> None:
    """Data from elsewhere may type an actor only ``ckg:State`` and an event only ``ckg:AirStrike``."""
    ds = document_to_dataset(doc_of(good_event(killed=-1)))
    russia = actor_iri("Russia")
    shared = ds.graph(SHARED_GRAPH)
    shared.remove((russia, RDF.type, CKG.Actor))
    shared.remove((russia, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
    for g in ds.graphs():
        g.remove((None, RDF.type, CKG.Event))
    rules = {(v.focus_node == russia, v.rule) for v in validate_graph(ds).violations}
    assert (True, "ActorShape/minCount") in rules
    assert (False, "EventShape/minInclusive") in rules
