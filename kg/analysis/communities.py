"""Communities (Louvain, and Leiden when installed) and connected components of the link graph."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from .centrality import SEED
from .records import KnowledgeGraph


@dataclass(frozen=True)
class Community:
    """A group of entities more linked to each other than to the rest; named after its top member."""

    algorithm: str
    id: int
    name: str
    members: tuple[str, ...]  # entity ids, most central first
    classes: tuple[tuple[str, int], ...]  # coarse class counts, largest first

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Component:
    """A connected component of the link graph."""

    id: int
    members: tuple[str, ...]  # most central first

    @property
    def size(self) -> int:
        return len(self.members)


def louvain(graph: nx.Graph) -> list[set[str]]:
    return nx.community.louvain_communities(graph, weight="weight", seed=SEED)


def leiden(graph: nx.Graph) -> list[set[str]] | None:
    """Leiden communities when ``leidenalg`` and ``igraph`` are installed; otherwise None."""
    try:
        import igraph
        import leidenalg
    except ImportError:
        return None
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges()])
    ig.es["weight"] = [d.get("weight", 1.0) for *_, d in graph.edges(data=True)]
    partition = leidenalg.find_partition(ig, leidenalg.ModularityVertexPartition, weights="weight", seed=SEED)
    return [{nodes[i] for i in members} for members in partition]


def by_rank(members: Iterable[str], ranks: dict[str, float]) -> tuple[str, ...]:
    return tuple(sorted(members, key=lambda m: (-ranks[m], m)))


def communities(algorithm: str, sets: Sequence[set[str]], ranks: dict[str, float],
                 kg: KnowledgeGraph) -> list[Community]:
    ordered = sorted((by_rank(s, ranks) for s in sets if s), key=lambda m: (-len(m), -ranks[m[0]], m[0]))
    return [
        Community(algorithm, i, kg.label(members[0]), members,
                  tuple(Counter(kg.entities[m].coarse for m in members).most_common()))
        for i, members in enumerate(ordered, start=1)
    ]


def components(graph: nx.Graph, ranks: dict[str, float]) -> list[Component]:
    ordered = sorted((by_rank(c, ranks) for c in nx.connected_components(graph)),
                     key=lambda m: (-len(m), -ranks[m[0]], m[0]))
    return [Component(i, members) for i, members in enumerate(ordered, start=1)]
