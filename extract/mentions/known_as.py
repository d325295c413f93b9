"""Names a text gives a thing: "major projects (known as ‘Innovation 2030’)", "the Foundation
(hereinafter referred to as NSFC)", "a plan dubbed Qiming". The name is a mention of what it names:
the same entity when that is a mention already, else a new one typed by the head noun it names,
spanning the noun too, so that a clause about the noun is about the named entity."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..resolve import singular
from ..rules import RuleSettings
from .candidate import Candidate
from .registry import MentionContext, Stage, mention_rule


def _name_after(doc: Doc, i: int, quotes: frozenset[str], longest: int) -> tuple[int, int] | None:
    """The name starting at token ``i``: a quoted phrase, or a run of capitalised words."""
    if i < len(doc) and doc[i].text in quotes:
        end = next((j for j in range(i + 1, min(len(doc), i + longest + 2)) if doc[j].text in quotes), None)
        return (i + 1, end) if end is not None and end > i + 1 else None
    end = i
    while end < len(doc) and end - i < longest and (doc[end].text[:1].isupper() or doc[end].like_num) \
            and not doc[end].is_punct:
        end += 1
    return (i, end) if end > i else None


def _named_noun(cue: Token) -> Token | None:
    """The noun the naming words describe: their head noun, or the noun before the bracket they are in."""
    node = cue
    while node.head.i != node.i and node.pos_ not in ("NOUN", "PROPN"):
        node = node.head
    return node if node.pos_ in ("NOUN", "PROPN") and node.i != cue.i else None


@mention_rule("known-as", Stage.PARSED)
def given_names(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                settings: RuleSettings) -> list[Candidate]:
    quotes = context.lexicon.mention_words.quotes
    phrases = [tuple(p.split()) for p in settings.option("phrases")]
    first_words = {p[0] for p in phrases}  # most tokens start no phrase: skip them before slicing the doc
    new: list[Candidate] = []
    for token in doc:
        if token.lower_ not in first_words:
            continue
        phrase = next((p for p in phrases if tuple(t.lower_ for t in doc[token.i:token.i + len(p)]) == p), None)
        if phrase is None:
            continue
        span = _name_after(doc, token.i + len(phrase), quotes, settings.option("longest"))
        noun = _named_noun(token)
        if span is None or noun is None or noun.i >= span[0]:
            continue
        named = next((c for c in found if c.start <= noun.i < c.end), None)
        if named is not None:
            new.append(Candidate(*span, named.cls, settings.name, settings.confidence, named.key, settings.priority))
            continue
        head = singular(noun.text).title()
        cls = context.lexicon.suffix_cues.get(head) or context.lexicon.enumeration_heads.get(noun.lemma_.lower())
        if cls is not None:
            # the whole phrase, from the noun to the name, is one mention named by the name, so a
            # clause about "the projects (known as X)" is a clause about X
            start = min(t.i for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")) if any(
                t.dep_ in ("compound", "amod", "nmod") for t in noun.lefts) else noun.i
            new.append(Candidate(start, span[1], cls, settings.name, settings.confidence, None, settings.priority,
                                 doc[span[0]:span[1]].text))
    return new
