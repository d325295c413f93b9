"""One brief against another (2024 against 2023): what changed, said in an analyst's words.

An entity is *new* (mentioned only in the later brief), *no longer mentioned*, or in both; one in
both may have *gained* or *lost* typed facts, and become more or less central. Centrality is
recomputed on each document's own graph (:func:`kg.analysis.records.document_view`) and compared
by *relative* PageRank (PageRank x number of entities; 1.0 is average), since raw PageRank shrinks
as a graph grows; a change smaller than ``min_change`` is not reported. Co-mentions are no facts
and never count as a change.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..graph_file import GraphInputError
from .centrality import relative_pagerank
from .networks import RELATED_WEIGHT, link_graph
from .records import KnowledgeGraph, document_view

NEW, GONE, BOTH = "new", "no longer mentioned", "both"
FACT_NEW, FACT_GONE = "new", "no longer stated"
MIN_CHANGE = 0.25  # in relative PageRank (1.0 = an average entity): 0.77 -> 0.78 is no change


@dataclass(frozen=True)
class EntityChange:
    """An entity across two documents, with its relative PageRank and typed facts in each."""

    id: str
    label: str
    coarse: str
    status: str  # NEW, GONE or BOTH
    base_score: float | None
    target_score: float | None
    facts_gained: int = 0
    facts_lost: int = 0

    @property
    def delta(self) -> float:
        return (self.target_score or 0.0) - (self.base_score or 0.0)


@dataclass(frozen=True)
class FactChange:
    """A typed fact stated in only one of two documents, with a sentence that says it."""

    subject: str
    predicate: str
    object: str
    status: str  # FACT_NEW or FACT_GONE
    sentence: str


@dataclass(frozen=True)
class DocumentComparison:
    """What the later document adds, drops and makes more central, relative to the earlier one."""

    base: str
    target: str
    entities: tuple[EntityChange, ...]
    facts: tuple[FactChange, ...]
    min_change: float = MIN_CHANGE

    def with_status(self, status: str) -> list[EntityChange]:
        return [c for c in self.entities if c.status == status]

    def rising(self) -> list[EntityChange]:
        """Entities in both whose relative PageRank rose by at least ``min_change``, most first."""
        return sorted((c for c in self.with_status(BOTH) if c.delta >= self.min_change), key=lambda c: -c.delta)

    def falling(self) -> list[EntityChange]:
        return sorted((c for c in self.with_status(BOTH) if c.delta <= -self.min_change), key=lambda c: c.delta)

    def gained_facts(self) -> list[EntityChange]:
        """Entities in both that take part in typed facts the earlier document did not state."""
        return sorted((c for c in self.with_status(BOTH) if c.facts_gained), key=lambda c: (-c.facts_gained, c.label))

    def lost_facts(self) -> list[EntityChange]:
        return sorted((c for c in self.with_status(BOTH) if c.facts_lost), key=lambda c: (-c.facts_lost, c.label))

    def summary(self) -> str:
        return (f"{self.target} vs {self.base}: {len(self.with_status(NEW))} new, "
                f"{len(self.with_status(GONE))} no longer mentioned, {len(self.gained_facts())} with new facts, "
                f"{len(self.lost_facts())} with facts no longer stated, {len(self.rising())} more central, "
                f"{len(self.falling())} less central (changes under {self.min_change:g} not reported)")


def default_comparison(kg: KnowledgeGraph) -> tuple[str, str] | None:
    documents = sorted({d for e in kg.entities.values() for d in e.documents} | set(kg.documents))
    return (documents[0], documents[-1]) if len(documents) >= 2 else None


def compare_documents(kg: KnowledgeGraph, base: str, target: str, min_change: float = MIN_CHANGE,
                      related_weight: float = RELATED_WEIGHT) -> DocumentComparison:
    """Entities and typed facts of ``target`` against ``base``: new, no longer mentioned, gained, lost, moved."""
    known = {d for e in kg.entities.values() for d in e.documents} | set(kg.documents)
    for document in (base, target):
        if document not in known:
            raise GraphInputError(f"no document {document!r} in the graph; documents: {', '.join(sorted(known))}")
    views = {d: document_view(kg, d) for d in (base, target)}
    scores = {d: relative_pagerank(link_graph(v, related_weight)) for d, v in views.items()}
    facts_of = {d: {(f.subject, f.predicate, f.object): f for f in v.facts if not f.weak} for d, v in views.items()}
    facts: list[FactChange] = []
    moved: dict[str, Counter[str]] = {FACT_NEW: Counter(), FACT_GONE: Counter()}
    for status, here, there in ((FACT_NEW, target, base), (FACT_GONE, base, target)):
        for key in sorted(set(facts_of[here]) - set(facts_of[there])):
            fact = facts_of[here][key]
            facts.append(FactChange(*key, status=status, sentence=fact.evidence[0].sentence if fact.evidence else ""))
            moved[status].update({fact.subject, fact.object})
    entities = []
    for key in sorted(set(scores[base]) | set(scores[target])):
        b, t = scores[base].get(key), scores[target].get(key)
        status = BOTH if b is not None and t is not None else NEW if t is not None else GONE
        e = kg.entities[key]
        entities.append(EntityChange(key, e.label, e.coarse, status, b, t, moved[FACT_NEW][key], moved[FACT_GONE][key]))
    order = {NEW: 0, GONE: 1, BOTH: 2}
    entities.sort(key=lambda c: (order[c.status], -max(c.base_score or 0, c.target_score or 0), c.label))
    return DocumentComparison(base, target, tuple(entities), tuple(facts), min_change)
