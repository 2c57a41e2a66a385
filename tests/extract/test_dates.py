"""Dates in text resolved against the page date."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.text.dates import DateRef, find_dates, resolve_date

THU = date(2024, 6, 20)  # Thursday
JAN = date(2024, 1, 11)  # Thursday


def day(y: int, m: int, d: int) -> DateRef:
    return DateRef(date(y, m, d), "day")


def month(y: int, m: int) -> DateRef:
    return DateRef(date(y, m, 1), "month")


def year(y: int) -> DateRef:
    return DateRef(date(y, 1, 1), "year")


CASES = [
    # weekdays
    ("on Wednesday", THU, day(2024, 6, 19)),
    ("on Thursday", THU, day(2024, 6, 20)),
    ("on Friday", THU, day(2024, 6, 14)),
    ("Wednesday night", THU, day(2024, 6, 19)),
    ("last Wednesday", THU, day(2024, 6, 19)),
    ("last Thursday", THU, day(2024, 6, 13)),
    ("next Monday", THU, day(2024, 6, 24)),
    ("on Tuesday", JAN, day(2024, 1, 9)),
    # the page's day and around it
    ("today", THU, day(2024, 6, 20)),
    ("this morning", THU, day(2024, 6, 20)),
    ("overnight", THU, day(2024, 6, 20)),
    ("Early-morning Russian missile attacks", THU, day(2024, 6, 20)),
    ("last night", THU, day(2024, 6, 20)),
    ("earlier today", THU, day(2024, 6, 20)),
    ("yesterday", THU, day(2024, 6, 19)),
    ("the day before yesterday", THU, day(2024, 6, 18)),
    ("three days ago", THU, day(2024, 6, 17)),
    # month and day
    ("on May 30", THU, day(2024, 5, 30)),
    ("May 30", THU, day(2024, 5, 30)),
    ("30 May", THU, day(2024, 5, 30)),
    ("May 30th", THU, day(2024, 5, 30)),
    ("June 20", THU, day(2024, 6, 20)),
    ("June 21", THU, day(2023, 6, 21)),
    ("Dec 30", JAN, day(2023, 12, 30)),
    ("June 19, 2024", THU, day(2024, 6, 19)),
    ("19 June 2024", THU, day(2024, 6, 19)),
    ("2024-06-18", THU, day(2024, 6, 18)),
    # months
    ("last month", THU, month(2024, 5)),
    ("last month", JAN, month(2023, 12)),
    ("earlier this month", THU, month(2024, 6)),
    ("in March", THU, month(2024, 3)),
    ("in July", THU, month(2023, 7)),
    ("mid-March", THU, month(2024, 3)),
    ("March 2023", THU, month(2023, 3)),
    # years
    ("last year", THU, year(2023)),
    ("in 2023", THU, year(2023)),
    ("earlier this year", THU, year(2024)),
    # spans without a precision of their own: the finest precision that holds them
    ("last week", THU, month(2024, 6)),
    ("last week", date(2024, 6, 3), year(2024)),
    ("last week", date(2023, 1, 4), None),  # 26 Dec 2022 - 1 Jan 2023
    ("this week", THU, month(2024, 6)),
    ("last summer", THU, year(2023)),
    ("last winter", THU, None),
    # not an event's date
    ("since last summer", THU, None),
    ("since May", THU, None),
    ("until June 30", THU, None),
    ("on the 30th", THU, None),
    ("February 30", THU, None),
    ("may 30 people", THU, None),
    ("around 80 countries", THU, None),
    ("at 6 a.m.", THU, None),
    ("1,200 troops", THU, None),
]


@pytest.mark.parametrize("phrase, page, expected", CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_resolve_date(phrase: str, page: date, expected: DateRef | None) -> None:
    assert resolve_date(phrase, page) == expected


def test_find_dates_offsets_and_order() -> None:
    s = "The Security Council convened on Wednesday after a strike on May 30 and talks in 2022."
    found = find_dates(s, THU)
    assert [s[m.start:m.end] for m in found] == ["Wednesday", "May 30", "2022"]
    assert [m.ref for m in found] == [day(2024, 6, 19), day(2024, 5, 30), year(2022)]


def test_find_dates_longest_expression_wins() -> None:
    s = "Signed on June 19, 2024 in Pyongyang."
    found = find_dates(s, THU)
    assert len(found) == 1 and s[found[0].start:found[0].end] == "June 19, 2024"


def test_find_dates_skips_period_start_only() -> None:
    s = "Munitions delivered since last summer were fired on Wednesday."
    assert [m.ref for m in find_dates(s, JAN)] == [day(2024, 1, 10)]


def test_hit_by_weekday_is_a_date() -> None:
    assert resolve_date("a town hit by Wednesday's strike", THU) == day(2024, 6, 19)


def test_date_ref_str() -> None:
    assert [str(day(2024, 6, 1)), str(month(2024, 6)), str(year(2024))] == ["2024-06-01", "2024-06", "2024"]


@given(st.text(max_size=80), st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_any_text_gives_valid_mentions(text: str, page: date) -> None:
    for m in find_dates(text, page):
        assert 0 <= m.start < m.end <= len(text)
        assert m.ref.precision in ("day", "month", "year")
