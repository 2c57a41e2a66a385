"""What ``kg serve``'s guard answers itself: the workbench page, its assets and JSON routes.

:func:`answer` returns ``None`` for every other request, which the guard passes on to the
Oxigraph server. Writes (``POST /api/review``) need the server's per-start token in the
``X-KG-Token`` header, a JSON body and, when the browser sends an ``Origin``, this server's
own origin; anything else is refused with 403, so another site open in the same browser
cannot write.
"""
from __future__ import annotations

import hmac
import html
import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from kg.errors import InputError, KGError
from kg.ops.workbench.api import API_ROUTES, Workbench
from kg.ops.workbench.static import page, static_file

TOKEN_HEADER = "X-KG-Token"
EDITOR_PATH = "/sparql-editor"
"""Where Oxigraph's SPARQL query page is served (it was at ``/``)."""
MAX_REVIEW_BODY = 64 * 1024


@dataclass
class Answer:
    """A response: status, media type, body, and extra headers."""

    status: int
    media: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _json(status: int, value: object) -> Answer:
    body = json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    return Answer(status, "application/json; charset=utf-8", body, (("Cache-Control", "no-store"),))


def _error(status: int, message: str) -> Answer:
    return _json(status, {"error": message})


def same_origin(headers: Mapping[str, str]) -> bool:
    """Whether a request's ``Origin`` (when it has one) is the address it was sent to."""
    origin = headers.get("Origin")
    if origin is None:
        return True
    host = headers.get("Host", "")
    return origin in (f"http://{host}", f"https://{host}")


def answer(workbench: Workbench, token: str, method: str, target: str,
           headers: Mapping[str, str], body: bytes | None) -> Answer | None:
    """The guard's own answer to a request, or ``None`` to pass it on to the Oxigraph server.

    Args:
        workbench: the JSON API.
        token: this start's write token.
        method: the HTTP method.
        target: the request target (path and query string).
        headers: the request headers.
        body: the request body (read by the guard).
    """
    split = urllib.parse.urlsplit(target)
    path = split.path
    if path == "/" or path == "/index.html":
        if method not in ("GET", "HEAD"):
            return _error(405, "the workbench page is read with GET")
        fill = {"token": html.escape(token if workbench.analyst else ""),
                "analyst": html.escape(workbench.analyst or "")}
        return Answer(200, "text/html; charset=utf-8", page("index.html", fill),
                      (("Cache-Control", "no-store"),))
    if path == EDITOR_PATH:
        return Answer(200, "text/html; charset=utf-8", page("sparql-editor.html", {}))
    if path.startswith("/static/"):
        found = static_file(path)
        if found is None:
            return _error(404, f"no file {path}")
        return Answer(200, found[1], found[0], (("Cache-Control", "no-cache"),))
    if path == "/api/review":
        if method != "POST":
            return _error(405, "reviews are sent with POST")
        return _review(workbench, token, headers, body or b"")
    if not path.startswith("/api/"):
        return None
    name = API_ROUTES.get(path)
    if name is None:
        return _error(404, f"no route {path}; routes: {', '.join(sorted(API_ROUTES))}, /api/review")
    if method not in ("GET", "HEAD"):
        return _error(405, f"{path} is read with GET")
    params = urllib.parse.parse_qs(split.query, keep_blank_values=True)
    try:
        return _json(200, getattr(workbench, name)(params))
    except LookupError as exc:
        return _error(404, str(exc.args[0]) if exc.args else "not found")
    except KGError as exc:
        return _error(400, str(exc))


def _review(workbench: Workbench, token: str, headers: Mapping[str, str], body: bytes) -> Answer:
    if workbench.analyst is None:
        return _error(403, "this server is read-only: reviews need kg serve --review --analyst NAME")
    sent = headers.get(TOKEN_HEADER, "")
    if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
        return _error(403, f"a review needs this server's token in the {TOKEN_HEADER} header")
    if not same_origin(headers):
        return _error(403, "a review must come from this server's own page")
    if headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
        return _error(415, "a review is sent as application/json")
    if len(body) > MAX_REVIEW_BODY:
        return _error(413, "the review is too large")
    try:
        data = json.loads(body.decode("utf-8"))
        return _json(200, workbench.review(data))
    except (ValueError, InputError) as exc:
        return _error(400, str(exc))
    except LookupError as exc:
        return _error(404, str(exc.args[0]) if exc.args else "not found")
    except PermissionError as exc:
        return _error(403, str(exc))
    except KGError as exc:
        return _error(502, str(exc))
