"""Figures: each quantity of a sentence as an observation of one entity — what it measures (the noun
the number counts, the noun a sum is "of", the subject of "rose to 5.5%"), who it is about (the
possessor, the owner after "for"/"at", else the clause's subject), its year and its qualifier.

Precision first: a number whose entity the sentence does not make clear is left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..model import Evidence, Mention, Observation
from ..rules import RuleSettings
from ..sentences import ParsedSection
from .quantities import FigureWords, Quantity, find_quantities, load_figure_words
from .years import clause_year

SUBJECT_DEPS = ("nsubj", "nsubjpass")
MODIFIER_DEPS = ("compound", "amod", "nmod")


@dataclass(frozen=True)
class Measured:
    """What a quantity measures: the words for it and the token that heads them (None: a verb says it)."""

    words: str
    head: Token | None
    verb: Token | None
    part_of: bool = False  # "20 of China's provinces": a count of some of them, not China's count


class FigureExtractor:
    """One stage: a parsed section and its resolved mentions in, observations with evidence out."""

    def __init__(self, settings: RuleSettings, words: FigureWords | None = None) -> None:
        self.settings = settings
        self.words = words or load_figure_words()

    def extract(self, parsed: ParsedSection, mentions: list[Mention]) -> list[Observation]:
        doc = parsed.doc
        by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = parsed.span_of(mention.start, mention.end)
            for token in span or ():
                by_token.setdefault(token.i, mention)
        observations: list[Observation] = []
        for quantity in find_quantities(doc, self.words, skip=set(by_token)):
            measured = self._measured(doc, quantity)
            if measured is None:
                continue
            subject = self._subject(measured, quantity, doc, by_token)
            if subject is None:
                continue
            indicator = self._indicator(measured, quantity, mentions, parsed)
            sentence = parsed.sentence_of(quantity.number)
            evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                                self.settings.name, self.settings.confidence)
            observations.append(Observation(
                subject.key, indicator.key if indicator is not None else None,
                quantity.value, quantity.unit, clause_year(parsed, quantity), self._qualifier(quantity, measured),
                [evidence], measured.words))
        return observations

    # -- what is measured ------------------------------------------------------------------------
    def _measured(self, doc: Doc, quantity: Quantity) -> Measured | None:
        number = doc[quantity.number]
        root = doc[quantity.end - 1] if quantity.unit != "count" else number
        while root.head.i != root.i and quantity.start <= root.head.i < quantity.end:
            root = root.head
        if quantity.unit == "count":
            # "42,000 scientists", "20 of China's provinces"
            if root.dep_ == "nummod" and root.head.pos_ in ("NOUN", "PROPN"):
                return Measured(_noun_words(root.head), root.head, _governing_verb(root.head))
            of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is not None and quantity.value >= 2:
                return Measured(_noun_words(obj), obj, _governing_verb(root), part_of=True)
            return None
        # "CNY9 trillion of total robotics output"
        of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of is not None else None
        if obj is not None and quantity.unit != "percent":
            return Measured(_noun_words(obj), obj, _governing_verb(root))
        # "a budget of 29.5 billion yuan", "the OECD average of 2.7%"
        if root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
            noun = root.head.head
            return Measured(_noun_words(noun), noun, _governing_verb(noun))
        verb = _governing_verb(root)
        if verb is None:
            return None
        # "lift the bioeconomy's output to CNY15 trillion": the verb's object is what reaches the figure
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if obj is not None and root.head.dep_ == "prep" and root.head.lower_ == "to":
            return Measured(_noun_words(obj), obj, verb)
        measure = self.words.money_verbs.get(verb.lemma_.lower())
        if measure and quantity.unit != "percent":
            return Measured(measure, None, verb)
        # "R&D intensity rose to 5.5 percent": the subject is what the figure measures
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.pos_ in ("NOUN", "PROPN")), None)
        if subject is not None:
            return Measured(_noun_words(subject), subject, verb)
        return None

    def _indicator(self, measured: Measured, quantity: Quantity, mentions: list[Mention],
                   parsed: ParsedSection) -> Mention | None:
        """The Indicator entity naming the measure: the measured noun itself, or for an aggregate
        ("the OECD average of 2.7%") the indicator named last before it in the sentence."""
        head = measured.head
        if head is None:
            return None
        named = next((m for m in mentions if m.cls == "Indicator" and (s := parsed.span_of(m.start, m.end)) is not None
                      and s.start <= head.i < s.end), None)
        if named is not None or head.lemma_.lower() not in self.words.aggregate_nouns:
            return named
        here = parsed.doc[quantity.start].idx + parsed.offset
        sentence = parsed.sentence_of(quantity.number)
        before = [m for m in mentions if m.cls == "Indicator" and sentence.start <= m.start and m.end <= here]
        return before[-1] if before else None

    # -- who it is about ---------------------------------------------------------------------------
    def _subject(self, measured: Measured, quantity: Quantity, doc: Doc, by_token: dict[int, Mention]) -> Mention | None:
        head = measured.head
        if head is not None and not measured.part_of:
            for child in head.children:
                # "China's R&D intensity", "the OECD average", "robotics output" (a compound names the
                # owner of an amount, not of a count: "13 national lab directors" are not the labs' count)
                if child.dep_ == "poss" or (child.dep_ in MODIFIER_DEPS and quantity.unit != "count"):
                    owner = next((by_token[t.i] for t in child.subtree if t.i in by_token), None)
                    if owner is not None:
                        return owner
                # "20,321 awards for the General Program", "researchers at the academy"
                if child.dep_ == "prep" and child.lower_ in self.words.owner_preps:
                    owner = _sole_owner(child, by_token, head)
                    if owner is not None:
                        return owner
        verb = measured.verb
        if verb is None or (head is not None and not _argument_of(head, verb)):
            return None  # "companies with annual revenue of CNY10 billion": the revenue is not the subject's
        # "approved 1,200 awards for the Youth Program": the owner attached to the verb
        if head is not None and head.dep_ == "dobj":
            for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.words.owner_preps):
                owner = _sole_owner(prep, by_token, head)
                if owner is not None:
                    return owner
        # "The foundation received 290,000 applications and approved 48,000 grants"; "the third
        # phase of the fund raised 344 billion yuan": the fund
        for subject in _clause_subjects(verb):
            if head is not None and subject.i == head.i:
                continue
            if subject.i in by_token:
                return by_token[subject.i]
            owner = next((o for p in subject.children if p.dep_ == "prep" and p.lower_ in self.words.owner_preps
                          if (o := _sole_owner(p, by_token, head)) is not None), None)
            if owner is not None:
                return owner
        return None

    def _qualifier(self, quantity: Quantity, measured: Measured) -> str | None:
        parts = [quantity.qualifier] if quantity.qualifier else []
        verb = measured.verb
        if verb is not None:
            cues = {verb.lemma_.lower()} | {c.lower_ for c in verb.children if c.dep_ in ("aux", "prep")}
            if verb.head.i != verb.i and verb.dep_ == "xcomp":
                cues.add(verb.head.lemma_.lower())
            if cues & self.words.target_cues:
                parts.append("target")
            by_quantity = is_change(quantity, verb)
            if verb.lemma_.lower() in self.words.growth_verbs and quantity.unit == "percent" and by_quantity:
                parts.append("growth")
        return ", ".join(parts) or None


def _sole_owner(prep: Token, by_token: dict[int, Mention], measured: Token | None) -> Mention | None:
    """The named object of an owner preposition, unless it is the first of a list, however the parser
    hangs the list ("delegates from Japan and four other countries" are no count of Japan's); a
    coordinator starting a parallel figure ("300 awards for X and 25 awards for Y") ends no list."""
    def listed(token: Token) -> bool:
        doc = token.doc
        others = list(token.conjuncts)
        if token.i + 1 < len(doc) and doc[token.i + 1].dep_ == "cc":
            others += [t for t in doc[token.i + 2:token.i + 6] if t.pos_ in ("NOUN", "PROPN")][:1]
        return any(measured is None or t.lemma_ != measured.lemma_ for t in others)
    return next((by_token[o.i] for o in prep.children if o.dep_ == "pobj" and o.i in by_token and not listed(o)), None)


def _noun_words(noun: Token) -> str:
    """"R&D intensity", "deputy directors": the noun with the modifiers right before it."""
    start = noun.i
    while start > 0 and noun.doc[start - 1].head.i == noun.i and noun.doc[start - 1].dep_ in ("compound", "amod"):
        start -= 1
    return noun.doc[start:noun.i + 1].text


def is_change(quantity: Quantity, verb: Token) -> bool:
    """"grew by 12 percent", "rose 12%" (a change), not "rose to 5.5 percent" (a level)."""
    def inside(token: Token) -> bool:
        return quantity.start <= token.i < quantity.end
    if any(c.dep_ in ("npadvmod", "dobj") and inside(c) for c in verb.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "by" and any(inside(t) for t in c.subtree) for c in verb.children)


def _governing_verb(token: Token) -> Token | None:
    """The verb whose clause the phrase headed by ``token`` is an argument of (through prepositions
    and coordinated nouns: "six directors and twelve departments")."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") and node is not token:
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _argument_of(noun: Token, verb: Token) -> bool:
    """``noun`` is an argument of ``verb`` itself (through coordination or one preposition), not a
    noun inside another noun's phrase."""
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    if noun.head.i == verb.i:
        return True
    return noun.dep_ == "pobj" and noun.head.dep_ in ("prep", "agent") and noun.head.head.i == verb.i


def _clause_subjects(verb: Token) -> list[Token]:
    """The verb's subject, or that of the verb it is coordinated with or controlled by."""
    node = verb
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return []
        node = node.head
    return []
