"""The extractor for one document: sections -> sentences -> mentions -> entities -> facts.

Each document is extracted on its own (keys are content-derived), so documents can go to any
worker and be merged afterwards by :func:`merge_extractions`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from .figures import FigureExtractor
from .knowledge import Gazetteer, Lexicon, load_gazetteer, load_lexicon
from .mentions import MentionFinder
from .model import Document, Entity, Evidence, Extraction, Fact, Mention, Observation, Sentence
from .multilingual import ForeignSectionReader
from .nlp import load_english
from .relations import RelationExtractor, issuer_facts
from .merge import merge_facts, merge_observations
from .resolve import EntityResolver
from .sentences import ParsedSection, to_sentences

EXTRACTED_LANGUAGES = ("en",)


class DocumentExtractor:
    """Holds the loaded pipeline and domain data; ``extract`` is pure per document."""

    def __init__(self, nlp: Language | None = None, gazetteer: Gazetteer | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.nlp = nlp or load_english()
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_lexicon()
        self.mentions = MentionFinder(self.nlp, self.gazetteer, self.lexicon)
        self.resolver = EntityResolver(self.gazetteer)
        self.relations = RelationExtractor(self.gazetteer, self.lexicon)
        self.figures = FigureExtractor()
        self.foreign = ForeignSectionReader(self.gazetteer, self.lexicon)

    def parse(self, document: Document, aliases: dict[str, str]) -> list[ParsedSection]:
        """Prepare (names merged) then run the pipeline's components over each English section."""
        sections = [s for s in document.sections if s.lang in EXTRACTED_LANGUAGES]
        docs: Iterable[Doc] = [self.mentions.prepare(document.section_text(s), aliases) for s in sections]
        for _, component in self.nlp.pipeline:
            docs = component.pipe(docs) if hasattr(component, "pipe") else map(component, docs)
        parsed: list[ParsedSection] = []
        index = 0
        for section, doc in zip(sections, docs):
            sentences = to_sentences(document, section, doc, index)
            index += len(sentences)
            parsed.append(ParsedSection(section, doc, section.start, sentences))
        return parsed

    def extract(self, document: Document) -> Extraction:
        aliases: dict[str, str] = {}
        parsed = self.parse(document, aliases)
        found: list[Mention] = []
        for section in parsed:
            found += self.mentions.find(section, document.doc_id, aliases)
        found += self._byline_mentions(document)
        foreign_sentences, foreign_mentions, foreign_facts = self._read_foreign(
            document, sum(len(p.sentences) for p in parsed))
        found += foreign_mentions  # resolved together with the English ones, so keys merge
        issued_by = {self.resolver.document_key(m.key): m.key.split(":")[1] for m in found
                     if m.key and m.key.startswith("doc:")}
        mentions, entities = self.resolver.resolve(found)
        focus = self._focus_country(mentions)
        facts: list[Fact] = []
        observations: list[Observation] = []
        for section in parsed:
            local = [m for m in mentions if section.section.start <= m.start < section.section.end]
            facts += self.relations.extract(section, local, focus)
            observations += self.figures.extract(section, local, focus)
        facts += foreign_facts
        facts += self._issued_by_facts(mentions, issued_by)
        facts += issuer_facts(facts, issued_by)
        for observation in observations:
            facts.append(Fact(observation.subject, "hasIndicator", observation.indicator, list(observation.evidence)))
        facts = [f for f in facts if f.subject in entities and (not isinstance(f.object, str) or f.object in entities)]
        author = next((m.key for m in mentions if m.rule == "byline"), None)
        publisher = next((m.key for m in mentions if m.rule == "series"), None)
        sentences = [s for section in parsed for s in section.sentences] + foreign_sentences
        return Extraction(document, entities, merge_facts(facts), merge_observations(observations), mentions,
                          sentences, author, publisher)

    def _read_foreign(self, document: Document, first_index: int) -> tuple[list[Sentence], list[Mention], list[Fact]]:
        """The zh/fr/es sections, their sentences numbered after the English ones."""
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        facts: list[Fact] = []
        for section in document.sections:
            if section.lang in self.foreign.languages:
                s, m, f = self.foreign.read(document, section, first_index + len(sentences))
                sentences += s
                mentions += m
                facts += f
        return sentences, mentions, facts

    def _byline_mentions(self, document: Document) -> list[Mention]:
        """The author and the publisher named on the title page."""
        meta = document.metadata
        found: list[Mention] = []
        if meta.author:
            at = document.text.find(meta.author)
            if at >= 0:
                found.append(Mention(document.doc_id, -1, "en", at, at + len(meta.author), meta.author, "Person",
                                     "byline", 0.9))
        if meta.series:
            first = meta.series.split()[0]
            entry = next((e for e in self.gazetteer if first in e.abbr or first in e.labels["en"]), None)
            at = document.text.find(meta.series)
            if entry is not None and at >= 0:
                found.append(Mention(document.doc_id, -1, "en", at, at + len(first), first, entry.cls, "series",
                                     0.85, entry.id))
        return found

    @staticmethod
    def _focus_country(mentions: list[Mention]) -> str | None:
        counts = Counter(m.key for m in mentions if m.cls == "Country")
        if not counts:
            return None
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    @staticmethod
    def _issued_by_facts(mentions: list[Mention], issued_by: dict[str, str]) -> list[Fact]:
        """"the resolution document from the Third Plenum": the document is issued by the event."""
        facts: list[Fact] = []
        for mention in mentions:
            event = issued_by.get(mention.key)
            if event and mention.rule != "anaphora":
                evidence = Evidence(mention.doc_id, mention.lang, mention.text, mention.start, mention.end, "issuer", 0.75)
                facts.append(Fact(mention.key, "issuedBy", event, [evidence]))
        return facts
