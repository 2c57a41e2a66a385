"""Shapes and mapping of an event told by several updates of a page (``also_reported``): the
links and spans live in the event's own update graph, the shapes accept them, and an event
with no report of its own is still rejected."""
from __future__ import annotations

from rdflib import Dataset, URIRef
from rdflib.namespace import PROV, RDF

from kg.namespaces import CKG, update_graph, update_iri
from kg.rdf.mapping import document_to_dataset
from kg.records import AlsoReported, Document, EventRecord, Evidence, Location, Update
from kg.validation.compiled import compiled_shapes
from kg.validation.shapes import describe_report, validate_graph

LATER, EARLIER = "UPDATE 1308 GMT", "UPDATE 0910 GMT"


def page() -> Document:
    """A strike told at 0910 (its own update, below) and again at 1308 (above)."""
    event = EventRecord(
        type="AirStrike", date="2024-06-20", killed=3,
        locations=[Location("Kostiantynivka", geonames_id=704508, admin1="Donetsk Oblast", country="Ukraine",
                            kind="settlement")],
        evidence=Evidence("A guided aerial bomb killed one person.", 60, 99),
        also_reported=[AlsoReported(0, LATER, "2024-06-20T13:08:00Z",
                                    Evidence("The toll has risen to three.", 16, 44))],
    )
    return Document(source="page-2024-06-20.txt", published="2024-06-20", updates=[
        Update(heading=LATER, timestamp="2024-06-20T13:08:00Z", start=0, end=44),
        Update(heading=EARLIER, timestamp="2024-06-20T09:10:00Z", start=45, end=99, events=[event]),
    ])


def verdicts(ds: Dataset) -> tuple[set, set]:
    pyshacl = {(str(v.focus_node), v.rule) for v in validate_graph(ds).violations}
    compiled = {(str(v.focus_node), v.rule)
                for v in compiled_shapes().validate_nquads(ds.serialize(format="nquads"))}
    return pyshacl, compiled


def event_of(ds: Dataset) -> URIRef:
    [event] = {s for s, _, _, _ in ds.quads((None, RDF.type, CKG.Event, None))}
    return event  # type: ignore[return-value]


def test_the_links_and_spans_are_written_in_the_events_own_graph() -> None:
    ds = document_to_dataset(page())
    event = event_of(ds)
    own = ds.graph(update_graph("page-2024-06-20.txt", EARLIER))
    later = update_iri("page-2024-06-20.txt", LATER)
    assert (event, PROV.wasDerivedFrom, update_iri("page-2024-06-20.txt", EARLIER)) in own
    assert (event, CKG.alsoReportedIn, later) in own
    [span] = own.objects(event, CKG.furtherEvidence)
    assert (span, PROV.wasDerivedFrom, later) in own
    assert (span, RDF.type, CKG.EvidenceSpan) in own
    assert str(own.value(span, CKG.text)) == "The toll has risen to three."
    offsets = own.value(span, CKG.startOffset), own.value(span, CKG.endOffset)
    assert [o.toPython() for o in offsets] == [16, 44]
    # the later update's graph holds only its report: replacing the event's graph replaces every link
    other = ds.graph(update_graph("page-2024-06-20.txt", LATER))
    assert set(other.subjects()) == {later}


def test_an_event_told_by_two_updates_conforms() -> None:
    pyshacl, compiled = verdicts(document_to_dataset(page()))
    assert pyshacl == compiled == set()


def test_an_event_only_also_reported_and_with_no_report_of_its_own_is_rejected() -> None:
    ds = document_to_dataset(page())
    event = event_of(ds)
    for g in ds.graphs():
        g.remove((event, PROV.wasDerivedFrom, None))
    report = validate_graph(ds)
    assert not report.conforms
    assert "must say which report it was read from" in describe_report(report, ds)
    pyshacl, compiled = verdicts(ds)
    assert pyshacl == compiled and (str(event), "EventShape/minCount") in pyshacl


def test_also_reported_in_something_that_is_not_a_report_is_rejected() -> None:
    ds = document_to_dataset(page())
    event = event_of(ds)
    later = update_iri("page-2024-06-20.txt", LATER)
    for g in ds.graphs():
        g.remove((later, RDF.type, CKG.Report))
    pyshacl, compiled = verdicts(ds)
    assert pyshacl == compiled
    assert (str(event), "EventShape/class") in pyshacl


def test_further_evidence_is_held_to_the_evidence_rules() -> None:
    doc = page()
    doc.updates[1].events[0].also_reported[0].evidence = Evidence("", 44, 16)
    ds = document_to_dataset(doc)
    pyshacl, compiled = verdicts(ds)
    assert pyshacl == compiled
    assert {rule for _, rule in pyshacl} == {"EvidenceShape/minLength", "EvidenceShape/lessThanOrEquals"}
    lines = describe_report(validate_graph(ds), ds).splitlines()
    assert lines and all(line.startswith(
        "event 'AirStrike at Kostiantynivka on 2024-06-20' (UPDATE 0910 GMT), evidence in UPDATE 1308 GMT")
        for line in lines), lines
