"""The architecture rules of DEVELOPERS.md, checked from the source: layers, no import circles, file sizes.

Imports are read with ``ast`` (every import statement, including those inside functions), so these
tests import nothing but the two modules whose third-party imports they check, each in a fresh
interpreter.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("extract", "kg", "ontology")
MAX_LINES = 400
BEING_SPLIT = ("kg/evaluate",)  # another change is splitting these; extract/ is checked on its own below


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


MODULES = {module_name(path): path for path in source_files(*PACKAGES)}
NODES = {module: list(ast.walk(ast.parse(path.read_text(encoding="utf-8")))) for module, path in MODULES.items()}


def imported_modules(module: str, path: Path) -> set[str]:
    """The project modules ``module`` imports, by absolute name."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in NODES[module]:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            origin = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:  # ``from package import submodule`` needs the submodule only
                found.add(f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in MODULES else origin)
    return {name for name in found if name in MODULES and name != module}


IMPORTS = {module: imported_modules(module, path) for module, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a list of modules (first == last), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_import_graph_is_read():
    assert "kg.graph.parts" in IMPORTS["kg.graph.assemble"]
    assert "kg.namespaces" in IMPORTS["kg.graph.cache"]  # from .. import namespaces
    assert "kg.store.store" in IMPORTS["kg.cli"]  # an import inside a function


def test_find_cycle_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_circle_among_project_modules():
    assert find_cycle(IMPORTS) is None


def test_extract_never_imports_kg():
    offenders = {m: sorted(t for t in targets if t.split(".")[0] == "kg")
                 for m, targets in IMPORTS.items() if m.split(".")[0] == "extract"}
    assert {m: t for m, t in offenders.items() if t} == {}


def test_only_the_charts_module_imports_matplotlib():
    users = set()
    for module, nodes in NODES.items():
        for node in nodes:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] == "matplotlib" for name in names):
                users.add(module)
    assert users == {"kg.analysis.charts"}


def loaded_after_import(module: str, *watched: str) -> list[str]:
    """Which of ``watched`` a fresh interpreter has loaded after importing ``module``."""
    code = f"import sys, {module}; print(' '.join(m for m in {watched!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.split()


@pytest.mark.integration
def test_the_page_does_not_load_matplotlib():
    assert loaded_after_import("kg.viz.viz", "matplotlib", "networkx") == ["networkx"]


@pytest.mark.integration
def test_assembling_the_graph_does_not_load_spacy():
    assert loaded_after_import("kg.graph.assemble", "spacy", "extract.merge") == ["extract.merge"]


def test_the_graph_file_name_is_written_in_one_place():
    places = [module for module, nodes in NODES.items() for node in nodes
              if isinstance(node, ast.Constant) and node.value == "graph.ttl"
              and not module.startswith(tuple(p.replace("/", ".") for p in BEING_SPLIT))]
    assert places == ["kg.graph_file"]


def files_over_limit(package: str) -> list[str]:
    return [f"{path.relative_to(ROOT)} ({lines} lines)" for path in source_files(package)
            if not str(path.relative_to(ROOT)).startswith(BEING_SPLIT)
            and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES]


def test_no_kg_file_is_over_the_limit():
    assert files_over_limit("kg") == []


def test_no_extract_file_is_over_the_limit():
    over = files_over_limit("extract")
    if over:
        pytest.xfail(f"still over {MAX_LINES} lines while extract/ is being split: {', '.join(over)}")
