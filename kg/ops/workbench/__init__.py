"""The analyst's workbench that ``kg serve`` shows at ``/``: map, timeline, evidence, review.

The page (``static/``) is plain HTML, JavaScript and SVG served from the package, with the
base map from ``kg/data/basemap.geojson``: nothing is fetched from the internet. It reads
the JSON routes of :class:`~kg.ops.workbench.api.Workbench`, which answer from the analytics
tables of the served folder (``queries/workbench/*.sql``) while they are current, else by
SPARQL (``queries/workbench/*.rq``) against the server ``kg serve`` runs. Reviews
(:mod:`kg.ops.workbench.review`) are revisions kept in their own graph, beside what was
extracted, never over it.
"""
from __future__ import annotations

from kg.ops.workbench.api import API_ROUTES, MAX_POINTS, Workbench
from kg.ops.workbench.review import REVIEW_GRAPH, Review, review_dataset
from kg.ops.workbench.routes import EDITOR_PATH, TOKEN_HEADER, Answer, answer
from kg.ops.workbench.static import STATIC_FILES, static_file

__all__ = ["API_ROUTES", "EDITOR_PATH", "MAX_POINTS", "REVIEW_GRAPH", "STATIC_FILES", "TOKEN_HEADER",
           "Answer", "Review", "Workbench", "answer",
           "review_dataset", "static_file"]
