"""A place plus a capitalised singular kind is one organisation: "Hefei National Laboratory" is a
research institute, not the city Hefei followed by a listed group of laboratories."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..knowledge import ORGANISATION_CLASSES
from ..rules import RuleSettings
from .candidate import Candidate, is_plural
from .phrases import cue_class, name_class
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
    return new + _possessed_bodies(doc, found, context, settings)


def _possessed_bodies(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                      settings: RuleSettings) -> list[Candidate]:
    """A place's own body, named by a singular noun its head word types as an organisation, after the
    place's possessive: "Guangdong's provincial government" is the Guangdong provincial government
    (the possessor may also be one of ``possessor_classes``, as "Beijing" stands for the state); a
    government body of a ``local_class`` place is of that class."""
    places = [*settings.option("place_classes"), *settings.option("possessor_classes")]
    local = settings.option("local_class")
    new: list[Candidate] = []
    for owner in found:
        if context.top_class(owner.cls) not in places or owner.end >= len(doc) or doc[owner.end].tag_ != "POS":
            continue
        head = _body_head(doc, owner.end + 1)
        if head is None:
            continue
        name = f"{doc[owner.start:owner.end].text} {doc[owner.end + 1:head.i + 1].text}"
        cls = name_class(name.title(), context.lexicon)
        if cls is None or context.top_class(cls) not in ORGANISATION_CLASSES:
            continue
        if owner.cls == local and context.top_class(cls) == context.top_class(local):
            cls = local  # a province's or city's government body is a local government
        new.append(Candidate(owner.start, head.i + 1, cls, settings.name, settings.confidence, None, settings.priority,
                             name))
    return new


def _body_head(doc: Doc, start: int) -> Token | None:
    """The singular common noun heading the phrase that starts at ``start`` with only adjectives and
    nouns before it ("provincial government", "science and technology bureau")."""
    for token in doc[start:start + 6]:
        if token.pos_ == "NOUN" and token.tag_ == "NN" and token.dep_ != "compound" and token.head.i >= token.i:
            return token if all(t.pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ") for t in doc[start:token.i]) else None
    return None
