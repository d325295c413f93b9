"""Mention rules by name and stage, and what every rule may read besides the text.

A rule registers with its name (the one ``cikg:rule`` carries in the graph) and the stage it runs
in; ``ontology/rules.yaml`` (``rules: mentions:``) gives its ``enabled``, ``priority``,
``confidence`` and rule-specific options. Within a stage rules run in registration order, which
:mod:`extract.mentions.finder` fixes by the order it imports them; each rule sees the candidates of
the earlier stages and of the rules before it.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from spacy.language import Language

from ..knowledge import Gazetteer, Lexicon
from ..model import NameKey
from ..rules import RuleRegistry
from .candidate import AcronymDefinition
from .matchers import GazetteerMatchers



class Stage(Enum):
    """When a rule runs, and so what it sees and what its signature is."""

    LISTED = "listed"  # (doc, found, context, settings) on tokens before parsing: gazetteer names
    DEFINED = "defined"  # the same, after the listed names: names the text defines (acronyms)
    PARSED = "parsed"  # (doc, found, context, settings) on the parse: patterns, NER, quotes
    MEMBERS = "members"  # (doc, chosen, context, settings) after selection: enumeration members
    REFERENCES = "references"  # (parsed, doc_id, mentions, context, settings) -> mentions pointing back
    METADATA = "metadata"  # (document, context, settings) -> mentions on the title page


@dataclass(frozen=True)
class MentionRule:
    stage: Stage
    function: Callable[..., list[Any]]

    def __call__(self, *args: Any) -> list[Any]:
        return self.function(*args)


MENTION_RULES: RuleRegistry[MentionRule] = RuleRegistry("mentions")


def mention_rule(name: str, stage: Stage) -> Callable[[Callable[..., list[Any]]], Callable[..., list[Any]]]:
    """Register a mention rule under ``name`` to run in ``stage``."""
    def register(function: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        MENTION_RULES.register(name)(MentionRule(stage, function))
        return function
    return register


@dataclass(frozen=True)
class MentionContext:
    """Domain data loaded once, plus what is known when a section is read: ``aliases``
    (abbreviation -> key) from earlier sections and this one, ``definitions`` made in this one, and
    the document's ``publisher``."""

    nlp: Language
    gazetteer: Gazetteer
    lexicon: Lexicon
    classes: Mapping[str, str]  # ontology class -> its top class
    matchers: GazetteerMatchers
    aliases: Mapping[str, str | NameKey] = field(default_factory=dict)
    definitions: tuple[AcronymDefinition, ...] = ()
    publisher: str | None = None  # the organisation the document's source line names as its publisher

    def top_class(self, cls: str) -> str:
        return self.classes.get(cls, cls)
