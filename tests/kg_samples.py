"""Small graphs in the shape of docs/graph-model.md, written with rdflib, for the network tests.

``policy_world`` is a hand-made graph whose centrality, communities and 2023/2024 differences can
be worked out on paper. The real graph of the two bundled briefs is the ``bundled_dir`` fixture (conftest.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.namespaces import CIKG, DOC, ENT, EV, PREFIXES

DOCUMENTS = {"brief-2023": "China's innovation in 2023", "brief-2024": "China's innovation in 2024"}


@dataclass(frozen=True)
class E:
    """An entity: key, class, English label, documents, other labels per language."""

    key: str
    cls: str
    label: str
    docs: tuple[str, ...] = ("brief-2023",)
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    alt: tuple[str, ...] = ()


@dataclass(frozen=True)
class F:
    """A fact or literal attribute with one evidence sentence in one document."""

    s: str
    p: str
    o: str
    doc: str = "brief-2023"
    sentence: str = ""
    literal: bool = False


def _evidence(graph: Graph, subject, predicate, obj, doc: str, sentence: str, start: int, rule: str) -> None:
    node = EV[hashlib.sha256(f"{subject}{predicate}{obj}{doc}{start}{rule}".encode()).hexdigest()[:20]]
    graph.add((node, RDF.type, CIKG.Evidence))
    graph.add((node, RDF.subject, subject))
    graph.add((node, RDF.predicate, predicate))
    graph.add((node, RDF.object, obj))
    graph.add((node, PROV.wasDerivedFrom, DOC[doc]))
    graph.add((node, CIKG.sentence, Literal(sentence, lang="en")))
    graph.add((node, CIKG.startOffset, Literal(start)))
    graph.add((node, CIKG.endOffset, Literal(start + len(sentence))))
    graph.add((node, CIKG.rule, Literal(rule)))
    graph.add((node, CIKG.confidence, Literal("0.80", datatype=XSD.decimal)))


def graph_of(entities: list[E], facts: list[F], documents: dict[str, str] = DOCUMENTS) -> Graph:
    """The RDF of the entities and facts; every fact's sentence also mentions both its ends."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for key, title in documents.items():
        graph.add((DOC[key], RDF.type, CIKG.Document))
        graph.add((DOC[key], DCTERMS.title, Literal(title, lang="en")))
    for e in entities:
        node = ENT[e.key]
        graph.add((node, RDF.type, CIKG[e.cls]))
        graph.add((node, RDFS.label, Literal(e.label, lang="en")))
        graph.add((node, SKOS.prefLabel, Literal(e.label, lang="en")))
        for lang, labels in e.labels.items():
            for label in labels:
                graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
        for label in e.alt:
            graph.add((node, SKOS.altLabel, Literal(label, lang="en")))
        for doc in e.docs:
            graph.add((node, CIKG.mentionedIn, DOC[doc]))
            _evidence(graph, node, CIKG.mentionedIn, DOC[doc], doc, f"{e.label} is named here.", 10_000 + len(e.key), "gazetteer")
    for number, f in enumerate(facts):
        start = 100 * number
        subject, predicate = ENT[f.s], CIKG[f.p]
        obj = Literal(f.o) if f.literal else ENT[f.o]
        sentence = f.sentence or f"Sentence {number} says that {f.s} {f.p} {f.o}."
        graph.add((subject, predicate, obj))
        _evidence(graph, subject, predicate, obj, f.doc, sentence, start, "co-mention" if f.p == "relatedTo" else "svo")
        for end in [subject] if f.literal else [subject, obj]:
            _evidence(graph, end, CIKG.mentionedIn, DOC[f.doc], f.doc, sentence, start, "gazetteer")
    return graph


def write_graph(folder: Path, entities: list[E], facts: list[F], documents: dict[str, str] = DOCUMENTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    graph_of(entities, facts, documents).serialize(folder / "graph.ttl", format="turtle")
    return folder


POLICY_ENTITIES = [
    E("most", "Ministry", "Ministry of Science and Technology", ("brief-2023", "brief-2024"),
      {"zh": ("科学技术部",), "fr": ("ministère de la Science et de la Technologie",)}, ("MOST",)),
    E("cas", "Academy", "Chinese Academy of Sciences"),
    E("byd", "Enterprise", "BYD Company", ("brief-2023", "brief-2024"), {"zh": ("比亚迪",)}, ("BYD",)),
    E("huawei", "Enterprise", "Huawei", ("brief-2024",), {"zh": ("华为",)}),
    E("ai", "Technology", "artificial intelligence", ("brief-2023", "brief-2024")),
    E("ev", "Sector", "electric vehicles"),
    E("big_fund", "Fund", "Big Fund", ("brief-2024",)),
    E("alone", "Person", "Someone Alone"),
]
POLICY_FACTS = [
    F("most", "funds", "cas", sentence="MOST funds the Chinese Academy of Sciences."),
    F("most", "supports", "byd", sentence="MOST supports BYD."),
    F("most", "supports", "byd", "brief-2024", "In 2024 MOST still supports BYD."),
    F("byd", "investsIn", "ev"),
    F("cas", "relatedTo", "ai"),
    F("huawei", "dependsOn", "ai", "brief-2024", "Huawei depends on artificial intelligence."),
    F("most", "issues", "big_fund", "brief-2024"),
    F("big_fund", "targets", "ai", "brief-2024"),
    F("byd", "status", "global market leaders", sentence="Firms like BYD are global market leaders.", literal=True),
]


def policy_world(folder: Path) -> Path:
    """Eight entities, two briefs: MOST funds and supports; Huawei, the Big Fund and AI are new in 2024."""
    return write_graph(folder, POLICY_ENTITIES, POLICY_FACTS)

