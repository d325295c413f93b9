"""Merging per-document results into corpus-level ones: plain data, no spaCy, so assembly can use it.

Every merge is deterministic whatever the order its inputs arrive in.
"""
from __future__ import annotations

from dataclasses import replace

from .model import Entity, Extraction, Fact, Observation


def merge_entities(parts: list[dict[str, Entity]]) -> dict[str, Entity]:
    """Union of per-document entities by key; deterministic whatever the order of ``parts``."""
    merged: dict[str, Entity] = {}
    for part in parts:
        for key, entity in part.items():
            if key not in merged:
                merged[key] = Entity(key=key, cls=entity.cls, label=entity.label,
                                     pref_labels=dict(entity.pref_labels),
                                     alt_labels={k: set(v) for k, v in entity.alt_labels.items()},
                                     documents=set(entity.documents))
                continue
            target = merged[key]
            target.documents |= entity.documents
            for lang, label in entity.pref_labels.items():
                target.add_label(lang, label)
            for lang, labels in entity.alt_labels.items():
                for label in labels:
                    target.add_label(lang, label)
    for entity in merged.values():
        for lang, pref in entity.pref_labels.items():
            entity.alt_labels.get(lang, set()).discard(pref)
    return merged


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object), keeping every distinct evidence record."""
    merged: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        target = merged.setdefault(fact.key, Fact(fact.subject, fact.predicate, fact.object, []))
        for evidence in fact.evidence:
            if evidence not in target.evidence:
                target.evidence.append(evidence)
    return list(merged.values())


def merge_observations(observations: list[Observation]) -> list[Observation]:
    merged: dict[tuple[str, str, str, str], Observation] = {}
    for observation in observations:
        target = merged.setdefault(observation.key, replace(observation, evidence=[]))
        for evidence in observation.evidence:
            if evidence not in target.evidence:
                target.evidence.append(evidence)
    return list(merged.values())


def merge_extractions(extractions: list[Extraction]) -> tuple[dict[str, Entity], list[Fact], list[Observation]]:
    """Corpus-level entities, facts and observations; independent of the order documents finished in."""
    ordered = sorted(extractions, key=lambda e: e.document.doc_id)
    entities = merge_entities([e.entities for e in ordered])
    facts = merge_facts([f for e in ordered for f in e.facts])
    observations = merge_observations([o for e in ordered for o in e.observations])
    return entities, facts, observations
