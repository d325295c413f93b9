"""The gazetteer as phrase matchers, built once per extractor: labels in both numbers and
spellings, matched over a "skeleton" of the tokens that skips quotes, hyphens and parenthesised
acronyms, so "research and development (R&D) spending growth" and "“chokepoint”
technologies" still match; context-only labels; listed abbreviations."""
from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..knowledge import Gazetteer
from .phrases import ACRONYM

HYPHEN = "-"


def label_variants(text: str, singulars: bool = True) -> set[str]:
    """Forms a label is matched in: both numbers (only the plural, without ``singulars``) and both
    -ise/-ize spellings."""
    forms = {text, re.sub(r"is(ation|e|ed|es|ing)\b", r"iz\1", text), re.sub(r"iz(ation|e|ed|es|ing)\b", r"is\1", text)}
    return {variant for form in forms for variant in plural_variants(form, singulars)}


def plural_variants(text: str, singulars: bool = True) -> set[str]:
    """The label and its other number, inflecting the last word only (English heads come last);
    without ``singulars``, a plural label is not made singular."""
    words = text.split(" ")
    last = words[-1]
    forms = {last}
    lower = last.lower()
    plural = lower.endswith("s") and not lower.endswith(("ss", "us", "is"))
    if plural and not singulars:
        return {text}
    if lower.endswith("ies") and len(last) > 4:
        forms.add(last[:-3] + "y")
    elif lower.endswith(("sses", "shes", "ches", "xes")):
        forms.add(last[:-2])
    elif plural and len(last) > 3:
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

    def __init__(self, nlp: Language, gazetteer: Gazetteer, quotes: Collection[str],
                 plural_only_classes: Collection[str] = ()) -> None:
        """``plural_only_classes``: the plural labels of these entries are not matched in the
        singular ("a robotics company" is one firm, not the group "companies")."""
        self.vocab = nlp.vocab
        self.quotes = quotes
        self.labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.context_labels = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in gazetteer:
            singulars = entry.cls not in plural_only_classes
            self.labels.add(entry.id, self._patterns(nlp, entry.labels["en"], singulars))
            if entry.context_only:
                self.context_labels.add(entry.id, self._patterns(nlp, entry.context_only, singulars))
            if entry.abbr:
                self.abbreviations.add(entry.id, [nlp.make_doc(a) for a in entry.abbr])

    def _patterns(self, nlp: Language, labels: Sequence[str], singulars: bool) -> list[Doc]:
        words = ([t.text for t in nlp.make_doc(variant) if not self._skipped(t.text)]
                 for label in labels for variant in label_variants(label, singulars))
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
