"""``cikg analyze``'s computation: the read model in, one :class:`Analysis` out.

Centrality and communities are computed on the weighted link graph
(:func:`kg.analysis.networks.link_graph`): typed facts weigh 1 per evidence record, co-mentions
half that. :mod:`kg.analysis.report` writes the result as tables, a summary, a report and charts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..graph_file import GraphInputError
from .centrality import EntityScore, betweenness, entity_scores, pagerank
from .communities import Community, Component, communities, components, leiden, louvain
from .compare import DocumentComparison, compare_documents, default_comparison
from .coverage import CoverageReport
from .coverage import coverage as translation_coverage
from .networks import ActorLink, actor_links, link_graph
from .records import KnowledgeGraph


@dataclass
class Analysis:
    """Everything ``cikg analyze`` computes for one graph."""

    scores: list[EntityScore]
    louvain: list[Community]
    leiden: list[Community] | None
    components: list[Component]
    actor_links: list[ActorLink]
    comparison: DocumentComparison | None
    edges: int
    facts: int
    co_mentions: int
    documents: list[str]
    notes: list[str] = field(default_factory=list)
    coverage: list[CoverageReport] = field(default_factory=list)  # what each translated section keeps

    def top(self, n: int = 10, key: str = "pagerank", kind: str | None = None,
            coarse: str | None = None) -> list[EntityScore]:
        """The ``n`` highest by ``key``, optionally only of one kind (``Actor``) or coarse class."""
        rows = [s for s in self.scores if (coarse is None or s.coarse == coarse) and (kind is None or s.kind == kind)]
        return sorted(rows, key=lambda s: (-getattr(s, key), s.label))[:n]


def analyze(kg: KnowledgeGraph, compare: tuple[str, str] | None = None) -> Analysis:
    """Centrality, communities, components, actor network and the document comparison.

    ``compare`` names (base, target) documents; by default the first and last by id
    (``brief-2023``, ``brief-2024``) when there are two or more.
    """
    graph = link_graph(kg)
    if graph.number_of_edges() == 0:
        raise GraphInputError(f"the graph has {len(kg.entities)} entities but no facts or co-mentions "
                              "between them; there is no network to analyse")
    notes: list[str] = []
    ranks = pagerank(graph)
    between, note = betweenness(graph)
    notes += [note] if note else []
    louvain_communities = communities("louvain", louvain(graph), ranks, kg)
    leiden_sets = leiden(graph)
    if leiden_sets is None:
        notes.append("Leiden communities skipped: install leidenalg and igraph to compute them")
    linked = components(graph, ranks)
    community_of = {m: c.id for c in louvain_communities for m in c.members}
    component_of = {m: c.id for c in linked for m in c.members}
    scores = entity_scores(kg, graph, ranks, between, community_of, component_of)
    pair = compare or default_comparison(kg)
    facts = [f for f in kg.facts if f.subject != f.object]
    return Analysis(
        scores=scores,
        louvain=louvain_communities,
        leiden=communities("leiden", leiden_sets, ranks, kg) if leiden_sets is not None else None,
        components=linked,
        actor_links=actor_links(kg),
        comparison=compare_documents(kg, *pair) if pair else None,
        edges=graph.number_of_edges(),
        facts=sum(1 for f in facts if not f.weak),
        co_mentions=sum(1 for f in facts if f.weak),
        documents=list(kg.documents),
        notes=notes,
        coverage=translation_coverage(kg.source) if kg.source else [],
    )
