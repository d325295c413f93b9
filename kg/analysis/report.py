"""``cikg analyze``'s outputs: CSV tables, ``summary.json``, ``report.md`` and the charts, in one folder."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from ..viz.style import legend, style_for
from .analyze import Analysis, analyze
from .centrality import EntityScore
from .charts import write_charts
from .compare import FACT_GONE, FACT_NEW, GONE, MIN_CHANGE, NEW, DocumentComparison, EntityChange
from .coverage import markdown as coverage_markdown
from .coverage import write_csv as write_coverage_csv
from .load import load_graph
from .networks import RELATED_WEIGHT, ActorLink
from .records import ACTOR, KnowledgeGraph

COUNTED = ("facts", "relations", "attributes", "co_mentions", "links", "evidence_sentences")


@dataclass
class AnalysisRun:
    """The result of :func:`run`: the analysis and the files written."""

    analysis: Analysis
    out: Path
    files: list[Path]

    def summary(self) -> str:
        a = self.analysis
        actors = ", ".join(s.label for s in a.top(5, kind=ACTOR) if s.degree) or "none"
        lines = [f"analysed {a.counts.line()}",
                 f"{centrality_basis(a)}: {len(a.components)} components, "
                 f"{sum(1 for c in a.louvain if c.size > 1)} communities",
                 f"most central actors: {actors}"]
        if a.comparison:
            lines.append(a.comparison.summary())
        lines.append(f"wrote {self.out}/: {', '.join(p.name for p in self.files)}")
        lines += [f"note: {note}" for note in a.notes]
        return "\n".join(lines)


def run(graph_dir: Path, out: Path | None = None, compare: tuple[str, str] | None = None, top: int = 10,
        co_mention_weight: float = RELATED_WEIGHT, min_change: float = MIN_CHANGE) -> AnalysisRun:
    """Analyse ``graph_dir/graph.ttl`` and write tables, summary, report and charts to ``out``
    (default ``graph_dir/analysis``)."""
    kg = load_graph(Path(graph_dir))
    analysis = analyze(kg, compare, co_mention_weight, min_change)
    base = Path(graph_dir) if Path(graph_dir).is_dir() else Path(graph_dir).parent
    out = Path(out) if out else base / "analysis"
    out.mkdir(parents=True, exist_ok=True)
    files = write_tables(analysis, kg, out) + write_charts(analysis, kg, out, top)
    files += [out / "summary.json", out / "report.md"]
    write_summary(analysis, kg, files[-2], files, top)
    write_report(analysis, kg, files[-1], files, top)
    return AnalysisRun(analysis, out, files)


def centrality_basis(analysis: Analysis) -> str:
    """How the link graph was weighted, in words."""
    if analysis.co_mention_weight <= 0:
        return "centrality on typed facts (1 per evidence sentence; co-mentions left out)"
    return (f"centrality on typed facts (1 per evidence sentence) and co-mentions "
            f"({analysis.co_mention_weight:g} per sentence)")


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
        **{name: getattr(analysis.counts, name) for name in COUNTED},
        "co_mention_weight": analysis.co_mention_weight,
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
        "base": comparison.base, "target": comparison.target, "min_change": comparison.min_change,
        "new": ids(comparison.with_status(NEW)), "no_longer_mentioned": ids(comparison.with_status(GONE)),
        "gained_facts": ids(comparison.gained_facts()), "lost_facts": ids(comparison.lost_facts()),
        "more_central": ids(comparison.rising()), "less_central": ids(comparison.falling()),
        "new_facts": sum(1 for f in comparison.facts if f.status == FACT_NEW),
        "facts_no_longer_stated": sum(1 for f in comparison.facts if f.status == FACT_GONE),
    }


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
        f"{analysis.counts.line()} ({', '.join(analysis.documents)}). A fact is a typed statement read "
        f"from a sentence; a co-mention only says two names share a sentence. "
        f"{centrality_basis(analysis).capitalize()}.\n",
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

    def counted(changes: Sequence[EntityChange], field: str) -> str:
        return ", ".join(f"{c.label} ({getattr(c, field)})" for c in changes[:top]) or "_none_"

    text = (f"## {comparison.target} compared with {comparison.base}\n\n"
            "Relative PageRank within each document's own graph (1.0 = average entity); changes under "
            f"{comparison.min_change:g} are not reported.\n\n"
            f"- **New in {comparison.target}:** {names(comparison.with_status(NEW))}\n"
            f"- **No longer mentioned:** {names(comparison.with_status(GONE))}\n"
            f"- **In new facts:** {counted(comparison.gained_facts(), 'facts_gained')}\n"
            f"- **In facts no longer stated:** {counted(comparison.lost_facts(), 'facts_lost')}\n"
            f"- **More central:** {moves(comparison.rising())}\n"
            f"- **Less central:** {moves(comparison.falling())}\n\n")
    rows = [(f.status, kg.label(f.subject), kg.ontology.property_label(f.predicate), kg.label(f.object), f.sentence)
            for f in comparison.facts]
    return text + (markdown_table(["", "subject", "property", "object", "evidence"], rows[:2 * top]) if rows
                   else "No typed fact differs between the two.\n")
