"""Virtuoso open source (7.2) over HTTP: ``virtuoso+http://host:port[/path][?options]``.

A :class:`kg.store.sparql_http.SparqlHttpStore` with what Virtuoso does differently
(measured against Debian's ``virtuoso-opensource`` 7.2.5, see ``docs/serving.md``):

- Its default graph is the union of every graph, Virtuoso's own included (``virtrdf#``,
  ``owl#``, ``ldp#``, ``<host>/DAV/``, the endpoint's service description): some thousand
  triples before anything is written, and a pattern without ``GRAPH`` matches each triple of
  a named graph a second time. So the store is the named graphs whose IRI starts with the
  project's graph namespace (``https://w3id.org/conflict-kg/graph/``, option ``graphs=``):
  counting, listing and dumping see only those. Queries still run over Virtuoso's union
  default graph, which holds its own graphs too: the named queries only match the project's
  vocabulary, but an ad-hoc ``SELECT * { ?s ?p ?o }`` sees Virtuoso's triples.
- There is no separate default graph to write to: ``INSERT DATA`` without ``GRAPH`` is refused
  ("No plain default graph specified"). A batch with default-graph triples is refused here
  with a clear message before anything is sent (the mapping writes named graphs only).
- Blank nodes come back as ``nodeID://b10006``, which is not a blank node label; they are
  renamed ``nodeID_b10006`` before the results are parsed.
- ``"POINT(...)"^^geo:wktLiteral`` is stored as Virtuoso's own geometry type, with 32-bit
  float coordinates, and comes back as ``"POINT(35.117099761963 ...)"^^virtrdf:Geometry``
  (Virtuoso issues #456, #808). Such literals are turned back into ``geo:wktLiteral`` with
  the coordinates rounded to 5 decimals: exact for coordinates given with at most 5 decimals
  and below 128 degrees (GeoNames gives 4 or 5), off by up to 0.000005 otherwise.
  ``wgs84:lat``/``wgs84:long`` (``xsd:decimal``) are kept exactly.
- ``true``/``false`` come back as ``"1"``/``"0"^^xsd:boolean``; they are given back in the
  canonical form, so a stored graph compares equal to the batch that wrote it (revisions).
- ``xsd:double`` values come back in C's ``%g`` form with 6 significant digits (``"59.0"``,
  ``"0.333333"``, ``"1e+20"``), in every result format and from ``STR()``: the digits past the
  sixth are lost on the server. They are given back in Oxigraph's canonical form (``"59"``,
  ``"100000000000000000000"``), so equal values compare equal to the other backends' terms.
- A CONSTRUCT or DESCRIBE asked for with ``application/sparql-results+json`` first in
  ``Accept`` answers with a table of ``s p o``; graph queries are asked for N-Triples.
- Result sets are cut at ``ResultSetMaxRows`` (10000 in the package's ``virtuoso.ini``)
  without an error, so dumps are read in pages (``page=``, default 10000) in a fixed order.
- A query that runs out of time may answer with a partial result and an ``X-SQL-State``
  header (its "anytime" queries); that is raised as a :class:`kg.errors.QueryError` instead
  of returning less than asked for.
- Large ``INSERT DATA`` requests: measured up to 100k triples in one request (see
  ``docs/serving.md``), so a batch stays one request and one transaction.

Options (after ``?``): ``graphs=PREFIX`` the graph namespace the store is made of;
``page=N`` rows per page when dumping; ``query=``/``update=`` endpoint paths as for
``sparql+http``. Without a path the endpoint is ``/sparql``.
"""
from __future__ import annotations

import json
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import Any, BinaryIO

import pyoxigraph as ox
import rdflib

from kg.errors import QueryError, StoreError
from kg.namespaces import GRAPH
from kg.store.base import BatchResult, insert_data_text, split_batch
from kg.store.oxigraph import convert_result, dump_pyoxigraph
from kg.store.results import Rows
from kg.store.sparql_http import JSON_RESULTS, SparqlHttpStore

GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9"
TABLE_ACCEPT = f"{JSON_RESULTS}, application/sparql-results+xml;q=0.9"
DEFAULT_PAGE = 10000
DEFAULT_CHUNK = 1000
DROP_WEIGHT = 3

_PROLOGUE = re.compile(r"\s*(?:#[^\n]*(?:\n|$)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_FORM = re.compile(r"\s*([A-Za-z]+)")
_BAD_BNODE_CHARS = re.compile(r"[^A-Za-z0-9_]")
_NUMBER = re.compile(r"-?\d+\.\d+")
VIRTUOSO_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
WKT_LITERAL = "http://www.opengis.net/ont/geosparql#wktLiteral"
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
DOUBLE = "http://www.w3.org/2001/XMLSchema#double"
BOOLEAN_WORDS = {"1": "true", "0": "false"}
WKT_PLACES = 5
"""Decimals kept when WKT comes back from Virtuoso, which stores coordinates as 32-bit floats."""


def query_form(sparql: str) -> str:
    """The query form (``SELECT``, ``CONSTRUCT``, ``DESCRIBE``, ``ASK``), upper-cased.

    Comments and the prologue (``PREFIX``, ``BASE``) are skipped; ``""`` when no word follows.
    """
    position = 0
    while match := _PROLOGUE.match(sparql, position):
        if match.end() == position:
            break
        position = match.end()
    word = _FORM.match(sparql, position)
    return word.group(1).upper() if word else ""


def _bnode_label(value: str) -> str:
    if value.startswith("nodeID://"):
        value = "nodeID_" + value[len("nodeID://"):]
    label = _BAD_BNODE_CHARS.sub("_", value)
    return label if label[:1].isalpha() or label[:1] == "_" else "b" + label


def _round_number(match: re.Match[str]) -> str:
    text = f"{float(match.group(0)):.{WKT_PLACES}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def restore_wkt(value: str) -> str:
    """Virtuoso's float32 rendering of WKT coordinates, rounded back to ``WKT_PLACES`` decimals."""
    return _NUMBER.sub(_round_number, value)


def canonical_double(value: str) -> str:
    """An ``xsd:double`` lexical form as Oxigraph writes it (shortest digits, no exponent).

    ``"59.0"`` -> ``"59"``, ``"1e+20"`` -> ``"100000000000000000000"``, ``"1.5e-07"`` ->
    ``"0.00000015"``; infinities and NaN as ``INF``, ``-INF``, ``NaN``; a form that is no
    number is left as it is.
    """
    try:
        number = float(value)
    except ValueError:
        return value
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "INF" if number > 0 else "-INF"
    return format(Decimal(repr(number)).normalize(), "f")


def fix_term(term: dict[str, Any]) -> None:
    """Repair one SPARQL JSON results term from Virtuoso in place (blank nodes, geometries,
    booleans, doubles)."""
    kind = term.get("type")
    if kind == "bnode":
        term["value"] = _bnode_label(term["value"])
    elif kind in ("literal", "typed-literal"):
        datatype = term.get("datatype")
        if datatype == VIRTUOSO_GEOMETRY:
            term["datatype"] = WKT_LITERAL
            term["value"] = restore_wkt(term["value"])
        elif datatype == BOOLEAN and term["value"] in BOOLEAN_WORDS:
            term["value"] = BOOLEAN_WORDS[term["value"]]
        elif datatype == DOUBLE:
            term["value"] = canonical_double(term["value"])


def fix_results(body: bytes) -> bytes:
    """SPARQL JSON results from Virtuoso with its terms repaired (:func:`fix_term`)."""
    if not any(marker in body for marker in (b'"bnode"', VIRTUOSO_GEOMETRY.encode(), BOOLEAN.encode(),
                                             DOUBLE.encode())):
        return body
    results = json.loads(body)
    for row in results.get("results", {}).get("bindings", []):
        for term in row.values():
            fix_term(term)
    return json.dumps(results).encode("utf-8")


def fix_triple(triple: ox.Triple) -> ox.Triple:
    """A triple from Virtuoso with its object repaired (geometries, booleans, doubles)."""
    obj = triple.object
    if isinstance(obj, ox.Literal) and obj.datatype.value == VIRTUOSO_GEOMETRY:
        obj = ox.Literal(restore_wkt(obj.value), datatype=ox.NamedNode(WKT_LITERAL))
        return ox.Triple(triple.subject, triple.predicate, obj)
    if isinstance(obj, ox.Literal) and obj.datatype.value == BOOLEAN and obj.value in BOOLEAN_WORDS:
        obj = ox.Literal(BOOLEAN_WORDS[obj.value], datatype=obj.datatype)
        return ox.Triple(triple.subject, triple.predicate, obj)
    if isinstance(obj, ox.Literal) and obj.datatype.value == DOUBLE:
        value = canonical_double(obj.value)
        if value != obj.value:
            return ox.Triple(triple.subject, triple.predicate, ox.Literal(value, datatype=obj.datatype))
    return triple


def update_requests(
    quads: list[ox.Quad], replaced: list[ox.NamedNode | ox.BlankNode], chunk: int
) -> list[str]:
    """The update requests that write a batch to Virtuoso.

    Virtuoso compiles a whole request into one SQL procedure and refuses it when that grows
    too large ("The length of generated SQL text has exceeded 10000 lines" near 1500 triples,
    "Query too large, variables in state over the limit" near 1000 graph drops); compiling
    also grows faster than linearly with the request. So a request holds at most ``chunk``
    triples, a graph drop counting as ``DROP_WEIGHT`` triples. The first request starts with
    the drops of the replaced graphs, so a batch that fits one request is one transaction,
    as on the other backends; a larger one is several requests.
    """
    requests: list[str] = []
    drops: list[str] = []
    inserts: list[ox.Quad] = []
    weight = 0

    def flush() -> None:
        operations = list(drops)
        if inserts:
            operations.append(insert_data_text(inserts))
        if operations:
            requests.append(" ;\n".join(operations))
        drops.clear()
        inserts.clear()

    for graph in replaced:
        if weight + DROP_WEIGHT > chunk and (drops or inserts):
            flush()
            weight = 0
        drops.append(f"DROP SILENT GRAPH {graph}")
        weight += DROP_WEIGHT
    for quad in quads:
        if weight + 1 > chunk:
            flush()
            weight = 0
        inserts.append(quad)
        weight += 1
    flush()
    return requests


class VirtuosoStore(SparqlHttpStore):
    """Virtuoso's SPARQL endpoint, holding the project's named graphs."""

    def __init__(self, url: str, read_only: bool = False, http_timeout: float = 120.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        scheme = parsed.scheme.lower()
        if scheme not in ("virtuoso+http", "virtuoso+https") or not parsed.netloc:
            raise StoreError(f"not a Virtuoso endpoint address: {url!r} "
                             "(use virtuoso+http://host:port[/sparql])")
        options = dict(urllib.parse.parse_qsl(parsed.query))
        path = parsed.path.rstrip("/") or "/sparql"
        inner = urllib.parse.urlunsplit(
            ("sparql+" + scheme.split("+", 1)[1], parsed.netloc, path, parsed.query, ""))
        super().__init__(inner, read_only, http_timeout)
        self.url = url
        self.union = False  # Virtuoso's default graph is already the union of all graphs
        self.graph_prefix = options.get("graphs", str(GRAPH))
        try:
            self.page = max(1, int(options.get("page", DEFAULT_PAGE)))
            self.chunk = max(1, int(options.get("chunk", DEFAULT_CHUNK)))
        except ValueError:
            raise StoreError(f"page= and chunk= take numbers: {url!r}") from None

    # -- HTTP -------------------------------------------------------------------------------

    def _post(
        self, endpoint: str, form: dict[str, str], accept: str, timeout: float | None
    ) -> tuple[str, bytes]:
        data = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(endpoint, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept,
        })
        wait = timeout or self.http_timeout
        try:
            with urllib.request.urlopen(request, timeout=wait) as response:
                state = response.headers.get("X-SQL-State")
                if state:
                    message = response.headers.get("X-SQL-Message", "")
                    raise QueryError(f"{endpoint} gave only a partial result ({state} {message}".strip()
                                     + "); the query ran out of time on the server")
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip()
            first = body.splitlines()[0] if body else exc.reason
            if exc.code in (400, 422) or (exc.code == 500 and "SPARQL compiler" in body):
                raise QueryError(f"{endpoint} refused the request: {first}") from exc
            if exc.code in (401, 403) or "SPARQL_UPDATE" in body or "permission" in body.lower():
                raise StoreError(f"{endpoint} refused to write ({exc.code}: {first}); allow updates "
                                 "with: isql-vt HOST:SQLPORT dba PASSWORD "
                                 "exec='GRANT SPARQL_UPDATE TO \"SPARQL\";'") from exc
            raise StoreError(f"{endpoint} answered {exc.code}: {first}") from exc
        except TimeoutError as exc:
            raise QueryError(f"{endpoint} did not answer within {wait:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise QueryError(f"{endpoint} gave no answer in {wait:g} s") from exc
            raise StoreError(f"cannot reach {endpoint}: {exc.reason}") from exc

    def _query_raw(self, sparql: str, timeout: float | None = None, union: bool | None = None) -> Any:
        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        accept = GRAPH_ACCEPT if graph_form else TABLE_ACCEPT
        content_type, body = self._post(self.query_url, {"query": sparql}, accept, timeout)
        media = content_type.split(";")[0].strip().lower()
        try:
            if media in (JSON_RESULTS, "application/json"):
                return ox.parse_query_results(fix_results(body), ox.QueryResultsFormat.JSON)
            if media in ("application/sparql-results+xml", "application/xml"):
                return ox.parse_query_results(body, ox.QueryResultsFormat.XML)
            rdf_format = ox.RdfFormat.from_media_type("application/n-triples" if media == "text/plain"
                                                      else media)
            if rdf_format is None:
                raise StoreError(f"{self.query_url} answered with unknown content type {content_type!r}")
            return (fix_triple(q.triple) for q in ox.parse(body, rdf_format))
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url} answered with malformed results: {exc}") from exc

    # -- Store ------------------------------------------------------------------------------

    def _graph_filter(self, variable: str = "?g") -> str:
        prefix = ox.Literal(self.graph_prefix)
        return f"FILTER(STRSTARTS(STR({variable}), {prefix}))"

    def add_dataset(self, dataset: rdflib.Dataset, replace_graphs: bool = True) -> BatchResult:
        self._check_writable()
        quads, replaced = split_batch(dataset, replace_graphs)
        quads = list(dict.fromkeys(quads))
        if any(isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
            raise StoreError(f"{self.url}: Virtuoso has no separate default graph to write to; "
                             "put the triples in a named graph (nothing was written)")
        requests = update_requests(quads, replaced, self.chunk)
        for number, text in enumerate(requests):
            try:
                self._update(text)
            except (StoreError, QueryError) as exc:
                if number == 0:
                    raise
                raise StoreError(f"{exc}; the batch was sent in {len(requests)} requests and only "
                                 f"{number} of them were written: ingest it again to complete it "
                                 "(re-ingesting replaces the same graphs)") from exc
        graphs = {q.graph_name for q in quads}
        return BatchResult(len(graphs | set(replaced)), len(replaced), len(quads))

    def triple_count(self) -> int:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"
        rows = convert_result(self._query_raw(text))
        assert isinstance(rows, Rows)
        return int(rows.rows[0][0]) if rows else 0

    def named_graphs(self) -> list[str]:
        text = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}"
        rows = convert_result(self._query_raw(text))
        assert isinstance(rows, Rows)
        return sorted(str(r[0]) for r in rows)

    def dump(self, fmt: str, out: BinaryIO, prefixes: dict[str, str] | None = None) -> None:
        local = ox.Store()
        offset = 0
        while True:
            text = (f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }} "
                    f"ORDER BY ?g ?s ?p ?o LIMIT {self.page} OFFSET {offset}")
            solutions = list(self._query_raw(text))
            local.extend(ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in solutions)
            if len(solutions) < self.page:
                break
            offset += self.page
        dump_pyoxigraph(local, fmt, out, prefixes)

def open_virtuoso(url: str, read_only: bool = False) -> VirtuosoStore:
    """Open ``virtuoso+http://host:port[/path][?graphs=PREFIX&page=N]``."""
    return VirtuosoStore(url, read_only)
