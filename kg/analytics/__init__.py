"""Analytics tables: the events of an on-disk store as DuckDB tables, for the named queries.

Oxigraph on disk answers an aggregate over every event in seconds at 100k events and in tens
of seconds at a million; the same aggregate over a columnar table takes milliseconds. So an
on-disk store keeps, beside its graph, tables filled from the graph by SPARQL
(``queries/tables/*.rq``, :mod:`kg.analytics.tables`), kept in step write by write
(:mod:`kg.analytics.keeper`), and trusted only while current (:mod:`kg.analytics.sidecar`).
A named query with an SQL twin (``queries/sql/NAME.sql``, :mod:`kg.analytics.twins`) is
answered from the tables when they are current, with the same columns, terms and order as
its SPARQL gives (a test compares the two on every twin); otherwise from the graph.

The graph stays the record: the tables can always be rebuilt from it
(``kg analytics --rebuild``), and SPARQL of the analysts' own runs on the graph as before.
"""
