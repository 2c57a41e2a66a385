"""``kg stats``, ``kg export`` and ``kg validate``: what the store holds."""
from __future__ import annotations

import sys
from pathlib import Path

import click

EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")


@click.command()
@click.pass_obj
def stats(obj) -> None:
    """Summarise the store: events by type, updates, pages, actors, places, triples."""
    from kg.commands.query import print_table
    from kg.query import run_named

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
              help="Triple formats write the union of all graphs; trig, nquads and jsonld keep them.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (default: standard output).")
@click.pass_obj
def export(obj, fmt: str, output: Path | None) -> None:
    """Export the store as Turtle, TriG, N-Quads, N-Triples or JSON-LD."""
    from kg.export import export_store

    with obj.open(read_only=True) as store:
        if output is None:
            export_store(store, fmt, sys.stdout.buffer)
            return
        export_store(store, fmt, output)
    click.echo(f"wrote {output}", err=True)


@click.command()
@click.pass_obj
def validate(obj) -> None:
    """Check everything stored against the shapes; exit 1 with a report if it does not conform."""
    from kg.errors import NonConformingError
    from kg.store_validation import validate_store
    from kg.validate import describe_report

    with obj.open(read_only=True) as store:
        report, data = validate_store(store)
    if not report.conforms:
        raise NonConformingError(
            f"the store does not conform: {len(report.violations)} violation(s)\n"
            + describe_report(report, data), report)
    click.echo("the store conforms to the shapes")


COMMANDS = [stats, export, validate]
