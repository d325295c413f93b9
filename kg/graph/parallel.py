"""Where documents are extracted: this process, a pool of local processes, or a Dask cluster.

Every engine turns :class:`Task` s into :class:`Outcome` s, in whatever order they finish; the
build sorts them afterwards, so the graph does not depend on the engine. Workers load the spaCy
model once per process (:func:`worker_extractor`) and keep only a bounded number of documents in
flight, so memory does not grow with the corpus. On a pool, a file of more than one page is read here
and its pages are extracted by all the workers at once (:meth:`Pool.in_pages`), so one huge file
uses every worker too.
"""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Protocol

from extract.ingest.paging import Page, PageLimits, read_pages
from extract.model import IngestError

from .cache import PartStore
from .parts import PART_FILES, Extractor, PageRecords, Part, extract_page, extract_part, write_part

IN_FLIGHT_PER_WORKER = 2
PR_SET_PDEATHSIG = 1  # linux/prctl.h
_EXTRACTING = threading.Lock()  # one extraction per process: spaCy's memory zones are not thread-safe


@dataclass(frozen=True)
class Task:
    """One input file to extract; ``index`` is its place in the input order."""

    index: int
    path: str
    content_hash: str
    key: str


@dataclass(frozen=True)
class Outcome:
    """What became of a file: a part, or the reason it could not be read."""

    index: int
    path: str
    part: Part | None = None
    error: str | None = None
    extracted: bool = True


@dataclass(frozen=True)
class Remote:
    """An outcome computed on another machine: the part travels as file contents."""

    task: Task
    files: dict[str, bytes] | None
    error: str | None


class Engine(Protocol):
    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]: ...


@lru_cache(maxsize=2)
def worker_extractor(model: str) -> Extractor:
    """The extractor of this process, built once (pool initializer, first Dask task)."""
    from extract.nlp import load_english
    from extract.pipeline import DocumentExtractor

    return DocumentExtractor(nlp=load_english(model))


def _extract(task: Task, path: Path, extractor: Extractor, limits: PageLimits, root: Path) -> tuple[Part | None, str | None]:
    """The part of one file, or why there is none."""
    def make() -> Part:
        with _EXTRACTING:
            return extract_part(path, task.content_hash, extractor, limits, root)
    return _attempt(make)


def _attempt(make: Callable[[], Part]) -> tuple[Part | None, str | None]:
    """``make()``'s part, or why there is none; a crash on one document must not stop a build."""
    try:
        return make(), None
    except IngestError as error:
        return None, error.reason
    except Exception as error:  # noqa: BLE001 - reported per document, like unreadable input
        return None, f"extraction failed ({type(error).__name__}: {error})"


def run_local(task: Task, extractor: Extractor, limits: PageLimits, store: PartStore) -> Outcome:
    staging = store.staging()
    part, error = _extract(task, Path(task.path), extractor, limits, staging)
    if part is None:
        shutil.rmtree(staging, ignore_errors=True)
        return Outcome(task.index, task.path, error=error)
    return Outcome(task.index, task.path, part=store.commit(part, task.key))


def start_worker(model: str, parent: int) -> None:
    """Pool initializer: die with the build (even a SIGKILLed one), leave Ctrl-C to it, load the model once."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker_extractor(model)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's processes now, in the middle of a document (``shutdown`` would wait for it).

    Python 3.14 has ``ProcessPoolExecutor.terminate_workers``; before it, the processes are private.
    """
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _pool_task(task: Task, model: str, limits: PageLimits, store: PartStore) -> Outcome:
    return run_local(task, worker_extractor(model), limits, store)


def _page_task(page: Page, model: str) -> PageRecords:
    with _EXTRACTING:
        return extract_page(page, worker_extractor(model))


def _remote_task(task: Task, data: bytes, model: str, limits: PageLimits) -> Remote:
    """Extract a file sent as bytes, in a scratch folder of the worker (no shared filesystem needed)."""
    with tempfile.TemporaryDirectory(prefix="cikg-") as scratch:
        source = Path(scratch) / "input" / Path(task.path).name
        source.parent.mkdir()
        source.write_bytes(data)
        part, error = _extract(task, source, worker_extractor(model), limits, Path(scratch) / "part")
        files = {name: (part.root / name).read_bytes() for name in PART_FILES} if part else None
    return Remote(task, files, error)


class InProcess:
    """Extraction in this process, one document at a time; the model loads on the first miss."""

    def __init__(self, limits: PageLimits, store: PartStore, model: str | None = None,
                 extractor: Extractor | None = None) -> None:
        self.limits, self.store, self.model, self.extractor = limits, store, model, extractor

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            self.extractor = self.extractor or worker_extractor(self.model)
            yield run_local(task, self.extractor, self.limits, self.store)


class Pool:
    """A pool of local processes, each loading the model once; tasks are file paths."""

    def __init__(self, workers: int, model: str, limits: PageLimits, store: PartStore) -> None:
        self.workers, self.model, self.limits, self.store = workers, model, limits, store

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        context = multiprocessing.get_context("spawn")  # no inherited threads or locks, same on every OS
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=start_worker,
                                   initargs=(self.model, os.getpid()))

        def submit(task: Task) -> Future[Outcome]:
            return pool.submit(_pool_task, task, self.model, self.limits, self.store)

        tasks = list(tasks)
        paged = {task for task in tasks if self._paged(task)}
        whole = [task for task in tasks if task not in paged]
        try:
            yield from bounded(submit, whole, self.workers * IN_FLIGHT_PER_WORKER)
            for task in sorted(paged, key=lambda t: t.index):
                yield self.in_pages(pool, task)
        except BaseException:  # Ctrl-C, SIGTERM (see kg.cli), an error, or the caller closing this generator
            stop_workers(pool)
            raise
        pool.shutdown()

    def _paged(self, task: Task) -> bool:
        """Whether a file may hold more than one page: more bytes than a page has characters."""
        try:
            return Path(task.path).stat().st_size > self.limits.page_chars
        except OSError:
            return False  # the worker says why it cannot be read

    def in_pages(self, pool: ProcessPoolExecutor, task: Task) -> Outcome:
        """One file read here page by page, its pages extracted on every worker, written in page order.

        The part is the one :func:`extract_part` writes (pages are extracted independently); at most
        ``IN_FLIGHT_PER_WORKER`` pages a worker are in flight, so memory stays bounded.
        """
        staging = self.store.staging()

        def extracted() -> Iterator[tuple[Page, PageRecords]]:
            window: deque[tuple[Page, Future[PageRecords]]] = deque()
            try:
                for page in read_pages(Path(task.path), task.content_hash, self.limits):
                    window.append((page, pool.submit(_page_task, page, self.model)))
                    if len(window) >= self.workers * IN_FLIGHT_PER_WORKER:
                        first, records = window.popleft()
                        yield first, records.result()
                while window:
                    first, records = window.popleft()
                    yield first, records.result()
            finally:
                for _, records in window:
                    records.cancel()

        part, error = _attempt(lambda: write_part(Path(task.path), task.content_hash, staging, extracted()))
        if part is None:
            shutil.rmtree(staging, ignore_errors=True)
            return Outcome(task.index, task.path, error=error)
        return Outcome(task.index, task.path, part=self.store.commit(part, task.key))


def bounded(submit: Callable[[Task], Future[Outcome]], tasks: Iterable[Task], window: int) -> Iterator[Outcome]:
    """Results as they finish, with at most ``window`` tasks submitted and not yet collected."""
    queue = iter(tasks)
    pending = {submit(task) for task in islice(queue, window)}
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
            pending |= {submit(task) for task in islice(queue, 1)}


class Dask:
    """A Dask cluster: ``scheduler`` is its address, or None for a local cluster of ``workers`` processes.

    Files travel to the workers as bytes and parts come back as file contents, so workers need the
    cikg package and the model, but no filesystem shared with this machine.
    """

    def __init__(self, scheduler: str | None, workers: int, model: str, limits: PageLimits, store: PartStore) -> None:
        self.scheduler, self.workers, self.model, self.limits, self.store = scheduler, workers, model, limits, store

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from distributed import Client, LocalCluster, as_completed

        with ExitStack() as stack:
            if self.scheduler:
                client = stack.enter_context(Client(self.scheduler))
            else:
                cluster = stack.enter_context(LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                                           processes=True, dashboard_address=None))
                client = stack.enter_context(Client(cluster))
            window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
            queue = iter(tasks)
            running = as_completed()

            def fill() -> Iterator[Outcome]:
                """Submit tasks until ``window`` run; a file that cannot be read fails here."""
                while running.count() < window and (task := next(queue, None)) is not None:
                    try:
                        data = Path(task.path).read_bytes()
                    except OSError as error:
                        yield Outcome(task.index, task.path, error=f"cannot read file ({error.strerror or error})")
                        continue
                    running.add(client.submit(_remote_task, task, data, self.model, self.limits, pure=False))

            yield from fill()
            for future in running:
                remote: Remote = future.result()
                future.release()
                yield self._stored(remote)
                yield from fill()

    def _stored(self, remote: Remote) -> Outcome:
        task = remote.task
        if remote.files is None:
            return Outcome(task.index, task.path, error=remote.error)
        return Outcome(task.index, task.path, part=self.store.write(remote.files, task.key))
