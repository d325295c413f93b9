"""An acronym in a list of organisations ("BSI, AFNOR, QXRT and ISO") that nothing named is one of
them too: it takes the class most of its named siblings share."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import ACRONYM
from .registry import MentionContext, Stage, mention_rule


@mention_rule("list-sibling", Stage.MEMBERS)
def list_siblings(doc: Doc, chosen: Sequence[Candidate], context: MentionContext,
                  settings: RuleSettings) -> list[Candidate]:
    """Each uncovered acronym conjoined with at least ``min_named`` names of one ``classes`` class."""
    by_token = {i: c for c in chosen for i in range(c.start, c.end)}
    new: list[Candidate] = []
    for token in doc:
        if token.i in by_token or token.pos_ != "PROPN" or not ACRONYM.match(token.text):
            continue
        siblings = [by_token[t.i] for t in _list_of(token) if t.i in by_token]
        counts = Counter(c.cls for c in siblings if context.top_class(c.cls) in settings.option("classes"))
        if counts and counts.most_common(1)[0][1] >= settings.option("min_named"):
            cls = counts.most_common(1)[0][0]
            new.append(Candidate(token.i, token.i + 1, cls, settings.name, settings.confidence, None, settings.priority))
    return new


def _list_of(token: Token) -> list[Token]:
    """The members of the list ``token`` is in: its conjuncts, and appositions the parser hangs on them."""
    head = token.head if token.dep_ in ("conj", "appos") else token
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    members = [head, *head.conjuncts]
    return [t for m in members for t in (m, *(c for c in m.children if c.dep_ == "appos")) if t is not token]
