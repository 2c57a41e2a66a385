"""``kg network``: the actor network as GraphML, GEXF, JSON or CSV, its metrics, a picture."""
from __future__ import annotations

import sys
from pathlib import Path

import click

RELATION_CHOICES = ("attacks", "supplies", "sanctions", "meets", "condemns", "agrees")
FORMAT_CHOICES = ("graphml", "gexf", "json", "csv")


def _date(ctx, param, value):
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None


@click.command("network")
@click.option("--relation", "relations", multiple=True, type=click.Choice(RELATION_CHOICES),
              help="Only this relation (repeatable); default all.")
@click.option("--since", callback=_date, metavar="DATE", help="Only events on or after this date.")
@click.option("--until", callback=_date, metavar="DATE", help="Only events on or before this date.")
@click.option("--region", metavar="NAME", help="Only events in this region (e.g. 'Donetsk Oblast').")
@click.option("--actor-kind", "actor_kinds", multiple=True, metavar="KIND",
              help="Only actors of this kind: State, Organisation, Person, ArmedForce, ... (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES),
              help="graphml or gexf (Gephi), json (node-link, d3), csv (edge list). "
                   "Default: from the -o suffix, else json.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the network to this file (default: standard output).")
@click.option("--metrics", is_flag=True, help="Print actors ranked by PageRank, with degree, "
              "weighted degree, betweenness and community.")
@click.option("--top", type=click.IntRange(min=1), default=25, show_default=True,
              help="Rows of the --metrics table.")
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.png",
              help="Draw the network to this image.")
@click.pass_obj
def network(obj, relations, since, until, region, actor_kinds, fmt, output, metrics, top, plot) -> None:
    """Build the network of actors from events and roles: who attacks, supplies, sanctions,
    meets, condemns and agrees with whom, with event counts, casualties and dates.

    The network is written when -o or --format is given, or when neither --metrics nor
    --plot is.
    """
    from kg.network import actor_network, node_metrics, render
    from kg.network.formats import format_for

    with obj.open(read_only=True) as store:
        graph = actor_network(store, relation=list(relations) or None, since=since, until=until,
                              region=region, actor_kind=list(actor_kinds) or None)
    if output is not None or fmt is not None or not (metrics or plot):
        chosen = fmt or (format_for(output) if output else None) or "json"
        data = render(graph, chosen)
        if output is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            try:
                output.write_bytes(data)
            except OSError as exc:
                from kg.errors import InputError

                raise InputError(f"cannot write {output}: {exc}") from None
            click.echo(f"wrote {output} ({chosen}): {graph.number_of_nodes()} actors, "
                       f"{graph.number_of_edges()} edges", err=True)
    if metrics:
        _print_metrics(node_metrics(graph), top, graph)
    if plot is not None:
        from kg.network import draw_network

        title = _title(relations, since, until, region)
        draw_network(graph, plot, title=title)
        click.echo(f"wrote {plot}", err=True)


def _title(relations, since, until, region) -> str:
    parts = ["Actor network"]
    if relations:
        parts.append(": " + ", ".join(relations))
    if since or until:
        parts.append(f", {since or '…'} to {until or '…'}")
    if region:
        parts.append(f", {region}")
    return "".join(parts)


def _print_metrics(rows, top: int, graph) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"actors by PageRank ({graph.number_of_nodes()} actors, "
                        f"{graph.number_of_edges()} edges)")
    for name, justify in (("#", "right"), ("actor", "left"), ("kind", "left"), ("deg", "right"),
                          ("events", "right"), ("out", "right"), ("in", "right"),
                          ("PageRank", "right"), ("betw.", "right"), ("comm.", "right")):
        table.add_column(name, justify=justify, no_wrap=name != "actor")
    for row in rows[:top]:
        table.add_row(
            str(row["rank"]), row["label"], row["kind"] or "", str(row["degree"]),
            f"{row['weighted_degree']:g}", f"{row['out_weight']:g}", f"{row['in_weight']:g}",
            f"{row['pagerank']:.3f}", f"{row['betweenness']:.3f}" if row["betweenness"] is not None else "",
            "" if row["community"] is None else str(row["community"]),
        )
    Console().print(table)
    click.echo("deg: actors linked; events: events behind its edges (out: as source, in: as target); "
               "betw.: betweenness; comm.: Louvain community")


COMMANDS = [network]
