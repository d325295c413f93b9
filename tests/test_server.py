"""kg.store.server and kg.store.push: `cikg serve` (a real oxigraph server over the store) and `cikg push` (Graph Store
Protocol PUT), against servers the tests start on free loopback ports and always stop."""
from __future__ import annotations

import csv
import http.server
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from kg.cli import main
from kg.graph_file import GRAPH_FILE
from kg.namespaces import ENT, sparql_prefixes
from kg.store.push import DEFAULT_GRAPH, Credentials, PushError, push
from kg.store.server import OxigraphServer, ServerConfig, ServerError, free_port
from kg.store.store import graph_sources, store_path

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"
RESULTS_JSON = "application/sparql-results+json"
COUNTRIES = sparql_prefixes() + "SELECT ?c WHERE { ?c a cikg:Country } ORDER BY ?c"


def triples_in(sources: list[Path]) -> int:
    """How many distinct triples the pushed files hold, counted by an independent parser."""
    store = ox.Store()
    for source in sources:
        store.load(path=str(source), format=ox.RdfFormat.TURTLE)
    return len(store)


def graph_size(server: OxigraphServer, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    answer = requests.get(server.query_url, params={"query": query}, headers={"Accept": RESULTS_JSON}, timeout=30)
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def out(mini_store_dir: Path) -> Path:
    return mini_store_dir


@pytest.fixture
def served(out: Path) -> Iterator[OxigraphServer]:
    """`oxigraph serve-read-only` over the mini store."""
    with OxigraphServer(ServerConfig(store_path(out), port=free_port())) as server:
        yield server


@pytest.fixture
def writable() -> Iterator[OxigraphServer]:
    """An empty in-memory, writable `oxigraph serve`, the target of pushes."""
    with OxigraphServer(ServerConfig(None, port=free_port())) as server:
        yield server


# --- serve ----------------------------------------------------------------------------------------


@pytest.mark.integration
def test_get_query_with_json_results(served: OxigraphServer) -> None:
    answer = requests.get(served.query_url, params={"query": COUNTRIES}, headers={"Accept": RESULTS_JSON}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(RESULTS_JSON)
    assert [b["c"]["value"] for b in answer.json()["results"]["bindings"]] == [str(ENT.china), str(ENT.united_states)]


@pytest.mark.integration
def test_post_query_with_csv_results(served: OxigraphServer) -> None:
    direct = requests.post(served.query_url, data=COUNTRIES.encode("utf-8"), timeout=30,
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    form = requests.post(served.query_url, data={"query": COUNTRIES}, headers={"Accept": "text/csv"}, timeout=30)
    for answer in (direct, form):
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
        assert list(csv.reader(io.StringIO(answer.text))) == [["c"], [str(ENT.china)], [str(ENT.united_states)]]


@pytest.mark.integration
def test_library_query_over_http(served: OxigraphServer) -> None:
    from kg.store.query import library

    figures = next(q for q in library() if q.name == "figures")
    answer = requests.post(served.query_url, data={"query": sparql_prefixes() + figures.text},
                           headers={"Accept": RESULTS_JSON}, timeout=30)
    row = answer.json()["results"]["bindings"][0]
    assert (row["value"]["value"], row["unit"]["value"], row["year"]["value"]) == ("2.6", "percent", "2023")


@pytest.mark.integration
def test_updates_are_refused_by_default(served: OxigraphServer) -> None:
    update = sparql_prefixes() + "DELETE WHERE { ent:china ?p ?o }"
    refused = requests.post(served.update_url, data=update.encode("utf-8"), timeout=30,
                            headers={"Content-Type": "application/sparql-update"})
    assert refused.status_code == 403
    put = requests.put(served.store_url, params={"graph": DEFAULT_GRAPH}, data=b"<urn:a> <urn:b> <urn:c> .",
                       headers={"Content-Type": "text/turtle"}, timeout=30)
    assert put.status_code == 403
    answer = requests.get(served.query_url, params={"query": COUNTRIES}, headers={"Accept": RESULTS_JSON}, timeout=30)
    assert len(answer.json()["results"]["bindings"]) == 2  # nothing was deleted


def test_server_binds_loopback_by_default(out: Path) -> None:
    config = ServerConfig(store_path(out), port=free_port())
    assert config.url.startswith("http://127.0.0.1:")
    assert "serve-read-only" in config.command()


@pytest.mark.integration
def test_missing_store_and_busy_port_are_clear_errors(tmp_path: Path, served: OxigraphServer) -> None:
    with pytest.raises(ServerError, match="no store at"):
        OxigraphServer(ServerConfig(tmp_path / "store", port=free_port())).start()
    with pytest.raises(ServerError, match="already in use"):
        OxigraphServer(ServerConfig(served.config.location, port=served.config.port)).start()


@pytest.mark.integration
@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_cli_serve_prints_its_url_and_stops_cleanly(out: Path, stop: str) -> None:
    port = free_port()
    # its own process group, so that SIGINT reaches cikg and its oxigraph child together, like Ctrl-C
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(out), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(f"SPARQL endpoint http://127.0.0.1:{port}/query (read-only;")
        answer = requests.get(f"http://127.0.0.1:{port}/query", params={"query": COUNTRIES},
                              headers={"Accept": RESULTS_JSON}, timeout=30)
        assert answer.status_code == 200
        if stop == "ctrl-c":
            os.killpg(process.pid, signal.SIGINT)
        else:  # to cikg alone: it must stop its oxigraph child itself
            process.terminate()
        assert process.wait(timeout=30) == 0
        assert process.stdout.read() == "stopped\n"
        with pytest.raises(requests.ConnectionError):  # the oxigraph child is gone too
            requests.get(f"http://127.0.0.1:{port}/", timeout=5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_cli_serve_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", str(tmp_path), "--port", "0"]) == 1
    assert capsys.readouterr().err.startswith("error: no store at")


# --- push -----------------------------------------------------------------------------------------


@pytest.mark.integration
def test_push_replaces_the_named_graph(out: Path, writable: OxigraphServer) -> None:
    result = push(out, writable.store_url)
    assert result.status in (200, 201, 204) and result.graph == DEFAULT_GRAPH
    assert graph_size(writable, DEFAULT_GRAPH) == triples_in(graph_sources(out))
    # a smaller graph replaces the old one instead of being merged into it
    graph = out / GRAPH_FILE
    graph.write_text(graph.read_text(encoding="utf-8").split("obs:o1 a cikg:Observation")[0], encoding="utf-8")
    push(out, writable.store_url)
    assert graph_size(writable, DEFAULT_GRAPH) == triples_in(graph_sources(out))


@pytest.mark.integration
def test_push_to_another_graph_leaves_the_first(out: Path, writable: OxigraphServer) -> None:
    push(out, writable.store_url)
    push(out, writable.store_url, graph="https://example.org/other")
    assert graph_size(writable, DEFAULT_GRAPH) == graph_size(writable, "https://example.org/other") > 0


def test_push_to_a_down_endpoint(out: Path) -> None:
    with pytest.raises(PushError, match=r"cannot reach http://127\.0\.0\.1:\d+/store: \[Errno 111\] Connection refused"):
        push(out, f"http://127.0.0.1:{free_port()}/store")


@pytest.mark.integration
def test_push_refused_by_a_read_only_server(out: Path, served: OxigraphServer) -> None:
    with pytest.raises(PushError, match="refused the graph: HTTP 403 Forbidden: The server is read-only"):
        push(out, served.store_url)


@pytest.mark.integration
def test_push_to_a_wrong_path(out: Path, writable: OxigraphServer) -> None:
    with pytest.raises(PushError, match="HTTP 404"):
        push(out, writable.url + "/nothing-here")


class Failing(http.server.BaseHTTPRequestHandler):
    """An endpoint with a broken back end: reads the request, answers 500."""

    def do_PUT(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"disk full\n")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def failing() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store"
    finally:
        server.shutdown()
        server.server_close()


def test_push_to_a_failing_endpoint(out: Path, failing: str) -> None:
    with pytest.raises(PushError, match="HTTP 500 Internal Server Error: disk full"):
        push(out, failing)


@pytest.mark.integration
def test_cli_push(out: Path, writable: OxigraphServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", str(out), "--endpoint", writable.store_url, "--graph", "https://example.org/g"]) == 0
    assert capsys.readouterr().out.startswith("pushed ")
    assert graph_size(writable, "https://example.org/g") == triples_in(graph_sources(out))
    assert main(["push", str(out), "--endpoint", "ftp://example.org/store"]) == 1
    assert capsys.readouterr().err == "error: not an http(s) endpoint URL: ftp://example.org/store\n"
    assert main(["push", str(out.parent / "nothing"), "--endpoint", writable.store_url]) == 1
    assert capsys.readouterr().err.startswith("error: no graph at")


# --- Virtuoso (opt-in: runs where the virtuoso-opensource package is installed) --------------------

VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 4
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
"""


@pytest.fixture
def virtuoso(tmp_path: Path) -> Iterator[str]:
    """A throw-away Virtuoso with its database in tmp_path; yields its HTTP base URL."""
    db = tmp_path / "virtuoso"
    db.mkdir()
    http_port = free_port()
    (db / "virtuoso.ini").write_text(VIRTUOSO_INI.format(db=db, sql_port=free_port(), http_port=http_port),
                                     encoding="utf-8")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([shutil.which("virtuoso-t") or "virtuoso-t", "-f", "-c", str(db / "virtuoso.ini")],
                                   cwd=db, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{http_port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    if requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.5)
            else:
                log.seek(0)
                pytest.fail(f"virtuoso did not start: {log.read()[-2000:]!r}")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.mark.integration
@pytest.mark.virtuoso
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="needs virtuoso-t (Debian package virtuoso-opensource)")
def test_push_to_virtuoso(out: Path, virtuoso: str) -> None:
    password = os.environ.get("CIKG_VIRTUOSO_DBA_PASSWORD", "dba")  # a fresh database's default
    credentials = Credentials("dba", password, digest=True)
    push(out, virtuoso + "/sparql-graph-crud-auth", credentials=credentials)
    push(out, virtuoso + "/sparql-graph-crud-auth", credentials=credentials)  # replaced, not doubled
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DEFAULT_GRAPH}> {{ ?s ?p ?o }} }}"
    answer = requests.get(virtuoso + "/sparql", params={"query": query}, headers={"Accept": RESULTS_JSON}, timeout=60)
    assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == triples_in(graph_sources(out))
