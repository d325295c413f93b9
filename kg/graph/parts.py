"""A document's contribution to the graph, on disk: what a worker hands back and what the cache keeps.

A part is a folder of four files:

* ``triples.nt`` -- sorted, unique N-Triples lines of everything the document decides alone
  (:func:`kg.graph.rdf.document_triples`);
* ``entities.jsonl`` / ``observations.jsonl`` -- one JSON record per entity / observation, sorted by
  key, to be merged across documents (labels, units) before they become triples;
* ``meta.json`` -- which document it is (:class:`PartMeta`);
* ``text.txt`` -- the document's text as read, which every evidence offset indexes.

All five are plain text, so a cached part can be read (and diffed) without cikg.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from extract.ingest.files import document_id
from extract.ingest.paging import Page, PageLimits, read_pages, shift
from extract.model import Document, Entity, Evidence, Extraction, Observation

from .rdf import document_triples
from .serialize import nt_line
from .sorting import ExternalSorter

TRIPLES, ENTITIES, OBSERVATIONS, META, TEXT = "triples.nt", "entities.jsonl", "observations.jsonl", "meta.json", "text.txt"
PART_FILES = (TRIPLES, ENTITIES, OBSERVATIONS, META, TEXT)


class Extractor(Protocol):
    """What a build needs of an extractor (:class:`extract.pipeline.DocumentExtractor` or a stand-in)."""

    def extract(self, document: Document) -> Extraction: ...


@dataclass(frozen=True)
class PartMeta:
    doc_id: str
    source: str  # the input file's name
    content_hash: str
    pages: int
    warnings: list[str] = field(default_factory=list)  # how the file was read, e.g. a guessed encoding


@dataclass(frozen=True)
class Part:
    """A finished part folder."""

    root: Path
    meta: PartMeta

    @property
    def triples(self) -> Path:
        return self.root / TRIPLES

    @property
    def entities(self) -> Path:
        return self.root / ENTITIES

    @property
    def observations(self) -> Path:
        return self.root / OBSERVATIONS

    @property
    def text(self) -> Path:
        return self.root / TEXT

    @classmethod
    def load(cls, root: Path) -> Part:
        return cls(root, PartMeta(**json.loads((root / META).read_text(encoding="utf-8"))))

    def moved(self, root: Path) -> Part:
        return replace(self, root=root)


def group_of(record: str) -> str:
    """The merge key of a record line: the JSON before the first tab."""
    return record[:record.index("\t")]


def _plain(value: object) -> object:
    """JSON for what records hold besides JSON types: sets (sorted), decimals, nested dataclasses."""
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, Decimal):
        return str(value)
    return _fields(value)


def _fields(record: object) -> dict:
    """A dataclass as a shallow dict (``asdict`` would deep-copy every label and evidence record)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _record(key: object, payload: dict) -> str:
    return f"{json.dumps(key)}\t{json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_plain)}\n"


def entity_record(entity: Entity) -> str:
    return _record(entity.key, _fields(entity))


def entity_from_record(line: str) -> Entity:
    data = json.loads(line[line.index("\t") + 1:])
    data["alt_labels"] = {lang: set(labels) for lang, labels in data["alt_labels"].items()}
    data["documents"] = set(data["documents"])
    return Entity(**data)


def observation_record(observation: Observation) -> str:
    return _record(list(observation.key), _fields(observation))


def observation_from_record(line: str) -> Observation:
    data = json.loads(line[line.index("\t") + 1:])
    data["value"] = Decimal(data["value"])
    data["evidence"] = [Evidence(**e) for e in data["evidence"]]
    return Observation(**data)


@dataclass(frozen=True)
class PageRecords:
    """One page's extraction as the lines of its part: what a worker hands back for a page of a large file."""

    triples: list[str]
    entities: list[str]
    observations: list[str]

    @classmethod
    def of(cls, extraction: Extraction, title_page: bool = True) -> PageRecords:
        """``title_page``: the page's text holds the document's first lines."""
        return cls([nt_line(t) for t in document_triples(extraction, title_page)],
                   [entity_record(e) for e in extraction.entities.values()],
                   [observation_record(o) for o in extraction.observations])


class PartWriter:
    """Collects the extractions of one document's pages into a part folder, spilling to disk as it goes."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.triples = ExternalSorter(root, dedupe=True)
        self.entities = ExternalSorter(root, key=group_of)
        self.observations = ExternalSorter(root, key=group_of)
        self.text = (root / TEXT).open("w", encoding="utf-8", newline="")
        self.text_length = 0

    def add_text(self, text: str, base: int) -> None:
        """A page's text at its offset in the document (a gap between pages is kept as spaces)."""
        self.text.write(" " * max(base - self.text_length, 0) + text)
        self.text_length = max(base, self.text_length) + len(text)

    def add(self, extraction: Extraction, title_page: bool = True) -> None:
        """A page's extraction; ``title_page``: its text holds the document's first lines."""
        self.add_records(PageRecords.of(extraction, title_page))

    def add_records(self, records: PageRecords) -> None:
        """A page's lines; pages are added in document order, which the entity and observation merges keep."""
        self.triples.extend(records.triples)
        self.entities.extend(records.entities)
        self.observations.extend(records.observations)

    def finish(self, meta: PartMeta) -> Part:
        self.triples.finish(self.root / TRIPLES)
        self.entities.finish(self.root / ENTITIES)
        self.observations.finish(self.root / OBSERVATIONS)
        self.text.close()
        (self.root / META).write_text(json.dumps(asdict(meta), ensure_ascii=False, sort_keys=True), encoding="utf-8")
        return Part(self.root, meta)


def extract_page(page: Page, extractor: Extractor) -> PageRecords:
    """One page extracted and turned into lines at document offsets.

    The page is extracted inside spaCy's memory zone, so the strings it adds to the shared
    vocabulary are dropped with it and a long build does not grow.
    """
    nlp = getattr(extractor, "nlp", None)
    with nlp.memory_zone() if nlp is not None else nullcontext():
        extraction = extractor.extract(page.document)
    return PageRecords.of(shift(extraction, page.base), title_page=page.base == 0)


def write_part(source: Path, content_hash: str, root: Path, pages: Iterable[tuple[Page, PageRecords]]) -> Part:
    """The part in ``root`` of one input file from its pages, extracted, in document order."""
    writer = PartWriter(root)
    count = 0
    warnings: list[str] = []
    for page, records in pages:
        writer.add_records(records)
        writer.add_text(page.document.text, page.base)
        warnings += [w for w in page.document.warnings if w not in warnings]
        count += 1
    return writer.finish(PartMeta(document_id(source), source.name, content_hash, count, warnings))


def extract_part(source: Path, content_hash: str, extractor: Extractor, limits: PageLimits, root: Path) -> Part:
    """Read, extract and write one input file as a part in ``root``; raises ``IngestError`` for bad input."""
    pages = read_pages(source, content_hash, limits)
    return write_part(source, content_hash, root, ((page, extract_page(page, extractor)) for page in pages))
