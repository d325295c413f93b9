"""``instrument``: "US sanctions" -> the United States issues the sanctions (a policy instrument
found by the mention pattern ``pattern-instrument``, applied by the country that modifies it)."""
from __future__ import annotations

from ..model import Fact
from ..rules import RuleSettings
from .arguments import NOMINAL_POS
from .context import RelationContext
from .nominal import noun_agents
from .registry import RELATION_RULES


@RELATION_RULES.register("instrument")
def instrument_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    non_agents = context.knowledge.classes_under(settings.option("non_agent_classes"))
    facts: list[Fact] = []
    for noun in context.tokens(*NOMINAL_POS):
        instrument = context.by_token.get(noun.i)
        if instrument is not None and instrument.rule == "pattern-instrument":
            facts += [context.fact(settings, agent, "issues", instrument, noun)
                      for agent in noun_agents(context, noun, non_agents)]
    return facts
