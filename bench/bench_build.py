"""How fast ``cikg build`` is next to bare spaCy, how it scales with workers, and how flat its memory stays.

One run reports (and saves as JSON):

* words/s of bare ``nlp.pipe`` (same model, same English text) and of ``cikg build`` end to end on
  one process, and their ratio (goal: >= 0.6);
* the speed-up of ``--workers N`` (and, with ``--dask``, of a local Dask cluster), checking that
  every graph is byte-identical to the one-process graph;
* an incremental rebuild after adding one document (extracted documents, seconds, bytes equal to a
  full rebuild);
* peak memory of one-process builds of corpora of increasing size, per phase (extracting, writing
  ``graph.ttl``, loading the Oxigraph store);
* the time to load each built graph into an Oxigraph store;
* with ``--large-mb``, one large file (briefs joined, or one line with ``--large-line``): seconds and
  CPU seconds per MB past start-up, and peak memory, on one process and on ``--large-workers``.

Defaults finish in about ten minutes on two cores; raise ``--docs``, ``--memory-docs`` for more.

    .venv/bin/python bench/bench_build.py [--docs 150] [--words 800] [--workers 2] [--dask]
        [--memory-docs 1000 10000] [--memory-words 60] [--repeat 2] [--profile] [--work .bench]
        [--large-mb 5 [--large-line] [--large-workers 2]]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil
import spacy

from corpus import BriefWriter, Pools, source_sentences, write_corpus
from extract.ingest import read_document
from extract.nlp import english_model_name, load_english
from kg.store.store import load_store, ontology_path

CIKG = Path(sys.executable).with_name("cikg")
ROOT = Path(__file__).resolve().parents[1]
OTHER = "other (Python runtime, stdlib, imports)"


@dataclass
class Run:
    """One ``cikg build`` in a child process."""

    seconds: float
    peak_rss_mb: float  # the build process and its workers together
    graph_sha256: str
    triples: int
    extracted: int


@dataclass
class Report:
    machine: dict[str, str]
    corpus: dict[str, int] = field(default_factory=dict)
    bare_spacy_wps: float = 0.0
    build_wps: float = 0.0
    ratio: float = 0.0
    workers: dict[str, dict] = field(default_factory=dict)
    incremental: dict[str, float] = field(default_factory=dict)
    memory: list[dict] = field(default_factory=list)
    store_load: list[dict] = field(default_factory=list)
    large: list[dict] = field(default_factory=list)
    profile: list[tuple[str, float]] = field(default_factory=list)


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    model = english_model_name()
    return {"cpu": cpu, "cores": str(os.cpu_count()), "memory_gb": f"{psutil.virtual_memory().total / 2**30:.0f}",
            "os": platform.platform(), "python": platform.python_version(), "spacy": spacy.__version__,
            "model": f"{model} {spacy.util.get_package_version(model)}"}


def english_texts(corpus: Path) -> list[str]:
    """The English sections of every document: what both spaCy and the build parse."""
    texts: list[str] = []
    for path in sorted(corpus.glob("*.txt")):
        document = read_document(path)
        texts += [document.section_text(s) for s in document.sections if s.lang == "en"]
    return texts


def bare_spacy(texts: list[str], repeat: int) -> float:
    """Best seconds of ``nlp.pipe`` over ``texts`` (model loaded and warmed up first)."""
    nlp = load_english()
    list(nlp.pipe(texts[:4]))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        best = min(best, time.perf_counter() - start)
    return best


class PeakRSS(threading.Thread):
    """Samples the summed RSS of a process and its children until it exits."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.process, self.interval, self.peak = psutil.Process(pid), interval, 0

    def run(self) -> None:
        while self.process.is_running() and self.process.status() != psutil.STATUS_ZOMBIE:
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(self.interval)


def run_watched(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Run ``command`` to the end: wall seconds, peak RSS of its process tree in MiB, its stdout."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = PeakRSS(child.pid)
    sampler.start()
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-2000:]}")
    return seconds, sampler.peak / 2**20, stdout


def cikg_build(corpus: Path, out: Path, *flags: str) -> Run:
    """Time one end-to-end ``cikg build`` (start-up and model loading included)."""
    seconds, peak_mb, stdout = run_watched([str(CIKG), "build", str(corpus), "--out", str(out), *flags])
    summary = dict(line.split(": ", 1) for line in stdout.splitlines() if ": " in line and not line.startswith(" "))
    graph = out / "graph.ttl"
    return Run(seconds, peak_mb, hashlib.sha256(graph.read_bytes()).hexdigest(),
               int(summary["triples"]), int(summary["extracted"].split()[0]))


PHASES = """
import json, sys, threading, time
from pathlib import Path
import psutil
import kg.graph.build
process, phase, peaks = psutil.Process(), ["extract"], {}

def sample():
    while True:
        rss = process.memory_info().rss / 2**20
        peaks[phase[0]] = max(peaks.get(phase[0], 0.0), rss)
        time.sleep(0.05)

def entering(name, function):
    def wrapped(*args, **kwargs):
        phase[0] = name
        return function(*args, **kwargs)
    return wrapped

kg.graph.build.write_graph = entering("graph", kg.graph.build.write_graph)
kg.graph.build.load_store = entering("store", kg.graph.build.load_store)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
result = kg.graph.build.build([Path(sys.argv[1])], Path(sys.argv[2]), cache=False)
print(json.dumps({"seconds": time.perf_counter() - start, "triples": result.triples, "peaks": peaks}))
"""


def phase_peaks(corpus: Path, out: Path) -> dict:
    """Peak RSS of a one-process build in each phase: extraction, writing the graph, loading the store."""
    child = subprocess.run([sys.executable, "-c", PHASES, str(corpus), str(out)], capture_output=True, text=True,
                           check=True)
    return json.loads(child.stdout.splitlines()[-1])


def write_large_file(path: Path, megabytes: float, one_line: bool) -> int:
    """Generated briefs joined into one file of about ``megabytes`` MB (one line: no line break at all)."""
    writer = BriefWriter(source_sentences(), Pools.default(), 800, seed=11)
    size = index = 0
    with path.open("w", encoding="utf-8") as out:
        while size < megabytes * 1e6:
            text = writer.text(index)
            text = " ".join(text.split()) + " " if one_line else text + "\n"
            out.write(text)
            size += len(text.encode("utf-8"))
            index += 1
    return size


def large_build(path: Path, out: Path, workers: int) -> dict[str, float]:
    """One ``python -m kg.cli build`` of one file: wall and CPU seconds (workers included), peak RSS of the tree."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "kg.cli", "build", str(path), "--out", str(out), "--no-cache",
               "--workers", str(workers)]
    cpu_before = sum(os.times()[2:4])
    seconds, peak_mb, stdout = run_watched(command, cwd=ROOT)
    triples = next(int(line.split(": ")[1]) for line in stdout.splitlines() if line.startswith("triples: "))
    return {"seconds": seconds, "cpu_seconds": sum(os.times()[2:4]) - cpu_before, "peak_rss_mb": peak_mb,
            "triples": triples, "graph_sha256": hashlib.sha256((out / "graph.ttl").read_bytes()).hexdigest()}


def large_file(work: Path, megabytes: float, one_line: bool, workers: list[int]) -> list[dict]:
    """Throughput and memory on one large file; start-up (a one-brief build) is measured and taken off."""
    path = work / f"large-{megabytes:g}mb{'-line' if one_line else ''}.txt"
    if not path.exists():
        write_large_file(path, megabytes, one_line)
    small = work / "large-startup.txt"
    write_large_file(small, 0.005, one_line)
    size_mb = path.stat().st_size / 1e6
    rows = []
    for count in workers:
        startup = large_build(small, work / "large-startup-out", count)
        run = large_build(path, work / f"large-out-{count}", count)
        rows.append({"workers": count, "mb": size_mb, **run, "startup_seconds": startup["seconds"],
                     "s_per_mb": (run["seconds"] - startup["seconds"]) / size_mb,
                     "cpu_s_per_mb": (run["cpu_seconds"] - startup["cpu_seconds"]) / size_mb,
                     "identical": run["graph_sha256"] == (rows[0]["graph_sha256"] if rows else run["graph_sha256"])})
        print(f"large file {rows[-1]}", flush=True)
    return rows


def best_build(corpus: Path, work: Path, repeat: int, *flags: str) -> Run:
    runs = []
    for i in range(repeat):
        out = work / f"out-{'-'.join(f.strip('-') for f in flags) or 'default'}-{i}"
        shutil.rmtree(out, ignore_errors=True)
        runs.append(cikg_build(corpus, out, "--no-cache", *flags))
    return min(runs, key=lambda r: r.seconds)


def store_load(graph: Path) -> float:
    with tempfile.TemporaryDirectory(dir=graph.parent) as scratch:
        start = time.perf_counter()
        load_store([graph, ontology_path()], Path(scratch) / "store")
        return time.perf_counter() - start


def incremental(corpus: Path, work: Path, words: int) -> dict[str, float]:
    """Build with the cache, add one brief, rebuild: what was extracted, how long, same bytes as a full build."""
    grown = work / "incremental-corpus"
    shutil.rmtree(grown, ignore_errors=True)
    shutil.copytree(corpus, grown)
    out = work / "incremental-out"
    shutil.rmtree(out, ignore_errors=True)
    cikg_build(grown, out)
    write_corpus(grown, 1, words, start=len(list(corpus.glob("*.txt"))))
    rebuilt = cikg_build(grown, out)
    full = cikg_build(grown, work / "incremental-full", "--no-cache")
    return {"extracted": rebuilt.extracted, "seconds": rebuilt.seconds, "full_seconds": full.seconds,
            "identical": rebuilt.graph_sha256 == full.graph_sha256}


def profile(corpus: Path, work: Path) -> list[tuple[str, float]]:
    """Share of build time per area, from cProfile's own-time of each function."""
    import cProfile
    import pstats

    from kg.graph.build import build

    load_english()
    profiler = cProfile.Profile()
    profiler.enable()
    build([corpus], work / "profiled", cache=False)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    areas: dict[str, float] = {}
    for (filename, _, function), (_, _, own, _, callers) in stats.items():
        area = area_of(filename, function)
        if area == OTHER and callers:  # builtins and stdlib count for whoever called them
            for (caller_file, _, caller), (_, _, spent, _) in callers.items():
                areas[area_of(caller_file, caller)] = areas.get(area_of(caller_file, caller), 0.0) + spent
        else:
            areas[area] = areas.get(area, 0.0) + own
    total = sum(areas.values())
    return sorted(((a, 100 * t / total) for a, t in areas.items()), key=lambda kv: -kv[1])


def area_of(filename: str, function: str) -> str:
    path = filename.replace(os.sep, "/")
    for marker, area in (("/extract/", "extract."), ("/kg/", "kg.")):
        if marker in path:
            module = path.rsplit("/", 1)[-1].removesuffix(".py")
            if module == "pipeline" and function == "parse":
                return "spaCy (pipeline components, run from extract.pipeline.parse)"
            return area + module
    if "spacy" in path or "thinc" in path or path.endswith(".pyx") or "numpy" in path:
        return "spaCy / thinc"
    for name in ("rdflib", "pyoxigraph", "pyshacl", "pypdf"):
        if name in path:
            return name
    return OTHER


def markdown(report: Report) -> str:
    m, c = report.machine, report.corpus
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM; {m['os']}; Python {m['python']}, "
             f"spaCy {m['spacy']}, {m['model']}.", "", "| measure | value |", "|---|---|"]
    if c:
        lines[1:1] = [f"Throughput corpus: {c['docs']} generated briefs, {c['words']} English words."]
        lines += [f"| bare spaCy `nlp.pipe`, 1 process | {report.bare_spacy_wps:,.0f} words/s |",
                  f"| `cikg build`, 1 worker, end to end | {report.build_wps:,.0f} words/s |",
                  f"| ratio build / bare spaCy | {report.ratio:.2f} |"]
    for name, run in report.workers.items():
        lines.append(f"| `cikg build {name}` | {run['wps']:,.0f} words/s, speed-up {run['speedup']:.2f}×, "
                     f"graph identical: {run['identical']} |")
    if report.incremental:
        inc = report.incremental
        lines.append(f"| rebuild after adding 1 brief | {inc['seconds']:.1f} s (full: {inc['full_seconds']:.1f} s), "
                     f"extracted {inc['extracted']:.0f}, graph identical: {inc['identical']} |")
    for mem in report.memory:
        lines.append(f"| peak RSS, {mem['docs']:,} docs ({mem['words']:,} words, {mem['triples']:,} triples, "
                     f"{mem['seconds']:.0f} s) | extracting {mem['extract']:,.0f} MB, writing graph.ttl "
                     f"{mem['graph']:,.0f} MB, loading the store {mem['store']:,.0f} MB |")
    for load in report.store_load:
        lines.append(f"| load into Oxigraph, {load['triples']:,} triples | {load['seconds']:.1f} s |")
    for row in report.large:
        lines.append(f"| one {row['mb']:.1f} MB file, `--workers {row['workers']}` | {row['seconds']:.0f} s "
                     f"(start-up {row['startup_seconds']:.0f} s), {row['s_per_mb']:.0f} s/MB past start-up, "
                     f"CPU {row['cpu_s_per_mb']:.0f} s/MB, peak RSS {row['peak_rss_mb']:,.0f} MB, "
                     f"graph identical: {row['identical']} |")
    if report.profile:
        lines += ["", "| area (cProfile own time) | share |", "|---|---|"]
        lines += [f"| {area} | {share:.1f}% |" for area, share in report.profile if share >= 0.5]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=150, help="briefs in the throughput corpus")
    parser.add_argument("--words", type=int, default=800, help="words per brief in the throughput corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[2], help="worker counts to compare with 1")
    parser.add_argument("--dask", action="store_true", help="also build on a local Dask cluster of the largest count")
    parser.add_argument("--memory-docs", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--memory-words", type=int, default=60, help="words per brief in the memory corpora")
    parser.add_argument("--repeat", type=int, default=2, help="runs per timing (the best is kept)")
    parser.add_argument("--profile", action="store_true", help="also profile a one-process build")
    parser.add_argument("--work", type=Path, default=Path(".bench"), help="scratch folder (kept for inspection)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--large-mb", type=float, help="also build one generated file of this many MB")
    parser.add_argument("--large-line", action="store_true", help="the large file is one line")
    parser.add_argument("--large-workers", type=int, nargs="*", default=[], help="worker counts besides 1")
    parser.add_argument("--large-only", action="store_true", help="measure only the large file")
    args = parser.parse_args()

    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    report = Report(machine())
    if args.large_mb:
        report.large = large_file(work, args.large_mb, args.large_line, [1, *args.large_workers])
    if args.large_only:
        print(markdown(report))
        return
    corpus = work / f"corpus-{args.docs}x{args.words}"
    if not corpus.exists():
        write_corpus(corpus, args.docs, args.words)
    texts = english_texts(corpus)
    words = sum(len(t.split()) for t in texts)
    report.corpus = {"docs": args.docs, "words": words}

    report.bare_spacy_wps = words / bare_spacy(texts, args.repeat + 1)
    one = best_build(corpus, work, args.repeat, "--workers", "1")
    report.build_wps = words / one.seconds
    report.ratio = report.build_wps / report.bare_spacy_wps
    print(f"bare spaCy {report.bare_spacy_wps:,.0f} w/s; build {report.build_wps:,.0f} w/s", flush=True)
    configurations = [(f"--workers {n}", ("--workers", str(n))) for n in args.workers]
    if args.dask:
        configurations.append((f"--engine dask --workers {max(args.workers)}",
                               ("--engine", "dask", "--workers", str(max(args.workers)))))
    for name, flags in configurations:
        run = best_build(corpus, work, args.repeat, *flags)
        report.workers[name] = {"wps": words / run.seconds, "speedup": one.seconds / run.seconds,
                                "identical": run.graph_sha256 == one.graph_sha256, "peak_rss_mb": run.peak_rss_mb}
        print(f"{name}: {report.workers[name]}", flush=True)
    report.incremental = incremental(corpus, work, args.words)
    report.store_load.append({"triples": one.triples, "seconds": store_load(work / "out-workers-1-0" / "graph.ttl")})

    for docs in args.memory_docs:
        small = work / f"corpus-{docs}x{args.memory_words}"
        if not small.exists():
            write_corpus(small, docs, args.memory_words)
        out = work / f"memory-{docs}"
        shutil.rmtree(out, ignore_errors=True)
        run = phase_peaks(small, out)
        report.memory.append({"docs": docs, "words": sum(len(p.read_text().split()) for p in small.glob("*.txt")),
                              **run["peaks"], "seconds": run["seconds"], "triples": run["triples"]})
        report.store_load.append({"triples": run["triples"], "seconds": store_load(out / "graph.ttl")})
        print(f"memory {report.memory[-1]}", flush=True)
    if args.profile:
        report.profile = profile(corpus, work)
    print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))


if __name__ == "__main__":
    main()
