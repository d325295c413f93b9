"""What an analyst's corrections are: typed records keyed by content, and the terms they may name.

A correction names entities by key, properties and classes by their ontology names and documents
by id (prefixed names and full IRIs are accepted too), and a sentence by its text, never by an
offset or a line number, so it still applies after the documents or the extractor change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from extract.knowledge import TOP_CLASSES, load_class_tree
from ontology import ONTOLOGY_TTL

from ..namespaces import CIKG, DOC, ENT

VERDICTS = ("right", "wrong", "reverse")
ANALYST_RULE = "analyst"  # the rule name of a fact the analyst added


@dataclass(frozen=True)
class Origin:
    """Where a correction was written: the file and its row (a table row, or a YAML line)."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}"


@dataclass(frozen=True)
class FactKey:
    """A fact as read: subject, property and object keys, optionally narrowed to one document and sentence."""

    subject: str
    property: str
    object: str  # an entity key, or a literal's text for a literal-valued property
    document: str | None = None
    sentence: str | None = None  # whitespace folded (:func:`fold`)

    def describe(self) -> str:
        where = f" in {self.document}" if self.document else ""
        said = f" ({self.sentence[:60]}…)" if self.sentence and len(self.sentence) > 60 else (
            f" ({self.sentence})" if self.sentence else "")
        return f"{self.subject} {self.property} {self.object}{where}{said}"


@dataclass(frozen=True)
class FactCorrection:
    """A verdict on a fact's readings: right (confidence 1.0), wrong (removed), reverse, a new property."""

    origin: Origin
    key: FactKey
    verdict: str | None
    new_property: str | None = None
    note: str = ""

    @property
    def action(self) -> str:
        if self.verdict == "wrong":
            return "reject"
        changes = [name for name, done in (("reverse", self.verdict == "reverse"),
                                           ("change-property", self.new_property)) if done]
        return "+".join(changes) or "confirm"

    def describe(self) -> str:
        change = f" -> {self.new_property}" if self.new_property else ""
        return f"{self.action}{change}: {self.key.describe()}"


@dataclass(frozen=True)
class AddedFact:
    """A fact the extractor missed, read by the analyst in a document's sentence."""

    origin: Origin
    key: FactKey  # document and sentence are required
    note: str = ""
    action = "add"

    def describe(self) -> str:
        return f"add: {self.key.describe()}"


@dataclass(frozen=True)
class EntityCorrection:
    """A new class and/or English label for an entity."""

    origin: Origin
    entity: str
    cls: str | None = None
    label: str | None = None
    note: str = ""

    @property
    def action(self) -> str:
        return "+".join(name for name, done in (("retype", self.cls), ("rename", self.label)) if done)

    def describe(self) -> str:
        changes = [f"class {self.cls}" if self.cls else "", f"label {self.label!r}" if self.label else ""]
        return f"{self.action} {self.entity}: " + ", ".join(c for c in changes if c)


@dataclass(frozen=True)
class Merge:
    """Two keys that name one real-world entity: ``entity`` is folded into ``into``."""

    origin: Origin
    entity: str
    into: str
    note: str = ""
    action = "merge"

    def describe(self) -> str:
        return f"merge {self.entity} into {self.into}"


@dataclass(frozen=True)
class Split:
    """An alias wrongly given to ``entity``: it becomes the entity ``new_key`` of its own."""

    origin: Origin
    entity: str
    alias: str
    new_key: str
    cls: str | None = None
    label: str | None = None
    note: str = ""
    action = "split"

    def describe(self) -> str:
        return f"split {self.alias!r} off {self.entity} as {self.new_key}"


Correction = FactCorrection | AddedFact | EntityCorrection | Merge | Split


@dataclass
class Corrections:
    """Every valid correction of one file, in file order, and the problems met reading it."""

    path: Path
    content_hash: str
    analyst: str | None = None
    facts: list[FactCorrection] = field(default_factory=list)
    added: list[AddedFact] = field(default_factory=list)
    entities: list[EntityCorrection] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def all(self) -> list[Correction]:
        return [*self.facts, *self.added, *self.entities, *self.merges, *self.splits]

def merge_targets(merges: list[Merge]) -> dict[str, str]:
    """Every merged-away key -> the key it ends up as, chains followed (cycles are refused on reading)."""
    step = {m.entity: m.into for m in merges}
    final = {}
    for key, target in step.items():
        while target in step:
            target = step[target]
        final[key] = target
    return final


@dataclass(frozen=True)
class Vocabulary:
    """What a correction may name: entity classes, link properties, literal-valued properties."""

    classes: frozenset[str]
    links: frozenset[str]  # object properties between entities (cikg:relatedTo and its sub-properties)
    literals: frozenset[str]  # datatype properties of entities (no rdfs:domain): establishedIn, date, status


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    graph = Graph().parse(ONTOLOGY_TTL)
    tree = load_class_tree()
    links = {p for p in graph.transitive_subjects(RDFS.subPropertyOf, CIKG.relatedTo)}
    literals = {p for p in graph.subjects(RDF.type, OWL.DatatypeProperty) if graph.value(p, RDFS.domain) is None}
    local = lambda terms: frozenset(str(t)[len(CIKG):] for t in terms if str(t).startswith(str(CIKG)))  # noqa: E731
    return Vocabulary(frozenset(c for c, top in tree.items() if top in TOP_CLASSES), local(links), local(literals))


def fold(text: str) -> str:
    """A sentence compared by its words: runs of whitespace are one space."""
    return " ".join(text.split())


def _local(value: str, *namespaces: str, prefix: str = "") -> str:
    text = value.strip()
    for namespace in namespaces:
        if text.startswith(namespace):
            return text[len(namespace):]
    return text[len(prefix):] if prefix and text.startswith(prefix) else text


def entity_key(value: str) -> str:
    return _local(value, str(ENT), prefix="ent:")


def term_name(value: str) -> str:
    return _local(value, str(CIKG), prefix="cikg:")


def document_key(value: str) -> str:
    return _local(value, str(DOC), prefix="doc:")
