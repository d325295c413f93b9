"""The networkx views of the read model: fact graph, co-mention graph, link graph, actor-concept network.

The link graph is what centrality and communities run on; the actor-concept two-mode network and
its one-mode projections are discourse-network analysis (actors linked by the concepts they share).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from extract.knowledge import ACTOR_CLASSES, TOP_CLASSES

from .records import Entity, Evidence, Fact, KnowledgeGraph

# The concept side of the actor-concept network: what actors talk about, fund, target or depend on.
CONCEPT_SIDE = frozenset(TOP_CLASSES) - ACTOR_CLASSES - {"Event", "Document"}
# By default a co-mention (cikg:relatedTo) counts nothing in the link graph: centrality rests on
# typed facts. ``cikg analyze --co-mention-weight 0.5`` lets them count for half a fact's sentence.
RELATED_WEIGHT = 0.0


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
                       evidence=fact.sentences, documents=fact.documents, weak=fact.weak)
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

    Each evidence sentence of a typed fact adds 1 to its pair's ``weight``. Co-mentions
    (``relatedTo``) are left out unless ``related_weight`` > 0, when each of their sentences adds
    that much: an opt-in, since a shared sentence says nothing about who does what.
    """
    graph = nx.Graph()
    _add_entities(graph, kg.entities.values())
    for fact in kg.facts:
        if fact.subject == fact.object or (fact.weak and related_weight <= 0):
            continue
        data = graph.get_edge_data(fact.subject, fact.object) or {"weight": 0.0, "properties": set()}
        add = max(fact.sentences, 1) * (related_weight if fact.weak else 1.0)
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


@dataclass(frozen=True)
class ActorLink:
    """Two actors linked by the concepts, sectors and policies they both speak to."""

    actor_a: str
    actor_b: str
    weight: int
    shared: tuple[str, ...]


def actor_links(kg: KnowledgeGraph) -> list[ActorLink]:
    """The actor projection of the actor-concept network as links, strongest first."""
    actors = projection(actor_concept_graph(kg), 0)
    links = [ActorLink(a, b, d["weight"], tuple(sorted(d["shared"]))) if a < b
             else ActorLink(b, a, d["weight"], tuple(sorted(d["shared"])))
             for a, b, d in actors.edges(data=True)]
    return sorted(links, key=lambda link: (-link.weight, link.actor_a, link.actor_b))
