"""Render the ontology as HTML with pyLODE: docs/ontology/index.html (``make docs``).

pyLODE is an optional extra (``pip install -e '.[docs]'``); without it this says so and exits
with status 1. The output folder is not tracked (it is generated). The taxonomy and its
mappings are described in docs/ontology.md.

Usage: python scripts/ontology_docs.py [OUTPUT_FOLDER]
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "ontology"


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    try:
        from pylode import OntPub
    except ImportError:
        print("pyLODE is not installed; install the docs extra first: pip install -e '.[docs]'",
              file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a broken release (3.4.1 fails on import)
        print(f"pyLODE cannot be imported ({type(exc).__name__}: {exc}); "
              "install another version: pip install 'pylode>=3.2,!=3.4.1'", file=sys.stderr)
        return 1
    from rdflib import Graph

    from kg.resources import resource_dir

    logging.getLogger().setLevel(logging.WARNING)
    start = time.perf_counter()
    ontology = Graph().parse(resource_dir("ontology") / "conflict-kg.ttl", format="turtle")
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    target.write_text(OntPub(ontology=ontology).make_html(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
          f"({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
