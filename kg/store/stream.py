"""A binary file object over pieces of bytes, for one bulk load fed piece by piece.

pyoxigraph's ``Store.bulk_load`` reads a file object with ``read(size)``. :class:`PieceReader`
hands it the pieces an iterator yields, one after another, without joining them (a million
events are several gigabytes of N-Quads).

The iterator may end the stream early in two ways:

- an exception of one of the ``stops`` classes (for the bulk ingest: a chunk that breaks a
  shape, a malformed row) ends the stream where it is, between two pieces: the loader takes
  the pieces read so far, and the exception is kept in :attr:`PieceReader.stopped` for the
  caller to raise once the load is done;
- any other exception (a worker that died, an interrupt) is raised from ``read``, so the
  loader fails and writes nothing.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

__all__ = ["PieceReader"]


class PieceReader(io.RawIOBase):
    """Read the concatenation of ``pieces``.

    Attributes:
        stopped: the exception (of ``stops``) that ended the stream early, else ``None``.
        failed: the exception raised from :meth:`read`, else ``None``.
    """

    def __init__(self, pieces: Iterable[bytes], stops: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__()
        self._pieces = iter(pieces)
        self._current = io.BytesIO(b"")
        self._stops = stops
        self._ended = False
        self.stopped: BaseException | None = None
        self.failed: BaseException | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        while True:
            out = self._current.read(size)
            if out or self._ended:
                return out
            try:
                piece = next(self._pieces)
            except StopIteration:
                self._ended = True
                return b""
            except self._stops as exc:
                self._ended = True
                self.stopped = exc
                return b""
            except BaseException as exc:
                self._ended = True
                self.failed = exc
                raise
            self._current = io.BytesIO(piece)

    def readinto(self, buffer) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
