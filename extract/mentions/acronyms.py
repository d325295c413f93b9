"""Acronyms the text defines: "long form (ABBR)" defines ABBR, and later uses of ABBR, in this
section or a later one, name the long form's entity.

A section's definitions are read once, after the listed names (:func:`define_acronyms`); the
aliases they add are kept on the doc (``doc._.cikg_aliases``), and the pipeline passes the
aliases of earlier sections on to the next (:func:`known_aliases`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from spacy.tokens import Doc, Token

from ..knowledge import Lexicon, MentionWords
from ..model import NameKey
from ..rules import RuleSettings
from .candidate import AcronymDefinition, Candidate
from .phrases import ACRONYM, cue_class, name_class
from .registry import MentionContext, Stage, mention_rule

Key = str | NameKey
Doc.set_extension("cikg_aliases", default=None, force=True)


def define_acronyms(doc: Doc, listed: Sequence[Candidate], lexicon: Lexicon) -> tuple[AcronymDefinition, ...]:
    """Every "long form (ABBR)" in the doc whose initials spell ABBR, typed as the listed name it
    holds, else by its head word ("… Office for Harbour Reform (OHR)" is an office), else a concept."""
    words = lexicon.mention_words
    definitions: list[AcronymDefinition] = []
    for token in doc:
        if token.text != "(" or token.i + 2 >= len(doc) or doc[token.i + 2].text != ")":
            continue
        abbr = doc[token.i + 1]
        if not ACRONYM.match(abbr.text):
            continue
        start = _long_form_start(doc, token.i, abbr.text, words)
        if start is None:
            continue
        covering = [c for c in listed if c.start <= start < c.end or start <= c.start < token.i]
        key = next((c.key for c in covering if c.key and c.end in (token.i, token.i - 1)), None)
        cls = next((c.cls for c in covering), None) or cue_class(doc[start:token.i], lexicon) or "Concept"
        definitions.append(AcronymDefinition(abbr.text, start, token.i, key or NameKey("long", doc[start:token.i].text),
                                             cls, key is not None))
    return tuple(definitions)


def with_definitions(aliases: Mapping[str, Key], definitions: Iterable[AcronymDefinition]) -> Mapping[str, Key]:
    """``aliases`` plus the abbreviations ``definitions`` add; the first definition of one wins."""
    merged = dict(aliases)
    for definition in definitions:
        merged.setdefault(definition.abbreviation, definition.key)
    return MappingProxyType(merged)


def known_aliases(docs: Iterable[Doc]) -> Mapping[str, Key]:
    """The aliases the prepared ``docs`` defined, in order: those a document knows after them."""
    known: Mapping[str, Key] = MappingProxyType({})
    for doc in docs:
        known = MappingProxyType({**(doc._.cikg_aliases or {}), **known})
    return known


def without_definitions(candidates: list[Candidate], doc: Doc, aliases: Mapping[str, Key]) -> list[Candidate]:
    """Drop the one-token candidates at "(ABBR)" right after a long form: a definition, not a mention."""
    defining = {t.i + 1 for t in doc if t.text == "(" and doc[t.i + 1:t.i + 2].text in aliases
                and doc[t.i + 2:t.i + 3].text == ")"}
    return [c for c in candidates if not (c.end - c.start == 1 and c.start in defining)]


@mention_rule("acronym-definition", Stage.DEFINED)
def long_forms(doc: Doc, found: Sequence[Candidate], context: MentionContext,
               settings: RuleSettings) -> list[Candidate]:
    """The long form of a defined acronym nobody listed."""
    return [Candidate(d.start, d.paren, d.cls, settings.name, settings.confidence, d.key, settings.priority)
            for d in context.definitions if not d.listed]


@mention_rule("acronym", Stage.DEFINED)
def acronym_uses(doc: Doc, found: Sequence[Candidate], context: MentionContext,
                 settings: RuleSettings) -> list[Candidate]:
    """A use of a defined acronym, with the class of its long form where this section names it,
    else the class the long form's head word gives (defined in an earlier section)."""
    new: list[Candidate] = []
    for token in doc:
        key = context.aliases.get(token.text)
        if key and not (token.i > 0 and doc[token.i - 1].text == "("):
            cls = next((c.cls for c in [*found, *new] if c.key == key), None) or (
                name_class(key.text, context.lexicon) if isinstance(key, NameKey) else None) or "Concept"
            new.append(Candidate(token.i, token.i + 1, cls, settings.name, settings.confidence, key, settings.priority))
    return new


def _long_form_start(doc: Doc, paren: int, abbr: str, words: MentionWords) -> int | None:
    """Where the long form before "(" starts: the words whose initials spell ``abbr``."""
    skipped = words.skipped_initials
    letters = [c.lower() for c in abbr if c.isalpha()]
    if abbr.endswith("s") and len(letters) > 2:
        letters = letters[:-1]
    run: list[Token] = []
    i = paren - 1
    while i >= 0 and doc[i].text in words.quotes:
        i -= 1
    while i >= 0 and len(run) < len(letters) * 2 + 2:
        token = doc[i]
        if token.is_punct and token.text != "-":
            break
        run.insert(0, token)
        initials = [w.text[0].lower() for w in run if w.text != "-" and w.lower_ not in skipped]
        glued = [w for w in run if w.text != "-"]
        if initials == letters and glued[0].lower_ not in skipped:
            # hyphenated first word: start at its first part ("new-quality")
            start = run[0].i
            while start >= 2 and doc[start - 1].text == "-" and doc[start - 1].whitespace_ == "":
                start -= 2
            return start
        # a hyphenated compound counts as one word for its initial
        if len(initials) > len(letters):
            merged = _compound_initials(run, skipped)
            if merged == letters:
                return run[0].i
            if len(merged) > len(letters):
                return None
        i -= 1
    return None


def _compound_initials(run: list[Token], skipped: frozenset[str]) -> list[str]:
    initials: list[str] = []
    after_hyphen = False
    for w in run:
        if w.text == "-":
            after_hyphen = True
            continue
        if not after_hyphen and w.lower_ not in skipped:
            initials.append(w.text[0].lower())
        after_hyphen = False
    return initials
