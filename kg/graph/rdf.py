"""RDF: turn extractions into triples (see docs/graph-model.md); kg.graph.serialize writes them as Turtle."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extract.model import Entity, Evidence, Extraction, Fact, LiteralValue, Mention, Observation
from extract.rules import load_rule_config

from ..namespaces import CIKG, DOC, ENT, EV, OBS, PREFIXES
from .metadata import Header, document_facts

Triple = tuple[URIRef, URIRef, URIRef | Literal]
DATATYPES = {"gYear": XSD.gYear, "gYearMonth": XSD.gYearMonth, "date": XSD.date, "decimal": XSD.decimal}


def digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def literal(value: LiteralValue) -> Literal:
    datatype = DATATYPES.get(value.datatype)
    return Literal(value.value, datatype=datatype) if datatype else Literal(value.value)


class EntityTriples:
    """Class, labels in every language and documents of each entity."""

    def triples(self, entities: Iterable[Entity]) -> Iterator[Triple]:
        for entity in entities:
            node = ENT[entity.key]
            yield node, RDF.type, CIKG[entity.cls]
            yield node, RDFS.label, Literal(entity.label, lang="en")
            for lang, label in entity.pref_labels.items():
                yield node, SKOS.prefLabel, Literal(label, lang=lang)
            for lang, labels in entity.alt_labels.items():
                for label in labels:
                    yield node, SKOS.altLabel, Literal(label, lang=lang)


class EvidenceTriples:
    """A reified evidence record for one fact, keyed by what it says and where it was read."""

    # Looked up once: a namespace attribute costs about a microsecond, and there is a record per mention.
    TYPE, EVIDENCE, SUBJECT, PREDICATE, OBJECT = RDF.type, CIKG.Evidence, RDF.subject, RDF.predicate, RDF.object
    SOURCE, SENTENCE, START, END = PROV.wasDerivedFrom, CIKG.sentence, CIKG.startOffset, CIKG.endOffset
    RULE, CONFIDENCE, LANGUAGE, DECIMAL = CIKG.rule, CIKG.confidence, DCTERMS.language, XSD.decimal

    def triples(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal, evidence: Evidence) -> Iterator[Triple]:
        node = EV[digest(evidence.doc_id, evidence.start, evidence.end, subject, predicate, obj, evidence.rule)]
        yield node, self.TYPE, self.EVIDENCE
        yield node, self.SUBJECT, subject
        yield node, self.PREDICATE, predicate
        yield node, self.OBJECT, obj
        yield node, self.SOURCE, DOC[evidence.doc_id]
        yield node, self.SENTENCE, Literal(evidence.sentence, lang=evidence.lang)
        yield node, self.START, Literal(evidence.start)
        yield node, self.END, Literal(evidence.end)
        yield node, self.RULE, Literal(evidence.rule)
        yield node, self.CONFIDENCE, Literal(f"{evidence.confidence:.2f}", datatype=self.DECIMAL)
        yield node, self.LANGUAGE, Literal(evidence.lang)


class FactTriples:
    """Each fact asserted directly, plus one evidence record per place it was read."""

    def __init__(self) -> None:
        self.evidence = EvidenceTriples()

    def triples(self, facts: Iterable[Fact]) -> Iterator[Triple]:
        for fact in facts:
            subject = ENT[fact.subject]
            predicate = CIKG[fact.predicate]
            obj = ENT[fact.object] if isinstance(fact.object, str) else literal(fact.object)
            yield subject, predicate, obj
            for evidence in fact.evidence:
                yield from self.evidence.triples(subject, predicate, obj, evidence)


class MentionTriples:
    """``cikg:mentionedIn`` links, with the sentence of every mention as evidence."""

    def __init__(self) -> None:
        self.evidence = EvidenceTriples()

    def triples(self, mentions: Iterable[Mention], sentences: dict[tuple[str, int], Evidence]) -> Iterator[Triple]:
        for mention in mentions:
            subject, document = ENT[mention.key], DOC[mention.doc_id]
            yield subject, CIKG.mentionedIn, document
            context = sentences.get((mention.doc_id, mention.sentence_index))
            if context is None:
                context = Evidence(mention.doc_id, mention.lang, mention.text, mention.start, mention.end, mention.rule,
                                   mention.confidence)
            else:
                context = Evidence(context.doc_id, context.lang, context.sentence, context.start, context.end,
                                   mention.rule, mention.confidence)
            yield from self.evidence.triples(subject, CIKG.mentionedIn, document, context)


class ObservationTriples:
    """Figures as observation nodes: indicator, subject, value, unit, year, with evidence."""

    def __init__(self) -> None:
        self.evidence = EvidenceTriples()

    def triples(self, observations: Iterable[Observation]) -> Iterator[Triple]:
        for obs in observations:
            node = OBS[digest(obs.subject, obs.indicator or obs.measure, obs.value, obs.unit, obs.year)]
            yield node, RDF.type, CIKG.Observation
            yield node, CIKG.observedEntity, ENT[obs.subject]
            if obs.indicator:
                yield node, CIKG.indicator, ENT[obs.indicator]
            yield node, CIKG.measure, Literal(obs.measure, lang=obs.evidence[0].lang if obs.evidence else "en")
            yield node, CIKG.value, Literal(str(obs.value), datatype=XSD.decimal)
            yield node, CIKG.unit, Literal(obs.unit)
            if obs.year:
                yield node, CIKG.year, Literal(obs.year, datatype=XSD.gYear)
            if obs.qualifier:
                yield node, CIKG.qualifier, Literal(obs.qualifier)
            for evidence in obs.evidence:
                yield node, PROV.wasDerivedFrom, DOC[evidence.doc_id]
                record = list(self.evidence.triples(node, CIKG.value, Literal(str(obs.value), datatype=XSD.decimal), evidence))
                yield node, CIKG.evidence, record[0][0]
                yield from record


DOCUMENT_RULE = "document-metadata"  # the rule of a document fact's evidence (ontology/rules.yaml)


class DocumentTriples:
    """What each source document says about itself, with the header line it says it in, and how it was read."""

    def __init__(self) -> None:
        self.evidence = EvidenceTriples()
        self.rule = load_rule_config()[DOCUMENT_RULE]

    def triples(self, extraction: Extraction, title_page: bool = True) -> Iterator[Triple]:
        """``title_page``: the extraction's text holds the document's first lines (a streamed file's first page)."""
        document = extraction.document
        node = DOC[document.doc_id]
        title_lang = document.languages[0] if document.languages else "en"  # a source line's title is in the text's language
        yield node, RDF.type, CIKG.Document
        yield node, RDFS.label, Literal(document.metadata.title or document.doc_id, lang=title_lang)
        yield node, CIKG.sourceFile, Literal(Path(document.path).name)
        yield node, CIKG.contentHash, Literal(document.content_hash)
        for lang in document.languages:
            yield node, DCTERMS.language, Literal(lang)
        header = Header(document) if title_page and self.rule.enabled else None
        for fact in document_facts(extraction, title_lang, header):
            yield node, fact.predicate, fact.object
            if fact.line is not None:
                evidence = Evidence(document.doc_id, title_lang, fact.line.text, fact.line.start, fact.line.end,
                                    self.rule.name, self.rule.confidence)
                yield from self.evidence.triples(node, fact.predicate, fact.object, evidence)


def build_graph(extractions: list[Extraction], entities: dict[str, Entity], facts: list[Fact],
                observations: list[Observation]) -> Graph:
    """The whole corpus as one rdflib graph."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    add = graph.add
    for triple in EntityTriples().triples(entities.values()):
        add(triple)
    for triple in FactTriples().triples(facts):
        add(triple)
    for triple in ObservationTriples().triples(observations):
        add(triple)
    for extraction in sorted(extractions, key=lambda e: e.document.doc_id):
        for triple in reading_triples(extraction):
            add(triple)
    return graph


def reading_triples(extraction: Extraction, title_page: bool = True) -> Iterator[Triple]:
    """The mentions and the title page of one document (``title_page``: its text holds the first lines)."""
    sentences = {(s.doc_id, s.index): Evidence(s.doc_id, s.lang, s.text, s.start, s.end, "", 0.0)
                 for s in extraction.sentences}
    yield from MentionTriples().triples(extraction.mentions, sentences)
    yield from DocumentTriples().triples(extraction, title_page)


def document_triples(extraction: Extraction, title_page: bool = True) -> Iterator[Triple]:
    """Everything one document decides alone: its facts with their evidence, mentions and title page.

    A fact's triples are the same whichever documents also state it, so a corpus's fact triples are
    the union of its documents'. Entities and observations are not here: their labels and units are
    chosen across documents (:func:`extract.resolve.merge_entities`) before they become triples.
    """
    yield from FactTriples().triples(extraction.facts)
    yield from reading_triples(extraction, title_page)
