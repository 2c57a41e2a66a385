"""scripts/calibration.py pairs events as the scorer does and tells right from wrong by confidence."""
from __future__ import annotations

import importlib.util

import pytest
from paths import ROOT, SHARED


def _load(path, name):
    if not path.is_file():
        pytest.skip(f"no {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_event_is_right_wrong_or_not_judged_with_its_confidence():
    calibration = _load(ROOT / "scripts" / "calibration.py", "calibration")
    scorer = _load(SHARED / "eval" / "score_events.py", "score_events")
    strike = {"type": "Shelling", "date": "2024-06-20", "locations": [{"name": "Kharkiv"}],
              "actors": [], "equipment": [], "killed": 1, "injured": None}
    records = {"source": "t.txt", "updates": [{"heading": "U", "events": [
        {**strike, "confidence": 0.9},
        {**strike, "type": "Sanctions", "locations": [], "confidence": 0.7},
        {**strike, "type": "DiplomaticVisit", "locations": [{"name": "Paris"}], "confidence": 0.85}]}]}
    gold = {"source": "t.txt", "events": [
        {"id": "a", **strike, "type": ["Shelling"], "locations": ["Kharkiv"]},
        {"id": "b", **strike, "type": ["DiplomaticVisit"], "locations": ["Paris"], "optional": True}]}
    assert calibration.outcomes(scorer, records, gold) == [(0.9, True), (0.7, False), (0.85, None)]
