"""Expected answers of the named queries on tests/fixtures/sample.trig (tests/query, tests/analytics)."""
from __future__ import annotations

import datetime as dt

from export_query_cases import EXPORT_CASES

from kg.namespaces import ID


def ev(key: str) -> str:
    return str(ID[f"event/{key}"])


def A(slug: str) -> str:  # noqa: N802 - short names keep the expected rows readable
    return str(ID[f"actor/{slug}"])


def E(slug: str) -> str:  # noqa: N802
    return str(ID[f"equipment/{slug}"])


D20, D23, D24 = dt.date(2024, 6, 20), dt.date(2024, 6, 23), dt.date(2024, 6, 24)

# name -> (params, expected rows as plain values, in order)
CASES: dict[str, tuple[dict[str, str], list[tuple]]] = {
    # the sample stores no doubtful event; tests/commands/test_min_confidence.py stores some
    "doubtful-events": ({}, []),
    "events-by-type": ({}, [
        # e01 and e02 are one air strike told twice (the occasion kgg:occasion/o1): counted once
        ("DroneStrike", 2, D23, D24), ("Interception", 2, D20, D24), ("MilitaryAid", 2, D20, D24),
        ("Sanctions", 2, D20, D24), ("AirStrike", 1, D20, D20), ("DiplomaticVisit", 1, D24, D24),
        ("MissileStrike", 1, D20, D20), ("Shelling", 1, D24, D24),
    ]),
    "events-at-place": ({"place": "donetsk oblast"}, [
        (ev("e02"), "AirStrike", D20, "Donetsk Oblast", 2, 3),  # e01 is merged into e02
        (ev("e08"), "Shelling", D24, "Donetsk Oblast", 1, None),
    ]),
    "casualties-by-region-and-day": ({}, [
        # e02's figures, not e01's and e02's added
        ("Donetsk Oblast", D20, 2, 3, 1), ("Kharkiv Oblast", D20, 0, 5, 1),
        ("Donetsk Oblast", D24, 1, 0, 1), ("Kharkiv Oblast", D24, 0, 1, 1),
    ]),
    "civilian-casualties-by-region-and-week": ({}, [
        ("Donetsk Oblast", dt.date(2024, 6, 17), 2, 3, 1), ("Kharkiv Oblast", dt.date(2024, 6, 17), 0, 5, 1),
        ("Donetsk Oblast", D24, 1, 0, 1), ("Kharkiv Oblast", D24, 0, 1, 1),
    ]),
    "equipment-by-actor": ({"actor": "RUSSIA"}, [
        ("Russia", "attacker", "Shahed-136", 3, 30), ("Russia", "attacker", "Iskander-M", 1, 1),
        ("Russia", "attacker", "Kh-101", 1, 5),
        ("Russia", "attacker", "guided aerial bomb", 1, 0),  # e02's, which gives no quantity
    ]),
    "updates-of-page": ({"page": "eaworldview-2024-06-20.txt"}, [
        (0, "UPDATE 0815 GMT", dt.datetime(2024, 6, 20, 8, 15, tzinfo=dt.UTC), str(ID["report/r1"]), 2),
        (1, "UPDATE 1308 GMT", dt.datetime(2024, 6, 20, 13, 8, tzinfo=dt.UTC), str(ID["report/r2"]), 3),
    ]),
    "strikes-on-energy-infrastructure": ({}, [
        (ev("e03"), "MissileStrike", D20, "Kharkiv", "Kharkiv Oblast",
         "An Iskander-M missile hit an electrical substation in Kharkiv, injuring five and cutting "
         "power to thousands."),
        (ev("e07"), "DroneStrike", D23, "Belgorod", "Belgorod Oblast",
         "Ukrainian drones hit an oil depot in Belgorod Oblast on Sunday, starting a fire."),
    ]),
    "interception-rates": ({}, [("Shahed-136", 30, 25, 2, 83.3), ("Kh-101", 5, 5, 1, 100.0)]),
    "military-aid": ({"recipient": "Ukraine"}, [
        (D20, "United States", "Ukraine", "Patriot", 1, ev("e09")),
        (D24, "Germany", "Ukraine", "IRIS-T", 2, ev("e10")),
    ]),
    "sanctions-timeline": ({}, [
        (D20, "European Union", "Russia", "The EU adopted its 14th sanctions package against Russia.",
         ev("e11")),
        (D24, "United States", "Rosneft", "The US sanctioned Rosneft subsidiaries.", ev("e12")),
    ]),
    "visits-of-person": ({"person": "Volodymyr Zelensky"}, [
        (D24, "visitor", "Berlin", "Germany", "Olaf Scholz", ev("e13")),
    ]),
    "where-weapon-used": ({"equipment": "shahed-136"}, [
        (D20, "Interception", "Zaporizhzhia", "Zaporizhzhia Oblast", 10, 8, ev("e06")),
        (D24, "DroneStrike", "Kharkiv", "Kharkiv Oblast", None, None, ev("e04")),
        (D24, "Interception", "Kyiv", "Kyiv City", 20, 17, ev("e05")),
    ]),
    "events-near": ({"lat": "48.53", "lon": "37.71", "km": "20"}, [
        (ev("e02"), "AirStrike", D20, "Kostiantynivka", 0.0),
        (ev("e08"), "Shelling", D24, "Chasiv Yar", 11.7),
    ]),
    "actor-timeline": ({"actor": "Ukrainian Air Force"}, [
        (D20, "Interception", "interceptor", "Zaporizhzhia", ev("e06")),
        (D24, "Interception", "interceptor", "Kyiv", ev("e05")),
    ]),
    "evidence-for-event": ({"event": "id:event/e01"}, [
        ("A guided aerial bomb struck Kostiantynivka, killing one civilian and injuring three.", 1234, 1318,
         "UPDATE 1308 GMT", "eaworldview-2024-06-20.txt", D20, str(ID["report/r2"]),
         "https://w3id.org/conflict-kg/graph/report/r2"),
    ]),
    "conflicting-figures": ({}, [
        ("AirStrike", "Kostiantynivka", D20, ev("e01"), 1, 3, str(ID["report/r2"]),
         ev("e02"), 2, 3, str(ID["report/r3"])),
    ]),
    "stats": ({}, [
        ("actors", 10), ("equipment", 6), ("events", 12), ("pages", 2), ("places", 16), ("updates", 4),
    ]),
    "most-struck-places": ({}, [
        ("Kharkiv", "Kharkiv Oblast", 2, D20, D24), ("Belgorod", "Belgorod Oblast", 1, D23, D23),
        ("Chasiv Yar", "Donetsk Oblast", 1, D24, D24), ("Kostiantynivka", "Donetsk Oblast", 1, D20, D20),
    ]),
    "network-directed": ({"relation": "supplies"}, [
        ("supplies", A("germany"), A("ukraine"), "", "Germany", "Ukraine", 1, 0, 0, D24, D24, ev("e10"),
         "IRIS-T"),
        ("supplies", A("united-states"), A("ukraine"), "", "United States", "Ukraine", 1, 0, 0, D20, D20,
         ev("e09"), "Patriot"),
    ]),
    "network-symmetric": ({}, []),
    "network-actors": ({"kind": "person"}, [
        (A("olaf-scholz"), "Olaf Scholz", "Person", "Germany", 1),
        (A("volodymyr-zelensky"), "Volodymyr Zelensky", "Person", "Ukraine", 1),
    ]),
    "network-equipment": ({"since": "2024-06-24"}, [
        (A("germany"), E("iris-t"), "supplied", "Germany", "IRIS-T", "AirDefence", 1, 2, D24, D24),
        (A("russia"), E("shahed-136"), "used", "Russia", "Shahed-136", "Drone", 2, 20, D24, D24),
        (A("russia"), E("kh-101"), "used", "Russia", "Kh-101", "Missile", 1, 5, D24, D24),
        (A("ukraine"), E("iris-t"), "received", "Ukraine", "IRIS-T", "AirDefence", 1, 2, D24, D24),
        (A("ukrainian-air-force"), E("kh-101"), "intercepted", "Ukrainian Air Force", "Kh-101", "Missile",
         1, 5, D24, D24),
        (A("ukrainian-air-force"), E("shahed-136"), "intercepted", "Ukrainian Air Force", "Shahed-136",
         "Drone", 1, 20, D24, D24),
    ]),
    "network-cooccurrence": ({}, [
        (A("russia"), A("ukrainian-air-force"), "Russia", "Ukrainian Air Force", 2, D20, D24),
        (A("european-union"), A("russia"), "European Union", "Russia", 1, D20, D20),
        (A("germany"), A("ukraine"), "Germany", "Ukraine", 1, D24, D24),
        (A("olaf-scholz"), A("volodymyr-zelensky"), "Olaf Scholz", "Volodymyr Zelensky", 1, D24, D24),
        (A("rosneft"), A("united-states"), "Rosneft", "United States", 1, D24, D24),
        (A("ukraine"), A("united-states"), "Ukraine", "United States", 1, D20, D20),
    ]),
}

CASES.update(EXPORT_CASES)
