"""Plain typed records passed between the pipeline stages.

ingest -> Document(sections) -> Sentence -> Mention -> Entity -> Fact/Observation (with Evidence).
Offsets are always character offsets into ``Document.text`` (the repaired text), so that an
evidence record can be checked against the document it cites.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal


class IngestError(Exception):
    """A file that cannot be read as a brief; the message names the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True)
class Section:
    """A paragraph or list item of running text in one language (BCP-47 tag); no sentence crosses its
    bounds. ``heading`` is the heading line it falls under, which no section holds."""

    lang: str
    start: int
    end: int
    heading: str = ""


@dataclass
class DocumentMetadata:
    """Bibliographic facts the text itself states (title page, source line, byline, series)."""

    title: str | None = None
    author: str | None = None
    series: str | None = None
    number: str | None = None
    published: str | None = None  # ISO 8601 as precise as the text: YYYY, YYYY-MM or YYYY-MM-DD
    publisher: str | None = None  # the outlet a source line names
    url: str | None = None


@dataclass
class Document:
    """One ingested brief: repaired text, its language sections and what the text says about itself."""

    doc_id: str
    path: str
    text: str
    sections: list[Section]
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    content_hash: str = ""
    body_start: int = 0  # where the running text begins (after the title page)
    warnings: tuple[str, ...] = ()  # read, but not quite as written (a guessed encoding), one line each

    @property
    def languages(self) -> list[str]:
        seen: list[str] = []
        for section in self.sections:
            if section.lang not in seen:
                seen.append(section.lang)
        return seen

    def section_text(self, section: Section) -> str:
        return self.text[section.start:section.end]


@dataclass(frozen=True)
class Sentence:
    """A sentence located in its document; ``text == document.text[start:end]``."""

    doc_id: str
    index: int
    lang: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NameKey:
    """A key the resolver settles by name, not by gazetteer id: ``long``, the long form an acronym
    stands for; ``ref``, the name a reference points back to; ``document``, the document called
    ``text`` ("resolution document") of the event whose gazetteer id is ``event``; ``described``,
    the unnamed instrument described as ``text`` ("three-year action plan") that ``event`` (the
    issuer's gazetteer id, else its name) issued."""

    kind: Literal["long", "ref", "document", "described"]
    text: str
    event: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span that names an entity. ``cls`` is an ontology class local name; ``key`` is the
    gazetteer id when the gazetteer named it, a :class:`NameKey` when a rule knows more than the
    span's text, else None (resolved later by name)."""

    doc_id: str
    sentence_index: int
    lang: str
    start: int
    end: int
    text: str
    cls: str
    rule: str
    confidence: float
    key: str | NameKey | None = None
    plural: bool = False
    name: str | None = None  # the full name when the span is only part of it ("sanctions" of "US sanctions")
    reference: bool = False  # the span refers back ("the commission", "we") rather than naming


@dataclass
class Entity:
    """A resolved real-world entity: one IRI, one class, labels in every language it was seen in."""

    key: str
    cls: str
    label: str
    alt_labels: dict[str, set[str]] = field(default_factory=dict)
    pref_labels: dict[str, str] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    description: str | None = None
    same_as: list[str] = field(default_factory=list)

    def add_label(self, lang: str, text: str) -> None:
        if text == self.pref_labels.get(lang):
            return
        if lang not in self.pref_labels:
            self.pref_labels[lang] = text
            return
        self.alt_labels.setdefault(lang, set()).add(text)


@dataclass(frozen=True)
class Evidence:
    """Where and how a fact was read: the sentence, its offsets, the rule and how sure it is."""

    doc_id: str
    lang: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True)
class LiteralValue:
    """A typed literal object: ``datatype`` is an XSD local name (gYear, gYearMonth, date, decimal, string)."""

    value: str
    datatype: str = "string"


@dataclass
class Fact:
    """subject --predicate--> object, where object is an entity key or a typed literal."""

    subject: str
    predicate: str
    object: str | LiteralValue
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        obj = self.object if isinstance(self.object, str) else f"{self.object.datatype}:{self.object.value}"
        return (self.subject, self.predicate, obj)


@dataclass
class MentionFact:
    """A fact a foreign reader read between two mentions before resolution: ``fact`` is keyed as each
    mention alone would resolve; the spans say which mentions, so that the pipeline can re-key it
    by what the resolver decided for exactly those mentions."""

    fact: Fact
    subject_span: tuple[int, int]
    object_span: tuple[int, int] | None  # None: the object is a literal


@dataclass
class Observation:
    """A figure: ``subject``'s ``measure`` ("researchers", "R&D intensity") = ``value`` ``unit`` in
    ``year``; ``indicator`` is the Indicator entity that names the measure, when one does."""

    subject: str
    indicator: str | None
    value: Decimal
    unit: str
    year: str | None
    qualifier: str | None
    evidence: list[Evidence] = field(default_factory=list)
    measure: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.subject, self.indicator or self.measure, str(self.value), self.year or "")


@dataclass
class Extraction:
    """Everything the extractor read from one document, before the graph is written."""

    document: Document
    entities: dict[str, Entity]
    facts: list[Fact]
    observations: list[Observation]
    mentions: list[Mention]
    sentences: list[Sentence] = field(default_factory=list)
    author_key: str | None = None
    publisher_key: str | None = None
