"""``cikg build``: briefs in, ``DIR/graph.ttl`` out, as a library call a notebook can make.

A build reads the inputs' bytes only to hash them, reuses the parts of files it has extracted
before (:mod:`kg.graph.cache`), extracts the rest on an engine (:mod:`kg.graph.parallel`: this process, a
process pool or Dask) and merges every part into ``graph.ttl`` (:mod:`kg.graph.assemble`). The graph
depends on the documents only, never on the engine, the worker count or the cache.
"""
from __future__ import annotations

import itertools
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Protocol, TypeVar

from extract.ingest import iter_input_files
from extract.ingest.paging import PageLimits, file_digest
from extract.model import IngestError
from extract.nlp import english_model_name

from ..analysis.counts import facts_by_property
from ..graph_file import GRAPH_FILE, STORE_DIR, GraphInputError, clean_leftovers, new_generation, publish
from ..store.store import load_store, ontology_path
from ..store.validate import validate
from .assemble import GraphStats, write_graph
from .cache import PartStore, Workspace, extractor_version
from .documents import write_texts
from .parallel import Dask, Engine, InProcess, Outcome, Pool, Task
from .parts import Extractor, Part

ENGINES = ("local", "dask")
VALIDATE_MAX_TRIPLES = 10_000  # pySHACL spends ~150 µs a triple, several times spaCy; beyond: `cikg validate`
SUMMARY_DOCUMENTS = 10
T = TypeVar("T")


class Corrections(Protocol):
    """Rewrites the parts just before assembly: an analyst's corrections (:class:`kg.review.apply.Corrector`)."""

    def apply(self, parts: list[Part], work: Path, warn: Callable[[str], None]) -> list[Part]: ...


class BuildOptionsError(ValueError):
    """Options that do not go together (say, a custom extractor on Dask)."""


def sample_corpus() -> Path:
    """The two briefs the product was born from, shipped inside the package."""
    return Path(str(resources.files("kg") / "sample_corpus"))


@dataclass
class BuildResult:
    """What a build did: the documents read, the errors met, and counts for the summary."""

    out: Path
    graph_path: Path | None
    documents: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    entities_by_class: Counter[str] = field(default_factory=Counter)
    facts_by_property: Counter[str] = field(default_factory=Counter)
    observations: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    store_path: Path | None = None
    extracted: list[str] = field(default_factory=list)  # documents extracted by this build (not from the cache)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        shown = self.documents[:SUMMARY_DOCUMENTS]
        more = len(self.documents) - len(shown)
        names = ", ".join(shown) + (f", … {more} more" if more else "")
        lines = [f"documents: {len(self.documents)} ({names or 'none'})"]
        lines.append(f"extracted: {len(self.extracted)} (cached: {len(self.documents) - len(self.extracted)})")
        lines.append(f"entities: {sum(self.entities_by_class.values())}")
        lines += [f"  {cls:<28} {n}" for cls, n in sorted(self.entities_by_class.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append(f"facts: {sum(self.facts_by_property.values())}")
        lines += [f"  {prop:<28} {n}" for prop, n in sorted(self.facts_by_property.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append(f"observations: {self.observations}")
        lines.append(f"triples: {self.triples}")
        if self.graph_path:
            lines.append(f"graph: {self.graph_path}")
        if self.store_path:
            lines.append(f"store: {self.store_path}")
        lines += [f"warning: {w}" for w in self.warnings]
        lines += [f"error: {e}" for e in self.errors]
        return "\n".join(lines)


@dataclass
class Plan:
    """The inputs sorted out before any extraction: cached parts, files to extract, files already refused."""

    cached: list[Outcome] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    errors: list[tuple[int, IngestError]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.cached) + len(self.tasks)


@dataclass
class Counted(Iterable[T]):
    """An iterator that knows its length, so a progress bar can show a total."""

    items: Iterable[T]
    total: int

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)


def plan(paths: Iterable[Path], store: PartStore) -> Plan:
    """Walk the inputs, hash each file and look its part up in ``store``."""
    result = Plan()
    for index, item in enumerate(iter_input_files(paths)):
        if isinstance(item, IngestError):
            result.errors.append((index, item))
            continue
        try:
            content_hash = file_digest(item)
        except IngestError as error:
            result.errors.append((index, error))
            continue
        key = store.key(content_hash, item.name)
        part = store.get(key)
        if part is not None:
            result.cached.append(Outcome(index, str(item), part=part, extracted=False))
        else:
            result.tasks.append(Task(index, str(item), content_hash, key))
    return result


def select(outcomes: Iterable[Outcome], errors: list[tuple[int, IngestError]], result: BuildResult) -> list[Part]:
    """The parts to merge, in input order; the first file of each document name wins, as before."""
    parts: list[Part] = []
    seen: set[str] = set()
    for outcome in sorted(outcomes, key=lambda o: o.index):
        if outcome.part is None:
            errors.append((outcome.index, IngestError(outcome.path, outcome.error or "unreadable")))
            continue
        doc_id = outcome.part.meta.doc_id
        if doc_id in seen:
            errors.append((outcome.index, IngestError(outcome.path, f"another input file is also named {doc_id!r}; skipped")))
            continue
        seen.add(doc_id)
        parts.append(outcome.part)
        result.documents.append(doc_id)
        result.warnings += outcome.part.meta.warnings
        if outcome.extracted:
            result.extracted.append(doc_id)
    result.errors = [error for _, error in sorted(errors, key=lambda e: e[0])]
    return parts


def make_engine(engine: str, workers: int, scheduler: str | None, model: str | None, limits: PageLimits,
                store: PartStore, extractor: Extractor | None) -> Engine:
    if engine not in ENGINES:
        raise BuildOptionsError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if workers < 1:
        raise BuildOptionsError("workers must be at least 1")
    if scheduler and engine != "dask":
        raise BuildOptionsError("a scheduler address needs engine='dask'")
    if extractor is not None and (engine != "local" or workers > 1):
        raise BuildOptionsError("a custom extractor runs in this process only; pass model= to use workers or Dask")
    if engine == "dask":
        return Dask(scheduler, workers, model, limits, store)
    if workers > 1:
        return Pool(workers, model, limits, store)
    return InProcess(limits, store, model, extractor)


def build(paths: Iterable[Path] | None = None, out: Path = Path("out"), extractor: Extractor | None = None,
          progress: Callable[[Counted[Outcome]], Iterable[Outcome]] | None = None, *, workers: int = 1,
          engine: str = "local", scheduler: str | None = None, cache: bool = True, model: str | None = None,
          limits: PageLimits = PageLimits(), corrections: Corrections | None = None) -> BuildResult:
    """Build the graph of ``paths`` (default: the bundled corpus) into ``out/graph.ttl``.

    Bad files are skipped and reported in ``BuildResult.errors``; the graph of the others is
    still written. ``graph.ttl`` and the store loaded from it are published together as a new
    generation (:mod:`kg.graph_file`), so readers see the old pair or the new one, never a mix; a
    store that cannot be loaded raises :class:`~kg.store.store.StoreError` and publishes nothing.
    ``workers`` > 1 extracts on a local process pool, ``engine="dask"`` on the Dask cluster at
    ``scheduler`` (or a local one). With ``cache`` (the default) parts are kept in ``out/.cache``
    and reused while file and extractor are unchanged; a custom ``extractor`` is never cached,
    since its data cannot be fingerprinted. ``corrections`` are applied to the parts as they are
    assembled (the cache keeps them as extracted); a correction that cannot apply is a warning.
    """
    paths = list(paths) if paths else [sample_corpus()]
    out = Path(out)
    model = None if extractor is not None else english_model_name(model)
    version = extractor_version(model, limits) if cache and model else None
    result = BuildResult(out=out, graph_path=None)
    workspace = Workspace(out, version)
    runner = make_engine(engine, workers, scheduler, model, limits, workspace.store, extractor)
    with workspace.held():
        clean_leftovers(out)
        todo = plan(paths, workspace.store)
        outcomes = Counted(itertools.chain(todo.cached, runner.run(todo.tasks)), todo.size)
        parts = select(progress(outcomes) if progress else outcomes, todo.errors, result)
        if not parts:
            result.warnings.append("no readable documents: graph not written")
            return result
        ordered = sorted(parts, key=lambda p: p.meta.doc_id)
        if corrections is not None:
            ordered = corrections.apply(ordered, workspace.work, result.warnings.append)
        stats = publish_generation(ordered, out, workspace.work, texts=parts)
        result.graph_path, result.store_path = out / GRAPH_FILE, out / STORE_DIR
        workspace.prune()
        result.entities_by_class = stats.entities_by_class
        result.facts_by_property = facts_by_property(stats.facts_by_property)  # kg.analysis.counts defines a fact
        result.observations = stats.observations
        result.triples = stats.triples
        result.warnings += validation_warnings(out, stats.triples)
    return result


def publish_generation(parts: list[Part], out: Path, work: Path, texts: Iterable[Part]) -> GraphStats:
    """Write the graph, the documents' text (from ``texts``: the parts as extracted) and the store in a
    new generation, then publish them in one switch.

    Whatever stops this half-way (an error, Ctrl-C, a kill) leaves the published pair as it was;
    the half-written generation is removed here, or by the next build's :func:`clean_leftovers`.
    """
    fresh = new_generation(out)
    try:
        stats = write_graph(parts, fresh.graph, work)
        write_texts(texts, fresh.documents)  # which the graph's evidence offsets index
        load_store([fresh.graph, ontology_path()], fresh.store)
        publish(out, fresh)
    except BaseException:
        shutil.rmtree(fresh.root, ignore_errors=True)
        raise
    clean_leftovers(out)  # all but the new generation and the one before it
    return stats


def validation_warnings(out: Path, triples: int) -> list[str]:
    """SHACL warnings for a graph small enough to validate in memory; a pointer otherwise."""
    if triples > VALIDATE_MAX_TRIPLES:
        return [f"SHACL: not checked during the build ({triples} triples); run `cikg validate {out}`"]
    try:
        return validate(out).warning_lines()
    except GraphInputError as error:
        return [f"SHACL: {error}"]
