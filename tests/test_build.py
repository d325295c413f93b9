"""The build as a whole: the streamed graph equals the in-memory one, incremental rebuilds, atomic outputs."""
from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from extract.ingest import read_document
from extract.merge import merge_extractions
from extract.pipeline import DocumentExtractor
from kg.graph.build import BuildOptionsError, BuildResult, build, sample_corpus
from kg.graph.cache import CACHE_DIR, BuildBusy
from kg.cli import main
from kg.graph.rdf import build_graph

from build_samples import make_corpus, write_brief

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")


@pytest.fixture()
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The doc ids the real extractor is called on, in this process."""
    seen: list[str] = []
    original = DocumentExtractor.extract

    def counting(self, document):
        seen.append(document.doc_id)
        return original(self, document)

    monkeypatch.setattr(DocumentExtractor, "extract", counting)
    return seen


def graph_bytes(result: BuildResult) -> bytes:
    assert result.graph_path is not None, result.summary()
    return result.graph_path.read_bytes()


@pytest.mark.slow
def test_graph_equals_the_in_memory_reference(corpus: Path, tmp_path: Path, nlp) -> None:
    result = build([corpus], tmp_path / "out", cache=False)
    extractor = DocumentExtractor(nlp=nlp)
    extractions = [extractor.extract(read_document(p)) for p in sorted(corpus.glob("*.txt"))]
    entities, facts, observations = merge_extractions(extractions)
    reference = build_graph(extractions, entities, facts, observations)
    built = Graph().parse(result.graph_path, format="turtle")
    assert set(built) == set(reference)
    assert result.triples == len(reference)
    assert result.entities_by_class == Counter(e.cls for e in entities.values())
    assert result.facts_by_property == Counter(f.predicate for f in facts if f.predicate != "relatedTo")  # typed facts only
    assert result.observations == len(observations) > 0
    assert result.documents == ["brief-2023", "brief-2024", "extra-00", "extra-01"]


@pytest.mark.slow
def test_graph_starts_with_prefixes_and_groups_subjects(corpus: Path, tmp_path: Path) -> None:
    text = graph_bytes(build([corpus], tmp_path / "out", cache=False)).decode("utf-8")
    header, _, body = text.partition("\n\n")
    assert all(line.startswith("@prefix ") for line in header.splitlines())
    blocks = body.rstrip("\n").split("\n\n")
    subjects = [block.split(" ", 1)[0] for block in blocks]
    assert len(subjects) == len(set(subjects)) > 100
    assert "doc:brief-2023" in subjects and "ent:china" in subjects


@pytest.mark.slow
def test_rebuild_reads_everything_from_the_cache(corpus: Path, tmp_path: Path, extracted: list[str]) -> None:
    first = build([corpus], tmp_path / "out")
    assert sorted(extracted) == sorted(first.extracted) == first.documents
    extracted.clear()
    second = build([corpus], tmp_path / "out")
    assert extracted == [] and second.extracted == []
    assert graph_bytes(second) == graph_bytes(first)
    assert "extracted: 0 (cached: 4)" in second.summary()


@pytest.mark.slow
def test_adding_one_document_extracts_only_it(corpus: Path, tmp_path: Path, extracted: list[str]) -> None:
    build([corpus], tmp_path / "out")
    extracted.clear()
    write_brief(corpus, 7)
    incremental = build([corpus], tmp_path / "out")
    assert extracted == ["extra-07"] and incremental.extracted == ["extra-07"]
    full = build([corpus], tmp_path / "full", cache=False)
    assert graph_bytes(incremental) == graph_bytes(full)


@pytest.mark.slow
def test_changed_and_removed_documents(corpus: Path, tmp_path: Path, extracted: list[str]) -> None:
    build([corpus], tmp_path / "out")
    extracted.clear()
    changed = corpus / "extra-00.txt"
    changed.write_text(changed.read_text().replace("Huawei", "Tencent"), encoding="utf-8")
    (corpus / "extra-01.txt").unlink()
    rebuilt = build([corpus], tmp_path / "out")
    assert extracted == ["extra-00"]
    assert rebuilt.documents == ["brief-2023", "brief-2024", "extra-00"]
    assert graph_bytes(rebuilt) == graph_bytes(build([corpus], tmp_path / "full", cache=False))
    assert b"tencent" in graph_bytes(rebuilt) and b"extra-01" not in graph_bytes(rebuilt)


@pytest.mark.slow
def test_a_new_extractor_version_starts_a_fresh_cache(corpus: Path, tmp_path: Path, extracted: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    build([corpus], out)
    old = [p.name for p in (out / CACHE_DIR).glob("v-*")]
    extracted.clear()
    monkeypatch.setattr("kg.graph.build.extractor_version", lambda model, limits: "edited")
    build([corpus], out)
    assert sorted(extracted) == ["brief-2023", "brief-2024", "extra-00", "extra-01"]
    assert [p.name for p in (out / CACHE_DIR).glob("v-*")] == ["v-edited"] != old


@pytest.mark.slow
def test_no_cache_keeps_nothing(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([corpus], out, cache=False)
    assert sorted(p.name for p in (out / CACHE_DIR).iterdir()) == ["lock"]


@pytest.mark.slow
def test_a_failure_while_writing_keeps_the_previous_graph(corpus: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    before = graph_bytes(build([corpus], out))
    write_brief(corpus, 9)
    calls = Counter()

    def failing_add(self, line):
        calls["lines"] += 1
        if calls["lines"] == 500:
            raise OSError("disk full")
        return original(self, line)

    from kg.graph.serialize import TurtleWriter

    original = TurtleWriter.add
    monkeypatch.setattr(TurtleWriter, "add", failing_add)
    with pytest.raises(OSError, match="disk full"):
        build([corpus], out)
    assert (out / "graph.ttl").read_bytes() == before
    assert not (out / CACHE_DIR / "tmp").exists()
    assert sorted(p.name for p in out.iterdir()) == [CACHE_DIR, "current", "documents", "generations", "graph.ttl", "store"]
    assert sorted(p.name for p in (out / "generations").iterdir()) == ["1"]  # the failed one was removed


KILLABLE = """
import importlib, sys, time
from pathlib import Path
owner = getattr(importlib.import_module({module!r}), {cls!r})
original = getattr(owner, {attribute!r})
count = 0

def stalling(*args, **kwargs):
    global count
    count += 1
    if count == {stall_at}:
        Path({marker!r}).write_text("stalled")
        time.sleep(600)
    return original(*args, **kwargs)

setattr(owner, {attribute!r}, stalling)
from kg.graph.build import build
build([Path({corpus!r})], Path({out!r}))
"""


def run_until_stalled(tmp_path: Path, corpus: Path, out: Path, target: str, stall_at: int) -> None:
    """Build in a child process whose ``target`` (module:Class.method) stalls on call ``stall_at``; SIGKILL it there."""
    module, _, member = target.partition(":")
    cls, _, attribute = member.partition(".")
    marker = tmp_path / f"stalled-{cls}"
    script = KILLABLE.format(module=module, cls=cls, attribute=attribute, stall_at=stall_at, marker=str(marker),
                             corpus=str(corpus), out=str(out))
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


@pytest.mark.slow
def test_a_build_killed_while_writing_the_graph_leaves_it_intact(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = graph_bytes(build([corpus], out))
    write_brief(corpus, 5)
    run_until_stalled(tmp_path, corpus, out, "kg.graph.serialize:TurtleWriter.add", stall_at=300)
    assert (out / "graph.ttl").read_bytes() == before
    assert list((out / CACHE_DIR / "tmp" / "work").glob("graph.ttl.*")), "the kill should hit mid-write"
    after = build([corpus], out)
    assert after.extracted == [] and graph_bytes(after) != before
    assert not (out / CACHE_DIR / "tmp").exists()


@pytest.mark.slow
def test_a_build_killed_while_extracting_keeps_finished_parts(corpus: Path, tmp_path: Path,
                                                             extracted: list[str]) -> None:
    out = tmp_path / "out"
    before = graph_bytes(build([sample_corpus()], out))
    run_until_stalled(tmp_path, corpus, out, "kg.graph.parts:PartWriter.finish", stall_at=2)
    assert (out / "graph.ttl").read_bytes() == before
    extracted.clear()
    resumed = build([corpus], out)
    assert extracted == ["extra-01"]
    assert graph_bytes(resumed) == graph_bytes(build([corpus], tmp_path / "full", cache=False))


def test_one_build_per_folder_at_a_time(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / CACHE_DIR).mkdir(parents=True)
    with (out / CACHE_DIR / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with pytest.raises(BuildBusy, match="another build"):
            build([corpus], out)
        assert main(["build", str(corpus), "--out", str(out)]) == 1


@pytest.mark.parametrize("options, message", [
    ({"workers": 0}, "at least 1"),
    ({"engine": "spark"}, "unknown engine"),
    ({"scheduler": "tcp://127.0.0.1:8786"}, "engine='dask'"),
    ({"workers": 2, "extractor": object()}, "custom extractor"),
])
def test_options_that_do_not_go_together(tmp_path: Path, options: dict, message: str) -> None:
    with pytest.raises(BuildOptionsError, match=message):
        build([sample_corpus()], tmp_path / "out", **options)


@pytest.mark.slow
def test_cli_flags(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(corpus), "--out", str(out), "--workers", "1", "--engine", "local", "--no-cache"]) == 0
    printed = capsys.readouterr().out
    assert "documents: 4" in printed and "extracted: 4 (cached: 0)" in printed
    assert main(["build", str(corpus), "--out", str(out), "--scheduler", "tcp://127.0.0.1:1"]) == 1
    assert "engine='dask'" in capsys.readouterr().err


@pytest.mark.slow
def test_duplicate_names_keep_the_first_file(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra-00.txt").write_text("A different brief about Shanghai and Beijing.\n", encoding="utf-8")
    result = build([corpus, other], tmp_path / "out")
    assert result.documents.count("extra-00") == 1
    assert [e.path for e in result.errors] == [str(other / "extra-00.txt")]
    assert "also named 'extra-00'" in result.errors[0].reason


def test_summary_names_at_most_ten_documents() -> None:
    result = BuildResult(Path("out"), None, documents=[f"d{i}" for i in range(25)])
    assert result.summary().splitlines()[0] == f"documents: 25 ({', '.join(f'd{i}' for i in range(10))}, … 15 more)"


@pytest.mark.slow
def test_graph_file_is_readable_by_others(corpus: Path, tmp_path: Path) -> None:
    result = build([corpus], tmp_path / "out", cache=False)
    assert os.stat(result.graph_path).st_mode & 0o044 == 0o044
