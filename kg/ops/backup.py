"""Backups of the embedded store: online backups, N-Quads dumps, and restoring either.

- :func:`backup_store` takes an online backup with ``pyoxigraph.Store.backup``. It works on a
  store opened read-only, so it runs beside a writer (an ingest, ``oxigraph serve``) and copies
  one consistent snapshot. On the same file system RocksDB hard-links the immutable table
  files, so a backup is cheap. The backup is written to a hidden temporary folder beside the
  destination and renamed into place when complete: a destination folder either holds a whole
  backup or does not exist.
- :func:`dump_store` writes every graph (default graph included) as N-Quads, the portable
  form (any SPARQL store loads it), to a temporary file renamed into place when complete.
- :func:`restore_store` rebuilds an on-disk store from a backup folder or an N-Quads dump. It
  never writes into the live folder: the new store is built in a temporary folder beside it,
  checked (opened, counted), and renamed into place; an existing store is only replaced with
  ``force`` and is moved aside first, so a failed restore leaves the old store where it was.

Only on-disk Oxigraph stores (``oxigraph:PATH`` or a bare path) can be backed up by folder or
restored; a dump works from any backend.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.atomic import written_whole
from kg.errors import InputError, StoreError, StoreLockedError
from kg.store import Store, open_store, parse_store_url

__all__ = ["RestoreResult", "backup_store", "backup_url", "dump_store", "restore_store", "store_folder"]

RETRIES = 5
"""Attempts at a backup beside a writer (see :func:`backup_url`)."""


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the store is, how many quads it holds, what it replaced."""

    path: Path
    quads: int
    replaced: bool


def store_folder(url: str) -> Path:
    """The folder of an on-disk Oxigraph store URL (``oxigraph:PATH`` or a bare path).

    Raises:
        StoreError: the URL names another backend (``memory:``, ``sparql+http://...``).
    """
    folder = parse_store_url(url).folder
    if folder is None:
        raise StoreError(f"{url}: backups and restores need an on-disk store (oxigraph:PATH)")
    return folder


def _temp_beside(target: Path, what: str) -> Path:
    """A new empty hidden folder in the target's folder (same file system: rename is atomic)."""
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{target.name}.{what}-", dir=parent))
    except OSError as exc:
        raise StoreError(f"cannot write in {parent}: {exc.strerror or exc}") from exc


def _raw(store: Store):
    """The pyoxigraph store behind an on-disk embedded store."""
    if not store.embedded or store.path is None:
        raise StoreError(f"{store.url}: backups need an on-disk store (oxigraph:PATH)")
    return store.native


def backup_store(store: Store, dest: str | os.PathLike[str]) -> Path:
    """Take an online backup of an on-disk store into a new folder ``dest``.

    Args:
        store: an open on-disk Oxigraph store (read-only is enough, and works beside a writer).
        dest: the backup folder; it must not exist yet.

    Returns:
        The backup folder.

    Raises:
        StoreError: not an on-disk store, ``dest`` exists, or the backup cannot be written
            (nothing is left at ``dest`` then).
    """
    raw = _raw(store)
    target = Path(dest)
    if target.exists() or target.is_symlink():
        raise StoreError(f"{target} already exists; give a new folder for the backup")
    scratch = _temp_beside(target, "backup")
    inner = scratch / "store"
    try:
        raw.backup(str(inner))
        inner.rename(target)
    except OSError as exc:
        raise StoreError(f"cannot write the backup to {target}: {exc}; no backup was made") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def backup_url(url: str, dest: str | os.PathLike[str], attempts: int = RETRIES) -> tuple[Path, int]:
    """Back up the on-disk store at ``url`` into the new folder ``dest``, beside any writer.

    A read-only open races with a writer's background compaction: the table files its
    manifest lists can be deleted before they are opened or linked (pyoxigraph then raises
    ``RuntimeError: Corruption: ... No such file``). The open and the backup are therefore
    tried again, a few times, a little later.

    Returns:
        The backup folder and the number of quads it holds.

    Raises:
        StoreError: not an on-disk store, ``dest`` exists, or every attempt failed.
    """
    import time

    store_folder(url)
    target = Path(dest)
    if target.exists() or target.is_symlink():
        raise StoreError(f"{target} already exists; give a new folder for the backup")
    last: Exception | None = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(0.1 * 2 ** attempt)
        try:
            with open_store(url, read_only=True) as store:
                quads = store.triple_count()
                return backup_store(store, target), quads
        except (StoreError, RuntimeError) as exc:
            if target.exists():
                raise
            last = exc
            transient = "No such file" in str(exc) or "Corruption" in str(exc)
            if isinstance(exc, StoreError) and not transient:
                raise
    raise StoreError(f"cannot back up {url}: {last}; no backup was made")


def dump_store(store: Store, out: str | os.PathLike[str]) -> int:
    """Write every graph of the store as N-Quads to the file ``out`` (replaced when complete).

    A symbolic link at ``out`` is replaced by the file, never followed.

    Returns:
        The number of quads written.

    Raises:
        StoreError: the store cannot be read or the file written (``out`` is then untouched).
    """
    target = Path(out)
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give a file name for the dump")
    try:
        with written_whole(target, durable=True) as handle:
            count = store.triple_count()
            store.dump("nquads", handle)
    except OSError as exc:
        raise StoreError(f"cannot write the dump {target}: {exc.strerror or exc}; "
                         "nothing was written") from exc
    return count


def _is_empty_store(folder: Path) -> bool:
    """True when the folder does not exist, is empty, or holds a store without quads."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a store folder")
    if not any(folder.iterdir()):
        return True
    if not (folder / "CURRENT").is_file():
        raise StoreError(f"{folder} is not empty and holds no store; refusing to touch it")
    with open_store(f"oxigraph:{folder}") as current:  # also fails when another process writes it
        return current.triple_count() == 0


def _load_backup(src: Path, scratch: Path) -> Path:
    import pyoxigraph as ox

    if not (src / "CURRENT").is_file():
        raise InputError("not a store backup (no CURRENT file); use --from-dump for N-Quads", str(src))
    inner = scratch / "store"
    try:
        shutil.copytree(src, inner)
        # a read-write open replays the backup's log; the copy then stands on its own
        store = ox.Store(str(inner))
        store.flush()
        del store
    except OSError as exc:
        raise StoreError(f"cannot restore from {src}: {exc}") from exc
    return inner


def _load_dump(src: Path, scratch: Path) -> Path:
    import pyoxigraph as ox

    if not src.is_file():
        raise InputError("no such dump file", str(src))
    inner = scratch / "store"
    try:
        store = ox.Store(str(inner))
        store.bulk_load(path=str(src), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
    except SyntaxError as exc:
        raise InputError(f"not valid N-Quads: {exc}", str(src)) from None
    except OSError as exc:
        raise StoreError(f"cannot restore from {src}: {exc}") from exc
    return inner


def _build_tables(folder: Path) -> None:
    """Give the restored store its tables (its write hooks rebuild from its graph); should
    that fail, the tables are left marked stale and queries answer from the graph."""
    from kg.store.oxigraph import OxigraphStore

    try:
        with OxigraphStore(folder) as store:
            if store.keeps_tables:
                store.rebuild_tables()
    except Exception:  # noqa: BLE001 - the tables are an aid; the restore stands without them
        pass


def _count(folder: Path) -> int:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(folder))
        n = len(store)
        del store
        return n
    except OSError as exc:
        raise StoreError(f"the restored store at {folder} cannot be read: {exc}") from exc


def restore_store(src: str | os.PathLike[str], store_url: str, *, from_dump: bool = False,
                  force: bool = False) -> RestoreResult:
    """Restore an on-disk store from a backup folder (or an N-Quads dump with ``from_dump``).

    Args:
        src: a folder written by :func:`backup_store`, or an N-Quads file.
        store_url: the store to restore (``oxigraph:PATH`` or a bare path).
        from_dump: ``src`` is an N-Quads dump.
        force: replace a store that holds quads.

    Returns:
        Where the store is and how many quads it holds.

    Raises:
        StoreError: the target holds data and ``force`` was not given, it is in use by
            another process, or the restore failed (the target is then as it was).
        InputError: ``src`` is not a backup or not valid N-Quads.
    """
    source = Path(src)
    target = store_folder(store_url)
    if not source.exists():
        raise InputError("no such backup or dump", str(source))
    if target.resolve() == source.resolve():
        raise StoreError(f"{target} is the backup itself; restore into another folder")
    try:
        empty = _is_empty_store(target)
    except StoreLockedError:
        raise StoreLockedError(f"store {target} is in use by another process; stop it first") from None
    if not empty and not force:
        raise StoreError(f"store {target} is not empty; give --force to replace it")
    scratch = _temp_beside(target, "restore")
    old: Path | None = None
    try:
        built = _load_dump(source, scratch) if from_dump else _load_backup(source, scratch)
        quads = _count(built)
        _build_tables(built)
        if target.exists():
            old = scratch / "old"
            target.rename(old)
        try:
            built.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
                old = None
            raise
    except OSError as exc:
        raise StoreError(f"cannot restore into {target}: {exc}; the store is as it was") from exc
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return RestoreResult(target, quads, replaced=not empty)
