"""``kg stats``, ``kg export`` and ``kg validate``: what the store holds."""
from __future__ import annotations

import sys
from pathlib import Path

import click

EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld", "acled-csv", "geojson", "records")


@click.command()
@click.pass_obj
def stats(obj) -> None:
    """Summarise the store: events by type, updates, pages, actors, places, triples."""
    from kg.commands.query import print_table
    from kg.query.named import run_named

    with obj.open(read_only=True) as store:
        counts = run_named(store, "stats")
        by_type = run_named(store, "events-by-type")
        triples = store.triple_count()
        graphs = len(store.named_graphs())
    for row in counts.dicts():
        click.echo(f"{row['what']:>10}: {row['count']}")
    click.echo(f"{'triples':>10}: {triples} in {graphs} named graphs")
    if len(by_type):
        print_table(by_type, title="events by type")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True,
              help="Triple formats write the union of all graphs; trig, nquads and jsonld keep them; "
                   "acled-csv and geojson write one row or point per event; records writes the records "
                   "contract's JSON, pages and updates with their events and analysts' reviews.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (default: standard output).")
@click.option("--reviewed-only", is_flag=True,
              help="With --format records: only the events an analyst accepted or corrected "
                   "(gold for the extraction corpus).")
@click.pass_obj
def export(obj, fmt: str, output: Path | None, reviewed_only: bool) -> None:
    """Export the store as Turtle, TriG, N-Quads, N-Triples, JSON-LD, ACLED CSV, GeoJSON or
    event records."""
    import functools

    from kg.export.rdf import export_store
    from kg.export.records import write_records
    from kg.export.tables import TABLE_FORMATS, export_table

    if reviewed_only and fmt != "records":
        raise click.UsageError("--reviewed-only goes with --format records")
    if fmt == "records":  # the records contract's JSON, with the analysts' reviews
        writer = functools.partial(write_records, reviewed_only=reviewed_only)
    elif fmt in TABLE_FORMATS:  # events as rows: ACLED's CSV layout, or GeoJSON points
        writer = functools.partial(export_table, fmt=fmt)
    else:
        writer = None
    with obj.open(read_only=True) as store:
        if writer is not None:
            if output is None:
                writer(store, out=sys.stdout.buffer)
                return
            _write_table(store, output, writer)
        elif output is None:
            export_store(store, fmt, sys.stdout.buffer)
            return
        else:
            export_store(store, fmt, output)
    click.echo(f"wrote {output}", err=True)


def _write_table(store, output: Path, writer) -> None:
    """Write a table or records export whole (:func:`kg.atomic.written_whole`)."""
    from kg.atomic import written_whole
    from kg.errors import StoreError

    try:
        with written_whole(output) as out:
            writer(store, out=out)
    except OSError as exc:
        raise StoreError(f"cannot write {output}: {exc}") from exc


@click.command()
@click.pass_obj
def validate(obj) -> None:
    """Check everything stored against the shapes and the whole-store checks (dates after
    their report, implausible figures, places far from their region); exit 1 with a report."""
    from kg.errors import NonConformingError
    from kg.validation.shapes import describe_report
    from kg.validation.store_checks import run_checks
    from kg.validation.whole_store import validate_store

    with obj.open(read_only=True) as store:
        report, data = validate_store(store)
        findings = run_checks(store)
    problems = []
    if not report.conforms:
        shapes = describe_report(report, data)
        problems.append(f"{len(report.violations)} violation(s) of the shapes\n{shapes}")
    if findings:
        problems.append(f"{len(findings)} whole-store finding(s)\n" + "\n".join(str(f) for f in findings))
    if problems:
        raise NonConformingError("the store does not conform: " + "\n".join(problems), report)
    click.echo("the store conforms to the shapes and passes the whole-store checks")


COMMANDS = [stats, export, validate]
