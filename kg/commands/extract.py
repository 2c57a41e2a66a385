"""``kg extract``: the events of a page, as the JSON of docs/records.md or a table."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--date", "published", metavar="YYYY-MM-DD",
              help="Publication date of the page; default: a date in the file name.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A readable table, or the records JSON document.")
def extract(file: Path, published: str | None, fmt: str) -> None:
    """Extract the events of a live-blog page without storing them."""
    from kg.errors import InputError
    from kg.ingest.pipeline import SourceSpec, load_document
    from kg.records import document_to_dict

    if not file.is_file():
        raise InputError("no such file", str(file))
    doc = load_document(SourceSpec(file, published), kind="liveblog")
    if fmt == "json":
        click.echo(json.dumps(document_to_dict(doc), ensure_ascii=False, indent=2))
        return
    _print_table(doc)


def _print_table(doc) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{doc.source} ({doc.published or 'no date'})", show_lines=True)
    for col in ("update", "type", "date", "places", "actors", "equipment", "killed", "injured",
                "evidence"):
        table.add_column(col, overflow="fold")
    for u in doc.updates:
        for e in u.events:
            table.add_row(
                u.heading, e.type, e.date or "",
                ", ".join(x.name for x in e.locations),
                ", ".join(f"{a.name} ({a.role})" if a.role else a.name for a in e.actors),
                ", ".join(f"{q.quantity} {q.name}" if q.quantity else q.name for q in e.equipment),
                _num(e.killed, e.killed_at_least), _num(e.injured, e.injured_at_least),
                _short(e.evidence.text if e.evidence else ""),
            )
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: int | None, at_least: bool) -> str:
    if value is None:
        return ""
    return f"≥{value}" if at_least else str(value)


COMMANDS = [extract]
