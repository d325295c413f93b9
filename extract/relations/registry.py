"""The relation rules by name; a rule registers itself with ``@RELATION_RULES.register("name")``."""
from __future__ import annotations

from collections.abc import Callable

from ..model import Fact
from ..rules import RuleRegistry, RuleSettings
from .context import RelationContext

RelationRule = Callable[[RelationContext, RuleSettings], list[Fact]]

RELATION_RULES: RuleRegistry[RelationRule] = RuleRegistry("relations")
