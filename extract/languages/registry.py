"""Which reader reads which language: each language module registers its reader under its BCP-47
tag with :func:`register_reader`; :class:`~extract.languages.ForeignSectionReader` builds the one a
section needs from a :class:`ReaderContext`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from ..knowledge import Gazetteer, Lexicon
from ..model import Document, Mention, MentionFact, Section, Sentence
from .lexicon import LanguageLexicon
from .settings import LanguageRules


@dataclass(frozen=True)
class ReaderContext:
    """What a language's reader is built from: the gazetteer, the English lexicon (for the
    English names of instruments), the language's own lexicon and its rule settings."""

    gazetteer: Gazetteer
    english: Lexicon
    words: LanguageLexicon
    rules: LanguageRules


@dataclass
class SectionReading:
    """What a reader read from one section: its sentences, its mentions and the facts between them."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[MentionFact] = field(default_factory=list)


class SectionReader(Protocol):
    def read(self, document: Document, section: Section, first_sentence_index: int) -> SectionReading: ...


ReaderFactory = Callable[[ReaderContext], SectionReader]
READERS: dict[str, ReaderFactory] = {}
Factory = TypeVar("Factory", bound=ReaderFactory)


def register_reader(lang: str) -> Callable[[Factory], Factory]:
    """Class decorator: the reader of sections in ``lang``."""
    def add(factory: Factory) -> Factory:
        if lang in READERS:
            raise ValueError(f"two readers for language {lang!r}")
        READERS[lang] = factory
        return factory
    return add
