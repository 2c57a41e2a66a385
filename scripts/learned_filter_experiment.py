"""Would a learned filter on the extractor's events help on unseen text? Leave one round out.

    pip install scikit-learn    # not a dependency of the project: this is an experiment
    python scripts/learned_filter_experiment.py [--aliases ../shared/corpus/real/aliases.txt]

Every event extracted from the development rounds of ``tests/fixtures/realdev`` is labelled by
the scorer's matching (matched to a required gold event, unmatched, or matched to an optional
one and left out). A logistic regression over the event's type, date distance from the page,
places, roles, figures, evidence length and position (``--words`` adds the evidence's words)
is trained on all rounds but one and keeps, in the held-out round, the events it gives a
probability of at least the threshold; the held-out event F1 is printed before and after, for
a few regularisations and thresholds. The result is in ``docs/extraction-quality.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from score_extraction import ROOT, annotated, load_scorer

ROUNDS = {"1": ["wires", "ukrainian", "russian", "live", "institutional"], "2": ["outlets-2", "kinds-2"],
          "3": ["week-3", "live-3"], "4": ["wires-live-4", "recent-4"], "5": ["live-5", "news-5"]}


def labelled(scorer, folders: list[Path]) -> tuple[list[dict], int]:
    """The extracted events of the folders with their labels (1, 0, or None), and the number of
    required gold events."""
    rows, gold_total = [], 0
    for records, gold in annotated(folders):
        flat = [(ui, u, e) for ui, u in enumerate(records["updates"]) for e in u["events"]]
        preds, golds = scorer.predicted_events(records), gold["events"]
        pairs = sorted(((s, i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                        if (s := scorer.pair_score(p, g)) is not None), reverse=True)
        used_p, used_g, label = set(), set(), {}
        for _, i, j in pairs:
            if i not in used_p and j not in used_g:
                used_p.add(i)
                used_g.add(j)
                label[i] = None if golds[j].get("optional") else 1
        gold_total += sum(1 for g in golds if not g.get("optional"))
        for i, (ui, update, event) in enumerate(flat):
            rows.append({"published": records["published"], "updates": len(records["updates"]),
                         "ui": ui, "update": update, "event": event, "label": label.get(i, 0)})
    return rows, gold_total


def features(row: dict, words: bool) -> dict[str, float]:
    e, u = row["event"], row["update"]
    f: dict[str, float] = {"type=" + e["type"]: 1, "confidence": e.get("confidence") or 0}
    if e.get("date"):
        days = (dt.date.fromisoformat(row["published"]) - dt.date.fromisoformat(e["date"])).days
        f["days=" + ("0" if days <= 0 else "1" if days == 1 else "2-6" if days < 7 else "7+")] = 1
    else:
        f["no date"] = 1
    for place in e["locations"]:
        f["place=" + str(place.get("kind"))] = 1
    f["places"] = min(len(e["locations"]), 5)
    for actor in e["actors"]:
        f["role=" + str(actor.get("role"))] = 1
        f["actor=" + str(actor.get("kind"))] = 1
    f["actors"] = min(len(e["actors"]), 5)
    f.update(equipment=int(bool(e["equipment"])), killed=int(e.get("killed") is not None),
             injured=int(e.get("injured") is not None), civilian=int(bool(e.get("civilian"))),
             claimed=int(bool(e.get("claimed_by"))), first_update=int(row["ui"] == 0),
             live=int(row["updates"] > 1))
    evidence = e["evidence"]
    f["length"] = min(len(evidence["text"]), 2000) / 500
    f["sentences"] = min(evidence["text"].count(". ") + 1, 10)
    size = max(1, (u.get("end") or 1) - (u.get("start") or 0))
    f["position"] = (evidence["start"] - (u.get("start") or 0)) / size
    if words:
        for w in set(re.findall(r"[a-z]+", evidence["text"].lower()[:300])):
            f["w=" + w] = 1
    return f


def f1(rows: list[dict], keep: list[bool], gold: int) -> float:
    tp = sum(1 for r, k in zip(rows, keep, strict=True) if k and r["label"] == 1)
    fp = sum(1 for r, k in zip(rows, keep, strict=True) if k and r["label"] == 0)
    p, r = (tp / (tp + fp) if tp + fp else 1.0), tp / gold
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aliases", type=Path)
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score_events.py")
    parser.add_argument("--words", action="store_true", help="add the evidence's words as features")
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    scorer = load_scorer(parser, args.scorer)
    if args.aliases:
        scorer.load_aliases(str(args.aliases))
    realdev = ROOT / "tests" / "fixtures" / "realdev"
    data = {k: labelled(scorer, [realdev / f for f in v]) for k, v in ROUNDS.items()}
    for c in (0.1, 0.3, 1.0):
        for threshold in (0.3, 0.4, 0.5):
            cells = []
            for held, (test, gold) in data.items():
                train = [r for k, (rows, _) in data.items() if k != held
                         for r in rows if r["label"] is not None]
                vectors = DictVectorizer()
                x = vectors.fit_transform([features(r, args.words) for r in train])
                model = LogisticRegression(C=c, max_iter=2000).fit(x, [r["label"] for r in train])
                p = model.predict_proba(vectors.transform([features(r, args.words) for r in test]))[:, 1]
                before = f1(test, [True] * len(test), gold)
                after = f1(test, list(p >= threshold), gold)
                cells.append(f"round {held} {before:.3f}->{after:.3f}")
            print(f"C {c} threshold {threshold}: " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
