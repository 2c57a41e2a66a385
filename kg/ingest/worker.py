"""Chunks prepared in a worker process, so that a bulk ingest uses two cores.

The worker reads, maps and validates chunk after chunk (:func:`kg.ingest.chunks.prepare_chunks`)
and sends each down a pipe; the main process writes the chunk it has while the worker
prepares the next; it also writes the chunk's analytics-table rows when asked, as it holds
the chunk in an in-memory store already. A pipe holds little, so the worker is at most one
chunk ahead: memory stays that of two chunks. The worker is started with ``spawn``: it shares nothing with the
main process (no open store, no threads of pyoxigraph).
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from kg.ingest.chunks import Prepared, prepare_chunks

__all__ = ["prepared_in_worker"]


def _work(conn, path: str, chunk_size: int, skip_invalid: bool, validate: bool,
          tables_dir: str | None) -> None:
    try:
        for chunk in prepare_chunks(path, chunk_size, skip_invalid=skip_invalid,
                                    validate=validate, tables_dir=tables_dir):
            conn.send(chunk)
        conn.send(None)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which raises
        try:
            conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        except OSError:
            pass  # the main process has gone (interrupted): nobody to tell
    finally:
        conn.close()


def prepared_in_worker(path: str | os.PathLike[str], chunk_size: int, *, skip_invalid: bool,
                       validate: bool, tables_dir: str | None = None) -> Iterator[Prepared]:
    """The chunks of :func:`kg.ingest.chunks.prepare_chunks`, prepared in a worker process.

    Closing the iterator early (the caller failed to write a chunk) stops the worker.

    Raises:
        RuntimeError: the worker failed or died without an answer.
    """
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    worker = ctx.Process(target=_work, args=(send, str(path), chunk_size, skip_invalid, validate,
                                             tables_dir),
                         name="kg-bulk-prepare", daemon=True)
    worker.start()
    send.close()
    try:
        while True:
            try:
                item = receive.recv()
            except EOFError:
                worker.join()
                raise RuntimeError(f"the process preparing chunks stopped "
                                   f"(exit code {worker.exitcode})") from None
            if item is None:
                return
            if isinstance(item, tuple):
                raise RuntimeError(f"preparing chunks failed: {item[1]}")
            yield item
    finally:
        receive.close()
        if worker.is_alive():
            worker.terminate()
        worker.join()
