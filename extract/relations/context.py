"""What every relation rule reads: one parsed section, its resolved mentions and the domain data."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Token

from ..knowledge import Gazetteer, Lexicon, VerbSense, load_class_tree
from ..model import Evidence, Fact, LiteralValue, Mention, Sentence
from ..rules import RuleSettings
from ..sentences import ParsedSection
from ..signatures import Signature, load_signatures


@dataclass(frozen=True)
class RelationKnowledge:
    """The domain data relation rules consult, loaded once per extractor."""

    lexicon: Lexicon
    classes: dict[str, str]  # ontology class -> its top class
    country_names: dict[str, str]  # lower-cased country name or abbreviation -> gazetteer id
    signatures: dict[str, Signature]  # property -> the classes it may link

    @classmethod
    def load(cls, gazetteer: Gazetteer, lexicon: Lexicon) -> RelationKnowledge:
        country_names = {name.lower(): entry.id for entry in gazetteer if entry.cls == "Country"
                         for name in (*entry.labels["en"], *entry.abbr)}
        return cls(lexicon, load_class_tree(), country_names, load_signatures())

    def top_class(self, cls: str) -> str:
        return self.classes.get(cls, cls)

    def sense(self, senses: tuple[VerbSense, ...], subject: Mention, obj: Mention) -> str:
        """The property of the first of a word's ``senses`` that the two mentions' classes fit
        ("SAC developed the strategy" establishes it, "China develops the sector" promotes it); the
        first when none does (the signature check then turns the fact round or drops it)."""
        classes = self.top_class(subject.cls), self.top_class(obj.cls)
        return next((s.property for s in senses if (s.objects is None or classes[1] in s.objects)
                     and (s.property not in self.signatures or self.signatures[s.property].admits(*classes))),
                    senses[0].property)

    def classes_under(self, names: Iterable[str]) -> frozenset[str]:
        """The named classes with every class whose top class is one of them."""
        named = frozenset(names)
        return named | {cls for cls, top in self.classes.items() if top in named}


@dataclass(frozen=True)
class RelationContext:
    """One parsed section as the rules see it: mentions by token, the domain data."""

    parsed: ParsedSection
    mentions: tuple[Mention, ...]
    by_token: dict[int, Mention]  # token index -> the first mention covering it
    knowledge: RelationKnowledge

    @classmethod
    def of(cls, parsed: ParsedSection, mentions: Iterable[Mention], knowledge: RelationKnowledge) -> RelationContext:
        by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = parsed.span_of(mention.start, mention.end)
            if span is not None:
                for token in span:
                    by_token.setdefault(token.i, mention)
        return cls(parsed, tuple(mentions), by_token, knowledge)

    @property
    def lexicon(self) -> Lexicon:
        return self.knowledge.lexicon

    @cached_property
    def _tagged(self) -> list[tuple[str, Token]]:
        """Every token with its part of speech, read once: the rules ask for tokens by part of speech many times."""
        return [(token.pos_, token) for token in self.parsed.doc]

    def tokens(self, *pos: str) -> list[Token]:
        """The section's tokens of the given parts of speech, in order."""
        return [token for tag, token in self._tagged if tag in pos]

    def sentence_numbered(self, index: int) -> Sentence:
        return next(s for s in self.parsed.sentences if s.index == index)

    def fact(self, settings: RuleSettings, subject: Mention | str, predicate: str,
             obj: Mention | str | LiteralValue, where: Token | Sentence) -> Fact:
        """A fact with one evidence record: the sentence of ``where``, this rule and its confidence."""
        sentence = where if isinstance(where, Sentence) else self.parsed.sentence_of(where.i)
        evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                            settings.name, settings.confidence)
        subject_key = subject.key if isinstance(subject, Mention) else subject
        object_value = obj.key if isinstance(obj, Mention) else obj
        return Fact(subject_key, predicate, object_value, [evidence])
