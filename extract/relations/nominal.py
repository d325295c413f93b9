"""Nominalisations of the lexicon's ``nouns``: "Japan's reliance on X", "US sanctions on X",
"the government increased funding for X", when the sentence names the agent (an unnamed agent is
never guessed)."""
from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from ..model import Fact, Mention
from ..rules import RuleSettings
from .arguments import NOMINAL_POS, entities_of, entities_of_all, pobjects, subject_tokens
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("nominal")
def nominal_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """The facts of every relational noun whose agent the sentence names."""
    non_agents = context.knowledge.classes_under(settings.option("non_agent_classes"))
    facts: list[Fact] = []
    for noun in context.tokens(*NOMINAL_POS):
        relation = context.lexicon.nouns.get(noun.lemma_.lower())
        if relation is None:
            continue
        objects, countries = _objects(context, _noun_objects(noun, relation.preps))
        if not objects:
            continue
        for agent in noun_agents(context, noun, non_agents):
            facts += [context.fact(settings, agent, relation.property, obj, noun) for obj in objects if agent != obj.key]
            facts += [context.fact(settings, agent, relation.property, country, noun) for country in countries
                      if country != agent]
    return facts


def _noun_objects(noun: Token, preps: Collection[str]) -> list[Token]:
    """The objects of the noun's prepositions; for the object of a verb, also those of the verb's
    prepositions after it, where the parser often hangs them ("approved awards for X")."""
    objects = pobjects(noun, preps)
    if not objects and noun.dep_ == "dobj":
        objects = [o for o in pobjects(noun.head, preps) if o.i > noun.i]
    return objects


def _objects(context: RelationContext, objects: list[Token]) -> tuple[list[Mention], list[str]]:
    """The entities the noun's objects name, and the countries their nationality words name
    ("sanctions on Chinese firms" also target China)."""
    demonyms = context.lexicon.demonyms
    entities: list[Mention] = []
    countries: list[str] = []
    for obj in objects:
        entities += entities_of(context, obj)
        countries += [demonyms[t.text] for t in obj.subtree if t.dep_ in ("amod", "compound") and t.text in demonyms]
        for t in (obj, *obj.conjuncts):  # a merged name that starts with one: "Chinese firms"
            first = t.text.split()[0]
            if " " in t.text and first in demonyms:
                countries.append(demonyms[first])
    return entities, countries


def noun_agents(context: RelationContext, noun: Token, non_agents: frozenset[str]) -> list[str]:
    """Who relies, funds or sanctions: a possessor or modifier (a name not of ``non_agents``, a
    country name or a nationality word), else the subject of a light verb ("the government
    augmented funding for R&D"), also for a noun conjoined to its object."""
    agents: list[str] = []
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod", "amod"):
            mention = context.by_token.get(child.i)
            if mention is not None and mention.cls not in non_agents:
                agents.append(mention.key)
            elif child.text.lower() in context.knowledge.country_names:
                agents.append(context.knowledge.country_names[child.text.lower()])
            elif child.text in context.lexicon.demonyms:
                agents.append(context.lexicon.demonyms[child.text])
    first = _first_list_item(noun)
    if not agents and first.dep_ == "dobj":
        subjects, passive = subject_tokens(first.head)
        if not passive:
            agents = [m.key for m in entities_of_all(context, subjects) if m.cls not in non_agents]
    return list(dict.fromkeys(agents))


def _first_list_item(noun: Token) -> Token:
    """The first noun of the list ``noun`` is an item of: "approved 300 awards for X and 20 for Y".
    The parser hangs a later item on the earlier item, on its verb, or on the earlier item's object
    as a conjunct or apposition ("300 awards for X, 25 awards for Y"); the first item is then the
    noun of the same word that owns, or whose verb owns, the item it hangs on."""
    first = noun
    while first.dep_ in ("conj", "appos", "npadvmod"):
        head = first.head
        owner = head.head.head if head.dep_ == "pobj" and head.head.dep_ == "prep" else head
        same = [owner] if owner.lemma_ == noun.lemma_ and owner.pos_ in NOMINAL_POS else [
            c for c in owner.children if c.dep_ == "dobj" and c.lemma_ == noun.lemma_ and c.i < first.i]
        if same:
            first = same[0]
        elif first.dep_ == "conj" and head.pos_ in NOMINAL_POS:
            first = head
        else:
            break
    return first
