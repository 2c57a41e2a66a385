"""Whole-store checks: each finds its planted fault, and the golden records pass them all."""
from __future__ import annotations

import json
import math
import re

import pytest
import rdflib
from paths import TESTS

from kg.errors import QueryError
from kg.query.named import list_queries
from kg.rdf.mapping import document_to_dataset
from kg.records import document_from_dict
from kg.store import open_store
from kg.validation.store_checks import CheckFinding, format_message, list_checks, parse_check, run_checks

GOLDEN = TESTS / "golden"

PREFIXES = """
@prefix ckg: <https://w3id.org/conflict-kg/ontology#> .
@prefix ckgt: <https://w3id.org/conflict-kg/taxonomy/> .
@prefix id: <https://w3id.org/conflict-kg/id/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix kgg: <https://w3id.org/conflict-kg/graph/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A page, its report and an event, with the parts each case changes left to fill in.
CHAIN = """
kgg:shared {{
  id:page/p a ckg:Page ; rdfs:label "p.txt" ; ckg:published "{published}"^^xsd:date .
}}
kgg:report/planted {{
  id:report/r a ckg:Report ; ckg:heading "UPDATE" ; dcterms:isPartOf id:page/p ;
      prov:generatedAtTime "{timestamp}"^^xsd:dateTime .
  id:event/planted a ckg:Event, ckg:Shelling ; rdfs:label "Shelling at X" ; ckg:eventType ckgt:Shelling ;
      ckg:date "{date}"^^xsd:date ; prov:wasDerivedFrom id:report/r .
}}
"""


def chain(date: str, published: str = "2024-06-20", timestamp: str = "2024-06-20T12:00:00Z") -> str:
    return CHAIN.format(date=date, published=published, timestamp=timestamp)


PLANTED = {
    "event-after-publication": chain("2024-06-25", timestamp="2024-06-26T12:00:00Z"),
    "event-after-report": chain("2024-06-25", published="2024-06-30"),
    "casualties-above-bound": chain("2024-06-20")
    + "kgg:report/planted { id:event/planted ckg:killed 250000 . }",
    "destroyed-more-than-quantity": chain("2024-06-20") + """
        kgg:report/planted {
          id:event/planted ckg:hasEquipmentUse id:event/planted/equipment/shahed .
          id:event/planted/equipment/shahed a ckg:EquipmentUse ; ckg:equipment id:equipment/shahed ;
              ckg:quantity 10 ; ckg:quantityDestroyed 12 .
        }""",
    "settlement-far-from-region": """
        kgg:shared {
          id:place/region a ckg:Place, ckg:Region ; rdfs:label "Donetsk Oblast" ;
              wgs84:lat 48.0 ; wgs84:long 37.8 .
          id:place/planted a ckg:Place, ckg:Settlement ; rdfs:label "Lviv" ; ckg:admin1 id:place/region ;
              wgs84:lat 49.84 ; wgs84:long 24.03 .
          id:place/near a ckg:Place, ckg:Settlement ; rdfs:label "Kramatorsk" ; ckg:admin1 id:place/region ;
              wgs84:lat 48.72 ; wgs84:long 37.56 .
        }""",
    "unknown-event-type": chain("2024-06-20").replace("ckg:eventType ckgt:Shelling",
                                                      "ckg:eventType ckgt:Teleportation"),
    "unknown-role": chain("2024-06-20") + """
        kgg:report/planted {
          id:event/planted ckg:hasParticipation id:planted .
          id:planted a ckg:Participation ; ckg:actor id:actor/russia ; ckg:role ckgt:role-spectator .
        }""",
    "report-without-page": chain("2024-06-20").replace("dcterms:isPartOf id:page/p ;",
                                                       "dcterms:isPartOf id:page/missing ;"),
    "event-without-report": chain("2024-06-20").replace("prov:wasDerivedFrom id:report/r .", "."),
}
NODE = {"settlement-far-from-region": "place/planted", "unknown-role": "planted",
        "report-without-page": "report/r", "destroyed-more-than-quantity": "event/planted/equipment/shahed"}


def golden_store():
    store = open_store("memory:")
    for p in sorted(GOLDEN.glob("*.json")):
        store.add_dataset(document_to_dataset(document_from_dict(json.loads(p.read_text()), source=p.name)))
    return store


def plant(store, trig: str) -> None:
    """Add TriG to the store; ``id:`` and ``kgg:`` names may hold slashes (written out as IRIs)."""
    folders = {"id": "id", "kgg": "graph"}
    full = re.sub(r"\b(id|kgg):([\w/.-]*\w)",
                  lambda m: f"<https://w3id.org/conflict-kg/{folders[m[1]]}/{m[2]}>", trig)
    dataset = rdflib.Dataset()
    dataset.parse(data=PREFIXES + full, format="trig")
    store.add_dataset(dataset, replace_graphs=False)


def test_every_planted_case_has_a_check() -> None:
    assert {c.name for c in list_checks()} == set(PLANTED)


def test_checks_are_not_listed_as_analyst_queries() -> None:
    names = {q.name for q in list_queries()}
    assert not names & set(PLANTED)


def test_golden_records_pass_every_check() -> None:
    with golden_store() as store:
        assert run_checks(store) == []


@pytest.mark.parametrize("check", sorted(PLANTED))
def test_check_finds_its_planted_fault(check: str) -> None:
    with golden_store() as store:
        plant(store, PLANTED[check])
        findings = run_checks(store)
    mine = [f for f in findings if f.check == check]
    node = "https://w3id.org/conflict-kg/id/" + NODE.get(check, "event/planted")
    assert [f.node for f in mine] == [node], findings
    assert mine[0].message and "{" not in mine[0].message


def test_messages_name_the_nodes_and_values() -> None:
    with golden_store() as store:
        plant(store, PLANTED["event-after-publication"])
        [finding] = run_checks(store, ["event-after-publication"])
    assert finding == CheckFinding(
        "event-after-publication", "https://w3id.org/conflict-kg/id/event/planted",
        "event id:event/planted (Shelling at X) is dated 2024-06-25, after its page id:page/p was "
        "published on 2024-06-20")


def test_report_time_allows_a_day_for_time_zones() -> None:
    with golden_store() as store:
        plant(store, chain("2024-06-21", published="2024-06-21", timestamp="2024-06-20T23:30:00Z"))
        assert run_checks(store, ["event-after-report", "event-after-publication"]) == []


def test_distance_is_close_to_the_great_circle() -> None:
    with golden_store() as store:
        plant(store, PLANTED["settlement-far-from-region"])
        [finding] = run_checks(store, ["settlement-far-from-region"])
    km = float(finding.message.split("about ")[1].split(" km")[0])
    lat1, lon1, lat2, lon2 = map(math.radians, (49.84, 24.03, 48.0, 37.8))
    haversine = (math.sin((lat2 - lat1) / 2) ** 2
                 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    great_circle = 2 * 6371.0 * math.asin(math.sqrt(haversine))
    assert km == pytest.approx(great_circle, rel=0.02)
    assert "Lviv" in finding.message and "Donetsk Oblast" in finding.message


def test_parameters_change_the_bound() -> None:
    with golden_store() as store:
        findings = run_checks(store, ["casualties-above-bound"], {"casualties-above-bound": {"bound": "3"}})
    assert findings and all(f.check == "casualties-above-bound" for f in findings)
    assert any("4 injured, more than 3" in f.message for f in findings), findings


def test_unknown_check_name_is_refused() -> None:
    with golden_store() as store, pytest.raises(QueryError, match="no check named"):
        run_checks(store, ["no-such-check"])


def test_check_without_message_is_refused() -> None:
    with pytest.raises(QueryError, match="message"):
        parse_check("# title: t\nSELECT ?node WHERE { ?node ?p ?o }", "t")


def test_unbound_values_leave_no_empty_brackets() -> None:
    assert format_message("event {event} ({label}) is odd", {}) == "event  is odd"


def test_region_without_coordinates_is_measured_from_its_places() -> None:
    points = [(48.0, 37.8), (48.3, 37.5), (48.5, 38.0), (48.2, 37.9), (49.84, 24.03)]
    places = "".join(
        f'id:place/q{i} a ckg:Place, ckg:Settlement ; rdfs:label "Q{i}" ; ckg:admin1 id:place/bare ; '
        f"wgs84:lat {lat} ; wgs84:long {long} .\n"
        for i, (lat, long) in enumerate(points))
    with golden_store() as store:
        plant(store, 'kgg:shared { id:place/bare a ckg:Place, ckg:Region ; rdfs:label "Bare Oblast" .\n'
              + places + "}")
        findings = run_checks(store, ["settlement-far-from-region"])
    assert [f.node for f in findings] == ["https://w3id.org/conflict-kg/id/place/q4"]
    assert "the mean position of the 5 places" in findings[0].message
