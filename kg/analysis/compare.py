"""One brief against another (2024 against 2023): entities and facts new and gone, and who became more central.

Everything is recomputed on each document's own graph (:func:`kg.analysis.records.document_view`)
and compared by *relative* PageRank (PageRank x number of entities; 1.0 is average), since raw
PageRank shrinks as a graph grows.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..graph_file import GraphInputError
from .centrality import relative_pagerank
from .networks import link_graph
from .records import KnowledgeGraph, document_view


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


def default_comparison(kg: KnowledgeGraph) -> tuple[str, str] | None:
    documents = sorted({d for e in kg.entities.values() for d in e.documents} | set(kg.documents))
    return (documents[0], documents[-1]) if len(documents) >= 2 else None


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
