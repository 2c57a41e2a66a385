"""Any SPARQL 1.1 server over HTTP: ``sparql+http://host:port[/path][?options]``.

Only the standard library (``urllib``) is used. Endpoints:

- no path (``sparql+http://127.0.0.1:7878``): the Oxigraph server layout, queries at
  ``/query`` and updates at ``/update``, with ``union-default-graph`` sent on queries so that
  a query without ``GRAPH`` sees every graph;
- a path (``sparql+http://host:8890/sparql``, ``sparql+http://host:3030/ds``): queries and
  updates both go to that path, and no union option is sent (Virtuoso's default graph is
  already the union of all graphs);
- options override: ``?query=/q&update=/u&union=1`` (``union=0`` or ``1``).
- ``sparql+https://`` talks HTTPS.

Writes: one batch is one SPARQL update request (``DROP SILENT GRAPH`` for each replaced graph,
then ``INSERT DATA``), which the server applies as one transaction (Oxigraph does). Terms are
written in their N-Triples form.

Bindings: as on every backend, a ``VALUES`` block built from serialized terms
(:mod:`kg.store.bindings`).

Timeouts: the HTTP timeout; a server may also have its own (``oxigraph serve --timeout-s``).
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Any, BinaryIO

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError
from kg.store.base import BatchResult, QueryResult, Store, replace_update_text, split_batch
from kg.store.bindings import bind_values
from kg.store.oxigraph import convert_result, dump_pyoxigraph
from kg.store.results import Rows

JSON_RESULTS = "application/sparql-results+json"
ACCEPT = f"{JSON_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8"
# The default graph's own triples: on a server whose default graph is the union of all graphs
# (Virtuoso, ``kg serve``), a plain ``{ ?s ?p ?o }`` would count every named triple twice.
_DEFAULT_ONLY = "{ ?s ?p ?o FILTER NOT EXISTS { GRAPH ?x { ?s ?p ?o } } }"
QUADS_QUERY = "SELECT ?s ?p ?o ?g WHERE { { GRAPH ?g { ?s ?p ?o } } UNION " + _DEFAULT_ONLY + " }"
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION " + _DEFAULT_ONLY + " }"
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


class SparqlHttpStore(Store):
    """A SPARQL 1.1 Protocol / Update endpoint."""

    def __init__(self, url: str, read_only: bool = False, http_timeout: float = 60.0) -> None:
        self.url = url
        self.read_only = read_only
        self.http_timeout = http_timeout
        parsed = urllib.parse.urlsplit(url)
        scheme = parsed.scheme.split("+", 1)[-1]
        if scheme not in ("http", "https") or not parsed.netloc:
            raise StoreError(f"not a SPARQL endpoint address: {url!r} (use sparql+http://host:port)")
        base = f"{scheme}://{parsed.netloc}"
        options = dict(urllib.parse.parse_qsl(parsed.query))
        path = parsed.path.rstrip("/")
        self.query_url = base + options.get("query", path or "/query")
        self.update_url = base + options.get("update", path or "/update")
        self.union = options.get("union", "0" if path else "1") == "1"

    # -- HTTP -------------------------------------------------------------------------------

    def _post(
        self, endpoint: str, form: dict[str, str], accept: str, timeout: float | None
    ) -> tuple[str, bytes]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(endpoint, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
        })
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.http_timeout) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            if exc.code in (400, 422):
                raise QueryError(f"{endpoint} refused the request: {body or exc.reason}") from exc
            raise StoreError(f"{endpoint} answered {exc.code}: {body or exc.reason}") from exc
        except TimeoutError as exc:
            raise QueryError(f"{endpoint} did not answer within {timeout or self.http_timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryError(f"{endpoint} gave no answer in {timeout or self.http_timeout:g} s") from exc
            raise StoreError(f"cannot reach {endpoint}: {exc.reason}") from exc

    def _query_raw(self, sparql: str, timeout: float | None = None, union: bool | None = None) -> Any:
        form = {"query": sparql}
        if self.union if union is None else union:
            form["union-default-graph"] = ""
        content_type, body = self._post(self.query_url, form, ACCEPT, timeout)
        media = content_type.split(";")[0].strip().lower()
        try:
            if media == JSON_RESULTS or media == "application/json":
                return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            if media in ("application/sparql-results+xml", "application/xml"):
                return ox.parse_query_results(body, ox.QueryResultsFormat.XML)
            if media == "text/tab-separated-values":
                return ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
            rdf_format = ox.RdfFormat.from_media_type(media)
            if rdf_format is None:
                raise StoreError(f"{self.query_url} answered with unknown content type {content_type!r}")
            return (q.triple for q in ox.parse(body, rdf_format))
        except SyntaxError as exc:
            raise StoreError(f"{self.query_url} answered with malformed results: {exc}") from exc

    # -- Store ------------------------------------------------------------------------------

    def add_dataset(self, dataset: rdflib.Dataset, replace_graphs: bool = True) -> BatchResult:
        self._check_writable()
        quads, replaced = split_batch(dataset, replace_graphs)
        quads = list(dict.fromkeys(quads))
        self._update(replace_update_text(quads, replaced))
        graphs = {q.graph_name for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        return BatchResult(len(graphs | set(replaced)), len(replaced), len(quads))

    def query(
        self, sparql: str, bindings: dict[str, Any] | None = None, timeout: float | None = None
    ) -> QueryResult:
        text = bind_values(sparql, bindings)
        return convert_result(self._query_raw(text, timeout))

    def _update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*", None)

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._update(sparql)

    def triple_count(self) -> int:
        rows = convert_result(self._query_raw(COUNT_QUERY, union=False))
        assert isinstance(rows, Rows)
        return int(rows.rows[0][0]) if rows else 0

    def named_graphs(self) -> list[str]:
        rows = convert_result(self._query_raw(GRAPHS_QUERY, union=False))
        assert isinstance(rows, Rows)
        return sorted(str(r[0]) for r in rows)

    def dump(self, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
        local = ox.Store()
        quads = []
        for solution in self._query_raw(QUADS_QUERY, union=False):
            graph = solution["g"]
            quads.append(ox.Quad(solution["s"], solution["p"], solution["o"],
                                 graph if graph is not None else ox.DefaultGraph()))
        local.extend(quads)
        dump_pyoxigraph(local, fmt, out, prefixes)
