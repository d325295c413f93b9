"""A candidate name: what a mention rule proposes, where it lives on the spaCy doc, and the one
filter that chooses among overlapping candidates.

Names found before parsing are merged into single tokens and kept on the doc as the span group
``doc.spans["cikg_names"]``; each span carries its candidate's fields as declared ``Span._``
attributes. spaCy stores those values by character offsets, which a merge does not move; the group
itself holds token indices, so it is written after the merge.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..model import NameKey

NAMES = "cikg_names"
FIELDS = ("cls", "rule", "confidence", "key", "priority", "name")
for _field in FIELDS:
    Span.set_extension(f"cikg_{_field}", default=None, force=True)


@dataclass(frozen=True)
class Candidate:
    """A proposed mention: token indices ``[start, end)`` in the section doc, the class it names,
    the rule that found it and how sure that rule is; ``key`` is a gazetteer id or a
    :class:`NameKey`, ``name`` the full name when the span is only part of it."""

    start: int
    end: int
    cls: str
    rule: str
    confidence: float
    key: str | NameKey | None = None
    priority: int = 0
    name: str | None = None


def select(candidates: Iterable[Candidate], doc: Doc, articles: Collection[str]) -> list[Candidate]:
    """Non-overlapping candidates: highest priority, then most content words, then longest, then
    leftmost ("the State Council" is the council, not "the state" + "Council")."""
    def content(c: Candidate) -> int:
        return sum(1 for t in doc[c.start:c.end] if t.lower_ not in articles)
    ranked = sorted(candidates, key=lambda c: (-c.priority, -content(c), -(c.end - c.start), c.start))
    taken: set[int] = set()
    chosen: list[Candidate] = []
    for c in ranked:
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        taken |= span
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def merge_names(doc: Doc, names: list[Candidate]) -> None:
    """Merge each multi-word name into one token and keep the names as ``doc.spans[NAMES]``."""
    spans = [doc[c.start:c.end] for c in names]
    for span, c in zip(spans, names):
        for field in FIELDS:
            setattr(span._, f"cikg_{field}", getattr(c, field))
    with doc.retokenize() as retokenizer:
        for span in spans:
            if len(span) > 1:
                retokenizer.merge(span)
    doc.spans[NAMES] = [doc.char_span(span.start_char, span.end_char) for span in spans]


def merged_names(doc: Doc) -> list[Candidate]:
    """The names :func:`merge_names` kept on the doc, as candidates of the merged tokens."""
    return [Candidate(span.start, span.end, **{field: getattr(span._, f"cikg_{field}") for field in FIELDS})
            for span in doc.spans.get(NAMES, [])]


def is_plural(span: Span) -> bool:
    last = span[-1]
    if " " in last.text:  # a merged name: judge by its last word
        word = last.text.split()[-1].lower()
        return word.endswith("s") and not word.endswith(("ss", "us", "is"))
    return last.tag_ in ("NNS", "NNPS")


@dataclass(frozen=True)
class AcronymDefinition:
    """"long form (ABBR)": the long form's tokens ``[start, paren)``, the key it resolves to (a
    listed name it ends with, else its own text) and its class."""

    abbreviation: str
    start: int
    paren: int
    key: str | NameKey
    cls: str
    listed: bool
