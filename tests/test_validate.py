"""kg.store.validate and `cikg validate`: the SHACL shapes accept graphs in the documented shape and name
every node that breaks it."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.graph_file import GraphInputError
from kg.store.validate import ValidationReport, Violation, validate

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"
PREFIXES = """
@prefix cikg: <https://w3id.org/cikg/ontology#> .
@prefix ent: <https://w3id.org/cikg/id/entity/> .
@prefix doc: <https://w3id.org/cikg/id/document/> .
@prefix ev: <https://w3id.org/cikg/id/evidence/> .
@prefix obs: <https://w3id.org/cikg/id/observation/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
BROKEN = PREFIXES + """
doc:d a cikg:Document ; rdfs:label "D"@en .
ent:a a cikg:Country ; rdfs:label "A"@en ; cikg:mentionedIn doc:d ; cikg:funds ent:only_an_object .
ent:b a cikg:NoSuchClass ; rdfs:label "B"@fr ; cikg:mentionedIn doc:d .
ent:c a cikg:Country, cikg:Sector ; rdfs:label "C"@en, "C two"@en ; cikg:mentionedIn doc:d .
ev:e a cikg:Evidence ; rdf:subject ent:a ; rdf:predicate cikg:funds ; rdf:object ent:only_an_object ;
    cikg:startOffset 10 ; cikg:endOffset 5 .
obs:o a cikg:Observation ; cikg:value "2.6"^^xsd:decimal ; cikg:unit "percent" ;
    cikg:observedEntity ent:a ; cikg:indicator ent:a .
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_conforms() -> None:
    report = validate(FIXTURE)
    assert report.conforms, report.summary()


def test_bundled_graph_conforms(bundled_dir: Path) -> None:
    report = validate(bundled_dir)
    assert report.conforms, report.summary()


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> ValidationReport:
    """SHACL on the broken graph, run once: each check below reads the same report."""
    return validate(write(tmp_path_factory.mktemp("broken"), BROKEN))


def test_every_broken_node_is_named(broken: ValidationReport) -> None:
    found = {(v.focus, v.path) for v in broken.violations}
    assert found == {
        ("ent:only_an_object", "rdf:type"),            # an entity seen only as an object still needs a class,
        ("ent:only_an_object", "rdfs:label"),          # an English label
        ("ent:only_an_object", "cikg:mentionedIn"),    # and a document
        ("ent:b", "rdf:type"),                         # not a class of the ontology
        ("ent:b", "rdfs:label"),                       # no English label
        ("ent:c", "rdf:type"),                         # two classes
        ("ent:c", "rdfs:label"),                       # two English labels
        ("ev:e", "prov:wasDerivedFrom"),
        ("ev:e", "cikg:sentence"),
        ("ev:e", "cikg:startOffset"),                  # starts after it ends
        ("obs:o", "cikg:measure"),
    }


def test_messages_say_what_the_shape_requires(broken: ValidationReport) -> None:
    assert Violation("obs:o", "cikg:measure", "an observation says what it measures") in broken.violations
    assert broken.summary().startswith(f"{len(broken.violations)} SHACL violation(s):\n  ent:b rdf:type: ")


def test_warning_lines_are_capped() -> None:
    report = ValidationReport(tuple(Violation(f"ent:e{i}", "rdf:type", "x") for i in range(25)))
    lines = report.warning_lines(limit=20)
    assert len(lines) == 21 and lines[0] == "SHACL: ent:e0 rdf:type: x"
    assert lines[-1] == "SHACL: … and 5 more (run `cikg validate`)"


def test_missing_and_unparsable_graphs(tmp_path: Path) -> None:
    with pytest.raises(GraphInputError, match="no graph.ttl in"):
        validate(tmp_path)
    with pytest.raises(GraphInputError, match="not valid RDF"):
        validate(write(tmp_path, "this is not turtle"))


@pytest.mark.slow
def test_cli_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURE)]) == 0
    assert capsys.readouterr().out == "graph conforms to ontology/shapes.ttl\n"
    write(tmp_path, BROKEN)
    assert main(["validate", str(tmp_path)]) == 2
    assert "SHACL violation(s)" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ") and "missing" in error
