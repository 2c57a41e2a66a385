"""The ``kg`` command: thin click commands over the library.

This is the only module that prints or exits. Exit codes: 0 done, 1 the data does not
conform (or the ontology is inconsistent), 2 bad usage or input. Errors are one line on
stderr. Heavy libraries are imported inside the commands that need them, so ``kg --help``
stays fast.
"""
from __future__ import annotations

import os
import sys

import click

from kg.errors import KGError

STORE_HELP = "Store to use: a folder, oxigraph:PATH, memory: or sparql+http://HOST:PORT/PATH " \
             "(default: $KG_STORE, else oxigraph:./kg-store)."


class Context:
    """Options shared by every command."""

    def __init__(self, store_url: str | None) -> None:
        self.store_url = store_url

    def open(self, read_only: bool = False):
        from kg.store import default_store_url, open_store

        return open_store(self.store_url or default_store_url(), read_only=read_only)


class KGGroup(click.Group):
    """Maps library errors and usage errors to one line on stderr and an exit code, never a
    traceback nor click's three-line usage block."""

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            _usage_fail(exc)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            _usage_fail(exc)
        except KGError as exc:
            _fail(str(exc), exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            _fail("interrupted; nothing was written by the unfinished step", 130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
            if os.environ.get("KG_DEBUG"):
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for details)", 2)


def _usage_fail(exc: click.UsageError) -> None:
    where = exc.ctx.command_path if exc.ctx is not None else "kg"
    message = exc.format_message().rstrip(".")
    _fail(f"{message[:1].lower()}{message[1:]} (see '{where} --help')", exc.exit_code)


def _fail(message: str, code: int) -> None:
    lines = message.splitlines() or [""]
    click.echo(f"kg: error: {lines[0]}", err=True)
    for line in lines[1:]:
        click.echo(f"  {line}", err=True)
    sys.exit(code)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_url", metavar="URL", default=None, help=STORE_HELP)
@click.version_option(package_name="conflict-kg", prog_name="kg")
@click.pass_context
def main(ctx: click.Context, store_url: str | None) -> None:
    """Turn war reporting into a validated knowledge graph, and query it."""
    ctx.obj = Context(store_url)


def _register() -> None:
    from kg.commands import register_all

    register_all(main)


_register()
