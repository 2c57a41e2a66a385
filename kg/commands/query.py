"""``kg queries`` and ``kg query``: named and ad-hoc SPARQL."""
from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ("table", "csv", "tsv", "json")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        out[name.strip()] = value
    return out


@click.command("queries")
def list_named() -> None:
    """List the named queries with their descriptions and parameters."""
    from kg.query.named import list_queries

    for q in list_queries():
        click.echo(f"{q.name}: {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.params:
            default = f" (default {p.default})" if p.default is not None else ""
            click.echo(f"    --param {p.name}=…{default}  {p.description or ''}".rstrip())


@click.command("query")
@click.argument("name", required=False)
@click.option("-e", "--expression", "text", metavar="SPARQL", help="Run this SPARQL text.")
@click.option("-f", "--file", "file", type=click.Path(path_type=Path, dir_okay=False),
              help="Run the SPARQL in this file.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable); values are bound, never pasted into the text.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--update", "allow_update", is_flag=True, help="Allow a SPARQL update (changes the store).")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE calls to other endpoints.")
@click.option("--timeout", type=float, default=None, metavar="SECONDS",
              help="Give up on a query that takes longer than this.")
@click.option("--engine", type=click.Choice(("auto", "sparql", "tables")), default="auto", show_default=True,
              help="Answer a named query from the analytics tables, from the graph, or (auto) from the "
                   "tables when they are current and the query has an SQL twin.")
@click.pass_obj
def query(obj, name: str | None, text: str | None, file: Path | None, params: tuple[str, ...],
          fmt: str, allow_update: bool, allow_service: bool, timeout: float | None, engine: str) -> None:
    """Run a named query (see `kg queries`), or SPARQL given with -e or -f.

    Queries are read-only unless --update is given.
    """
    from kg.errors import InputError
    from kg.query.named import run_named, run_sparql

    chosen = [x for x in (name, text, file) if x]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of NAME, -e SPARQL or -f FILE")
    bound = _params(params)
    with obj.open(read_only=not allow_update) as store:
        if name:
            if engine == "auto":
                _note_graph_answer(store, name)
            result = run_named(store, name, bound, timeout=timeout, engine=engine)
        else:
            if file:
                try:
                    text = file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise InputError(f"cannot read query: {exc}", str(file)) from None
            result = run_sparql(store, text, bound or None, allow_update=allow_update,
                                allow_service=allow_service, timeout=timeout)
    emit(result, fmt)


def _note_graph_answer(store, name: str) -> None:
    """Say so when an on-disk store's named query must be answered from the graph (slower)."""
    from kg.analytics.twins import twin_names

    if store.keeps_tables and name in twin_names() and store.tables() is None:
        click.echo("kg: note: answering from the graph, as the analytics tables are not current "
                   "(kg analytics --rebuild)", err=True)


def emit(result, fmt: str) -> None:
    """Print a query result: rows as a table/CSV/TSV/JSON, a graph as Turtle, a boolean."""
    import rdflib

    from kg.store import serialize_rows

    if result is None:
        click.echo("update done")
        return
    if isinstance(result, bool):
        click.echo("true" if result else "false")
        return
    if isinstance(result, rdflib.Graph):
        sys.stdout.write(result.serialize(format="turtle"))
        return
    if fmt != "table":
        sys.stdout.write(serialize_rows(result, fmt))
        if fmt == "json":
            sys.stdout.write("\n")
        return
    print_table(result)


def print_table(rows, title: str | None = None) -> None:
    """Print rows as a rich table."""
    from rich.console import Console
    from rich.table import Table

    from kg.namespaces import PREFIXES

    namespaces = sorted(((str(ns), prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))

    def cell(value) -> str:
        if value is None:
            return ""
        text = str(value)
        for ns, prefix in namespaces:  # IRIs shown short in a table; CSV and JSON keep them whole
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text

    table = Table(title=title)
    for var in rows.variables:
        table.add_column(var, overflow="fold")
    for row in rows.dicts():
        table.add_row(*(cell(row.get(v)) for v in rows.variables))
    Console(width=None if sys.stdout.isatty() else 160).print(table)
    click.echo(f"{len(rows)} row(s)")


COMMANDS = [list_named, query]
