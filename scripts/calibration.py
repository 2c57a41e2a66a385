"""How much an event's confidence means: of the events extracted at each level, the share that
match an annotated event (a reliability table), on annotated folders (manifest.json, gold).

    python scripts/calibration.py tests/fixtures/realdev/week-3 tests/fixtures/realdev/live-3 \\
        [--aliases ../shared/corpus/real/aliases.txt] [--scorer ../shared/eval/score_events.py]

Events are paired with gold events as the scorer pairs them (best pairs first, each used once);
an event paired with an optional gold event counts neither way.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_extraction import annotated, corpus_arguments, load_scorer  # noqa: E402

BINS = (0.0, 0.6, 0.7, 0.8, 0.9, 1.01)


def outcomes(scorer, records: dict, gold: dict) -> list[tuple[float, bool | None]]:
    """``(confidence, right)`` for each predicted event; ``right`` is ``None`` when it pairs
    with an optional gold event."""
    preds, golds = scorer.predicted_events(records), gold["events"]
    pairs = sorted(((s, i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                    if (s := scorer.pair_score(p, g)) is not None), reverse=True)
    used_p: dict[int, int] = {}
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p[i] = j
            used_g.add(j)
    out = []
    for i, p in enumerate(preds):
        j = used_p.get(i)
        right = None if j is not None and golds[j].get("optional") else j is not None
        out.append((float(p.get("confidence") or 0.0), right))
    return out


def main() -> int:
    parser = corpus_arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    scorer = load_scorer(parser, args.scorer)
    if args.aliases:
        scorer.load_aliases(str(args.aliases))
    seen = [outcome for records, gold in annotated(args.folders)
            for outcome in outcomes(scorer, records, gold)]
    print("| confidence | events | right | share right |")
    print("|---|---:|---:|---:|")
    for low, high in zip(BINS, BINS[1:], strict=False):
        judged = [r for c, r in seen if low <= c < high and r is not None]
        if judged:
            label = f"{low:.1f} to {min(high, 1.0):.1f}" if high <= 1.0 else f"{low:.1f} or more"
            print(f"| {label} | {len(judged)} | {sum(judged)} | {sum(judged) / len(judged):.2f} |")
    high = [r for c, r in seen if c >= 0.8 and r is not None]
    if high:
        share = sum(high) / len(high)
        print(f"\nOf {len(high)} events at 0.8 or more, {share:.0%} match an annotated event.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
