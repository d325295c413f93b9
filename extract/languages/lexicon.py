"""Each language's words, from ``ontology/lexicon/<tag>.yaml`` (English's, ``en.yaml``, is read by
:func:`extract.knowledge.load_lexicon`): the keys every language shares, parsed by
:func:`~extract.lexicon_schema.parse_common_words`, and the keys of the language's reader (cue words
and suffixes that type names, list and clause markers); ``ontology/lexicon/README.md`` says what each
key means. Words are compared folded (:func:`fold`), French and Spanish ones in the singular too.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ontology import LEXICON_DIR, LEXICON_YAML

from ..lexicon_schema import LexiconError, ListVerb, Phrase, VerbPrep, VerbSense, check_keys, parse_common_words
from ..yamlfile import read_yaml

# The keys each language's reader reads, common and its own; a language that adds a reader adds its line.
SURFACE_KEYS = frozenset({"coordinators", "determiners", "agent_prepositions", "owner_prepositions", "possessive",
                          "passive_markers", "list_separators", "clause_marks", "enumeration_markers",
                          "reciprocal_properties", "partner_words"})  # surface.py
ROMANCE_KEYS = SURFACE_KEYS | {"verbs", "verb_preps", "instrument_nouns", "verb_endings", "name_cues",
                               "name_connectors", "lowercase_cues", "so_called"}  # romance.py
READ_KEYS = {
    "zh": SURFACE_KEYS | {"pivot_verbs", "verbs", "instrument_nouns", "enumeration_heads", "sentence_ends", "suffix_classes",
                          "not_names", "name_tags", "parent_classes", "tag_classes", "surnames", "person_length",
                          "given_name_tags", "generic_places", "titles", "title_joiners", "title_verbs", "title_classes",
                          "place_suffixes", "place_classes", "anaphoric_determiners"},
    "fr": ROMANCE_KEYS | {"phrases", "list_verbs", "ner_classes", "namesake_heads"},
    "es": ROMANCE_KEYS,
}
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
    verbs: dict[str, VerbSense] = field(default_factory=dict)  # one sense each
    verb_preps: tuple[VerbPrep, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    list_verbs: tuple[ListVerb, ...] = ()  # "ajouter X à la liste"
    so_called: frozenset[str] = frozenset()  # "le plan dit « du littoral »"
    namesake_heads: frozenset[str] = frozenset()  # "l'administration Trump" is headed by Trump
    pivot_verbs: frozenset[str] = frozenset()  # 组建X，负责Y: X is responsible for Y
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
    reciprocal_properties: frozenset[str] = frozenset()  # verbs of these join two partners ("X与Y合作")
    partner_words: frozenset[str] = frozenset()  # the words joining them
    anaphoric_determiners: tuple[str, ...] = ()  # 该计划: the plan named before
    place_suffixes: tuple[str, ...] = ()  # 北京 + 市: the place's own name
    place_classes: frozenset[str] = frozenset()  # the classes of places
    titles: dict[str, Title] = field(default_factory=dict)
    title_joiners: tuple[str, ...] = ()
    title_verbs: frozenset[str] = frozenset()
    list_separators: tuple[str, ...] = ()
    title_classes: dict[str, str] = field(default_factory=dict)

    def verb_entries(self) -> dict[str, VerbSense]:
        """Every verb (folded) and what it states, verbs taking a preposition included."""
        entries = dict(self.verbs)
        for vp in self.verb_preps:
            entries.setdefault(vp.verb, VerbSense(vp.property, inverse=vp.inverse))
        return entries


def _strings(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))


def _folded(values: Iterable[object] | None) -> frozenset[str]:
    return frozenset(fold(w) for w in _strings(values))


def _plain_map(values: dict | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (values or {}).items()}


def parse_language_lexicon(path: Path, data: object) -> LanguageLexicon:
    """A :class:`LanguageLexicon` from one file's mapping; ``path``'s stem is the language tag."""
    lang = path.stem
    if lang not in READ_KEYS:
        raise LexiconError(f"{path}: no reader reads language {lang!r} (READ_KEYS in extract/languages/lexicon.py)")
    data = check_keys(path, data, READ_KEYS[lang])
    common = parse_common_words(path, data, fold)
    for verb, senses in common.verbs.items():
        if len(senses) > 1 or senses[0].objects is not None:
            raise LexiconError(f"{path}: verbs: {verb}: the {lang} reader reads one sense per verb, without `objects`")
    if any(vp.patient_is_subject for vp in common.verb_preps):
        raise LexiconError(f"{path}: verb_preps: `subject: patient` is read by the English reader only")
    return LanguageLexicon(
        lang=lang,
        verbs={verb: senses[0] for verb, senses in common.verbs.items()},
        verb_preps=common.verb_preps,
        phrases=common.phrases,
        list_verbs=common.list_verbs,
        instrument_nouns={singular(noun, lang): instrument for noun, instrument in common.instrument_nouns.items()},
        ner_classes=common.ner_classes,
        enumeration_markers=common.enumeration_markers,
        enumeration_heads=common.enumeration_heads,
        coordinators=_folded(data.get("coordinators")),
        determiners=_folded(data.get("determiners")),
        passive_markers=_strings(data.get("passive_markers")),
        agent_prepositions=_folded(data.get("agent_prepositions")),
        owner_prepositions=_folded(data.get("owner_prepositions")),
        possessive=frozenset(_strings(data.get("possessive"))),
        verb_endings=_folded(data.get("verb_endings")),
        name_cues={fold(str(k)): str(v) for k, v in (data.get("name_cues") or {}).items()},
        name_connectors=_folded(data.get("name_connectors")),
        lowercase_cues=_folded(data.get("lowercase_cues")),
        so_called=_folded(data.get("so_called")),
        namesake_heads=_folded(data.get("namesake_heads")),
        pivot_verbs=_folded(data.get("pivot_verbs")),
        sentence_ends=_strings(data.get("sentence_ends")),
        clause_marks=_strings(data.get("clause_marks")) or (",", ";", ":"),
        suffix_classes=_plain_map(data.get("suffix_classes")),
        not_names=_strings(data.get("not_names")),
        name_tags=frozenset(_strings(data.get("name_tags"))),
        parent_classes=frozenset(_strings(data.get("parent_classes"))),
        tag_classes=_plain_map(data.get("tag_classes")),
        surnames=frozenset(str(data.get("surnames") or "")),
        person_length=_length(data.get("person_length")),
        given_name_tags=frozenset(_strings(data.get("given_name_tags"))),
        generic_places=frozenset(_strings(data.get("generic_places"))),
        place_suffixes=_strings(data.get("place_suffixes")),
        anaphoric_determiners=tuple(sorted(_strings(data.get("anaphoric_determiners")), key=len, reverse=True)),
        reciprocal_properties=frozenset(_strings(data.get("reciprocal_properties"))),
        partner_words=_folded(data.get("partner_words")),
        place_classes=frozenset(_strings(data.get("place_classes"))),
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
def load_language_lexicons(folder: Path = LEXICON_DIR) -> dict[str, LanguageLexicon]:
    """Language tag -> its lexicon, one ``<tag>.yaml`` file per language but English."""
    return {path.stem: parse_language_lexicon(path, read_yaml(path) or {})
            for path in sorted(Path(folder).glob("*.yaml")) if path.name != LEXICON_YAML.name}
