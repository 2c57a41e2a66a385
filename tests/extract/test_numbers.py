"""Numbers and casualty counts."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.casualties.figures import find_casualties
from kg.extract.text.numbers import parse_number


@pytest.mark.parametrize("text, value", [
    ("11", 11), ("1,200", 1200), ("1.2 million", 1_200_000), ("four", 4), ("Four", 4),
    ("twenty-seven", 27), ("twenty seven", 27), ("one hundred and five", 105), ("a dozen", 12),
    ("two dozen", 24), ("half a dozen", 6), ("a couple of", 2), ("a", 1), ("an", 1), ("one", 1),
    ("another", 1), ("both", 2), ("none", 0), ("a 43-year-old man", 1), ("two of them", 2),
    ("at least 5", 5), ("more than 30 guests", 30),
    ("dozens", None), ("several", None), ("hundreds of", None), ("43-year-old", None),
    ("hello", None), ("", None), ("the", None), ("20%", None), ("1.5", None),
])
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def summary(sentence: str) -> list[tuple[str, int | None, bool, bool | None]]:
    return [(m.kind, m.count, m.at_least, m.civilian) for m in find_casualties(sentence)]


KIL, INJ = "killed", "injured"

CASES = [
    # subject count + passive or intransitive verb, with elided second verbs
    ("Four civilians have been killed and four wounded by Russian attacks on the Donetsk region.",
     [(KIL, 4, False, True), (INJ, 4, False, True)]),
    ("Three civilians were slain and three wounded, including a teenager, by cluster munitions.",
     [(KIL, 3, False, True), (INJ, 3, False, True)]),
    ("Two civilians were killed and four wounded by Russian shelling on Wednesday.",
     [(KIL, 2, False, True), (INJ, 4, False, True)]),
    ("Three engineers were wounded.", [(INJ, 3, False, True)]),
    ("Three men were injured in the Dnipropetrovsk region.", [(INJ, 3, False, True)]),
    ("two people died", [(KIL, 2, False, True)]),
    ("One killed, two injured.", [(KIL, 1, False, None), (INJ, 2, False, None)]),
    ("At least 12 people were killed and more than 40 injured.",
     [(KIL, 12, True, True), (INJ, 40, True, True)]),
    ("Five Russian soldiers were killed near Bakhmut.", [(KIL, 5, False, False)]),
    ("Three Ukrainian troops were fatally wounded.", [(KIL, 3, False, False)]),
    ("Two people, including a child, were killed.", [(KIL, 2, False, True)]),
    ("His wife was wounded.", [(INJ, 1, False, True)]),
    ("Dozens of people were injured.", [(INJ, None, False, True)]),
    # the typo "has killed" with no object reads as passive
    ("In the Kherson region, a 43-year-old man has killed in a strike on a car.", [(KIL, 1, False, True)]),
    # active verb + object count
    ("A guided aerial bomb killed one person and injured another when it destroyed one house.",
     [(KIL, 1, False, True), (INJ, 1, False, True)]),
    ("Russia has injured 11 civilians — four men and seven women — in a hotel in Kharkiv.",
     [(INJ, 11, False, True)]),
    ("Airstrikes on a coal mine killed at least one civilian on Wednesday.", [(KIL, 1, True, True)]),
    ("Shelling hit Kherson, wounding 5.", [(INJ, 5, False, None)]),
    ("The attack killed 2 and injured 14 others.", [(KIL, 2, False, None), (INJ, 14, False, None)]),
    ("A drone has killed two people.", [(KIL, 2, False, True)]),
    ("Russian forces killed 2,300 Ukrainian servicemen in 2023.", [(KIL, 2300, False, False)]),
    ("Russian shelling killed one man and injured three others.",
     [(KIL, 1, False, True), (INJ, 3, False, True)]),
    # nominal and set constructions
    ("The strike left five dead.", [(KIL, 5, False, None)]),
    ("The shelling claimed the lives of two.", [(KIL, 2, False, None)]),
    ("The strike claimed two civilian lives.", [(KIL, 2, False, True)]),
    ("The death toll rose to 12.", [(KIL, 12, False, None)]),
    ("Rescuers found a man’s body under the debris.", [(KIL, 1, False, True)]),
    ("The bodies of three men were recovered.", [(KIL, 3, False, True)]),
    ("The attack caused two civilian deaths.", [(KIL, 2, False, True)]),
    # none
    ("There were no casualties.", [(INJ, 0, False, None), (KIL, 0, False, None)]),
    ("No one was hurt.", [(INJ, 0, False, None), (KIL, 0, False, None)]),
    ("No one was injured.", [(INJ, 0, False, None)]),
    ("There were no civilian deaths.", [(KIL, 0, False, True)]),
    # not casualties
    ("There were casualties.", []),
    ("The strike caused 14 casualties.", []),
    ("More than 30 guests were in staying in the hotel when it was hit by an S-300 missile.", []),
    ("Kharkiv has been attacked with missiles four days in a row.", []),
    ("Two of them were hospitalized.", []),
    ("Nine of the victims are in hospital, and one is in critical condition.", []),
    ("Among the wounded is a Turkish journalist.", []),
    ("The Russians used nine missiles and 27 Iran-type attack drones.", []),
    ("Five of the missiles and all of the UAVs were downed.", []),
    ("Two missiles killed in the city.", []),
    ("Korenchuk shot down a dozen targets including a Russian bomber.", []),
    ("A Russian attack on Nikopol damaged seven private residences and five warehouses.", []),
    ("The 43-year-old was visiting the city.", []),
    ("The war has killed in 2022 and since.", []),
]


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:50] for c in CASES])
def test_find_casualties(sentence: str, expected: list) -> None:
    assert summary(sentence) == expected


def test_spans_point_into_the_sentence() -> None:
    s = "A guided aerial bomb killed one person and injured another."
    assert [s[m.start:m.end] for m in find_casualties(s)] == ["killed one person", "injured another"]


def test_subset_after_a_count_adds_nothing() -> None:
    s = "Three men were injured in the Dnipropetrovsk region. Two of them were hospitalized."
    assert summary(s) == [(INJ, 3, False, True)]


def test_teenager_among_the_wounded_is_not_added() -> None:
    s = "Three civilians were slain and three wounded, including a teenager, by cluster munitions."
    assert sum(m.count or 0 for m in find_casualties(s) if m.kind == INJ) == 3


@given(st.text(max_size=120))
def test_any_text_gives_valid_mentions(text: str) -> None:
    for m in find_casualties(text):
        assert m.kind in (KIL, INJ)
        assert 0 <= m.start < m.end <= len(text)
        assert m.count is None or m.count >= 0


@pytest.mark.parametrize("sentence, counts", [
    ("A drone hit a bus, wounding the 58-year-old driver and two passengers.", [(INJ, 3)]),
    ("The strike killed a woman and her husband.", [(KIL, 2)]),
    ("Shelling killed two people and three were injured.", [(KIL, 2), (INJ, 3)]),
    ("A missile hit a ship, killing four Syrian nationals on board.", [(KIL, 4)]),
    ("Drones struck the port, injuring three foreign seafarers.", [(INJ, 3)]),
])
def test_victims_joined_by_and_and_foreign_nationals_are_counted(sentence, counts):
    assert [(m.kind, m.count) for m in find_casualties(sentence)] == counts
