"""Dates: ``date`` ("the Spring Innovation Forum in April 2021" dates an event) and
``founding-date`` ("X established in 2023", "X was set up in 2018" -> X establishedIn 2023).
One reading of each date; each rule keeps its own facts."""
from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from ..model import Fact, LiteralValue, Mention
from ..rules import RuleSettings
from .arguments import entities_of_all, is_passive, subject_tokens
from .context import RelationContext
from .registry import RELATION_RULES

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def date_literal(text: str, months: Sequence[str]) -> LiteralValue | None:
    """"December 2023" -> gYearMonth 2023-12; "2023" -> gYear; "9 April 2021" -> date.
    ``months`` are the month names in order, lower-case."""
    numbers = {name: number for number, name in enumerate(months, start=1)}
    words = re.findall(r"[A-Za-z]+|\d+", text)
    year = next((w for w in words if YEAR.fullmatch(w)), None)
    if year is None:
        return None
    month = next((numbers[w.lower()] for w in words if w.lower() in numbers), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and 1 <= int(w) <= 31), None)
    if month and day:
        return LiteralValue(f"{year}-{month:02d}-{day:02d}", "date")
    if month:
        return LiteralValue(f"{year}-{month:02d}", "gYearMonth")
    return LiteralValue(year, "gYear")


@RELATION_RULES.register("action-date")
@RELATION_RULES.register("founding-date")
@RELATION_RULES.register("date")  # decorators apply bottom-up: date registers first
def date_facts(context: RelationContext, settings: RuleSettings) -> list[Fact]:
    """The facts of every "in/on/of <date>" that are this rule's (``settings.name``): an event's
    date; a founding ("X established in 2023") as establishedIn; another dated action ("the
    rules were issued on 9 April 2021", "the scheme began in May 2019") as the
    date of what the action was done to — as precise as the text is."""
    doc = context.parsed.doc
    events = context.knowledge.classes_under(settings.option("event_classes"))
    facts: list[Fact] = []
    for ent in doc.ents:
        value = date_literal(ent.text, settings.option("months")) if ent.label_ == "DATE" else None
        prep = doc[ent.start - 1] if ent.start > 0 else None
        if value is None or prep is None or prep.lower_ not in settings.option("preps"):
            continue
        governor = prep.head
        # the date right after an event's name dates the event, wherever the parser hung it
        before = context.by_token.get(prep.i - 1) if prep.i == ent.start - 1 else None
        mention = before if before is not None else context.by_token.get(governor.i)
        if mention is not None and mention.cls in events:
            if settings.name == "date":
                facts.append(context.fact(settings, mention, "date", value, prep))
            continue
        founding = governor.lemma_.lower() in context.lexicon.founding_verbs
        if settings.name == "founding-date" and founding and value.datatype == "gYear":
            facts += _founding_facts(context, settings, prep, governor, value)
        elif settings.name == "action-date" and governor.pos_ == "VERB" and (
                governor.lemma_.lower() in settings.option("verbs") or founding) and not (
                founding and value.datatype == "gYear"):
            facts += [context.fact(settings, m, "date", value, governor) for m in _patients(context, governor, settings)]
    return facts


def _founding_facts(context: RelationContext, settings: RuleSettings, prep: Token, governor: Token,
                    year: LiteralValue) -> list[Fact]:
    founded = _founded_before(context, prep)
    if founded is not None:
        return [context.fact(settings, founded, "establishedIn", year, prep)]
    if governor.pos_ != "VERB":
        return []
    subjects, _ = subject_tokens(governor)
    if governor.dep_ != "acl" and not is_passive(governor):
        subjects = [c for c in governor.children if c.dep_ == "dobj"]
    return [context.fact(settings, m, "establishedIn", year, governor) for m in entities_of_all(context, subjects)]


def _patients(context: RelationContext, verb: Token, settings: RuleSettings) -> list[Mention]:
    """What a dated action was done to: the passive subject, the noun a participle describes, the
    direct object, or the subject of an intransitive start ("the project started")."""
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        words = [verb.head]
    elif is_passive(verb):
        words, _ = subject_tokens(verb)
    elif verb.lemma_.lower() in settings.option("intransitive_verbs"):
        words, _ = subject_tokens(verb)
    else:
        words = [c for c in verb.children if c.dep_ == "dobj"]
    return entities_of_all(context, words)


def _founded_before(context: RelationContext, prep: Token) -> Mention | None:
    """"X established in 2023", "X was set up in 2018": the name right before the founding verb."""
    doc = prep.doc
    i = prep.i - 1
    if i >= 0 and doc[i].lower_ == "up":
        i -= 1
    if i < 1 or doc[i].lemma_.lower() not in context.lexicon.founding_verbs or doc[i].tag_ not in ("VBN", "VBD"):
        return None
    j = i - 1
    if doc[j].lemma_ == "be":
        j -= 1
    return context.by_token.get(j) if j >= 0 else None
