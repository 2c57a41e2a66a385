"""The CLI's commands, one module per concern; with ``kg.cli`` the only code that prints."""
from __future__ import annotations

import click


def register_all(group: click.Group) -> None:
    """Add every command to the ``kg`` group."""
    from kg.commands import (
        analytics,
        backup,
        events,
        extract,
        ingest,
        network,
        query,
        reason,
        serve,
        store_data,
    )

    for module in (ingest, extract, query, analytics, store_data, backup, reason, network, serve, events):
        for command in module.COMMANDS:
            group.add_command(command)
