"""``cikg analyze``: who is central, who brokers, which groups form, and what changed between briefs.

Centrality and communities are computed on the weighted link graph (:func:`kg.views.link_graph`):
typed facts weigh 1 per evidence record, co-mentions half that. The comparison between two
documents recomputes everything on each document's own graph (:func:`kg.views.document_view`)
and compares *relative* PageRank (PageRank x number of entities; 1.0 is average), since raw
PageRank shrinks as a graph grows.
"""
from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

import networkx as nx
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .coverage import CoverageReport
from .coverage import coverage as translation_coverage
from .coverage import markdown as coverage_markdown
from .coverage import write_csv as write_coverage_csv
from .style import legend, style_for
from .views import (
    ACTOR,
    GraphInputError,
    KnowledgeGraph,
    actor_concept_graph,
    document_view,
    link_graph,
    load_graph,
    projection,
)

SEED = 42
EXACT_BETWEENNESS_LIMIT = 1000  # above this many nodes, betweenness is estimated from pivots
BETWEENNESS_PIVOTS = 500
CHART_NODE_LIMIT = 150  # the community chart draws at most this many entities (the most central)


# --- records --------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class EntityChange:
    """An entity across two documents: new, gone or in both, with its relative PageRank in each."""

    id: str
    label: str
    coarse: str
    status: str  # "new", "gone" or "both"
    base_score: float | None
    target_score: float | None

    @property
    def delta(self) -> float:
        return (self.target_score or 0.0) - (self.base_score or 0.0)


@dataclass(frozen=True)
class FactChange:
    """A fact found in only one of two documents, with a sentence that says it."""

    subject: str
    predicate: str
    object: str
    status: str  # "new" or "gone"
    weak: bool
    sentence: str


@dataclass(frozen=True)
class DocumentComparison:
    """What the later document adds, drops and makes more central, relative to the earlier one."""

    base: str
    target: str
    entities: tuple[EntityChange, ...]
    facts: tuple[FactChange, ...]

    def with_status(self, status: str) -> list[EntityChange]:
        return [c for c in self.entities if c.status == status]

    def rising(self) -> list[EntityChange]:
        return sorted((c for c in self.with_status("both") if c.delta > 0), key=lambda c: -c.delta)

    def falling(self) -> list[EntityChange]:
        return sorted((c for c in self.with_status("both") if c.delta < 0), key=lambda c: c.delta)


@dataclass(frozen=True)
class ActorLink:
    """Two actors linked by the concepts, sectors and policies they both speak to."""

    actor_a: str
    actor_b: str
    weight: int
    shared: tuple[str, ...]


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


# --- algorithms -----------------------------------------------------------------------------


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


def relative_pagerank(graph: nx.Graph) -> dict[str, float]:
    """PageRank x number of nodes: 1.0 is an average entity, comparable across graph sizes."""
    return {node: score * len(graph) for node, score in pagerank(graph).items()}


# --- analysis -------------------------------------------------------------------------------


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
    louvain_communities = _communities("louvain", louvain(graph), ranks, kg)
    leiden_sets = leiden(graph)
    if leiden_sets is None:
        notes.append("Leiden communities skipped: install leidenalg and igraph to compute them")
    components = _components(graph, ranks)
    scores = _scores(kg, graph, ranks, between, louvain_communities, components)
    pair = compare or default_comparison(kg)
    facts = [f for f in kg.facts if f.subject != f.object]
    return Analysis(
        scores=scores,
        louvain=louvain_communities,
        leiden=_communities("leiden", leiden_sets, ranks, kg) if leiden_sets is not None else None,
        components=components,
        actor_links=_actor_links(kg),
        comparison=compare_documents(kg, *pair) if pair else None,
        edges=graph.number_of_edges(),
        facts=sum(1 for f in facts if not f.weak),
        co_mentions=sum(1 for f in facts if f.weak),
        documents=list(kg.documents),
        notes=notes,
        coverage=translation_coverage(kg.source) if kg.source else [],
    )


def default_comparison(kg: KnowledgeGraph) -> tuple[str, str] | None:
    documents = sorted({d for e in kg.entities.values() for d in e.documents} | set(kg.documents))
    return (documents[0], documents[-1]) if len(documents) >= 2 else None


def _by_rank(members: Iterable[str], ranks: dict[str, float]) -> tuple[str, ...]:
    return tuple(sorted(members, key=lambda m: (-ranks[m], m)))


def _communities(algorithm: str, sets: Sequence[set[str]], ranks: dict[str, float],
                 kg: KnowledgeGraph) -> list[Community]:
    ordered = sorted((_by_rank(s, ranks) for s in sets if s), key=lambda m: (-len(m), -ranks[m[0]], m[0]))
    return [
        Community(algorithm, i, kg.label(members[0]), members,
                  tuple(Counter(kg.entities[m].coarse for m in members).most_common()))
        for i, members in enumerate(ordered, start=1)
    ]


def _components(graph: nx.Graph, ranks: dict[str, float]) -> list[Component]:
    ordered = sorted((_by_rank(c, ranks) for c in nx.connected_components(graph)),
                     key=lambda m: (-len(m), -ranks[m[0]], m[0]))
    return [Component(i, members) for i, members in enumerate(ordered, start=1)]


def _scores(kg: KnowledgeGraph, graph: nx.Graph, ranks: dict[str, float], between: dict[str, float],
            communities: list[Community], components: list[Component]) -> list[EntityScore]:
    community_of = {m: c.id for c in communities for m in c.members}
    component_of = {m: c.id for c in components for m in c.members}
    weighted = dict(graph.degree(weight="weight"))
    rows = [
        EntityScore(e.id, e.label, e.cls, e.coarse, e.kind, graph.degree(e.id), round(weighted[e.id], 6),
                    ranks[e.id], between[e.id], community_of[e.id], component_of[e.id], e.documents)
        for e in kg.entities.values()
    ]
    return sorted(rows, key=lambda s: (-s.pagerank, s.label))


def _actor_links(kg: KnowledgeGraph) -> list[ActorLink]:
    actors = projection(actor_concept_graph(kg), 0)
    links = [ActorLink(a, b, d["weight"], tuple(sorted(d["shared"]))) if a < b
             else ActorLink(b, a, d["weight"], tuple(sorted(d["shared"])))
             for a, b, d in actors.edges(data=True)]
    return sorted(links, key=lambda link: (-link.weight, link.actor_a, link.actor_b))


def compare_documents(kg: KnowledgeGraph, base: str, target: str) -> DocumentComparison:
    """Entities and facts of ``target`` against ``base``: new, gone, and change in centrality."""
    known = {d for e in kg.entities.values() for d in e.documents} | set(kg.documents)
    for document in (base, target):
        if document not in known:
            raise GraphInputError(f"no document {document!r} in the graph; documents: {', '.join(sorted(known))}")
    views = {d: document_view(kg, d) for d in (base, target)}
    scores = {d: relative_pagerank(link_graph(v)) for d, v in views.items()}
    entities = []
    for key in sorted(set(scores[base]) | set(scores[target])):
        b, t = scores[base].get(key), scores[target].get(key)
        status = "both" if b is not None and t is not None else "new" if t is not None else "gone"
        e = kg.entities[key]
        entities.append(EntityChange(key, e.label, e.coarse, status, b, t))
    facts_of = {d: {(f.subject, f.predicate, f.object): f for f in v.facts} for d, v in views.items()}
    facts = []
    for status, here, there in (("new", target, base), ("gone", base, target)):
        for key in sorted(set(facts_of[here]) - set(facts_of[there])):
            fact = facts_of[here][key]
            sentence = fact.evidence[0].sentence if fact.evidence else ""
            facts.append(FactChange(*key, status=status, weak=fact.weak, sentence=sentence))
    order = {"new": 0, "gone": 1, "both": 2}
    entities.sort(key=lambda c: (order[c.status], -max(c.base_score or 0, c.target_score or 0), c.label))
    return DocumentComparison(base, target, tuple(entities), tuple(facts))


# --- outputs --------------------------------------------------------------------------------


@dataclass
class AnalysisRun:
    """The result of :func:`run`: the analysis and the files written."""

    analysis: Analysis
    out: Path
    files: list[Path]

    def summary(self) -> str:
        a = self.analysis
        actors = ", ".join(s.label for s in a.top(5, kind=ACTOR)) or "none"
        lines = [f"analysed {len(a.scores)} entities from {len(a.documents)} documents: {a.edges} linked pairs "
                 f"({a.facts} facts, {a.co_mentions} co-mentions), {len(a.components)} components, "
                 f"{sum(1 for c in a.louvain if c.size > 1)} communities",
                 f"most central actors: {actors}"]
        if a.comparison:
            c = a.comparison
            lines.append(f"{c.target} vs {c.base}: {len(c.with_status('new'))} new, {len(c.with_status('gone'))} gone, "
                         f"{len(c.rising())} more central, {len(c.falling())} less central")
        lines.append(f"wrote {self.out}/: {', '.join(p.name for p in self.files)}")
        lines += [f"note: {note}" for note in a.notes]
        return "\n".join(lines)


def run(graph_dir: Path, out: Path | None = None, compare: tuple[str, str] | None = None, top: int = 10) -> AnalysisRun:
    """Analyse ``graph_dir/graph.ttl`` and write tables, summary, report and charts to ``out``
    (default ``graph_dir/analysis``)."""
    kg = load_graph(Path(graph_dir))
    analysis = analyze(kg, compare)
    base = Path(graph_dir) if Path(graph_dir).is_dir() else Path(graph_dir).parent
    out = Path(out) if out else base / "analysis"
    out.mkdir(parents=True, exist_ok=True)
    files = write_tables(analysis, kg, out) + write_charts(analysis, kg, out, top)
    files += [out / "summary.json", out / "report.md"]
    write_summary(analysis, kg, files[-2], files, top)
    write_report(analysis, kg, files[-1], files, top)
    return AnalysisRun(analysis, out, files)


def write_csv(path: Path, rows: Sequence[object], columns: Sequence[str] | None = None) -> Path:
    """Rows of dataclasses as CSV; tuples become "; "-joined text, floats keep 6 decimals."""
    names = list(columns) if columns else [f.name for f in fields(rows[0])] if rows else []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(getattr(row, name)) for name in names])
    return path


def _cell(value: object) -> object:
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6f}"
    return "" if value is None else value


def write_tables(analysis: Analysis, kg: KnowledgeGraph, out: Path) -> list[Path]:
    files = [write_csv(out / "centrality.csv", analysis.scores)]
    rankings = [row for cls in sorted({s.coarse for s in analysis.scores}) for row in analysis.top(10, coarse=cls)]
    files.append(write_csv(out / "rankings_by_class.csv", rankings,
                           ["coarse", "label", "pagerank", "degree", "betweenness", "id"]))
    memberships = [_Membership(c.algorithm, c.id, c.name, m, kg.label(m), kg.entities[m].coarse)
                   for algorithm in (analysis.louvain, analysis.leiden or []) for c in algorithm for m in c.members]
    files.append(write_csv(out / "communities.csv", memberships))
    components = [_ComponentRow(c.id, c.size, tuple(kg.label(m) for m in c.members)) for c in analysis.components]
    files.append(write_csv(out / "components.csv", components))
    files.append(write_csv(out / "actor_network.csv", [
        ActorLink(kg.label(a.actor_a), kg.label(a.actor_b), a.weight, tuple(kg.label(s) for s in a.shared))
        for a in analysis.actor_links], ["actor_a", "actor_b", "weight", "shared"]))
    if analysis.comparison:
        files.append(write_csv(out / "compare_entities.csv", list(analysis.comparison.entities),
                               ["status", "label", "coarse", "base_score", "target_score", "delta", "id"]))
        files.append(write_csv(out / "compare_facts.csv", list(analysis.comparison.facts)))
    if analysis.coverage:
        files.append(write_coverage_csv(analysis.coverage, out / "coverage.csv"))
    return files


@dataclass(frozen=True)
class _Membership:
    algorithm: str
    community: int
    community_name: str
    id: str
    label: str
    coarse: str


@dataclass(frozen=True)
class _ComponentRow:
    component: int
    size: int
    members: tuple[str, ...]


def write_summary(analysis: Analysis, kg: KnowledgeGraph, path: Path, files: list[Path], top: int) -> Path:
    """The headline numbers and rankings as JSON, for scripts and dashboards."""
    summary = {
        "graph": str(kg.source) if kg.source else None,
        "documents": analysis.documents,
        "entities": len(analysis.scores),
        "links": analysis.edges,
        "facts": analysis.facts,
        "co_mentions": analysis.co_mentions,
        "components": len(analysis.components),
        "largest_component": analysis.components[0].size if analysis.components else 0,
        "top_actors": [_brief(s) for s in analysis.top(top, kind=ACTOR)],
        "top_entities": [_brief(s) for s in analysis.top(top)],
        "brokers": [_brief(s) for s in analysis.top(top, key="betweenness")],
        "communities": {alg: [{"id": c.id, "name": c.name, "size": c.size, "members": list(c.members)} for c in cs]
                        for alg, cs in (("louvain", analysis.louvain), ("leiden", analysis.leiden)) if cs is not None},
        "comparison": _comparison_summary(analysis.comparison, top) if analysis.comparison else None,
        "translation_coverage": [r.summary() for r in analysis.coverage],
        "notes": analysis.notes,
        "files": [p.name for p in files],
    }
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _brief(score: EntityScore) -> dict[str, object]:
    return {"id": score.id, "label": score.label, "class": score.coarse, "pagerank": round(score.pagerank, 6),
            "degree": score.degree, "betweenness": round(score.betweenness, 6)}


def _comparison_summary(comparison: DocumentComparison, top: int) -> dict[str, object]:
    def ids(changes: list[EntityChange]) -> list[str]:
        return [c.id for c in changes[:top]]

    return {
        "base": comparison.base, "target": comparison.target,
        "new": ids(comparison.with_status("new")), "gone": ids(comparison.with_status("gone")),
        "more_central": ids(comparison.rising()), "less_central": ids(comparison.falling()),
        "new_facts": sum(1 for f in comparison.facts if f.status == "new"),
        "gone_facts": sum(1 for f in comparison.facts if f.status == "gone"),
    }


# --- report ---------------------------------------------------------------------------------


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub Markdown table; pipes and newlines in cells are escaped so rows stay rows."""
    def cell(value: object) -> str:
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def write_report(analysis: Analysis, kg: KnowledgeGraph, path: Path, files: list[Path], top: int) -> Path:
    path.write_text(report_markdown(analysis, kg, files, top), encoding="utf-8")
    return path


def report_markdown(analysis: Analysis, kg: KnowledgeGraph, files: Sequence[Path] = (), top: int = 10) -> str:
    """A short report an analyst can read top to bottom."""
    parts = [
        "# Network analysis\n",
        f"{len(analysis.scores)} entities from {len(analysis.documents)} documents "
        f"({', '.join(analysis.documents)}), linked by {analysis.facts} facts and {analysis.co_mentions} "
        f"co-mentions ({analysis.edges} linked pairs). Centrality is computed on the weighted link graph: "
        "a fact counts 1 per evidence sentence, a co-mention 0.5.\n",
        "## Most central actors (PageRank)\n",
        _score_table(analysis.top(top, kind=ACTOR)),
        "## Brokers (betweenness)\n",
        "Entities on many shortest paths between others: they connect parts of the network.\n",
        _score_table([s for s in analysis.top(top, key="betweenness") if s.betweenness > 0]),
        "## Top entities by class\n",
        markdown_table(["class", "top entities"], [
            (style_for(cls).label, ", ".join(s.label for s in analysis.top(3, coarse=cls)))
            for cls in [st.cls for st in legend({s.coarse for s in analysis.scores})]]),
        _communities_section(analysis, kg),
        _components_section(analysis, kg),
        _actor_links_section(analysis, kg, top),
    ]
    if analysis.comparison:
        parts.append(_comparison_section(analysis.comparison, kg, top))
    if analysis.coverage:
        parts.append(coverage_markdown(analysis.coverage))
    if analysis.notes:
        parts.append("## Notes\n\n" + "".join(f"- {note}\n" for note in analysis.notes))
    if files:
        parts.append("## Files\n\n" + "".join(f"- `{p.name}`\n" for p in files))
    return "\n".join(parts)


def _score_table(scores: Sequence[EntityScore]) -> str:
    if not scores:
        return "_none_\n"
    return markdown_table(["entity", "class", "PageRank", "degree", "betweenness"],
                          [(s.label, style_for(s.coarse).label, s.pagerank, s.degree, s.betweenness) for s in scores])


def _communities_section(analysis: Analysis, kg: KnowledgeGraph) -> str:
    linked = [c for c in analysis.louvain if c.size > 1]
    singles = len(analysis.louvain) - len(linked)
    text = f"## Communities (Louvain)\n\n{len(linked)} communities of two or more entities"
    text += f", and {singles} entities on their own.\n\n" if singles else ".\n\n"
    text += markdown_table(["#", "size", "members (most central first)"],
                           [(c.id, c.size, ", ".join(kg.label(m) for m in c.members[:8]) + (" …" if c.size > 8 else ""))
                            for c in linked[:10]])
    if analysis.leiden is not None:
        text += f"\nLeiden finds {sum(1 for c in analysis.leiden if c.size > 1)} communities of two or more.\n"
    return text


def _components_section(analysis: Analysis, kg: KnowledgeGraph) -> str:
    isolated = [c for c in analysis.components if c.size == 1]
    largest = analysis.components[0]
    text = (f"## Connected components\n\n{len(analysis.components)} components; the largest holds {largest.size} "
            f"of {len(analysis.scores)} entities.")
    if isolated:
        names = ", ".join(kg.label(c.members[0]) for c in isolated[:10])
        text += f" {len(isolated)} entities have no link: {names}{' …' if len(isolated) > 10 else ''}."
    return text + "\n"


def _actor_links_section(analysis: Analysis, kg: KnowledgeGraph, top: int) -> str:
    text = ("## Actors linked by shared concepts\n\nTwo actors are linked when both speak to, act on or are named "
            "with the same concept, sector, policy or indicator.\n\n")
    if not analysis.actor_links:
        return text + "_none_\n"
    return text + markdown_table(["actor", "actor", "shared"], [
        (kg.label(a.actor_a), kg.label(a.actor_b), ", ".join(kg.label(s) for s in a.shared))
        for a in analysis.actor_links[:top]])


def _comparison_section(comparison: DocumentComparison, kg: KnowledgeGraph, top: int) -> str:
    def names(changes: Sequence[EntityChange]) -> str:
        return ", ".join(c.label for c in changes[:top]) + (" …" if len(changes) > top else "") if changes else "_none_"

    def moves(changes: Sequence[EntityChange]) -> str:
        return ", ".join(f"{c.label} ({c.base_score:.2f} → {c.target_score:.2f})" for c in changes[:top]) or "_none_"

    new_facts = [f for f in comparison.facts if f.status == "new" and not f.weak]
    gone_facts = [f for f in comparison.facts if f.status == "gone" and not f.weak]
    text = (f"## {comparison.target} compared with {comparison.base}\n\n"
            "Relative PageRank within each document's own graph (1.0 = average entity).\n\n"
            f"- **New in {comparison.target}:** {names(comparison.with_status('new'))}\n"
            f"- **Gone since {comparison.base}:** {names(comparison.with_status('gone'))}\n"
            f"- **More central:** {moves(comparison.rising())}\n"
            f"- **Less central:** {moves(comparison.falling())}\n\n")
    rows = [(f.status, kg.label(f.subject), kg.ontology.property_label(f.predicate), kg.label(f.object), f.sentence)
            for f in new_facts + gone_facts]
    return text + (markdown_table(["", "subject", "property", "object", "evidence"], rows[:2 * top]) if rows
                   else "No typed fact differs between the two.\n")


# --- charts ---------------------------------------------------------------------------------


def write_charts(analysis: Analysis, kg: KnowledgeGraph, out: Path, top: int = 15) -> list[Path]:
    charts = {
        "top_actors.png": plot_top_actors(analysis, kg, max(top, 15)),
        "communities.png": plot_communities(analysis, kg),
        "actor_concept.png": plot_actor_concept(kg),
    }
    for name, figure in charts.items():
        figure.savefig(out / name, dpi=150, bbox_inches="tight")
    return [out / name for name in charts]


def plot_top_actors(analysis: Analysis, kg: KnowledgeGraph, n: int = 15) -> Figure:
    """Horizontal bars of the most central actors, coloured by kind of actor."""
    rows = analysis.top(n, kind=ACTOR)[::-1]
    figure = Figure(figsize=(8, 0.4 * max(len(rows), 3) + 1.2))
    ax = figure.subplots()
    ax.barh([s.label for s in rows], [s.pagerank for s in rows], color=[style_for(s.coarse).color for s in rows])
    ax.set_xlabel("PageRank (weighted link graph)")
    ax.set_title(f"Most central actors ({len(rows)} of {sum(1 for s in analysis.scores if s.kind == ACTOR)})")
    handles = [Patch(color=style.color, label=style.label) for style in legend({s.coarse for s in rows})]
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return figure


def plot_communities(analysis: Analysis, kg: KnowledgeGraph, limit: int = CHART_NODE_LIMIT) -> Figure:
    """The most central entities, placed by a spring layout and coloured by Louvain community."""
    keep = [s.id for s in analysis.scores if s.degree > 0][:limit]
    graph = link_graph(kg).subgraph(keep)
    community_of = {m: c for c in analysis.louvain for m in c.members}
    shown = sorted({community_of[n].id for n in graph}, key=lambda i: i)
    palette = colormaps["tab20"]
    color = {cid: palette(i % 20) for i, cid in enumerate(shown)}
    ranks = {s.id: s.pagerank for s in analysis.scores}
    top_rank = max(ranks.values()) or 1.0
    pos = packed_layout(_community_weighted(graph, {n: community_of[n].id for n in graph}))
    figure = Figure(figsize=(11, 8))
    ax = figure.subplots()
    nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.5 + d["weight"] / 2 for *_, d in graph.edges(data=True)],
                           edge_color="#bbbbbb")
    for node in graph:
        style = style_for(kg.entities[node].coarse)
        ax.scatter(*pos[node], s=60 + 1400 * ranks[node] / top_rank, marker=style.marker,
                   color=color[community_of[node].id], edgecolors="#333333", linewidths=0.5, zorder=2)
    labelled = keep[:20]
    nx.draw_networkx_labels(graph, pos, {n: kg.label(n) for n in labelled}, ax=ax, font_size=8, verticalalignment="top",
                            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
    handles = [Line2D([], [], marker="o", linestyle="", color=color[cid], label=f"{cid}: {c.name} ({c.size})")
               for c in analysis.louvain for cid in [c.id] if cid in color and c.size > 1][:12]
    if handles:
        ax.legend(handles=handles, title="community: most central member (size)", fontsize=8, loc="upper left",
                  bbox_to_anchor=(1.0, 1.0), frameon=False)
    subset = (f"the {len(graph)} most central of {len(kg.entities)} entities (those without links left out)"
              if len(graph) < len(kg.entities) else f"all {len(graph)} entities")
    ax.set_title(f"Louvain communities: {subset}; marker size = PageRank, shape = class")
    ax.set_axis_off()
    return figure


def _community_weighted(graph: nx.Graph, community: dict[str, int]) -> nx.Graph:
    """A copy whose links inside a community pull harder, so the layout draws communities as groups."""
    weighted = nx.Graph()
    weighted.add_nodes_from(graph)
    for a, b, data in graph.edges(data=True):
        weighted.add_edge(a, b, weight=data.get("weight", 1.0) * (1.5 if community[a] == community[b] else 0.15))
    return weighted


def packed_layout(graph: nx.Graph, gap: float = 0.6) -> dict[str, tuple[float, float]]:
    """A spring layout per connected component, components packed in rows, largest first.

    One spring layout of the whole graph pushes small components to the edges and squeezes
    the main one into a corner; packing keeps every component readable.
    """
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    radii = [0.6 * len(c) ** 0.5 for c in components]
    row_width = max(2 * max(radii, default=1.0), 1.6 * sum(4 * r * r for r in radii) ** 0.5)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for members, radius in zip(components, radii, strict=True):
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        local = nx.spring_layout(graph.subgraph(members), seed=SEED, weight="weight", scale=radius,
                                 center=(x + radius, y - radius), k=3.0 / len(members) ** 0.5, iterations=300)
        pos.update({n: (float(p[0]), float(p[1])) for n, p in local.items()})
        x += 2 * radius + gap
        row_height = max(row_height, 2 * radius)
    return pos


def plot_actor_concept(kg: KnowledgeGraph, limit: int = 25) -> Figure:
    """The two-mode network: actors on the left, concepts, sectors and policies on the right."""
    two_mode = actor_concept_graph(kg)
    two_mode.remove_nodes_from([n for n in list(two_mode) if two_mode.degree(n) == 0])
    degree = dict(two_mode.degree(weight="weight"))
    sides = [sorted((n for n, d in two_mode.nodes(data=True) if d["bipartite"] == part),
                    key=lambda n: (-degree[n], kg.label(n)))[:limit] for part in (0, 1)]
    graph = two_mode.subgraph(sides[0] + sides[1])
    figure = Figure(figsize=(10, 0.35 * max(len(sides[0]), len(sides[1]), 4) + 1.5))
    ax = figure.subplots()
    if not graph.number_of_edges():
        ax.text(0.5, 0.5, "No actor shares a sentence or a fact with a concept", ha="center", va="center")
        ax.set_axis_off()
        return figure
    pos = {n: (part, -i) for part, nodes in enumerate(sides) for i, n in enumerate(nodes)}
    nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.6 + d["weight"] for *_, d in graph.edges(data=True)],
                           edge_color="#999999", alpha=0.7)
    for node in graph:
        style = style_for(kg.entities[node].coarse)
        ax.scatter(*pos[node], s=80 + 40 * degree[node], marker=style.marker, color=style.color, zorder=2)
        ax.annotate(kg.label(node), pos[node], xytext=(-8 if pos[node][0] == 0 else 8, 0), textcoords="offset points",
                    ha="right" if pos[node][0] == 0 else "left", va="center", fontsize=8)
    ax.set_xlim(-0.9, 1.9)
    ax.set_title("Actors and the concepts, sectors and policies they are linked to (line width = sentences)")
    ax.set_axis_off()
    return figure
