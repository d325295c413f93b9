"""Verb clauses: ``svo`` ("X funds Y"), ``passive`` ("Y is funded by X") and ``verb-prep`` (a verb
or phrase of the lexicon taking its object through a preposition: "X relies on Y").

One reading of each verb decides which of the three rules it belongs to; each rule keeps its own."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..knowledge import VerbSense
from ..model import Fact
from ..rules import RuleSettings
from .arguments import entities_of, entities_of_all, is_passive, is_purpose_clause, pobjects, subject_tokens
from .context import RelationContext
from .registry import RELATION_RULES


@dataclass(frozen=True)
class VerbReading:
    """What the lexicon makes of one verb: the property, the rule and where its objects are."""

    rule: str
    senses: tuple[VerbSense, ...]  # the first that fits the arguments' classes is meant
    objects: list[Token]
    passive: bool
    patient_is_subject: bool  # "initiatives were implemented in sectors": the patient is the subject
    inverse: bool  # "X receives support from Y": Y supports X
    moved: tuple[Token, ...] = ()  # "S merged X into Y": what an inverse preposition verb moves is the fact's, not S's


@RELATION_RULES.register("verb-prep")
@RELATION_RULES.register("passive")
@RELATION_RULES.register("svo")  # decorators apply bottom-up: svo registers first
def verb_clause_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """The facts of every verb whose reading is this rule's (``settings.name``)."""
    facts: list[Fact] = []
    for verb in context.tokens("VERB", "AUX"):
        if verb.i in context.by_token:
            continue  # a word of a name ("Notice on Strengthening ...") states nothing
        reading = read_verb(context, verb)
        if reading is not None and reading.rule == settings.name:
            facts += _clause_facts(context, settings, verb, reading)
    return facts


def read_verb(context: RelationContext, verb: Token) -> VerbReading | None:
    """The lexicon's reading of ``verb``, or None where it names no property (copulas go to copula.py)."""
    lexicon = context.lexicon
    lemma = verb.lemma_.lower()
    if lemma == "be":
        return None
    passive = is_passive(verb)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd")]
    senses = lexicon.verbs.get(lemma)
    rule = "passive" if passive else "svo"
    inverse = False
    for phrase in lexicon.phrases:
        found = _phrase_objects(verb, phrase.lemmas[1:]) if phrase.lemmas[0] == lemma else None
        if found or (found is not None and passive):  # "X was set up by Y": the phrase, its object the subject
            senses, rule, inverse = (VerbSense(phrase.property),), "verb-prep", phrase.inverse
            objects = found
    patient_is_subject = False
    moved: tuple[Token, ...] = ()
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        entry = lexicon.verb_prep(lemma, prep.lower_)
        if entry is not None and not _only_dates(prep):
            senses, rule, patient_is_subject = (VerbSense(entry.property),), "verb-prep", entry.patient_is_subject
            inverse = entry.inverse
            objects = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
            moved = tuple(c for c in verb.children if c.dep_ == "dobj") if inverse and not passive else ()
    if senses is None:
        return None
    return VerbReading(rule, senses, objects, passive, patient_is_subject, inverse, moved)


def _clause_facts(context: RelationContext, settings: RuleSettings, verb: Token, reading: VerbReading) -> list[Fact]:
    subject_words, _ = subject_tokens(verb)
    if reading.passive and not reading.patient_is_subject and not (reading.rule == "verb-prep" and reading.objects):
        agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
        patients = subject_words if verb.dep_ != "advcl" or subject_words else _clause_objects(verb.head)
        if not any(c.dep_ == "nsubjpass" for c in verb.children) and verb.dep_ == "advcl":
            patients = _clause_objects(verb.head)
            agents += pobjects(verb, settings.option("purpose_agent_preps"))
        subjects = entities_of_all(context, agents)
        targets = entities_of_all(context, patients)
    else:
        subjects = entities_of_all(context, list(reading.moved) or subject_words)
        if not subjects and is_purpose_clause(verb):  # an unnamed instrument: its user's purpose
            subjects = entities_of_all(context, subject_tokens(verb.head)[0])
        targets = entities_of_all(context, reading.objects)
        if not targets:
            targets = [m for o in reading.objects if o.dep_ == "pcomp" for d in o.children if d.dep_ == "dobj"
                       for m in entities_of(context, d)]
    if verb.lemma_.lower() in context.lexicon.founding_verbs and (reading.passive or verb.dep_ == "acl"):
        return []  # "X established in 2023" dates X (dates.py), it does not found anything
    if reading.rule == "verb-prep" and any(o.head.lower_ in settings.option("locative_preps") for o in reading.objects):
        places = set(settings.option("place_classes"))
        targets = [t for t in targets if t.cls not in places and context.knowledge.top_class(t.cls) not in places]
    if reading.inverse:
        subjects, targets = targets, subjects
    return [context.fact(settings, s, context.knowledge.sense(reading.senses, s, o), o, verb)
            for s in subjects for o in targets if s.key != o.key]


def _only_dates(prep: Token) -> bool:
    """"implemented the plan in 2016": a date after the preposition is when, not what."""
    objects = [o for o in prep.children if o.dep_ in ("pobj", "pcomp")]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _phrase_objects(verb: Token, rest: tuple[str, ...]) -> list[Token] | None:
    """Objects of "pose risks to X" / "set up X": follow the phrase's words down the tree; None
    when the words are not there."""
    frontier = [verb]
    for word in rest:
        following = [c for t in {verb, *frontier} for c in t.children if c.lemma_.lower() == word and c.dep_ in
                     ("dobj", "prep", "prt", "pobj")]
        if not following:
            return None
        frontier = following
    last = frontier[-1]
    if last.dep_ == "prt":
        return [c for c in verb.children if c.dep_ == "dobj"]
    return [c for c in last.children if c.dep_ in ("pobj", "dobj")]


def _clause_objects(verb: Token) -> list[Token]:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for xcomp in (c for c in verb.children if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB"):
        objects += [c for c in xcomp.children if c.dep_ == "dobj"]
    return objects
