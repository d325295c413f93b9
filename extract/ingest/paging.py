"""Documents of any size as pages: bounded memory whatever the file, and never past spaCy's length limit.

A brief is one page, extracted exactly as :meth:`DocumentExtractor.extract` would extract it whole.
A document longer than ``page_chars`` is extracted page by page (its sections split at paragraph
breaks), and a plain-text file larger than ``stream_bytes`` is also *read* page by page, so neither
its bytes nor its text are ever held whole. Cross-page links (an acronym defined on page 1 and used
on page 9) are lost: the price of a bounded page, paid only by documents no brief comes close to.

Offsets stay offsets into the document: a streamed page carries the offset (``base``) of its text
in the whole text, which is the pages' texts joined by a blank line.
"""
from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from extract.model import Document, DocumentMetadata, Extraction, IngestError, Section

from .decode import decode_bytes
from .document import read_document
from .files import MAX_FILE_BYTES, document_id
from .headers import read_header
from .repair import repair_text
from .sections import split_sections
from .titlepage import TitlePage

PAGE_JOINER = "\n\n"
BREAKS = ("\n\n", "\n", ". ", " ")
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class PageLimits:
    """How much of a document is read and parsed at once."""

    page_chars: int = 200_000  # spaCy refuses texts over 1,000,000 characters; memory grows with the page
    stream_bytes: int = 8 * 1024 * 1024  # .txt files over this are read page by page


@dataclass(frozen=True)
class Page:
    """Sections to extract; ``base`` is where ``document.text`` starts in the whole document's text."""

    document: Document
    base: int = 0


def file_digest(path: Path) -> str:
    """The ``Document.content_hash`` of a file, read in blocks."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except PermissionError:
        raise IngestError(path, "cannot read file (permission denied)") from None
    except OSError as error:
        raise IngestError(path, f"cannot read file ({error.strerror or type(error).__name__})") from None
    return "sha256:" + digest.hexdigest()


def read_pages(path: Path, content_hash: str, limits: PageLimits) -> Iterator[Page]:
    """The pages of one input file; raises :class:`IngestError` when it is not a readable brief."""
    if _streamable(path, limits):
        yield from _stream_pages(path, content_hash, limits)
    else:
        yield from paginate(read_document(path), limits.page_chars)


def paginate(document: Document, page_chars: int, base: int = 0) -> Iterator[Page]:
    """``document`` itself when it fits on a page, else copies of it holding a page of sections each."""
    sections = [piece for section in document.sections for piece in split_section(document.text, section, page_chars)]
    if sum(s.end - s.start for s in sections) <= page_chars:
        yield Page(document, base)
        return
    batch: list[Section] = []
    size = 0
    for section in sections:
        if batch and size + section.end - section.start > page_chars:
            yield Page(replace(document, sections=batch), base)
            batch, size = [], 0
        batch.append(section)
        size += section.end - section.start
    yield Page(replace(document, sections=batch), base)


def split_section(text: str, section: Section, limit: int) -> list[Section]:
    """``section`` cut into pieces of at most ``limit`` characters, at the strongest break available."""
    pieces: list[Section] = []
    start = section.start
    while section.end - start > limit:
        window = text[start:start + limit]
        cut = next((window.rfind(b) + len(b) for b in BREAKS if window.rfind(b) > 0), limit)
        pieces.append(replace(section, start=start, end=start + cut))
        start += cut
    pieces.append(replace(section, start=start))
    return pieces


def shift(extraction: Extraction, base: int) -> Extraction:
    """``extraction`` with every offset moved from its page's text to the whole document's text."""
    if not base:
        return extraction

    def move(record):  # noqa: ANN001, ANN202 - any frozen record with start/end
        return replace(record, start=record.start + base, end=record.end + base)

    return replace(
        extraction,
        mentions=[move(m) for m in extraction.mentions],
        sentences=[move(s) for s in extraction.sentences],
        facts=[replace(f, evidence=[move(e) for e in f.evidence]) for f in extraction.facts],
        observations=[replace(o, evidence=[move(e) for e in o.evidence]) for o in extraction.observations],
    )


def _streamable(path: Path, limits: PageLimits) -> bool:
    """Plain text over the limit, in an encoding whose line breaks are single bytes."""
    try:
        if path.suffix.lower() != ".txt" or path.stat().st_size <= limits.stream_bytes:
            return False
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return False  # read_document says why
    return not head.startswith(WIDE_BOMS)


def _stream_pages(path: Path, content_hash: str, limits: PageLimits) -> Iterator[Page]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(path, f"file too large ({size} bytes > {MAX_FILE_BYTES})")
    metadata: DocumentMetadata | None = None
    base = 0
    with path.open("rb") as handle:
        for block in _blocks(handle, limits.page_chars):
            decoded = decode_bytes(block, path)
            text = repair_text(decoded.text)
            if not text:
                continue
            header = TitlePage(metadata) if metadata is not None else read_header(text)
            metadata = header.metadata
            document = Document(document_id(path), str(path), text, split_sections(text, header.body_start), metadata,
                                content_hash, header.body_start, (decoded.warning,) if decoded.warning else ())
            yield from paginate(document, limits.page_chars, base)
            base += len(text) + len(PAGE_JOINER)
    if metadata is None:
        raise IngestError(path, "empty file")


def _blocks(handle: BinaryIO, size: int) -> Iterator[bytes]:
    """The file in blocks of at most ``size`` bytes, each ending at a paragraph (else line, else word) break."""
    carry = b""
    while chunk := handle.read(max(size - len(carry), 1)):
        data = carry + chunk
        cut = _cut(data)
        yield data[:cut]
        carry = data[cut:]
    if carry:
        yield carry


def _cut(data: bytes) -> int:
    for separator in (b"\n\n", b"\n", b" "):
        at = data.rfind(separator)
        if at > 0:
            return at + len(separator)
    cut = len(data) - 1  # no break at all: end before the last character, which may be incomplete
    while cut > 0 and data[cut] & 0xC0 == 0x80:
        cut -= 1
    return cut or len(data)
