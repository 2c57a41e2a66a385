"""The shape model: one reading of shapes/ for both validators, and validation's imports."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg.namespaces import CKG, SH, SHAPES
from kg.validation.compiled import CompiledShapes
from kg.validation.shape_model import ShapeModel, component, shape_model
from kg.validation.shapes import shapes_graph

VALIDATION = Path(__file__).resolve().parents[2] / "kg" / "validation"


def test_model_holds_every_targeted_shape_of_the_shapes_graph() -> None:
    model = shape_model()
    assert model.graph is shapes_graph()
    names = {s.name for s in model.node_shapes}
    assert {"EventShape", "ActorShape", "PlaceShape", "ReportShape", "PageShape"} <= names
    event = next(s for s in model.node_shapes if s.name == "EventShape")
    assert event.target_classes == (CKG.Event,)
    killed_min = next(p for p in event.properties if p.iri == SHAPES["Event-killed-min"])
    assert killed_min.path == CKG.killed
    assert killed_min.message == "killed must be ≥ 0"
    assert [(c.parameter, c.value) for c in killed_min.constraints] == [
        (SH.minInclusive, Literal(0))]


def test_rule_names_the_node_shape_of_a_property_shape() -> None:
    model = shape_model()
    assert model.rule(SHAPES["Event-killed-min"], component("MinInclusive")) == "EventShape/minInclusive"
    assert model.rule(SHAPES["PlaceShape"], component("Or")) == "PlaceShape/or"


def test_subclasses_widen_a_target_with_the_ontology_class_tree() -> None:
    model = shape_model()
    assert {str(CKG.Actor), str(CKG.State)} <= model.subclasses(CKG.Actor)
    assert model.subclasses(CKG.Nothing) == frozenset({str(CKG.Nothing)})


def test_a_constraint_the_compiler_does_not_know_fails_compilation() -> None:
    g = Graph()
    g.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:maxLength 3 ; sh:message "too long" .
    """, format="turtle")
    with pytest.raises(NotImplementedError, match="maxLength"):
        CompiledShapes(ShapeModel(g))


def test_compiled_shapes_of_a_given_model() -> None:
    g = Graph()
    g.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S sh:targetClass ex:C ; sh:property ex:P .
        ex:P sh:path ex:p ; sh:minCount 1 ; sh:message "needs p" .
    """, format="turtle")
    shapes = CompiledShapes(ShapeModel(g))
    store = shapes.load("<http://example.org/a> "
                        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/C> .\n")
    [violation] = shapes.run(store)
    assert violation.message == "needs p" and violation.rule == "S/minCount"


_ABOVE = ("kg.ops", "kg.ingest", "kg.commands", "kg.cli", "kg.rdf", "kg.export", "kg.network",
          "kg.analytics")


@pytest.mark.parametrize("path", sorted(VALIDATION.glob("*.py")), ids=lambda p: p.name)
def test_validation_imports_nothing_above_it_and_no_private_name(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert not node.module.startswith(_ABOVE), f"{path.name} imports {node.module}"
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{path.name} imports {private} from {node.module}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith(_ABOVE), f"{path.name} imports {alias.name}"
