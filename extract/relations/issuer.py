"""Document-level rules, run once per document after the per-section ones: ``issuer`` ("the
communiqué document of the Fifth Plenum" -> the document issuedBy the event) and
``issuer-projection`` (what a document emphasises, its issuing body or event emphasises too)."""
from __future__ import annotations

from dataclasses import replace

from ..model import Evidence, Fact, Mention
from ..rules import RuleSettings


def issued_by_facts(settings: RuleSettings, mentions: list[Mention], issued_by: dict[str, str]) -> list[Fact]:
    """A document named as issued by an event or body, with the mention as its evidence."""
    facts: list[Fact] = []
    for mention in mentions:
        issuer = issued_by.get(mention.key)
        if issuer and not mention.reference:
            evidence = Evidence(mention.doc_id, mention.lang, mention.text, mention.start, mention.end,
                                settings.name, settings.confidence)
            facts.append(Fact(mention.key, "issuedBy", issuer, [evidence]))
    return facts


def issuer_projection_facts(settings: RuleSettings, facts: list[Fact], issued_by: dict[str, str]) -> list[Fact]:
    """Each fact of the YAML's ``properties`` about a document, restated of its issuer."""
    properties = set(settings.option("properties"))
    projected: list[Fact] = []
    for fact in facts:
        issuer = issued_by.get(fact.subject)
        if issuer and fact.predicate in properties and fact.object != issuer:
            evidence = [replace(e, rule=settings.name, confidence=settings.confidence) for e in fact.evidence]
            projected.append(Fact(issuer, fact.predicate, fact.object, evidence))
    return projected
