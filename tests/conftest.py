"""Shared fixtures: the spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from extract.nlp import load_english

    return load_english()


@pytest.fixture(scope="session")
def mini_extractor(nlp):
    """An extractor over the small test gazetteer, so stage tests don't move with the real one."""
    from extract.knowledge import load_gazetteer
    from extract.pipeline import DocumentExtractor

    return DocumentExtractor(nlp=nlp, gazetteer=load_gazetteer(FIXTURES / "mini-gazetteer.yaml"))


@pytest.fixture
def mini_store_dir(tmp_path: Path) -> Path:
    """A build folder holding the hand-made mini graph and its Oxigraph store."""
    import shutil

    from kg.graph_file import GRAPH_FILE
    from kg.store.store import build_store

    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(FIXTURES / "mini-graph.ttl", folder / GRAPH_FILE)
    build_store(folder)
    return folder
