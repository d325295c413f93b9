"""The read model: a built graph as typed records (entities, facts, attributes, documents, evidence).

:func:`kg.analysis.load.load_graph` fills a :class:`KnowledgeGraph` from ``graph.ttl`` once; the
networks (:mod:`kg.analysis.networks`), the analysis and the page all work on these records, never
on RDF.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from extract.knowledge import ACTOR_CLASSES

from ..names import SUGGESTIONS, UnknownEntityError, closest_names, normalize_name, unique

ACTOR = "Actor"  # the ontology's root class of every kind of actor
RELATED = "relatedTo"


@dataclass(frozen=True)
class Evidence:
    """One sentence that supports a fact or a mention, and where it was read."""

    sentence: str
    document: str
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float | None = None
    language: str = ""  # the sentence's language tag: a translation's sentence is evidence of its own

    @property
    def sentence_key(self) -> tuple[str, str]:
        """Identifies the sentence, so that two records read from one sentence count once."""
        where = f"{self.start}:{self.end}" if self.start is not None else self.sentence
        return self.document, where


@dataclass(frozen=True)
class Entity:
    """A node: its most specific class, coarse class, labels per language and documents."""

    id: str
    label: str
    cls: str
    coarse: str
    kind: str
    labels: dict[str, tuple[str, ...]]
    documents: tuple[str, ...]
    mentions: tuple[Evidence, ...] = ()

    @property
    def is_actor(self) -> bool:
        return self.kind == ACTOR

    def names(self) -> list[str]:
        """Every label in every language, English label first."""
        return unique([self.label, *(name for names in self.labels.values() for name in names)])


@dataclass(frozen=True)
class Fact:
    """A direct triple between two entities, with the evidence records behind it."""

    subject: str
    predicate: str
    object: str
    evidence: tuple[Evidence, ...]

    @property
    def weak(self) -> bool:
        """A co-mention link (cikg:relatedTo) rather than a fact read from a verb pattern."""
        return self.predicate == RELATED

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(sorted({e.document for e in self.evidence}))

    @property
    def sentences(self) -> int:
        """How many distinct sentences say it (several rules reading one sentence count once)."""
        return len({e.sentence_key for e in self.evidence})

    @property
    def confidence(self) -> float:
        """The highest confidence of its evidence records (0 when none says)."""
        return max((e.confidence or 0.0 for e in self.evidence), default=0.0)


@dataclass(frozen=True)
class Attribute:
    """A literal fact about an entity (``cikg:status "global market leaders"``) or a fact a document states
    about itself (``dcterms:issued "2024-02-23"``, ``cikg:authoredBy`` its author's label), and its evidence."""

    subject: str
    predicate: str
    value: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SourceDocument:
    """A brief the graph was built from, with what its title page or SOURCE line says."""

    id: str
    title: str
    issued: str | None = None
    publisher: str | None = None
    author: str | None = None
    series: str | None = None
    source_file: str | None = None
    facts: tuple[Attribute, ...] = ()  # what it states about itself, each with the header line it says it in


@dataclass(frozen=True)
class Ontology:
    """The class tree (:func:`extract.knowledge.load_class_tree`) and the English labels of classes and properties."""

    top_classes: dict[str, str]  # every class -> its top class: Ministry -> GovernmentBody
    class_labels: dict[str, str]
    property_labels: dict[str, str]

    def coarse(self, cls: str) -> str:
        """The top class (``GovernmentBody`` for ``Ministry``); a class the ontology lacks stays itself."""
        return self.top_classes.get(cls, cls)

    def kind(self, cls: str) -> str:
        """``Actor`` for every kind of actor, else the top class."""
        return ACTOR if self.coarse(cls) in ACTOR_CLASSES else self.coarse(cls)

    def depth(self, cls: str) -> int:
        """How many classes lead from ``cls`` up to the root, itself included (``Ministry``: 3)."""
        coarse = self.coarse(cls)
        return 1 + (coarse != cls) + (coarse in ACTOR_CLASSES)

    def property_label(self, prop: str) -> str:
        return self.property_labels.get(prop, prop)

    def class_label(self, cls: str) -> str:
        return self.class_labels.get(cls, cls)


@dataclass
class KnowledgeGraph:
    """Everything the analysis and the page need from one ``graph.ttl``."""

    entities: dict[str, Entity]
    facts: list[Fact]
    attributes: list[Attribute]
    documents: dict[str, SourceDocument]
    ontology: Ontology
    source: Path | None = None

    def label(self, entity_id: str) -> str:
        return self.entities[entity_id].label

    def resolve(self, name: str) -> Entity:
        """The entity whose id or any label (any language, case-insensitive) is ``name``.

        Several matches: the one mentioned in most documents, then with most facts, wins.
        """
        matches = self.name_index.get(normalize_name(name), [])
        if not matches:
            raise UnknownEntityError(name, self.suggest(name))
        degree = self._fact_counts()
        return max((self.entities[i] for i in matches), key=lambda e: (len(e.documents), degree[e.id], e.id))

    def suggest(self, name: str, limit: int = SUGGESTIONS) -> list[str]:
        """The English labels of the entities whose names are closest to ``name``."""
        return closest_names(name, self.name_index, {key: e.label for key, e in self.entities.items()}, limit)

    @cached_property
    def name_index(self) -> dict[str, list[str]]:
        """Every normalised id and label -> the entities that bear it."""
        index: dict[str, list[str]] = defaultdict(list)
        for entity in self.entities.values():
            for name in unique([normalize_name(n) for n in [entity.id, *entity.names()]]):
                index[name].append(entity.id)
        return dict(index)

    def _fact_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for fact in self.facts:
            counts[fact.subject] += 1
            counts[fact.object] += 1
        return counts


def document_view(kg: KnowledgeGraph, document: str) -> KnowledgeGraph:
    """The graph as read from one document: its entities, and the facts it gives evidence for."""
    entities = {
        key: Entity(e.id, e.label, e.cls, e.coarse, e.kind, e.labels, (document,),
                    tuple(m for m in e.mentions if m.document == document))
        for key, e in kg.entities.items() if document in e.documents
    }
    facts = [Fact(f.subject, f.predicate, f.object, tuple(e for e in f.evidence if e.document == document))
             for f in kg.facts
             if f.subject in entities and f.object in entities and document in f.documents]
    attributes = [Attribute(a.subject, a.predicate, a.value, tuple(e for e in a.evidence if e.document == document))
                  for a in kg.attributes if a.subject in entities and any(e.document == document for e in a.evidence)]
    documents = {key: d for key, d in kg.documents.items() if key == document}
    return KnowledgeGraph(entities, facts, attributes, documents, kg.ontology, kg.source)


