"""Sentences: run the language's spaCy pipeline over each section and keep sentence spans.

Every later step works sentence by sentence, and some (relations, co-mentions) cost more than
linearly in a sentence's length, so no sentence may be longer than ``max_sentence_tokens`` of
``ontology/rules.yaml`` (:func:`bound_sentences`): a page-long line without a full stop is read
as sentences of that many tokens at most.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span

from .model import Document, Section, Sentence

SENTENCE_ENDS = frozenset({".", "!", "?", "。", "！", "？"})


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
        """The sentence holding the token (else the last one), found by bisection: a page-long line has thousands."""
        char = self.doc[token_index].idx + self.offset
        at = bisect_right(self._sentence_starts, char) - 1  # sentences are in order and do not overlap
        if at >= 0 and char < self.sentences[at].end:
            return self.sentences[at]
        return self.sentences[-1]

    def entities_in(self, span: Span) -> list[Span]:
        """``span.ents`` (the section's named entities inside ``span``) without walking all of them every time."""
        entities, starts = self._entities
        inside: list[Span] = []
        at = bisect_left(starts, span.start)
        while at < len(entities) and entities[at].end <= span.end:
            inside.append(entities[at])
            at += 1
        return inside

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    @cached_property
    def _entities(self) -> tuple[tuple[Span, ...], list[int]]:
        entities = self.doc.ents
        return entities, [entity.start for entity in entities]


def bound_sentences(doc: Doc, max_tokens: int | None) -> Doc:
    """Before parsing, start a sentence after every ``max_tokens`` tokens that hold no full stop or line break.

    The parser keeps boundaries set beforehand, so a stretch without any sentence break becomes
    sentences of at most ``max_tokens`` tokens; ordinary prose, with a full stop every few dozen
    tokens, is left to the parser untouched.
    """
    if not max_tokens:
        return doc
    run = 0
    for token in doc:
        if run >= max_tokens:
            token.is_sent_start = True
            run = 0
        run = 0 if token.text in SENTENCE_ENDS or "\n" in token.text else run + 1
    return doc


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
