"""Names the gazetteer lists: a phrase matcher over a "skeleton" of the tokens that skips quotes,
hyphens and parenthesised acronyms, so "research and development (R&D) investment intensity" and
"“chokepoint” technologies" still match; listed abbreviations; and ambiguous labels ("space")
that count only in a context of their class."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..knowledge import Gazetteer
from ..rules import RuleSettings
from .candidate import Candidate
from .phrases import ACRONYM
from .registry import MentionContext, Stage, mention_rule

HYPHEN = "-"


def label_variants(text: str) -> set[str]:
    """Forms a label is matched in: both numbers and both -ise/-ize spellings."""
    forms = {text, re.sub(r"is(ation|e|ed|es|ing)\b", r"iz\1", text), re.sub(r"iz(ation|e|ed|es|ing)\b", r"is\1", text)}
    return {variant for form in forms for variant in plural_variants(form)}


def plural_variants(text: str) -> set[str]:
    """The label and its other number, inflecting the last word only (English heads come last)."""
    words = text.split(" ")
    last = words[-1]
    forms = {last}
    lower = last.lower()
    if lower.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif lower.endswith(("sses", "shes", "ches", "xes")):
        forms.add(last[:-2])
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(last) > 3:
        forms.add(last[:-1])
    elif lower.endswith("y") and len(last) > 3 and lower[-2] not in "aeiou":
        forms.add(last[:-1] + "ies")
    elif lower.endswith(("s", "sh", "ch", "x")):
        forms.add(last + "es")
    elif re.search(r"[a-z]$", lower):
        forms.add(last + "s")
    return {" ".join(words[:-1] + [form]) for form in forms}


@dataclass(frozen=True)
class Skeleton:
    """The tokens of a doc without quotes, hyphens and "(ABBR)" groups; ``index`` maps each
    skeleton token back to its doc token."""

    doc: Doc
    index: list[int]

    def doc_range(self, start: int, end: int) -> tuple[int, int]:
        """The doc token range a skeleton match ``[start, end)`` covers, skipped tokens included."""
        return self.index[start], self.index[end - 1] + 1


class GazetteerMatchers:
    """The gazetteer's labels, context-only labels and abbreviations as phrase matchers, built once."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, quotes: Collection[str]) -> None:
        self.vocab = nlp.vocab
        self.quotes = quotes
        self.labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.context_labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in gazetteer:
            self.labels.add(entry.id, self._patterns(nlp, entry.labels["en"]))
            if entry.context_only:
                self.context_labels.add(entry.id, self._patterns(nlp, entry.context_only))
            if entry.abbr:
                self.abbreviations.add(entry.id, [nlp.make_doc(a) for a in entry.abbr])

    def _patterns(self, nlp: Language, labels: Sequence[str]) -> list[Doc]:
        words = ([t.text for t in nlp.make_doc(variant) if not self._skipped(t.text)]
                 for label in labels for variant in label_variants(label))
        return [Doc(self.vocab, words=w) for w in words]

    def _skipped(self, text: str) -> bool:
        return text in self.quotes or text == HYPHEN

    def skeleton(self, doc: Doc) -> Skeleton:
        keep: list[int] = []
        i = 0
        while i < len(doc):
            if doc[i].text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")" and ACRONYM.match(doc[i + 1].text):
                i += 3
                continue
            if not self._skipped(doc[i].text):
                keep.append(i)
            i += 1
        return Skeleton(Doc(self.vocab, words=[doc[i].text for i in keep]), keep)

    def matches(self, matcher: PhraseMatcher, doc: Doc) -> Iterator[tuple[str, int, int]]:
        """(gazetteer id, start, end) of each match, in doc token indices."""
        for match_id, start, end in matcher(doc):
            yield self.vocab.strings[match_id], start, end


def _candidate(context: MentionContext, settings: RuleSettings, key: str, start: int, end: int) -> Candidate:
    return Candidate(start, end, context.gazetteer[key].cls, settings.name, settings.confidence, key, settings.priority)


@mention_rule("gazetteer", Stage.LISTED)
def listed_labels(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                  settings: RuleSettings) -> list[Candidate]:
    """A listed label, except one opening "the X of" ("the government of Japan", "the state of the
    economy"), which names something else than the listed X; one that is part of a longer word
    ("agriculture" in "bio-agriculture"); and a generic label (listed in lower case) written as part
    of a longer proper name ("Overseas High-Level Talent Recruitment Programs" is no "overseas
    talent"), which NER and the cue words name instead."""
    article, preposition = settings.option("unlisted_before"), settings.option("unlisted_after")
    skeleton = context.matchers.skeleton(doc)
    new: list[Candidate] = []
    for key, start, end in context.matchers.matches(context.matchers.labels, skeleton.doc):
        if skeleton.doc[start].lower_ == article and end < len(skeleton.doc) and skeleton.doc[end].lower_ == preposition:
            continue
        s, e = skeleton.doc_range(start, end)
        if _inside_word(doc, s, e) or (_generic(context, key) and _inside_proper_name(doc, s, e)):
            continue
        new.append(_candidate(context, settings, key, s, e))
    return new


def _inside_word(doc: Doc, start: int, end: int) -> bool:
    """The span is glued by a hyphen to a word before or after it."""
    before = start >= 2 and doc[start - 1].text == HYPHEN and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_
    after = end + 1 < len(doc) and doc[end].text == HYPHEN and not doc[end - 1].whitespace_ and not doc[end].whitespace_
    return before or after


def _generic(context: MentionContext, key: str) -> bool:
    """A common noun, not a name: the entry's canonical English label is written in lower case."""
    return context.gazetteer[key].label[:1].islower()


def _inside_proper_name(doc: Doc, start: int, end: int) -> bool:
    """Capitalised words written on, with more capitalised words right after (or before, not at a
    sentence start): the span is a piece of a longer name."""
    def capitalised(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_alpha and doc[i].text[:1].isupper()
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
