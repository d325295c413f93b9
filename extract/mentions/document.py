"""Documents named by a document noun: a listed document with a trailing "document" ("the Third
Plenum resolution document"), and the document of an event ("the Fifth Plenum communiqué", "the
communiqué document of the Fifth Plenum"), keyed by the event so the resolver can find the listed
document and the pipeline can say the event issued it."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..model import NameKey
from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import np_start
from .registry import MentionContext, Stage, mention_rule


@mention_rule("listed-document", Stage.PARSED)
def listed_document(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                    settings: RuleSettings) -> list[Candidate]:
    """A listed document and the document noun after it, kept with the listed name's rule and
    confidence, ``priority_boost`` above it."""
    classes, nouns = settings.option("document_classes"), context.lexicon.document_nouns
    return [replace(c, end=c.end + 1, priority=c.priority + settings.option("priority_boost"))
            for c in found if c.cls in classes and c.end < len(doc) and doc[c.end].lower_ in nouns]


@mention_rule("pattern-document", Stage.PARSED)
def event_document(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                   settings: RuleSettings) -> list[Candidate]:
    """A document noun just after a listed event (``priority``), or with the event in a
    prepositional phrase after it (``priority_event_after``)."""
    events = [c for c in found if c.cls in settings.option("event_classes") and isinstance(c.key, str)]
    window = settings.option("event_window")
    cls = settings.option("class")
    new: list[Candidate] = []
    for token in doc:
        if token.lower_ not in context.lexicon.document_nouns or token.pos_ not in ("NOUN", "PROPN") \
                or token.dep_ == "compound":
            continue
        before = next((c for c in events if token.i - window <= c.end <= token.i), None)
        if before is not None:
            key = NameKey("document", doc[before.end:token.i + 1].lemma_.lower(), before.key)
            new.append(Candidate(before.start, token.i + 1, cls, settings.name, settings.confidence, key,
                                 settings.priority))
            continue
        after = _event_after(token, events, settings.option("event_preps"))
        if after is not None:
            start = np_start(token, settings.option("skipped_modifiers"), stop=token.i)
            key = NameKey("document", doc[start:token.i + 1].lemma_.lower(), after.key)
            new.append(Candidate(start, token.i + 1, cls, settings.name, settings.confidence, key,
                                 settings.option("priority_event_after")))
    return new


def _event_after(noun: Token, events: list[Candidate], preps: Sequence[str]) -> Candidate | None:
    """The event in "<noun> from/of/by <event>"."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None:
        return None
    return next((c for c in events if c.start <= obj.i < c.end), None)
