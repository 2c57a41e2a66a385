"""``kg events``: the reports of one occasion, why they were merged, and an analyst's undo and merge."""
from __future__ import annotations

import click

from kg.errors import InputError


def _iri(value: str) -> str:
    from kg.query.named import expand_iri

    try:
        return expand_iri(value).value
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _figure(account, name: str) -> str:
    value = getattr(account, name)
    return "" if value is None else str(value)


@click.group("events")
def events() -> None:
    """See which reports tell one event (an occasion), split one off, or merge two by hand.

    EVENT and ACCOUNT are event IRIs, absolute or as id:event/<hash> (as `kg query` shows them).
    """


@events.command("same")
@click.argument("event")
@click.pass_obj
def same(obj, event: str) -> None:
    """The reports that tell the same occasion as EVENT, the figures of each, and why they were merged."""
    from kg.ingest.occasions import occasion_of
    from kg.namespaces import compact

    iri = _iri(event)
    with obj.open(read_only=True) as store:
        occasion = occasion_of(store, iri)
    if occasion is None:
        click.echo(f"{compact(iri)}: no other report tells this event")
        return
    lead = occasion.lead
    click.echo(f"{compact(occasion.iri)}: {len(occasion.accounts)} reports; figures of "
               f"{compact(lead.iri)} (the latest report giving one)")
    click.echo("account                     date        type            killed  injured  report time")
    for a in sorted(occasion.accounts, key=lambda x: (x.time, x.iri)):
        mark = "*" if a.iri == lead.iri else " "
        day = str(a.date or "")
        click.echo(f"{mark}{compact(a.iri):<27} {day:<11} {a.type:<15} {_figure(a, 'killed'):>6}  "
                   f"{_figure(a, 'injured'):>7}  {a.time}")
    for m in occasion.matches:
        who = f", decided by {compact(m.analyst)}" if m.analyst else ""
        click.echo(f"{compact(m.account)} joined {compact(m.other)}: {m.rule} (score {m.score:.2f}{who})")


@events.command("split")
@click.argument("account")
@click.option("--analyst", required=True, help="Who decides (recorded with the decision).")
@click.pass_obj
def split(obj, account: str, analyst: str) -> None:
    """Make ACCOUNT its own event again: recorded as the analyst's decision, so that matching
    does not merge it again; no report is changed."""
    from kg.ingest.occasions import decide, occasion_of
    from kg.namespaces import compact

    iri = _iri(account)
    with obj.open() as store:
        occasion = occasion_of(store, iri)
        if occasion is None:
            raise InputError(f"{compact(iri)} is its own event already: nothing to split")
        for other in occasion.accounts:
            if other.iri != iri:
                decide(store, iri, other.iri, same=False, analyst=analyst)
    click.echo(f"{compact(iri)} is its own event; the decision is kept for later ingests")


@events.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--analyst", required=True, help="Who decides (recorded with the decision).")
@click.pass_obj
def merge(obj, first: str, second: str, analyst: str) -> None:
    """Make FIRST and SECOND one event (their occasions one), as the analyst's decision."""
    from kg.ingest.occasions import decide
    from kg.namespaces import compact

    a, b = _iri(first), _iri(second)
    with obj.open() as store:
        decide(store, a, b, same=True, analyst=analyst)
    click.echo(f"{compact(a)} and {compact(b)} are one event; the decision is kept for later ingests")


COMMANDS = [events]
