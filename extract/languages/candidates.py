"""Sentences, candidate names and mentions, shared by every language's reader.

A reader finds :class:`Candidate` spans (gazetteer names, cue words, suffixes, NER …), keeps the
non-overlapping ones with :func:`choose` (the rule's priority from ``ontology/rules.yaml``, then the
longest), and turns them into :class:`~extract.model.Mention` records with :func:`to_mentions`.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..knowledge import Gazetteer, Lexicon
from ..model import Document, Mention, NameKey, Section, Sentence
from ..resolve import name_key
from .labels import LabelHit, is_abbreviation, select_spans
from .settings import LanguageRules


@dataclass(frozen=True)
class Candidate:
    """A span that may name an entity, before it becomes a :class:`Mention` (document offsets)."""

    start: int
    end: int
    cls: str
    rule: str
    key: str | NameKey | None = None
    name: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class CandidateLink:
    """A fact the text states by the shape of two names alone ("美国制裁", "X董事长Y")."""

    subject: Candidate
    property: str
    object: Candidate
    rule: str


@dataclass(frozen=True)
class InstrumentName:
    """A country's policy instrument ("sanctions américaines") and the country's own name in it."""

    instrument: Candidate
    country: Candidate

    @property
    def link(self) -> CandidateLink:
        """The country issues its instrument, as English "US sanctions" says."""
        return CandidateLink(self.country, "issues", self.instrument, "issues")


def label_candidate(hit: LabelHit, gazetteer: Gazetteer, text: str) -> Candidate:
    """A gazetteer hit; an all-capitals heading keeps the gazetteer's spelling as its label."""
    surface = text[hit.start:hit.end]
    name = hit.label if surface.isupper() and not is_abbreviation(hit.label) else None
    return Candidate(hit.start, hit.end, gazetteer[hit.key].cls, hit.rule, hit.key, name)


def choose(candidates: Iterable[Candidate], rules: LanguageRules) -> list[Candidate]:
    """Overlapping candidates of enabled rules: the higher priority (the gazetteer before cue words
    before NER), then the longest."""
    kept = [c for c in candidates if rules.enabled(c.rule)]
    return select_spans(kept, lambda c: c.span, lambda c: rules.priority(c.rule))


def uncovered(start: int, end: int, candidates: Iterable[Candidate]) -> bool:
    return not any(start < c.end and c.start < end for c in candidates)


class SentenceIndex:
    """Which sentence a document offset falls in."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.sentences[i]


def to_mentions(document: Document, section: Section, sentences: SentenceIndex, rules: LanguageRules,
                candidates: Iterable[Candidate]) -> list[Mention]:
    """The candidates of enabled rules as mentions, in text order."""
    mentions = []
    for c in (c for c in candidates if rules.enabled(c.rule)):
        mentions.append(Mention(document.doc_id, sentences.at(c.start).index, section.lang, c.start, c.end,
                                document.text[c.start:c.end], c.cls, rules.name(c.rule), rules.confidence(c.rule),
                                c.key, name=c.name))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def mention_key(mention: Mention, gazetteer: Gazetteer) -> str:
    """The key the resolver will give this mention (gazetteer id, ``ref`` name, else the name)."""
    key = mention.key
    if key and key in gazetteer:
        return key
    if isinstance(key, NameKey):
        return key.text if key.text in gazetteer else name_key(key.text)
    return name_key(mention.name or mention.text)


def instrument_key(country: str, noun: str, gazetteer: Gazetteer, lexicon: Lexicon) -> NameKey:
    """A reference to "US sanction": the name English gives a country's instrument ("US sanctions"), so that
    "美国的制裁", "sanctions américaines" and "sanciones de EE.UU." resolve to the same entity.
    The country is written as its shortest English demonym, else its English label."""
    demonyms = sorted((d for d, key in lexicon.demonyms.items() if key == country), key=lambda d: (len(d), d))
    return NameKey("ref", f"{demonyms[0] if demonyms else gazetteer[country].label} {noun}")


def instrument_name(start: int, end: int, noun: str, country: Candidate, gazetteer: Gazetteer,
                    english: Lexicon) -> InstrumentName:
    """The instrument ``noun`` (an English instrument noun) of ``country``, over ``start``-``end``."""
    key = instrument_key(country.key or "", noun, gazetteer, english)
    cls = english.instrument_classes.get(noun, "Policy")
    return InstrumentName(Candidate(start, end, cls, "instrument", key), country)


def paragraphs(document: Document, section: Section) -> list[tuple[int, str]]:
    """(document offset, text) of each non-blank line of the section (a line is a paragraph)."""
    found = []
    for m in re.finditer(r"[^\n]+", document.section_text(section)):
        raw = m.group(0)
        text = raw.strip()
        if text:
            found.append((section.start + m.start() + len(raw) - len(raw.lstrip()), text))
    return found


def sentence_records(document: Document, section: Section, spans: Iterable[tuple[int, int]],
                     first_index: int) -> list[Sentence]:
    """Sentences from document spans, whitespace trimmed, numbered from ``first_index``."""
    sentences: list[Sentence] = []
    for start, end in spans:
        raw = document.text[start:end]
        text = raw.strip()
        if not text:
            continue
        s = start + len(raw) - len(raw.lstrip())
        sentences.append(Sentence(document.doc_id, first_index + len(sentences), section.lang, s, s + len(text), text))
    return sentences
