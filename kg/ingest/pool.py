"""Chunks prepared by a pool of processes: one reads and maps, others validate.

Of the worker's stages (:mod:`kg.ingest.worker`) reading and mapping must run in order, as a
chunk's page positions, heading counts and shared-node values depend on the chunks before
it; validating a mapped chunk and writing its analytics-table rows depend on nothing else
(:func:`kg.ingest.chunks.check_chunk`), and take most of the time. So one process reads and
maps (:func:`kg.ingest.chunks.mapped_chunks`) into a queue, ``checkers`` processes (one by
default) take chunks from it and validate them, and the main process puts their answers back in order.

Rows that break a shape are not skipped here (that maps a chunk again, which only the mapping
process could do, in order): :mod:`kg.ingest.bulk` uses the single worker for ``skip_invalid``.

Queues hold at most a few chunks, so memory stays that of a few chunks whatever the file's
size. The processes are started with ``spawn``: they share nothing with the main process.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Iterator
from pathlib import Path

from kg.ingest.chunks import Prepared, check_chunk, mapped_chunks

__all__ = ["CHECKERS", "prepared_in_pool"]

CHECKERS = 1
"""Processes validating chunks beside the one reading and mapping them. On two cores one is
enough at a million events, where the writing process is the bottleneck; a second one saves
about 5% of the time at 100k events and costs about 600 MB."""

_QUEUED = 1
"""Chunks waiting in each queue at most, per process taking from it."""


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fail(out, exc: BaseException) -> None:
    try:
        out.put(("failed", f"{type(exc).__name__}: {exc}"))
    except (OSError, ValueError):
        pass  # the main process has gone (interrupted): nobody to tell


def _map(tasks, results, path: str, chunk_size: int, checkers: int) -> None:
    try:
        for mapped in mapped_chunks(path, chunk_size):
            tasks.put(mapped)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which raises
        _fail(results, exc)
    finally:
        for _ in range(checkers):
            tasks.put(None)
    results.put(("peak", _peak_mb()))
    results.put(None)


def _check(tasks, results, path: str, validate: bool, tables_dir: str | None) -> None:
    from kg.validation.compiled import compiled_shapes

    try:
        shapes = compiled_shapes() if validate else None
        while (mapped := tasks.get()) is not None:
            chunk = check_chunk(mapped, shapes, Path(path), tables_dir)
            chunk.store = None  # it is not sent: free it before the next chunk is taken
            results.put((mapped.number, chunk))
            del mapped, chunk
        results.put(("peak", _peak_mb()))
        results.put(None)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which raises
        _fail(results, exc)


def prepared_in_pool(path: str | os.PathLike[str], chunk_size: int, *, validate: bool,
                     tables_dir: str | None = None, checkers: int = CHECKERS,
                     peaks: list[float] | None = None) -> Iterator[Prepared]:
    """The chunks of :func:`kg.ingest.chunks.prepare_chunks` (without ``skip_invalid``), in order,
    prepared by a pool of processes. A chunk carrying an error is the last. ``peaks`` is given
    each process's peak memory (MB) as it ends.

    Closing the iterator early (the caller failed to write a chunk) stops the processes.

    Raises:
        RuntimeError: a process failed or died without an answer.
    """
    ctx = multiprocessing.get_context("spawn")
    tasks = ctx.Queue(_QUEUED)
    results = ctx.Queue(_QUEUED * checkers)
    processes = [ctx.Process(target=_map, args=(tasks, results, str(path), chunk_size, checkers),
                             name="kg-bulk-map", daemon=True)]
    processes += [ctx.Process(target=_check, args=(tasks, results, str(path), validate, tables_dir),
                              name=f"kg-bulk-check-{i}", daemon=True) for i in range(checkers)]
    for process in processes:
        process.start()
    waiting: dict[int, Prepared] = {}
    done = following = 0
    try:
        while True:
            while following in waiting:
                chunk = waiting.pop(following)
                following += 1
                yield chunk
                if chunk.error is not None:
                    return
            if done == checkers + 1:  # each checker and the mapper end with None
                if waiting:
                    raise RuntimeError(f"preparing chunks failed: chunk {following + 1} was lost")
                return
            item = _next(results, processes)
            if item is None:
                done += 1
            elif item[0] == "failed":
                raise RuntimeError(f"preparing chunks failed: {item[1]}")
            elif item[0] == "peak":
                if peaks is not None:
                    peaks.append(item[1])
            else:
                waiting[item[0]] = item[1]
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()
        for q in (tasks, results):
            q.cancel_join_thread()
            q.close()


def _next(results, processes: list) -> object:
    """The next answer; raises when a process died without one."""
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty:
            dead = [p for p in processes if p.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"the process preparing chunks stopped "
                                   f"({dead[0].name}, exit code {dead[0].exitcode})") from None
