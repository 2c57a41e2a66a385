"""``kg reason`` (HermiT's verdict, inferred facts) and ``kg ontology`` (export for Protégé)."""
from __future__ import annotations

from pathlib import Path

import click

ONTOLOGY_FORMATS = ("rdfxml", "turtle", "ntriples")


@click.command()
@click.option("--sample", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Events of the store to include (the first by IRI, with their actors, places and types).")
@click.option("--all-events", is_flag=True, help="Include every event of the store instead of a sample.")
@click.option("--no-data", is_flag=True, help="Check the ontology and taxonomy alone, without the store.")
@click.option("--write-inferred", is_flag=True,
              help="Write the inferred event classes and place containment to the graph "
                   "https://w3id.org/conflict-kg/graph/inferred (replaced on each run).")
@click.pass_obj
def reason(obj, sample: int, all_events: bool, no_data: bool, write_inferred: bool) -> None:
    """Check with HermiT that the ontology, with the store's data, is consistent.

    Exit 1 with an explanation (the individuals and the disjoint classes) when it is not.
    """
    from kg.errors import InconsistentOntologyError
    from kg.ops.reason import check_consistency
    from kg.ops.reason import write_inferred as write

    if no_data and write_inferred:
        raise click.UsageError("--write-inferred needs the store; leave out --no-data")
    if no_data:
        result = check_consistency(None)
    else:
        with obj.open(read_only=not write_inferred) as store:
            result = check_consistency(store, None if all_events else sample)
            if write_inferred and result.consistent:
                result.inferred_triples = write(store)
    what = "the ontology" if no_data else f"the ontology with {result.events} event(s)"
    click.echo(f"checked {what}: {result.classes} classes, {result.individuals} individuals; "
               f"{result.seconds:.1f} s (HermiT {result.reasoner_seconds:.1f} s)")
    if not result.ok:
        raise InconsistentOntologyError(result.explanation())
    click.echo("consistent")
    if result.inferred_triples is not None:
        click.echo(f"wrote {result.inferred_triples} inferred triples to kgg:inferred")


@click.command()
@click.option("--format", "fmt", type=click.Choice(ONTOLOGY_FORMATS), default="rdfxml", show_default=True,
              help="RDF/XML opens in Protégé.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
def ontology(fmt: str, output: Path | None) -> None:
    """Export the ontology, the event-type taxonomy and the ACLED mapping merged into one file."""
    from kg.ops.reason import export_ontology

    if output is None:
        count = export_ontology(fmt, click.get_binary_stream("stdout"))
        click.echo(f"wrote {count} triples", err=True)
        return
    count = export_ontology(fmt, output)
    click.echo(f"wrote {output} ({count} triples)", err=True)


COMMANDS = [reason, ontology]
