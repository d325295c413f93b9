"""Oxigraph against rdflib on a synthetic graph shaped like ours: load time and query-library latency.

Not a test. Writes a synthetic ``graph.ttl`` of about ``--triples`` triples (entities with four-language
labels, facts with reified evidence, mentions with evidence, observations, documents; the named
entities and briefs the library queries bind by default exist too), then, in one run:

* loads it (with the ontology) into an on-disk pyoxigraph store with ``bulk_load``, as ``cikg build``
  does (which counts the store's statistics too, timed again on their own), and into an in-memory
  ``rdflib.Dataset`` with ``parse``, given a copy of the store's statistics as ``open_rdflib`` does;
* runs every query of ``kg/store/queries`` on both, with the library's default parameters, and reports the
  median wall time of up to ``--repeat`` runs (a query stops repeating once it has used
  ``--budget`` seconds on an engine). rdflib runs in a forked child stopped after ``--limit``
  seconds, since some library queries take rdflib many minutes; those count as the limit, so the
  reported ratios are then lower bounds.

    .venv/bin/python bench/bench_sparql.py --triples 1000000
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.store.query import PREFIX_MAP, SparqlQuery, bind_parameters, library  # noqa: E402
from kg.store.statistics import add_statistics  # noqa: E402
from kg.store.store import load_store, memory_graph, ontology_path  # noqa: E402

CLASSES = ["Ministry", "Commission", "GovernmentBody", "Enterprise", "StateOwnedEnterprise", "University",
           "ResearchInstitute", "Country", "Person", "ActorGroup", "Plan", "Program", "Law", "Fund", "Strategy",
           "Approach", "Concept", "Technology", "Sector", "Conference", "Plenum"]
PREDICATES = ["relatedTo"] * 8 + ["coordinates", "oversees", "leads", "funds", "investsIn", "supports", "promotes",
                                  "targets", "sanctions", "emphasizes", "dependsOn", "includes", "partOf"]
RULES = ["svo", "verb-prep", "scope", "co-mention"]
NAMED = [("china", "Country", "China"), ("central_science_and_technology_commission", "Commission",
         "Central Science and Technology Commission"), ("united_states", "Country", "United States"),
         ("ministry_of_science_and_technology", "Ministry", "Ministry of Science and Technology")]
CHAIN = [("central_science_and_technology_commission", "oversees", "ministry_of_science_and_technology"),
         ("ministry_of_science_and_technology", "supports", "china"), ("united_states", "sanctions", "china")]
HEADER = """@prefix cikg: <https://w3id.org/cikg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix doc: <https://w3id.org/cikg/id/document/> .
@prefix ent: <https://w3id.org/cikg/id/entity/> .
@prefix ev: <https://w3id.org/cikg/id/evidence/> .
@prefix obs: <https://w3id.org/cikg/id/observation/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
TRIPLES_PER_ENTITY = 54  # about what the generator writes per entity (facts, evidence, observations included)


@dataclass
class SyntheticGraph:
    """Writes Turtle statement by statement from a seeded random generator."""

    entities: int
    seed: int = 7

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)
        self.documents = ["brief-2023", "brief-2024"] + [f"brief-{i:05d}" for i in range(max(1, self.entities // 40))]
        self.keys = [key for key, _, _ in NAMED] + [f"e{i:06d}" for i in range(self.entities - len(NAMED))]
        self.evidence_count = 0

    def evidence(self, subject: str, predicate: str, obj: str, document: str, rule: str) -> str:
        self.evidence_count += 1
        start = self.random.randrange(0, 50_000)
        return (f"ev:x{self.evidence_count} a cikg:Evidence ; rdf:subject {subject} ; rdf:predicate {predicate} ; "
                f"rdf:object {obj} ; prov:wasDerivedFrom doc:{document} ; "
                f"cikg:sentence \"Synthetic sentence number {self.evidence_count}.\"@en ; "
                f"cikg:startOffset {start} ; cikg:endOffset {start + 120} ; cikg:rule \"{rule}\" ; "
                f"cikg:confidence {self.random.choice(['0.30', '0.65', '0.80'])} ; dcterms:language \"en\" .\n")

    def entity(self, index: int) -> Iterator[str]:
        key = self.keys[index]
        cls, label = (NAMED[index][1], NAMED[index][2]) if index < len(NAMED) else (
            self.random.choice(CLASSES), f"Entity {index}")
        labels = [f'"{label}"@en', f'"实体{index}"@zh']
        if index < len(NAMED) or self.random.random() < 0.3:
            labels += [f'"Entité {index}"@fr', f'"Entidad {index}"@es']
        documents = self.documents[:2] if index < len(NAMED) else self.random.sample(
            self.documents, self.random.choice([1, 1, 2, 3]))
        mentions = ", ".join(f"doc:{d}" for d in documents)
        yield (f"ent:{key} a cikg:{cls} ; rdfs:label \"{label}\"@en ; skos:prefLabel {', '.join(labels)} ; "
               f"skos:altLabel \"{label} alias\"@en ; cikg:mentionedIn {mentions} .\n")
        for document in documents:
            yield self.evidence(f"ent:{key}", "cikg:mentionedIn", f"doc:{document}", document, "gazetteer")
        if self.random.random() < 0.05:
            year = f'"{self.random.randrange(1950, 2025)}"^^xsd:gYear'
            yield f"ent:{key} cikg:establishedIn {year} .\n"
            yield self.evidence(f"ent:{key}", "cikg:establishedIn", year, documents[0], "established")

    def fact(self, subject: str, predicate: str, obj: str) -> Iterator[str]:
        rule = "co-mention" if predicate == "relatedTo" else self.random.choice(RULES[:3])
        yield f"ent:{subject} cikg:{predicate} ent:{obj} .\n"
        yield self.evidence(f"ent:{subject}", f"cikg:{predicate}", f"ent:{obj}", self.random.choice(self.documents), rule)

    def random_fact(self) -> Iterator[str]:
        subject, obj = self.random.sample(self.keys, 2)
        yield from self.fact(subject, self.random.choice(PREDICATES), obj)

    def observation(self, index: int) -> Iterator[str]:
        subject, indicator = self.random.choice(self.keys), self.random.choice(self.keys)
        value, year, document = f"{self.random.uniform(0, 100):.2f}", self.random.randrange(2000, 2025), \
            self.random.choice(self.documents)
        yield (f"obs:o{index} a cikg:Observation ; cikg:observedEntity ent:{subject} ; cikg:indicator ent:{indicator} ; "
               f"cikg:value \"{value}\"^^xsd:decimal ; cikg:unit \"percent\" ; cikg:year \"{year}\"^^xsd:gYear ; "
               f"prov:wasDerivedFrom doc:{document} ; cikg:evidence ev:x{self.evidence_count + 1} .\n"
               f"ent:{subject} cikg:hasIndicator ent:{indicator} .\n")
        yield self.evidence(f"obs:o{index}", "cikg:value", f"\"{value}\"^^xsd:decimal", document, "figure")

    def documents_turtle(self) -> Iterator[str]:
        for document in self.documents:
            yield (f"doc:{document} a cikg:Document ; rdfs:label \"Brief {document}\"@en ; "
                   f"cikg:sourceFile \"{document}.txt\" ; cikg:series \"EAI Background Brief\" ; "
                   f"dcterms:issued \"2024-02-23\"^^xsd:date .\n")

    def lines(self) -> Iterator[str]:
        yield HEADER
        yield from self.documents_turtle()
        for index in range(len(self.keys)):
            yield from self.entity(index)
        for subject, predicate, obj in CHAIN:  # so that the path query has something to find
            yield from self.fact(subject, predicate, obj)
        for _ in range(2 * len(self.keys)):
            yield from self.random_fact()
        for index in range(len(self.keys) // 10):
            yield from self.observation(index)

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            out.writelines(self.lines())


@dataclass(frozen=True)
class Timing:
    query: str
    runs: tuple[float, ...]
    rows: int
    timed_out: bool = False  # then ``runs`` holds the limit: the real time is longer

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


Run = Callable[[], int]
T = TypeVar("T")


def run_inline(run: Run, limit: float | None) -> tuple[float, int] | None:
    start = time.perf_counter()
    rows = run()
    return time.perf_counter() - start, rows


def run_forked(run: Run, limit: float | None) -> tuple[float, int] | None:
    """Time ``run`` in a forked child killed after ``limit`` s: a running rdflib query cannot be stopped otherwise."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        sender.send(run_inline(run, None))

    process = context.Process(target=child, daemon=True)
    process.start()
    outcome = receiver.recv() if receiver.poll(limit) else None
    process.kill()
    process.join()
    return outcome


def measure(name: str, run: Run, repeat: int, budget: float, limit: float | None = None,
            runner: Callable[[Run, float | None], tuple[float, int] | None] = run_inline) -> Timing:
    """Median of up to ``repeat`` runs, stopping early once ``budget`` seconds are spent or one run passes ``limit``."""
    runs: list[float] = []
    rows = 0
    while len(runs) < repeat and sum(runs) < budget:
        outcome = runner(run, limit)
        if outcome is None:
            return Timing(name, (float(limit or 0),), rows, timed_out=True)
        elapsed, rows = outcome
        runs.append(elapsed)
    return Timing(name, tuple(runs), rows)


def oxigraph_runner(store: ox.Store, query: SparqlQuery) -> Callable[[], int]:
    text = bind_parameters(store, query, {})  # the defaults, as VALUES at the top of the pattern

    def run() -> int:
        return sum(1 for _ in store.query(text, prefixes=PREFIX_MAP))
    return run


def rdflib_runner(graph: rdflib.Graph, text: str) -> Callable[[], int]:
    def run() -> int:
        return sum(1 for _ in graph.query(text, initNs=PREFIX_MAP))
    return run


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds ``action`` took, and what it returned."""
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def report(triples: int, ox_load: float, statistics_time: float, rdf_load: float, ox: list[Timing],
           rl: list[Timing]) -> str:
    lines = [f"synthetic graph: {triples:,} triples (ontology included)",
             f"load   oxigraph bulk_load (on disk) {ox_load:8.2f} s   rdflib parse (memory) {rdf_load:8.2f} s   "
             f"ratio {rdf_load / ox_load:6.1f}x",
             f"       of the oxigraph load, counting the statistics {statistics_time:.2f} s", "",
             f"{'query':<26} {'oxigraph ms':>12} {'rdflib ms':>12} {'ratio':>9}  rows (ox/rdflib)  rdflib runs"]
    for a, b in zip(ox, rl):
        ratio = b.median / a.median
        more = ">" if b.timed_out else " "
        rows = "timeout" if b.timed_out else str(b.rows)
        lines.append(f"{a.query:<26} {a.median * 1000:12.1f} {more}{b.median * 1000:11.1f} {more}{ratio:7.1f}x  "
                     f"{a.rows:>7}/{rows:<7}  {len(b.runs)}")
    lines += ["", *markdown_table(ox, rl), "", summary("queries rdflib finished", [(a, b) for a, b in zip(ox, rl) if not b.timed_out]),
              summary("all queries, stopped ones counted at the limit (lower bound)", list(zip(ox, rl))),
              "(> : rdflib was stopped at the time limit, so its real time and the ratio are larger)"]
    return "\n".join(lines)


def markdown_table(ox: list[Timing], rl: list[Timing]) -> list[str]:
    """The per-query medians as the README's Markdown table: a stopped rdflib run reads "> limit"."""
    lines = ["| query | rows | Oxigraph median | rdflib median |", "|---|---:|---:|---:|"]
    for a, b in zip(ox, rl):
        rdflib_median = f"> {b.median:.0f} s (stopped)" if b.timed_out else milliseconds(b.median)
        lines.append(f"| `{a.query}` | {a.rows:,} | {milliseconds(a.median)} | {rdflib_median} |")
    return lines


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def summary(title: str, pairs: list[tuple[Timing, Timing]]) -> str:
    """Sum of medians on each engine and the geometric mean of the per-query ratios."""
    if not pairs:
        return f"{title}: none"
    total_ox, total_rl = sum(a.median for a, _ in pairs), sum(b.median for _, b in pairs)
    geo = math.exp(statistics.mean(math.log(b.median / a.median) for a, b in pairs))
    return (f"{title} ({len(pairs)}): sum of medians oxigraph {total_ox:.2f} s, rdflib {total_rl:.2f} s "
            f"({total_rl / total_ox:.1f}x); geometric mean of per-query ratios {geo:.1f}x")


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--triples", type=int, default=1_000_000, help="approximate size (default 1,000,000)")
    options.add_argument("--repeat", type=int, default=5, help="runs per query and engine (default 5)")
    options.add_argument("--budget", type=float, default=10.0, help="seconds per query and engine before "
                         "stopping repeats (default 10)")
    options.add_argument("--limit", type=float, default=8.0, help="stop one rdflib query run after this many "
                         "seconds and report it as at least that (default 8)")
    args = options.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="cikg-bench-") as tmp:
        graph_file = Path(tmp) / "graph.ttl"
        SyntheticGraph(max(len(NAMED) + 2, args.triples // TRIPLES_PER_ENTITY)).write(graph_file)
        sources = [graph_file, ontology_path()]

        ox_load, _ = timed(lambda: load_store(sources, Path(tmp) / "store"))
        store = ox.Store(str(Path(tmp) / "store"))
        statistics_time, _ = timed(lambda: add_statistics(store))  # again, to know its share of the load
        triples = int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[0].value)  # the statistics left out
        rdf_load, graph = timed(lambda: memory_graph(sources, store))
        graph.query("ASK { ?s ?p ?o }")  # loads rdflib's SPARQL machinery once, before the children fork
        print(f"loaded: oxigraph {ox_load:.1f} s (statistics {statistics_time:.1f} s), rdflib {rdf_load:.1f} s",
              file=sys.stderr)

        ox_times, rl_times = [], []
        for query in library():
            ox_times.append(measure(query.name, oxigraph_runner(store, query), args.repeat, args.budget))
            rl_times.append(measure(query.name, rdflib_runner(graph, bind_parameters(store, query, {})), args.repeat,
                                    args.budget, args.limit,
                                    run_forked))
            print(f"  {query.name}: {ox_times[-1].median * 1000:.1f} ms vs {rl_times[-1].median * 1000:.1f} ms"
                  f"{' (stopped)' if rl_times[-1].timed_out else ''}", file=sys.stderr)
    print(report(triples, ox_load, statistics_time, rdf_load, ox_times, rl_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
