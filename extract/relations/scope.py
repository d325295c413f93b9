"""``scope``: "the new funding model … in frontier sectors like A and B" -> the policy
targets A and B. Policies and concepts (the YAML's ``policy_classes``) are scoped by sectors."""
from __future__ import annotations

from ..model import Fact, Mention
from ..rules import RuleSettings
from .arguments import NOMINAL_POS, entities_of, listed, unique
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("scope")
def scope_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    policy_classes = context.knowledge.classes_under(settings.option("policy_classes"))
    preps = settings.option("sector_preps")
    facts: list[Fact] = []
    for noun in context.tokens(*NOMINAL_POS):
        policy = context.by_token.get(noun.i)
        if policy is None or policy.cls not in policy_classes or noun.dep_ == "compound":
            continue
        holders = [noun]
        if noun.dep_ == "pobj" and noun.head.dep_ == "agent":  # "… anchored by X in sectors like A"
            holders.append(noun.head.head)
        for prep in (c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in preps):
            sectors = _sectors([m for o in prep.children if o.dep_ == "pobj" for m in entities_of(context, o)])
            if sectors:
                sectors += _sectors(listed(context, noun))
                facts += [context.fact(settings, policy, "targets", s, noun) for s in unique(sectors)
                          if s.key != policy.key]
    return facts


def _sectors(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.cls == "Sector"]
