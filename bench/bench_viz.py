"""Benchmark ``cikg viz`` on a synthetic graph: page load, layout and redraw time in headless Chromium.

    .venv/bin/python bench/bench_viz.py                  # 5,000 entities, ~10,000 links, all drawn
    .venv/bin/python bench/bench_viz.py --nodes 20000 --max-nodes 2000

Writes a synthetic ``graph.ttl`` (preferential attachment, classes and properties drawn from the
ontology, one evidence sentence per fact), renders it with :func:`kg.viz.write`, opens the page
from ``file://`` in Debian's Chromium and reads the timings the page records in
``window.cikg.timings``. Not a test: the numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import CIKG, DOC, ENT, EV
from kg.analysis.load import load_graph
from kg.viz.viz import VizOptions, render

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CLASSES = ["Ministry", "Commission", "Enterprise", "StateOwnedEnterprise", "University", "ResearchInstitute",
           "Country", "Person", "ActorGroup", "Conference", "Plan", "Fund", "Technology", "Concept", "Sector", "Indicator"]
PROPERTIES = ["funds", "supports", "promotes", "targets", "issues", "coordinates", "dependsOn", "partOf", "relatedTo"]
DOCUMENTS = ["brief-2023", "brief-2024"]


@dataclass
class Timings:
    """Seconds for each step; browser times are from navigation start."""

    load_graph: float
    render: float
    html_mb: float
    dom_content_loaded: float
    load_event: float
    network_created: float
    layout_done: float
    redraw_ms: float
    drawn_nodes: int
    drawn_edges: int


def synthetic_graph(nodes: int, links_per_node: int, seed: int) -> Graph:
    """A scale-free graph in the shape of docs/graph-model.md."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(nodes, links_per_node, seed=seed)
    graph = Graph()
    for key in DOCUMENTS:
        graph.add((DOC[key], RDF.type, CIKG.Document))
        graph.add((DOC[key], DCTERMS.title, Literal(f"Synthetic {key}", lang="en")))
    for n in shape:
        node = ENT[f"e{n}"]
        graph.add((node, RDF.type, CIKG[rng.choice(CLASSES)]))
        graph.add((node, RDFS.label, Literal(f"Entity {n}", lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(f"实体 {n}", lang="zh")))
        for key in rng.sample(DOCUMENTS, rng.randint(1, 2)):
            graph.add((node, CIKG.mentionedIn, DOC[key]))
    for number, (a, b) in enumerate(shape.edges()):
        subject, predicate, obj = ENT[f"e{a}"], CIKG[rng.choice(PROPERTIES)], ENT[f"e{b}"]
        graph.add((subject, predicate, obj))
        evidence = EV[f"x{number}"]
        for p, o in ((RDF.type, CIKG.Evidence), (RDF.subject, subject), (RDF.predicate, predicate), (RDF.object, obj),
                     (PROV.wasDerivedFrom, DOC[rng.choice(DOCUMENTS)]),
                     (CIKG.sentence, Literal(f"Entity {a} and entity {b} appear in sentence {number}.", lang="en")),
                     (CIKG.startOffset, Literal(number * 80)), (CIKG.endOffset, Literal(number * 80 + 60)),
                     (CIKG.rule, Literal("svo")), (CIKG.confidence, Literal("0.80", datatype=XSD.decimal))):
            graph.add((evidence, p, o))
    return graph


NAVIGATION = """() => {
  const nav = performance.getEntriesByType("navigation")[0], t = window.cikg.timings, net = window.cikg.network;
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) { net.moveTo({scale: 0.5 + i * 0.1, animation: false}); net.redraw(); }
  return {dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, created: t.created, stabilized: t.stabilized,
          redraw: (performance.now() - t0) / 5, nodes: window.cikg.nodeCount(), edges: window.cikg.edgeCount()};
}"""


def measure_page(path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, bypass_csp=True)
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.cikg && window.cikg.isReady()", timeout=600_000, polling=100)
        result = page.evaluate(NAVIGATION)
        browser.close()
    return result


def bench(nodes: int, links_per_node: int, max_nodes: int, seed: int, folder: Path) -> Timings:
    synthetic_graph(nodes, links_per_node, seed).serialize(folder / "graph.ttl", format="turtle")
    started = time.perf_counter()
    kg = load_graph(folder)
    loaded = time.perf_counter()
    page = render(kg, VizOptions(max_nodes=max_nodes))
    rendered = time.perf_counter()
    path = folder / "graph.html"
    path.write_text(page.html, encoding="utf-8")
    browser = measure_page(path)
    return Timings(loaded - started, rendered - loaded, len(page.html.encode()) / 1e6, browser["dcl"] / 1e3,
                   browser["load"] / 1e3, browser["created"] / 1e3, browser["stabilized"] / 1e3,
                   browser["redraw"], browser["nodes"], browser["edges"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--links-per-node", type=int, default=2, help="preferential attachment links per new node")
    parser.add_argument("--max-nodes", type=int, help="cikg viz --max-nodes (default: --nodes, i.e. draw all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cikg-bench-") as tmp:
        t = bench(args.nodes, args.links_per_node, args.max_nodes or args.nodes, args.seed, Path(tmp))
    print(f"synthetic graph: {args.nodes:,} entities; drawn: {t.drawn_nodes:,} nodes, {t.drawn_edges:,} links")
    print(f"load graph.ttl (rdflib)      {t.load_graph:7.2f} s")
    print(f"render page (pyvis)          {t.render:7.2f} s   ({t.html_mb:.1f} MB of HTML)")
    print(f"DOMContentLoaded             {t.dom_content_loaded:7.2f} s   (from navigation start)")
    print(f"load event                   {t.load_event:7.2f} s")
    print(f"vis network created          {t.network_created:7.2f} s")
    print(f"layout stabilised, physics off {t.layout_done:5.2f} s")
    print(f"redraw after layout          {t.redraw_ms:7.1f} ms per frame")


if __name__ == "__main__":
    main()
