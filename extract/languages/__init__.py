"""Read the Chinese, French and Spanish sections of a brief onto the same entities as English.

:class:`ForeignSectionReader` is the one entry point: ``read(document, section, first_sentence_index)``
returns the section's sentences, its mentions and the facts read from it. A mention that names a
gazetteer entity (by a label in the section's language, an abbreviation, or a capitalised English
name kept in the text) carries the gazetteer id, so the resolver gives it the same IRI as its
English counterpart and adds its surface form as a label in that language. Other names are typed
by the language's own cues and keyed by name. Facts (``MentionFact``) carry the keys each mention
alone would get and the two mentions' spans; the pipeline re-keys them by what the resolver decides
for exactly those mentions.

The modules, in the order a section goes through them:

| module | job |
|---|---|
| ``lexicon`` | each language's words, from ``ontology/lexicon/<tag>.yaml`` (``ontology/lexicon/README.md``) |
| ``settings`` | each rule's switch, priority and confidence, from ``ontology/rules.yaml`` (``languages``) |
| ``labels`` | tokens; gazetteer names in any language |
| ``candidates`` | sentences, candidate names, the span filter, mentions |
| ``facts`` | facts with their evidence; the weak co-mention links |
| ``surface`` | facts from word order around relation verbs |
| ``romance`` | what French and Spanish share |
| ``zh_names``, ``zh_dates`` | Chinese persons and titles; dates of actions (今年3月，X印发《Y》) |
| ``zh``, ``fr``, ``es`` | one reader per language, registered by its tag (``registry``) |
"""
from __future__ import annotations

from ..knowledge import Gazetteer, Lexicon
from ..model import Document, Section
from ..rules import RuleConfig, load_rule_config
from . import zh, fr, es  # noqa: F401  (each registers its reader)
from .lexicon import LanguageLexicon, load_language_lexicons
from .registry import READERS, ReaderContext, SectionReader, SectionReading
from .settings import LanguageRules

__all__ = ["ForeignSectionReader", "SectionReading", "load_language_lexicons"]


class ForeignSectionReader:
    """Reads a section in any registered language: sentences, mentions that resolve to the same
    keys as English, facts. Each language's pipeline is loaded the first time a section in it is read."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, rules: RuleConfig | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.rules = rules or load_rule_config()
        self.words = load_language_lexicons()
        self.languages: tuple[str, ...] = tuple(READERS)
        self._readers: dict[str, SectionReader] = {}

    def read(self, document: Document, section: Section, first_sentence_index: int) -> SectionReading:
        if section.lang not in READERS:
            raise ValueError(f"no reader for language {section.lang!r} (reads {', '.join(self.languages)})")
        return self._reader(section.lang).read(document, section, first_sentence_index)

    def _reader(self, lang: str) -> SectionReader:
        if lang not in self._readers:
            words = self.words.get(lang, LanguageLexicon(lang))
            context = ReaderContext(self.gazetteer, self.lexicon, words, LanguageRules(lang, self.rules))
            self._readers[lang] = READERS[lang](context)
        return self._readers[lang]
