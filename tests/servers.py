"""Start and stop the SPARQL servers the tests talk to: Oxigraph's, ``kg serve``, Virtuoso.

Every server listens on 127.0.0.1 and a free port, and is stopped by the test that started
it (``stop()``; the context managers do it).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIRTUOSO_SCRIPT = ROOT / "scripts" / "virtuoso.sh"


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def kg_binary() -> list[str]:
    """The command that runs ``kg`` with this Python."""
    return [sys.executable, "-m", "kg"]


def wait_until_up(url: str, process: subprocess.Popen[bytes] | None, seconds: float = 30.0) -> None:
    """Wait until ``url`` answers (any HTTP status); raise with the server's output if it died."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if process is not None and process.poll() is not None:
                message = output_of(process)
                raise RuntimeError(f"the server exited ({process.returncode}): {message}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds:g} s") from None
            time.sleep(0.1)


def output_of(process: subprocess.Popen[bytes]) -> str:
    """What a finished process wrote on stderr."""
    if process.stderr is None:
        return ""
    return process.stderr.read().decode("utf-8", "replace").strip()


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 15.0) -> int:
    """Send ``sig`` and wait for the process to end (kill it after ``wait`` seconds)."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """``oxigraph serve`` (read-write) on a folder; yields its ``sparql+http://`` store URL."""
    binary = oxigraph_binary()
    if binary is None:
        raise FileNotFoundError("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield f"sparql+http://127.0.0.1:{port}"
    finally:
        stop(process)


def start_kg_serve(
    store: str | Path, *args: str, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``kg --store STORE serve --port PORT ARGS...``; returns the process and its base URL.

    Does not wait: use :func:`wait_until_up` (a failing start is for the caller to see).
    """
    port = port or free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen([*kg_binary(), "--store", str(store), "serve", "--port", str(port), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    return process, f"http://127.0.0.1:{port}"


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot be started here, or ``None`` when it can."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        return ("Virtuoso is not installed (apt-get install virtuoso-opensource gives virtuoso-t "
                "and isql-vt); the Virtuoso tests need it")
    if not Path("/etc/virtuoso-opensource-7/virtuoso.ini").is_file() and not os.environ.get("VIRTUOSO_INI"):
        return "no Virtuoso configuration template (/etc/virtuoso-opensource-7/virtuoso.ini)"
    return None


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """A throwaway Virtuoso in ``folder`` (scripts/virtuoso.sh); yields its ``virtuoso+http://`` URL."""
    started = subprocess.run(["bash", str(VIRTUOSO_SCRIPT), "start", str(folder)],
                             capture_output=True, text=True, timeout=120)
    if started.returncode != 0:
        raise RuntimeError(f"Virtuoso did not start: {started.stderr.strip()}")
    url = started.stdout.strip().splitlines()[-1]
    try:
        yield url.replace("sparql+http://", "virtuoso+http://", 1)
    finally:
        subprocess.run(["bash", str(VIRTUOSO_SCRIPT), "stop", str(folder)], capture_output=True, timeout=60)
