"""Which files to read, and their bytes: folders walked, limits enforced, each failure an :class:`IngestError`."""
from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from extract.model import IngestError

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
PDF_SUFFIXES = (".pdf",)

MAX_FILE_BYTES = 100 * 1024 * 1024  # a brief is a few hundred KB; refuse anything absurd
_ID_KEPT = "-._~"  # with letters and digits: what an IRI path segment holds as is


def document_id(path: Path) -> str:
    """The document's id, from its file name: the stem (NFC), letters, digits and ``-._~`` kept, every
    other character percent-encoded (UTF-8), so that ``…/id/document/<id>`` is always a valid IRI and two
    file names give two ids. ``brief-2023.txt`` -> ``brief-2023``; ``my brief.txt`` -> ``my%20brief``."""
    stem = unicodedata.normalize("NFC", Path(path).stem)
    if stem.strip(".") == "":  # "." and ".." are not names in a path
        return "".join("%2E" for _ in stem)
    return "".join(c if c.isalnum() or c in _ID_KEPT else _percent(c) for c in stem)


def _percent(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogateescape"))


def read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IngestError(path, "is a directory, not a file")
        if size > MAX_FILE_BYTES:
            raise IngestError(path, f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        return path.read_bytes()
    except IngestError:
        raise
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except PermissionError:
        raise IngestError(path, "cannot read file (permission denied)") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc.__class__.__name__})") from None


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Expand files and folders into the files to ingest.

    Folders are walked recursively in sorted order (depth first); hidden entries (``.name``) and
    unsupported extensions inside folders are skipped silently; symlinked folders are followed at
    most once (a visited set of resolved folders), so a symlink loop terminates; a file reached
    twice is yielded once.  A named path that does not exist, cannot be read, or is not a supported
    file yields an :class:`IngestError` instead of raising, so the caller can go on.
    """
    visited_dirs: set[str] = set()
    seen_files: set[str] = set()
    for item in paths:
        p = Path(item)
        try:
            if p.is_symlink() and not p.exists():
                yield IngestError(p, "broken symbolic link")
                continue
            if not p.exists():
                yield IngestError(p, "no such file or directory")
                continue
            if p.is_dir():
                yield from _walk(p, visited_dirs, seen_files)
                continue
            if not p.is_file():
                yield IngestError(p, "not a regular file")
                continue
        except OSError as exc:
            yield IngestError(p, f"cannot access ({exc.strerror or exc.__class__.__name__})")
            continue
        if p.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield IngestError(p, f"unsupported file type {p.suffix.lower() or '(no extension)'!r}")
            continue
        if not os.access(p, os.R_OK):
            yield IngestError(p, "cannot read file (permission denied)")
            continue
        key = _resolved(p)
        if key in seen_files:
            continue
        seen_files.add(key)
        yield p


def _resolved(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(p)


def _walk(folder: Path, visited_dirs: set[str], seen_files: set[str]) -> Iterator[Path | IngestError]:
    key = _resolved(folder)
    if key in visited_dirs:
        return
    visited_dirs.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield IngestError(folder, f"cannot list folder ({exc.strerror or exc.__class__.__name__})")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        child = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=True):
                yield from _walk(child, visited_dirs, seen_files)
                continue
            is_file = entry.is_file(follow_symlinks=True)
        except OSError:
            is_file = False
        if child.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if not is_file:
            if entry.is_symlink():
                yield IngestError(child, "broken symbolic link")
            continue
        if not os.access(child, os.R_OK):
            yield IngestError(child, "cannot read file (permission denied)")
            continue
        fkey = _resolved(child)
        if fkey in seen_files:
            continue
        seen_files.add(fkey)
        yield child
