"""The embedded Oxigraph store in ``DIR/store``: bulk-loaded by ``cikg build``, opened by everyone else.

rdflib's in-memory SPARQL is one to two orders of magnitude slower than Oxigraph on a growing
corpus, so queries run on this store; rdflib users get a ``Graph`` over it (``open_rdflib``).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib
from pyoxigraph import RdfFormat, Store

from ontology import ONTOLOGY_TTL

from ..graph_file import DOCUMENTS_DIR, GRAPH_FILE, STORE_DIR, generation, has_generations, new_generation, publish
from .statistics import add_statistics, load_statistics

CHUNK_BYTES = 16 * 2**20  # graph.ttl is bulk-loaded in pieces this big


class StoreError(Exception):
    """A store that cannot be opened or written; the message is one line meant for the user."""


def ontology_path() -> Path:
    """``ontology/cikg.ttl``, loaded beside the instance data so queries can walk the class tree."""
    return ONTOLOGY_TTL


def graph_sources(out_dir: Path) -> list[Path]:
    """What a store built from ``out_dir`` holds: the published graph and the ontology."""
    graph = generation(out_dir).graph
    if not graph.is_file():
        raise StoreError(f"no graph at {graph}: run `cikg build --out {out_dir}` first")
    return [graph, ontology_path()]


def store_path(out_dir: Path) -> Path:
    """The store of the published generation (see :mod:`kg.graph_file`)."""
    return generation(out_dir).store


def is_store(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph (RocksDB) store, as opposed to nothing or some other folder."""
    return (Path(path) / "CURRENT").is_file()


def _open_error(path: Path, error: OSError) -> StoreError:
    if "lock" in str(error).lower():
        return StoreError(f"store {path} is locked by another process (a `cikg serve --writable`, "
                          f"a build or a notebook holding it); stop it or open the store read-only")
    return StoreError(f"cannot open store {path}: {error}")


def open_store(out_dir: Path, read_only: bool = False) -> Store:
    """The store of a build folder, for pyoxigraph users.

    Read-write opening takes the store's lock, so a second writer is refused instead of racing;
    ``read_only=True`` lets many readers share a store that nobody is writing.
    """
    path = store_path(out_dir)
    if not is_store(path):
        raise StoreError(f"no store at {path}: run `cikg build --out {out_dir}` first")
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except OSError as error:
        raise _open_error(path, error) from error


def open_rdflib(out_dir: Path) -> rdflib.Graph:
    """An rdflib ``Graph`` of a build folder, for rdflib users.

    With the ``oxrdflib`` package installed the graph is a live view of the Oxigraph store (SPARQL
    runs in Oxigraph, nothing is re-parsed). Without it, rdflib has no way to read an Oxigraph
    store, so the graph is parsed from ``graph.ttl`` and the ontology into memory instead, as the default
    graph of a ``Dataset`` that also holds the store's statistics (:mod:`kg.store.statistics`).
    """
    try:
        from oxrdflib import OxigraphStore
    except ImportError:
        return memory_graph(graph_sources(out_dir), open_store(out_dir, read_only=True))
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return rdflib.Graph(store=OxigraphStore(store=open_store(out_dir, read_only=True)),
                        identifier=DATASET_DEFAULT_GRAPH_ID)


def memory_graph(sources: Iterable[Path], store: Store) -> rdflib.Dataset:
    """Turtle ``sources`` parsed into rdflib's memory as the default graph, beside a copy of ``store``'s statistics."""
    graph = rdflib.Dataset()
    for source in sources:
        graph.parse(source, format="turtle")
    load_statistics(store, graph)
    return graph


def _ensure_replaceable(target: Path) -> None:
    """Refuse to replace a folder that is not a store, or a store that another process holds."""
    if not target.exists():
        return
    if not is_store(target):
        raise StoreError(f"{target} exists and is not an Oxigraph store; not replacing it")
    try:
        probe = Store(str(target))
    except OSError as error:
        raise _open_error(target, error) from error
    del probe


def _swap(staging: Path, target: Path) -> None:
    """Put the finished ``staging`` store in place of ``target``, then delete the old one."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, retired)
    os.replace(staging, target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)


def graph_chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """A built ``graph.ttl`` in pieces of about ``size`` bytes, each with the prefix header.

    One bulk load of a whole file holds it all in memory (1.75 GB at 4M triples); pieces keep the
    load's memory bounded. ``graph.ttl`` is written one subject per paragraph with no raw newline
    inside a literal, so a blank line always ends a statement.
    """
    header: list[bytes] = []
    chunk: list[bytes] = []
    filled = 0
    with open(path, "rb") as handle:
        for line in handle:
            if not chunk and (line.startswith((b"@prefix", b"PREFIX", b"#")) or not line.strip()):
                header.append(line)  # prefixes (and comments) before the first statement
                continue
            chunk.append(line)
            filled += len(line)
            if filled >= size and line.strip() == b"":
                yield b"".join(header + chunk)
                chunk, filled = [], 0
    if any(line.strip() for line in chunk):
        yield b"".join(header + chunk)


def load_store(sources: Iterable[Path], target: Path) -> None:
    """Bulk-load Turtle ``sources`` into a new store at ``target``.

    The store is written in a temporary folder beside ``target`` and renamed into place only once
    every file has loaded and its statistics are counted (:mod:`kg.store.statistics`), so a failed
    load leaves the previous store (or none) untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _ensure_replaceable(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    try:
        store = Store(str(staging))
        for source in sources:
            if source.name == GRAPH_FILE:
                for chunk in graph_chunks(source):
                    store.bulk_load(chunk, format=RdfFormat.TURTLE)
            else:
                store.bulk_load(path=str(source), format=RdfFormat.TURTLE)
        add_statistics(store)
        store.flush()
        del store  # releases the RocksDB lock before the rename
        _swap(staging, target)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, (OSError, SyntaxError, ValueError)):
            raise StoreError(f"store {target} not written: {error}") from error
        raise


def build_store(out_dir: Path) -> Path:
    """(Re)build the store of ``out_dir`` from its graph and the ontology; returns its path.

    In a folder of generations the graph is linked into a new generation beside a new store, and
    the pair is published together; a plain folder gets its ``store`` replaced in place.
    """
    sources = graph_sources(out_dir)
    if not has_generations(out_dir):
        load_store(sources, store_path(out_dir))
        return store_path(out_dir)
    fresh = new_generation(out_dir)
    try:
        os.link(sources[0], fresh.graph)
        texts = sources[0].with_name(DOCUMENTS_DIR)  # the texts that graph's offsets index go with it
        if texts.is_dir():
            shutil.copytree(texts, fresh.documents, copy_function=os.link)
        load_store([fresh.graph, *sources[1:]], fresh.store)
        publish(out_dir, fresh)
    except BaseException:
        shutil.rmtree(fresh.root, ignore_errors=True)
        raise
    return Path(out_dir) / STORE_DIR
