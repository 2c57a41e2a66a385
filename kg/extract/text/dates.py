"""Dates in text, resolved against the page's date (pure functions, no global state).

:func:`find_dates` finds date expressions in a sentence; :func:`resolve_date` resolves one
phrase. A date is a :class:`DateRef`: a day and a precision (``day``, ``month``, ``year``);
for month and year precision the day is the first of the month or year.

Rules, on a page dated *P*:

- ``today``, ``this morning/afternoon/evening``, ``tonight``, ``earlier today``,
  ``overnight``, ``early-morning``, ``last night``: *P*. Live blogs date overnight attacks to
  the morning they report them, so ``last night`` is *P* too, not the day before.
- ``yesterday``: *P* − 1; ``the day before yesterday``: *P* − 2; ``tomorrow``: *P* + 1;
  ``N days ago``: *P* − N.
- A weekday (``on Wednesday``, ``Wednesday night``, ``Wednesday's attack``): the most recent
  such day on or before *P* (``Thursday`` on a Thursday page is *P*). ``last Wednesday``: the
  most recent Wednesday strictly before *P*; ``next Wednesday``: the first strictly after.
- ``May 30``, ``30 May``, ``May 30th``: the most recent such date on or before *P*
  (``Dec 30`` on a 2024-01-11 page is 2023-12-30). With a year (``June 19, 2024``, ``19 June
  2024``, ``2024-06-19``): that day. An impossible day (``February 30``) is no date.
- ``the night of April 15 to 16`` (``15-16 April``, ``April 15 into 16``): the day the night
  ended, as ``overnight`` is the morning that reports it.
- ``last month`` / ``this month`` / ``earlier this month`` / ``next month``: month precision.
  ``in March``, ``early/mid/late March``, ``last March``: the most recent March not after
  *P*'s month, month precision; ``March 2023``: that month.
- ``last year`` / ``this year`` / ``earlier this year``, ``in 2023``: year precision. A bare
  year needs a preposition (``in``, ``during``, ``of``...) so that counts are not read as years.
- Spans longer than a day that the model has no precision for (``last week``, ``this week``,
  ``earlier this week``, ``last weekend``, ``N weeks ago``, seasons such as ``last summer``)
  are given the finest precision that contains the whole span: month precision when the span
  lies within one month, year precision within one year, otherwise no date. ``last week`` on
  2024-06-20 (the week of 10-16 June) is June 2024, month precision; never a made-up day.
- Not event dates, so not returned: a date that opens a period (``since last summer``,
  ``since May``), a deadline (``until``, ``by``), and an ordinal day alone (``on the 30th``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "DateRef", "find_dates", "resolve_date"]


@dataclass(frozen=True)
class DateRef:
    """A date and how precisely it is known (``day``, ``month`` or ``year``)."""

    date: date
    precision: str = "day"

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.date.year:04d}"
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


@dataclass(frozen=True)
class DateMention:
    """A date expression in a sentence: its offsets and what it resolves to."""

    start: int
    end: int
    ref: DateRef


_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "eleven": 11,
    "twelve": 12,
}

# Month names must be capitalised: "may" and "march" are also verbs.
_M = (
    r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![\w'’])"
)
_D = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_Y = r"(?P<{0}>(?:19|20)\d\d)(?!\d)"
_WD = r"(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?![\w])"
_N = r"(?P<n>\d{1,2}|(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an))"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx))
    for name, rx in [
        ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b"),
        ("mdy", r"\b" + _M.format("m") + r"\s+" + _D.format("d") + r",?\s+" + _Y.format("y")),
        ("dmy", r"\b" + _D.format("d") + r"(?:\s+of)?\s+" + _M.format("m") + r",?\s+" + _Y.format("y")),
        (
            "my",
            r"\b(?i:(?P<part>early|mid|late)[\s-]+|(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+)?"
            + _M.format("m")
            + r",?\s+"
            + _Y.format("y"),
        ),
        (
            "night",
            r"\b(?i:night)\s+(?i:of|from)\s+(?:" + _M.format("m0") + r"\s+)?" + _D.format("d0")
            + r"(?:\s+(?i:to|into|and)\s+|\s*[-\u2013/]\s*)(?:" + _M.format("m") + r"\s+)?" + _D.format("d")
            + r"(?:\s+" + _M.format("m1") + r")?(?![\w:.,]\d)",
        ),
        ("md", r"\b" + _M.format("m") + r"\s+" + _D.format("d") + r"(?![\w:.,]\d|-\d)"),
        ("dm", r"\b(?i:the\s+)?" + _D.format("d") + r"(?:\s+of)?\s+" + _M.format("m")),
        (
            "relday",
            r"\b(?i:(?P<rel>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
            r"overnight|early[\s-]morning|(?:earlier|later)\s+today|this\s+(?:morning|afternoon|"
            r"evening)|last\s+night|(?:over|in|during)\s+the\s+(?:past|last)\s+(?:day|24\s+hours)))\b",
        ),
        ("ago", r"\b" + _N + r"\s+(?P<unit>(?i:days?|weeks?|months?|years?))\s+(?i:ago|earlier)\b"),
        ("weekday", r"\b(?P<mod>(?i:last|next|this|on|past)\s+)?" + _WD
         + r"(?P<lw>\s+(?i:of\s+)?(?i:last|the\s+previous)\s+week\b)?"),
        (
            "relspan",
            r"\b(?i:(?P<which>last|this|next|past|previous|earlier\s+this|later\s+this|"
            r"(?:the\s+)?(?:end|beginning|start)\s+of\s+(?:last|this))\s+"
            r"(?P<unit>week|weekend|month|year))\b",
        ),
        ("season", r"\b(?i:(?P<which>last|this|next|past)\s+(?P<season>spring|summer|autumn|fall|winter))\b"),
        (
            "month",
            r"\b(?P<pre>(?i:in|during|since|until|till|by|from|of|last|this|next|early|mid|late|"
            r"(?:the\s+)?(?:beginning|start|end|middle)\s+of)[\s-]+)" + _M.format("m")
            + r"(?!\s+\d{1,2}(?!\d))",  # "the night of June 7" is a day, not June
        ),
        (
            "year",
            r"\b(?P<pre>(?i:in|during|since|until|till|by|from|of|throughout|early|mid|late)[\s-]+)"
            r"(?:the\s+(?:year\s+)?)?(?P<y>(?:19|20)\d\d)(?![\d-])",
        ),
    ]
]

_OPENS_PERIOD = re.compile(
    r"(?i:\b(?:since|until|till|ever\s+since|starting)\s+(?:the\s+|on\s+)?|"
    # "since launching a surprise incursion on Tuesday last week": the start of a period
    r"\bsince\s+\w+ing\b[^.;:]{0,80}?\s(?:on\s+)?)$"
)


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + (d.month - 1) + n
    return date(k // 12, k % 12 + 1, 1)


def _covering(first: date, last: date) -> DateRef | None:
    """The finest precision that contains a whole span of days (no week precision exists)."""
    if first == last:
        return DateRef(first, "day")
    if (first.year, first.month) == (last.year, last.month):
        return DateRef(_month_start(first), "month")
    if first.year == last.year:
        return DateRef(date(first.year, 1, 1), "year")
    return None


def _recent_day(month: int, day: int, page: date) -> date | None:
    """The most recent ``month``/``day`` on or before the page date (a year back at most)."""
    for year in (page.year, page.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= page:
            return d
    return None


def _recent_month(month: int, page: date) -> date:
    year = page.year if month <= page.month else page.year - 1
    return date(year, month, 1)


def _full_date(g: dict[str, str], page: date) -> DateRef | None:
    """``2024-06-19``, ``June 19, 2024``, ``19 June 2024``: that day, if it exists."""
    month = int(g["mo"]) if g.get("mo") else _MONTHS[g["m"].lower()]
    try:
        return DateRef(date(int(g["y"]), month, int(g["d"])))
    except ValueError:
        return None


def _month_year(g: dict[str, str], page: date) -> DateRef | None:
    """``March 2023``: that month."""
    return DateRef(date(int(g["y"]), _MONTHS[g["m"].lower()], 1), "month")


def _night(g: dict[str, str], page: date) -> DateRef | None:
    """``the night of April 15 to 16``: the morning it ended."""
    month = g["m"] or g["m1"] or g["m0"]
    if month is None or int(g["d"]) != int(g["d0"]) + 1 and int(g["d"]) != 1:
        return None
    day = _recent_day(_MONTHS[month.lower()], int(g["d"]), page)
    return DateRef(day) if day else None


def _month_day(g: dict[str, str], page: date) -> DateRef | None:
    """``May 30``, ``30 May``: the most recent such day on or before the page's."""
    day = _recent_day(_MONTHS[g["m"].lower()], int(g["d"]), page)
    return DateRef(day) if day else None


def _relative_day(g: dict[str, str], page: date) -> DateRef | None:
    """``yesterday``, ``the day before yesterday``, ``tomorrow``; the rest is the page's day."""
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    if rel == "yesterday":
        return DateRef(page - timedelta(days=1))
    if rel == "the day before yesterday":
        return DateRef(page - timedelta(days=2))
    if rel == "tomorrow":
        return DateRef(page + timedelta(days=1))
    return DateRef(page)


def _ago(g: dict[str, str], page: date) -> DateRef | None:
    """``N days/weeks/months/years ago``."""
    n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
    unit = g["unit"].lower().rstrip("s")
    if unit == "day":
        return DateRef(page - timedelta(days=n))
    if unit == "week":
        monday = page - timedelta(days=7 * n + page.weekday())
        return _covering(monday, monday + timedelta(days=6))
    if unit == "month":
        return DateRef(_add_months(page, -n), "month")
    return DateRef(date(page.year - n, 1, 1), "year")


def _weekday(g: dict[str, str], page: date) -> DateRef | None:
    """``on Wednesday`` (on or before the page's day), ``last Wednesday``, ``next Wednesday``,
    ``Tuesday last week``."""
    target = _WEEKDAYS[g["wd"].lower()]
    mod = (g["mod"] or "").strip().lower()
    if g.get("lw"):  # "on Tuesday last week": that weekday of the week before the page's
        return DateRef(page - timedelta(days=page.weekday() + 7 - target))
    back = (page.weekday() - target) % 7
    if mod in ("last", "past"):
        back = back or 7
    elif mod == "next":
        return DateRef(page + timedelta(days=(target - page.weekday()) % 7 or 7))
    return DateRef(page - timedelta(days=back))


def _relative_span(g: dict[str, str], page: date) -> DateRef | None:
    """``last week``, ``this weekend``, ``earlier this month``, ``next year``."""
    which = re.sub(r"\s+", " ", g["which"].lower())
    unit = g["unit"].lower()
    shift = -1 if "last" in which or which in ("past", "previous") else 1 if which == "next" else 0
    if unit in ("week", "weekend"):
        monday = page - timedelta(days=page.weekday()) + timedelta(weeks=shift)
        first, last = monday, monday + timedelta(days=6)
        if unit == "weekend":
            first = monday + timedelta(days=5)
            if shift == 0 and page < first:
                first -= timedelta(weeks=1)
                last = first + timedelta(days=1)
            else:
                last = first + timedelta(days=1)
        elif which.startswith("earlier"):
            last = page
        return _covering(first, last)
    if unit == "month":
        return DateRef(_add_months(page, shift), "month")
    return DateRef(date(page.year + shift, 1, 1), "year")


def _season(g: dict[str, str], page: date) -> DateRef | None:
    """``last summer``, ``this winter``: the season's span at the finest precision holding it."""
    which = g["which"].lower()
    first_month = _SEASONS[g["season"].lower()][0]
    starts = [date(y, first_month, 1) for y in range(page.year - 2, page.year + 2)]
    spans = [(st, _add_months(st, 3) - timedelta(days=1)) for st in starts]
    if which in ("last", "past"):
        first, last = [sp for sp in spans if sp[1] < page][-1]
    elif which == "next":
        first, last = [sp for sp in spans if sp[0] > page][0]
    else:
        first, last = [sp for sp in spans if sp[0] <= page][-1]
    return _covering(first, last)


def _month(g: dict[str, str], page: date) -> DateRef | None:
    """``in March``, ``last March``, ``next March``, ``this March``: month precision."""
    pre = re.sub(r"\s+", " ", g["pre"].strip().lower())
    month = _MONTHS[g["m"].lower()]
    if pre == "last":
        return DateRef(date(page.year - 1 if month >= page.month else page.year, month, 1), "month")
    if pre == "next":
        return DateRef(date(page.year + 1 if month <= page.month else page.year, month, 1), "month")
    if pre == "this":
        return DateRef(date(page.year, month, 1), "month")
    return DateRef(_recent_month(month, page), "month")


def _year(g: dict[str, str], page: date) -> DateRef | None:
    """``in 2023``: year precision."""
    return DateRef(date(int(g["y"]), 1, 1), "year")


_RESOLVERS: dict[str, Callable[[dict[str, str], date], DateRef | None]] = {
    "iso": _full_date,
    "mdy": _full_date,
    "dmy": _full_date,
    "my": _month_year,
    "night": _night,
    "md": _month_day,
    "dm": _month_day,
    "relday": _relative_day,
    "ago": _ago,
    "weekday": _weekday,
    "relspan": _relative_span,
    "season": _season,
    "month": _month,
    "year": _year,
}


def _resolve(kind: str, m: re.Match[str], page: date) -> DateRef | None:
    """The date a match of one of the patterns stands for, by the pattern's kind."""
    resolver = _RESOLVERS.get(kind)
    return resolver(m.groupdict(), page) if resolver else None


def _span_start(kind: str, m: re.Match[str]) -> int:
    """Where the date itself starts: the preposition before a month or a year is not part of it,
    nor is ``on`` before a weekday."""
    if kind in ("month", "year"):
        pre = m.group("pre").strip().lower()
        if pre.split()[0] in ("in", "during", "since", "until", "till", "by", "from", "of", "throughout"):
            return m.start("y") if kind == "year" else m.start("pre") + len(m.group("pre"))
    if kind == "weekday" and (m.group("mod") or "").strip().lower() == "on":
        return m.start("wd")
    return m.start()


def find_dates(sentence: str, page_date: date) -> list[DateMention]:
    """Find the dates a sentence gives, resolved against the page's date (see the module).

    Args:
        sentence: the text to search; offsets in the result point into it.
        page_date: the publication date of the page.

    Returns:
        Mentions in text order, without overlaps (the longest expression wins).
    """
    candidates: list[tuple[int, int, int, str, re.Match[str]]] = []
    for order, (kind, pattern) in enumerate(_PATTERNS):
        for m in pattern.finditer(sentence):
            candidates.append((m.start(), m.end(), order, kind, m))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for start, end, _, kind, m in candidates:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        head = sentence[:start]
        pre = m.groupdict().get("pre") or ""
        if _OPENS_PERIOD.search(head) or re.match(r"(?i)(?:since|until|till|by)\b", pre.strip()):
            continue
        ref = _resolve(kind, m, page_date)
        if ref is None:
            continue
        out.append(DateMention(_span_start(kind, m), end, ref))
    out.sort(key=lambda d: d.start)
    return out


def resolve_date(phrase: str, page_date: date) -> DateRef | None:
    """Resolve one date phrase (``"on Wednesday"``, ``"last month"``, ``"May 30"``).

    Returns:
        The first date the phrase gives, or ``None`` when it gives none or names a period
        rather than an event's date (``"since last summer"``).
    """
    found = find_dates(phrase, page_date)
    return found[0].ref if found else None
