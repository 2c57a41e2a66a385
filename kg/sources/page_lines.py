"""Lines of a page, one at a time: update headings, navigation, datelines, captions and titles.

What :mod:`kg.sources.liveblog` asks of a single line, apart from how lines make updates:
whether it opens an update (``UPDATE 1445 GMT:``, ``Posted at 14:32``, ``ORIGINAL ENTRY:``),
is navigation (``See also ...``, a byline), starts with a wire dateline, or reads like a
photo caption or a headline.
"""
from __future__ import annotations

import re

__all__ = [
    "BULLET", "dateline_end", "heading", "is_caption_like", "is_navigation", "is_title_like", "post_author",
]

_UPDATE = re.compile(
    r"[ \t]*update[ \t]+(?P<h>\d{1,2})[:.h]?(?P<m>\d{2})(?!\d)[ \t]*(?P<zone>GMT|UTC|Z)?\b"
    r"[ \t]*(?P<colon>[:\-\u2013\u2014])?[ \t]*",
    re.IGNORECASE,
)
_POSTED = re.compile(
    r"[ \t]*(?:posted\s+at\s+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[ \t]*(?P<zone>GMT|UTC))?[ \t]*$",
    re.IGNORECASE,
)
"""A line that is only a time ("14:32", "Posted at 14:32", "09.58 GMT"): the heading of a
timestamped post, as live pages of the BBC style open them."""
_TIMED_POST = re.compile(
    r"[ \t]*(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[ \t]*(?:GMT|UTC))?[ \t]*[|\u2014\u2013][ \t]*"
    r"(?P<rest>(?-i:[A-Z\u0400-\u042f]).*?)[ \t]*$",
    re.IGNORECASE,
)
"""A time, a bar or dash, then who posted ("16:14 | Vitali Klitschko", "08:15 \u2014 Oleh
Syniehubov, Kharkiv governor") or the post itself ("16:14 \u2014 Russian drones hit Kharkiv."):
the heading of a timestamped post, as pages that gather officials' posts open them."""
_BYLINE_WORDS = 14


def _byline(rest: str) -> bool:
    """Whether what follows a post's time names who posted rather than what happened: short,
    no sentence ending, a name (capitalised words) before any comma, no verb of a report."""
    if _SENTENCE_END.search(rest) or len(rest.split()) > _BYLINE_WORDS:
        return False
    name = rest.split(",")[0].split()
    if not all(w[0].isupper() or w in ("of", "the", "and", "for") for w in name):
        return False  # "EU adopts 16th sanctions package": a headline, the post's own words
    return not re.search(r"\b(?:said|says|reported|struck|hit|attacked|killed|injured|wounded|shot|"
                         r"launched|was|were|has|have|is|are)\b", rest, re.IGNORECASE)


def post_author(line: str) -> str | None:
    """Who a timestamped post's heading names as its author ("Vitali Klitschko, Kyiv mayor")."""
    m = _TIMED_POST.fullmatch(line)
    if m and _byline(m.group("rest")):
        return m.group("rest").strip()
    return None


_ORIGINAL = re.compile(r"[ \t]*original[ \t]+entry[ \t]*:[ \t]*", re.IGNORECASE)

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
_NAVIGATION = re.compile(
    r"""\s*(?:
        jump\s+to\s+(?:the\s+)?original\s+entry\b
      | (?:""" + _WEEKDAYS + r""")(?:['’]s|s['’]?)\s+coverage\b
      | map\s*:
      | see\s+also\b
      | (?:read|see)\s+more\s*:
      | related\s*:
      | (?:photo(?:graph)?(?:\s+caption)?|stock\s+photo|caption|pictured|image)\s*:
      | live\s+(?:reporting|updates|coverage)\s*$
      | (?:(?:edited|written|compiled|reported)\s+)?by\s+(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3}
        (?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})*)
        (?:\s*,?\s*(?:Associated\s+Press|Reuters|AFP|AP|BBC\s+News))?\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
_AGENCY = (r"(?:[A-Z]{2,6}/)?(?:AP|Reuters|AFP|UPI|dpa|Bloomberg|RFE/RL|Xinhua|TASS|Interfax|RIA Novosti|"
           r"Ukrinform|UNIAN|Sputnik|Anadolu|PTI|ANI|IANS|Kyodo|Yonhap|EFE|ANSA)")
"""The agencies of datelines, also as a paper's co-credit ("BSS/AFP")."""
_DATELINE = re.compile(
    r"[ \t]*(?-i:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,2})"
    r"(?:(?:,[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})?[ \t]*"
    r"\(" + _AGENCY + r"\)"
    r"|,[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})"
    r"[ \t]+[\u2014\u2013-]+[ \t]*"
    r"|[ \t]*(?-i:[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,2})"
    r"(?:,[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,2})?"
    r",[ \t]*" + _MONTH + r"[ \t]+\d{1,2}(?:,[ \t]*\d{4})?[ \t]*"
    r"(?:\(" + _AGENCY + r"\)|/" + _AGENCY + r"/)?[ \t]*(?:[.:]|[\u2014\u2013-]+)[ \t]+"
    r"(?:/" + _AGENCY + r"/\.?[ \t]+)?"
)
"""A wire story's dateline: where the story was filed, not where its events happened. It is
blanked like navigation. Western wires write it "KYIV, Ukraine (AP) —", "MOSCOW (Reuters) -";
Russian and Ukrainian agencies name the day: "MOSCOW, November 21. /TASS/.", "KHERSON, July 4.",
"KYIV, July 4 (Reuters) -". The city is in capitals, so a sentence opening with a place ("Kyiv,
July 4, was quiet") is not one."""

_ENDS_WITH_DATE = re.compile(
    r"(?:" + _MONTH + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+" + _MONTH + r",?\s+\d{4}|"
    + _MONTH + r",?\s+\d{4}|,\s*\d{4})\s*$"
)
_ENDS_WITH_CREDIT = re.compile(r"\([^()]{1,40}\)\s*$")
_SENTENCE_END = re.compile(r"[.!?;:][\"'”’)\]]*\s*$")
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of on or over the to vs with via how why what who "
    "is are was were be its it".split())
BULLET = re.compile(r"[ \t]*(?:[•\u2022\u2023\u25e6\u2043\u2219*\-\u2013\u2014]|\d{1,3}[.)])[ \t]+")


def dateline_end(line: str) -> int | None:
    """Where a wire dateline opening the line ends, if one does and text follows it."""
    m = _DATELINE.match(line)
    return m.end() if m and m.end() < len(line) else None


_PHOTO_CREDIT = re.compile(
    r"""\((?:AP\s+|AFP\s+)?Photo(?:graph)?(?:\s+by\b|\s*/|\s*:)[^()]{0,80}\)  # (Photo by X / AFP)
      | \((?:illustrative|file|stock)\s+photo\b[^()]{0,60}\)                  # (illustrative photo)
      | \bPhoto(?:graph)?\s*:\s*[^.!?]{2,80}[.!?]?\s*$                         # Photograph: X/AP
      | \([^()]{2,60}/\s*(?:Getty\s+Images|AFP|Anadolu[\w\s]{0,20}|Reuters|AP)\)\s*$
      | \(Getty\s+Images\)\s*$
      | \bREUTERS/[A-Z] | \bvia\s+REUTERS\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A photo credit: the paragraph it ends is a caption, whatever it shows."""


def is_navigation(line: str) -> bool:
    """Whether a line is page navigation rather than news.

    ``Jump to Original Entry``, ``Wednesday's Coverage: ...`` (any weekday), ``Map: ...``,
    ``See also ...``, ``Read more: ...``, ``Related: ...``, ``Photo caption: ...``, and a
    photo's caption with its credit (``... (Photo by Jane Roe / AFP)``, ``Photograph: X/AP``).
    """
    return bool(_NAVIGATION.match(line) or _PHOTO_CREDIT.search(line))


def is_caption_like(line: str) -> bool:
    s = line.strip()
    if _SENTENCE_END.search(s) and not _ENDS_WITH_CREDIT.search(s):
        return False
    return bool(_ENDS_WITH_DATE.search(s) or _ENDS_WITH_CREDIT.search(s))


def is_title_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 140 or _SENTENCE_END.search(s):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’\-]*", s)]
    significant = [w for w in words if w.lower() not in _SMALL_WORDS]
    if len(significant) < 2:
        return False
    capitals = sum(1 for w in significant if w[0].isupper())
    return capitals >= 0.6 * len(significant)


def heading(line: str) -> tuple[str, int | None, int | None, int] | None:
    """Return (label, hour, minute, end of the heading in the line) if the line opens an update."""
    m = _ORIGINAL.match(line)
    if m:
        return "ORIGINAL ENTRY", None, None, m.end()
    m = _POSTED.fullmatch(line)
    if m:
        hour, minute = int(m.group("h")), int(m.group("m"))
        if hour < 24 and minute < 60:
            return f"UPDATE {hour:02d}{minute:02d} GMT", hour, minute, len(line)
    m = _TIMED_POST.fullmatch(line)
    if m:
        hour, minute = int(m.group("h")), int(m.group("m"))
        if hour < 24 and minute < 60:
            cut = len(line) if _byline(m.group("rest")) else m.start("rest")
            return f"UPDATE {hour:02d}{minute:02d} GMT", hour, minute, cut
    m = _UPDATE.match(line)
    if not m:
        return None
    rest = line[m.end():]
    if not (m.group("zone") or m.group("colon") or not rest.strip()):
        return None
    hour, minute = int(m.group("h")), int(m.group("m"))
    if hour < 24 and minute < 60:
        return f"UPDATE {hour:02d}{minute:02d} GMT", hour, minute, m.end()
    return line[: m.end()].strip().rstrip(":-\u2013\u2014").strip(), None, None, m.end()
