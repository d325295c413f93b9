"""``cikg viz``: the graph as one self-contained, offline HTML page (pyvis + vis-network).

pyvis builds the node and edge records and renders our own template (``kg/viz/templates``), not its
default one, which loads Bootstrap and vis-network from CDNs. vis-network's JavaScript is inlined
from the copy pyvis ships, and a Content-Security-Policy forbids every request, so the page works
from a USB stick. All text from the graph reaches the page as JSON and is put on screen with
``textContent`` only, so a label such as ``<img src=x onerror=...>`` shows as text.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import textwrap
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network

from ..analysis.centrality import pagerank
from ..analysis.load import load_graph
from ..analysis.networks import RELATED_WEIGHT, link_graph
from ..analysis.records import Fact, KnowledgeGraph
from .payload import link_details, page_payload
from .style import FACT_EDGE_COLOR, RELATED_EDGE_COLOR, style_for

# Above this many entities the page shows the most central ones and says so: vis-network
# stays responsive up to a few thousand nodes in a plain browser (see bench/bench_viz.py).
DEFAULT_MAX_NODES = 2000
# Above this many links, edge labels are left off the canvas (the side panel still names them).
EDGE_LABEL_LIMIT = 1500
TEMPLATE = "graph.html"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"


@dataclass(frozen=True)
class VizOptions:
    """What to draw: the whole graph (up to ``max_nodes``) or the ego network of ``focus``."""

    focus: str | None = None
    depth: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    related: bool = True  # put the weak co-mention links on the page (shown at first only when there is no fact)


@dataclass
class Page:
    """A rendered page and what it shows."""

    html: str
    title: str
    nodes: list[str]
    edges: int
    total_nodes: int
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # of what is drawn, as kg.analysis.counts defines them

    def summary(self, path: Path) -> str:
        c = self.counts
        lines = [f"wrote {path}: {len(self.nodes)} of {self.total_nodes} entities, {c.get('facts', 0)} facts "
                 f"({c.get('relations', 0)} between entities), {c.get('coMentions', 0)} co-mentions ({self.title})"]
        return "\n".join(lines + [f"note: {note}" for note in self.notes])


# --- choosing what to draw ------------------------------------------------------------------


def select_nodes(kg: KnowledgeGraph, ranks: dict[str, float], options: VizOptions) -> tuple[list[str], str, list[str]]:
    """The entity ids to draw, the page title and the notes that explain any selection."""
    notes: list[str] = []
    if options.depth < 0:
        raise ValueError(f"--depth must be 0 or more, not {options.depth}")
    if options.max_nodes < 1:
        raise ValueError(f"--max-nodes must be 1 or more, not {options.max_nodes}")
    if options.focus is not None:
        centre = kg.resolve(options.focus)
        neighbourhood = link_graph(kg, 1.0 if options.related else RELATED_WEIGHT)
        ids = list(nx.ego_graph(neighbourhood, centre.id, radius=options.depth))
        title = f"Ego network of {centre.label} (depth {options.depth})"
        notes.append(f"Showing {len(ids)} of {len(kg.entities)} entities: {centre.label} and everything "
                     f"within {options.depth} link{'s' if options.depth != 1 else ''} of it.")
    else:
        ids = list(kg.entities)
        title = "Knowledge graph of " + ", ".join(kg.documents) if kg.documents else "Knowledge graph"
    if len(ids) > options.max_nodes:
        notes.append(f"Showing the {options.max_nodes:,} most central of {len(ids):,} entities (by PageRank); "
                     "use --focus NAME for the neighbourhood of one entity, or --max-nodes to show more.")
        ids = sorted(ids, key=lambda i: (-ranks[i], i))[:options.max_nodes]
    shown = set(ids)
    if not any(f.subject in shown and f.object in shown for f in kg.facts):
        notes.append("No links between the entities shown: the graph has no facts or co-mentions among them.")
    return sorted(ids, key=lambda i: (-ranks[i], i)), title, notes


# --- the network ----------------------------------------------------------------------------


def _node_size(rank: float, top: float) -> float:
    return round(10 + 30 * math.sqrt(rank / top), 2) if top > 0 else 10.0


def _wrapped(label: str, width: int = 24, lines: int = 3) -> str:
    """A name on a few short lines for the canvas (the tooltip and the panel show it whole)."""
    rows = textwrap.wrap(label, width) or [label]
    return "\n".join(rows[:lines]) + ("…" if len(rows) > lines else "")


def vis_options(nodes: int, edges: int) -> dict[str, object]:
    """vis-network settings: a physics layout that stabilises, then stops (see graph.js).

    Large graphs get fewer iterations and a coarser Barnes-Hut approximation (theta 1.0, no
    overlap avoidance), which cuts the layout of 5,000 nodes from ~17 s to ~6 s (bench/bench_viz.py).
    """
    large = nodes > 1000
    iterations = 1000 if nodes <= 300 else 400 if nodes <= 1500 else 200
    return {
        "autoResize": True,
        "layout": {"improvedLayout": nodes <= 150, "randomSeed": 7},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01, "springLength": 110,
                                 "springConstant": 0.06, "damping": 0.5, "avoidOverlap": 0 if large else 0.3,
                                 "theta": 1.0 if large else 0.5},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 10 if large else 25, "fit": True},
            "minVelocity": 1.0,
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": edges > 2000,
                        "hideEdgesOnZoom": edges > 5000, "navigationButtons": False, "keyboard": False},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 3, "hoverWidth": 2,
                  "font": {"size": 12, "align": "middle", "color": "#333333", "strokeWidth": 4,
                           "strokeColor": "#ffffff"}},
    }


def build_network(kg: KnowledgeGraph, ids: list[str], ranks: dict[str, float],
                  related: bool) -> tuple[Network, dict[str, object], list[Fact]]:
    """The pyvis network of the chosen entities, the links' details keyed by edge id, and the facts drawn.

    Typed facts come first; co-mentions start hidden when there is any fact, one click away.
    """
    shown = set(ids)
    top = max((ranks[i] for i in ids), default=0.0)
    net = Network(directed=True, height="100%", width="100%")
    for key in ids:
        entity = kg.entities[key]
        style = style_for(entity.coarse)
        net.add_node(key, label=_wrapped(entity.label), shape=style.shape, size=_node_size(ranks[key], top),
                     color={"background": style.color, "border": "#333333",
                            "highlight": {"background": style.color, "border": "#000000"},
                            "hover": {"background": style.color, "border": "#000000"}},
                     cls=entity.coarse, docs=list(entity.documents))
    facts = sorted((f for f in kg.facts if f.subject in shown and f.object in shown and (related or not f.weak)),
                   key=lambda f: f.weak)
    hide_weak = any(not f.weak for f in facts)
    labelled = len(facts) <= EDGE_LABEL_LIMIT
    parallel = Counter(frozenset((f.subject, f.object)) for f in facts)
    seen: dict[frozenset[str], int] = defaultdict(int)
    links: dict[str, object] = {}
    for number, fact in enumerate(facts, start=1):
        edge_id = f"e{number}"
        pair = frozenset((fact.subject, fact.object))
        seen[pair] += 1
        extra = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15 * seen[pair]}} if parallel[pair] > 1 else {}
        color = RELATED_EDGE_COLOR if fact.weak else FACT_EDGE_COLOR
        net.add_edge(fact.subject, fact.object, id=edge_id,
                     label=kg.ontology.property_label(fact.predicate) if labelled and not fact.weak else "",
                     arrows="" if fact.weak else "to", dashes=fact.weak, weak=fact.weak, property=fact.predicate,
                     confidence=fact.confidence, hidden=fact.weak and hide_weak,
                     width=1 + math.log2(max(fact.sentences, 1)), docs=list(fact.documents),
                     color={"color": color, "highlight": "#000000", "hover": "#000000"}, **extra)
        links[edge_id] = link_details(kg, fact)
    net.set_options(json.dumps(vis_options(len(ids), len(facts))))
    return net, links, facts


# --- rendering ------------------------------------------------------------------------------


def _asset(name: str) -> str:
    text = (resources.files("kg.viz.templates") / name).read_text(encoding="utf-8")
    return _script_safe(text)


def vis_script() -> str:
    """vis-network's standalone build, without the source-map comment (no request for a .map)."""
    return _script_safe(re.sub(r"//# sourceMappingURL=\S+\s*$", "", VIS_JS.read_text(encoding="utf-8")))


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that lets exactly this inline script run, and no other."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _script_safe(text: str) -> str:
    """Refuse code that would end its inline <script> or <style> element early."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError("an inlined asset contains a closing </script> or </style> tag")
    return text


def render(kg: KnowledgeGraph, options: VizOptions = VizOptions()) -> Page:
    """The page for ``kg``; raises ``UnknownEntityError`` for a ``focus`` no entity is named.

    The page embeds the documents' text kept beside ``kg.source``, the very graph file it was loaded
    from (a generation's, resolved once), so every evidence offset indexes the text it shows.
    """
    ranks = pagerank(link_graph(kg))
    ids, title, notes = select_nodes(kg, ranks, options)
    net, links, facts = build_network(kg, ids, ranks, options.related)
    payload = page_payload(kg, ids, ranks, links, facts, title, notes)
    template_dir = resources.files("kg.viz.templates")
    net.set_template_dir(str(template_dir), TEMPLATE)
    net.templateEnv.autoescape = True
    net.templateEnv.globals.update(
        page_title=title,
        payload=payload,
        app_css=_asset("graph.css"),
        app_js=_asset("graph.js"),
        vis_js=vis_script(),
    )
    net.templateEnv.filters["csp_hash"] = csp_hash
    return Page(net.generate_html(), title, ids, len(links), len(kg.entities), notes, payload["counts"])


def default_output(graph_dir: Path, options: VizOptions) -> Path:
    """``DIR/graph.html``, or ``DIR/graph-<entity>.html`` for an ego network, so both can coexist."""
    folder = graph_dir if graph_dir.is_dir() else graph_dir.parent
    if options.focus is None:
        return folder / "graph.html"
    return folder / f"graph-{re.sub(r'[^A-Za-z0-9_-]+', '_', options.focus).strip('_') or 'focus'}.html"


def write(graph_dir: Path, out: Path | None = None, options: VizOptions = VizOptions()) -> tuple[Page, Path]:
    """Render ``graph_dir/graph.ttl`` and write the page (default :func:`default_output`)."""
    kg = load_graph(Path(graph_dir))
    page = render(kg, options)
    path = Path(out) if out else default_output(Path(graph_dir), options)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page.html, encoding="utf-8")
    return page, path


def iframe(html: str, height: int = 720) -> str:
    """The page inside an ``<iframe srcdoc>``, to show it in a notebook without a server.

    (IPython's ``IFrame`` needs a URL; a page served by Jupyter would not work in an exported notebook.)
    """
    return (f'<div class="cikg-graph"><iframe srcdoc="{escape(html, quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe></div>')
