"""Source readers: files → :class:`~kg.records.Document` values (no extraction, no RDF).

One module per input kind:

- :mod:`kg.sources.liveblog` — live-blog pages (plain text in any common encoding, or HTML);
- :mod:`kg.sources.curated` — event records as JSON or JSON Lines (``docs/records.md``);
- :mod:`kg.sources.acled` — ACLED CSV exports and ACLED's API JSON (``{"data": [...]}``).

:func:`read_source` picks one by the file's extension, then by its first bytes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from kg.errors import InputError
from kg.records import Document

SourceKind = Literal["liveblog", "records", "acled"]
"""The name of a reader."""

SOURCE_KINDS: tuple[str, ...] = ("liveblog", "records", "acled")
"""Every reader name, for option choices."""

_BY_SUFFIX = {
    ".json": "records", ".jsonl": "records", ".ndjson": "records",
    ".csv": "acled",
    ".txt": "liveblog", ".text": "liveblog", ".html": "liveblog", ".htm": "liveblog",
    ".xhtml": "liveblog", ".md": "liveblog",
}

__all__ = ["SOURCE_KINDS", "SourceKind", "guess_kind", "manifest_entry", "read_source"]


def guess_kind(path: str | os.PathLike[str]) -> str:
    """The reader for a file: by extension, else by its first bytes (``{``/``[`` → records,
    an ``event_id_cnty`` header → ACLED, anything else → live blog); a JSON object with
    ``"data"`` and ``"event_id_cnty"`` is ACLED's API JSON, whatever its extension."""
    kind = _BY_SUFFIX.get(Path(path).suffix.lower())
    if kind and kind != "records":
        return kind
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError as exc:
        if kind:
            return kind
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(path)) from None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] == b"{" and b'"data"' in head and b'"event_id_cnty"' in head:
        return "acled"  # ACLED's API JSON: {"status": 200, "data": [{"event_id_cnty": ...}]}
    if kind or start[:1] in (b"{", b"["):
        return "records"
    if b"event_id_cnty" in start.split(b"\n", 1)[0]:
        return "acled"
    return "liveblog"


def manifest_entry(path: str | os.PathLike[str]) -> dict[str, str] | None:
    """What a ``manifest.json`` beside the file (or one folder up) says of it, if anything.

    Returns the manifest's entry (``published``, ``title``, ``publisher``) whose ``file`` names
    this file, or ``None``. An unreadable manifest counts as none.
    """
    p = Path(path).resolve()
    for folder in (p.parent, p.parent.parent):
        manifest = folder / "manifest.json"
        if not manifest.is_file():
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        docs = data.get("documents") if isinstance(data, dict) else None
        for entry in docs if isinstance(docs, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                if (folder / entry["file"]).resolve() == p:
                    return {k: v for k, v in entry.items() if isinstance(v, str)}
    return None


def read_source(path: str | os.PathLike[str], published: str | None = None,
                kind: str | None = None, *, skip_invalid: bool = False,
                problems: list[str] | None = None) -> Document:
    """Read any supported source file into a document.

    Args:
        path: the file.
        published: a live-blog page's date (``YYYY-MM-DD``); when not given, a
            ``manifest.json`` beside the page is consulted.
        kind: force a reader (one of :data:`SOURCE_KINDS`); by default guessed from the file.
        skip_invalid: let readers that can (ACLED CSV) skip malformed rows.
        problems: a list that receives one line per skipped row.

    Returns:
        The document: updates without events for pages, updates with events otherwise.

    Raises:
        InputError: unknown kind, or the reader's error (naming the file and where).
    """
    if kind is None:
        kind = guess_kind(path)
    if kind == "liveblog":
        from kg.sources.liveblog import read_liveblog_file

        entry = manifest_entry(path) or {}
        return read_liveblog_file(path, published or entry.get("published"),
                                  title=entry.get("title"), publisher=entry.get("publisher"))
    if kind == "records":
        from kg.sources.curated import read_records

        return read_records(path)
    if kind == "acled":
        from kg.sources.acled import read_acled

        result = read_acled(path, skip_invalid=skip_invalid)
        if problems is not None:
            problems.extend(f"{path}, row {row}: {message}" for row, message in result.problems)
        return result.document
    raise InputError(f"unknown source kind {kind!r}; expected one of {', '.join(SOURCE_KINDS)}",
                     str(path))
