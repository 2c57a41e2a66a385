"""``kg backup``, ``kg restore`` and ``kg dump``: copies of the store and getting them back."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("dest", type=click.Path(path_type=Path))
@click.pass_obj
def backup(obj, dest: Path) -> None:
    """Take an online backup of the on-disk store into the new folder DEST.

    The store is opened read-only, so a backup can run beside an ingest or a server; it holds
    one consistent snapshot. Restore it with `kg restore DEST`.
    """
    from kg.ops.backup import backup_url
    from kg.store import default_store_url

    _, count = backup_url(obj.store_url or default_store_url(), dest)
    click.echo(f"backed up {count} quads to {dest}", err=True)


@click.command()
@click.argument("src", type=click.Path(path_type=Path))
@click.option("--from-dump", is_flag=True, help="SRC is an N-Quads dump (`kg dump`), not a backup folder.")
@click.option("--force", is_flag=True, help="Replace a store that is not empty.")
@click.pass_obj
def restore(obj, src: Path, from_dump: bool, force: bool) -> None:
    """Restore the on-disk store from a backup folder (or an N-Quads dump with --from-dump).

    The store is built in a temporary folder beside the target and renamed into place when
    complete; a store that holds data is only replaced with --force.
    """
    from kg.ops.backup import restore_store
    from kg.store import default_store_url

    result = restore_store(src, obj.store_url or default_store_url(), from_dump=from_dump, force=force)
    verb = "replaced" if result.replaced else "restored"
    click.echo(f"{verb} {result.path}: {result.quads} quads from {src}", err=True)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (default: standard output).")
@click.pass_obj
def dump(obj, output: Path | None) -> None:
    """Dump every graph of the store as N-Quads (restore with `kg restore --from-dump`)."""
    from kg.ops.backup import dump_store

    with obj.open(read_only=True) as store:
        if output is None:
            store.dump("nquads", sys.stdout.buffer)
            return
        count = dump_store(store, output)
    click.echo(f"dumped {count} quads to {output}", err=True)


COMMANDS = [backup, restore, dump]
