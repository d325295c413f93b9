"""The relation stage: runs the enabled relation rules over each parsed section, and the
document-level issuer rules. (The weak co-mention link is made once typed facts are checked:
``extract/comention.py``.)

Which rules run, in which order, and how sure the graph is of each, is ``rules: relations:`` in
ontology/rules.yaml; every module of this package is imported, so each registers its rules.
"""
from __future__ import annotations

from ..knowledge import Gazetteer, Lexicon
from ..model import Fact, Mention
from ..rules import RuleConfig, load_rule_config
from ..sentences import ParsedSection
from .context import RelationContext, RelationKnowledge
from .issuer import issued_by_facts, issuer_projection_facts
from .registry import RELATION_RULES


class RelationExtractor:
    """One stage: a parsed section and its resolved mentions in, facts with evidence out."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, config: RuleConfig | None = None) -> None:
        self.config = config or load_rule_config()
        self.knowledge = RelationKnowledge.load(gazetteer, lexicon)

    def extract(self, parsed: ParsedSection, mentions: list[Mention]) -> list[Fact]:
        context = RelationContext.of(parsed, mentions, self.knowledge)
        return [fact for settings, rule in RELATION_RULES.enabled(self.config) for fact in rule(context, settings)]

    def document_facts(self, facts: list[Fact], mentions: list[Mention], issued_by: dict[str, str]) -> list[Fact]:
        """Once per document, over all its facts: documents issued by an event or body
        (``issuer``), and what they emphasise restated of that issuer (``issuer-projection``)."""
        found: list[Fact] = []
        issuer = self.config["issuer"]
        if issuer.enabled:
            found += issued_by_facts(issuer, mentions, issued_by)
        projection = self.config["issuer-projection"]
        if projection.enabled:
            found += issuer_projection_facts(projection, facts + found, issued_by)
        return found
