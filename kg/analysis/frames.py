"""The read model as pandas data frames, for notebooks: facts with their evidence, a timeline, the comparison.

Rows follow :mod:`kg.analysis.counts`: one row per fact (co-mentions only when asked), evidence
counted in distinct sentences and grouped by language.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .compare import DocumentComparison
from .counts import by_language, evidence_sentences
from .records import Evidence, KnowledgeGraph

DATED = frozenset({"establishedIn", "date"})  # attributes whose value is a year or a date


def _evidence_text(records: Iterable[Evidence]) -> str:
    """Each distinct sentence once, prefixed by its language when it is not English."""
    return " | ".join(("" if lang == "en" else f"[{lang}] ") + e.sentence
                      for lang, group in by_language(records).items() for e in group)


def facts_frame(kg: KnowledgeGraph, properties: Iterable[str] | None = None,
                co_mentions: bool = False) -> pd.DataFrame:
    """One row per fact between two entities (``properties`` only, when given), strongest evidence first."""
    wanted = set(properties) if properties is not None else None
    rows = []
    for fact in kg.facts:
        if (fact.weak and not co_mentions) or (wanted is not None and fact.predicate not in wanted):
            continue
        sentences = evidence_sentences(fact.evidence)
        rows.append({
            "subject": kg.label(fact.subject), "property": kg.ontology.property_label(fact.predicate),
            "object": kg.label(fact.object), "confidence": round(fact.confidence, 2), "sentences": len(sentences),
            "languages": ", ".join(by_language(sentences)), "documents": ", ".join(fact.documents),
            "evidence": _evidence_text(sentences),
        })
    frame = pd.DataFrame(rows, columns=["subject", "property", "object", "confidence", "sentences", "languages",
                                        "documents", "evidence"])
    return frame.sort_values(["sentences", "confidence", "subject"], ascending=[False, False, True], ignore_index=True)


def timeline_frame(kg: KnowledgeGraph) -> pd.DataFrame:
    """Dated facts (founding years, meeting dates) in time order, with the sentence that dates each."""
    rows = [{"when": a.value, "entity": kg.label(a.subject), "property": kg.ontology.property_label(a.predicate),
             "document": ", ".join(sorted({e.document for e in a.evidence})), "evidence": _evidence_text(a.evidence)}
            for a in kg.attributes if a.predicate in DATED]
    return pd.DataFrame(rows, columns=["when", "entity", "property", "document", "evidence"]).sort_values(
        ["when", "entity"], ignore_index=True)


def comparison_frames(comparison: DocumentComparison, kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """What changed between two documents, one frame per kind of change."""
    def entities(changes: list) -> pd.DataFrame:  # noqa: ANN001 - EntityChange rows
        return pd.DataFrame([{"entity": c.label, "class": c.coarse, comparison.base: c.base_score,
                              comparison.target: c.target_score, "facts gained": c.facts_gained,
                              "facts lost": c.facts_lost} for c in changes])

    facts = pd.DataFrame([{"change": f.status, "subject": kg.label(f.subject),
                           "property": kg.ontology.property_label(f.predicate), "object": kg.label(f.object),
                           "evidence": f.sentence} for f in comparison.facts])
    return {"new": entities(comparison.with_status("new")),
            "no longer mentioned": entities(comparison.with_status("no longer mentioned")),
            "more central": entities(comparison.rising()), "less central": entities(comparison.falling()),
            "facts": facts}
