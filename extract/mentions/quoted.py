"""Coinages in quotes (“new-quality productive forces”) name concepts."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("quoted-term", Stage.PARSED)
def quoted_term(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                settings: RuleSettings) -> list[Candidate]:
    """A nominal phrase of at most ``close_within`` tokens between an opening and a closing quote;
    a quoted modifier ("chokepoint" technologies) takes the noun after it."""
    opening, closing = settings.option("opening_quotes"), settings.option("closing_quotes")
    within = settings.option("close_within")
    new: list[Candidate] = []
    for start in (t.i for t in doc if t.text in opening):
        end = next((t.i for t in doc[start + 1:start + 1 + within] if t.text in closing), None)
        if end is None or end - start < 2:
            continue
        inner = doc[start + 1:end]
        if any(t.pos_ == "VERB" for t in inner) or not any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in inner):
            continue
        modifier = end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN" and doc[end].head.i != doc[end].i
        new.append(Candidate(start + 1, end + 2 if modifier else end, settings.option("class"), settings.name,
                             settings.confidence, None, settings.priority))
    return new
