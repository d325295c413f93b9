"""Tiny hand-made graphs and gold files for the kg.evaluate tests, written as docs/graph-model.md says."""
from __future__ import annotations

import hashlib
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extract.knowledge import load_class_tree
from kg.evaluate import EvalReport, evaluate, open_graph
from kg.namespaces import CIKG, DOC, ENT, EV

ONTOLOGY = """
@prefix cikg: <https://w3id.org/cikg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
cikg:Actor a owl:Class .
cikg:GovernmentBody a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Ministry a owl:Class ; rdfs:subClassOf cikg:GovernmentBody .
cikg:Enterprise a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Country a owl:Class ; rdfs:subClassOf cikg:Actor .
cikg:Concept a owl:Class .
cikg:Technology a owl:Class ; rdfs:subClassOf cikg:Concept .
cikg:Policy a owl:Class .
cikg:Fund a owl:Class ; rdfs:subClassOf cikg:Policy .
cikg:Event a owl:Class .
cikg:Sector a owl:Class .
cikg:Document a owl:Class .
"""

D1, D2 = DOC["d1"], DOC["d2"]


def class_tree(folder: Path) -> dict[str, str]:
    """The class tree of the small test ontology, through the project's one loader."""
    path = folder / "test-ontology.ttl"
    path.write_text(ONTOLOGY, encoding="utf-8")
    return load_class_tree(path)


def write_gold(folder: Path, text: str, name: str = "gold.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def new_graph(*docs: URIRef) -> rdflib.Graph:
    """Document nodes whose source files are ``d1.txt``, ``d2.txt`` ..."""
    g = rdflib.Graph()
    for d in docs:
        g.add((d, RDF.type, CIKG.Document))
        g.add((d, CIKG.sourceFile, Literal(f"corpus/{str(d).rsplit('/', 1)[1]}.txt")))
    return g


def fact(g: rdflib.Graph, s, p, o, doc=D1, rule: str = "svo", confidence: float | None = None) -> None:
    """A direct triple plus one evidence record."""
    g.add((s, p, o))
    ev = EV[hashlib.sha1(f"{s}{p}{o}{doc}{rule}".encode()).hexdigest()[:12]]
    g.add((ev, RDF.type, CIKG.Evidence))
    g.add((ev, RDF.subject, s))
    g.add((ev, RDF.predicate, p))
    g.add((ev, RDF.object, o))
    g.add((ev, PROV.wasDerivedFrom, doc))
    g.add((ev, CIKG.sentence, Literal(f"{rule}: a sentence.", lang="en")))
    g.add((ev, CIKG.rule, Literal(rule)))
    if confidence is not None:
        g.add((ev, CIKG.confidence, Literal(confidence, datatype=XSD.decimal)))


def entity(g: rdflib.Graph, key: str, cls, label: str, docs=(D1,), **labels) -> URIRef:
    node = ENT[key]
    g.add((node, RDF.type, cls))
    g.add((node, RDFS.label, Literal(label, lang="en")))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    for lang, text in labels.items():
        g.add((node, SKOS.altLabel, Literal(text, lang=lang.replace("_", "-"))))
    for d in docs:
        fact(g, node, CIKG.mentionedIn, d, doc=d, rule="gazetteer")
    return node


def mention(g: rdflib.Graph, node: URIRef, doc: URIRef, language: str) -> None:
    """A mention whose evidence carries a language."""
    ev = EV[f"mention-{language}-{hashlib.sha1(str(node).encode()).hexdigest()[:8]}"]
    g.add((node, CIKG.mentionedIn, doc))
    for p, o in ((RDF.type, CIKG.Evidence), (RDF.subject, node), (RDF.predicate, CIKG.mentionedIn),
                 (RDF.object, doc), (PROV.wasDerivedFrom, doc), (DCTERMS.language, Literal(language))):
        g.add((ev, p, o))


def observation(g: rdflib.Graph, key: str, subject: URIRef, value: float, unit: str, year: int | None,
                doc=D1) -> None:
    node = URIRef(f"https://w3id.org/cikg/id/observation/{key}")
    ev = EV[f"obs-{key}"]
    g.add((node, RDF.type, CIKG.Observation))
    g.add((node, CIKG.observedEntity, subject))
    g.add((node, CIKG.value, Literal(str(value), datatype=XSD.decimal)))
    g.add((node, CIKG.unit, Literal(unit)))
    if year is not None:
        g.add((node, CIKG.year, Literal(str(year), datatype=XSD.gYear)))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((node, CIKG.evidence, ev))
    g.add((ev, CIKG.sentence, Literal(f"The figure {key}.", lang="en")))


def remove_node(g: rdflib.Graph, node) -> None:
    g.remove((node, None, None))
    g.remove((None, None, node))


def run(folder: Path, g: rdflib.Graph, gold: Path) -> EvalReport:
    """Write ``g`` as a build folder and score it with the test ontology's class tree."""
    out = folder / "build"
    out.mkdir(exist_ok=True)
    g.serialize(out / "graph.ttl", format="turtle")
    return evaluate(open_graph(out, class_tree(folder)), gold)


def relation(report: EvalReport, s: str, o: str):
    (r,) = [r for r in report.relations.results if r.s == s and r.o == o]
    return r
