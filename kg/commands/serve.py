"""``kg serve``: the store over the SPARQL 1.1 Protocol, with the analyst's workbench for browsers."""
from __future__ import annotations

import signal

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback is reachable from other machines.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL updates and Graph Store writes (default: queries only).")
@click.option("--timeout", type=click.FloatRange(min=1), default=None, metavar="SECONDS",
              help="Stop a query that runs longer than this (the server's --timeout-s).")
@click.option("--union-default-graph/--no-union-default-graph", default=True, show_default=True,
              help="Let a query without GRAPH see every graph, as kg query does.")
@click.option("--review", is_flag=True,
              help="Let the workbench save reviews (accept, reject, correct) of events, as revisions "
                   "in their own graph; needs --analyst.")
@click.option("--analyst", metavar="NAME", default=None,
              help="Who the reviews are attributed to (with --review).")
@click.pass_obj
def serve(obj, host: str, port: int, writable: bool, timeout: float | None,
          union_default_graph: bool, review: bool, analyst: str | None) -> None:
    """Serve the store over the SPARQL 1.1 Protocol until Ctrl-C.

    The analyst's workbench (map, timeline, evidence, network) at /, a SPARQL query page
    at /sparql-editor, queries at /query (GET or POST), updates at /update with --writable.
    SERVICE and LOAD, which would make the server fetch from other addresses, are refused.
    Only an on-disk store can be served; see docs/serving.md.
    """
    from kg.ops.serve import ServeOptions, Server, is_loopback, store_location
    from kg.store import default_store_url

    if review and not (analyst or "").strip():
        raise click.UsageError("--review needs --analyst NAME: reviews are attributed to an analyst")
    if analyst and not review:
        raise click.UsageError("--analyst is for --review")
    location = store_location(obj.store_url or default_store_url())
    if not is_loopback(host):
        click.echo(f"kg: warning: listening on {host}: other machines can query this store"
                   + (" and change it" if writable else "")
                   + (" and save reviews" if review else "") + "; there is no authentication",
                   err=True)
    options = ServeOptions(location, host, port, writable, timeout, union_default_graph,
                           review, analyst.strip() if analyst else None)
    server = Server(options)
    server.start()

    def stop_on_signal(signum, frame):  # SIGTERM ends the server as Ctrl-C does
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_signal)
    mode = "read-write" if writable else "read-only"
    if review:
        mode += f", reviews by {options.analyst}"
    click.echo(f"serving {location} ({mode}): workbench at {server.url}/  (SPARQL at {server.url}/query"
               + (f", updates at {server.url}/update" if writable else "") + "); Ctrl-C stops",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)
    click.echo("stopped", err=True)


COMMANDS = [serve]
