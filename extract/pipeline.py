"""The extractor for one document: sections -> sentences -> mentions -> entities -> facts.

Each document is extracted on its own (keys are content-derived), so documents can go to any
worker and be merged afterwards by :func:`merge_extractions`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from .comention import co_mention_facts
from .figures import FigureExtractor
from .knowledge import Gazetteer, Lexicon, load_class_tree, load_gazetteer, load_lexicon
from .mentions import MentionFinder, known_aliases
from .model import Document, Entity, Extraction, Fact, Mention, MentionFact, NameKey, Observation, Sentence
from .languages import ForeignSectionReader
from .nlp import load_english
from .relations import RelationExtractor
from .relations.assertion import asserted, fitting_signatures
from .merge import merge_facts, merge_observations
from .resolve import EntityResolver
from .rules import RuleConfig, load_rule_config
from .sentences import ParsedSection, bound_sentences, to_sentences
from .signatures import load_signatures

EXTRACTED_LANGUAGES = ("en",)


class DocumentExtractor:
    """Holds the loaded pipeline and domain data; ``extract`` is pure per document."""

    def __init__(self, nlp: Language | None = None, gazetteer: Gazetteer | None = None,
                 lexicon: Lexicon | None = None, rules: RuleConfig | None = None) -> None:
        self.nlp = nlp or load_english()
        self.gazetteer = gazetteer or load_gazetteer()
        self.lexicon = lexicon or load_lexicon()
        self.rules = rules or load_rule_config()
        self.mentions = MentionFinder(self.nlp, self.gazetteer, self.lexicon)
        self.resolver = EntityResolver(self.gazetteer)
        self.relations = RelationExtractor(self.gazetteer, self.lexicon, self.rules)
        self.figures = FigureExtractor(self.rules["figure"])
        self.classes = load_class_tree()
        self.signatures = load_signatures()
        self.foreign = ForeignSectionReader(self.gazetteer, self.lexicon)

    def parse(self, document: Document) -> list[ParsedSection]:
        """Prepare (names merged, each section knowing the acronyms the ones before it defined),
        then run the pipeline's components over each English section."""
        sections = [s for s in document.sections if s.lang in EXTRACTED_LANGUAGES]
        prepared: list[Doc] = []
        for section in sections:
            doc = self.mentions.prepare(document.section_text(section), known_aliases(prepared))
            prepared.append(bound_sentences(doc, self.rules.max_sentence_tokens))
        docs: Iterable[Doc] = prepared
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
        parsed = self.parse(document)
        aliases = known_aliases(p.doc for p in parsed)
        found: list[Mention] = []
        for section in parsed:
            found += self.mentions.find(section, document.doc_id, aliases, document.metadata.publisher, found)
        found += self.mentions.find_in_metadata(document)
        foreign_sentences, foreign_mentions, foreign_facts = self._read_foreign(
            document, sum(len(p.sentences) for p in parsed))
        found += foreign_mentions  # resolved together with the English ones, so keys merge
        issued_by = {self.resolver.document_key(m.key): m.key.event for m in found
                     if isinstance(m.key, NameKey) and m.key.kind == "document"}
        sentences = [s for section in parsed for s in section.sentences] + foreign_sentences
        mentions, entities = self.resolver.resolve(found, sentences)
        facts: list[Fact] = []
        observations: list[Observation] = []
        for section in parsed:
            local = [m for m in mentions if section.section.start <= m.start < section.section.end]
            facts += self.relations.extract(section, local)
            observations += self.figures.extract(section, local)
        facts += _rekeyed(foreign_facts, mentions)
        facts += self.relations.document_facts(facts, mentions, issued_by)
        facts = [f for f in facts if f.subject in entities and (not isinstance(f.object, str) or f.object in entities)]
        facts = self._asserted(facts, entities)
        facts += co_mention_facts(mentions, sentences, facts, self.rules["co-mention"])
        facts += [Fact(o.subject, "hasIndicator", o.indicator, list(o.evidence)) for o in observations
                  if o.indicator in entities]
        author = next((m.key for m in mentions if m.rule == "byline"), None)
        publisher = next((m.key for m in mentions if m.rule == "series"), None)
        return Extraction(document, entities, merge_facts(facts), merge_observations(observations), mentions,
                          sentences, author, publisher)

    def _read_foreign(self, document: Document, first_index: int) -> tuple[list[Sentence], list[Mention], list[MentionFact]]:
        """The zh/fr/es sections, their sentences numbered after the English ones."""
        sentences: list[Sentence] = []
        mentions: list[Mention] = []
        facts: list[MentionFact] = []
        for section in document.sections:
            if section.lang in self.foreign.languages:
                reading = self.foreign.read(document, section, first_index + len(sentences))
                sentences += reading.sentences
                mentions += reading.mentions
                facts += reading.facts
        return sentences, mentions, facts

    def _asserted(self, facts: list[Fact], entities: dict[str, Entity]) -> list[Fact]:
        """The typed facts the graph asserts: fitting their property's signature, confident enough."""
        typed = [f for f in facts if f.predicate != "relatedTo"]
        typed = fitting_signatures(typed, entities, self.classes, self.signatures)
        return asserted(typed, self.rules.assert_threshold)


def _rekeyed(read: list[MentionFact], resolved: list[Mention]) -> list[Fact]:
    """A foreign reader keys its facts as each mention alone would resolve; the resolver may then
    key a mention by what the document says elsewhere (a surname by the full name, a short form by
    the long one, a shared short name by its sentence): each fact follows its own mentions' final keys."""
    final = {(m.start, m.end): m.key for m in resolved}
    facts = []
    for read_fact in read:
        fact = read_fact.fact
        subject = final.get(read_fact.subject_span, fact.subject)
        obj = final.get(read_fact.object_span, fact.object) if read_fact.object_span else fact.object
        if subject != obj:
            facts.append(replace(fact, subject=subject, object=obj))
    return facts
