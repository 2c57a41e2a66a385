"""The analytics tables: their columns, and the SPARQL (``queries/tables/*.rq``) that fills them.

Each table is the answer of one SELECT over the graph, so a row says no more than the triples
it came from. Two scopes:

- ``graph`` tables hold what an update's named graph says of its events (events, their links,
  participations, equipment uses, evidence, the other updates that tell them, reports), and
  what an occasion's graph says of its accounts (``occasion_accounts``, see ``docs/model.md``).
  Every row carries its graph, and replacing an update's graph replaces exactly those rows.
- ``entity`` tables hold the shared actors, places, equipment and pages of ``kgg:shared``,
  which are only ever added to; a batch refreshes the rows of the entities it names.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.resources import resource_dir

__all__ = ["TABLES", "Table", "table_query"]


@dataclass(frozen=True)
class Table:
    """One analytics table.

    Attributes:
        name: the table's name, also the stem of its fill query in ``queries/tables/``.
        columns: ``(name, DuckDB type)`` in the fill query's order.
        scope: ``graph`` or ``entity`` (see the module's docstring).
        key: for entity tables, the column naming the entity.
    """

    name: str
    columns: tuple[tuple[str, str], ...]
    scope: str
    key: str = "graph"

    @property
    def names(self) -> tuple[str, ...]:
        """The column names."""
        return tuple(c for c, _ in self.columns)

    def ddl(self) -> str:
        """``CREATE TABLE`` for this table."""
        cols = ", ".join(f"{name} {kind}" for name, kind in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({cols})"


_S, _I, _D, _B = "VARCHAR", "BIGINT", "DATE", "BOOLEAN"

TABLES: tuple[Table, ...] = (
    Table("events", (("event", _S), ("graph", _S), ("type", _S), ("date", _D), ("precision", _S),
                     ("killed", _I), ("injured", _I), ("killedAtLeast", _B), ("injuredAtLeast", _B),
                     ("civilian", _B), ("confidence", "DECIMAL(6,3)"), ("label", _S), ("report", _S),
                     ("coded", _B), ("doubtful", _B)),
          "graph"),
    Table("event_links", (("event", _S), ("graph", _S), ("link", _S), ("target", _S)), "graph"),
    Table("participations", (("event", _S), ("graph", _S), ("participation", _S), ("actor", _S),
                             ("role", _S)), "graph"),
    Table("equipment_uses", (("event", _S), ("graph", _S), ("use", _S), ("equipment", _S),
                             ("quantity", _I), ("destroyed", _I)), "graph"),
    Table("evidence", (("event", _S), ("graph", _S), ("evidence", _S), ("text", _S), ("start_offset", _I),
                       ("end_offset", _I)), "graph"),
    Table("also_reported", (("event", _S), ("graph", _S), ("report", _S), ("evidence", _S), ("text", _S),
                            ("start_offset", _I), ("end_offset", _I)), "graph"),
    Table("occasion_accounts", (("account", _S), ("graph", _S), ("occasion", _S), ("lead", _B)), "graph"),
    Table("reports", (("report", _S), ("graph", _S), ("heading", _S), ("time", "TIMESTAMPTZ"),
                      ("ordinal", _I), ("page", _S)), "graph"),
    Table("pages", (("page", _S), ("label", _S), ("published", _D), ("title", _S), ("publisher", _S)),
          "entity", "page"),
    Table("actors", (("actor", _S), ("label", _S), ("kind", _S), ("affiliation", _S)), "entity", "actor"),
    Table("places", (("place", _S), ("label", _S), ("kind", _S), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
                     ("admin1", _S), ("country", _S)), "entity", "place"),
    Table("equipment", (("equipment", _S), ("label", _S), ("category", _S)), "entity", "equipment"),
)
"""Every analytics table, in the order they are filled."""


@cache
def table_query(name: str) -> str:
    """The fill query of a table, with the project's prefixes declared."""
    from kg.namespaces import sparql_prefixes

    path = resource_dir("queries") / "tables" / f"{name}.rq"
    return sparql_prefixes() + path.read_text(encoding="utf-8")
