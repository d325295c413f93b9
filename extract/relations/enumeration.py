"""``enumeration-member``: "firms like BYD" -> firms includes BYD: the group is the whole, its
listed examples the parts (sectors listed after a sector are its kinds, not its members)."""
from __future__ import annotations

from ..model import Fact
from ..rules import RuleSettings
from .arguments import NOMINAL_POS, members
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("enumeration-member")
def enumeration_member_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    facts: list[Fact] = []
    for noun in context.tokens(*NOMINAL_POS):
        group = context.by_token.get(noun.i)
        if group is not None:
            facts += [context.fact(settings, group, "includes", member, noun) for member in members(context, noun)
                      if member.key != group.key and member.cls != "Sector"]
    return facts
