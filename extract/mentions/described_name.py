"""Names the text says what they are: "EHang, a drone maker", "the Chinese chipmaker Hua Hong". A
capitalised name nobody listed and NER missed is of the class its describing noun gives."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


@mention_rule("pattern-described-name", Stage.PARSED)
def described_name(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                   settings: RuleSettings) -> list[Candidate]:
    """A proper name in apposition with a ``heads`` noun, after it or before it, typed by that noun;
    a name only a rule of ``outranked_rules`` found (NER) is retyped so."""
    heads: dict[str, str] = settings.option("heads")
    ner = settings.option("outranked_rules")
    new: list[Candidate] = []
    for token in doc:
        cls = heads.get(token.lemma_.lower())
        if cls is None or token.pos_ != "NOUN":
            continue
        for name in _described(token):
            start, end = _name_span(name)
            taken = [c for c in [*found, *new] if c.start < end and start < c.end and not c.rule.startswith(ner)]
            if doc[start].text[:1].isupper() and not taken:  # what NER guessed, the description outranks
                new.append(Candidate(start, end, cls, settings.name, settings.confidence, None, settings.priority))
    return new


def _described(noun: Token) -> list[Token]:
    """The proper nouns ``noun`` describes: "X, a <noun>" (X its head), "the <noun> X" (X its
    apposition, or the name it is a compound of)."""
    names = []
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.i < noun.i:
        names.append(noun.head)
    names += [c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i == noun.i + 1]
    if noun.dep_ == "compound" and noun.head.pos_ == "PROPN" and noun.head.i > noun.i:
        names.append(noun.head)
    return names


def _name_span(name: Token) -> tuple[int, int]:
    """The capitalised words of a name around its head: its compound and flat parts."""
    parts = [name, *(c for c in name.children if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN")]
    return min(t.i for t in parts), max(t.i for t in parts) + 1
