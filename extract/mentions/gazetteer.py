"""Names the gazetteer lists (matched by :mod:`extract.mentions.matchers`): listed labels, listed
abbreviations, and ambiguous labels ("space") that count only in a context of their class."""
from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..rules import RuleSettings
from .candidate import Candidate
from .matchers import HYPHEN
from .registry import MentionContext, Stage, mention_rule


def _candidate(context: MentionContext, settings: RuleSettings, key: str, start: int, end: int) -> Candidate:
    return Candidate(start, end, context.gazetteer[key].cls, settings.name, settings.confidence, key, settings.priority)


@mention_rule("gazetteer", Stage.LISTED)
def listed_labels(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                  settings: RuleSettings) -> list[Candidate]:
    """A listed label, except one opening "the X of" ("the government of Japan", "the state of the
    economy"), which names something else than the listed X; one that is part of a longer word
    ("agriculture" in "bio-agriculture"); a generic label (listed in lower case) written as part
    of a longer proper name ("Overseas Young Talent Exchange Programs" is no "young
    talent"), which NER and the cue words name instead; and a label with its article that opens a
    longer name ("the State Administration …" is no "the State"); and one across a quote's edge
    ('a "Young Thousand Talents" program' is no "Thousand Talents program")."""
    article, preposition = settings.option("unlisted_before"), settings.option("unlisted_after")
    skeleton = context.matchers.skeleton(doc)
    new: list[Candidate] = []
    for key, start, end in context.matchers.matches(context.matchers.labels, skeleton.doc):
        if skeleton.doc[start].lower_ == article and end < len(skeleton.doc) and skeleton.doc[end].lower_ == preposition:
            continue
        s, e = skeleton.doc_range(start, end)
        if _inside_word(doc, s, e) or (_generic(context, key) and _inside_proper_name(doc, s, e)) \
                or _opens_longer_name(doc, s, e, context.lexicon.mention_words.articles) \
                or _crosses_quotes(doc, s, e, context.lexicon.mention_words.quotes):
            continue
        new.append(_candidate(context, settings, key, s, e))
    return new


def _crosses_quotes(doc: Doc, start: int, end: int, quotes: frozenset[str]) -> bool:
    """The span starts inside a quotation and ends outside it, or the other way round: it holds an
    odd number of quote marks, and the quotation neither begins where it begins ("“chokepoint”
    technologies") nor ends where it ends."""
    marks = [t for t in doc[start:end] if t.text in quotes and t.text not in ("'", "’")]
    return len(marks) % 2 == 1 and not (start > 0 and doc[start - 1].text in quotes) \
        and not (end < len(doc) and doc[end].text in quotes)


def _inside_word(doc: Doc, start: int, end: int) -> bool:
    """The span is glued by a hyphen to a word before or after it."""
    before = start >= 2 and doc[start - 1].text == HYPHEN and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_
    after = end + 1 < len(doc) and doc[end].text == HYPHEN and not doc[end - 1].whitespace_ and not doc[end].whitespace_
    return before or after


def _generic(context: MentionContext, key: str) -> bool:
    """A common noun, not a name: the entry's canonical English label is written in lower case."""
    return context.gazetteer[key].label[:1].islower()


def _opens_longer_name(doc: Doc, start: int, end: int, articles: frozenset[str]) -> bool:
    """A label written with its article ("the State") right before more capitalised words: the
    start of a longer name ("the State Administration for ..."), not the listed thing."""
    return doc[start].lower_ in articles and end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper()


def _inside_proper_name(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words written on, with more capitalised words right after (or before, not at a
    sentence start): the span is a piece of a longer name ("Overseas Talent Programs", "Thousand
    Talent program")."""
    def capitalised(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()
    if capitalised(start) and capitalised(start - 1) and not doc[start - 1].is_sent_start:
        return True
    if not all(capitalised(i) for i in range(start, end) if doc[i].is_alpha):
        return False
    return capitalised(end) or (capitalised(start - 1) and not doc[start - 1].is_sent_start)


@mention_rule("gazetteer-abbr", Stage.LISTED)
def listed_abbreviations(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                         settings: RuleSettings) -> list[Candidate]:
    """A listed abbreviation, case-sensitive ("MIIT")."""
    return [_candidate(context, settings, key, start, end)
            for key, start, end in context.matchers.matches(context.matchers.abbreviations, doc)]


@mention_rule("gazetteer-context", Stage.PARSED)
def context_labels(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                   settings: RuleSettings) -> list[Candidate]:
    """An ambiguous label ("space") inside a list of names of its class, or before a generic head
    ("space sector"); needs the parse."""
    generic = settings.option("generic_heads")
    skeleton = context.matchers.skeleton(doc)
    new: list[Candidate] = []
    for key, start, end in context.matchers.matches(context.matchers.context_labels, skeleton.doc):
        s, e = skeleton.doc_range(start, end)
        cls = context.gazetteer[key].cls
        if (e < len(doc) and doc[e].lower_ in generic) or _listed_with(doc[s:e].root.conjuncts, cls, found):
            new.append(_candidate(context, settings, key, s, e))
    return new


def _listed_with(conjuncts: Sequence, cls: str, found: Sequence[Candidate]) -> bool:
    linked = {t.i for t in conjuncts}
    return any(c.cls == cls and any(c.start <= i < c.end for i in linked) for c in found)
