"""Facts between the mentions of a foreign section, keyed as the resolver will key them.

:class:`FactMaker` is the one place a foreign reader makes a fact: it gives the fact its
evidence (the sentence, the rule's name and confidence). The weak co-mention link is made for every
language at once, after the typed facts are checked (``extract/comention.py``).
"""
from __future__ import annotations

from collections.abc import Iterable

from ..knowledge import Gazetteer
from ..model import Evidence, Fact, LiteralValue, Mention, MentionFact, Sentence
from .candidates import CandidateLink, SentenceIndex, mention_key
from .settings import LanguageRules


class FactMaker:
    """Facts between mentions, keyed as the resolver will key them, with the sentence as evidence."""

    def __init__(self, gazetteer: Gazetteer, sentences: SentenceIndex, rules: LanguageRules) -> None:
        self.gazetteer = gazetteer
        self.sentences = sentences
        self.rules = rules

    def key(self, mention: Mention) -> str:
        return mention_key(mention, self.gazetteer)

    def facts(self, subjects: Iterable[Mention], prop: str, objects: Iterable[Mention], rule: str) -> list[MentionFact]:
        """``prop`` from each subject to each object (a rule switched off makes none)."""
        if not self.rules.enabled(rule):
            return []
        objects = list(objects)
        made = []
        for subject in subjects:
            for obj in objects:
                if self.key(subject) != self.key(obj):
                    made.append(self._fact(subject, prop, obj, rule))
        return made

    def literal(self, subject: Mention, prop: str, value: LiteralValue, rule: str) -> list[MentionFact]:
        """``prop`` from the subject to a literal (a rule switched off makes none)."""
        if not self.rules.enabled(rule):
            return []
        evidence = self._evidence(self.sentences.at(subject.start), rule)
        return [MentionFact(Fact(self.key(subject), prop, value, [evidence]), (subject.start, subject.end), None)]

    def _fact(self, subject: Mention, prop: str, obj: Mention, rule: str) -> MentionFact:
        evidence = self._evidence(self.sentences.at(subject.start), rule)
        fact = Fact(self.key(subject), prop, self.key(obj), [evidence])
        return MentionFact(fact, (subject.start, subject.end), (obj.start, obj.end))

    def _evidence(self, sentence: Sentence, rule: str) -> Evidence:
        return Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                        self.rules.name(rule), self.rules.confidence(rule))


def linked_facts(links: Iterable[CandidateLink], mentions: list[Mention], maker: FactMaker) -> list[MentionFact]:
    """The facts of candidate links whose two names both became mentions."""
    by_span = {(m.start, m.end): m for m in mentions}
    made = []
    for link in links:
        subject, obj = by_span.get(link.subject.span), by_span.get(link.object.span)
        if subject is not None and obj is not None:
            made += maker.facts([subject], link.property, [obj], link.rule)
    return made
