"""Issue 13, builds: graph.ttl and the store published together as one generation, killed builds at
every stage leave a matching pair, leftovers are cleaned, a failed store load fails the build, and
killed parallel builds leave no worker behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.build import build
from kg.graph_file import CURRENT, GENERATIONS, GRAPH_FILE, STORE_DIR, generation
from kg.store.store import StoreError, ontology_path, open_store

from build_samples import make_corpus, write_brief
from stub_extractor import StubExtractor

pytestmark = pytest.mark.slow  # real builds, killed and rerun

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def triples(path: Path) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def documents_in_store(out: Path) -> set[str]:
    store = open_store(out, read_only=True)
    query = "SELECT DISTINCT ?d WHERE { ?d a <https://w3id.org/cikg/ontology#Document> }"
    return {row["d"].value for row in store.query(query)}


def documents_in_graph(out: Path) -> set[str]:
    return {t.subject.value for t in triples(out / GRAPH_FILE)
            if t.object.value == "https://w3id.org/cikg/ontology#Document"}


def assert_pair_matches(out: Path) -> int:
    """graph.ttl and the store's default graph hold the same triples (plus the ontology; the store's
    statistics are a named graph beside them); returns the graph's size."""
    graph = triples(out / GRAPH_FILE)
    stored = open_store(out, read_only=True).quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert sum(1 for _ in stored) == len(graph | triples(ontology_path()))
    assert documents_in_store(out) == documents_in_graph(out)
    return len(graph)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")


def stub_build(corpus: Path, out: Path):
    return build([corpus], out, extractor=StubExtractor())


def test_a_build_publishes_graph_and_store_as_one_generation(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stub_build(corpus, out)
    assert os.readlink(out / CURRENT) == f"{GENERATIONS}/1"
    assert os.readlink(out / GRAPH_FILE) == f"{CURRENT}/{GRAPH_FILE}"
    assert os.readlink(out / STORE_DIR) == f"{CURRENT}/{STORE_DIR}"
    first = assert_pair_matches(out)
    write_brief(corpus, 7)
    stub_build(corpus, out)
    assert generation(out).root.name == "2" and assert_pair_matches(out) > first
    for _ in range(2):
        stub_build(corpus, out)
    assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == ["3", "4"]  # the current one and the one before


def test_a_store_that_cannot_be_loaded_fails_the_build_and_publishes_nothing(corpus: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    stub_build(corpus, out)
    before = (out / GRAPH_FILE).read_bytes()
    write_brief(corpus, 8)

    def locked(*args: object, **kwargs: object) -> None:
        raise StoreError("store out/store is locked by another process")

    monkeypatch.setattr("kg.graph.build.load_store", locked)
    with pytest.raises(StoreError, match="locked"):
        stub_build(corpus, out)
    assert (out / GRAPH_FILE).read_bytes() == before
    assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == ["1"]
    assert_pair_matches(out)


def test_cli_build_exits_non_zero_when_the_store_is_not_updated(tmp_path: Path) -> None:
    """A plain folder whose `store` is not an Oxigraph store: the build must fail, not warn and exit 0."""
    out = tmp_path / "out"
    (out / STORE_DIR).mkdir(parents=True)
    (out / STORE_DIR / "notes.txt").write_text("mine", encoding="utf-8")
    corpus = make_corpus(tmp_path / "corpus", extra=0)
    done = subprocess.run([sys.executable, "-c", STUB_CLI, str(corpus), str(out)], cwd=TESTS,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "is not an Oxigraph store" in done.stderr
    assert (out / STORE_DIR / "notes.txt").read_text(encoding="utf-8") == "mine"


STUB_CLI = """
import sys
import kg.graph.build as build_module
from stub_extractor import StubExtractor
original = build_module.build
build_module.build = lambda *a, **k: original(*a, **{**k, "model": None, "extractor": StubExtractor()})
from kg.cli import main
sys.exit(main(["build", sys.argv[1], "--out", sys.argv[2]]))
"""

STALLING = """
import importlib, sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
owner = importlib.import_module({module!r})
for part in {owner_path!r}:
    owner = getattr(owner, part)
original = getattr(owner, {attribute!r})
count = 0

def stalling(*args, **kwargs):
    global count
    count += 1
    if {after!r}:
        result = original(*args, **kwargs)
    if count == {stall_at}:
        Path({marker!r}).write_text("stalled")
        time.sleep(600)
    return result if {after!r} else original(*args, **kwargs)

setattr(owner, {attribute!r}, stalling)
from kg.graph.build import build
from stub_extractor import StubExtractor
build([Path({corpus!r})], Path({out!r}), extractor=StubExtractor())
"""

# (where the build stalls, at which call, whether after the call, and whether the new pair is published by then)
STAGES = {
    "extracting": ("stub_extractor:StubExtractor.extract", 2, False, False),
    "writing the graph": ("kg.graph.serialize:TurtleWriter.add", 40, False, False),
    "loading the store": ("kg.store.store:graph_chunks", 1, False, False),
    "store loaded, not published": ("kg.graph.build:publish", 1, False, False),
    "published, not validated": ("kg.graph.build:validation_warnings", 1, False, True),
}


def kill_build_at(tmp_path: Path, corpus: Path, out: Path, target: str, stall_at: int, after: bool) -> None:
    module, _, member = target.partition(":")
    *owner_path, attribute = member.split(".")
    marker = tmp_path / "stalled"
    marker.unlink(missing_ok=True)
    script = STALLING.format(tests=str(TESTS), module=module, owner_path=owner_path, attribute=attribute,
                             stall_at=stall_at, after=after, marker=str(marker), corpus=str(corpus), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "the build never reached the stage"
            time.sleep(0.05)
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("stage", list(STAGES))
def test_a_build_killed_at_any_stage_leaves_a_matching_pair(corpus: Path, tmp_path: Path, stage: str) -> None:
    target, stall_at, after, published = STAGES[stage]
    out = tmp_path / "out"
    stub_build(corpus, out)
    before = assert_pair_matches(out)
    write_brief(corpus, 6)
    kill_build_at(tmp_path, corpus, out, target, stall_at, after)
    size = assert_pair_matches(out)
    assert (size > before) if published else (size == before)
    stub_build(corpus, out)  # the next build cleans up what the killed one left
    assert_pair_matches(out)
    assert len(list((out / GENERATIONS).iterdir())) <= 2
    assert not [p for p in out.rglob("*") if p.name.startswith((".store.new.", ".store.old."))]


def test_leftovers_of_an_older_version_are_removed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    stub_build(corpus, out)
    half_loaded = out / ".store.new.abc123"
    half_loaded.mkdir()
    (half_loaded / "000001.sst").write_bytes(b"\0" * 1024)
    half_generation = out / GENERATIONS / "9"
    half_generation.mkdir()
    stub_build(corpus, out)
    assert not half_loaded.exists() and not half_generation.exists()
    assert_pair_matches(out)


# --- killed parallel builds leave no worker behind ------------------------------------------------


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_killed_parallel_build_leaves_no_worker(tmp_path: Path, how: signal.Signals, engine: str) -> None:
    corpus = make_corpus(tmp_path / "corpus", extra=6)
    build_process = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out",
                                      str(tmp_path / "out"), "--workers", "2", "--engine", engine, "--no-cache"],
                                     cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while len(workers) < 2:  # two workers (and multiprocessing's resource tracker)
            assert build_process.poll() is None, build_process.stderr.read().decode()
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.2)
            workers = descendants(build_process.pid)
        time.sleep(1.0)  # let them start loading the model and taking documents
        workers = descendants(build_process.pid)
        build_process.send_signal(how)
        build_process.wait(timeout=60)
        deadline = time.monotonic() + 15
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert alive(workers) == set()
    finally:
        for pid in alive(workers | descendants(build_process.pid)):
            os.kill(pid, signal.SIGKILL)
        if build_process.poll() is None:
            build_process.kill()
            build_process.wait()
