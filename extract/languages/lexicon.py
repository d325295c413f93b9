"""Each language's words, from ``ontology/lexicon/<tag>.yaml``: verbs and the properties they state,
cue words and suffixes that type names, list and clause markers (the files' headers say what each
key means). Words are compared folded (:func:`fold`), French and Spanish ones in the singular too.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path


from ontology import ONTOLOGY_DIR

from ..yamlfile import read_yaml

LANGUAGE_LEXICON_DIR = ONTOLOGY_DIR / "lexicon"
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


@lru_cache(maxsize=1 << 16)  # called on every token of every lookup; words recur
def fold(text: str) -> str:
    """Case, accents and apostrophe shapes ignored: "Pékin" and "pekin", "l’État" and "l'etat" agree."""
    decomposed = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def singular(word: str, lang: str) -> str:
    """One key for the singular and plural of a folded French or Spanish word (others unchanged).

    French adds -s/-x (-al -> -aux); Spanish adds -s after a vowel and -es after a consonant, so
    a final -s and then a final -e are dropped ("claves"/"clave", "tensiones"/"tension" agree).
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if lang == "fr":
        if word.endswith("aux") and not word.endswith("eaux"):
            return word[:-3] + "al"
        return word[:-1] if word[-1] in "sx" else word
    if lang == "es":
        stem = word[:-1] if word.endswith("s") else word
        return stem[:-1] if stem.endswith("e") and len(stem) > 3 else stem
    return word


@dataclass(frozen=True)
class VerbSense:
    """What a relation verb states: its property, and whether its object is the fact's subject."""

    property: str
    reverse: bool = False


@dataclass(frozen=True)
class ForeignVerbPrep:
    """A French verb whose object comes through a preposition; ``reverse`` swaps subject and object."""

    verb: str
    prep: str
    property: str
    reverse: bool = False


@dataclass(frozen=True)
class ForeignPhrase:
    """A French multi-word predicate as folded lemmas: verb, its object noun, the preposition."""

    lemmas: tuple[str, ...]
    property: str


@dataclass(frozen=True)
class Title:
    """A title between an organisation and a person ("X董事长Y"): the property from the person to
    the organisation, and the class it implies for an organisation nobody else typed."""

    property: str
    organisation: str | None = None


@dataclass(frozen=True)
class LanguageLexicon:
    """One language's lexicon file; fields a language does not use stay empty. Keys of ``verbs``,
    ``instrument_nouns`` and ``name_cues`` are stored folded (:func:`fold`)."""

    lang: str
    verbs: dict[str, str] = field(default_factory=dict)
    reverse_verbs: dict[str, str] = field(default_factory=dict)
    verb_preps: tuple[ForeignVerbPrep, ...] = ()
    phrases: tuple[ForeignPhrase, ...] = ()
    coordinators: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    passive_markers: tuple[str, ...] = ()
    agent_prepositions: frozenset[str] = frozenset()
    owner_prepositions: frozenset[str] = frozenset()
    possessive: frozenset[str] = frozenset()
    verb_endings: frozenset[str] = frozenset()
    instrument_nouns: dict[str, str] = field(default_factory=dict)
    name_cues: dict[str, str] = field(default_factory=dict)
    name_connectors: frozenset[str] = frozenset()
    lowercase_cues: frozenset[str] = frozenset()
    ner_classes: dict[str, str] = field(default_factory=dict)
    sentence_ends: tuple[str, ...] = ()
    clause_marks: tuple[str, ...] = (",", ";", ":")
    enumeration_markers: tuple[str, ...] = ()
    enumeration_heads: dict[str, str] = field(default_factory=dict)
    suffix_classes: dict[str, str] = field(default_factory=dict)
    not_names: tuple[str, ...] = ()
    name_tags: frozenset[str] = frozenset()
    parent_classes: frozenset[str] = frozenset()
    tag_classes: dict[str, str] = field(default_factory=dict)
    surnames: frozenset[str] = frozenset()
    person_length: tuple[int, int] = (2, 3)
    given_name_tags: frozenset[str] = frozenset()
    generic_places: frozenset[str] = frozenset()
    titles: dict[str, Title] = field(default_factory=dict)
    title_joiners: tuple[str, ...] = ()
    title_verbs: frozenset[str] = frozenset()
    list_separators: tuple[str, ...] = ()
    title_classes: dict[str, str] = field(default_factory=dict)

    def verb_entries(self) -> dict[str, VerbSense]:
        """Every verb (folded) and what it states, verbs taking a preposition included."""
        entries = {verb: VerbSense(prop) for verb, prop in self.verbs.items()}
        entries.update({verb: VerbSense(prop, True) for verb, prop in self.reverse_verbs.items()})
        for vp in self.verb_preps:
            entries.setdefault(fold(vp.verb), VerbSense(vp.property, vp.reverse))
        return entries


def _strings(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))


def _folded(values: Iterable[object] | None) -> frozenset[str]:
    return frozenset(fold(w) for w in _strings(values))


def _folded_map(values: dict | None) -> dict[str, str]:
    return {fold(str(k)): str(v) for k, v in (values or {}).items()}


def _plain_map(values: dict | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (values or {}).items()}


def parse_language_lexicon(lang: str, data: dict) -> LanguageLexicon:
    """A :class:`LanguageLexicon` from one file's mapping."""
    enumeration = data.get("enumeration") or {}
    return LanguageLexicon(
        lang=lang,
        verbs=_folded_map(data.get("verbs")),
        reverse_verbs=_folded_map(data.get("reverse_verbs")),
        verb_preps=tuple(ForeignVerbPrep(fold(str(e["verb"])), fold(str(e["prep"])), str(e["property"]),
                                         bool(e.get("reverse", False))) for e in data.get("verb_preps") or ()),
        phrases=tuple(ForeignPhrase(tuple(fold(w) for w in _strings(e["lemmas"])), str(e["property"]))
                      for e in data.get("phrases") or ()),
        coordinators=_folded(data.get("coordinators")),
        determiners=_folded(data.get("determiners")),
        passive_markers=_strings(data.get("passive_markers")),
        agent_prepositions=_folded(data.get("agent_prepositions")),
        owner_prepositions=_folded(data.get("owner_prepositions")),
        possessive=frozenset(_strings(data.get("possessive"))),
        verb_endings=_folded(data.get("verb_endings")),
        instrument_nouns={singular(fold(str(k)), lang): str(v) for k, v in (data.get("instrument_nouns") or {}).items()},
        name_cues=_folded_map(data.get("name_cues")),
        name_connectors=_folded(data.get("name_connectors")),
        lowercase_cues=_folded(data.get("lowercase_cues")),
        ner_classes=_plain_map(data.get("ner_classes")),
        sentence_ends=_strings(data.get("sentence_ends")),
        clause_marks=_strings(data.get("clause_marks")) or (",", ";", ":"),
        enumeration_markers=_strings(enumeration.get("markers")),
        enumeration_heads=_plain_map(enumeration.get("heads")),
        suffix_classes=_plain_map(data.get("suffix_classes")),
        not_names=_strings(data.get("not_names")),
        name_tags=frozenset(_strings(data.get("name_tags"))),
        parent_classes=frozenset(_strings(data.get("parent_classes"))),
        tag_classes=_plain_map(data.get("tag_classes")),
        surnames=frozenset(str(data.get("surnames") or "")),
        person_length=_length(data.get("person_length")),
        given_name_tags=frozenset(_strings(data.get("given_name_tags"))),
        generic_places=frozenset(_strings(data.get("generic_places"))),
        titles={str(k): Title(str(v["property"]), v.get("organisation")) for k, v in (data.get("titles") or {}).items()},
        title_joiners=_strings(data.get("title_joiners")),
        title_verbs=frozenset(_strings(data.get("title_verbs"))),
        list_separators=_strings(data.get("list_separators")),
        title_classes=_plain_map(data.get("title_classes")),
    )


def _length(value: object) -> tuple[int, int]:
    """``[shortest, longest]`` of a person's name in characters."""
    low, high = value if isinstance(value, list) and len(value) == 2 else (2, 3)
    return int(low), int(high)


@lru_cache(maxsize=4)
def load_language_lexicons(folder: Path = LANGUAGE_LEXICON_DIR) -> dict[str, LanguageLexicon]:
    """Language tag -> its lexicon, one ``<tag>.yaml`` file per language."""
    lexicons: dict[str, LanguageLexicon] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise ValueError(f"{path}: a language lexicon must be a mapping of keys to word lists")
        lexicons[path.stem] = parse_language_lexicon(path.stem, data)
    return lexicons
