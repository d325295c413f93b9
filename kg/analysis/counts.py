"""What cikg's numbers count: one definition of fact, co-mention, link and evidence sentence.

The build's summary, ``cikg analyze``, the page, the notebook and the README all count with
these functions, so "facts" means the same number everywhere:

* a **fact** is an asserted triple about an entity with an ontology property other than
  ``mentionedIn`` and ``relatedTo``: a *relation* when its object is another entity
  (``coordinates``, ``funds``), an *attribute* when it is a value (``establishedIn "2023"``);
* a **co-mention** is the weak ``relatedTo`` link two entities get from sharing a sentence;
* a **link** is a pair of entities joined by at least one relation or co-mention, either way;
* an **evidence sentence** is one sentence of one document (its offsets), however many rules or
  records read a fact from it; a translation's sentence is a sentence of its own language.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .records import RELATED, Evidence, KnowledgeGraph

MENTIONED_IN = "mentionedIn"
NOT_FACTS = frozenset({MENTIONED_IN, RELATED})


def is_fact_property(name: str) -> bool:
    """Whether a triple with the ontology property ``name`` (local name) is a fact."""
    return name not in NOT_FACTS


def facts_by_property(triples_by_property: Mapping[str, int]) -> Counter[str]:
    """The facts among triples about entities counted by property (co-mentions and mentions dropped)."""
    return Counter({name: n for name, n in triples_by_property.items() if is_fact_property(name)})


def evidence_sentences(evidence: Iterable[Evidence]) -> list[Evidence]:
    """One record per sentence (the first read from it), in the order given."""
    first: dict[tuple[str, str], Evidence] = {}
    for record in evidence:
        first.setdefault(record.sentence_key, record)
    return list(first.values())


def by_language(evidence: Iterable[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence sentences grouped by the language of the sentence, English first."""
    groups: dict[str, list[Evidence]] = {}
    for record in evidence_sentences(evidence):
        groups.setdefault(record.language or "und", []).append(record)
    return dict(sorted(groups.items(), key=lambda item: (item[0] != "en", item[0])))


@dataclass(frozen=True)
class GraphCounts:
    """The headline numbers of a graph."""

    documents: int
    entities: int
    relations: int
    attributes: int
    co_mentions: int
    links: int
    evidence_sentences: int

    @property
    def facts(self) -> int:
        return self.relations + self.attributes

    def line(self) -> str:
        """``47 entities · 49 facts (46 between entities, 3 values) · 117 co-mentions · …``, for summaries."""
        return (f"{self.entities} entities · {self.facts} facts ({self.relations} between entities, "
                f"{self.attributes} values) · {self.co_mentions} co-mentions · {self.links} linked pairs · "
                f"{self.evidence_sentences} evidence sentences · {self.documents} documents")


def count_graph(kg: KnowledgeGraph, ids: Iterable[str] | None = None) -> GraphCounts:
    """The counts of ``kg``, or of the part of it among the entities ``ids``."""
    shown = set(kg.entities) if ids is None else set(ids)
    relations = [f for f in kg.facts if f.subject in shown and f.object in shown]
    attributes = [a for a in kg.attributes if a.subject in shown]
    typed = [f for f in relations if not f.weak]
    links = {frozenset((f.subject, f.object)) for f in relations if f.subject != f.object}
    sentences = {e.sentence_key for f in typed for e in f.evidence} | {e.sentence_key for a in attributes for e in a.evidence}
    documents = {d for i in shown for d in kg.entities[i].documents} | (set(kg.documents) if ids is None else set())
    return GraphCounts(len(documents), len(shown), len(typed), len(attributes), len(relations) - len(typed),
                       len(links), len(sentences))
