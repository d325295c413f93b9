"""Noun-phrase helpers several mention rules share: where a phrase starts and ends, and the class
its head word gives."""
from __future__ import annotations

import re
from collections.abc import Collection

from spacy.tokens import Doc, Span, Token

from ..knowledge import Lexicon
from ..resolve import singular

ACRONYM = re.compile(r"^[A-Z][A-Za-z&.\-]*[A-Z]s?$|^[A-Z]{2,}$")  # "R&D", "MIIT", "SOEs"


def np_end(head: Token) -> int:
    """End of a noun phrase without its clauses and prepositional tails."""
    kept = [c for c in head.rights if c.dep_ in ("compound", "amod", "nmod", "nummod", "flat", "appos") and c.i == head.i + 1]
    return max([head.i + 1] + [c.right_edge.i + 1 for c in kept])


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "quantmod", "npadvmod", "advmod"})


def np_start(head: Token, skipped_modifiers: Collection[str], stop: int | None = None) -> int:
    """Start of a noun phrase: its modifiers, without its determiner, possessor or
    ``skipped_modifiers`` (nor a clause's "that" the parser hung on the noun)."""
    lefts = [t for t in head.lefts if t.dep_ in MODIFIER_DEPS and (stop is None or t.i < stop)]
    start = min([head.i] + [t.left_edge.i for t in lefts])
    doc = head.doc
    while start < head.i and (doc[start].dep_ in ("det", "poss", "case") or doc[start].lower_ in skipped_modifiers):
        start += 1
    return start


def cue_class(span: Span, lexicon: Lexicon) -> str | None:
    """The class the head word gives: the last word, or the word before the first complement
    ("Ministry of Industry and Information Technology" is a ministry, not a technology; "Pearl River
    Institute for Science and Education" an institute)."""
    return name_class(span.text, lexicon)


def name_class(name: str, lexicon: Lexicon) -> str | None:
    """:func:`cue_class` of a name's text."""
    words = [w.rstrip(".") for w in name.split() if any(c.isalnum() for c in w)]
    if not words:
        return None
    cut = next((i for i, w in enumerate(words) if i > 0 and w in lexicon.mention_words.head_complements), len(words))
    head = words[:cut]
    return (lexicon.suffix_cues.get(head[-1]) or lexicon.suffix_cues.get(singular(head[-1]))
            or lexicon.prefix_cues.get(words[0]))


def head_word(name: str) -> str:
    """"reform of the S&T system" -> reform; "Central Economic Work Conference" -> conference."""
    words = name.lower().split(" of ")[0].split()
    return singular(words[-1]) if words else ""


def with_period(doc: Doc, end: int) -> int:
    """The end of a name with the years it covers in brackets after it: "… Plan (2021-2035)"."""
    close = next((j for j in range(end + 1, min(len(doc), end + 6)) if doc[j].text == ")"), None)
    if end < len(doc) and doc[end].text == "(" and close is not None and close > end + 1 and all(
            t.text.replace("-", "").replace("–", "").isdigit() or t.text in "-–" for t in doc[end + 1:close]):
        return close + 1
    return end
