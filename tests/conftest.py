"""Shared fixtures: the spaCy pipeline and the bundled briefs' graph, each made once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parent.parent / "kg" / "sample_corpus"
BRIEF_2023 = CORPUS / "brief-2023.txt"
BRIEF_2024 = CORPUS / "brief-2024.txt"


@pytest.fixture(scope="session")
def raw_2023() -> str:
    return BRIEF_2023.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def raw_2024() -> str:
    return BRIEF_2024.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def repaired_2024(raw_2024: str) -> str:
    from extract.ingest import repair_text

    return repair_text(raw_2024)


# Tests that use these fixtures build a corpus with spaCy, so they are marked slow (`make quick` skips them).
CORPUS_FIXTURES = frozenset({"bundled_dir"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def bundled_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build folder of the two bundled briefs, built through the library API with the real model."""
    from kg.graph.build import build

    result = build(out=tmp_path_factory.mktemp("bundled"))
    assert result.graph_path is not None, result.summary()
    return result.out


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
