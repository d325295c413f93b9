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
    """A listed demonym modifying a noun, which spaCy's NER also reads as a nationality or place."""
    demonyms = context.lexicon.demonyms
    deps, entity_types = settings.option("deps"), settings.option("entity_types")
    return [Candidate(t.i, t.i + 1, settings.option("class"), settings.name, settings.confidence, demonyms[t.text],
                      settings.priority)
            for t in doc if t.text in demonyms and t.dep_ in deps and t.ent_type_ in entity_types]
