"""``kg analytics``: the state of the analytics tables, and rebuilding them from the graph."""
from __future__ import annotations

import click


@click.command("analytics")
@click.option("--rebuild", is_flag=True, help="Build the tables anew from the graph (replaced atomically).")
@click.pass_obj
def analytics(obj, rebuild: bool) -> None:
    """Show whether the store's analytics tables are current; --rebuild makes them so.

    The tables (DuckDB, inside an on-disk store's folder) answer the named queries that have
    an SQL twin; while they are missing or stale, those queries are answered from the graph.
    """
    import time

    from kg.analytics.sidecar import Sidecar
    from kg.errors import StoreError
    from kg.store import default_store_url, parse_store_url

    url = obj.store_url or default_store_url()
    if not parse_store_url(url).on_disk:
        raise StoreError(f"store {url} keeps no analytics tables: only on-disk stores do")
    with obj.open(read_only=not rebuild) as store:
        sidecar = Sidecar(store.path)
        if rebuild:
            started = time.perf_counter()
            counts = store.rebuild_tables()
            seconds = time.perf_counter() - started
            listed = ", ".join(f"{name} {n}" for name, n in counts.items())
            click.echo(f"rebuilt in {seconds:.1f} s: {listed}")
        click.echo(f"analytics tables: {sidecar.status()} ({sidecar.path})")


COMMANDS = [analytics]
