"""Load the analyst-editable domain data (gazetteer, relation lexicon) into typed records."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDFS

from ontology import COUNTRIES_YAML, GAZETTEER_YAML, LEXICON_YAML, ONTOLOGY_TTL

from .lexicon_schema import COMMON_KEYS, LexiconError, ListVerb, Phrase, VerbPrep, VerbSense, check_keys, parse_common_words
from .yamlfile import read_yaml

TOP_CLASSES = ("GovernmentBody", "Enterprise", "ResearchOrganization", "InternationalOrganization", "Country",
               "Person", "ActorGroup", "Event", "Policy", "Concept", "Sector", "Indicator", "Document")
ACTOR_CLASSES = frozenset(TOP_CLASSES[:7])
ORGANISATION_CLASSES = frozenset(TOP_CLASSES[:4])  # bodies, firms, research and international organisations


@dataclass(frozen=True)
class GazetteerEntry:
    """A canonical entity: its id (the IRI key), class, labels per language and abbreviations."""

    id: str
    cls: str
    labels: dict[str, tuple[str, ...]]
    abbr: tuple[str, ...] = ()
    context_only: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.labels["en"][0]


@dataclass(frozen=True)
class NounRelation:
    preps: tuple[str, ...]
    property: str


@dataclass(frozen=True)
class MentionWords:
    """Words the mention finder reads through; see ``mention_words`` in ontology/lexicon/README.md."""

    articles: frozenset[str]
    quotes: frozenset[str]
    skipped_initials: frozenset[str]
    head_complements: frozenset[str]


@dataclass
class Lexicon:
    """The English lexicon, ontology/lexicon/en.yaml: how words map onto properties and classes
    (the keys are described in ontology/lexicon/README.md)."""

    verbs: dict[str, tuple[VerbSense, ...]]  # lemma -> its senses, the first one the classes admit is meant
    verb_preps: tuple[VerbPrep, ...]
    phrases: tuple[Phrase, ...]
    list_verbs: tuple[ListVerb, ...]  # "add X to the list"
    nouns: dict[str, NounRelation]
    agent_nouns: dict[str, str]
    membership_preps: frozenset[str]
    founding_verbs: frozenset[str]
    anaphoric_words: frozenset[str]
    anaphoric_classes: dict[str, frozenset[str]]  # head -> the classes it may refer back to
    possessed_heads: frozenset[str]  # "the agency's team" refers to the agency
    anaphoric_determiners: frozenset[str]
    demonyms: dict[str, str]
    document_nouns: frozenset[str]
    instrument_nouns: dict[str, str]  # lemma -> the instrument it names
    instrument_classes: dict[str, str]  # instrument -> its class, for every language's instrument nouns
    enumeration_heads: dict[str, str]
    enumeration_markers: tuple[str, ...]
    enumeration_groups: frozenset[str]
    transparent_preps: frozenset[str]
    transparent_head_preps: frozenset[str]
    transparent_heads: frozenset[str]
    suffix_cues: dict[str, str]
    prefix_cues: dict[str, str]
    ner_classes: dict[str, str]
    mention_words: MentionWords

    def instrument_class(self, lemma: str) -> str | None:
        """The class of the instrument an English noun names ("sanction" -> Sanction), None for other nouns."""
        return self.instrument_classes.get(self.instrument_nouns.get(lemma, ""))

    def verb_prep(self, verb: str, prep: str) -> VerbPrep | None:
        for entry in self.verb_preps:
            if entry.verb == verb and entry.prep == prep:
                return entry
        return None


@dataclass
class Gazetteer:
    entries: dict[str, GazetteerEntry] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.entries.values())

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> GazetteerEntry:
        return self.entries[key]


def _strings(values) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()))


@lru_cache(maxsize=8)
def load_gazetteer(path: Path = GAZETTEER_YAML) -> Gazetteer:
    data = read_yaml(path) or {}
    gazetteer = Gazetteer()
    for raw in data.get("entities", []):
        labels = {lang: _strings(values) for lang, values in (raw.get("labels") or {}).items() if values}
        if "en" not in labels:
            raise ValueError(f"{path}: gazetteer entry {raw.get('id')!r} has no English label")
        entry = GazetteerEntry(
            id=str(raw["id"]),
            cls=str(raw["class"]),
            labels=labels,
            abbr=_strings(raw.get("abbr")),
            context_only=_strings(raw.get("context_only")),
        )
        gazetteer.entries[entry.id] = entry
    return gazetteer


ENGLISH_KEYS = COMMON_KEYS | {"nouns", "agent_nouns", "membership_preps", "founding_verbs", "anaphoric_heads",
                              "demonyms", "document_nouns", "instrument_classes", "enumeration_groups",
                              "transparent_nouns", "class_cues", "mention_words"}  # the common keys and English's own


@lru_cache(maxsize=8)
def load_lexicon(path: Path = LEXICON_YAML) -> Lexicon:
    """The English lexicon: all the common keys (:mod:`extract.lexicon_schema`) and English's own."""
    data = check_keys(path, read_yaml(path) or {}, ENGLISH_KEYS)
    common = parse_common_words(path, data)
    inverse = next((verb for verb, senses in common.verbs.items() if any(s.inverse for s in senses)), None)
    if inverse is not None:
        raise LexiconError(f"{path}: verbs: {inverse}: the English reader reads `inverse` in verb_preps and phrases only")
    instrument_classes = {str(k): str(v) for k, v in (data.get("instrument_classes") or {}).items()}
    unknown = sorted(set(common.instrument_nouns.values()) - set(instrument_classes))
    if unknown:
        raise LexiconError(f"{path}: instrument_nouns: {unknown[0]!r} is no key of instrument_classes")
    anaphora = data.get("anaphoric_heads") or {}
    cues = data.get("class_cues") or {}
    words = data.get("mention_words") or {}
    transparent = data.get("transparent_nouns") or {}
    return Lexicon(
        verbs=common.verbs,
        verb_preps=common.verb_preps,
        phrases=common.phrases,
        list_verbs=common.list_verbs,
        nouns={
            str(k): NounRelation(_strings(v.get("preps")), str(v["property"]))
            for k, v in (data.get("nouns") or {}).items()
        },
        agent_nouns={str(k): str(v) for k, v in (data.get("agent_nouns") or {}).items()},
        membership_preps=frozenset(_strings(data.get("membership_preps"))),
        founding_verbs=frozenset(_strings(data.get("founding_verbs"))),
        anaphoric_words=frozenset(_strings(anaphora.get("words"))),
        anaphoric_classes={str(k): frozenset([v] if isinstance(v, str) else _strings(v))
                           for k, v in (anaphora.get("classes") or {}).items()},
        possessed_heads=frozenset(_strings(anaphora.get("possessed"))),
        anaphoric_determiners=frozenset(_strings(anaphora.get("determiners"))),
        demonyms={str(k): str(v) for k, v in (data.get("demonyms") or {}).items()},
        document_nouns=frozenset(_strings(data.get("document_nouns"))),
        instrument_nouns=common.instrument_nouns,
        instrument_classes=instrument_classes,
        enumeration_heads=common.enumeration_heads,
        enumeration_markers=common.enumeration_markers,
        enumeration_groups=frozenset(_strings(data.get("enumeration_groups"))),
        transparent_preps=frozenset(_strings(transparent.get("preps"))),
        transparent_head_preps=frozenset(_strings(transparent.get("head_preps"))),
        transparent_heads=frozenset(_strings(transparent.get("heads"))),
        suffix_cues={str(k): str(v) for k, v in (cues.get("suffix") or {}).items()},
        prefix_cues={str(k): str(v) for k, v in (cues.get("prefix") or {}).items()},
        ner_classes=common.ner_classes,
        mention_words=MentionWords(
            articles=frozenset(_strings(words.get("articles"))),
            quotes=frozenset(_strings(words.get("quotes"))),
            skipped_initials=frozenset(_strings(words.get("skipped_initials"))),
            head_complements=frozenset(_strings(words.get("head_complements"))),
        ),
    )


@lru_cache(maxsize=2)
def load_countries(path: Path = COUNTRIES_YAML) -> frozenset[str]:
    """The lower-cased names of sovereign countries (ontology/countries.yaml)."""
    data = read_yaml(path) or {}
    return frozenset(str(name).lower() for name in data.get("countries") or ())


@lru_cache(maxsize=32)
def load_class_tree(path: Path = ONTOLOGY_TTL) -> dict[str, str]:
    """Every ontology class local name -> its top class (``Ministry`` -> ``GovernmentBody``)."""
    graph = Graph().parse(path)
    parent: dict[str, str] = {}
    for child, _, sup in graph.triples((None, RDFS.subClassOf, None)):
        parent[str(child).rsplit("#", 1)[-1]] = str(sup).rsplit("#", 1)[-1]
    tree: dict[str, str] = {}
    for cls in set(parent) | set(TOP_CLASSES):
        node, seen = cls, set()
        while node not in TOP_CLASSES and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        tree[cls] = node
    return tree
