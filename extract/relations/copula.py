"""Copulas: ``membership`` ("X are among Y", "X is a Y" with Y named), ``copula-agent`` ("X is a
coordinator in Y" -> X coordinates Y, from the lexicon's agent nouns) and ``copula-status`` ("X are
national champions" -> status "national champions")."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..model import Fact, LiteralValue, Mention
from ..rules import RuleSettings
from .arguments import entities_of, entities_of_all, pobjects
from .context import RelationContext
from .registry import RELATION_RULES


@RELATION_RULES.register("membership")
def membership_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """"X are among Y" -> X partOf Y; "X is a Y" with Y a name -> X memberOf Y."""
    facts: list[Fact] = []
    for verb, subjects in _copulas(context):
        for obj in pobjects(verb, context.lexicon.membership_preps):
            facts += [context.fact(settings, s, "partOf", o, verb) for s in subjects
                      for o in entities_of(context, obj) if s.key != o.key]
        for attr in (a for a in _attributes(verb) if a.i in context.by_token):  # Y itself named, not "an organ of Y"
            facts += [context.fact(settings, s, "memberOf", o, verb) for s in subjects
                      for o in entities_of(context, attr) if s.key != o.key]
    return facts


@RELATION_RULES.register("copula-status")
@RELATION_RULES.register("copula-agent")  # decorators apply bottom-up: copula-agent registers first
def attribute_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """An unnamed attribute: an agent noun with an object ("a coordinator in Y") is copula-agent,
    anything else is the subject's status (copula-status)."""
    facts: list[Fact] = []
    for verb, subjects in _copulas(context):
        for attr in _attributes(verb):
            if entities_of(context, attr):
                continue  # a named attribute is membership
            prop = context.lexicon.agent_nouns.get(attr.lemma_.lower())
            objects = entities_of_all(context, pobjects(attr, settings.option("object_preps")))
            if prop and objects:
                if settings.name == "copula-agent":
                    facts += [context.fact(settings, s, prop, o, verb) for s in subjects for o in objects
                              if s.key != o.key]
            elif settings.name == "copula-status":
                words = [t for t in attr.subtree if t.i <= attr.i and t.dep_ not in ("det", "poss", "advmod")]
                if words:
                    status = LiteralValue(" ".join(t.text for t in words), "string")
                    facts += [context.fact(settings, s, "status", status, verb) for s in subjects]
    return facts


@RELATION_RULES.register("copula-by")
def made_by_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """"X is a scheme by the ministry", "X, a plan by the ministry": the maker of a thing the
    attribute names (``made_nouns``) establishes X."""
    facts: list[Fact] = []
    made = set(settings.option("made_nouns"))
    for verb, subjects in _copulas(context):
        for attr in _attributes(verb):
            if attr.lemma_.lower() in made:
                makers = entities_of_all(context, pobjects(attr, ["by"]))
                facts += [context.fact(settings, m, "establishes", s, verb) for m in makers for s in subjects
                          if m.key != s.key]
    for noun in context.tokens("NOUN"):
        if noun.dep_ == "appos" and noun.lemma_.lower() in made and noun.head.i in context.by_token:
            named = context.by_token[noun.head.i]
            facts += [context.fact(settings, m, "establishes", named, noun)
                      for m in entities_of_all(context, pobjects(noun, ["by"])) if m.key != named.key]
    return facts


def _copulas(context: RelationContext) -> Iterator[tuple[Token, list[Mention]]]:
    """Each form of "be" whose subject names entities, with those entities."""
    for verb in context.tokens("VERB", "AUX"):
        if verb.lemma_.lower() == "be":
            subjects = entities_of_all(context, [s for s in verb.children if s.dep_ == "nsubj"])
            if subjects:
                yield verb, subjects


def _attributes(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ == "attr" and c.pos_ in ("NOUN", "PROPN")]
