"""The analytics file beside an on-disk store: DuckDB tables kept in step with the graph.

Layout, inside the store's folder (RocksDB leaves files it does not know alone)::

    kg-store/kg-analytics.duckdb    the tables (see kg.analytics.tables)
    kg-store/kg-analytics.stale     present while the tables may differ from the graph

Trust rule: the tables answer only while they are *current*: the file exists, carries this
version's schema, and no stale mark is present. A writer sets the mark before it changes the
graph and removes it only after the tables took the same change; a crash in between, a SPARQL
update, a server writing the folder or any write the tables did not follow leaves the mark, and
every reader then answers from the graph instead until ``kg analytics --rebuild``.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from kg.analytics.rows import write_json_lines
from kg.analytics.tables import TABLES
from kg.errors import StoreError

__all__ = ["FILE", "MARK", "SCHEMA_VERSION", "Sidecar"]

FILE = "kg-analytics.duckdb"
MARK = "kg-analytics.stale"
SCHEMA_VERSION = "6"
BLOCK_SIZE = 16384
WRITER_ATTEMPTS = 300
"""A writer waits up to 30 s for readers to let go of the file (a reader's query takes well
under that); a writer that cannot get it leaves the tables stale rather than wrong."""

MACROS = (
    # SPARQL's STRAFTER: what follows the first occurrence, or "" when there is none
    "CREATE OR REPLACE MACRO strafter(s, p) AS "
    "CASE WHEN position(p IN s) > 0 THEN substr(s, position(p IN s) + length(p)) ELSE '' END",
    # the events with a region of this name, one row per matching region (as an OPTIONAL gives)
    "CREATE OR REPLACE MACRO region_matches(r) AS TABLE "
    "SELECT l.event FROM event_links l "
    "JOIN (SELECT DISTINCT place, label FROM places WHERE label IS NOT NULL) p ON p.place = l.target "
    "WHERE r IS NOT NULL AND l.link = 'region' AND lower(p.label) = lower(r)",
    # the period of a date for a window (year, month or day: its first 4, 7 or 10 characters)
    "CREATE OR REPLACE MACRO period_of(d, w) AS "
    "CASE WHEN w IS NOT NULL AND d IS NOT NULL THEN substr(CAST(d AS VARCHAR), 1, "
    "CASE WHEN w = 'year' THEN 4 WHEN w = 'day' THEN 10 ELSE 7 END) ELSE '' END",
    # the lexical form of an N-Triples literal, still escaped, and its escapes undone
    "CREATE OR REPLACE MACRO nt_lexical(v) AS "
    "regexp_extract(v, '^\"(.*)\"(\\^\\^<[^>]*>|@[A-Za-z0-9-]+)?$', 1)",
    "CREATE OR REPLACE MACRO nt_unescape(s) AS "
    "replace(replace(replace(replace(replace(replace(replace(replace(s, '\\\\', chr(0)), "
    "'\\\"', '\"'), '\\n', chr(10)), '\\r', chr(13)), '\\t', chr(9)), '\\b', chr(8)), "
    "'\\f', chr(12)), chr(0), '\\')",
)
"""SQL functions the twins share, stored with the tables."""


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tsv_source(table: Any, paths: list[str]) -> str:
    """``read_csv`` of SPARQL TSV files: one VARCHAR column ``c<i>`` per column, terms undecoded."""
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(table.columns)))
    listed = ", ".join(_sql_text(p) for p in paths)
    return (f"read_csv([{listed}], columns={{{cols}}}, header=true, delim='\\t', quote='', escape='', "
            "auto_detect=false, new_line='\\n')")


def _decode(raw: str, kind: str) -> str:
    """SQL turning an N-Triples term of SPARQL TSV into a column's value (empty: unbound, NULL)."""
    if kind == "VARCHAR":
        return (f"CASE WHEN left({raw}, 1) = '<' THEN substr({raw}, 2, length({raw}) - 2) "
                f"WHEN left({raw}, 1) = '\"' THEN nt_unescape(nt_lexical({raw})) ELSE {raw} END")
    return f"CAST(CASE WHEN left({raw}, 1) = '\"' THEN nt_lexical({raw}) ELSE {raw} END AS {kind})"


def _cast(name: str, kind: str, index: int) -> str:
    text = f"(j->>{index})"
    return f"{text}::{kind} AS {name}" if kind != "VARCHAR" else f"{text} AS {name}"


class Sidecar:
    """The analytics tables of the on-disk store in ``folder``."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / FILE
        self.mark = self.folder / MARK

    # ------------------------------------------------------------------ state

    def status(self) -> str:
        """``current``, ``stale`` (marked, or of another schema) or ``missing``."""
        if not self.path.is_file():
            return "missing"
        if self.mark.exists():
            return "stale"
        try:
            with self.connect(read_only=True) as con:
                row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except StoreError:
            return "stale"
        return "current" if row and row[0] == SCHEMA_VERSION else "stale"

    def is_current(self) -> bool:
        """Whether the tables may answer for the graph."""
        return self.status() == "current"

    def mark_stale(self) -> None:
        """Say that the graph is about to change (or changed) without the tables."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.mark, "w", encoding="utf-8") as out:
            out.write("the analytics tables may differ from the graph: kg analytics --rebuild\n")
            out.flush()
            os.fsync(out.fileno())

    def clear_stale(self) -> None:
        """Say that the tables hold what the graph holds."""
        try:
            self.mark.unlink()
        except FileNotFoundError:
            pass

    # ------------------------------------------------------------------ connections

    def connect(self, read_only: bool = False, path: Path | None = None, attempts: int = 50) -> Any:
        """A DuckDB connection; a lock held by another process is waited for a few seconds.

        Raises:
            StoreError: the file cannot be opened.
        """
        import duckdb

        where = str(path or self.path)
        # small blocks: a small store's tables take a few hundred kB instead of megabytes
        config = {} if read_only else {"default_block_size": str(BLOCK_SIZE)}
        for attempt in range(attempts):
            try:
                con = duckdb.connect(where, read_only=read_only, config=config)
                con.execute("SET enable_progress_bar = false")  # else drawn on stdout when slow
                return con
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or attempt == attempts - 1:
                    raise StoreError(f"cannot open the analytics tables {where}: {exc}") from exc
                time.sleep(0.1)
        raise StoreError(f"cannot open the analytics tables {where}")

    @staticmethod
    def create_schema(con: Any) -> None:
        """Create the tables and the schema mark in an open connection."""
        con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for table in TABLES:
            con.execute(table.ddl())
        for macro in MACROS:
            con.execute(macro)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])

    def create_empty(self) -> None:
        """Create empty, current tables (for a new, empty store), replacing any file left there."""
        for leftover in (self.path, Path(str(self.path) + ".wal")):
            if leftover.exists():
                leftover.unlink()
        with self.connect() as con:
            self.create_schema(con)
        self.clear_stale()

    def apply(self, files: dict[str, list[str]], replaced: list[str], con: Any | None = None) -> None:
        """Take a batch in one DuckDB transaction.

        Args:
            files: table name -> SPARQL TSV files of its rows (:func:`kg.analytics.rows.write_tsv`).
            replaced: graphs whose rows in the graph tables go first.
            con: an open connection (else one is opened and closed).

        Entity rows are replaced by the batch's rows for the same entities.
        """
        own = con is None
        con = con or self.connect(attempts=WRITER_ATTEMPTS)
        try:
            with tempfile.TemporaryDirectory(dir=self.folder) as scratch:
                con.execute("BEGIN TRANSACTION")
                try:
                    if replaced:
                        path = os.path.join(scratch, "gone.jsonl")
                        write_json_lines(((g,) for g in replaced), path)
                        con.execute("CREATE OR REPLACE TEMP TABLE gone (graph VARCHAR)")
                        self._insert_json(con, "gone", [("graph", "VARCHAR")], path)
                    for table in TABLES:
                        if table.scope == "graph" and replaced:
                            con.execute(f"DELETE FROM {table.name} WHERE graph IN (SELECT graph FROM gone)")
                        paths = files.get(table.name)
                        if not paths:
                            continue
                        if table.scope == "entity":
                            key = dict(table.columns)[table.key]
                            con.execute(f"DELETE FROM {table.name} WHERE {table.key} IN "
                                        f"(SELECT {_decode(f'c{table.names.index(table.key)}', key)} "
                                        f"FROM {_tsv_source(table, paths)})")
                        self._insert_tsv(con, table, paths)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
        finally:
            if own:
                con.close()

    @staticmethod
    def _insert_tsv(con: Any, table: Any, paths: list[str]) -> None:
        select = ", ".join(f"{_decode(f'c{i}', kind)} AS {name}"
                           for i, (name, kind) in enumerate(table.columns))
        con.execute(f"INSERT INTO {table.name} SELECT {select} FROM {_tsv_source(table, paths)}")

    @staticmethod
    def _insert_json(con: Any, name: str, columns: Any, path: str) -> None:
        """Insert the rows of a JSON-lines file (see :func:`write_json_lines`)."""
        select = ", ".join(_cast(c, kind, i) for i, (c, kind) in enumerate(columns))
        source = (f"read_csv({_sql_text(path)}, columns={{'line': 'VARCHAR'}}, header=false, delim=chr(2), "
                  "quote='', escape='', auto_detect=false)")
        con.execute(f"INSERT INTO {name} SELECT {select} FROM (SELECT line::JSON AS j FROM {source})")

    def replace_with_files(self, files: dict[str, list[str]]) -> dict[str, int]:
        """Build the whole tables from SPARQL TSV files (table name -> files) in a new file, put it
        in place atomically and remove the stale mark; returns the rows per table."""
        fd, tmp = tempfile.mkstemp(prefix=".kg-analytics-", suffix=".duckdb", dir=self.folder)
        os.close(fd)
        os.unlink(tmp)  # DuckDB creates the file itself
        try:
            counts = {}
            with self.connect(path=Path(tmp)) as con:
                self.create_schema(con)
                for table in TABLES:
                    if files.get(table.name):
                        self._insert_tsv(con, table, files[table.name])
                    counts[table.name] = con.execute(f"SELECT COUNT(*) FROM {table.name}").fetchone()[0]
                con.execute("CHECKPOINT")
            wal = Path(str(self.path) + ".wal")
            if wal.exists():  # a log of the old file must not be replayed onto the new one
                wal.unlink()
            os.replace(tmp, self.path)
        finally:
            for leftover in (tmp, tmp + ".wal"):
                if os.path.exists(leftover):
                    os.unlink(leftover)
        self.clear_stale()
        return counts
