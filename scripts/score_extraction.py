"""Score extraction on annotated corpora: each folder's manifest.json names texts, dates and gold.

    python scripts/score_extraction.py tests/fixtures/realdev/wires [FOLDER ...] [--per-doc]
        [--aliases ../shared/corpus/real/aliases.txt] [--scorer ../shared/eval/score_events.py]

Every text is extracted as ``kg extract TEXT --date PUBLISHED --format json`` would, in this
process, and the records are scored against the gold with the scorer given (by default the one
in ``../shared/eval``); its summary is printed, with each document's F1 under ``--per-doc``.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.ingest.pipeline import SourceSpec, load_document  # noqa: E402
from kg.records import document_to_dict  # noqa: E402


def corpus_arguments(description: str) -> argparse.ArgumentParser:
    """The options of the scripts that read annotated folders: the folders, aliases, the scorer."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--aliases", type=Path)
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score_events.py")
    return parser


def load_scorer(parser: argparse.ArgumentParser, path: Path):
    """The scorer module at ``path`` (a usage error when there is none)."""
    if not path.is_file():
        parser.error(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("score_events", path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


def annotated(folders: list[Path]) -> list[tuple[dict, dict]]:
    """``(records, gold)`` for every document of the folders, its records extracted as
    ``kg extract --format json`` gives them."""
    pairs = []
    for folder in folders:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        for doc in manifest["documents"]:
            records = document_to_dict(load_document(SourceSpec(folder / doc["file"], doc["published"]),
                                                     kind="liveblog"))
            pairs.append((records, json.loads((folder / doc["gold"]).read_text(encoding="utf-8"))))
    return pairs


def main() -> int:
    parser = corpus_arguments(__doc__.splitlines()[0])
    parser.add_argument("--per-doc", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the scorer's misses and spurious events")
    args = parser.parse_args()
    scorer = load_scorer(parser, args.scorer)
    return run_scorer(scorer, annotated(args.folders), args)


def run_scorer(scorer, pairs, args) -> int:
    """Hand the pairs to the scorer's command line, as files, so that its options apply as they are."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, (records, gold) in enumerate(pairs):
            stem = f"{i:03d}-{Path(gold.get('source', 'doc')).stem}"
            for suffix, value in ((".json", records), (".gold.json", gold)):
                Path(tmp, stem + suffix).write_text(json.dumps(value), encoding="utf-8")
                files.append(str(Path(tmp, stem + suffix)))
        options = [] if getattr(args, "misses", False) else ["--quiet"]
        options += ["--per-doc"] if args.per_doc else []
        options += ["--aliases", str(args.aliases)] if args.aliases else []
        return scorer.main(options + files)


if __name__ == "__main__":
    sys.exit(main())
