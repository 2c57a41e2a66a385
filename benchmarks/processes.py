"""Child processes of a benchmark run: every load, query and export is timed in one.

A task is ``python -m benchmarks.run --task NAME ARGS``. Without a time limit its last output line
is its JSON answer (:func:`run_task`). With one, it says ``started`` (:func:`started`) just
before its clock starts and then sends its answer as JSON lines, each merged in as soon as it is
measured, up to one with ``"done": true`` (:func:`emit`); the limit counts from ``started``, so
a child's start-up (imports, opening the store) never counts against it. Past the limit the
process is stopped, and the answer keeps what had been sent with
``{"error": "over N s, stopped", "limit": N}`` (:class:`Child`, :func:`run_limited`). A
:class:`Worker` answers requests one after another in one process, replaced by a fresh one
when one is stopped.
"""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import tempfile
import threading
import time


def started() -> None:
    """Said by a task with a time limit just before its clock starts."""
    print("started", flush=True)


def emit(**values) -> None:
    """Part of a limited task's answer, sent as soon as it is measured (``done=True`` ends it)."""
    print(json.dumps(values), flush=True)


class Child:
    """A task (``--task``) in its own process, read line by line from its standard output."""

    def __init__(self, task: str, *args: str) -> None:
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "benchmarks.run", "--task", task, *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr, text=True, bufsize=1)
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def line(self, timeout: float | None = None) -> str | None:
        """The next line; ``None`` at the end of the output. Raises ``queue.Empty`` on timeout."""
        return self._lines.get(timeout=timeout)

    def send(self, request: dict) -> None:
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def answer(self, limit: float) -> dict:
        """The task's answer, waiting at most ``limit`` seconds from its ``started``."""
        out: dict = {}
        first = self.line()
        if first != "started":  # failed before its clock started
            return out if self._merge(out, first) else {"error": self.ended()}
        deadline = time.monotonic() + limit
        while True:
            try:
                line = self.line(max(deadline - time.monotonic(), 0.0))
            except queue.Empty:
                self.stop()
                return {**out, "error": f"over {limit:g} s, stopped", "limit": limit}
            if line is None:
                return {**out, "error": self.ended()}
            if self._merge(out, line):
                return out

    @staticmethod
    def _merge(out: dict, line: str | None) -> bool:
        """Merge one JSON line into ``out``; whether it ended the answer."""
        try:
            values = json.loads(line or "")
        except ValueError:
            return False
        if not isinstance(values, dict):
            return False
        done = values.pop("done", False)
        out.update(values)
        return bool(done)

    def ended(self) -> str:
        """Why the process ended without an answer: the last line of its stderr."""
        self.stop()
        self._stderr.seek(0)
        last = (self._stderr.read().strip().splitlines() or [f"exited with {self.proc.returncode}"])[-1]
        return last[:200]

    def stop(self) -> None:
        """End the process (if still running) and close its pipes."""
        if self.alive:
            self.proc.kill()
        self.proc.wait()
        try:
            self.proc.stdin.close()
        except OSError:  # a broken pipe to a process that has gone
            pass


def run_task(task: str, *args: str) -> dict:
    """A task in its own process, without a time limit: its last output line is its answer."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--task", task, *args],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_limited(task: str, *args: str, limit: float) -> dict:
    """A task in its own process, stopped ``limit`` seconds after it said ``started``."""
    child = Child(task, *args)
    try:
        return child.answer(limit)
    finally:
        child.stop()


class Worker:
    """A task answering requests (JSON lines on its stdin) one at a time, after saying ``ready``;
    replaced by a fresh process when one is stopped at a limit or fails."""

    def __init__(self, task: str, *args: str) -> None:
        self.task, self.args = task, args
        self.child: Child | None = None

    def ask(self, request: dict, limit: float) -> dict:
        """The answer to one request, waiting at most ``limit`` seconds from its ``started``."""
        if self.child is not None and not self.child.alive:
            self.close()
        if self.child is None:
            self.child = Child(self.task, *self.args)
            if self.child.line() != "ready":
                error = self.child.ended()
                self.child = None
                return {"error": error}
        self.child.send(request)
        answer = self.child.answer(limit)
        if not self.child.alive:
            self.close()
        return answer

    def close(self) -> None:
        if self.child is not None:
            self.child.stop()
            self.child = None
