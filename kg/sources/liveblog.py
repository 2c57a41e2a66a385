"""Live-blog pages: page text → :class:`~kg.records.Update` values (no extraction, no RDF).

A page is newest first: navigation and a caption, then updates opened by headings (``UPDATE
1445 GMT:``, a time, ``ORIGINAL ENTRY:``) or, where headings were stripped, blocks of
paragraphs. Navigation inside an update is blanked, not cut, so every offset into an update's
text plus its start is an offset into the page. The rules in full: ``docs/sources.md``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.errors import InputError
from kg.records import Document, Update
from kg.sources.page_lines import (
    BULLET,
    dateline_end,
    heading,
    is_caption_like,
    is_navigation,
    is_title_like,
    post_author,
)
from kg.sources.textfile import read_text

__all__ = [
    "is_navigation", "page_span_text", "read_liveblog", "read_liveblog_file", "split_paragraphs",
]

@dataclass
class _Line:
    start: int
    end: int  # excludes the newline
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _Segment:
    heading: str | None  # None: an update without heading (a block)
    timestamp: str | None
    open_start: int  # where content may start (after the heading), for an empty update
    content: list[tuple[int, int]]  # (start, end) of content pieces, page offsets
    navigation: list[tuple[int, int]]
    author: str | None = None


def _lines(page: str) -> list[_Line]:
    out = []
    pos = 0
    for text in page.split("\n"):
        out.append(_Line(pos, pos + len(text), text))
        pos += len(text) + 1
    return out


def _page_date(published: str | None, source: str) -> date | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        raise InputError(f"page date must be YYYY-MM-DD, got {published!r}", source) from None


def _preamble_end(lines: list[_Line]) -> int:
    """Index of the first line that belongs to an update."""
    first_seen = False
    for i, line in enumerate(lines):
        if line.blank or is_navigation(line.text):
            continue
        if heading(line.text):
            return i
        if not first_seen:
            first_seen = True
            following = next((x for x in lines[i + 1:] if not x.blank), None)
            if (following is not None and is_navigation(following.text)) or is_caption_like(line.text):
                continue
        if is_title_like(line.text):
            continue
        return i
    return len(lines)


def _mask(page: str, start: int, end: int, navigation: list[tuple[int, int]]) -> str:
    chars = list(page[start:end])
    for a, b in navigation:
        for k in range(max(a, start), min(b, end)):
            if chars[k - start] != "\n":
                chars[k - start] = " "
    return "".join(chars)


def read_liveblog(text: str, source: str, published: str | None, title: str | None = None,
                  publisher: str | None = None) -> Document:
    """Split a live-blog page into updates (see the module's rules).

    Args:
        text: the page, as :func:`kg.sources.textfile.read_text` returns it; offsets point into it.
        source: the page's name (a file name), kept on the document and named in errors.
        published: the page's date, ``YYYY-MM-DD``; heading times are read against it.
        title: the page's title, if known.
        publisher: who published it, if known.

    Returns:
        A document whose updates have heading, timestamp, text and page offsets; no events.

    Raises:
        InputError: a malformed date, or a page with no update in it.
    """
    if not isinstance(text, str):
        raise InputError("a page must be text", source)
    day = _page_date(published, source)
    lines = _lines(text)
    segments: list[_Segment] = []
    current: _Segment | None = None
    blank_run = 0

    def close() -> None:
        nonlocal current
        if current is not None and (current.content or current.heading is not None):
            segments.append(current)
        current = None

    for line in lines[_preamble_end(lines):]:
        found = heading(line.text)
        if found:
            close()
            label, hour, minute, cut = found
            stamp = None
            if day is not None and hour is not None and minute is not None:
                stamp = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00Z"
            current = _Segment(label, stamp, line.start + cut, [], [], post_author(line.text))
            rest = line.text[cut:].rstrip()
            if rest.strip():
                current.content.append((line.start + cut, line.start + cut + len(rest)))
            blank_run = 0
            continue
        if line.blank:
            blank_run += 1
            continue
        if current is None or (current.heading is None and blank_run >= 2):
            close()
            current = _Segment(None, None, line.start, [], [])
        blank_run = 0
        if is_navigation(line.text):
            current.navigation.append((line.start, line.end))
            continue
        stripped = line.text.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        cut = dateline_end(stripped)
        if cut is not None:
            current.navigation.append((line.start + lead, line.start + cut))
        current.content.append((line.start + lead, line.start + len(stripped)))
    close()

    doc = Document(source=source, published=day.isoformat() if day else published, title=title,
                   publisher=publisher)
    n = 0
    for seg in segments:
        if seg.heading is None:
            n += 1
        if seg.content:
            start, end = seg.content[0][0], seg.content[-1][1]
        else:
            start = end = seg.open_start
        doc.updates.append(Update(
            heading=seg.heading if seg.heading is not None else f"Update {n}",
            timestamp=seg.timestamp,
            text=_mask(text, start, end, seg.navigation),
            start=start,
            end=end,
            author=seg.author,
        ))
    if not doc.updates:
        raise InputError("no updates found: the page holds no text besides navigation", source)
    return doc


def read_liveblog_file(path: str | os.PathLike[str], published: str | None = None,
                       title: str | None = None, publisher: str | None = None) -> Document:
    """Read a page file (any text encoding, or HTML) and split it into updates.

    The document's ``source`` is the file's name.

    Raises:
        InputError: the file cannot be read as text, or holds no update.
    """
    text = read_text(path)
    try:
        return read_liveblog(text, Path(path).name, published, title=title, publisher=publisher)
    except InputError as exc:
        if exc.source == Path(path).name:
            raise InputError(str(exc).split(": ", 1)[-1], str(path), exc.position) from None
        raise


def page_span_text(page: str, update: Update) -> str:
    """The page's text under an update's span, navigation lines blanked as in ``update.text``.

    ``page_span_text(page, u) == u.text`` holds for every update the reader returns.
    """
    if update.start is None or update.end is None:
        return update.text
    navigation = [(ln.start, ln.end) for ln in _lines(page)
                  if ln.end > update.start and ln.start < update.end and is_navigation(ln.text)]
    return _mask(page, update.start, update.end, navigation)


def split_paragraphs(update: Update) -> list[tuple[int, int]]:
    """Paragraphs of an update as ``(start, end)`` page offsets (text offsets without ``start``).

    A paragraph is a run of non-blank lines; each bullet-list item is a paragraph of its own.
    Blanked navigation lines are blank. Surrounding whitespace is not part of a paragraph.
    """
    base = update.start or 0
    out: list[tuple[int, int]] = []
    para: tuple[int, int] | None = None
    for line in _lines(update.text):
        if line.blank:
            if para:
                out.append(para)
            para = None
            continue
        stripped = line.text.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        span = (base + line.start + lead, base + line.start + len(stripped))
        if para is None or BULLET.match(line.text):
            if para:
                out.append(para)
            para = span
        else:
            para = (para[0], span[1])
    if para:
        out.append(para)
    return out
