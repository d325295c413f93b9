"""Read policy briefs (.txt, .md, .html, .pdf) into :class:`~extract.model.Document` records.

One file, top to bottom (:func:`read_document` in :mod:`.document`)::

    files (which files, their bytes) -> decode (bytes -> str) -> formats (markdown / HTML / PDF -> text)
          -> repair (undo PDF damage) -> headers + titlepage (metadata) -> sections (paragraphs by language)

:mod:`.paging` reads a document of any size page by page. Every offset (``Document.body_start``,
``Section.start``/``end``) indexes the repaired ``Document.text``; every failure on a bad input is an
:class:`~extract.model.IngestError` naming the file and the reason. Word lists are data, in
``ontology/ingest.yaml``.
"""
from .decode import decode_bytes
from .document import read_document
from .files import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, iter_input_files
from .formats.html import html_to_text
from .formats.markdown import markdown_to_text
from .repair import repair_text
from .sections import detect_language, split_sections
from .headers import read_header
from .titlepage import read_metadata

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "decode_bytes",
    "detect_language",
    "html_to_text",
    "iter_input_files",
    "markdown_to_text",
    "read_document",
    "read_header",
    "read_metadata",
    "repair_text",
    "split_sections",
]
