"""The analysis charts as matplotlib figures: the only module of cikg that draws with matplotlib."""
from __future__ import annotations

import textwrap
import unicodedata
from functools import lru_cache
from pathlib import Path

import networkx as nx
from matplotlib import colormaps, font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..viz.style import legend, style_for
from .analyze import Analysis
from .centrality import SEED
from .networks import actor_concept_graph, link_graph
from .records import ACTOR, KnowledgeGraph

CHART_NODE_LIMIT = 150  # the community chart draws at most this many entities (the most central)
LABELLED_LIMIT = 60  # ... and names at most this many, every member of a community first
LABEL_WIDTH = 24  # characters per line of a name on a chart
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "SimHei")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """An installed font that draws Chinese, if any (matplotlib's default does not)."""
    for family in CJK_FONTS:
        try:
            font_manager.findfont(family, fallback_to_default=False)
            return family
        except ValueError:
            continue
    return None


def chart_label(kg: KnowledgeGraph, key: str) -> str:
    """An entity's name wrapped to short lines; a Chinese-only name falls back to its id without a CJK font."""
    label = kg.label(key)
    if cjk_font() is None and any(unicodedata.east_asian_width(c) in "WF" for c in label):
        label = key.replace("_", " ")
    return textwrap.fill(label, LABEL_WIDTH)


def class_handles(classes: set[str], coloured: bool = True) -> list[Line2D]:
    """Legend entries for the shapes (and colours) of ``classes``."""
    styles = legend(classes)
    if not coloured:  # one entry per shape: every kind of actor is a dot
        by_marker = {style.marker: style for style in reversed(styles)}
        styles = [by_marker[m] for m in dict.fromkeys(s.marker for s in styles)]
    return [Line2D([], [], marker=style.marker, linestyle="", color=style.color if coloured else "#dddddd",
                   markeredgecolor="#333333", label=style.label if coloured or style.marker != "o" else "actor")
            for style in styles]


def write_charts(analysis: Analysis, kg: KnowledgeGraph, out: Path, top: int = 15) -> list[Path]:
    fonts = {"font.family": ["DejaVu Sans", cjk_font()]} if cjk_font() else {}
    with rc_context(fonts):
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
    ax.barh([chart_label(kg, s.id) for s in rows], [s.pagerank for s in rows],
            color=[style_for(s.coarse).color for s in rows])
    ax.set_xlabel("PageRank on typed facts" + (" and co-mentions" if analysis.co_mention_weight > 0 else ""))
    ax.set_title(f"Most central actors ({len(rows)} of {sum(1 for s in analysis.scores if s.kind == ACTOR)})")
    handles = [Patch(color=style.color, label=style.label) for style in legend({s.coarse for s in rows})]
    if handles:
        ax.legend(handles=handles, title="kind of actor", loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return figure


def plot_communities(analysis: Analysis, kg: KnowledgeGraph, limit: int = CHART_NODE_LIMIT) -> Figure:
    """The most central entities, placed by a spring layout and coloured by Louvain community."""
    keep = [s.id for s in analysis.scores if s.degree > 0][:limit]
    graph = link_graph(kg, analysis.co_mention_weight).subgraph(keep)
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
    grouped = [n for n in keep if community_of[n].size > 1]
    labelled = (grouped + [n for n in keep if n not in set(grouped)])[:LABELLED_LIMIT]
    nx.draw_networkx_labels(graph, pos, {n: chart_label(kg, n) for n in labelled}, ax=ax, font_size=7,
                            verticalalignment="top",
                            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.7})
    handles = [Line2D([], [], marker="o", linestyle="", color=color[cid], label=f"{cid}: {chart_label(kg, c.members[0])} ({c.size})".replace("\n", " "))
               for c in analysis.louvain for cid in [c.id] if cid in color and c.size > 1][:12]
    if handles:
        ax.legend(handles=handles, title="colour: community, its most central member (size)", fontsize=8,
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    figure.legend(handles=class_handles({kg.entities[n].coarse for n in graph}, coloured=False), title="shape: class",
                  fontsize=8, loc="lower left", bbox_to_anchor=(0.9, 0.1), frameon=False)
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
        ax.annotate(chart_label(kg, node), pos[node], xytext=(-8 if pos[node][0] == 0 else 8, 0), textcoords="offset points",
                    ha="right" if pos[node][0] == 0 else "left", va="center", fontsize=8)
    ax.set_xlim(-0.9, 1.9)
    ax.legend(handles=class_handles({kg.entities[n].coarse for n in graph}), title="class", fontsize=8,
              loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title("Actors and the concepts, sectors and policies they are linked to (line width = sentences)")
    ax.set_axis_off()
    return figure
