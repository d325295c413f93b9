"""The documents' text beside the graph it belongs to: what every evidence offset indexes.

A build writes each document's text into its new generation, ``DIR/generations/<n>/documents/<id>.txt``,
before it publishes the generation (:mod:`kg.graph_file`), so the texts a reader finds beside a graph
are always those its offsets index; ``DIR/documents`` is a link through ``DIR/current`` like
``DIR/graph.ttl``. The page and the notebook open a sentence in its document from here, so provenance
does not depend on the source files still being where the build found them.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from ..graph_file import DOCUMENTS_DIR, generation
from .parts import Part


def documents_folder(graph: Path) -> Path:
    """The texts beside a graph: those of a build folder's published generation, or of the folder of a ``graph.ttl``."""
    graph = Path(graph)
    root = generation(graph).root if graph.is_dir() else graph.resolve().parent
    return root / DOCUMENTS_DIR


def write_texts(parts: Iterable[Part], folder: Path) -> None:
    """Copy each part's text to ``folder/<id>.txt`` (a part an analyst added has none)."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in parts:
        if part.text.is_file():
            shutil.copyfile(part.text, folder / f"{part.meta.doc_id}.txt")


def read_text(graph: Path, document: str) -> str | None:
    """The text of ``document`` as the build of ``graph`` read it, or None when it kept none."""
    path = documents_folder(graph) / f"{document}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
