"""What the page script reads: the entities and links drawn, their evidence, the documents and their text.

Evidence is deduplicated per sentence and carries its language and offsets, so the page can group it
by language and open the sentence, highlighted, in the document's own text (the ``documents/`` folder
beside the graph file the page was loaded from, written by the build and embedded here).
"""
from __future__ import annotations

from collections import Counter, defaultdict

from ..analysis.counts import count_graph, evidence_sentences
from ..analysis.records import Attribute, Entity, Evidence, Fact, KnowledgeGraph
from ..graph.documents import read_text
from .style import legend

MENTIONS_SHOWN = 5
TEXT_LIMIT = 20_000_000  # characters of document text embedded at most; beyond, the page quotes sentences only


def evidence(record: Evidence) -> dict[str, object]:
    return {"sentence": record.sentence, "document": record.document, "rule": record.rule,
            "confidence": record.confidence, "language": record.language or "und",
            "start": record.start, "end": record.end}


def evidence_list(records: tuple[Evidence, ...]) -> list[dict[str, object]]:
    """One entry per sentence (several rules reading one sentence count once)."""
    return [evidence(e) for e in evidence_sentences(records)]


def attribute(kg: KnowledgeGraph, fact: Attribute) -> dict[str, object]:
    return {"property": kg.ontology.property_label(fact.predicate), "value": fact.value,
            "evidence": evidence_list(fact.evidence)}


def entity_details(kg: KnowledgeGraph, entity: Entity, rank: float, attributes: list[Attribute]) -> dict[str, object]:
    mentions = evidence_sentences(entity.mentions)
    return {
        "label": entity.label,
        "cls": entity.cls,
        "classLabel": kg.ontology.class_label(entity.cls),
        "coarse": entity.coarse,
        "labels": [[lang, list(names)] for lang, names in entity.labels.items()],  # pairs: JSON keys get sorted
        "documents": list(entity.documents),
        "attributes": [attribute(kg, a) for a in attributes],
        "mentions": [evidence(e) for e in mentions[:MENTIONS_SHOWN]],
        "mentionCount": len(mentions),
        "pagerank": rank,
    }


def link_details(kg: KnowledgeGraph, fact: Fact) -> dict[str, object]:
    return {"from": fact.subject, "to": fact.object, "property": fact.predicate,
            "propertyLabel": kg.ontology.property_label(fact.predicate), "weak": fact.weak,
            "confidence": fact.confidence, "evidence": evidence_list(fact.evidence)}


def documents(kg: KnowledgeGraph, ids: list[str]) -> list[dict[str, object]]:
    """The documents to filter by and to open: what the graph says of each, and the text the build kept."""
    cited = {d for i in ids for d in kg.entities[i].documents}
    rows, embedded = [], 0
    for key in sorted(cited | set(kg.documents)):
        meta = kg.documents.get(key)
        text = read_text(kg.source, key) if kg.source is not None else None
        if text is not None and embedded + len(text) > TEXT_LIMIT:
            text = None
        embedded += len(text or "")
        rows.append({"id": key, "title": meta.title if meta else key, "issued": meta.issued if meta else None,
                     "publisher": meta.publisher if meta else None, "author": meta.author if meta else None,
                     "series": meta.series if meta else None, "sourceFile": meta.source_file if meta else None,
                     "facts": [attribute(kg, f) for f in meta.facts] if meta else [], "text": text})
    return rows


def properties(kg: KnowledgeGraph, facts: list[Fact]) -> list[dict[str, object]]:
    """The properties of the typed facts drawn, most frequent first, for the filter."""
    counts = Counter(f.predicate for f in facts if not f.weak)
    return [{"property": p, "label": kg.ontology.property_label(p), "count": n}
            for p, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def page_payload(kg: KnowledgeGraph, ids: list[str], ranks: dict[str, float], links: dict[str, object],
                 facts: list[Fact], title: str, notes: list[str]) -> dict[str, object]:
    """Everything the page script reads: titles, counts, legend, documents, and each node's and link's details."""
    coarse = Counter(kg.entities[i].coarse for i in ids)
    attributes: dict[str, list[Attribute]] = defaultdict(list)
    for attribute in kg.attributes:
        attributes[attribute.subject].append(attribute)
    counts = count_graph(kg, ids)
    return {
        "title": title,
        "notes": notes,
        "totalEntities": len(kg.entities),
        "counts": {"entities": counts.entities, "facts": counts.facts, "relations": counts.relations,
                   "attributes": counts.attributes, "coMentions": counts.co_mentions, "links": counts.links},
        "documents": documents(kg, ids),
        "classes": [{"cls": s.cls, "label": s.label, "color": s.color, "shape": s.shape, "count": coarse[s.cls]}
                    for s in legend(set(coarse))],
        "properties": properties(kg, facts),
        "entities": {i: entity_details(kg, kg.entities[i], ranks[i], attributes[i]) for i in ids},
        "links": links,
    }
