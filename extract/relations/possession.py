"""``organisation-part``: one organisation named as another's — "the Party's United Front Work
Department", "the Laboratory for Ocean Robotics of the Academy", "the Ministry of Finance's Pearl
River Institute", "the Centre for Development under the Commission" — is part of it: the owner
``includes`` the unit; so is the subject of "A is the permanent office of B", the name in "A, an
agency under B" and the object of
"runs A as a branch of B" (``part_nouns``). Both ends must be organisations (``part_classes`` in
ontology/rules.yaml), so "China's universities" is no such fact; a part noun may also join two
programmes or plans."""
from __future__ import annotations

from ..model import Fact, Mention
from ..rules import RuleSettings
from .arguments import pobjects
from .context import RelationContext
from .registry import RELATION_RULES


def _is_organisation(context: RelationContext, mention: Mention, settings: RuleSettings) -> bool:
    return context.knowledge.top_class(mention.cls) in settings.option("part_classes")


@RELATION_RULES.register("organisation-part")
def organisation_part_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    facts: list[Fact] = []
    for token in context.tokens("NOUN", "PROPN"):
        unit = context.by_token.get(token.i)
        if unit is None or not _is_organisation(context, unit, settings):
            continue
        owners: list[Mention] = []
        for child in token.children:
            if child.dep_ == "poss" and (owner := context.by_token.get(child.i)) is not None:
                owners.append(owner)
            if child.dep_ == "prep" and child.lower_ in settings.option("owner_preps"):
                owners += [m for o in child.children if o.dep_ == "pobj"
                           and (m := context.by_token.get(o.i)) is not None]
        facts += [context.fact(settings, owner, "includes", unit, token) for owner in owners
                  if owner.key != unit.key and _is_organisation(context, owner, settings)]
    return facts + _copula_parts(context, settings)


def _copula_parts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """"A is the permanent office of B", "A is a unit under B", "A, an agency under B": B includes A."""
    facts: list[Fact] = []
    for noun in context.tokens("NOUN"):
        if noun.dep_ not in ("attr", "appos") or noun.lemma_.lower() not in settings.option("part_nouns") \
                or noun.i in context.by_token:
            continue
        described = [noun.head] if noun.dep_ == "appos" else [c for c in noun.head.children if c.dep_ == "nsubj"]
        units = [m for c in described if (m := context.by_token.get(c.i)) is not None]
        owners = [m for o in pobjects(noun, settings.option("owner_preps")) if (m := context.by_token.get(o.i)) is not None]
        facts += [context.fact(settings, owner, "includes", unit, noun) for owner in owners for unit in units
                  if owner.key != unit.key and _parts(context, unit, owner, settings)]
    return facts + _parts_named_as(context, settings)


def _parts_named_as(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """"runs A as a branch of B", "A was set up as a unit of B": B includes A."""
    facts: list[Fact] = []
    for noun in context.tokens("NOUN", "PROPN"):
        if noun.lemma_.lower() not in settings.option("part_nouns") or noun.dep_ != "pobj" or noun.head.lower_ != "as":
            continue
        anchor = noun.head.head  # the verb, or its object when the parser hangs "as" there
        named = context.by_token.get(anchor.i)
        units = [named] if named is not None else [
            m for c in anchor.children if c.dep_ in ("dobj", "nsubjpass") and (m := context.by_token.get(c.i)) is not None]
        owners = [m for o in pobjects(noun, settings.option("owner_preps")) if (m := context.by_token.get(o.i)) is not None]
        facts += [context.fact(settings, owner, "includes", unit, noun) for owner in owners for unit in units
                  if owner.key != unit.key and _parts(context, unit, owner, settings)]
    return facts


def _parts(context: RelationContext, unit: Mention, owner: Mention, settings: RuleSettings) -> bool:
    """Two organisations, or two of one kind (a programme's branch is a programme)."""
    if _is_organisation(context, unit, settings) and _is_organisation(context, owner, settings):
        return True
    return context.knowledge.top_class(unit.cls) == context.knowledge.top_class(owner.cls) == "Policy"
