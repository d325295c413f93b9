"""Where a build folder keeps its graph, and how every reader finds and parses it.

``cikg build`` writes ``DIR/graph.ttl``; the store, validation, analysis, coverage and the page all
read it through :func:`graph_file` and :func:`read_graph`, so a missing, empty or broken graph gets
the same one-line error everywhere.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

GRAPH_FILE = "graph.ttl"
RDF_FORMATS = {".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}  # anything else is read as Turtle


class GraphInputError(ValueError):
    """The graph cannot be used: missing, empty, unparsable, or without entities."""


def graph_file(path: Path) -> Path:
    """``DIR/graph.ttl`` for a build folder, or the file itself; a clear error when unusable."""
    path = Path(path)
    if not path.exists():
        raise GraphInputError(f"{path} does not exist; build it first with `cikg build --out {path}`")
    graph = path / GRAPH_FILE if path.is_dir() else path
    if not graph.is_file():
        raise GraphInputError(f"no {GRAPH_FILE} in {path}; build it first with `cikg build --out {path}`")
    if graph.stat().st_size == 0:
        raise GraphInputError(f"{graph} is empty; rebuild it with `cikg build`")
    return graph


def read_graph(path: Path) -> Graph:
    """The parsed graph of a build folder (or of an RDF file given directly)."""
    source = graph_file(path)
    try:
        return Graph().parse(source, format=RDF_FORMATS.get(source.suffix, "turtle"))
    except Exception as error:  # rdflib raises many parser-specific types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise GraphInputError(f"{source} is not valid RDF: {first_line}") from error
