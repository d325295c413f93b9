"""Centrality on the weighted link graph: PageRank (who is central) and betweenness (who brokers).

This module needs networkx only, never matplotlib, so the page (:mod:`kg.viz`) can size its nodes
by the same PageRank the analysis reports.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from .records import KnowledgeGraph

SEED = 42  # every randomised step of the analysis (pivots, Louvain, Leiden, layouts) uses it
EXACT_BETWEENNESS_LIMIT = 1000  # above this many nodes, betweenness is estimated from pivots
BETWEENNESS_PIVOTS = 500


@dataclass(frozen=True)
class EntityScore:
    """Centrality of one entity in the link graph, with its community and component."""

    id: str
    label: str
    cls: str
    coarse: str
    kind: str
    degree: int
    weighted_degree: float
    pagerank: float
    betweenness: float
    community: int
    component: int
    documents: tuple[str, ...]


def pagerank(graph: nx.Graph, alpha: float = 0.85, weight: str = "weight",
             tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Weighted PageRank by power iteration, with dangling nodes' rank spread evenly.

    networkx's own ``pagerank`` needs SciPy, which cikg does not depend on; this is the same
    computation for an undirected (or directed) graph, in plain Python over index lists.
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    links: list[list[tuple[int, float]]] = []
    for node in nodes:
        edges = [(index[v], float(d.get(weight, 1.0))) for _, v, d in _out_edges(graph, node)]
        total = sum(w for _, w in edges)
        links.append([(v, w / total) for v, w in edges] if total > 0 else [])
    dangling = [i for i, edges in enumerate(links) if not edges]
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        base = (1.0 - alpha) / n + alpha * sum(rank[i] for i in dangling) / n
        new = [base] * n
        for i, edges in enumerate(links):
            share = alpha * rank[i]
            for v, w in edges:
                new[v] += share * w
        error = sum(abs(a - b) for a, b in zip(new, rank, strict=True))
        rank = new
        if error < n * tol:
            break
    return dict(zip(nodes, rank, strict=True))


def _out_edges(graph: nx.Graph, node: str) -> Iterable[tuple[str, str, dict]]:
    return graph.out_edges(node, data=True) if graph.is_directed() else graph.edges(node, data=True)


def betweenness(graph: nx.Graph) -> tuple[dict[str, float], str | None]:
    """Betweenness (brokerage) by shortest hop paths; estimated from pivots on large graphs."""
    if len(graph) <= EXACT_BETWEENNESS_LIMIT:
        return nx.betweenness_centrality(graph, normalized=True), None
    note = f"betweenness estimated from {BETWEENNESS_PIVOTS} random pivots ({len(graph)} entities)"
    return nx.betweenness_centrality(graph, k=BETWEENNESS_PIVOTS, normalized=True, seed=SEED), note


def relative_pagerank(graph: nx.Graph) -> dict[str, float]:
    """PageRank x number of nodes: 1.0 is an average entity, comparable across graph sizes."""
    return {node: score * len(graph) for node, score in pagerank(graph).items()}


def entity_scores(kg: KnowledgeGraph, graph: nx.Graph, ranks: dict[str, float], between: dict[str, float],
                  community_of: dict[str, int], component_of: dict[str, int]) -> list[EntityScore]:
    """One row per entity, most central first."""
    weighted = dict(graph.degree(weight="weight"))
    rows = [
        EntityScore(e.id, e.label, e.cls, e.coarse, e.kind, graph.degree(e.id), round(weighted[e.id], 6),
                    ranks[e.id], between[e.id], community_of[e.id], component_of[e.id], e.documents)
        for e in kg.entities.values()
    ]
    return sorted(rows, key=lambda s: (-s.pagerank, s.label))
