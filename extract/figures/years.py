"""The year a figure refers to: written in its clause ("in 2023", "by 2025"), else set by a framing
adverbial at the start of an earlier sentence of its paragraph ("In 2023, the foundation …")."""
from __future__ import annotations

from spacy.tokens import Span

from ..relations.dates import YEAR
from ..sentences import ParsedSection
from .quantities import Quantity


def _years(parsed: ParsedSection, span: Span) -> list[tuple[int, str]]:
    return [(e.start, m.group()) for e in parsed.entities_in(span) if e.label_ == "DATE"
            for m in [YEAR.search(e.text)] if m]


def clause_year(parsed: ParsedSection, quantity: Quantity) -> str | None:
    doc = parsed.doc
    sentence = doc[quantity.number].sent
    years = _years(parsed, sentence)
    if years:
        return min(years, key=lambda y: abs(y[0] - quantity.number))[1]
    return _framing_year(parsed, sentence)


def _framing_year(parsed: ParsedSection, sentence: Span) -> str | None:
    """"In 2023, …" opening a sentence frames the rest of its paragraph (until a blank line or newline)."""
    doc = parsed.doc
    for earlier in reversed(list(doc[:sentence.start].sents) if sentence.start else []):
        text_end = max((t.idx + len(t) for t in earlier if not t.is_space), default=earlier.end_char)
        if "\n" in doc.text[text_end:sentence.start_char]:
            return None
        first = earlier[0]
        if first.lower_ == "in" and len(earlier) > 2 and (m := YEAR.fullmatch(earlier[1].text)) and earlier[2].text == ",":
            return m.group()
        sentence = earlier
    return None
