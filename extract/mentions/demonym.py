"""A nationality word names its country too: "Chinese firms" mention China."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("demonym", Stage.PARSED)
def demonym(doc: Doc, found: Sequence[Candidate], context: MentionContext,
            settings: RuleSettings) -> list[Candidate]:
    """A listed demonym modifying a noun, which spaCy's NER also reads as a nationality or place;
    before a plural ``group_nouns`` noun ("Asian countries", "Nordic economies") the phrase names
    a group of countries (``group_class``), not the one the word names."""
    demonyms = context.lexicon.demonyms
    deps, entity_types = settings.option("deps"), settings.option("entity_types")
    found: list[Candidate] = []
    for t in doc:
        if t.dep_ not in deps or t.ent_type_ not in entity_types:
            continue
        if t.head.lemma_.lower() in settings.option("group_nouns") and t.head.tag_ == "NNS" and t.head.i == t.i + 1:
            found.append(Candidate(t.i, t.i + 2, settings.option("group_class"), settings.name, settings.confidence,
                                   None, settings.priority))
        elif t.text in demonyms:
            found.append(Candidate(t.i, t.i + 1, settings.option("class"), settings.name, settings.confidence,
                                   demonyms[t.text], settings.priority))
    return found
