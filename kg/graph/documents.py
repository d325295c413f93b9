"""The documents' text next to the graph, ``DIR/documents/<id>.txt``: what every evidence offset indexes.

The page and the notebook open a sentence in its document from here, so provenance does not
depend on the source files still being where the build found them.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from ..graph_file import GENERATIONS
from .parts import Part

DOCUMENTS_FOLDER = "documents"


def documents_folder(graph_dir: Path) -> Path:
    """Where a build folder (or the folder of a ``graph.ttl``, a generation's included) keeps its documents' text."""
    folder = graph_dir if graph_dir.is_dir() else graph_dir.parent
    if not (folder / DOCUMENTS_FOLDER).is_dir() and folder.parent.name == GENERATIONS:
        folder = folder.parent.parent  # DIR/generations/<n>/graph.ttl: the text of DIR's build
    return folder / DOCUMENTS_FOLDER


def export_texts(parts: Iterable[Part], out: Path) -> Path:
    """Copy each part's text to ``out/documents/<id>.txt``, replacing the folder in one rename."""
    target = out / DOCUMENTS_FOLDER
    staging = out / f".{DOCUMENTS_FOLDER}.new"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for part in parts:
        if part.text.is_file():
            shutil.copyfile(part.text, staging / f"{part.meta.doc_id}.txt")
    old = out / f".{DOCUMENTS_FOLDER}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def read_text(graph_dir: Path, document: str) -> str | None:
    """The text of ``document`` as the build read it, or None when the build folder has none."""
    path = documents_folder(graph_dir) / f"{document}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
