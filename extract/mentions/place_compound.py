"""Places glued by hyphens name one region: "Beijing-Tianjin-Hebei" is none of the three alone,
nor is "Chengdu-Chongqing" either city."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("place-compound", Stage.PARSED)
def place_compound(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                   settings: RuleSettings) -> list[Candidate]:
    """Two or more ``place_classes`` names each glued to the next by a hyphen without spaces."""
    places = sorted((c for c in found if context.top_class(c.cls) in settings.option("place_classes")
                     or c.cls in settings.option("place_classes")), key=lambda c: (c.start, -c.end))
    starting = {c.start: c for c in reversed(places)}  # the longest place at each start
    new: list[Candidate] = []
    covered_until = -1
    for first in places:
        if first.start <= covered_until:
            continue
        end, count = first.end, 1
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and not doc[end].whitespace_ and (following := starting.get(end + 1)) is not None:
            end, count = following.end, count + 1
        if count > 1:
            new.append(Candidate(first.start, end, settings.option("class"), settings.name, settings.confidence,
                                 None, settings.priority))
            covered_until = end
    return new
