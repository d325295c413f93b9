"""``DIR/.cache``: finished parts kept between builds, so a rebuild extracts only what changed.

A part is reused when the same file (content hash and name) is read by the same extractor: the
*extractor version* hashes the spaCy model (name, version), spaCy's version, the page limits, the
ontology data files and the source of every module that can shape a part: every ``.py`` file of
the ``extract`` package and of ``kg.graph``, and the namespace registry. Editing the gazetteer or
any of that code therefore starts a fresh cache, and the old one is removed after the next
successful build.

Layout::

    DIR/.cache/lock                     held while a build runs (one build per folder at a time)
    DIR/.cache/v-<version>/ab/<key>/    a part (see kg.graph.parts)
    DIR/.cache/tmp/                     staging and scratch space, emptied at every start
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from pathlib import Path

import spacy

import extract
import ontology
from extract.ingest.paging import PageLimits

from .. import namespaces
from .parts import PART_FILES, Part

CACHE_DIR = ".cache"
SOURCE_ROOT = Path(extract.__file__).resolve().parent.parent  # where ``extract`` and ``kg`` sit
DATA_SUFFIXES = (".ttl", ".yaml")


class BuildBusy(RuntimeError):
    """Another build holds the output folder."""


def extractor_version(model: str, limits: PageLimits) -> str:
    """A hash of everything that decides what a part contains, besides the input file itself."""
    digest = hashlib.sha256()
    for item in (model, spacy.util.get_package_version(model) or "", spacy.__version__, *astuple(limits)):
        digest.update(f"{item}\x1f".encode())
    for path in _source_files():
        name = path.relative_to(SOURCE_ROOT).as_posix()
        digest.update(name.encode() + b"\x1f" + path.read_bytes() + b"\x1e")
    return digest.hexdigest()[:16]


def _source_files() -> list[Path]:
    """Every ``.py`` of ``extract`` and ``kg.graph``, the namespace registry, and the ontology data files."""
    code = (Path(extract.__file__).resolve().parent, Path(__file__).resolve().parent)  # extract/, kg/graph/
    files = [path for folder in code for path in sorted(folder.rglob("*.py"))]
    files.append(Path(namespaces.__file__).resolve())
    data = Path(ontology.__file__).resolve().parent
    return files + sorted(p for p in data.rglob("*") if p.suffix in DATA_SUFFIXES)


@dataclass(frozen=True)
class PartStore:
    """Finished parts by key, and a place to stage new ones (a part appears complete or not at all)."""

    root: Path
    staging_root: Path

    @staticmethod
    def key(content_hash: str, name: str) -> str:
        return hashlib.sha256(f"{content_hash}\x1f{name}".encode()).hexdigest()[:32]

    def entry(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Part | None:
        entry = self.entry(key)
        return Part.load(entry) if (entry / "meta.json").is_file() else None

    def staging(self) -> Path:
        self.staging_root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="part.", dir=self.staging_root))

    def commit(self, part: Part, key: str) -> Part:
        """Move a part written in :meth:`staging` to its entry; an entry already there wins."""
        entry = self.entry(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(part.root, entry)
        except OSError:
            if self.get(key) is None:
                raise
            shutil.rmtree(part.root, ignore_errors=True)
        return part.moved(entry)

    def write(self, files: dict[str, bytes], key: str) -> Part:
        """Commit a part that arrived as file contents (from a worker on another machine)."""
        staging = self.staging()
        for name in PART_FILES:
            (staging / name).write_bytes(files[name])
        return self.commit(Part.load(staging), key)


class Workspace:
    """The cache folder of one build: its lock, its part store and its scratch space."""

    def __init__(self, out: Path, version: str | None) -> None:
        self.cache = out / CACHE_DIR
        self.version = version
        self.tmp = self.cache / "tmp"
        self.work = self.tmp / "work"
        persistent = self.cache / f"v-{version}" if version else self.tmp / "parts"
        self.store = PartStore(persistent, self.tmp / "staging")

    @contextmanager
    def held(self) -> Iterator[Workspace]:
        """Lock the folder, clear what a killed build left in ``tmp``, and clear it again after."""
        self.cache.mkdir(parents=True, exist_ok=True)
        with (self.cache / "lock").open("w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildBusy(f"another build is writing {self.cache.parent}") from None
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.work.mkdir(parents=True)
            try:
                yield self
            finally:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def prune(self) -> None:
        """Remove the parts of other extractor versions (call after a successful build)."""
        if self.version is None:
            return
        for old in self.cache.glob("v-*"):
            if old.name != f"v-{self.version}":
                shutil.rmtree(old, ignore_errors=True)
