"""Read ``DIR/graph.ttl`` into typed records, and the networkx views the analysis and pages use.

The RDF is read once (:func:`load_graph`) into a :class:`KnowledgeGraph` of entities, facts,
literal attributes and documents, each fact with its evidence sentences. The views are built from
that: the fact graph, the co-mention graph, the weighted link graph that centrality runs on, and
the actor-concept two-mode network with its one-mode projections (discourse-network analysis).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import combinations
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ontology import ONTOLOGY_TTL

from .namespaces import CIKG, DOC, ENT

# The name ``kg.build`` writes; not imported from there, because importing kg.build loads spaCy.
GRAPH_FILE = "graph.ttl"

ACTOR = "Actor"
RELATED = "relatedTo"
MENTIONED_IN = "mentionedIn"
# The concept side of the actor-concept network: what actors talk about, fund, target or depend on.
CONCEPT_SIDE = frozenset({"Concept", "Sector", "Policy", "Indicator"})
# A co-mention (cikg:relatedTo) counts this much of a typed fact in the link graph's weights.
RELATED_WEIGHT = 0.5
LANGUAGE_ORDER = ("en", "zh", "fr", "es")


class GraphInputError(ValueError):
    """The graph cannot be used: missing, empty, unparsable, or without entities."""


class UnknownEntityError(LookupError):
    """No entity has the name asked for; ``suggestions`` holds the closest names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else "; no similar name in the graph"
        super().__init__(f"no entity named {name!r}{hint}")


@dataclass(frozen=True)
class Evidence:
    """One sentence that supports a fact or a mention, and where it was read."""

    sentence: str
    document: str
    start: int | None = None
    end: int | None = None
    rule: str = ""
    confidence: float | None = None

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
        return _unique([self.label, *(name for names in self.labels.values() for name in names)])


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


@dataclass(frozen=True)
class Attribute:
    """A literal fact about an entity (``cikg:status "global market leaders"``) and its evidence."""

    subject: str
    predicate: str
    value: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SourceDocument:
    """A brief the graph was built from."""

    id: str
    title: str
    issued: str | None = None


@dataclass(frozen=True)
class Ontology:
    """The class tree and the English labels of classes and properties."""

    parents: dict[str, str]
    class_labels: dict[str, str]
    property_labels: dict[str, str]

    def ancestors(self, cls: str) -> list[str]:
        """``cls`` and its superclasses up to the root (``Ministry, GovernmentBody, Actor``)."""
        chain = [cls]
        while chain[-1] in self.parents and self.parents[chain[-1]] not in chain:
            chain.append(self.parents[chain[-1]])
        return chain

    def coarse(self, cls: str) -> str:
        """The top class, except that actors keep their kind (``GovernmentBody``, not ``Actor``)."""
        chain = self.ancestors(cls)
        return chain[-2] if chain[-1] == ACTOR and len(chain) > 1 else chain[-1]

    def kind(self, cls: str) -> str:
        return self.ancestors(cls)[-1]

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

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """The English labels of the entities whose names are closest to ``name``."""
        index = self.name_index
        key = normalize_name(name)
        close = difflib.get_close_matches(key, list(index), n=limit * 3, cutoff=0.6)
        containing = [n for n in index if key and (key in n or n in key) and len(n) > 2]
        ids = [i for n in [*close, *sorted(containing, key=len)] for i in index[n]]
        return _unique([self.entities[i].label for i in ids])[:limit]

    @cached_property
    def name_index(self) -> dict[str, list[str]]:
        """Every normalised id and label -> the entities that bear it."""
        index: dict[str, list[str]] = defaultdict(list)
        for entity in self.entities.values():
            for name in _unique([normalize_name(n) for n in [entity.id, *entity.names()]]):
                index[name].append(entity.id)
        return dict(index)

    def _fact_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for fact in self.facts:
            counts[fact.subject] += 1
            counts[fact.object] += 1
        return counts


def normalize_name(name: str) -> str:
    """Case, width and spacing folded, so that "byd", "BYD" and "Ｂ Ｙ Ｄ" compare equal."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name).casefold()).strip()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _local(iri: URIRef | str, namespace: str) -> str | None:
    text = str(iri)
    return text[len(namespace):] if text.startswith(namespace) else None


# --- reading --------------------------------------------------------------------------------


def graph_file(path: Path) -> Path:
    """``DIR/graph.ttl`` for a build folder, or the file itself; a clear error when unusable."""
    path = Path(path)
    if not path.exists():
        raise GraphInputError(f"{path} does not exist; build it first with `cikg build --out {path}`")
    ttl = path / GRAPH_FILE if path.is_dir() else path
    if not ttl.is_file():
        raise GraphInputError(f"no {GRAPH_FILE} in {path}; build it first with `cikg build --out {path}`")
    if ttl.stat().st_size == 0:
        raise GraphInputError(f"{ttl} is empty; rebuild it with `cikg build`")
    return ttl


def read_rdf(ttl: Path) -> Graph:
    fmt = "nt" if ttl.suffix == ".nt" else "xml" if ttl.suffix in {".rdf", ".owl", ".xml"} else "turtle"
    try:
        return Graph().parse(ttl, format=fmt)
    except Exception as error:  # rdflib raises many parser-specific types
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise GraphInputError(f"{ttl} is not valid RDF: {first_line}") from error


@lru_cache(maxsize=4)
def load_ontology(path: Path = ONTOLOGY_TTL) -> Ontology:
    graph = Graph().parse(path)
    namespace = str(CIKG)
    parents = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        child_name, parent_name = _local(child, namespace), _local(parent, namespace)
        if child_name and parent_name:
            parents[child_name] = parent_name
    classes, properties = {}, {}
    for node, label in graph.subject_objects(RDFS.label):
        name = _local(node, namespace)
        if not name or not isinstance(label, Literal) or label.language not in (None, "en"):
            continue
        target = classes if name[:1].isupper() else properties
        target[name] = str(label)
    return Ontology(parents, classes, properties)


def load_graph(path: Path, ontology: Ontology | None = None) -> KnowledgeGraph:
    """The graph of a build folder (or a ``.ttl`` file), with every fact's evidence attached."""
    ttl = graph_file(path)
    rdf = read_rdf(ttl)
    ontology = ontology or load_ontology()
    evidence = _read_evidence(rdf)
    entities = _read_entities(rdf, ontology, evidence)
    if not entities:
        raise GraphInputError(f"{ttl} holds no entities (no ent: node with an rdf:type); was the build empty?")
    facts, attributes = _read_facts(rdf, entities, evidence)
    return KnowledgeGraph(entities, facts, attributes, _read_documents(rdf), ontology, ttl)


def _read_evidence(rdf: Graph) -> dict[tuple[str, str, str], list[Evidence]]:
    """Evidence records keyed by (subject IRI, predicate IRI, object as text)."""
    records: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    for node in rdf.subjects(RDF.type, CIKG.Evidence):
        subject, predicate, obj = (rdf.value(node, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        if subject is None or predicate is None or obj is None:
            continue
        document = rdf.value(node, PROV.wasDerivedFrom)
        records[str(subject), str(predicate), str(obj)].append(Evidence(
            sentence=str(rdf.value(node, CIKG.sentence) or ""),
            document=_local(document, str(DOC)) or str(document or ""),
            start=_int(rdf.value(node, CIKG.startOffset)),
            end=_int(rdf.value(node, CIKG.endOffset)),
            rule=str(rdf.value(node, CIKG.rule) or ""),
            confidence=_float(rdf.value(node, CIKG.confidence)),
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
        cls = max(sorted(classes[key]), key=lambda c: len(ontology.ancestors(c)))
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
    return {lang: tuple(_unique(found[lang])) for lang in order}


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


def _read_documents(rdf: Graph) -> dict[str, SourceDocument]:
    documents = {}
    for node in rdf.subjects(RDF.type, CIKG.Document):
        key = _local(node, str(DOC))
        if not key:
            continue
        title = rdf.value(node, DCTERMS.title) or rdf.value(node, RDFS.label) or key
        issued = rdf.value(node, DCTERMS.issued)
        documents[key] = SourceDocument(key, str(title), str(issued) if issued is not None else None)
    return dict(sorted(documents.items()))


# --- per-document view ----------------------------------------------------------------------


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


# --- networkx views -------------------------------------------------------------------------


def _add_entities(graph: nx.Graph, entities: Iterable[Entity]) -> None:
    for e in entities:
        graph.add_node(e.id, label=e.label, cls=e.cls, coarse=e.coarse, kind=e.kind, documents=e.documents)


def fact_graph(kg: KnowledgeGraph, include_related: bool = True) -> nx.MultiDiGraph:
    """Entities and their facts, one edge per (subject, property, object), keyed by property.

    Edges carry ``property``, ``evidence`` (number of records), ``documents`` and ``weak``
    (true for the co-mention link ``relatedTo``, left out with ``include_related=False``).
    """
    graph = nx.MultiDiGraph()
    _add_entities(graph, kg.entities.values())
    for fact in kg.facts:
        if fact.weak and not include_related:
            continue
        graph.add_edge(fact.subject, fact.object, key=fact.predicate, property=fact.predicate,
                       evidence=len(fact.evidence), documents=fact.documents, weak=fact.weak)
    return graph


def _sentence_members(kg: KnowledgeGraph) -> dict[tuple[str, str], list[str]]:
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entity in kg.entities.values():
        for key in _unique_keys(entity.mentions):
            members[key].append(entity.id)
    return members


def _unique_keys(evidence: Iterable[Evidence]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(e.sentence_key for e in evidence))


def comention_graph(kg: KnowledgeGraph) -> nx.Graph:
    """Entities linked when one sentence names both; ``weight`` is the number of such sentences."""
    graph = nx.Graph()
    _add_entities(graph, kg.entities.values())
    for (document, _), ids in _sentence_members(kg).items():
        for a, b in combinations(sorted(ids), 2):
            data = graph.get_edge_data(a, b) or {"weight": 0, "documents": set()}
            graph.add_edge(a, b, weight=data["weight"] + 1, documents=data["documents"] | {document})
    return graph


def link_graph(kg: KnowledgeGraph, related_weight: float = RELATED_WEIGHT) -> nx.Graph:
    """The undirected, weighted graph that centrality and communities are computed on.

    Each evidence record of a typed fact adds 1 to its pair's ``weight``; one of a co-mention
    (``relatedTo``) adds ``related_weight``, so weak links count, but less.
    """
    graph = nx.Graph()
    _add_entities(graph, kg.entities.values())
    for fact in kg.facts:
        if fact.subject == fact.object:
            continue
        data = graph.get_edge_data(fact.subject, fact.object) or {"weight": 0.0, "properties": set()}
        add = max(len(fact.evidence), 1) * (related_weight if fact.weak else 1.0)
        graph.add_edge(fact.subject, fact.object, weight=data["weight"] + add,
                       properties=data["properties"] | {fact.predicate})
    return graph


def actor_concept_graph(kg: KnowledgeGraph) -> nx.Graph:
    """The two-mode network: actors (``bipartite=0``) linked to concepts, sectors, policies and
    indicators (``bipartite=1``) they share a sentence or a fact with.

    ``weight`` is the number of distinct sentences behind the link.
    """
    side = {e.id: 0 if e.is_actor else 1 for e in kg.entities.values() if e.is_actor or e.coarse in CONCEPT_SIDE}
    sentences: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for key, ids in _sentence_members(kg).items():
        for a, b in combinations(ids, 2):
            if a in side and b in side and side[a] != side[b]:
                sentences[_actor_first(a, b, side)].add(key)
    for fact in kg.facts:
        a, b = fact.subject, fact.object
        if a in side and b in side and side[a] != side[b]:
            sentences[_actor_first(a, b, side)].update(_unique_keys(fact.evidence) or [("", fact.predicate)])
    graph = nx.Graph()
    for node, part in side.items():
        _add_entities(graph, [kg.entities[node]])
        graph.nodes[node]["bipartite"] = part
    for (actor, concept), keys in sentences.items():
        graph.add_edge(actor, concept, weight=len(keys))
    return graph


def _actor_first(a: str, b: str, side: dict[str, int]) -> tuple[str, str]:
    return (a, b) if side[a] == 0 else (b, a)


def projection(two_mode: nx.Graph, part: int = 0) -> nx.Graph:
    """One-mode projection of the actor-concept network onto actors (0) or concepts (1).

    Two actors are linked by the concepts they share: ``weight`` counts them, ``shared`` lists
    them, so an analyst can read why two actors sit together.
    """
    graph = nx.Graph()
    graph.add_nodes_from((n, d) for n, d in two_mode.nodes(data=True) if d["bipartite"] == part)
    others = [n for n, d in two_mode.nodes(data=True) if d["bipartite"] != part]
    for other in sorted(others):
        for a, b in combinations(sorted(two_mode.neighbors(other)), 2):
            data = graph.get_edge_data(a, b) or {"weight": 0, "shared": ()}
            graph.add_edge(a, b, weight=data["weight"] + 1, shared=(*data["shared"], other))
    return graph


def iter_evidence(kg: KnowledgeGraph, subject: str, obj: str) -> Iterator[tuple[Fact, Evidence]]:
    """The evidence of every fact between two entities, either direction."""
    for fact in kg.facts:
        if {fact.subject, fact.object} == {subject, obj}:
            for evidence in fact.evidence:
                yield fact, evidence
