"""The README's shell commands run as written, in order, so the README cannot drift.

Every ``sh`` code block of README.md is read line by line (``\\`` continuations joined). Lines
that start with ``kg`` are run through bash in a fresh folder that sees the checkout's files,
with the ``kg`` of this Python's environment first on the PATH; ``export NAME=VALUE`` lines set
the environment of the commands after them. ``make demo`` is replaced by the ingest it makes,
into the store the Makefile names; other ``make`` lines, and lines whose comment says they need
Java or run until Ctrl-C, are not run. Anything else (activating the environment, ``python``) is
the reader's business.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

README = ROOT / "README.md"
NOT_RUN = ("needs Java", "runs until Ctrl-C")
"""A command whose trailing comment says one of these is shown to the reader, never run."""

LEFT_OUT = {".git", ".venv", "kg-store", "demo-store", "build", "dist"}
"""Top-level entries of the checkout the commands' folder does not see."""


def shell_lines(markdown: str) -> list[str]:
    """The lines of the ``sh`` blocks of a Markdown text, continuations joined, in order."""
    lines: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL):
        pending = ""
        for raw in block.splitlines():
            if raw.rstrip().endswith("\\"):
                pending += raw.rstrip()[:-1] + " "
                continue
            line = (pending + raw).strip()
            pending = ""
            if line:
                lines.append(line)
    return lines


def split_comment(line: str) -> tuple[str, str]:
    """A shell line as its command and its trailing comment (after an unquoted `` #``)."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].strip(), line[i + 1:].strip()
    return line.strip(), ""


def demo_store() -> str:
    """The folder ``make demo`` ingests into (the Makefile's ``DEMO_STORE``)."""
    found = re.search(r"^DEMO_STORE\s*\??=\s*(\S+)", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert found, "the Makefile names no DEMO_STORE"
    return found.group(1)


def commands() -> list[str]:
    return shell_lines(README.read_text(encoding="utf-8"))


def test_the_readme_shows_commands():
    shown = commands()
    assert "make demo" in [split_comment(line)[0] for line in shown]
    assert sum(line.startswith("kg ") for line in shown) >= 15
    assert any(line.startswith("kg ") and any(m in split_comment(line)[1] for m in NOT_RUN) for line in shown)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A fresh folder that sees the checkout's files (linked, read-only use) and no store."""
    for entry in ROOT.iterdir():
        if entry.name not in LEFT_OUT and not entry.name.endswith("-store"):
            (tmp_path / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return tmp_path


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.slow
def test_every_readme_command_runs_in_order(folder: Path):
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    ran: list[str] = []
    for line in commands():
        command, comment = split_comment(line)
        if command == "make demo":
            command = f"kg --store oxigraph:{demo_store()} ingest --manifest examples/manifest.json"
        elif command.startswith("make ") or any(m in comment for m in NOT_RUN):
            continue
        elif command.startswith("export "):
            name, _, value = command[len("export "):].partition("=")
            env[name.strip()] = value.strip()
            continue
        elif not command.startswith("kg "):
            continue
        done = run(command, folder, env)
        assert done.returncode == 0, (
            f"README command failed: {line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        ran.append(command)
        if command == "kg stats":
            events = re.search(r"^\s*events:\s*(\d+)", done.stdout, re.MULTILINE)
            assert events and int(events.group(1)) > 0, f"`kg stats` shows no events:\n{done.stdout}"
    assert "kg stats" in ran
    assert any(c.startswith("kg ingest") for c in ran)
