"""kg.store.store: the bulk-loaded Oxigraph store, its atomic replacement, locking, and the rdflib view."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from kg.graph_file import GRAPH_FILE
from kg.namespaces import CIKG, ENT
from kg.store.store import StoreError, build_store, is_store, load_store, open_rdflib, open_store, store_path

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"
BOTH_COUNTRIES = [str(ENT.china), str(ENT.united_states)]
COUNTRIES = "SELECT ?c WHERE { ?c a <https://w3id.org/cikg/ontology#Country> } ORDER BY ?c"


def countries(out: Path) -> list[str]:
    store = open_store(out, read_only=True)
    return [row["c"].value for row in store.query(COUNTRIES)]


@pytest.fixture
def out(mini_store_dir: Path) -> Path:
    return mini_store_dir


@pytest.fixture
def holder(out: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the store open read-write (and so its lock) until the test ends."""
    script = textwrap.dedent(f"""
        import sys
        from kg.store.store import open_store
        store = open_store({str(out)!r})
        print("holding", flush=True)
        sys.stdin.read()
    """)
    process = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "holding"
        yield process
    finally:
        process.kill()
        process.wait()


def test_build_store_loads_graph_and_ontology(out: Path) -> None:
    assert is_store(store_path(out))
    assert countries(out) == BOTH_COUNTRIES
    store = open_store(out, read_only=True)
    # the ontology is loaded beside the data, so the class tree can be walked
    assert bool(store.query(f"ASK {{ <{CIKG.Commission}> <{rdflib.RDFS.subClassOf}>+ <{CIKG.Actor}> }}"))


def test_store_reopens_without_reparsing_the_graph(out: Path) -> None:
    (out / GRAPH_FILE).write_text("this is no longer Turtle", encoding="utf-8")
    assert countries(out) == BOTH_COUNTRIES


def test_rebuild_replaces_the_store_and_leaves_no_temporary_folders(out: Path) -> None:
    graph = out / GRAPH_FILE
    text = graph.read_text(encoding="utf-8")
    graph.write_text(text.replace("ent:united_states a cikg:Country", "ent:united_states a cikg:Sector"), encoding="utf-8")
    build_store(out)
    assert countries(out) == [str(ENT.china)]
    assert sorted(p.name for p in out.iterdir()) == [GRAPH_FILE, "store"]


def test_failed_load_keeps_the_previous_store(out: Path) -> None:
    (out / GRAPH_FILE).write_text("@prefix ent: <https://w3id.org/cikg/id/entity/> .\nent:x ent:y .\n", encoding="utf-8")
    with pytest.raises(StoreError, match="not written"):
        build_store(out)
    assert countries(out) == BOTH_COUNTRIES
    assert sorted(p.name for p in out.iterdir()) == [GRAPH_FILE, "store"]


def test_load_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    target = tmp_path / "store"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        load_store([FIXTURE], target)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*run `cikg build"):
        open_store(tmp_path)
    assert not (tmp_path / "store").exists()  # opening never creates an empty store


def test_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no graph at"):
        build_store(tmp_path)


@pytest.mark.integration
def test_store_locked_by_another_process(out: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(StoreError, match="locked by another process"):
        open_store(out)
    # readers that do not write can still share it
    assert countries(out) == BOTH_COUNTRIES


@pytest.mark.integration
def test_rebuild_refuses_a_locked_store_and_keeps_it(out: Path, holder: subprocess.Popen[str]) -> None:
    with pytest.raises(StoreError, match="locked by another process"):
        build_store(out)
    assert countries(out) == BOTH_COUNTRIES


def test_open_rdflib_gives_a_graph_over_the_store(out: Path) -> None:
    graph = open_rdflib(out)
    assert graph.value(ENT.china, rdflib.RDFS.label) == rdflib.Literal("China", lang="en")
    rows = list(graph.query("SELECT ?c WHERE { ?c a cikg:Country }", initNs={"cikg": CIKG}))
    assert sorted(str(r[0]) for r in rows) == [str(ENT.china), str(ENT.united_states)]


def test_open_rdflib_without_oxrdflib_parses_the_graph(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "oxrdflib", None)  # makes `import oxrdflib` fail
    graph = open_rdflib(out)
    assert type(graph.store).__name__ == "Memory"
    assert (ENT.china, rdflib.RDF.type, CIKG.Country) in graph
    assert (CIKG.Commission, rdflib.RDFS.subClassOf, CIKG.GovernmentBody) in graph


def test_graph_is_loaded_in_chunks_that_together_hold_every_triple(out: Path):
    from kg.store.store import graph_chunks

    chunks = list(graph_chunks(out / GRAPH_FILE, size=2000))
    assert len(chunks) > 1
    assert all(b"@prefix" in chunk for chunk in chunks)
    pieces = rdflib.Graph()
    for chunk in chunks:
        pieces.parse(data=chunk, format="turtle")
    assert set(pieces) == set(rdflib.Graph().parse(out / GRAPH_FILE))
