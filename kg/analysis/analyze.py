"""``cikg analyze``'s computation: the read model in, one :class:`Analysis` out.

Centrality and communities are computed on the typed facts (:func:`kg.analysis.networks.link_graph`):
each weighs 1 per evidence sentence; co-mentions count only when asked (``co_mention_weight``).
:mod:`kg.analysis.report` writes the result as tables, a summary, a report and charts.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..graph_file import GraphInputError
from .centrality import EntityScore, betweenness, entity_scores, pagerank
from .communities import Community, Component, communities, components, leiden, louvain
from .compare import MIN_CHANGE, DocumentComparison, compare_documents, default_comparison
from .counts import GraphCounts, count_graph
from .coverage import CoverageReport
from .coverage import coverage as translation_coverage
from .networks import RELATED_WEIGHT, ActorLink, actor_links, link_graph
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
    counts: GraphCounts  # facts, co-mentions, links as :mod:`kg.analysis.counts` defines them
    documents: list[str]
    co_mention_weight: float = RELATED_WEIGHT  # what a co-mention counted in the link graph (0: nothing)
    notes: list[str] = field(default_factory=list)
    coverage: list[CoverageReport] = field(default_factory=list)  # what each translated section keeps

    @property
    def facts(self) -> int:
        return self.counts.facts

    @property
    def co_mentions(self) -> int:
        return self.counts.co_mentions

    def top(self, n: int = 10, key: str = "pagerank", kind: str | None = None,
            coarse: str | None = None) -> list[EntityScore]:
        """The ``n`` highest by ``key``, optionally only of one kind (``Actor``) or coarse class.

        Entities without a link are left out: a rank they owe to nothing but PageRank's damping
        says nothing about them.
        """
        rows = [s for s in self.scores if s.degree and (coarse is None or s.coarse == coarse)
                and (kind is None or s.kind == kind)]
        return sorted(rows, key=lambda s: (-getattr(s, key), s.label))[:n]


def analyze(kg: KnowledgeGraph, compare: tuple[str, str] | None = None, co_mention_weight: float = RELATED_WEIGHT,
            min_change: float = MIN_CHANGE) -> Analysis:
    """Centrality, communities, components, actor network and the document comparison.

    ``compare`` names (base, target) documents; by default the first and last by id
    (``brief-2023``, ``brief-2024``) when there are two or more. ``co_mention_weight`` > 0 lets
    co-mentions count in the link graph; ``min_change`` is the smallest change in relative PageRank
    the comparison reports.
    """
    graph = link_graph(kg, co_mention_weight)
    if graph.number_of_edges() == 0:
        what = "typed facts" if co_mention_weight <= 0 else "facts or co-mentions"
        hint = " (--co-mention-weight 0.5 counts co-mentions too)" if co_mention_weight <= 0 else ""
        raise GraphInputError(f"the graph has {len(kg.entities)} entities but no {what} between them; "
                              f"there is no network to analyse{hint}")
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
    return Analysis(
        scores=scores,
        louvain=louvain_communities,
        leiden=communities("leiden", leiden_sets, ranks, kg) if leiden_sets is not None else None,
        components=linked,
        actor_links=actor_links(kg),
        comparison=compare_documents(kg, *pair, min_change, co_mention_weight) if pair else None,
        counts=count_graph(kg),
        documents=list(kg.documents),
        co_mention_weight=co_mention_weight,
        notes=notes,
        coverage=translation_coverage(kg.source) if kg.source else [],
    )
