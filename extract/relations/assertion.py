"""Which typed facts the graph asserts: a fact must fit its property's signature in the ontology
(read the other way round when only that fits), and some evidence for it must reach the
confidence threshold of ``ontology/rules.yaml``; the rest are left to the co-mention link."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model import Entity, Fact
from ..signatures import Signature


def fitting_signatures(facts: Iterable[Fact], entities: dict[str, Entity], classes: dict[str, str],
                       signatures: dict[str, Signature]) -> list[Fact]:
    """Facts whose subject and object classes the property admits; a fact that fits only turned
    round ("sanctions against X by Y" read as X sanctions Y) is turned round; others are dropped."""
    kept: list[Fact] = []
    for fact in facts:
        signature = signatures.get(fact.predicate)
        if signature is None:
            kept.append(fact)
            continue
        subject_class = classes.get(entities[fact.subject].cls, entities[fact.subject].cls)
        if not isinstance(fact.object, str):
            if signature.admits(subject_class, None):
                kept.append(fact)
            continue
        object_class = classes.get(entities[fact.object].cls, entities[fact.object].cls)
        if signature.admits(subject_class, object_class):
            kept.append(fact)
        elif signature.admits(object_class, subject_class):
            kept.append(replace(fact, subject=fact.object, object=fact.subject))
    return kept


def asserted(facts: Iterable[Fact], threshold: float) -> list[Fact]:
    """Facts with their evidence below ``threshold`` removed; a fact left with none is not asserted."""
    kept: list[Fact] = []
    for fact in facts:
        evidence = [e for e in fact.evidence if e.confidence >= threshold]
        if evidence:
            kept.append(replace(fact, evidence=evidence))
    return kept
