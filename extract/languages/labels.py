"""Tokens and gazetteer names in any language: :class:`LabelMatcher` finds the gazetteer's labels
of a section's language, its abbreviations and its capitalised English names over the tokens of a
sentence, and :func:`select_spans` keeps the non-overlapping ones.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..knowledge import Gazetteer
from .lexicon import APOSTROPHES, fold, singular

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{HAN}]|(?:(?![{HAN}])\w)+|[^\w\s]")
QUOTES = frozenset('"“”«»„‟「」『』‘')
SKIPPED = QUOTES | {"-", "‐", "–"}

Item = TypeVar("Item")


@dataclass(frozen=True)
class Token:
    """A word, a Han character or a punctuation mark, with document offsets."""

    start: int
    end: int
    text: str


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.start() + offset, m.end() + offset, m.group(0)) for m in TOKEN.finditer(text)]


def is_abbreviation(label: str) -> bool:
    """"OCDE", "EE.UU.", "PCC": no lower-case letter, matched with its case."""
    letters = [c for c in label if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_capitalised(label: str) -> bool:
    return any(c.isupper() for c in label)


def select_spans(items: Sequence[Item], span: Callable[[Item], tuple[int, int]],
                 priority: Callable[[Item], int] = lambda _: 0) -> list[Item]:
    """Non-overlapping items: higher priority first, then longer, then earlier."""
    ranked = sorted(items, key=lambda it: (-priority(it), -(span(it)[1] - span(it)[0]), span(it)[0]))
    taken: list[tuple[int, int]] = []
    chosen = []
    for item in ranked:
        start, end = span(item)
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        chosen.append(item)
    return sorted(chosen, key=lambda it: span(it)[0])


@dataclass(frozen=True)
class LabelHit:
    """A gazetteer name found in the text: document offsets, the entry and the label that matched."""

    start: int
    end: int
    key: str
    label: str
    rule: str


@dataclass(frozen=True)
class _Found:
    """A trie match while scanning: token range and what the trie holds there."""

    first: int
    last: int
    value: tuple[str, str, str]


class LabelMatcher:
    """Gazetteer labels of one language, abbreviations and capitalised English names, matched over
    tokens (quotes and hyphens skipped). Labels of the section's language match with case and
    accents ignored, and with number ignored when they have several words (a one-word label keeps
    its number: "scientifiques" the people is not "scientifique" the adjective); abbreviations and
    English names match exactly. The longest name wins."""

    LEAF = None  # not a string: no token can be mistaken for the end of a name

    def __init__(self, gazetteer: Gazetteer, lang: str) -> None:
        self.lang = lang
        self.tries: dict[str, dict] = {"folded": {}, "word": {}, "exact": {}}
        for entry in gazetteer:
            for label in entry.labels.get(lang, ()):
                self._add(label, (entry.id, label, "gazetteer-abbr" if is_abbreviation(label) else "gazetteer"))
        for entry in gazetteer:
            for abbr in entry.abbr:
                self._add(abbr, (entry.id, abbr, "gazetteer-abbr"))
            for label in entry.labels["en"]:
                if lang != "en" and is_capitalised(label):
                    self._add(label, (entry.id, label, "gazetteer-en"))

    def _keys(self, trie: str, tokens: Sequence[Token]) -> list[str]:
        """How ``tokens`` are looked up in one trie: exactly, folded, or folded with number ignored."""
        if trie == "exact":
            return [t.text.translate(APOSTROPHES) for t in tokens]
        if trie == "word":
            return [fold(t.text) for t in tokens]
        return [singular(fold(t.text), self.lang) for t in tokens]

    def _add(self, label: str, value: tuple[str, str, str]) -> None:
        tokens = [t for t in tokenize(label) if t.text not in SKIPPED]
        if not tokens:
            return
        exact = value[2] != "gazetteer"
        trie = "exact" if exact else "word" if len(tokens) == 1 else "folded"
        node = self.tries[trie]
        for key in self._keys(trie, tokens):
            node = node.setdefault(key, {})
        node.setdefault(self.LEAF, value)  # the first entry (the section's language first) keeps a name

    def find(self, text: str, offset: int = 0) -> list[LabelHit]:
        """Non-overlapping gazetteer names in ``text`` (document offsets from ``offset``)."""
        tokens = [t for t in tokenize(text, offset) if t.text not in SKIPPED]
        keyed = [(self.tries[name], self._keys(name, tokens)) for name in ("folded", "word", "exact")]
        hits: list[_Found] = []
        for i in range(len(tokens)):
            for trie, keys in keyed:
                found = self._longest(trie, keys, i)
                if found is not None:
                    hits.append(found)
        chosen = select_spans(hits, lambda h: (h.first, h.last))
        return [LabelHit(tokens[h.first].start, tokens[h.last - 1].end, *h.value) for h in chosen]

    def _longest(self, trie: dict, keys: list[str], start: int) -> _Found | None:
        node, best = trie, None
        for j in range(start, len(keys)):
            node = node.get(keys[j])
            if node is None:
                break
            if self.LEAF in node:
                best = _Found(start, j + 1, node[self.LEAF])
        return best
