"""Extraction rules by name: every mention source and relation rule registers itself here, and
``ontology/rules.yaml`` says whether it runs, its priority and its confidence.

A rule is a small function in its own module under ``extract/mentions/`` or ``extract/relations/``,
decorated with its family's registry::

    @RELATION_RULES.register("svo")
    def subject_verb_object(context: RelationContext, settings: RuleSettings) -> list[Fact]: ...

The name is the one the graph's evidence records carry (``cikg:rule``) and ``cikg eval --by-rule``
reports, so a rule's measured precision can be written back to its ``confidence`` in the YAML.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar


from ontology import RULES_YAML

from .yamlfile import read_yaml

RuleFunction = TypeVar("RuleFunction", bound=Callable[..., Any])


@dataclass(frozen=True)
class RuleSettings:
    """One rule's settings from ``ontology/rules.yaml``; ``options`` holds rule-specific values."""

    name: str
    family: str
    enabled: bool = True
    priority: int = 0
    confidence: float = 0.5
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, key: str) -> Any:
        """A rule-specific setting the YAML must declare (a missing one is a configuration error)."""
        if key not in self.options:
            raise KeyError(f"ontology/rules.yaml: rule {self.name!r} has no setting {key!r}")
        return self.options[key]


@dataclass(frozen=True)
class RuleConfig:
    """All rule settings, plus the threshold below which a typed fact is not asserted."""

    rules: dict[str, RuleSettings]
    assert_threshold: float
    max_sentence_tokens: int | None = None  # longer stretches without a sentence break are split (None: never)

    def __getitem__(self, name: str) -> RuleSettings:
        if name not in self.rules:
            raise KeyError(f"ontology/rules.yaml has no rule {name!r}")
        return self.rules[name]

    def family(self, family: str) -> list[RuleSettings]:
        return [r for r in self.rules.values() if r.family == family]


class RuleRegistry(Generic[RuleFunction]):
    """The rules of one family by name."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._rules: dict[str, RuleFunction] = {}

    def register(self, name: str) -> Callable[[RuleFunction], RuleFunction]:
        def add(function: RuleFunction) -> RuleFunction:
            if name in self._rules:
                raise ValueError(f"{self.family} rule {name!r} is registered twice")
            self._rules[name] = function
            return function
        return add

    def names(self) -> list[str]:
        return list(self._rules)

    def get(self, name: str) -> RuleFunction:
        return self._rules[name]

    def enabled(self, config: RuleConfig) -> Iterator[tuple[RuleSettings, RuleFunction]]:
        """Each enabled rule with its settings, in the order the YAML lists them; a registered rule
        the YAML does not list is a configuration error, so no rule runs with invented settings."""
        for name in self._rules:
            settings = config[name]
            if settings.family != self.family:
                raise ValueError(f"ontology/rules.yaml lists {name!r} under {settings.family}, not {self.family}")
        for settings in config.family(self.family):
            if settings.enabled and settings.name in self._rules:
                yield settings, self._rules[settings.name]


def import_rule_modules(package: str, path: Iterable[str]) -> None:
    """Import every module of a rule package, so each registers its rules: a new rule is one new
    file and one YAML entry."""
    for module in pkgutil.iter_modules(list(path)):
        importlib.import_module(f"{package}.{module.name}")


@lru_cache(maxsize=4)
def load_rule_config(path: Path = RULES_YAML) -> RuleConfig:
    """Read ``ontology/rules.yaml``: ``{family: {rule: {enabled, priority, confidence, ...}}}``."""
    data = read_yaml(path) or {}
    rules: dict[str, RuleSettings] = {}
    for family, entries in (data.get("rules") or {}).items():
        for name, raw in (entries or {}).items():
            raw = dict(raw or {})
            if name in rules:
                raise ValueError(f"{path}: rule {name!r} is listed twice")
            rules[name] = RuleSettings(
                name=str(name), family=str(family), enabled=bool(raw.pop("enabled", True)),
                priority=int(raw.pop("priority", 0)), confidence=float(raw.pop("confidence", 0.5)),
                options=raw)
    return RuleConfig(rules, float(data.get("assert_threshold", 0.0)), data.get("max_sentence_tokens"))
