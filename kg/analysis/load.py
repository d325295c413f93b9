"""Loading the read model: ``graph.ttl`` parsed once into a :class:`~kg.analysis.records.KnowledgeGraph`.

Every fact gets its evidence sentences attached, every entity its most specific class, its coarse
class from the ontology's class tree, its labels per language and the documents that mention it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from extract.knowledge import load_class_tree
from ontology import ONTOLOGY_TTL

from ..graph_file import GraphInputError, graph_file, read_graph
from ..namespaces import CIKG, DOC, ENT
from .records import Attribute, Entity, Evidence, Fact, KnowledgeGraph, Ontology, SourceDocument, unique

MENTIONED_IN = "mentionedIn"
LANGUAGE_ORDER = ("en", "zh", "fr", "es")


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The class tree (shared with the extractor), and the English labels of the classes and properties."""
    namespace = str(CIKG)
    classes, properties = {}, {}
    for node, label in Graph().parse(ONTOLOGY_TTL).subject_objects(RDFS.label):
        name = _local(node, namespace)
        if not name or not isinstance(label, Literal) or label.language not in (None, "en"):
            continue
        target = classes if name[:1].isupper() else properties
        target[name] = str(label)
    return Ontology(load_class_tree(), classes, properties)


def load_graph(path: Path, ontology: Ontology | None = None) -> KnowledgeGraph:
    """The graph of a build folder (or a ``.ttl`` file), with every fact's evidence attached."""
    ttl = graph_file(path)
    rdf = read_graph(ttl)
    ontology = ontology or load_ontology()
    evidence = _read_evidence(rdf)
    entities = _read_entities(rdf, ontology, evidence)
    if not entities:
        raise GraphInputError(f"{ttl} holds no entities (no ent: node with an rdf:type); was the build empty?")
    facts, attributes = _read_facts(rdf, entities, evidence)
    return KnowledgeGraph(entities, facts, attributes, _read_documents(rdf, evidence), ontology, ttl)


def _read_evidence(rdf: Graph) -> dict[tuple[str, str, str], list[Evidence]]:
    """Evidence records keyed by (subject IRI, predicate IRI, object as text)."""
    records: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for node in rdf.subjects(RDF.type, CIKG.Evidence):
        subject, predicate, obj = (rdf.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        if subject is None or predicate is None or obj is None:
            continue
        document = rdf.value(node, PROV.wasDerivedFrom)
        sentence = rdf.value(node, CIKG.sentence)
        records[str(subject), str(predicate), str(obj)].append(Evidence(
            sentence=str(sentence or ""),
            document=_local(document, str(DOC)) or str(document or ""),
            start=_int(rdf.value(node, CIKG.startOffset)),
            end=_int(rdf.value(node, CIKG.endOffset)),
            rule=str(rdf.value(node, CIKG.rule) or ""),
            confidence=_float(rdf.value(node, CIKG.confidence)),
            language=(sentence.language or "") if isinstance(sentence, Literal) else "",
        ))
    return {key: sorted(values, key=lambda e: (e.document, e.start or 0, e.sentence)) for key, values in records.items()}


def _int(value: object) -> int | None:
    return int(value.toPython()) if isinstance(value, Literal) else None


def _float(value: object) -> float | None:
    return float(value.toPython()) if isinstance(value, Literal) else None


def _read_entities(rdf: Graph, ontology: Ontology, evidence: dict[tuple[str, str, str], list[Evidence]]) -> dict[str, Entity]:
    classes: dict[str, list[str]] = defaultdict(list)
    for node, cls in rdf.subject_objects(RDF.type):
        key, cls_name = _local(node, str(ENT)), _local(cls, str(CIKG))
        if key and cls_name:
            classes[key].append(cls_name)
    entities = {}
    for key in sorted(classes):
        node = ENT[key]
        # With several types, the most specific (deepest) class describes the entity best.
        cls = max(sorted(classes[key]), key=ontology.depth)
        documents = sorted(d for d in (_local(o, str(DOC)) for o in rdf.objects(node, CIKG.mentionedIn)) if d)
        mentions = [e for doc in documents for e in evidence.get((str(node), str(CIKG.mentionedIn), str(DOC[doc])), [])]
        labels = _labels(rdf, node)
        entities[key] = Entity(
            id=key,
            label=(labels.get("en") or (key,))[0],
            cls=cls,
            coarse=ontology.coarse(cls),
            kind=ontology.kind(cls),
            labels=labels,
            documents=tuple(documents),
            mentions=tuple(mentions),
        )
    return entities


def _labels(rdf: Graph, node: URIRef) -> dict[str, tuple[str, ...]]:
    """Labels per language: ``rdfs:label``, then preferred, then alternative labels."""
    found: dict[str, list[str]] = defaultdict(list)
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for label in sorted(rdf.objects(node, prop), key=str):
            if isinstance(label, Literal):
                found[label.language or "en"].append(str(label))
    order = [lang for lang in LANGUAGE_ORDER if lang in found] + sorted(set(found) - set(LANGUAGE_ORDER))
    return {lang: tuple(unique(found[lang])) for lang in order}


def _read_facts(rdf: Graph, entities: dict[str, Entity],
                evidence: dict[tuple[str, str, str], list[Evidence]]) -> tuple[list[Fact], list[Attribute]]:
    facts, attributes = [], []
    for key in entities:
        node = ENT[key]
        for predicate, obj in rdf.predicate_objects(node):
            name = _local(predicate, str(CIKG))
            if not name or name == MENTIONED_IN:
                continue
            records = tuple(evidence.get((str(node), str(predicate), str(obj)), ()))
            if isinstance(obj, Literal):
                attributes.append(Attribute(key, name, str(obj), records))
            elif (target := _local(obj, str(ENT))) in entities:
                facts.append(Fact(key, name, target, records))
    facts.sort(key=lambda f: (f.subject, f.predicate, f.object))
    attributes.sort(key=lambda a: (a.subject, a.predicate, a.value))
    return facts, attributes


def _read_documents(rdf: Graph, evidence: dict[tuple[str, str, str], list[Evidence]]) -> dict[str, SourceDocument]:
    documents = {}
    for node in rdf.subjects(RDF.type, CIKG.Document):
        key = _local(node, str(DOC))
        if not key:
            continue
        title = rdf.value(node, DCTERMS.title) or rdf.value(node, RDFS.label) or key
        series = " ".join(str(v) for v in (rdf.value(node, CIKG.series), rdf.value(node, CIKG.seriesNumber)) if v)
        documents[key] = SourceDocument(
            key, str(title), _text(rdf.value(node, DCTERMS.issued)),
            publisher=_label_of(rdf, node, CIKG.publishedBy) or _text(rdf.value(node, CIKG.publisherName)),
            author=_label_of(rdf, node, CIKG.authoredBy), series=series or None,
            source_file=_text(rdf.value(node, CIKG.sourceFile)), facts=_document_facts(rdf, node, evidence))
    return dict(sorted(documents.items()))


def _document_facts(rdf: Graph, node: URIRef, evidence: dict[tuple[str, str, str], list[Evidence]]) -> tuple[Attribute, ...]:
    """The facts a document states about itself that have evidence, an entity object by its label."""
    facts = []
    for predicate, obj in rdf.predicate_objects(node):
        records = evidence.get((str(node), str(predicate), str(obj)))
        if records:
            value = str(obj) if isinstance(obj, Literal) else _text(rdf.value(obj, RDFS.label)) or str(obj)
            name = re.split(r"[/#]", str(predicate))[-1]  # cikg:authoredBy, dcterms:issued: their local names
            facts.append(Attribute(_local(node, str(DOC)) or str(node), name, value, tuple(records)))
    return tuple(sorted(facts, key=lambda f: (f.predicate, f.value)))


def _label_of(rdf: Graph, node: URIRef, prop: URIRef) -> str | None:
    """The English label of the entity ``node``'s ``prop`` points to (its publisher, its author)."""
    target = rdf.value(node, prop)
    return _text(rdf.value(target, RDFS.label)) if target is not None else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _local(iri: URIRef | str, namespace: str) -> str | None:
    text = str(iri)
    return text[len(namespace):] if text.startswith(namespace) else None


