"""A fast stand-in for DocumentExtractor, for build tests about files, scale and failures rather than NLP.

It reads capitalised words of the English sections as entity mentions (with real offsets and a
sentence per section start) and links each document's first two entities by a fact, so parts,
merging and the graph writer all have real work, without loading spaCy.
"""
from __future__ import annotations

import re

from extract.model import Document, Entity, Evidence, Extraction, Fact, Mention, Sentence
from extract.keys import slug

CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")


class StubExtractor:
    def __init__(self, words_per_section: int = 5) -> None:
        self.words_per_section = words_per_section
        self.seen: list[str] = []

    def extract(self, document: Document) -> Extraction:
        self.seen.append(document.doc_id)
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        for section in (s for s in document.sections if s.lang == "en"):
            end = document.text.find("\n", section.start, section.end)
            end = section.end if end < 0 else end
            index = len(sentences)
            sentences.append(Sentence(document.doc_id, index, "en", section.start, end, document.text[section.start:end]))
            words = CAPITALISED.finditer(document.text, section.start, end)
            for match, _ in zip(words, range(self.words_per_section)):
                mentions.append(Mention(document.doc_id, index, "en", match.start(), match.end(), match.group(),
                                        "Concept", "stub", 0.5, slug(match.group())))
        entities: dict[str, Entity] = {}
        for mention in mentions:
            entity = entities.setdefault(mention.key, Entity(mention.key, "Concept", mention.text))
            entity.add_label("en", mention.text)
            entity.documents.add(document.doc_id)
        facts = []
        if len(entities) > 1:
            first, second = list(entities)[:2]
            evidence = Evidence(document.doc_id, "en", sentences[0].text, sentences[0].start, sentences[0].end, "stub", 0.5)
            facts.append(Fact(first, "relatedTo", second, [evidence]))
        return Extraction(document, entities, facts, [], mentions, sentences)
