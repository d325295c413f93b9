"""Figures: numeric observations ("R&D intensity had surpassed 2.6% in 2023", "the OECD average of
2.72% in 2021") as indicator, subject, value, unit and year."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from spacy.tokens import Span

from .model import Evidence, Mention, Observation
from .relations import YEAR
from .sentences import ParsedSection

SCALES = {"thousand": Decimal(1_000), "million": Decimal(1_000_000), "billion": Decimal(1_000_000_000),
          "trillion": Decimal(1_000_000_000_000)}
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD", "yuan": "CNY",
              "rmb": "CNY", "renminbi": "CNY", "¥": "CNY", "€": "EUR", "euro": "EUR", "euros": "EUR"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def parse_quantity(span: Span) -> tuple[Decimal, str] | None:
    """"2.6%" -> (2.6, percent); "US$3.5 billion" -> (3500000000, USD); None when no number."""
    text = span.text.lower()
    match = NUMBER.search(text)
    if match is None:
        return None
    try:
        value = Decimal(match.group().replace(",", ""))
    except InvalidOperation:
        return None
    if "%" in text or "per cent" in text or "percent" in text:
        return value, "percent"
    for word, scale in SCALES.items():
        if word in text:
            value *= scale
    unit = next((code for sign, code in CURRENCIES.items() if sign in text), "count")
    return value, unit


class FigureExtractor:
    """One stage: a parsed section and its mentions in, observations with evidence out."""

    def extract(self, parsed: ParsedSection, mentions: list[Mention], focus_country: str | None) -> list[Observation]:
        doc = parsed.doc
        observations: list[Observation] = []
        for ent in doc.ents:
            if ent.label_ not in ("PERCENT", "MONEY", "QUANTITY"):
                continue
            quantity = parse_quantity(ent)
            if quantity is None:
                continue
            sentence = parsed.sentence_of(ent.start)
            here = ent.start_char + parsed.offset
            in_sentence = [m for m in mentions if m.sentence_index == sentence.index]
            indicators = [m for m in in_sentence if m.cls == "Indicator"]
            if not indicators:
                continue
            before = [m for m in indicators if m.end <= here]
            indicator = before[-1] if before else indicators[0]
            subject, qualifier = self._subject(parsed, ent, indicator, in_sentence, focus_country)
            if subject is None:
                continue
            year = self._year(parsed, ent)
            value, unit = quantity
            evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                                "figure", 0.7)
            observations.append(Observation(subject, indicator.key, value, unit, year, qualifier, [evidence]))
        return observations

    @staticmethod
    def _subject(parsed: ParsedSection, quantity: Span, indicator: Mention, mentions: list[Mention],
                 focus_country: str | None) -> tuple[str | None, str | None]:
        by_token = {t.i: m for m in mentions if (s := parsed.span_of(m.start, m.end)) is not None for t in s}
        # "the OECD average of 2.72%": the entity before "average of"
        head = quantity.root.head
        if head.lower_ == "of" and head.head.lemma_.lower() in ("average", "mean", "median", "level", "share"):
            noun = head.head
            owner = next((by_token[c.i] for c in noun.children if c.i in by_token and c.dep_ in ("compound", "poss", "nmod", "amod")), None)
            if owner is not None:
                return owner.key, noun.lemma_.lower()
        qualifier = head.lemma_.lower() if head.pos_ == "VERB" else None
        span = parsed.span_of(indicator.start, indicator.end)
        if span is not None:
            for child in span.root.children:
                if child.dep_ == "poss" and child.i in by_token:
                    return by_token[child.i].key, qualifier
                if child.dep_ == "poss":
                    for grand in child.subtree:
                        if grand.i in by_token:
                            return by_token[grand.i].key, qualifier
        countries = [m for m in mentions if m.cls == "Country" and m.end <= quantity.start_char + parsed.offset]
        if countries:
            return countries[-1].key, qualifier
        return focus_country, qualifier

    @staticmethod
    def _year(parsed: ParsedSection, quantity: Span) -> str | None:
        dates = [e for e in parsed.doc.ents if e.label_ == "DATE" and YEAR.search(e.text)
                 and parsed.sentence_of(e.start) == parsed.sentence_of(quantity.start)]
        after = [e for e in dates if 0 <= e.start - quantity.end <= 3]
        chosen = after[0] if after else (min(dates, key=lambda e: abs(e.start - quantity.start)) if dates else None)
        if chosen is None:
            return None
        return YEAR.search(chosen.text).group()
