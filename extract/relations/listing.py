"""``list-addition``: "The ministry added Huawei to the Entity List" — the list includes Huawei, and
a list of a sanction class says the one who put Huawei on it sanctions Huawei; also in the passive
("Huawei was added to the list by the ministry"); "its list" is the adder's own list, which it
issues. The verbs are the lexicon's ``list_verbs``."""
from __future__ import annotations

from ..lexicon_schema import preps_by_list_verb
from ..model import Fact
from ..rules import RuleSettings
from .arguments import entities_of, entities_of_all, pobjects, subject_tokens
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("list-addition")
def list_addition_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    preps = preps_by_list_verb(context.lexicon.list_verbs)
    list_classes = frozenset(settings.option("list_classes"))
    sanction_classes = frozenset(settings.option("sanction_classes"))
    facts: list[Fact] = []
    for verb in context.tokens("VERB"):
        if verb.lemma_.lower() not in preps:
            continue
        lists = [(o, m) for o in pobjects(verb, preps[verb.lemma_.lower()]) for m in entities_of(context, o)
                 if context.knowledge.top_class(m.cls) in list_classes]
        if not lists:
            continue
        subjects, passive = subject_tokens(verb)
        if passive:
            listed = entities_of_all(context, subjects)
            keepers = entities_of_all(context, [o for c in verb.children if c.dep_ == "agent"
                                                for o in c.children if o.dep_ == "pobj"])
        else:
            listed = entities_of_all(context, [c for c in verb.children if c.dep_ == "dobj"])
            keepers = entities_of_all(context, subjects)
        for token, named_list in lists:
            if any(c.dep_ == "poss" and c.lower_ in settings.option("keeper_possessives") for c in token.children):
                facts += [context.fact(settings, keeper, "issues", named_list, verb) for keeper in keepers]
            for item in listed:
                if item.key == named_list.key:
                    continue
                facts.append(context.fact(settings, named_list, "includes", item, verb))
                if named_list.cls in sanction_classes:
                    facts += [context.fact(settings, keeper, "sanctions", item, verb) for keeper in keepers
                              if keeper.key not in (item.key, named_list.key)]
    return facts
