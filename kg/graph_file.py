"""Where a build folder keeps its graph and store, and how every reader finds and parses the graph.

``cikg build`` publishes ``graph.ttl`` and the store loaded from it together, as one *generation*::

    DIR/generations/<n>/graph.ttl     the graph of build n
    DIR/generations/<n>/store/        the Oxigraph store loaded from that very file
    DIR/generations/<n>/documents/    the text of each document, which that graph's evidence offsets index
    DIR/current -> generations/<n>    the published pair, switched in one atomic rename
    DIR/graph.ttl -> current/graph.ttl, DIR/store -> current/store, DIR/documents -> current/documents
                                      the paths users type

A reader resolves ``DIR/current`` once (:func:`generation`) and keeps that pair, so it sees the old
graph and store or the new ones, never a mix. A folder without ``current`` (a graph copied in by
hand) is its own generation: ``DIR/graph.ttl`` and ``DIR/store``. The store, validation, analysis,
coverage and the page all read the graph through :func:`graph_file` and :func:`read_graph`, so a
missing, empty or broken graph gets the same one-line error everywhere.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

GRAPH_FILE = "graph.ttl"
STORE_DIR = "store"
DOCUMENTS_DIR = "documents"
CURRENT = "current"
GENERATIONS = "generations"
LEFTOVER_PATTERNS = (".store.new.*", ".store.old.*", ".documents.old.*", ".*.link")  # what a killed build or store swap leaves in DIR
RDF_FORMATS = {".nt": "nt", ".rdf": "xml", ".owl": "xml", ".xml": "xml"}  # anything else is read as Turtle


class GraphInputError(ValueError):
    """The graph cannot be used: missing, empty, unparsable, or without entities."""


@dataclass(frozen=True)
class Generation:
    """A graph and the store loaded from it, side by side in ``root``."""

    root: Path

    @property
    def graph(self) -> Path:
        return self.root / GRAPH_FILE

    @property
    def store(self) -> Path:
        return self.root / STORE_DIR

    @property
    def documents(self) -> Path:
        return self.root / DOCUMENTS_DIR


def generation(out_dir: Path) -> Generation:
    """The published pair of a build folder, resolved now; a folder without generations is its own pair."""
    out_dir = Path(out_dir)
    pointer = out_dir / CURRENT
    return Generation(pointer.resolve()) if pointer.is_symlink() else Generation(out_dir)


def has_generations(out_dir: Path) -> bool:
    return (Path(out_dir) / CURRENT).is_symlink()


def new_generation(out_dir: Path) -> Generation:
    """An empty folder for the next generation, numbered after every one already there."""
    root = Path(out_dir) / GENERATIONS
    root.mkdir(parents=True, exist_ok=True)
    number = max((int(p.name) for p in root.iterdir() if p.name.isdigit()), default=0)
    while True:
        number += 1
        try:
            (root / str(number)).mkdir()
        except FileExistsError:  # a concurrent publisher took this number
            continue
        return Generation(root / str(number))


def _link(path: Path, target: str) -> None:
    """Make ``path`` a symlink to ``target`` in one rename (a plain file there is replaced)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, path)


def publish(out_dir: Path, published: Generation) -> None:
    """Point ``DIR/current`` at ``published`` in one atomic rename and keep the user-facing links in place.

    A folder from before generations holds a plain ``graph.ttl``, ``store/`` and ``documents/``; the old
    folders are moved aside once ``current`` is switched, so an interrupted switch leaves no store or
    texts rather than ones that disagree with the graph.
    """
    out_dir = Path(out_dir)
    store = out_dir / STORE_DIR
    plain = [folder for folder in (store, out_dir / DOCUMENTS_DIR) if folder.is_dir() and not folder.is_symlink()]
    if store in plain and not (store / "CURRENT").is_file():
        raise GraphInputError(f"{store} exists and is not an Oxigraph store; not replacing it")
    _link(out_dir / CURRENT, f"{GENERATIONS}/{published.root.name}")
    for folder in plain:
        retired = out_dir / f".{folder.name}.old.{os.getpid()}"
        os.replace(folder, retired)
        shutil.rmtree(retired, ignore_errors=True)
    for name in (GRAPH_FILE, STORE_DIR, DOCUMENTS_DIR):
        link, wanted = out_dir / name, f"{CURRENT}/{name}"
        if not (link.is_symlink() and os.readlink(link) == wanted):
            _link(link, wanted)


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left: half-written generations, staging folders, and all but the
    current generation and the one before it (a reader may still hold that one). Call only while
    holding the build lock; returns what was removed."""
    out_dir = Path(out_dir)
    removed = [p for pattern in LEFTOVER_PATTERNS for p in out_dir.glob(pattern)]
    root = out_dir / GENERATIONS
    if root.is_dir():
        current = generation(out_dir).root.name if has_generations(out_dir) else None
        numbers = sorted((int(p.name) for p in root.iterdir() if p.name.isdigit()), reverse=True)
        keep = {current} if current else set()
        if current is not None:
            keep.update(str(n) for n in [n for n in numbers if n < int(current)][:1])  # the one before
        removed += [p for p in root.iterdir() if p.name not in keep]
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if has_generations(out_dir):
        publish(out_dir, generation(out_dir))  # heals the user-facing links after an interrupted switch
    return removed


def graph_file(path: Path) -> Path:
    """The published ``graph.ttl`` of a build folder, or the file itself; a clear error when unusable."""
    path = Path(path)
    if not path.exists():
        raise GraphInputError(f"{path} does not exist; build it first with `cikg build --out {path}`")
    graph = generation(path).graph if path.is_dir() else path
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
