"""``reciprocal``: what two parties do together — "Huawei and Tsinghua University collaborate",
"X and Y signed an agreement", "X signed a partnership with Y" — makes them collaborate
(``collaboratesWith``). The verbs are the lexicon's verbs of that property; a joint act is one of
the rule's ``joint_verbs`` ("sign", "reach") with one of its ``joint_nouns`` ("agreement")."""
from __future__ import annotations

from spacy.tokens import Token

from ..model import Fact, Mention
from ..rules import RuleSettings
from .arguments import entities_of_all, pobjects, subject_tokens, unique
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("reciprocal")
def reciprocal_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    prop = settings.option("property")
    joint_nouns, joint_verbs = frozenset(settings.option("joint_nouns")), frozenset(settings.option("joint_verbs"))
    party_classes = frozenset(settings.option("party_classes"))
    facts: list[Fact] = []
    for verb in context.tokens("VERB"):
        senses = context.lexicon.verbs.get(verb.lemma_.lower(), ())
        joint = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in joint_nouns] \
            if verb.lemma_.lower() in joint_verbs else []
        if not joint and not (senses and senses[0].property == prop):
            continue
        subjects, passive = subject_tokens(verb)
        if passive:
            continue
        parties = [m for m in entities_of_all(context, subjects) if context.knowledge.top_class(m.cls) in party_classes]
        partners = [m for m in entities_of_all(context, [o for t in (verb, *joint) for o in pobjects(t, ("with",))])
                    if context.knowledge.top_class(m.cls) in party_classes]
        if joint:
            facts += _pairs(context, settings, verb, unique(parties), unique(partners), prop)
        elif not partners:  # "X and Y collaborate" ("collaborate with Y" is the verb-prep rule's)
            facts += _pairs(context, settings, verb, unique(parties), [], prop)
    return facts


def _pairs(context: RelationContext, settings: RuleSettings, verb: Token, parties: list[Mention],
           partners: list[Mention], prop: str) -> list[Fact]:
    """Each party with each partner; without partners, each party with each other party."""
    pairs = [(a, b) for a in parties for b in partners] if partners else \
        [(a, b) for i, a in enumerate(parties) for b in parties[i + 1:]]
    return [context.fact(settings, a, prop, b, verb) for a, b in pairs if a.key != b.key]

