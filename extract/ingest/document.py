"""One input file -> :class:`~extract.model.Document`: the reader's stages in order."""
from __future__ import annotations

import hashlib
from pathlib import Path

from extract.model import Document, IngestError

from .decode import META_CHARSET, decode_bytes
from .files import HTML_SUFFIXES, MARKDOWN_SUFFIXES, PDF_SUFFIXES, SUPPORTED_SUFFIXES, document_id, read_bytes
from .formats import Converted, short_reason
from .formats.html import html_to_text
from .formats.markdown import markdown_to_text
from .formats.pdf import pdf_text
from .repair import normalise, repair_text
from .sections import split_sections
from .headers import read_header
from .titlepage import clean_title


def read_document(path: Path) -> Document:
    """Read one brief: bytes -> text -> :func:`repair_text` -> :func:`read_header` (metadata) ->
    :func:`split_sections` (from ``body_start``).  Raises :class:`IngestError` on any bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        if not path.exists():
            raise IngestError(path, "no such file")
        raise IngestError(path, f"unsupported file type {suffix or '(no extension)'!r}; "
                                f"expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    data = read_bytes(path)
    if not data.strip():
        raise IngestError(path, "empty file")
    warnings: list[str] = []
    if suffix in PDF_SUFFIXES:
        converted = pdf_text(path, data)
    else:
        converted = _text_file(path, suffix, data, warnings)
    text = repair_text(converted.text)
    if not text:
        raise IngestError(path, "no text content (only markup, bullets or page numbers)")
    header = read_header(text)
    metadata = header.metadata
    if metadata.title is None and converted.title:
        metadata.title = clean_title([converted.title])
    if metadata.author is None and converted.author:
        metadata.author = converted.author
    return Document(
        doc_id=document_id(path),
        path=str(path),
        text=text,
        sections=split_sections(text, header.body_start),
        metadata=metadata,
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        body_start=header.body_start,
        warnings=tuple(warnings),
    )


def _text_file(path: Path, suffix: str, data: bytes, warnings: list[str]) -> Converted:
    """A .txt, .md or .html file's text; a guessed encoding adds a warning."""
    declared = None
    if suffix in HTML_SUFFIXES:
        m = META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "ignore") if m else None
    decoded = decode_bytes(data, path, declared=declared)
    if decoded.warning:
        warnings.append(decoded.warning)
    if not decoded.text.strip() or not normalise(decoded.text).strip():
        raise IngestError(path, "empty file")
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_to_text(decoded.text)
    if suffix in HTML_SUFFIXES:
        try:
            return html_to_text(decoded.text)
        except Exception as exc:
            raise IngestError(path, f"malformed HTML ({short_reason(exc)})") from None
    return Converted(decoded.text)
