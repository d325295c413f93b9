"""Facts from word order, for text without a usable parse: relation verbs found by form or stem
(:class:`StemVerbs`), and subjects and objects found around them (:class:`SurfaceRelations`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..lexicon_schema import VerbSense
from ..model import Mention, MentionFact
from .facts import FactMaker
from .labels import SKIPPED, Token, tokenize
from .lexicon import LanguageLexicon, fold


@dataclass(frozen=True)
class VerbHit:
    """A relation word in the text: its offsets, the property and whether it reads object -> subject."""

    start: int
    end: int
    property: str
    reverse: bool = False


@dataclass(frozen=True)
class Roles:
    """Who does what around one verb: the subject, the objects and the rule that found them."""

    subjects: list[Mention]
    objects: list[Mention]
    rule: str


class SurfaceRelations:
    """Facts from word order, for text without a parse: the last entity before a verb in its clause
    is its subject (with ``topic_subject``, a sentence that opens with an entity lends it to clauses
    that have none, as Chinese topic chains do); the list of entities after the verb is its object
    (the first list in head-first languages, the last one in Chinese, whose noun phrases end in
    their head). Lists are joined by coordinators; a passive marker or an agent preposition turns
    the roles round. A verb right after a list separator (、) names a list item, not a predicate; a
    name before a list separator or before an earlier verb of the clause is no subject of a later
    verb (in "X推动A和加快B" X does both); names joined to the subject share its role. What a pivot
    verb founds is the subject of the later clauses that name none ("组建X，负责Y，统筹Z": X does both)."""

    def __init__(self, lexicon: LanguageLexicon, head_final: bool, topic_subject: bool) -> None:
        self.lexicon = lexicon
        self.head_final = head_final
        self.topic_subject = topic_subject
        self.joiners = lexicon.coordinators | {fold(m) for m in lexicon.enumeration_markers}

    def facts(self, text: str, offset: int, mentions: list[Mention], verbs: list[VerbHit],
              maker: FactMaker) -> list[MentionFact]:
        """``text`` is one sentence starting at document offset ``offset``; ``mentions`` are its mentions."""
        made: list[MentionFact] = []
        clauses = self._clauses(text, offset)
        pivot: tuple[Mention, int] | None = None  # what a pivot verb founded, and where its clause ends
        for verb in verbs:
            if self._listed(text[:verb.start - offset]):
                continue
            clause = next(((s, e) for s, e in clauses if s <= verb.start < e), (offset, offset + len(text)))
            stop = self._list_end(text, offset, verb, mentions, min([clause[1]] + self._next_verb(verb, verbs)))
            first = min([verb.start] + [v.start for v in verbs if clause[0] <= v.start < verb.start])
            topic = pivot[0] if pivot is not None and pivot[1] <= clause[0] else None
            reciprocal = verb.property in self.lexicon.reciprocal_properties
            roles = self._partners(text, offset, mentions, (clause[0], first)) if reciprocal else None
            if roles is None and not (reciprocal and self.head_final):
                roles = self._agent(text, offset, verb, mentions, stop) or \
                    self._active(text, offset, verb, mentions, (clause[0], first), stop, topic)
                if reciprocal and roles is not None and not self._partnered(text, offset, verb, roles.objects):
                    roles = None  # "coopère avec Y": a partner; "coopère dans l'IA": a field, no partner
            if fold(text[verb.start - offset:verb.end - offset]) in self.lexicon.pivot_verbs:
                founded = self._objects(text, offset, verb, mentions, stop)
                pivot = (founded[0], clause[1]) if founded else pivot
            if roles is None:
                continue
            if verb.reverse:
                made += maker.facts(roles.objects, verb.property, roles.subjects, roles.rule)
            else:
                made += maker.facts(roles.subjects, verb.property, roles.objects, roles.rule)
        return made

    def _partners(self, text: str, offset: int, mentions: list[Mention], before: tuple[int, int]) -> Roles | None:
        """"X与Y合作", "X和Y在芯片领域开展合作": a reciprocal verb (of ``reciprocal_properties``) joins the
        last two names before it that one of ``partner_words`` links; in Chinese what follows it is
        no object ("合作研发芯片" is working together on chips)."""
        named = sorted((m for m in mentions if before[0] <= m.start and m.end <= before[1]), key=lambda m: m.start)
        gaps = [text[a.end - offset:b.start - offset] for a, b in zip(named, named[1:])]
        pairs = [(a, b) for a, b, gap in zip(named, named[1:], gaps)
                 if fold(gap.strip()) in self.lexicon.partner_words or self._joins(gap)]
        return Roles([pairs[-1][0]], [pairs[-1][1]], "surface-verb") if pairs else None

    def _partnered(self, text: str, offset: int, verb: VerbHit, objects: list[Mention]) -> bool:
        """Whether a partner word ("avec", "con") comes between the verb and its first object."""
        if not objects:
            return False
        between = tokenize(text[verb.end - offset:min(o.start for o in objects) - offset])
        return any(fold(t.text) in self.lexicon.partner_words for t in between)

    @staticmethod
    def _next_verb(verb: VerbHit, verbs: list[VerbHit]) -> list[int]:
        """Where the next verb not glued to this one starts: verbs written together share their
        object ("统筹推进X" coordinates and promotes X)."""
        end = verb.end
        for later in sorted((v for v in verbs if v.start >= verb.end), key=lambda v: v.start):
            if later.start != end:
                return [later.start]
            end = later.end
        return []

    def _list_end(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention], stop: int) -> int:
        """Where the verb's object ends: at ``stop``, or earlier at a list separator that does not
        stand between two names (the verb phrase is then one item of a list of verb phrases)."""
        ends, starts = {m.end for m in mentions}, {m.start for m in mentions}
        for separator in self.lexicon.list_separators:
            at = text.find(separator, verb.end - offset, stop - offset)
            while at >= 0:
                if offset + at not in ends or offset + at + len(separator) not in starts:
                    return offset + at
                at = text.find(separator, at + len(separator), stop - offset)
        return stop

    def _listed(self, before: str) -> bool:
        """Whether the text before a word ends with a list separator (the word starts a list item)."""
        return bool(self.lexicon.list_separators) and before.rstrip().endswith(self.lexicon.list_separators)

    def _active(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention], before: tuple[int, int],
                stop: int, topic: Mention | None = None) -> Roles | None:
        """Subject in ``before`` (the clause up to its first verb), else ``topic``, objects after the
        verb up to ``stop``; "X受Y制约" (a passive marker before the subject found) makes that
        subject the agent and X (or, across a clause mark, ``topic``) the patient."""
        subject = self._subject(text, offset, verb, mentions, before) or (
            topic if topic is not None and not any(before[0] <= m.start < verb.start for m in mentions) else None)
        if subject is None:
            return None
        if subject is topic:
            objects = self._objects(text, offset, verb, mentions, stop)
            return Roles([topic], objects, "surface-verb") if objects else None
        agents = self._coordinated(text, offset, subject, mentions)
        patient = self._passive_patient(text, offset, agents[-1], mentions, topic)
        if patient is not None:
            return Roles(agents, [patient], "surface-passive")  # "由X会同Y制定": X and Y act
        objects = self._objects(text, offset, verb, mentions, stop)
        return Roles(agents, objects, "surface-verb") if objects else None

    def _coordinated(self, text: str, offset: int, subject: Mention, mentions: list[Mention]) -> list[Mention]:
        """The subject and the names joined to it before it ("中共中央、国务院印发", "A y B impulsan")."""
        group = [subject]
        for earlier in sorted((m for m in mentions if m.end <= subject.start), key=lambda m: -m.end):
            if not self._joins(text[earlier.end - offset:group[-1].start - offset]):
                break
            group.append(earlier)
        return group

    def _clauses(self, text: str, offset: int) -> list[tuple[int, int]]:
        marks = "".join(re.escape(m) for m in self.lexicon.clause_marks)
        bounds = [0] + [m.end() for m in re.finditer(f"[{marks}]", text)] + [len(text)]
        return [(offset + a, offset + b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def _subject(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention],
                 span: tuple[int, int]) -> Mention | None:
        before = [m for m in mentions if span[0] <= m.start and m.end <= span[1]]
        if before:
            subject = self._head(text, offset, max(before, key=lambda m: (m.end, -m.start)), before)
            return None if self._separated(text[subject.end - offset:verb.start - offset]) else subject
        topic = mentions[0] if mentions and self.topic_subject else None
        return topic if topic is not None and not text[:topic.start - offset].strip() and topic.end <= verb.start else None

    def _separated(self, gap: str) -> bool:
        """Whether a list separator stands between a name and the verb after it."""
        return any(separator in gap for separator in self.lexicon.list_separators)

    def _head(self, text: str, offset: int, mention: Mention, before: list[Mention]) -> Mention:
        """In head-first languages the noun a name hangs on by "de" heads the phrase: the subject of
        "las sanciones de EE.UU. obstaculizan" is the sanctions."""
        if self.head_final:
            return mention
        for earlier in sorted((m for m in before if m.end <= mention.start), key=lambda m: -m.end):
            words = [fold(t.text) for t in tokenize(text[earlier.end - offset:mention.start - offset])]
            if not words or not any(w in self.lexicon.owner_prepositions for w in words) or \
                    not all(w in self.lexicon.owner_prepositions | self.lexicon.determiners | {"'"} for w in words):
                break
            mention = earlier
        return mention

    def _objects(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention], stop: int) -> list[Mention]:
        after = [m for m in mentions if verb.end <= m.start and m.end <= stop]
        if not after:
            return []
        ordered = list(reversed(after)) if self.head_final else after
        group = [ordered[0]]
        rest = [m for m in (reversed(mentions) if self.head_final else mentions)
                if (m.end <= ordered[0].start if self.head_final else m.start >= ordered[0].end)]
        for mention in rest:
            left, right = (mention, group[-1]) if self.head_final else (group[-1], mention)
            if left.end > right.start or not self._joins(text[left.end - offset:right.start - offset]):
                break
            group.append(mention)
        return group

    def _joins(self, gap: str) -> bool:
        """Whether the text between two mentions joins them into one list ("、", ", l'", " y ", "会同")."""
        if fold(gap.strip()) in self.joiners:  # a joining word of several characters (会同, 以及)
            return True
        words = [fold(t.text) for t in tokenize(gap) if t.text not in SKIPPED]
        if not words:
            return False
        allowed = self.joiners | self.lexicon.determiners | {"'"}
        return all(w in allowed for w in words) and any(w in self.joiners for w in words)

    def _agent(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention],
               stop: int) -> Roles | None:
        """"tecnologías dominadas por proveedores": the agent after the preposition acts on the name
        just before the participle."""
        after = tokenize(text[verb.end - offset:stop - offset], verb.end)
        if not after or fold(after[0].text) not in self.lexicon.agent_prepositions:
            return None
        agents = self._objects(text, offset, VerbHit(after[0].end, after[0].end, verb.property), mentions, stop)
        patients = [m for m in mentions
                    if m.end <= verb.start and len(tokenize(text[m.end - offset:verb.start - offset])) <= 3]
        if not agents or not patients:
            return None
        return Roles([agents[0]], [patients[-1]], "surface-passive")

    def _passive_patient(self, text: str, offset: int, agent: Mention, mentions: list[Mention],
                         topic: Mention | None) -> Mention | None:
        """The name before a passive marker that stands right before the phrase of ``agent`` (its
        modifiers included: 美国 in 受美国制裁制约), if any; across a clause mark, the sentence's
        ``topic`` ("组建X，…，由Y管理": Y manages X), else none."""
        if not self.lexicon.passive_markers:
            return None
        phrase = agent
        for earlier in sorted((m for m in mentions if m.end <= agent.start), key=lambda m: -m.end):
            gap = text[earlier.end - offset:phrase.start - offset].strip()
            if gap and gap not in self.lexicon.possessive:
                if not any(gap.endswith(marker) for marker in self.lexicon.passive_markers):
                    return None
                return topic if any(mark in gap for mark in self.lexicon.clause_marks) else earlier
            phrase = earlier
        return None


def verb_stem(verb: str) -> str | None:
    """"acelerar" -> "aceler": a folded infinitive without -ar/-er/-ir, when at least five letters
    remain (shorter stems match too many other words); None for any other listed form."""
    for ending in ("ar", "er", "ir"):
        if verb.endswith(ending) and len(verb) - len(ending) >= 5:
            return verb[: -len(ending)]
    return None


class StemVerbs:
    """Relation verbs in text without a parse: a listed form as a whole word, or an infinitive's
    stem followed by one of the language's verb endings (the longest stem wins)."""

    def __init__(self, lexicon: LanguageLexicon) -> None:
        entries = lexicon.verb_entries()
        self.forms = entries
        self.stems = sorted(((stem, value) for verb, value in entries.items() if (stem := verb_stem(verb))),
                            key=lambda e: -len(e[0]))
        self.endings = lexicon.verb_endings

    def match(self, word: str) -> VerbSense | None:
        folded = fold(word)
        if folded in self.forms:
            return self.forms[folded]
        return next((value for stem, value in self.stems
                     if folded.startswith(stem) and folded[len(stem):] in self.endings), None)

    def hits(self, tokens: Iterable[Token]) -> list[VerbHit]:
        found = []
        for token in tokens:
            matched = self.match(token.text)
            if matched is not None:
                found.append(VerbHit(token.start, token.end, matched.property, matched.inverse))
        return found

