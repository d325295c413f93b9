"""Quantities in a parsed sentence: the number, its scale, unit or currency, and the words that
qualify it ("more than 42,000", "about US$ 8 billion", "CNY22 trillion", "5.5 percent")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from ontology import FIGURES_YAML

from ..yamlfile import read_yaml

GLUED = re.compile(r"^(?P<sign>[A-Za-z]{3}|US\$|\$|€|¥|£)?(?P<number>\d[\d,]*(?:\.\d+)?)(?P<scale>[A-Za-z]{1,2})?$")


@dataclass(frozen=True)
class FigureWords:
    """The word lists of ``ontology/figures.yaml``, lower-cased."""

    number_words: dict[str, Decimal]
    scales: dict[str, Decimal]
    currencies: dict[str, str]
    percent_words: tuple[str, ...]
    measures: dict[str, str]
    qualifiers: dict[str, str]
    target_cues: frozenset[str]
    growth_verbs: frozenset[str]
    money_verbs: dict[str, str]
    aggregate_nouns: frozenset[str]
    owner_preps: frozenset[str]


@lru_cache(maxsize=2)
def load_figure_words(path: Path = FIGURES_YAML) -> FigureWords:
    data = read_yaml(path) or {}

    def lower_map(key: str) -> dict[str, str]:
        return {str(k).lower(): str(v) for k, v in (data.get(key) or {}).items()}

    return FigureWords(
        number_words={k: Decimal(v) for k, v in lower_map("number_words").items()},
        scales={k: Decimal(v) for k, v in lower_map("scales").items()},
        currencies=lower_map("currencies"),
        percent_words=tuple(str(w).lower() for w in data.get("percent_words") or ()),
        measures=lower_map("measures"),
        qualifiers=lower_map("qualifiers"),
        target_cues=frozenset(str(w).lower() for w in data.get("target_cues") or ()),
        growth_verbs=frozenset(str(w).lower() for w in data.get("growth_verbs") or ()),
        money_verbs=lower_map("money_verbs"),
        aggregate_nouns=frozenset(str(w).lower() for w in data.get("aggregate_nouns") or ()),
        owner_preps=frozenset(str(w).lower() for w in data.get("owner_preps") or ()),
    )


@dataclass(frozen=True)
class Quantity:
    """A number in a doc: tokens [start, end) with its qualifier and unit words; ``number`` is the
    index of its last numeric token, the one the parser attaches to what is counted."""

    start: int
    end: int
    number: int
    value: Decimal
    unit: str  # "percent", an ISO 4217 code, a measure ("km"), or "count"
    qualifier: str | None

    def tokens(self, doc: Doc) -> list[Token]:
        return list(doc[self.start:self.end])


def _phrase_at(doc: Doc, i: int, phrases: dict[str, str] | tuple[str, ...], forward: bool = True) -> tuple[str, int] | None:
    """The longest listed phrase starting (or, backwards, ending) at token ``i``: (phrase, length)."""
    best: tuple[str, int] | None = None
    for phrase in phrases:
        words = phrase.split()
        n = len(words)
        lo, hi = (i, i + n) if forward else (i - n + 1, i + 1)
        if lo < 0 or hi > len(doc):
            continue
        if [t.lower_ for t in doc[lo:hi]] == words and (best is None or n > best[1]):
            best = (phrase, n)
    return best


def _number(token: Token, words: FigureWords) -> tuple[Decimal, str | None, Decimal] | None:
    """(value, currency glued to it, scale glued to it) for "42,000", "CNY22", "USD3.28", "12bn", "thirteen"."""
    lower = token.lower_
    if lower in words.number_words:
        return words.number_words[lower], None, Decimal(1)
    match = GLUED.match(token.text)
    if match is None:
        return None
    sign = (match.group("sign") or "").lower()
    currency = words.currencies.get(sign) if sign else None
    if sign and currency is None:
        return None
    scale = Decimal(1)
    if match.group("scale"):
        scale = words.scales.get(match.group("scale").lower())
        if scale is None:
            return None
    try:
        return Decimal(match.group("number").replace(",", "")), currency, scale
    except InvalidOperation:
        return None


def find_quantities(doc: Doc, words: FigureWords, skip: set[int]) -> list[Quantity]:
    """Every number that is a figure: not a date, an ordinal, part of a name (``skip``) or a list marker."""
    found: list[Quantity] = []
    i = 0
    while i < len(doc):
        token = doc[i]
        parsed = _number(token, words) if i not in skip and token.ent_type_ not in ("DATE", "TIME", "ORDINAL") else None
        if parsed is None or (token.lower_ in words.number_words and not token.like_num):
            i += 1
            continue
        value, currency, scale = parsed
        end = i + 1
        unit: str | None = currency
        while end < len(doc):
            lower = doc[end].lower_
            if lower in words.scales:
                scale *= words.scales[lower]
                end += 1
            elif (hit := _phrase_at(doc, end, words.percent_words)) is not None:
                unit, end = "percent", end + hit[1]
            elif unit is None and lower in words.currencies:
                unit, end = words.currencies[lower], end + 1
            elif unit is None and (hit := _phrase_at(doc, end, words.measures)) is not None:
                unit, end = words.measures[hit[0]], end + hit[1]
            else:
                break
        number = end - 1
        while number > i and doc[number].lower_ not in words.scales and not doc[number].like_num:
            number -= 1
        start = i
        if start > 0 and unit is None and doc[start - 1].lower_ in words.currencies:
            start, unit = start - 1, words.currencies[doc[start - 1].lower_]
        qualifier = None
        hit = _phrase_at(doc, start - 1, words.qualifiers, forward=False) if start > 0 else None
        if hit is not None:
            qualifier, start = words.qualifiers[hit[0]], start - hit[1]
        total = value * scale
        total = total.quantize(1) if total == total.to_integral_value() else total.normalize()
        found.append(Quantity(start, end, number, total, unit or "count", qualifier))
        i = end
    return found
