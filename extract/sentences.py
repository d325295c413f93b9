"""Sentences: run the language's spaCy pipeline over each section and keep sentence spans."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .model import Document, Section, Sentence


@dataclass
class ParsedSection:
    """A section parsed by spaCy; ``offset`` maps spaCy character offsets back to the document."""

    section: Section
    doc: Doc
    offset: int
    sentences: list[Sentence]

    def span_of(self, start: int, end: int) -> Span | None:
        """The token span covering document offsets [start, end)."""
        return self.doc.char_span(start - self.offset, end - self.offset, alignment_mode="expand")

    def sentence_of(self, token_index: int) -> Sentence:
        char = self.doc[token_index].idx + self.offset
        for sentence in self.sentences:
            if sentence.start <= char < sentence.end:
                return sentence
        return self.sentences[-1]


def to_sentences(document: Document, section: Section, doc: Doc, first_index: int) -> list[Sentence]:
    """Sentence records for a parsed section, numbered from ``first_index`` across the document."""
    sentences: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        start = section.start + sent.start_char + lead
        end = start + len(text)
        sentences.append(Sentence(document.doc_id, first_index + len(sentences), section.lang, start, end, text))
    return sentences
