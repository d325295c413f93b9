"""Load the analyst-editable domain data (gazetteer, relation lexicon) into typed records."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDFS

from ontology import COUNTRIES_YAML, GAZETTEER_YAML, LEXICON_YAML, ONTOLOGY_TTL

from .yamlfile import read_yaml

TOP_CLASSES = ("GovernmentBody", "Enterprise", "ResearchOrganization", "InternationalOrganization", "Country",
               "Person", "ActorGroup", "Event", "Policy", "Concept", "Sector", "Indicator", "Document")
ACTOR_CLASSES = frozenset(TOP_CLASSES[:7])


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
class VerbSense:
    """One meaning of a verb: its property, and the top classes its object must have (None: any)."""

    property: str
    objects: frozenset[str] | None = None


def _verb_senses(value: object) -> tuple[VerbSense, ...]:
    """``fund: funds``, or a list of senses: ``develop: [{property: establishes, objects: [Policy]}, promotes]``."""
    values = value if isinstance(value, list) else [value]
    return tuple(VerbSense(str(v["property"]), frozenset(_strings(v["objects"])) if "objects" in v else None)
                 if isinstance(v, dict) else VerbSense(str(v)) for v in values)


@dataclass(frozen=True)
class VerbPrep:
    verb: str
    prep: str
    property: str
    patient_is_subject: bool
    inverse: bool = False  # the preposition's object is the fact's subject ("X was placed under Y")


@dataclass(frozen=True)
class Phrase:
    lemmas: tuple[str, ...]
    property: str
    inverse: bool = False  # the phrase's object is the fact's subject ("receive funding from Y")


@dataclass(frozen=True)
class NounRelation:
    preps: tuple[str, ...]
    property: str


@dataclass(frozen=True)
class MentionWords:
    """Words the mention finder reads through; see ``mention_words`` in ontology/lexicon.yaml."""

    articles: frozenset[str]
    quotes: frozenset[str]
    skipped_initials: frozenset[str]
    head_complements: frozenset[str]


@dataclass
class Lexicon:
    """How words map onto properties; see the comments in ontology/lexicon.yaml."""

    verbs: dict[str, tuple[VerbSense, ...]]  # lemma -> its senses, the first one the classes admit is meant
    verb_preps: list[VerbPrep]
    phrases: list[Phrase]
    nouns: dict[str, NounRelation]
    agent_nouns: dict[str, str]
    membership_preps: frozenset[str]
    founding_verbs: frozenset[str]
    anaphoric_words: frozenset[str]
    anaphoric_classes: dict[str, frozenset[str]]  # head -> the classes it may refer back to
    possessed_heads: frozenset[str]  # "the project's team" refers to the project
    anaphoric_determiners: frozenset[str]
    demonyms: dict[str, str]
    document_nouns: frozenset[str]
    instrument_nouns: dict[str, str]
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


@lru_cache(maxsize=8)
def load_lexicon(path: Path = LEXICON_YAML) -> Lexicon:
    data = read_yaml(path) or {}
    anaphora = data.get("anaphoric_heads") or {}
    cues = data.get("class_cues") or {}
    words = data.get("mention_words") or {}
    transparent = data.get("transparent_nouns") or {}
    return Lexicon(
        verbs={str(k): _verb_senses(v) for k, v in (data.get("verbs") or {}).items()},
        verb_preps=[
            VerbPrep(str(e["verb"]), str(e["prep"]), str(e["property"]), e.get("subject") == "patient",
                     bool(e.get("inverse")))
            for e in data.get("verb_preps") or []
        ],
        phrases=[Phrase(_strings(e["lemmas"]), str(e["property"]), bool(e.get("inverse")))
                 for e in data.get("phrases") or []],
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
        instrument_nouns={str(k): str(v) for k, v in (data.get("instrument_nouns") or {}).items()},
        enumeration_heads={str(k): str(v) for k, v in (data.get("enumeration_heads") or {}).items()},
        enumeration_markers=_strings(data.get("enumeration_markers")),
        enumeration_groups=frozenset(_strings(data.get("enumeration_groups"))),
        transparent_preps=frozenset(_strings(transparent.get("preps"))),
        transparent_head_preps=frozenset(_strings(transparent.get("head_preps"))),
        transparent_heads=frozenset(_strings(transparent.get("heads"))),
        suffix_cues={str(k): str(v) for k, v in (cues.get("suffix") or {}).items()},
        prefix_cues={str(k): str(v) for k, v in (cues.get("prefix") or {}).items()},
        ner_classes={str(k): str(v) for k, v in (data.get("ner_classes") or {}).items()},
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
