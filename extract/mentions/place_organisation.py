"""A place plus a capitalised singular kind is one organisation: "Hefei National Laboratory" is a
research institute, not the city Hefei followed by a listed group of laboratories."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate, is_plural
from .phrases import cue_class
from .registry import MentionContext, Stage, mention_rule


@mention_rule("pattern-place-organisation", Stage.PARSED)
def place_organisation(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                       settings: RuleSettings) -> list[Candidate]:
    """A listed ``group_class`` name, capitalised, right after a listed place, typed by its head word."""
    group, places = settings.option("group_class"), settings.option("place_classes")
    new: list[Candidate] = []
    for c in found:
        if context.top_class(c.cls) != group or c.start == 0 or not doc[c.start].text[:1].isupper():
            continue
        place = next((p for p in found if p.end == c.start and p.cls in places), None)
        if place is None:
            continue
        span = doc[place.start:c.end]
        if not is_plural(span) and (cls := cue_class(span, context.lexicon)):
            new.append(Candidate(span.start, span.end, cls, settings.name, settings.confidence, None, settings.priority))
    return new
