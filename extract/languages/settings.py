"""The foreign readers' rule settings, from the ``languages`` family of ``ontology/rules.yaml``.

A rule is named there as its evidence records name it: the rule and the section's language
("suffix-zh", "svo-fr").
"""
from __future__ import annotations

from dataclasses import dataclass

from ..rules import RuleConfig, RuleSettings

FAMILY = "languages"


@dataclass(frozen=True)
class LanguageRules:
    """The settings of one language's rules: whether each runs, its priority, its confidence."""

    lang: str
    config: RuleConfig

    def name(self, rule: str) -> str:
        """The rule's name in the YAML and in the evidence records."""
        return f"{rule}-{self.lang}"

    def settings(self, rule: str) -> RuleSettings:
        settings = self.config[self.name(rule)]
        if settings.family != FAMILY:
            raise ValueError(f"ontology/rules.yaml lists {settings.name!r} under {settings.family}, not {FAMILY}")
        return settings

    def enabled(self, rule: str) -> bool:
        return self.settings(rule).enabled

    def priority(self, rule: str) -> int:
        return self.settings(rule).priority

    def confidence(self, rule: str) -> float:
        return self.settings(rule).confidence
