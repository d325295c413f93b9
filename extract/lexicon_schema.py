"""The keys every language's lexicon shares (``ontology/lexicon/<tag>.yaml``, described in
``ontology/lexicon/README.md``), parsed by one function for the English loader
(:func:`extract.knowledge.load_lexicon`) and the other languages' (:mod:`extract.languages.lexicon`),
so that a key means the same thing in every language. Each loader adds its language's own keys.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

COMMON_KEYS = frozenset({"verbs", "verb_preps", "phrases", "list_verbs", "instrument_nouns", "ner_classes",
                         "enumeration_heads", "enumeration_markers"})
# each entry's fields, the required ones first
VERB_SENSE_FIELDS = ("property", "objects", "inverse")
VERB_PREP_FIELDS = ("verb", "prep", "property", "inverse", "subject")
PHRASE_FIELDS = ("lemmas", "property", "inverse")
LIST_VERB_FIELDS = ("verb", "prep")


class LexiconError(ValueError):
    """A lexicon file that does not follow the schema; the message names the file and the key."""


@dataclass(frozen=True)
class VerbSense:
    """One meaning of a verb: its property, the top classes its object must have (None: any), and
    whether its object is the fact's subject ("anclado en Y": Y underpins it)."""

    property: str
    objects: frozenset[str] | None = None
    inverse: bool = False


@dataclass(frozen=True)
class VerbPrep:
    """A verb that takes its object through one preposition ("rely on")."""

    verb: str
    prep: str
    property: str
    inverse: bool = False  # the preposition's object is the fact's subject ("X was placed under Y")
    patient_is_subject: bool = False  # the passive's subject is the fact's ("initiatives were implemented in Y")


@dataclass(frozen=True)
class Phrase:
    """A multi-word predicate as a lemma sequence ("pose risk to")."""

    lemmas: tuple[str, ...]
    property: str
    inverse: bool = False  # the phrase's object is the fact's subject ("receive funding from Y")


@dataclass(frozen=True)
class ListVerb:
    """A verb that puts its object on a list through one preposition ("add X to the list"): the
    list includes X, and a sanctions list says its keeper sanctions X."""

    verb: str
    prep: str


def preps_by_list_verb(list_verbs: Iterable[ListVerb]) -> dict[str, frozenset[str]]:
    """Each list verb and the prepositions that take its list ("add" -> {"to"})."""
    preps: dict[str, set[str]] = {}
    for entry in list_verbs:
        preps.setdefault(entry.verb, set()).add(entry.prep)
    return {verb: frozenset(p) for verb, p in preps.items()}


@dataclass(frozen=True)
class CommonWords:
    """The common keys of one lexicon file; words (verbs, prepositions, lemmas, instrument nouns)
    as the loader's ``word`` function keys them."""

    verbs: dict[str, tuple[VerbSense, ...]]  # word -> its senses, the first one the classes admit is meant
    verb_preps: tuple[VerbPrep, ...]
    phrases: tuple[Phrase, ...]
    list_verbs: tuple[ListVerb, ...]
    instrument_nouns: dict[str, str]  # word -> the instrument it names, by its English noun
    ner_classes: dict[str, str]  # NER label -> class
    enumeration_heads: dict[str, str]  # head word -> the class of the list's unnamed members
    enumeration_markers: tuple[str, ...]


def check_keys(path: Path, data: object, read_keys: Iterable[str]) -> Mapping[str, object]:
    """``data`` as a mapping whose keys are all among ``read_keys``, the keys the language's reader
    reads (common or its own): an analyst's typo, or a common key the reader does not read, is an
    error naming the file and the key, never silently ignored."""
    if not isinstance(data, Mapping):
        raise LexiconError(f"{path}: a lexicon must be a mapping of keys to words")
    read = frozenset(read_keys)
    for key in data:
        if key in COMMON_KEYS and key not in read:
            raise LexiconError(f"{path}: key {key!r} is not read by this language's reader (see ontology/lexicon/README.md)")
        if key not in read:
            raise LexiconError(f"{path}: unknown key {key!r} (the keys are listed in ontology/lexicon/README.md)")
    return data


def parse_common_words(path: Path, data: Mapping[str, object], word: Callable[[str], str] = str) -> CommonWords:
    """The common keys of one lexicon file (absent ones empty); ``word`` keys a word (the identity,
    or a folding that ignores case and accents)."""
    return CommonWords(
        verbs={word(str(k)): _verb_senses(path, k, v) for k, v in _mapping(path, data, "verbs").items()},
        verb_preps=tuple(_verb_prep(path, e, word) for e in _entries(path, data, "verb_preps", VERB_PREP_FIELDS, 3)),
        phrases=tuple(Phrase(tuple(word(w) for w in _strings(e["lemmas"])), str(e["property"]), _flag(e))
                      for e in _entries(path, data, "phrases", PHRASE_FIELDS, 2)),
        list_verbs=tuple(ListVerb(word(str(e["verb"])), word(str(e["prep"])))
                         for e in _entries(path, data, "list_verbs", LIST_VERB_FIELDS, 2)),
        instrument_nouns={word(str(k)): str(v) for k, v in _mapping(path, data, "instrument_nouns").items()},
        ner_classes={str(k): str(v) for k, v in _mapping(path, data, "ner_classes").items()},
        enumeration_heads={str(k): str(v) for k, v in _mapping(path, data, "enumeration_heads").items()},
        enumeration_markers=_strings(data.get("enumeration_markers")),
    )


def _verb_senses(path: Path, verb: object, value: object) -> tuple[VerbSense, ...]:
    """``fund: funds``, or a list of senses: ``develop: [{property: establishes, objects: [Policy]}, promotes]``."""
    senses = []
    for sense in value if isinstance(value, list) else [value]:
        if not isinstance(sense, dict):
            senses.append(VerbSense(str(sense)))
            continue
        _check_fields(path, f"verbs: {verb}", sense, VERB_SENSE_FIELDS, 1)
        objects = frozenset(_strings(sense["objects"])) if "objects" in sense else None
        senses.append(VerbSense(str(sense["property"]), objects, _flag(sense)))
    if not senses:
        raise LexiconError(f"{path}: verbs: {verb}: a verb states at least one property")
    return tuple(senses)


def _verb_prep(path: Path, entry: Mapping[str, object], word: Callable[[str], str]) -> VerbPrep:
    subject = entry.get("subject")
    if subject not in (None, "patient"):
        raise LexiconError(f"{path}: verb_preps {entry.get('verb')!r}: `subject` is `patient` or absent, not {subject!r}")
    return VerbPrep(word(str(entry["verb"])), word(str(entry["prep"])), str(entry["property"]), _flag(entry),
                    subject == "patient")


def _flag(entry: Mapping[str, object]) -> bool:
    return bool(entry.get("inverse", False))


def _mapping(path: Path, data: Mapping[str, object], key: str) -> Mapping[object, object]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise LexiconError(f"{path}: `{key}` must map words to values")
    return value


def _entries(path: Path, data: Mapping[str, object], key: str, fields: tuple[str, ...],
             required: int) -> list[Mapping[str, object]]:
    """The entries of a list key, each a mapping of ``fields``, the first ``required`` of them present."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: `{key}` must be a list of entries")
    for entry in entries:
        _check_fields(path, key, entry, fields, required)
    return entries


def _check_fields(path: Path, where: str, entry: object, fields: tuple[str, ...], required: int) -> None:
    if not isinstance(entry, Mapping) or not all(f in entry for f in fields[:required]):
        raise LexiconError(f"{path}: {where}: each entry is a mapping with {', '.join(fields[:required])}, not {entry!r}")
    unknown = sorted(set(entry) - set(fields))
    if unknown:
        raise LexiconError(f"{path}: {where}: unknown field {unknown[0]!r} (fields: {', '.join(fields)})")


def _strings(values: object) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))
