"""Issue 13, `cikg serve`: a real endpoint on 127.0.0.1 under a memory cap, hit with queries that would
blow the cap or outrun the time limit; it answers them with HTTP errors (never 200), refuses SERVICE,
recovers, and follows a new build."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from test_hardening_query import COUNT_CARTESIAN, SERVICE, SORTED_CARTESIAN, write_generated_graph

from kg.graph.build import build
from kg.store.endpoint import GRACE
from kg.store.server import free_port

from build_samples import make_corpus, write_brief
from stub_extractor import StubExtractor

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP_MIB = 1024
TIME_LIMIT = 2
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DOCUMENTS = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/cikg/ontology#Document> }"

pytestmark = pytest.mark.integration


def start_endpoint(folder: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(folder), "--port", str(port),
                                "--memory", str(MEMORY_CAP_MIB), "--timeout", str(TIME_LIMIT), *options],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith(f"SPARQL endpoint http://127.0.0.1:{port}/query"), line + process.stderr.read()
    return process, f"http://127.0.0.1:{port}/query"


def stop_endpoint(process: subprocess.Popen[str]) -> str:
    process.terminate()
    try:
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_generated_graph(tmp_path_factory.mktemp("generated"))


@pytest.fixture
def endpoint(generated: Path) -> Iterator[str]:
    process, url = start_endpoint(generated)
    try:
        yield url
    finally:
        stop_endpoint(process)


def ask(url: str, query: str, **kwargs: object) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = requests.post(url, data={"query": query}, headers={"Accept": "text/csv"}, timeout=120, **kwargs)
    return answer, time.monotonic() - started


def until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_query_past_the_memory_cap_gets_503_and_the_endpoint_recovers(endpoint: str) -> None:
    answer, seconds = ask(endpoint, SORTED_CARTESIAN)
    assert answer.status_code == 503 and seconds < 30
    assert answer.text.startswith(f"query stopped: the query engine ran out of memory (cap {MEMORY_CAP_MIB} MiB)")
    assert until(lambda: ask(endpoint, COUNT_ALL)[0].status_code == 200, 30)


@pytest.mark.parametrize("query", [COUNT_CARTESIAN, SORTED_CARTESIAN.replace(" ORDER BY ?c ?f ?i", "")],
                         ids=["no row until done", "rows streamed"])
def test_a_query_past_the_time_limit_gets_504_never_200(endpoint: str, query: str) -> None:
    answer, seconds = ask(endpoint, query)
    assert answer.status_code == 504 and answer.text.startswith("query stopped")
    assert seconds < TIME_LIMIT + GRACE + 5
    assert until(lambda: ask(endpoint, COUNT_ALL)[0].status_code == 200, 30)


def test_service_is_refused_with_400_in_every_request_form(endpoint: str) -> None:
    sneaky = "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:%22 ?o . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }"
    answers = [
        requests.get(endpoint, params={"query": SERVICE}, timeout=30),
        requests.post(endpoint, data={"query": SERVICE}, timeout=30),
        requests.post(endpoint, data=SERVICE.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30),
        requests.post(endpoint, data=sneaky.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30),
        requests.post(endpoint.replace("/query", "/update"), timeout=30,
                      data=b"INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                      headers={"Content-Type": "application/sparql-update"}),
    ]
    assert [a.status_code for a in answers] == [400] * len(answers)
    assert answers[0].text == ("SERVICE (federated query) is refused: it makes this machine fetch other URLs "
                               "(allow it with --allow-service)\n")


def test_allow_service_lets_service_through(generated: Path) -> None:
    process, url = start_endpoint(generated, "--allow-service")
    try:
        answer, _ = ask(url, SERVICE)
        assert answer.status_code != 400  # tried: port 9 refuses, so oxigraph reports its own error
    finally:
        stop_endpoint(process)


def test_serve_follows_a_new_build(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    build([corpus], out, extractor=StubExtractor())
    process, url = start_endpoint(out)
    try:
        count = lambda: int(ask(url, DOCUMENTS)[0].text.split()[1])  # noqa: E731
        before = count()
        write_brief(corpus, 7)
        build([corpus], out, extractor=StubExtractor())
        assert until(lambda: count() == before + 1, 20)
    finally:
        printed = stop_endpoint(process)
    assert "serving the new build" in printed
