"""Event-record files: the JSON form of ``docs/records.md``, or JSON Lines of events.

A ``.json`` file holds one JSON value: ``{"updates": [...]}``, ``{"events": [...]}`` or a list
of events. A ``.jsonl``/``.ndjson`` file (or a ``.json`` file that turns out to hold one value
per line) holds one event per line; blank lines are allowed. Structure is checked by
:mod:`kg.records`; this module turns syntax errors into :class:`~kg.errors.InputError` values
that name the file, line and column.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.records import Document, Update, document_from_dict, event_from_dict
from kg.sources.textfile import read_text

JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")


def read_records(path: str | os.PathLike[str], *, max_bytes: int | None = 500 * 1024 * 1024) -> Document:
    """Read a records file (JSON or JSON Lines) into a document with events.

    Args:
        path: the file; ``.jsonl`` and ``.ndjson`` are read as JSON Lines.
        max_bytes: refuse larger files (``None``: no limit).

    Raises:
        InputError: unreadable, malformed JSON (with line and column), or a wrong structure
            (naming the event).
    """
    source = str(path)
    text = read_text(path, max_bytes=max_bytes, convert_html=False)
    name = Path(path).name
    if Path(path).suffix.lower() in JSON_LINES_SUFFIXES:
        return _document_from_lines(text, source, name)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _first_line_is_value(text):
            return _document_from_lines(text, source, name)
        raise InputError(f"malformed JSON: {exc.msg}", source,
                         f"line {exc.lineno}, column {exc.colno}") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(f"unreadable JSON value: {exc}", source) from None
    return records_from_value(value, source, name)


def records_from_value(value: Any, source: str, name: str | None = None) -> Document:
    """Read a document from an already parsed JSON value, naming ``source`` on error."""
    doc = document_from_dict(value, source)
    if name and doc.source == source:
        doc.source = name
    return doc


def _first_line_is_value(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True


def _document_from_lines(text: str, source: str, name: str) -> Document:
    events = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg}", source,
                             f"line {number}, column {exc.colno}") from None
        except ValueError as exc:
            raise InputError(f"unreadable JSON value: {exc}", source, f"line {number}") from None
        events.append(event_from_dict(value, source, f"line {number}"))
    if not events:
        raise InputError("no events: every line is blank", source)
    return Document(source=name, updates=[Update(heading="Records", events=events)])
