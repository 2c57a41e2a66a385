"""A bulk ingest into an empty on-disk store: every chunk in one streaming bulk load."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from paths import TESTS

import kg.ingest.bulk
from kg.analytics.sidecar import Sidecar
from kg.errors import NonConformingError
from kg.ingest.bulk import bulk_ingest
from kg.store import open_store
from kg.store.stream import PieceReader

FIXTURES = TESTS / "fixtures"
REALISTIC = FIXTURES / "acled" / "realistic.csv"


class _Loads:
    """A pyoxigraph store that counts its write calls."""

    def __init__(self, store: ox.Store) -> None:
        self.real = store
        self.calls: list[str] = []

    def __getattr__(self, name: str):
        if name in ("load", "bulk_load", "extend", "update"):
            self.calls.append(name)
        return getattr(self.real, name)

    def __len__(self) -> int:
        return len(self.real)



def test_the_reader_gives_the_pieces_in_order_whatever_the_read_size() -> None:
    pieces = [b"abc", b"", b"defgh", b"i"]
    for size in (1, 2, 4, 100, -1):
        reader = PieceReader(pieces)
        out = b""
        while chunk := reader.read(size):
            assert size < 0 or len(chunk) <= size
            out += chunk
        assert out == b"abcdefghi" and reader.read(size) == b""
    buffer = bytearray(4)
    reader = PieceReader(pieces)
    assert reader.readinto(buffer) == 3 and bytes(buffer[:3]) == b"abc"


def test_the_reader_ends_at_a_stop_and_raises_anything_else() -> None:
    def stopping():
        yield b"one\n"
        raise NonConformingError("chunk 2 does not conform")

    reader = PieceReader(stopping(), stops=(NonConformingError,))
    assert reader.read(-1) == b"one\n" and reader.read(-1) == b""
    assert isinstance(reader.stopped, NonConformingError) and reader.failed is None

    def failing():
        yield b"one\n"
        raise RuntimeError("the worker died")

    reader = PieceReader(failing(), stops=(NonConformingError,))
    assert reader.read(-1) == b"one\n"
    with pytest.raises(RuntimeError, match="died"):
        reader.read(-1)
    assert isinstance(reader.failed, RuntimeError) and reader.read(-1) == b""


@pytest.mark.parametrize("parallel", [False, True])
def test_an_empty_store_takes_the_whole_file_in_one_bulk_load(tmp_path: Path, parallel: bool) -> None:
    with open_store("memory:") as memory:
        expected = bulk_ingest(memory, REALISTIC, chunk_size=7)
        quads = set(memory.native)
    folder = tmp_path / "s"
    with open_store(f"oxigraph:{folder}") as store:
        store._store = _Loads(store._store)  # type: ignore[attr-defined]
        result = bulk_ingest(store, REALISTIC, chunk_size=7, parallel=parallel)
        assert store._store.calls == ["bulk_load"]  # type: ignore[attr-defined]
        store._store = store._store.real  # type: ignore[attr-defined]
        assert set(store.native) == quads
        assert (result.chunks, result.events, result.quads) == (expected.chunks, expected.events,
                                                                expected.quads) == (5, 30, result.quads)
        assert result.seconds["write"] > 0
    assert Sidecar(folder).status() == "current"
    with Sidecar(folder).connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 30


@pytest.mark.parametrize("parallel", [False, True])
def test_a_bad_chunk_ends_the_load_after_the_chunks_before_it(tmp_path: Path, parallel: bool,
                                                              bad_acled: Path) -> None:
    bad = bad_acled
    with open_store("memory:") as memory:
        with pytest.raises(NonConformingError):
            bulk_ingest(memory, bad, chunk_size=10)
        written = set(memory.native)
    folder = tmp_path / "s"
    with open_store(f"oxigraph:{folder}") as store:
        with pytest.raises(NonConformingError, match="chunk 4 .*3 earlier chunk"):
            bulk_ingest(store, bad, chunk_size=10, parallel=parallel)
        assert written and set(store.native) == written
    assert Sidecar(folder).status() == "current"
    with Sidecar(folder).connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 30


def test_a_failure_while_preparing_leaves_the_empty_store_empty(tmp_path: Path, monkeypatch) -> None:
    real = kg.ingest.chunks.prepare_chunks

    def two_then_fail(*args, **kwargs):
        chunks = real(*args, **kwargs)
        yield next(chunks)
        yield next(chunks)
        raise RuntimeError("the process preparing chunks stopped")

    monkeypatch.setattr(kg.ingest.bulk, "prepare_chunks", two_then_fail)
    folder = tmp_path / "s"
    with open_store(f"oxigraph:{folder}") as store:
        with pytest.raises(RuntimeError, match="preparing chunks stopped"):
            bulk_ingest(store, REALISTIC, chunk_size=7, parallel=False)
        assert store.triple_count() == 0
    with open_store(f"oxigraph:{folder}", read_only=True) as store:
        assert store.triple_count() == 0 and store.tables() is None

