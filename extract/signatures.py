"""Which kinds of entity each property may link, read from the ontology's rdfs:domain and
rdfs:range, so a fact read the wrong way round ("China sanctions the US-led export controls") is
turned round or dropped rather than asserted."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS

from ontology import ONTOLOGY_TTL

from .knowledge import ACTOR_CLASSES, load_class_tree

CIKG = "https://w3id.org/cikg/ontology#"


@dataclass(frozen=True)
class Signature:
    """The top classes a property's subject and object may have; None means any."""

    domain: frozenset[str] | None
    range: frozenset[str] | None

    def admits(self, subject_class: str, object_class: str | None) -> bool:
        """Whether a fact from an entity of ``subject_class`` to one of ``object_class`` (None for a
        literal) fits; classes are top classes (``GovernmentBody``, ``Policy`` …)."""
        if self.domain is not None and subject_class not in self.domain:
            return False
        return object_class is None or self.range is None or object_class in self.range


def _top_classes(graph: Graph, node: URIRef) -> frozenset[str]:
    """A class or an owl:unionOf of classes, as top classes; ``Actor`` stands for every actor class."""
    union = graph.value(node, OWL.unionOf)
    members = list(Collection(graph, union)) if union is not None else [node]
    names: set[str] = set()
    tree = load_class_tree()
    for member in members:
        name = str(member).rsplit("#", 1)[-1]
        names |= ACTOR_CLASSES if name == "Actor" else {tree.get(name, name)}
    return frozenset(names)


@lru_cache(maxsize=2)
def load_signatures(path: Path = ONTOLOGY_TTL) -> dict[str, Signature]:
    """Property local name -> its signature, for every property of the ontology's namespace."""
    graph = Graph().parse(path)
    signatures: dict[str, Signature] = {}
    for prop in set(graph.subjects(RDFS.domain, None)) | set(graph.subjects(RDFS.range, None)):
        if not str(prop).startswith(CIKG):
            continue
        domain = graph.value(prop, RDFS.domain)
        rng = graph.value(prop, RDFS.range)
        signatures[str(prop)[len(CIKG):]] = Signature(
            _top_classes(graph, domain) if domain is not None else None,
            _top_classes(graph, rng) if rng is not None else None)
    return signatures
