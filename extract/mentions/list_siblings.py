"""A name in a list of organisations ("BSI, AFNOR, QXRT and ISO"; "the Ocean Lab, the Polar
Station and the Harbour Institute") is one of them too: a capitalised name or acronym nothing named
takes the class its sure siblings share, and so does a listed name whose class no rule was sure of."""
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
    """Each uncovered acronym conjoined with at least ``min_named`` names of ``classes``, each
    uncovered capitalised name with at least ``min_named_name``; and each chosen name less sure of
    its class than ``retype_below`` among such siblings, retyped (it outranks itself by priority).
    The class is the siblings' vote, each weighted by how sure it is of its own class."""
    by_token = {i: c for c in chosen for i in range(c.start, c.end)}
    new: list[Candidate] = []
    for token in doc:
        candidate = by_token.get(token.i)
        if candidate is None and token.pos_ != "PROPN":
            continue  # only a proper noun can be an unnamed name; most tokens stop here
        if candidate is not None and (candidate.confidence >= settings.option("retype_below")
                                      or candidate.end - 1 != token.i):
            continue
        cls, count = _sibling_class(token, by_token, context, settings)
        if cls is None:
            continue
        if candidate is not None:
            if cls != candidate.cls:
                new.append(Candidate(candidate.start, candidate.end, cls, settings.name, settings.confidence,
                                     candidate.key, candidate.priority + 1, candidate.name))
        elif ACRONYM.match(token.text):
            if count >= settings.option("min_named"):
                new.append(Candidate(token.i, token.i + 1, cls, settings.name, settings.confidence, None,
                                     settings.priority))
        elif (start := _capitalised_name_start(doc, token, by_token, settings)) is not None:
            if count >= settings.option("min_named_name"):
                new.append(Candidate(start, token.i + 1, cls, settings.name, settings.confidence, None,
                                     settings.priority))
    return new


def _sibling_class(token: Token, by_token: dict[int, Candidate], context: MentionContext,
                   settings: RuleSettings) -> tuple[str | None, int]:
    """The class of ``classes`` the named siblings of ``token`` vote for (weighted by confidence),
    and how many they are; None when a sibling sure of its class is of another kind (a country)."""
    siblings = {by_token[t.i] for t in _list_of(token) if t.i in by_token}
    votes: Counter[str] = Counter()
    for sibling in siblings:
        if context.top_class(sibling.cls) in settings.option("classes"):
            votes[sibling.cls] += sibling.confidence
        elif sibling.confidence >= settings.option("retype_below"):
            return None, 0
    if not votes:
        return None, 0
    return votes.most_common(1)[0][0], sum(1 for c in siblings if c.cls in votes)


def _capitalised_name_start(doc: Doc, token: Token, by_token: dict[int, Candidate],
                            settings: RuleSettings) -> int | None:
    """Where the capitalised proper name headed by ``token`` starts ("Earth System Simulator"),
    articles left out; None when a word of it is not capitalised or is already named."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper():
        return None
    start = token.left_edge.i
    while start < token.i and doc[start].lower_ in settings.option("articles"):
        start += 1
    words = doc[start:token.i + 1]
    if len(words) < settings.option("min_words") or any(t.i in by_token or not t.text[:1].isupper() for t in words):
        return None
    return start


def _list_of(token: Token) -> list[Token]:
    """The members of the list ``token`` is in: its conjuncts, and appositions the parser hangs on them."""
    head = token.head if token.dep_ in ("conj", "appos") else token
    while head.dep_ in ("conj", "appos") and head.head is not head:
        head = head.head
    members = [head, *head.conjuncts]
    return [t for m in members for t in (m, *(c for c in m.children if c.dep_ == "appos")) if t is not token]
