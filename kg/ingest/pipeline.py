"""The one way through: sources → extraction → mapping → validation → store.

Each function returns values and raises :mod:`kg.errors`; nothing here prints or exits.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, NonConformingError
from kg.records import Document

_ISO_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(frozen=True)
class SourceSpec:
    """A file to ingest, with what the caller knows of it."""

    path: Path
    published: str | None = None
    title: str | None = None
    publisher: str | None = None


@dataclass
class IngestResult:
    """What an ingest did: documents read, updates and events written, triples before and after."""

    documents: int = 0
    updates: int = 0
    events: int = 0
    triples_before: int = 0
    triples_after: int = 0
    skipped: list[str] = field(default_factory=list)
    doubtful: int = 0
    """Events written but marked doubtful (below ``--min-confidence``)."""
    joined: int = 0
    """Events of the batch that tell an occasion another report told too (docs/model.md)."""

    @property
    def added(self) -> int:
        """Net change in the store's triple count."""
        return self.triples_after - self.triples_before


def guess_date(path: Path) -> str | None:
    """Return an ISO date found in a file's name (``ukraine-2024-03-22.txt``), if any."""
    found = _ISO_DATE.findall(path.name)
    return found[-1] if found else None


def read_manifest(path: Path) -> list[SourceSpec]:
    """Read a manifest (``{"documents": [{"file", "published", "title", "publisher"}]}``).

    File names are relative to the manifest's folder.

    Raises:
        InputError: when the manifest cannot be read or lacks a file name.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read manifest: {exc}", str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", str(path), f"line {exc.lineno}") from None
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise InputError("expected {\"documents\": [...]}", str(path))
    specs = []
    for i, d in enumerate(docs):
        if not isinstance(d, dict) or not isinstance(d.get("file"), str):
            raise InputError("each document needs a 'file'", str(path), f"document {i + 1}")
        specs.append(SourceSpec(path.parent / d["file"], d.get("published"), d.get("title"),
                                d.get("publisher")))
    return specs


SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".csv")
"""What a folder given to ``kg ingest`` contributes: pages, records files and ACLED files."""


def folder_sources(folder: Path, published: str | None = None) -> list[SourceSpec]:
    """The sources of a folder: its ``manifest.json`` when it has one (dates, titles and
    publishers), else every page, records or CSV file directly in it, in name order.

    Raises:
        InputError: the folder holds no source.
    """
    manifest = folder / "manifest.json"
    if manifest.is_file():
        return read_manifest(manifest)
    specs = [SourceSpec(p, published) for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")]
    if not specs:
        raise InputError(f"no pages, records or CSV files ({', '.join(SOURCE_SUFFIXES)}) in the folder",
                         str(folder))
    return specs


def load_document(spec: SourceSpec, kind: str | None = None, extract: bool = True,
                  skip_invalid: bool = False, problems: list[str] | None = None) -> Document:
    """Read one source and, for live-blog pages, extract its events.

    Args:
        spec: the file and what is known of it; a page's date falls back to one in its name.
        kind: force a reader (``liveblog``, ``records``, ``acled``); by default from the file.
        extract: run event extraction on live-blog pages.
        skip_invalid: let readers that can (ACLED CSV) skip bad rows, reported in ``problems``.
        problems: a list that receives one line per skipped part.

    Returns:
        The document, with events.
    """
    from kg.sources import read_source

    published = spec.published or guess_date(spec.path)
    if published is not None:
        _check_date(published, spec.path)
    doc = read_source(spec.path, published=published, kind=kind, skip_invalid=skip_invalid,
                      problems=problems)
    if spec.title and not doc.title:
        doc.title = spec.title
    if spec.publisher and not doc.publisher:
        doc.publisher = spec.publisher
    if extract and not doc.events() and _is_page(doc):
        from kg.extract.document import extract_document

        if not doc.published:
            raise InputError("no publication date for this page: give --date YYYY-MM-DD, list it in a "
                             "manifest, or put the date in the file name", str(spec.path))

        extract_document(doc)
    return doc


def _check_date(value: str, path: Path) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise InputError(f"publication date {value!r} is not a date (YYYY-MM-DD)", str(path)) from None


def nothing_went_in(problems: list[str]) -> str:
    """The error of a records or ACLED file of which no event went in, with the first reason."""
    if not problems:
        return "no event in the file; nothing was written"
    return (f"no row went in ({len(problems)} skipped; the first: {problems[0]}); nothing was written")


def _is_page(doc: Document) -> bool:
    return any(u.text for u in doc.updates)


def mark_doubtful(doc, min_confidence: float | None) -> int:
    """Mark the events of a document whose confidence is below ``min_confidence`` as doubtful
    (an event without a confidence is not doubted); return how many were marked."""
    if min_confidence is None:
        return 0
    marked = 0
    for event in doc.events():
        if event.confidence is not None and event.confidence < min_confidence:
            event.doubtful = True
            marked += 1
    return marked


def ingest(store, specs: Iterable[SourceSpec], kind: str | None = None,
           progress: Callable[[str], None] | None = None, skip_invalid: bool = False,
           min_confidence: float | None = None, identity: bool = True) -> IngestResult:
    """Read, extract, map and validate every source, then write them as one transaction.

    Nothing is written unless every document conforms to the shapes. Events whose confidence
    is below ``min_confidence`` are written all the same, marked doubtful (:func:`mark_doubtful`).
    With ``identity``, the batch's events are matched against the stored ones and the
    occasions they join are written in the same transaction (:mod:`kg.ingest.occasions`).

    Raises:
        InputError: a source cannot be read.
        NonConformingError: a document does not conform; its report says which node broke
            which shape. The store is unchanged.
    """
    from kg.rdf.mapping import document_to_dataset
    from kg.validation.shapes import describe_report, validate_graph

    result = IngestResult()
    batch = None
    for spec in specs:
        if progress:
            progress(str(spec.path))
        problems: list[str] = []
        doc = load_document(spec, kind=kind, skip_invalid=skip_invalid, problems=problems)
        if not doc.events() and not _is_page(doc):
            raise InputError(nothing_went_in(problems), str(spec.path))
        result.skipped.extend(problems)
        result.doubtful += mark_doubtful(doc, min_confidence)
        dataset = document_to_dataset(doc)
        report = validate_graph(dataset)
        if not report.conforms:
            raise NonConformingError(
                f"{spec.path}: does not conform to the shapes; nothing was written\n"
                + describe_report(report, dataset),
                report,
            )
        result.documents += 1
        result.updates += len(doc.updates)
        result.events += len(doc.events())
        if batch is None:
            batch = dataset
        else:
            for quad in dataset.quads((None, None, None, None)):
                batch.add(quad)
    result.triples_before = store.triple_count()
    if batch is not None:
        from kg.ingest.revisions import record_revisions

        batch = record_revisions(store, batch)  # an edited update keeps its superseded version
        if identity:
            from kg.ingest.occasions import occasion_batch

            result.joined = occasion_batch(store, batch).joined
        store.add_dataset(batch)
    result.triples_after = store.triple_count()
    return result
