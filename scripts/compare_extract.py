"""Extraction output before and after a change: ``kg extract --format json`` on every page.

Pages: ``tests/fixtures`` (every ``.txt``/``.html``), ``examples/pages`` and, where present,
``../shared/corpus`` (its manifests give the dates). A page's date is its manifest's, else an
ISO date in its name, else 2024-01-01.

    python scripts/compare_extract.py save BEFORE_DIR     # write one JSON file per page
    python scripts/compare_extract.py compare BEFORE_DIR  # exit 1 and name each page that differs
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
"""The development corpora beside the checkout (``KG_SHARED`` names another place)."""
DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def pages() -> dict[str, tuple[Path, str]]:
    """Every page to extract, by a stable key, with its publication date."""
    found: dict[str, tuple[Path, str]] = {}
    if not SHARED.is_dir():
        print(f"note: no corpora at {SHARED}; only the project's own pages are compared", file=sys.stderr)
    for manifest in sorted(SHARED.glob("corpus/**/manifest.json")) + [ROOT / "examples/manifest.json"]:
        for doc in json.loads(manifest.read_text(encoding="utf-8"))["documents"]:
            path = manifest.parent / doc["file"]
            found[str(path.relative_to(path.parents[2]))] = (path, doc["published"])
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if path.suffix in (".txt", ".html") and path.is_file():
            match = DATE.search(path.name)
            found[str(path.relative_to(ROOT))] = (path, match.group(1) if match else "2024-01-01")
    return found


def extract(path: Path, published: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg", "extract", str(path), "--date", published,
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    return done.stdout + (f"\n[exit {done.returncode}] {done.stderr}" if done.returncode else "")


def name(key: str) -> str:
    return key.replace("/", "__") + ".json"


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("save", "compare"):
        print(__doc__.strip().splitlines()[-2:][0], file=sys.stderr)
        return 2
    action, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    differ, compared = [], 0
    for key, (path, published) in pages().items():
        target = folder / name(key)
        if action == "compare" and not target.is_file():
            continue  # a page added since the baseline was saved
        out = extract(path, published)
        compared += 1
        if action == "save":
            target.write_text(out, encoding="utf-8")
        elif target.read_text(encoding="utf-8") != out:
            differ.append(key)
    if action == "compare":
        for key in differ:
            print(f"differs: {key}")
        print(f"{compared - len(differ)} of {compared} pages identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
