"""A weapon category named as a country's is the system of that country the update names
(``kg.extract.update.weapon_origin``), on sentences of war reporting written for the test."""
from __future__ import annotations

from kg.extract.document import extract_document
from kg.extract.update.weapon_origin import BROAD
from kg.gazetteer import equipment as eq
from kg.gazetteer.lookup import Gazetteer
from kg.sources.liveblog import read_liveblog

IRANIAN_DRONES = ("UPDATE 0900 GMT:\n\nTehran has supplied hundreds of Iranian attack drones to Russia "
                  "since the autumn, Western officials say.\n\n")


def aid(body: str):
    doc = read_liveblog(body, "test.txt", "2024-03-05")
    extract_document(doc)
    events = [e for u in doc.updates for e in u.events if e.type == "MilitaryAid"]
    assert len(events) == 1, [(e.type, [a.name for a in e.actors]) for e in events]
    return events[0]


def gear(event) -> list[str]:
    return sorted(g.name for g in event.equipment)


def test_a_category_qualified_by_the_donor_is_the_system_of_that_origin():
    e = aid(IRANIAN_DRONES + "The Shahed-136 has become the mainstay of Russia's nightly strikes on "
                             "Ukrainian cities.\n")
    assert {a.name: a.role for a in e.actors}["Iran"] == "donor"
    assert gear(e) == ["Shahed"]


def test_a_system_of_another_origin_is_not_the_category():
    e = aid(IRANIAN_DRONES + "Ukraine's own forces have praised the Bayraktar TB2 they received in "
                             "2022.\n")
    assert gear(e) == ["drone"]


def test_the_category_stays_when_the_update_names_no_system():
    e = aid(IRANIAN_DRONES + "The deliveries continued through the winter.\n")
    assert gear(e) == ["drone"]


def test_aid_referred_back_to_takes_the_donor_as_origin():
    body = ("UPDATE 1100 GMT:\n\nPyongyang has delivered the missiles to Moscow by rail, South Korean "
            "intelligence says.\n\nAnalysts say the {} is hard to intercept.\n")
    assert gear(aid(body.format("Hwasong-11"))) == ["KN-23"]
    assert gear(aid(body.format("Storm Shadow"))) == ["missile"]  # British and French, not the donor's


def test_an_unqualified_category_is_left_alone():
    e = aid("UPDATE 1100 GMT:\n\nPyongyang has delivered missiles to Moscow by rail, South Korean "
            "intelligence says.\n\nAnalysts say the Hwasong-11 is hard to intercept.\n")
    assert gear(e) == ["missile"]


def test_a_category_of_several_fitting_systems_or_of_another_kind_stays():
    body = ("UPDATE 1200 GMT:\n\nBerlin will supply Ukraine with more German {}, the defence ministry "
            "said.\n\nThe {} performed well near Avdiivka.\n")
    assert gear(aid(body.format("tanks", "Leopard 2 and the Leopard 1"))) == ["tank"]
    assert gear(aid(body.format("tanks", "Leopard 2"))) == ["Leopard 2"]
    assert gear(aid(body.format("howitzers", "PzH 2000"))) == ["PzH 2000"]
    assert gear(aid(body.format("mortars", "PzH 2000"))) == ["mortar"]  # a howitzer is no mortar


def test_an_event_that_names_a_system_keeps_it():
    e = aid("UPDATE 1300 GMT:\n\nTehran has supplied Mohajer-6 drones and Iranian missiles to Russia."
            "\n\nThe Fateh-110 has a range of 300 km.\n")
    assert gear(e) == ["Mohajer-6", "missile"]


def test_origins_name_states_of_the_actor_gazetteer():
    gaz = Gazetteer.load()
    entries = list(gaz.equipment.by_name.values())
    for entry in entries:
        for name in entry.origin:
            state = gaz.actor(name)
            assert state is not None and state.kind == "State" and state.name == name, (entry, name)
    assert {"KN-23": ["North Korea"], "Shahed": ["Iran"], "HIMARS": ["United States"]}.items() <= {
        e.name: e.origin for e in entries
    }.items()
    assert not [e for e in entries if e.generic and e.origin]
    generic = {e.name for e in entries if e.generic}
    assert set(BROAD) <= generic


def test_a_table_without_the_origin_column_still_loads(monkeypatch):
    rows = [["Patriot", "AirDefence", "0", "0", "MIM-104"], ["drone", "Drone", "1", "0", ""]]
    monkeypatch.setattr(eq, "read_tsv", lambda name: iter(rows))
    index = eq.EquipmentIndex.load()
    assert index.lookup("MIM-104").origin == [] and index.lookup("drones").generic
