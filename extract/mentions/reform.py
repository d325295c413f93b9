"""Reforms named by what they reform: "the reform of the national research funding system"."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import np_end, np_start
from .registry import MentionContext, Stage, mention_rule


@mention_rule("pattern-reform", Stage.PARSED)
def reform(doc: Doc, found: Sequence[Candidate], context: MentionContext,
           settings: RuleSettings) -> list[Candidate]:
    """A ``heads`` noun with an "of" object: the phrase from its modifiers to the object's end; or
    with what it reforms before it ("the agricultural and forestry system reform"): the phrase
    from its modifiers to the noun, when a compound word before it is one of ``compound_objects``."""
    heads, preposition = settings.option("heads"), settings.option("preposition")
    skipped = settings.option("skipped_modifiers")
    new: list[Candidate] = []
    for token in doc:
        if token.lemma_.lower() not in heads or token.pos_ != "NOUN":
            continue
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == preposition), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is not None:
            new.append(Candidate(np_start(token, skipped), np_end(obj), settings.option("class"), settings.name,
                                 settings.confidence, None, settings.priority))
        elif any(c.dep_ == "compound" and c.lemma_.lower() in settings.option("compound_objects") for c in token.children):
            new.append(Candidate(np_start(token, skipped), token.i + 1, settings.option("class"), settings.name,
                                 settings.confidence, None, settings.priority))
    return new
