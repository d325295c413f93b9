"""What a document says about itself, and the header line each of those facts was read from.

The reader keeps what a document's first lines state (:class:`~extract.model.DocumentMetadata`, from a
``SOURCE:`` line, the title page, a byline), not where they state it. :class:`Header` finds, for each
field, the first header line that states it, so that the document's facts get evidence records like
every other fact (docs/graph-model.md). A field no line states (an HTML ``<title>``, a PDF's own
metadata) has no evidence record: there is no place in the text to point at.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from extract.ingest.headers import Role, line_role, read_source_line
from extract.ingest.titlepage import date_line
from extract.model import Document, Extraction

from ..namespaces import CIKG, ENT

HEADER_LINES = 40  # the title page reader looks at no more lines than this
RUN_LINES = 6  # a title is joined from at most this many lines
ISSUED_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class HeaderLine:
    """A line (or a run of lines) of a document's header, located in its text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class DocumentFact:
    """A fact a document states about itself; ``line`` is where, None when no header line states it."""

    predicate: URIRef
    object: URIRef | Literal
    line: HeaderLine | None


def _words(text: str) -> str:
    """The words of ``text``, case-folded, space-separated and space-framed, so that ``in`` finds whole words."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


class Header:
    """A document's lines up to its first line of running text after the title page."""

    def __init__(self, document: Document) -> None:
        self.text = document.text
        self.lines = list(self._read(document))

    @staticmethod
    def _read(document: Document) -> Iterator[HeaderLine]:
        text = document.text
        count = 0
        for m in _LINE.finditer(text):
            line = m.group(0).strip()
            if not line:
                continue
            running = m.start() >= document.body_start and line_role(line, text.startswith("\n\n", m.end())) is Role.TEXT
            if running or count == HEADER_LINES:
                return
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            yield HeaderLine(line, start, start + len(line))
            count += 1

    def stating(self, *values: str) -> HeaderLine | None:
        """The first line whose words include those of every value, else the shortest run of lines whose
        words do (a title set on several lines); None when no run does."""
        wanted = [_words(v) for v in values]
        if not wanted or any(w == " " for w in wanted):
            return None
        for size in range(1, RUN_LINES + 1):
            for first, last in zip(self.lines, self.lines[size - 1:]):
                words = _words(self.text[first.start:last.end])
                if all(w in words for w in wanted):
                    return HeaderLine(self.text[first.start:last.end], first.start, last.end)
        return None

    def dated(self, date: str) -> HeaderLine | None:
        """The first line whose date is ``date``: a date line (``Published: 3 May 2021``)
        or a source line's date part."""
        for line in self.lines:
            source = read_source_line(line.text)
            if date in (date_line(line.text), source.published if source else None):
                return line
        return None


def document_facts(extraction: Extraction, title_lang: str, header: Header | None) -> Iterator[DocumentFact]:
    """What ``extraction``'s document states about itself, each fact with its header line when ``header`` is given."""
    meta = extraction.document.metadata

    def stating(*values: str | None) -> HeaderLine | None:
        return header.stating(*(v or "" for v in values)) if header else None

    if meta.title:
        yield DocumentFact(DCTERMS.title, Literal(meta.title, lang=title_lang), stating(meta.title))
    if meta.series:
        yield DocumentFact(CIKG.series, Literal(meta.series), stating(meta.series))
    if meta.number:
        yield DocumentFact(CIKG.seriesNumber, Literal(meta.number), stating(meta.series, meta.number))
    if meta.published:  # YYYY, YYYY-MM or YYYY-MM-DD: as precise as the document is
        issued = Literal(meta.published, datatype=ISSUED_TYPES[len(meta.published)])
        yield DocumentFact(DCTERMS.issued, issued, header.dated(meta.published) if header else None)
    if meta.publisher:
        yield DocumentFact(CIKG.publisherName, Literal(meta.publisher), stating(meta.publisher))
    if meta.url:
        yield DocumentFact(DCTERMS.source, Literal(meta.url, datatype=XSD.anyURI), stating(meta.url))
    if extraction.author_key:  # the byline's name
        yield DocumentFact(CIKG.authoredBy, ENT[extraction.author_key], stating(meta.author))
    if extraction.publisher_key:  # the publisher a series title starts with
        yield DocumentFact(CIKG.publishedBy, ENT[extraction.publisher_key], stating(meta.series))
