"""ontology/, shapes/ and queries/ are found from a checkout and from an installed wheel."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from paths import ROOT

from kg.resources import resource_dir, resource_files


def test_resources_found_in_the_checkout():
    for kind in ("ontology", "shapes", "queries"):
        assert resource_dir(kind).is_dir()
    assert resource_files("queries", ".rq")
    assert resource_files("shapes", ".ttl")


@pytest.mark.slow
def test_resources_found_in_an_installed_wheel(tmp_path):
    pytest.importorskip("hatchling")
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
         str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for kind in ("ontology", "shapes", "queries"):
        assert any(n.startswith(f"kg/_resources/{kind}/") for n in names), kind
    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    code = ("import kg.resources as r; print(r.resource_dir('queries')); "
            "print(len(r.resource_files('shapes', '.ttl')))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=60)
    assert shown.returncode == 0, shown.stderr
    folder, count = shown.stdout.split()
    assert folder.startswith(str(target)) and "_resources" in folder
    assert int(count) > 0
