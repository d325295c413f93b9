"""Coinages in quotes (“new-quality productive forces”) name concepts."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("quoted-term", Stage.PARSED)
def quoted_term(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                settings: RuleSettings) -> list[Candidate]:
    """A nominal phrase of at most ``close_within`` tokens between an opening and a closing quote;
    a quoted modifier ("chokepoint" technologies) takes the noun after it. A quote listed as an
    example of a name ("two Major Plans including “X”") is a title of that name's class: it may be
    as long as ``example_close_within`` and outranks listed names inside it, as the quotes delimit it.
    So does a quoted name before a kind's word ('a "Young Talents" program' names the programme
    "Young Talents")."""
    opening, closing = settings.option("opening_quotes"), settings.option("closing_quotes")
    within, example_within = settings.option("close_within"), settings.option("example_close_within")
    new: list[Candidate] = []
    closed: set[int] = set()  # a straight quote that closed a quotation opens none
    for start in (t.i for t in doc if t.text in opening):
        if start in closed:
            continue
        example_of = _example_class(doc, start, found, settings.option("example_markers"))
        limit = example_within if example_of else within
        end = next((t.i for t in doc[start + 1:start + 1 + limit] if t.text in closing), None)
        if end is not None:
            closed.add(end)
        if end is None or end - start < 2:
            continue
        inner = doc[start + 1:end]
        if any(_is_clause_verb(t) for t in inner) or not any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in inner):
            continue
        modifier = end + 1 < len(doc) and doc[end + 1].pos_ == "NOUN" and doc[end].head.i != doc[end].i
        named_kind = context.lexicon.suffix_cues.get(doc[end + 1].text.capitalize()) if modifier else None
        cls = example_of or named_kind or settings.option("class")
        priority = settings.option("example_priority") if example_of or named_kind else settings.priority
        new.append(Candidate(start + 1, end + 2 if modifier and not named_kind else end, cls, settings.name,
                             settings.confidence, None, priority))
    return new


def _is_clause_verb(token: Token) -> bool:
    """A verb that makes the quote a clause, not a participle modifying a noun ("cutting-edge")."""
    return token.pos_ == "VERB" and token.dep_ not in ("amod", "compound")


def _example_class(doc: Doc, quote: int, found: Sequence[Candidate], markers: Sequence[str]) -> str | None:
    """The class of a name the quote is listed as an example of: "two Major Plans including “X”"
    makes X a plan."""
    for marker in markers:
        words = marker.split()
        before = quote - len(words)
        if before > 0 and [t.lower_ for t in doc[before:quote]] == words:
            return next((c.cls for c in found if c.end == before), None)
    return None
