"""``cikg validate``: check a built graph against the SHACL shapes in ``ontology/shapes.ttl`` with pySHACL."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import SH

from ontology import SHAPES_TTL

from ..graph_file import read_graph
from .query import compact
from .store import ontology_path


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the node at fault, the property concerned and what the shape requires."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus} {self.path}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    violations: tuple[Violation, ...]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def warning_lines(self, limit: int = 20) -> list[str]:
        """The first violations as ``cikg build`` warnings, pointing at ``cikg validate`` for the rest."""
        lines = [f"SHACL: {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"SHACL: … and {len(self.violations) - limit} more (run `cikg validate`)")
        return lines

    def summary(self, limit: int | None = None) -> str:
        if self.conforms:
            return "graph conforms to ontology/shapes.ttl"
        shown = self.violations[:limit] if limit else self.violations
        lines = [f"{len(self.violations)} SHACL violation(s):"] + [f"  {v}" for v in shown]
        if len(shown) < len(self.violations):
            lines.append(f"  … and {len(self.violations) - len(shown)} more")
        return "\n".join(lines)


def _term(node: rdflib.term.Node | None) -> str:
    if node is None:
        return "-"
    return compact(str(node)) if isinstance(node, rdflib.URIRef) else node.n3()


def violations(results: rdflib.Graph) -> tuple[Violation, ...]:
    """The sh:ValidationResult nodes of a pySHACL results graph, sorted so reports are stable."""
    found = {Violation(_term(results.value(result, SH.focusNode)), _term(results.value(result, SH.resultPath)),
                       str(results.value(result, SH.resultMessage) or "violates a shape"))
             for result in results.subjects(rdflib.RDF.type, SH.ValidationResult)}
    return tuple(sorted(found))


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    """Validate ``data`` with the ontology mixed in, so ``sh:class`` can see the class declarations."""
    shapes = rdflib.Graph().parse(SHAPES_TTL, format="turtle")
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, advanced=True,
                                     inference="none", allow_warnings=True)
    return ValidationReport(violations(results))


def validate(target: Path) -> ValidationReport:
    """Validate a build folder's ``graph.ttl`` (or an RDF file given directly).

    A graph that cannot be read raises :class:`kg.graph_file.GraphInputError`.
    """
    return validate_graph(read_graph(target))
