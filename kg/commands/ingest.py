"""``kg ingest``: read, extract, map, validate and store sources in one transaction."""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import click

from kg.errors import InputError

KINDS = ("liveblog", "records", "acled")

SHOWN = 10
"""Skipped rows named one by one on the terminal; past them, a count per reason."""
_ROW = re.compile(r"^(?P<where>.*?, row \d+): (?P<reason>.*)$", re.DOTALL)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--date", "published", metavar="YYYY-MM-DD",
              help="Publication date of the page(s); default: a date in the file name.")
@click.option("--manifest", type=click.Path(path_type=Path, dir_okay=False),
              help="A JSON manifest listing files with their dates, titles and publishers.")
@click.option("--kind", type=click.Choice(KINDS), help="Force the reader; default: from the file.")
@click.option("--skip-invalid", is_flag=True,
              help="Skip (and report) malformed rows of CSV input instead of refusing the file.")
@click.option("--bulk", is_flag=True,
              help="Refuse anything but ACLED files (which stream in chunks by default anyway).")
@click.option("--one-transaction", is_flag=True,
              help="Write ACLED files with everything else in one transaction, all or nothing "
                   "(holds every row in memory); by default each ACLED file streams in chunks, "
                   "each validated and written all or nothing after the chunks before it.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=2500, show_default=True,  # CHUNK_ROWS
              help="Rows per chunk of a streamed ACLED file.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="0..1",
              help="Store events below this confidence marked doubtful: kept, and listed by "
                   "`kg query doubtful-events`, but left out of the named queries, exports and "
                   "networks.")
@click.option("--skipped-log", type=click.Path(path_type=Path, dir_okay=False),
              help="Write every skipped row (file, row, reason) to this file; the terminal shows "
                   f"the first {SHOWN} and a count per reason.")
@click.pass_obj
def ingest(obj, files: tuple[Path, ...], published: str | None, manifest: Path | None,
           kind: str | None, skip_invalid: bool, bulk: bool, one_transaction: bool, chunk_size: int,
           skipped_log: Path | None, min_confidence: float | None) -> None:
    """Ingest live-blog pages, event-record JSON or ACLED CSV files (or folders of them) into
    the store.

    Pages and records files are validated first and written as one transaction: if any
    document does not conform, nothing is written and the exit code is 1. ACLED files (CSV or
    API JSON) stream in chunks of rows, each written all or nothing after the chunks before it,
    so that a file of any size goes in with bounded memory and a bad row never costs the rows
    before it (--one-transaction writes them with the rest instead).
    """
    from kg.ingest.pipeline import SourceSpec, folder_sources, read_manifest
    from kg.ingest.pipeline import ingest as run_ingest

    specs = [spec for f in files for spec in (
        folder_sources(f, published) if f.is_dir() else [SourceSpec(f, published)])]
    if manifest:
        specs += read_manifest(manifest)
    if not specs:
        raise click.UsageError("give FILES or --manifest")
    if skipped_log is not None:
        _write_log(skipped_log, [])  # a log that cannot be written stops the ingest before it starts
    for spec in specs:
        if not spec.path.is_file():
            raise InputError("no such file", str(spec.path))
    if bulk:
        _bulk(obj, specs, kind, skip_invalid, chunk_size, skipped_log)
        return
    streamed: list[str] = []
    if not one_transaction:
        from kg.sources import guess_kind

        rows = [spec for spec in specs if (kind or guess_kind(spec.path)) == "acled"]
        specs = [spec for spec in specs if spec not in rows]
        if rows:
            streamed = _bulk(obj, rows, kind, skip_invalid, chunk_size, skipped_log, report=not specs)
        if not specs:
            return
    with obj.open() as store, _progress(len(specs)) as bar:
        result = run_ingest(store, specs, kind=kind, skip_invalid=skip_invalid, progress=bar,
                            min_confidence=min_confidence)
        _tables_note(store)
    report_skipped(streamed + result.skipped, skipped_log)
    click.echo(
        f"ingested {result.documents} document(s): {result.updates} updates, "
        f"{result.events} events; triples {result.triples_before} -> {result.triples_after} "
        f"({result.added:+d})"
        + (f"; {result.doubtful} event(s) below confidence {min_confidence:g} kept as doubtful"
           if min_confidence is not None else "")
    )


def _tables_note(store) -> None:
    """Say so when an on-disk store's analytics tables do not follow it (see docs/analytics.md)."""
    if store.keeps_tables and store.tables() is None:
        click.echo("kg: note: the analytics tables are not current; named queries answer from the "
                   "graph until `kg analytics --rebuild`", err=True)


def _bulk(obj, specs, kind: str | None, skip_invalid: bool, chunk_size: int,
          skipped_log: Path | None, report: bool = True) -> list[str]:
    """Stream ACLED files in chunks; tell what was skipped (or, with ``report`` false, return it
    for the caller to tell with the rest)."""
    from kg.ingest.bulk import bulk_ingest
    from kg.sources import guess_kind

    for spec in specs:
        if (kind or guess_kind(spec.path)) != "acled":
            raise InputError("--bulk reads ACLED files only", str(spec.path))
    show = (lambda line: click.echo(line, err=True)) if sys.stderr.isatty() else None
    skipped: list[str] = []
    with obj.open() as store:
        for spec in specs:
            result = bulk_ingest(store, spec.path, chunk_size=chunk_size, progress=show,
                                 skip_invalid=skip_invalid)
            if result.events:
                from kg.ingest.occasions import match_document

                match_document(store, spec.path.name)  # its rows against the other sources' events
            skipped += [f"{spec.path}, row {row}: {message}" for row, message in result.skipped]
            if not result.events:
                from kg.ingest.pipeline import nothing_went_in

                report_skipped(skipped, skipped_log)
                raise InputError(nothing_went_in([m for _, m in result.skipped]), str(spec.path))
            click.echo(f"ingested {spec.path}: {result.rows} rows, {result.events} events in "
                       f"{result.chunks} chunk(s); triples {result.triples_before} -> "
                       f"{result.triples_after} ({result.triples_after - result.triples_before:+d})")
        _tables_note(store)
    if report:
        report_skipped(skipped, skipped_log)
    return skipped


def report_skipped(lines: list[str], log: Path | None) -> None:
    """Tell what was skipped: each row while there are few, else the first :data:`SHOWN` and a
    count per reason (a million-row file may skip thousands for one reason); every line goes
    to ``log`` when one is given.

    Raises:
        InputError: the log cannot be written.
    """
    if log is not None:
        _write_log(log, lines)
    for line in lines[:SHOWN]:
        click.echo(f"kg: skipped {line}", err=True)
    if len(lines) <= SHOWN:
        return
    reasons = Counter(_reason(line) for line in lines)
    where = f"; every one in {log}" if log is not None else "; --skipped-log FILE lists every one"
    click.echo(f"kg: skipped {len(lines)} rows in all, {len(lines) - SHOWN} not shown above{where}:",
               err=True)
    for reason, count in reasons.most_common(5):
        click.echo(f"kg:   {count} × {reason}", err=True)
    rest = sum(reasons.values()) - sum(c for _, c in reasons.most_common(5))
    if rest:
        click.echo(f"kg:   {rest} × for {len(reasons) - 5} other reasons", err=True)


def _reason(line: str) -> str:
    """A skipped row's reason, its quoted values elided so that rows skipped alike count together."""
    match = _ROW.match(line)
    return _QUOTED.sub("'…'", match.group("reason") if match else line)


def _write_log(log: Path, lines: list[str]) -> None:
    try:
        log.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the skipped-rows log: {exc.strerror or exc}", str(log)) from None


class _progress:
    """A progress bar on a terminal (one step per document), nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.bar = None
        if sys.stderr.isatty() and total > 1:
            self.bar = click.progressbar(length=total, label="ingesting", file=sys.stderr,
                                         item_show_func=lambda name: name)

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.__enter__()
        self.steps = 0
        return self

    def __call__(self, name: str) -> None:
        if self.steps:
            self.bar.update(1, name)
        self.steps += 1

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.__exit__(*exc)


COMMANDS = [ingest]
