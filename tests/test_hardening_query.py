"""Issue 13, queries: limits that really stop a query, SERVICE refused, read-only readers that never lock,
and one-line errors for bad IRI parameters."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.graph_file import GRAPH_FILE
from kg.store.bounded import query_folder
from kg.store.limits import QueryLimits, uses_service
from kg.store.query import QueryError, QueryTimeout, SelectResult, run_query
from kg.store.store import build_store

pytestmark = pytest.mark.integration  # queries in child processes and CLI runs

ROOT = Path(__file__).resolve().parent.parent
TRIPLES = 3000
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_CARTESIAN = CARTESIAN + " ORDER BY ?c ?f ?i"  # must hold 2.7e10 rows at once: blows any memory cap
COUNT_CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # no row until it is done
SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
MEMORY_CAP_MIB = 1024


def write_generated_graph(folder: Path, triples: int = TRIPLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f'<urn:cikg:s{i}> <urn:cikg:p{i % 7}> "value {i}" .\n' for i in range(triples)]
    (folder / GRAPH_FILE).write_text("".join(lines), encoding="utf-8")
    build_store(folder)
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated_graph(tmp_path_factory.mktemp("generated"))


def query_children() -> list[int]:
    """This process's children that run a bounded query."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        for pid in (task / "children").read_text().split():
            try:
                if b"kg.store.bounded" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(int(pid))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("query", [COUNT_CARTESIAN, CARTESIAN])  # no row until done; rows streamed without end
def test_a_query_past_its_time_limit_is_killed(generated: Path, query: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"^query still running after 1 s; abandoned \(raise the limit with --timeout\)$"):
        query_folder(generated, query, limits=QueryLimits(1.0, MEMORY_CAP_MIB))
    assert time.monotonic() - started < 15  # startup (not counted in the limit) plus one second
    assert query_children() == []  # killed, not abandoned


def test_a_query_past_its_memory_cap_is_stopped(generated: Path) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match=f"needs more than {MEMORY_CAP_MIB} MiB of memory"):
        query_folder(generated, SORTED_CARTESIAN, limits=QueryLimits(120, MEMORY_CAP_MIB))
    assert time.monotonic() - started < 60
    assert query_children() == []


def test_bounded_results_equal_in_process_results(mini_store_dir: Path) -> None:
    from kg.store.store import open_store

    store = open_store(mini_store_dir, read_only=True)
    for query in ("figures", "describe-entity", "ASK { ?s ?p ?o }", "labels-all-languages"):
        assert query_folder(mini_store_dir, query) == run_query(store, query)


@pytest.mark.parametrize("text, used", [
    (SERVICE, True),
    ("select * where { service\n<http://x/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SERVICE SILENT ?endpoint { ?s ?p ?o } }", True),
    ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:%22 ?o . SERVICE <http://x/> { ?a ?b ?c } ?s ex:%22 ?o }", True),
    ("SELECT * WHERE { ?service ?p <http://example.org/SERVICE> }", False),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://x/> { }" } # SERVICE', False),
    ("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:service ?o ; ex:a.service ?x }", False),
])
def test_service_is_found_as_a_keyword_only(text: str, used: bool) -> None:
    assert uses_service(text) == used


def test_service_is_refused_unless_allowed(mini_store_dir: Path) -> None:
    from kg.store.store import open_store

    store = open_store(mini_store_dir, read_only=True)
    for run in (lambda: run_query(store, SERVICE), lambda: query_folder(mini_store_dir, SERVICE)):
        with pytest.raises(QueryError, match=r"SERVICE \(federated query\) is refused.*--allow-service"):
            run()
    with pytest.raises(QueryError) as allowed:  # allowed, it is tried (port 9 refuses the connection)
        query_folder(mini_store_dir, SERVICE, limits=QueryLimits(30, allow_service=True))
    assert "refused" not in str(allowed.value).split(":")[0]


def test_cli_query_flags(mini_store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(mini_store_dir), SERVICE]) == 1
    assert capsys.readouterr().err.startswith("error: SERVICE (federated query) is refused")
    assert main(["query", str(mini_store_dir), "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--memory", "1024"]) == 0


@pytest.mark.parametrize("value", ["<http://a b>", "<not an iri>", "ent:has space", "<http://x/{y}>"])
def test_an_invalid_iri_parameter_is_a_one_line_error(mini_store_dir: Path, value: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(mini_store_dir), "describe-entity", "--bind", f"entity={value}"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_two_cli_queries_run_at_once_and_a_build_goes_on_beside_them(generated: Path) -> None:
    """Readers open the store read-only: no lock, so neither each other nor a store rebuild waits."""
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # 9 M rows: a second or two
    command = [sys.executable, "-m", "kg.cli", "query", str(generated), slow, "--timeout", "60", "--format", "csv"]
    readers = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    try:
        time.sleep(1.5)  # both have opened the store and are counting
        build_store(generated)  # a plain folder: the store is replaced in place, beside the readers
        answers = [reader.communicate(timeout=120) for reader in readers]
    finally:
        for reader in readers:
            reader.kill()
            reader.wait()
    assert [reader.returncode for reader in readers] == [0, 0], answers
    expected = (TRIPLES + len(list(ox.parse(path=str(ROOT / "ontology" / "cikg.ttl"), format=ox.RdfFormat.TURTLE)))) ** 2
    assert [out for out, _ in answers] == [f"n\n{expected}\n"] * 2
    assert isinstance(query_folder(generated, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"), SelectResult)
