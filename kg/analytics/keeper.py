"""Keeping a store's analytics tables in step with its writes, and rebuilding them."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from kg.analytics.rows import entity_keys, iter_rows, read_rows
from kg.analytics.sidecar import Sidecar
from kg.analytics.tables import TABLES

__all__ = ["TableKeeper", "rebuild"]

_ENTITY_TABLES = tuple(t for t in TABLES if t.scope == "entity")


class TableKeeper:
    """The analytics tables of one open on-disk store, followed write by write.

    A store made new by this opening starts with empty, current tables. A store whose tables
    are missing or stale is not followed: its reads answer from the graph until a rebuild.
    """

    def __init__(self, folder: str | os.PathLike[str], new_store: bool) -> None:
        self.sidecar = Sidecar(folder)
        self._new = new_store
        self._following: bool | None = None

    def current(self) -> Sidecar | None:
        """The tables, when they may answer for the graph."""
        return self.sidecar if self.sidecar.is_current() else None

    def forget(self) -> None:
        """The graph is changed in a way the tables do not follow: mark them stale for good."""
        self.sidecar.mark_stale()
        self._following = False

    def _follows(self) -> bool:
        if self._following is None:
            try:
                if self._new:
                    self.sidecar.create_empty()
                    self._following = True
                else:
                    self._following = self.sidecar.is_current()
            except Exception:  # the tables are an aid: a failure here must not stop a write
                self._following = False
        return self._following

    @contextmanager
    def writing(self, store: ox.Store, scratch: ox.Store | None, replaced: list[str],
                atomic: bool = True) -> Iterator[None]:
        """Around one write of ``scratch``'s quads into ``store``, replacing ``replaced`` graphs.

        The stale mark is set before the write; after it, the batch's rows go in and the mark
        is removed. A write that fails atomically (nothing written) leaves the tables current;
        a write that fails otherwise, or rows that cannot be written, leave them stale.
        """
        if scratch is None or not self._follows():
            yield
            return
        self.sidecar.mark_stale()
        try:
            batch = read_rows(scratch)
        except Exception:
            self._following = False
            batch = None
        if batch is None:
            yield
            return
        try:
            yield
        except BaseException:
            if atomic:
                self.sidecar.clear_stale()
            else:
                self._following = False
            raise
        try:
            batch.update(read_rows(store, _ENTITY_TABLES, entity_keys(batch)))
            self.sidecar.apply(batch, replaced)
        except Exception:
            self._following = False  # the mark stays: reads answer from the graph
            return
        self.sidecar.clear_stale()


def rebuild(store: ox.Store, folder: str | os.PathLike[str]) -> dict[str, int]:
    """Build the analytics tables of ``store`` anew from its graph, into a new file put in place
    atomically; returns the rows per table. The tables are marked stale while this runs."""
    sidecar = Sidecar(folder)
    sidecar.mark_stale()
    return sidecar.replace_with({t.name: iter_rows(store, t) for t in TABLES})
