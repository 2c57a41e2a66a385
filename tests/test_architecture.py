"""The house keeps its shape: layers one way, no import cycle, no private names across modules."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
from paths import ROOT

KG = ROOT / "kg"


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(KG.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def test_import_contracts_are_kept():
    linter = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_no_import_cycle_anywhere_in_kg():
    graph = grimp.build_graph("kg", cache_dir=None)
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            # a package's __init__ importing its own modules is how packages are made, not a cycle
            if not imported.startswith(module + "."):
                edges.add_edge(module, imported)
    cycles = list(nx.simple_cycles(edges, length_bound=6))
    assert cycles == [], cycles[:5]


def test_no_module_imports_a_private_name_of_another():
    offences = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kg"):
                offences += [f"{name}: {node.module}.{a.name}" for a in node.names
                             if a.name.startswith("_") and not a.name.startswith("__")]
    assert offences == []


def _is_class_name(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "__name__"
            and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") == "type")


def test_no_code_dispatches_on_a_class_name():
    offences = []
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(map(_is_class_name, [node.left, *node.comparators])):
                offences.append(f"{name}:{node.lineno}")
    assert offences == []


def test_the_top_level_holds_only_entry_points_and_the_kernel():
    top = sorted(p.name for p in KG.glob("*.py"))
    assert len(top) <= 8, top
