"""A country's policy instrument: "US sanctions", "Dutch export controls" name a Policy entity
after the country, while the country keeps its own mention."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("pattern-instrument", Stage.PARSED)
def instrument(doc: Doc, found: Sequence[Candidate], context: MentionContext,
               settings: RuleSettings) -> list[Candidate]:
    """An instrument noun right after a country's name or demonym; its name is both words."""
    lexicon, owner_class = context.lexicon, settings.option("owner_class")
    new: list[Candidate] = []
    for token in doc:
        cls = lexicon.instrument_class(token.lemma_.lower())
        if not cls or token.pos_ != "NOUN":
            continue
        country = next((c for c in found if c.cls == owner_class and c.end == token.i), None)
        if country is not None:
            owner = doc[country.start:country.end].text
        elif token.i > 0 and doc[token.i - 1].text in lexicon.demonyms:
            owner = doc[token.i - 1].text
        else:
            continue
        new.append(Candidate(token.i, token.i + 1, cls, settings.name, settings.confidence, None, settings.priority,
                             f"{owner} {token.text}"))
    return new
