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
    """One line per event, fitted to the terminal: type, date and figures whole, places, actors
    and weapons cut with an ellipsis; everything, with the words each event came from, is in
    ``--format json``."""
    import shutil

    rows = [
        (e.type, e.date or "", _num(e.killed, e.killed_at_least), _num(e.injured, e.injured_at_least),
         ", ".join(x.name for x in e.locations), ", ".join(a.name for a in e.actors),
         ", ".join(f"{q.quantity} {q.name}" if q.quantity else q.name for q in e.equipment))
        for u in doc.updates for e in u.events
    ]
    names = ("type", "date", "killed", "injured", "places", "actors", "weapons")
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    width = shutil.get_terminal_size((120, 24)).columns if sys.stdout.isatty() else 120
    fixed = sum(widths[:4]) + 2 * (len(names) - 1)
    free = max(width - fixed, 3 * 8)
    for i in (4, 5, 6):  # share what is left, a narrow column giving its spare room to the others
        widths[i] = min(widths[i], max(8, free // (7 - i)))
        free -= widths[i]
    click.echo(f"{doc.source} ({doc.published or 'no date'}): {len(rows)} events")
    click.echo(_line(names, widths))
    click.echo(_line(["─" * w for w in widths], widths))
    for row in rows:
        click.echo(_line(row, widths))


def _line(cells, widths: list[int]) -> str:
    out = []
    for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
        cell = cell if len(cell) <= w else cell[: w - 1] + "…"
        out.append(cell.rjust(w) if i in (2, 3) else cell.ljust(w))
    return "  ".join(out).rstrip()


def _num(value: int | None, at_least: bool) -> str:
    if value is None:
        return ""
    return f"≥{value}" if at_least else str(value)


COMMANDS = [extract]
