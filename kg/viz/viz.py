"""``cikg viz``: the graph as one self-contained, offline HTML page (pyvis + vis-network).

pyvis builds the node and edge records and renders our own template (``kg/viz/templates``), not its
default one, which loads Bootstrap and vis-network from CDNs. vis-network's JavaScript is inlined
from the copy pyvis ships, and a Content-Security-Policy forbids every request, so the page works
from a USB stick. All text from the graph reaches the page as JSON and is put on screen with
``textContent`` only, so a label such as ``<img src=x onerror=...>`` shows as text.
"""
from __future__ import annotations

import json
import math
import re
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
from ..analysis.networks import link_graph
from ..analysis.records import Attribute, Entity, Evidence, Fact, KnowledgeGraph
from .style import FACT_EDGE_COLOR, RELATED_EDGE_COLOR, legend, style_for

# Above this many entities the page shows the most central ones and says so: vis-network
# stays responsive up to a few thousand nodes in a plain browser (see bench/bench_viz.py).
DEFAULT_MAX_NODES = 2000
# Above this many links, edge labels are left off the canvas (the side panel still names them).
EDGE_LABEL_LIMIT = 1500
MENTIONS_SHOWN = 5
TEMPLATE = "graph.html"
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"


@dataclass(frozen=True)
class VizOptions:
    """What to draw: the whole graph (up to ``max_nodes``) or the ego network of ``focus``."""

    focus: str | None = None
    depth: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    related: bool = True  # draw the weak co-mention links (they can still be hidden on the page)


@dataclass
class Page:
    """A rendered page and what it shows."""

    html: str
    title: str
    nodes: list[str]
    edges: int
    total_nodes: int
    notes: list[str] = field(default_factory=list)

    def summary(self, path: Path) -> str:
        lines = [f"wrote {path}: {len(self.nodes)} of {self.total_nodes} entities, {self.edges} links ({self.title})"]
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
        ids = list(nx.ego_graph(link_graph(kg), centre.id, radius=options.depth))
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


# --- page model -----------------------------------------------------------------------------


def _evidence(evidence: Evidence) -> dict[str, object]:
    return {"sentence": evidence.sentence, "document": evidence.document, "rule": evidence.rule,
            "confidence": evidence.confidence}


def _entity_details(kg: KnowledgeGraph, entity: Entity, rank: float, attributes: list[Attribute]) -> dict[str, object]:
    return {
        "label": entity.label,
        "cls": entity.cls,
        "classLabel": kg.ontology.class_label(entity.cls),
        "coarse": entity.coarse,
        "labels": [[lang, list(names)] for lang, names in entity.labels.items()],  # pairs: JSON keys get sorted
        "documents": list(entity.documents),
        "attributes": [{"property": kg.ontology.property_label(a.predicate), "value": a.value,
                        "evidence": [_evidence(e) for e in a.evidence]} for a in attributes],
        "mentions": [_evidence(e) for e in entity.mentions[:MENTIONS_SHOWN]],
        "mentionCount": len(entity.mentions),
        "pagerank": rank,
    }


def _link_details(kg: KnowledgeGraph, fact: Fact) -> dict[str, object]:
    return {"from": fact.subject, "to": fact.object, "property": fact.predicate,
            "propertyLabel": kg.ontology.property_label(fact.predicate), "weak": fact.weak,
            "evidence": [_evidence(e) for e in fact.evidence]}


def _node_size(rank: float, top: float) -> float:
    return round(10 + 30 * math.sqrt(rank / top), 2) if top > 0 else 10.0


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


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
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
                  "font": {"size": 10, "align": "middle", "color": "#444444", "strokeWidth": 3}},
    }


def build_network(kg: KnowledgeGraph, ids: list[str], ranks: dict[str, float],
                  related: bool) -> tuple[Network, dict[str, object]]:
    """The pyvis network of the chosen entities, and the links' details keyed by edge id."""
    shown = set(ids)
    top = max((ranks[i] for i in ids), default=0.0)
    net = Network(directed=True, height="100%", width="100%")
    for key in ids:
        entity = kg.entities[key]
        style = style_for(entity.coarse)
        net.add_node(key, label=_short(entity.label), shape=style.shape, size=_node_size(ranks[key], top),
                     color={"background": style.color, "border": "#333333",
                            "highlight": {"background": style.color, "border": "#000000"},
                            "hover": {"background": style.color, "border": "#000000"}},
                     cls=entity.coarse, docs=list(entity.documents))
    facts = [f for f in kg.facts if f.subject in shown and f.object in shown and (related or not f.weak)]
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
                     arrows="" if fact.weak else "to", dashes=fact.weak, weak=fact.weak,
                     width=1 + math.log2(max(len(fact.evidence), 1)), docs=list(fact.documents),
                     color={"color": color, "highlight": "#000000", "hover": "#000000"}, **extra)
        links[edge_id] = _link_details(kg, fact)
    net.set_options(json.dumps(vis_options(len(ids), len(facts))))
    return net, links


def page_payload(kg: KnowledgeGraph, ids: list[str], ranks: dict[str, float], links: dict[str, object],
                 title: str, notes: list[str]) -> dict[str, object]:
    """Everything the page script reads: titles, legend, documents, and each node's and link's details."""
    counts = Counter(kg.entities[i].coarse for i in ids)
    attributes: dict[str, list[Attribute]] = defaultdict(list)
    for attribute in kg.attributes:
        attributes[attribute.subject].append(attribute)
    return {
        "title": title,
        "notes": notes,
        "totalEntities": len(kg.entities),
        "documents": _documents(kg, ids),
        "classes": [{"cls": s.cls, "label": s.label, "color": s.color, "shape": s.shape, "count": counts[s.cls]}
                    for s in legend(set(counts))],
        "entities": {i: _entity_details(kg, kg.entities[i], ranks[i], attributes[i]) for i in ids},
        "links": links,
    }


def _documents(kg: KnowledgeGraph, ids: list[str]) -> list[dict[str, object]]:
    """The documents to filter by: those described in the graph and any other an entity cites."""
    cited = {d for i in ids for d in kg.entities[i].documents}
    return [{"id": key, "title": kg.documents[key].title if key in kg.documents else key,
             "issued": kg.documents[key].issued if key in kg.documents else None}
            for key in sorted(cited | set(kg.documents))]


# --- rendering ------------------------------------------------------------------------------


def _asset(name: str) -> str:
    text = (resources.files("kg.viz.templates") / name).read_text(encoding="utf-8")
    return _script_safe(text)


def vis_script() -> str:
    """vis-network's standalone build, without the source-map comment (no request for a .map)."""
    return _script_safe(re.sub(r"//# sourceMappingURL=\S+\s*$", "", VIS_JS.read_text(encoding="utf-8")))


def _script_safe(text: str) -> str:
    """Refuse code that would end its inline <script> or <style> element early."""
    if re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError("an inlined asset contains a closing </script> or </style> tag")
    return text


def render(kg: KnowledgeGraph, options: VizOptions = VizOptions()) -> Page:
    """The page for ``kg``; raises ``UnknownEntityError`` for a ``focus`` no entity is named."""
    ranks = pagerank(link_graph(kg))
    ids, title, notes = select_nodes(kg, ranks, options)
    net, links = build_network(kg, ids, ranks, options.related)
    template_dir = resources.files("kg.viz.templates")
    net.set_template_dir(str(template_dir), TEMPLATE)
    net.templateEnv.autoescape = True
    net.templateEnv.globals.update(
        page_title=title,
        payload=page_payload(kg, ids, ranks, links, title, notes),
        app_css=_asset("graph.css"),
        app_js=_asset("graph.js"),
        vis_js=vis_script(),
    )
    return Page(net.generate_html(), title, ids, len(links), len(kg.entities), notes)


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
