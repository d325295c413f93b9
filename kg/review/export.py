"""``cikg export``: the graph in the formats other tools open.

* ``graphml`` / ``gexf`` (Gephi, Cytoscape, yEd, igraph, networkx): the entity network, one node
  per entity with its class, labels, PageRank, community and document count, one edge per fact with
  its property, confidence and evidence count; co-mentions only when asked for;
* ``jsonld``: the whole graph as JSON-LD with a ``@context`` of the ontology's prefixes;
* ``nquads``: the whole graph in the named graph ``cikg push`` uses, for a quad store;
* ``csv``: nodes and relationships with the header convention of ``neo4j-admin database import``
  (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed columns), see docs/review.md.

The network comes from the analysis read model; PageRank and the Louvain communities are those
``cikg analyze`` reports (:mod:`kg.analysis.centrality`, :mod:`kg.analysis.communities`).
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Dataset, URIRef

from ..analysis.centrality import pagerank
from ..analysis.communities import communities, louvain
from ..analysis.load import load_graph
from ..analysis.networks import fact_graph, link_graph
from ..analysis.records import KnowledgeGraph
from ..graph_file import graph_file, read_graph
from ..namespaces import ENT, PREFIXES
from ..store.push import DEFAULT_GRAPH

FORMATS = ("graphml", "gexf", "jsonld", "nquads", "csv")
EXPORT_DIR = "export"
ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
NODE_COLUMNS = {"label": "string", "class": "string", "coarse_class": "string", "pagerank": "float",
                "community": "int", "documents": "int"}
EDGE_COLUMNS = {"property": "string", "confidence": "float", "evidence": "int", "documents": "int", "weak": "boolean"}


@dataclass(frozen=True)
class Exported:
    """What ``cikg export`` wrote."""

    format: str
    paths: list[Path]
    nodes: int | None = None  # entities, for the network formats
    edges: int | None = None
    triples: int | None = None

    def summary(self) -> str:
        counts = f"{self.triples} triples" if self.triples is not None else f"{self.nodes} entities, {self.edges} links"
        return f"{self.format}: {counts} -> " + ", ".join(map(str, self.paths))


def entity_network(kg: KnowledgeGraph, co_mentions: bool = False) -> nx.MultiDiGraph:
    """The facts graph with flat attributes every format can hold (no tuples, no None).

    Nodes: ``label``, ``class``, ``coarse_class``, ``label_<lang>`` per other language (first name,
    "" when none), ``pagerank``, ``community`` (Louvain, numbered as in ``cikg analyze``),
    ``documents`` (count) and each attribute fact (``establishedIn`` …). Edges: ``property``,
    ``confidence`` (the highest of its readings), ``evidence`` (records), ``documents`` and ``weak``.
    """
    links = link_graph(kg)
    ranks = pagerank(links)
    community = {m: c.id for c in communities("louvain", louvain(links), ranks, kg) for m in c.members}
    languages = sorted({lang for e in kg.entities.values() for lang in e.labels} - {"en"})
    attribute_names = sorted({a.predicate for a in kg.attributes})
    values = {(a.subject, a.predicate): a.value for a in kg.attributes}
    graph = nx.MultiDiGraph()
    for e in kg.entities.values():
        graph.add_node(e.id, label=e.label, **{"class": e.cls}, coarse_class=e.coarse,
                       **{f"label_{lang}": (e.labels.get(lang) or ("",))[0] for lang in languages},
                       pagerank=ranks.get(e.id, 0.0), community=community.get(e.id, 0), documents=len(e.documents),
                       **{name: values.get((e.id, name), "") for name in attribute_names})
    confidence = {(f.subject, f.predicate, f.object): max((e.confidence for e in f.evidence if e.confidence is not None),
                                                          default=0.0) for f in kg.facts}
    for subject, obj, prop, data in fact_graph(kg, include_related=co_mentions).edges(keys=True, data=True):
        graph.add_edge(subject, obj, key=prop, property=prop, confidence=confidence[subject, prop, obj],
                       evidence=data["evidence"], documents=len(data["documents"]), weak=data["weak"])
    return graph


def export(path: Path, fmt: str, out: Path | None = None, co_mentions: bool = False) -> Exported:
    """Write the graph of the build folder (or graph file) ``path`` as ``fmt`` to ``out``
    (default ``DIR/export/graph.<fmt>``; for ``csv`` a folder, default ``DIR/export/neo4j``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    ttl = graph_file(path)
    folder = (Path(path) if Path(path).is_dir() else ttl.parent) / EXPORT_DIR
    target = Path(out) if out else folder / ("neo4j" if fmt == "csv" else f"graph.{fmt}")
    (target if fmt == "csv" else target.parent).mkdir(parents=True, exist_ok=True)
    if fmt in ("jsonld", "nquads"):
        rdf = read_graph(path)
        target.write_text(to_jsonld(rdf) if fmt == "jsonld" else to_nquads(rdf), encoding="utf-8")
        return Exported(fmt, [target], triples=len(rdf))
    network = entity_network(load_graph(path), co_mentions)
    if fmt == "graphml":
        nx.write_graphml(network, target)
        paths = [target]
    elif fmt == "gexf":
        nx.write_gexf(network, target)
        paths = [target]
    else:
        paths = write_neo4j_csv(network, target)
    return Exported(fmt, paths, network.number_of_nodes(), network.number_of_edges())


def to_jsonld(rdf) -> str:
    """JSON-LD compacted with a ``@context`` of the ontology's prefixes."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    return rdf.serialize(format="json-ld", context=context, indent=1, sort_keys=True)


def to_nquads(rdf) -> str:
    """N-Quads in the named graph ``cikg push`` replaces, sorted so equal graphs give equal files."""
    dataset = Dataset()
    named = dataset.graph(URIRef(DEFAULT_GRAPH))
    for triple in rdf:
        named.add(triple)
    return "".join(sorted(line + "\n" for line in dataset.serialize(format="nquads").splitlines() if line.strip()))


def write_neo4j_csv(network: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """``entities.csv`` and ``relations.csv`` with neo4j-admin import headers (docs/review.md)."""
    extra = [c for c in next(iter(network.nodes.values()), {}) if c not in NODE_COLUMNS]
    nodes, edges = folder / "entities.csv", folder / "relations.csv"
    with nodes.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id:ID", ":LABEL", "iri", *(f"{c}:{t}" for c, t in NODE_COLUMNS.items()), *extra])
        for key, data in sorted(network.nodes(data=True)):
            labels = ARRAY_DELIMITER.join(dict.fromkeys(["Entity", data["coarse_class"], data["class"]]))
            writer.writerow([key, labels, str(ENT[key]), *(data[c] for c in NODE_COLUMNS), *(data[c] for c in extra)])
    with edges.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([":START_ID", ":END_ID", ":TYPE", *(f"{c}:{t}" for c, t in EDGE_COLUMNS.items())])
        for subject, obj, prop, data in sorted(network.edges(keys=True, data=True)):
            writer.writerow([subject, obj, prop, *(json.dumps(data[c]) if t == "boolean" else data[c]
                                                  for c, t in EDGE_COLUMNS.items())])
    return [nodes, edges]
