"""External sorting of text lines, so merging a corpus needs memory for a few lines per file, not the corpus.

Lines are newline-terminated and contain no other control characters (see :mod:`kg.graph.serialize`),
so sorting them with their newline sorts them as their text. A ``key`` sorts records by a part of
the line; every merge here is stable, so records with equal keys keep the order of the files they
came from (the build passes files in document order).
"""
from __future__ import annotations

import heapq
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

Key = Callable[[str], str] | None
FAN_IN = 128  # files merged at once: well under the usual limit of 1024 open files
RUN_LINES = 200_000  # lines sorted in memory before they are spilled to a run file


def unique(lines: Iterable[str]) -> Iterator[str]:
    """Sorted lines without repeats."""
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def write_lines(lines: Iterable[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(lines)
    return path


def _new_file(work: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix="run.", dir=work)
    os.close(fd)
    return Path(name)


def merge_files(files: Sequence[Path], work: Path, key: Key = None, dedupe: bool = False) -> Iterator[str]:
    """The lines of ``files`` (each sorted by ``key``) in one sorted stream, in passes of FAN_IN files."""
    files = list(files)
    temporary: list[Path] = []
    try:
        while len(files) > FAN_IN:
            merged = [write_lines(_merge(batch, key, dedupe), _new_file(work)) for batch in _batches(files, FAN_IN)]
            for path in temporary:
                path.unlink()
            files = temporary = merged
        yield from _merge(files, key, dedupe)
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)


def _merge(files: Sequence[Path], key: Key, dedupe: bool) -> Iterator[str]:
    with ExitStack() as stack:
        streams = [stack.enter_context(f.open(encoding="utf-8", newline="\n")) for f in files]
        merged = heapq.merge(*streams, key=key)
        yield from unique(merged) if dedupe else merged


def _batches(items: list[Path], size: int) -> Iterator[list[Path]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class ExternalSorter:
    """Collects lines in any order and gives them back sorted, spilling sorted runs to ``work``."""

    def __init__(self, work: Path, key: Key = None, dedupe: bool = False, run_lines: int = RUN_LINES) -> None:
        self.work, self.key, self.dedupe, self.run_lines = work, key, dedupe, run_lines
        self.buffer: list[str] = []
        self.runs: list[Path] = []

    def add(self, line: str) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.run_lines:
            self.spill()

    def extend(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.add(line)

    def spill(self) -> None:
        """Write the buffered lines as one sorted run (stable, so equal keys keep arrival order)."""
        if self.buffer:
            self.buffer.sort(key=self.key)
            lines = unique(self.buffer) if self.dedupe else self.buffer
            self.runs.append(write_lines(lines, _new_file(self.work)))
            self.buffer = []

    def finish(self, path: Path) -> Path:
        """All lines, sorted, in ``path`` (one file however many runs were spilled)."""
        if not self.runs:
            self.buffer.sort(key=self.key)
            write_lines(unique(self.buffer) if self.dedupe else self.buffer, path)
        else:
            self.spill()
            write_lines(merge_files(self.runs, self.work, self.key, self.dedupe), path)
            for run in self.runs:
                run.unlink()
        self.buffer, self.runs = [], []
        return path
