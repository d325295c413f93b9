"""Facts between the mentions of a foreign section, keyed as the resolver will key them.

:class:`FactMaker` is the one place a foreign reader makes a fact: it gives the fact its
evidence (the sentence, the rule's name and confidence) and, at the end, the weak co-mention links
between entities of one sentence that no rule linked.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..knowledge import Gazetteer
from ..model import Evidence, Fact, Mention, Sentence
from .candidates import CandidateLink, SentenceIndex, mention_key
from .settings import CO_MENTION, LanguageRules


class FactMaker:
    """Facts between mentions, keyed as the resolver will key them, with the sentence as evidence."""

    def __init__(self, gazetteer: Gazetteer, sentences: SentenceIndex, rules: LanguageRules) -> None:
        self.gazetteer = gazetteer
        self.sentences = sentences
        self.rules = rules

    def key(self, mention: Mention) -> str:
        return mention_key(mention, self.gazetteer)

    def facts(self, subjects: Iterable[Mention], prop: str, objects: Iterable[Mention], rule: str) -> list[Fact]:
        """``prop`` from each subject to each object (a rule switched off makes none)."""
        if not self.rules.enabled(rule):
            return []
        objects = list(objects)
        made = []
        for subject in subjects:
            for obj in objects:
                if self.key(subject) != self.key(obj):
                    made.append(self._fact(self.key(subject), prop, self.key(obj), subject, rule))
        return made

    def _fact(self, subject: str, prop: str, obj: str, anchor: Mention, rule: str) -> Fact:
        sentence = self.sentences.at(anchor.start)
        return Fact(subject, prop, obj, [self._evidence(sentence, rule)])

    def _evidence(self, sentence: Sentence, rule: str) -> Evidence:
        return Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                        self.rules.name(rule), self.rules.confidence(rule))

    def co_mentions(self, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
        """The weak ``relatedTo`` link between entities of one sentence that no rule linked."""
        if not self.rules.enabled(CO_MENTION):
            return []
        linked = {frozenset((f.subject, f.object)) for f in facts if isinstance(f.object, str)}
        by_sentence: dict[int, dict[str, Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence_index, {}).setdefault(self.key(mention), mention)
        weak: list[Fact] = []
        for group in by_sentence.values():
            keys = sorted(group)
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if frozenset((a, b)) not in linked:
                        linked.add(frozenset((a, b)))
                        weak.append(self._fact(a, "relatedTo", b, group[a], CO_MENTION))
        return weak


def linked_facts(links: Iterable[CandidateLink], mentions: list[Mention], maker: FactMaker) -> list[Fact]:
    """The facts of candidate links whose two names both became mentions."""
    by_span = {(m.start, m.end): m for m in mentions}
    made = []
    for link in links:
        subject, obj = by_span.get(link.subject.span), by_span.get(link.object.span)
        if subject is not None and obj is not None:
            made += maker.facts([subject], link.property, [obj], link.rule)
    return made
