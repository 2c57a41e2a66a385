"""``kg serve``: the store over the SPARQL 1.1 Protocol, with a query page for browsers."""
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
@click.pass_obj
def serve(obj, host: str, port: int, writable: bool, timeout: float | None,
          union_default_graph: bool) -> None:
    """Serve the store over the SPARQL 1.1 Protocol until Ctrl-C.

    Queries at /query (GET or POST), updates at /update with --writable, a query page for
    browsers at /. SERVICE and LOAD, which would make the server fetch from other addresses,
    are refused. Only an on-disk store can be served; see docs/serving.md.
    """
    from kg.ops.serve import ServeOptions, Server, is_loopback, store_location
    from kg.store import default_store_url

    location = store_location(obj.store_url or default_store_url())
    if not is_loopback(host):
        click.echo(f"kg: warning: listening on {host}: other machines can query this store"
                   + (" and change it" if writable else "") + "; there is no authentication",
                   err=True)
    options = ServeOptions(location, host, port, writable, timeout, union_default_graph)
    server = Server(options)
    server.start()

    def stop_on_signal(signum, frame):  # SIGTERM ends the server as Ctrl-C does
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop_on_signal)
    mode = "read-write" if writable else "read-only"
    click.echo(f"serving {location} ({mode}) at {server.url}/  (SPARQL at {server.url}/query"
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
