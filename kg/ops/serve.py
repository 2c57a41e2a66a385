"""Serve an on-disk store over the SPARQL 1.1 Protocol, with Oxigraph's server and a guard.

``kg serve`` runs the ``oxigraph`` package's server binary (``oxigraph serve-read-only``, or
``oxigraph serve`` when writable) on a private loopback port, and in front of it a small
HTTP guard on the address analysts use. The guard answers the analyst's workbench itself
(the page at ``/``, its assets under ``/static/``, its JSON routes under ``/api/`` and
Oxigraph's query page moved to ``/sparql-editor``: :mod:`kg.ops.workbench`) and passes
everything else through (``/query``, ``/sparql``, ``/update``, ``/store``) except:

- SPARQL that calls ``SERVICE``: Oxigraph's server runs federated queries, which would let
  anyone who can reach the endpoint make the server fetch from any address, and it has no
  option to turn that off. ``LOAD`` in an update (which fetches a URL too) is refused the
  same way. Text is scanned for the bare keywords outside strings, IRIs and comments, so a
  query that cannot call SERVICE is never refused for a word in a literal.
- updates and Graph Store writes when the store is served read-only (403, as Oxigraph would).
  With ``review`` the Oxigraph server runs read-write, but only the workbench's review route
  writes (with the per-start token); SPARQL updates still need ``writable``.

The Oxigraph server's own options do the rest: ``--timeout-s`` for queries, and
``--union-default-graph`` so that a query without ``GRAPH`` sees every graph, as the named
queries expect.

Locking: ``oxigraph serve`` holds the folder's write lock, so no ingest can run beside a
read-write server (write through the server instead: ``--store sparql+http://HOST:PORT``),
and a folder written by another process cannot be served read-write. A read-only server
takes no lock: an ingest can run beside it, and the server goes on answering from the
state the folder had when it started (restart it to see new data). Oxigraph calls reading
beside a writer unsupported; it is for looking, not for a long-lived service.
"""
from __future__ import annotations

import http.client
import http.server
import ipaddress
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, StoreError, StoreLockedError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
"""Hosts that need no warning."""

SPARQL_MEDIA = ("application/sparql-query", "application/sparql-update")
FORM_MEDIA = "application/x-www-form-urlencoded"
MAX_BODY = 256 * 1024 * 1024
"""Largest request body the guard reads (a SPARQL update or a Graph Store upload)."""

REFUSED_WORDS = {"SERVICE": "calls SERVICE (another endpoint)", "LOAD": "uses LOAD (fetches a URL)"}

_SKIPPED = (
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n]|\\.)*"?'
    r"|'(?:[^'\\\n]|\\.)*'?"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*"
)
_TOKENS = re.compile(rf"(?P<skip>{_SKIPPED})|(?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)", re.DOTALL)
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "te", "trailers", "transfer-encoding", "upgrade"})


def refusal(text: str) -> str | None:
    """Why the guard refuses a SPARQL query or update text, or ``None`` to let it through.

    The text is read as the SPARQL lexer reads it: strings, IRIs and comments are skipped,
    and only bare keywords count (not ``?service``, ``ex:SERVICE`` or ``"service"``).
    """
    for match in _TOKENS.finditer(text):
        word = match.group("word")
        if not word:
            continue
        start, end = match.span()
        if start and text[start - 1] in "?$:":
            continue
        if end < len(text) and text[end] == ":":
            continue
        reason = REFUSED_WORDS.get(word.rstrip(".").upper())
        if reason:
            return f"the request {reason}; kg serve refuses it"
    return None


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary: beside the running Python, else on ``PATH``.

    Raises:
        StoreError: it is not installed.
    """
    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the oxigraph server binary is not installed; "
                     "install it with: pip install 'oxigraph>=0.5.13,<0.6'")


def store_location(url: str) -> Path:
    """The folder of an on-disk Oxigraph store URL (``oxigraph:PATH`` or a bare path).

    Raises:
        StoreError: the URL names a store that cannot be served (in memory, remote).
    """
    from kg.store import parse_store_url

    parsed = parse_store_url(url)
    if parsed.in_memory:
        raise StoreError("an in-memory store cannot be served; serve a folder (--store oxigraph:PATH)")
    if parsed.folder is None:
        raise StoreError(f"{url} is a remote store: it is already served by its own server; "
                         "kg serve serves on-disk stores (--store oxigraph:PATH)")
    return parsed.folder


def check_location(location: Path, writable: bool, updates: bool | None = None) -> None:
    """Make sure the folder can be served; for a writable server, that nobody else writes it.

    A server taking SPARQL updates (``updates``, by default ``writable``) marks the analytics
    tables stale: its writes do not reach them. One writing only the workbench's reviews does
    not: reviews are in their own graph, which no table reads.

    Raises:
        StoreError: no store there (read-only), or not a folder.
        StoreLockedError: another process (an ingest, another server) holds it for writing.
    """
    from kg.store import open_store

    where = str(location)
    if location.exists() and not location.is_dir():
        raise StoreError(f"cannot serve {where}: it is a file, not a folder")
    if not writable:
        if not (location / "CURRENT").is_file():
            raise StoreError(f"no store at {where}; ingest something first, or serve it with --writable")
        return
    try:
        open_store(f"oxigraph:{where}").close()
    except StoreLockedError:
        raise StoreLockedError(locked_message(where)) from None
    from kg.analytics.sidecar import Sidecar

    if updates is None:
        updates = writable
    if updates:
        Sidecar(location).mark_stale()  # the server's writes do not reach the analytics tables


def locked_message(where: str) -> str:
    return (f"store {where} is in use by another process (an ingest, or a kg serve --writable) "
            "and cannot be served read-write at the same time; stop that process, or serve "
            "it without --writable")


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class ServeOptions:
    """How to serve a store.

    Attributes:
        location: the store's folder.
        host: the address to listen on (``127.0.0.1``).
        port: the port (``7878``; ``0`` picks a free one).
        writable: accept updates (``oxigraph serve``) instead of only queries.
        timeout: seconds a query may run (the server's ``--timeout-s``), ``None`` for no limit.
        union_default_graph: a query without ``GRAPH`` sees every graph.
        review: accept the workbench's reviews (the Oxigraph server then runs read-write).
        analyst: the name reviews are attributed to (needed with ``review``).
    """

    location: Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    timeout: float | None = None
    union_default_graph: bool = True
    review: bool = False
    analyst: str | None = None

    @property
    def backend_writable(self) -> bool:
        """Whether the Oxigraph server behind the guard runs read-write."""
        return self.writable or self.review


def server_command(binary: str, options: ServeOptions, bind: str) -> list[str]:
    """The command line that starts Oxigraph's server for these options."""
    command = [binary, "serve" if options.backend_writable else "serve-read-only",
               "--location", str(options.location), "--bind", bind]
    if options.union_default_graph:
        command.append("--union-default-graph")
    if options.timeout is not None:
        command += ["--timeout-s", str(max(1, round(options.timeout)))]
    return command


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """Oxigraph's server on a private loopback port, and the guard in front of it.

    Use :meth:`start`, then :meth:`serve_forever` (returns when stopped), or as a context
    manager; :meth:`stop` ends both.
    """

    def __init__(self, options: ServeOptions, binary: str | None = None) -> None:
        self.options = options
        self.binary = binary or find_oxigraph()
        self.process: subprocess.Popen[bytes] | None = None
        self.guard: GuardServer | None = None
        self.backend_port = 0
        self.failure: str | None = None
        self.token = secrets.token_urlsafe(32)
        """This start's write token: the workbench page sends it with every review."""
        self.workbench = None
        self._log = tempfile.TemporaryFile()

    @property
    def url(self) -> str:
        """The address analysts use (``http://127.0.0.1:7878``)."""
        assert self.guard is not None
        host = self.options.host
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.guard.server_address[1]}"

    def start(self, wait: float = 30.0) -> None:
        """Start the server and the guard; return once queries are answered.

        Raises:
            StoreError: the server could not start (StoreLockedError: the folder is locked).
            InputError: the address cannot be listened on.
        """
        if self.options.review and not self.options.analyst:
            raise InputError("reviewing needs the analyst's name (kg serve --review --analyst NAME)")
        check_location(self.options.location, self.options.backend_writable, self.options.writable)
        try:
            self.guard = GuardServer((self.options.host, self.options.port), self)
        except OSError as exc:
            raise InputError(f"cannot listen on {self.options.host}:{self.options.port}: "
                             f"{exc.strerror or exc}") from None
        self.backend_port = free_port()
        command = server_command(self.binary, self.options, f"127.0.0.1:{self.backend_port}")
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        deadline = time.monotonic() + wait
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.backend_port}/", timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None:
                    message = self._server_output()
                    self.stop()
                    if "LOCK" in message or "lock" in message:
                        raise StoreLockedError(locked_message(str(self.options.location))) from None
                    raise StoreError(f"the oxigraph server stopped while starting: {message}") from None
                if time.monotonic() > deadline:
                    self.stop()
                    raise StoreError(f"the oxigraph server did not answer within {wait:g} s") from None
                time.sleep(0.05)
        threading.Thread(target=self._watch, name="kg-serve-watch", daemon=True).start()
        from kg.analytics.sidecar import Sidecar
        from kg.ops.workbench import Workbench
        from kg.store import open_store

        backend = open_store(f"sparql+http://127.0.0.1:{self.backend_port}",
                             read_only=not self.options.review)
        # the map, timeline and list read the folder's tables while they are current
        self.workbench = Workbench(backend, self.options.analyst if self.options.review else None,
                                   tables=Sidecar(self.options.location))
        threading.Thread(target=self.workbench.warm, name="kg-serve-warm", daemon=True).start()

    def _server_output(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        # the first line is the error; a Rust backtrace may follow
        text = [line for line in lines if line.strip() and not line.startswith(" ")]
        return text[0] if text else "no output"

    def _watch(self) -> None:
        process = self.process
        if process is None:
            return
        code = process.wait()
        if self.guard is not None and self.process is not None:
            self.failure = f"the oxigraph server stopped (exit code {code}): {self._server_output()}"
            threading.Thread(target=self.guard.shutdown, daemon=True).start()

    def serve_forever(self) -> None:
        """Answer requests until :meth:`stop` is called or the server stops.

        Raises:
            StoreError: the Oxigraph server stopped by itself.
        """
        assert self.guard is not None
        self.guard.serve_forever(poll_interval=0.2)
        if self.failure:
            failure = self.failure
            self.stop()
            raise StoreError(failure)

    def stop(self) -> None:
        """Stop the guard and the Oxigraph server (SIGTERM, then SIGKILL after 10 s)."""
        process, self.process = self.process, None
        guard, self.guard = self.guard, None
        if guard is not None:
            guard.server_close()
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class GuardServer(http.server.ThreadingHTTPServer):
    """The HTTP server analysts reach; forwards to Oxigraph's server through :class:`Guard`."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], owner: Server) -> None:
        self.owner = owner
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Guard)


class Guard(http.server.BaseHTTPRequestHandler):
    """Checks a request, forwards it to the Oxigraph server, and streams the answer back."""

    server: GuardServer
    protocol_version = "HTTP/1.0"
    server_version = "kg-serve"

    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        if not self._workbench():
            self._forward()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._workbench():
            self._forward()

    def do_POST(self) -> None:  # noqa: N802
        if not self._workbench():
            self._forward()

    def do_PUT(self) -> None:  # noqa: N802
        self._forward()

    def do_DELETE(self) -> None:  # noqa: N802
        self._forward()

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._forward()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _refuse(self, code: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _workbench(self) -> bool:
        """Answer a workbench request (:func:`kg.ops.workbench.answer`); ``False`` for others."""
        from kg.ops.workbench import answer

        owner = self.server.owner
        path = urllib.parse.urlsplit(self.path).path
        if owner.workbench is None or not (path in ("/", "/index.html", "/sparql-editor")
                                           or path.startswith(("/api/", "/static/"))):
            return False
        body = None
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                self._refuse(413, "the request is too large")
                return True
            body = self.rfile.read(length) if length else b""
        reply = answer(owner.workbench, owner.token, self.command, self.path, self.headers, body)
        if reply is None:
            return False
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)
        return True

    def _check(self, path: str, query: str, body: bytes) -> tuple[int, str] | None:
        texts = []
        params = urllib.parse.parse_qs(query, keep_blank_values=True)
        texts += params.get("query", []) + params.get("update", [])
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        is_update = path.rstrip("/").endswith("/update") or "update" in params
        if body:
            if media == FORM_MEDIA:
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                texts += form.get("query", []) + form.get("update", [])
                is_update = is_update or "update" in form
            elif media in SPARQL_MEDIA:
                texts.append(body.decode("utf-8", "replace"))
                is_update = is_update or media == "application/sparql-update"
        writes = self.command in ("PUT", "DELETE") or (self.command == "POST" and path.startswith("/store"))
        if not self.server.owner.options.writable and (is_update or writes):
            return 403, "this server is read-only: updates are refused (start it with kg serve --writable)"
        for text in texts:
            reason = refusal(text)
            if reason:
                return 403, reason
        return None

    def _forward(self) -> None:
        split = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._refuse(413, f"the request is larger than {MAX_BODY // (1024 * 1024)} MB")
            return
        if self.headers.get("Content-Encoding", "identity").lower() != "identity":
            self._refuse(415, "compressed request bodies are not accepted")
            return
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._refuse(411, "send the request with a Content-Length")
            return
        body = self.rfile.read(length) if length else b""
        problem = self._check(split.path, split.query, body)
        if problem:
            self._refuse(*problem)
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in HOP_BY_HOP and k.lower() != "content-length"}
        if body:
            headers["Content-Length"] = str(len(body))
        connection = http.client.HTTPConnection("127.0.0.1", self.server.owner.backend_port)
        started = False
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            started = True
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.end_headers()
            while chunk := answer.read(65536):
                self.wfile.write(chunk)
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            if not started:  # once the answer has begun, the client sees a cut connection
                try:
                    self._refuse(502, f"the oxigraph server did not answer: {exc}")
                except OSError:
                    pass
        finally:
            connection.close()
