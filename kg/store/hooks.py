"""Write hooks: what an on-disk store tells the things kept beside it of its writes.

The store knows nothing of what a hook keeps (the analytics tables, :mod:`kg.analytics`, are
one). A hook is made per opening by a factory ``(folder, new_store) -> StoreHook``, found in
the ``kg.store_hooks`` entry point group and loaded when the first on-disk store opens; a
factory that cannot be loaded is a :class:`~kg.errors.StoreError`, since writes it missed
would leave what it keeps silently out of step.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["HOOK_GROUP", "HookFactory", "StoreHook", "StoreHooks", "installed_hooks"]

HOOK_GROUP = "kg.store_hooks"
"""The entry point group naming hook factories."""

RowTaker = Callable[[dict[str, str]], None]


class StoreHook(Protocol):
    """What an on-disk store calls as it writes.

    ``store`` is the store's pyoxigraph store; ``rows`` are a write's rows written ahead by the
    caller into the folder :meth:`batch` yielded, in place of reading them from ``scratch``.
    """

    seconds: float
    """Time spent keeping up with the writes (for the benchmarks)."""

    def writing(self, store: ox.Store, scratch: ox.Store | None, replaced: list[str],
                rows: dict[str, str] | None = None) -> AbstractContextManager[None]:
        """Around one all-or-nothing write of ``scratch``'s quads, replacing the ``replaced`` graphs."""
        ...

    def batch(self, store: ox.Store, flush_every: int = 10) -> AbstractContextManager[str | None]:
        """Around many writes (a bulk ingest); yields a folder for rows written ahead, or ``None``."""
        ...

    def streaming(self, store: ox.Store) -> AbstractContextManager[RowTaker | None]:
        """Around one streaming load; yields a function taking each chunk's rows, or ``None``."""
        ...

    def forget(self) -> None:
        """The graph changed in a way the hook cannot follow (a SPARQL update)."""
        ...

    def rebuild(self, store: ox.Store) -> dict[str, int]:
        """Build what the hook keeps anew from the whole graph; returns counts by name."""
        ...

    def current(self) -> Any | None:
        """What the hook keeps, when it is in step with the graph (``Store.tables()``), else ``None``."""
        ...


HookFactory = Callable[[Path, bool], StoreHook]
"""Makes the hook of one opening: ``(store folder, whether this opening made the store)``."""

_installed: list[HookFactory] | None = None


def installed_hooks() -> list[HookFactory]:
    """The hook factories of the ``kg.store_hooks`` entry points, by name, loaded once.

    Raises:
        StoreError: an entry point cannot be loaded.
    """
    global _installed
    if _installed is None:
        found = []
        for point in sorted(entry_points(group=HOOK_GROUP), key=lambda p: p.name):
            try:
                found.append(point.load())
            except Exception as exc:  # noqa: BLE001 - any failure of a plugin's import
                raise StoreError(f"the store hook {point.name!r} ({point.value}) cannot be loaded: "
                                 f"{exc}") from exc
        _installed = found
    return _installed


class StoreHooks:
    """The hooks of one open store, called together (in entry point order)."""

    def __init__(self, hooks: list[StoreHook]) -> None:
        self.hooks = hooks

    def __bool__(self) -> bool:
        return bool(self.hooks)

    @property
    def seconds(self) -> float:
        return sum(hook.seconds for hook in self.hooks)

    @contextmanager
    def writing(self, store: ox.Store, scratch: ox.Store | None, replaced: list[str],
                rows: dict[str, str] | None = None) -> Iterator[None]:
        with ExitStack() as stack:
            for hook in self.hooks:
                stack.enter_context(hook.writing(store, scratch, replaced, rows))
            yield

    @contextmanager
    def batch(self, store: ox.Store, flush_every: int = 10) -> Iterator[str | None]:
        """Yields the first folder a hook gives for rows written ahead."""
        with ExitStack() as stack:
            folders = [stack.enter_context(hook.batch(store, flush_every)) for hook in self.hooks]
            yield next((f for f in folders if f is not None), None)

    @contextmanager
    def streaming(self, store: ox.Store) -> Iterator[RowTaker | None]:
        with ExitStack() as stack:
            takers = [t for hook in self.hooks
                      if (t := stack.enter_context(hook.streaming(store))) is not None]
            if not takers:
                yield None
                return

            def take(rows: dict[str, str]) -> None:
                for taker in takers:
                    taker(rows)

            yield take

    def forget(self) -> None:
        for hook in self.hooks:
            hook.forget()

    def rebuild(self, store: ox.Store) -> dict[str, int]:
        counts: dict[str, int] = {}
        for hook in self.hooks:
            counts.update(hook.rebuild(store))
        return counts

    def current(self) -> Any | None:
        return next((kept for hook in self.hooks if (kept := hook.current()) is not None), None)
