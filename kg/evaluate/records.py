"""The records an evaluation returns; plain dataclasses, so ``asdict`` gives the JSON ``cikg eval`` prints."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .gold import GoldFigure

Verdict = Literal["right", "neutral", "false positive", "unjudged"]


def ratio(num: int, den: int) -> float | None:
    """``num / den``, or ``None`` ("n/a") for an empty denominator."""
    return num / den if den else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class NodeRef:
    """A graph node as the report shows it."""

    iri: str
    label: str
    classes: tuple[str, ...]  # local names of its rdf:types
    coarse: tuple[str, ...]  # coarse types


@dataclass(frozen=True)
class GoldMatch:
    gold_id: str
    required: bool
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class Miss:
    gold_id: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Duplicate:
    gold_id: str
    nodes: tuple[NodeRef, ...]


@dataclass(frozen=True)
class Merge:
    node: NodeRef
    gold_ids: tuple[str, ...]


@dataclass(frozen=True)
class TypeMismatch:
    """A matched gold entity with at least one node of a wrong coarse type."""

    gold_id: str
    expected: tuple[str, ...]
    nodes: tuple[NodeRef, ...]  # the wrong ones


@dataclass
class EntityScores:
    required_total: int  # required in-scope gold entities
    required_matched: int
    graph_entities: int  # in-scope graph entities
    neutral_nodes: int  # match only optional gold entities: left out of precision
    correct_nodes: int  # match a required gold entity
    precision: float | None
    recall: float | None
    f1: float | None
    misses: list[Miss]
    false_positives: list[NodeRef]
    duplicates: list[Duplicate]
    merges: list[Merge]
    matches: list[GoldMatch]


@dataclass
class TypeScores:
    total: int
    correct: int
    accuracy: float | None
    errors: list[TypeMismatch]


@dataclass(frozen=True)
class RelationResult:
    s: str
    pred: str
    o: str
    literal: bool
    required: bool
    found_untyped: bool
    found_typed: bool
    predicates: tuple[str, ...]  # local names of the predicates that linked s and o ("^p": o -> s)


@dataclass
class RelationScores:
    total: int  # required in-scope relations; optional ones are in ``results`` but not counted
    optional: int
    untyped_found: int
    typed_found: int
    untyped_recall: float | None
    typed_recall: float | None
    results: list[RelationResult]


@dataclass(frozen=True)
class LanguageScore:
    found: int
    total: int
    recall: float | None


@dataclass(frozen=True)
class LabelMiss:
    gold_id: str
    lang: str
    label: str


@dataclass
class LabelScores:
    per_language: dict[str, LanguageScore]
    overall: LanguageScore
    misses: list[LabelMiss]


@dataclass(frozen=True)
class JudgedFact:
    """A typed fact of the graph (not a co-mention) and what the gold says of it."""

    subject: str  # label
    predicate: str  # local name
    object: str  # label, or the literal's lexical form
    literal: bool
    verdict: Verdict
    gold: str | None  # the gold relation it matched, as "s -[p]-> o"
    rules: tuple[str, ...]  # the cikg:rule of each evidence record
    confidence: float | None  # the highest cikg:confidence over its evidence
    documents: tuple[str, ...]  # gold document ids of its evidence
    sentences: tuple[str, ...]


@dataclass
class FactScores:
    right: int
    neutral: int
    false_positives: int
    unjudged: int  # an end matches no in-scope gold entity
    precision: float | None  # right / (right + false positives)
    facts: list[JudgedFact]


@dataclass(frozen=True)
class JudgedObservation:
    """A figure of the graph (a cikg:Observation) and what the gold says of it."""

    entity: str  # label of the observed entity
    value: float
    unit: str
    year: int | None
    verdict: Verdict
    figure: str | None  # the gold figure it matched (its text)
    documents: tuple[str, ...]
    sentence: str


@dataclass
class FigureScores:
    required_total: int  # required in-scope gold figures
    required_matched: int
    right: int
    neutral: int
    false_positives: int
    unjudged: int  # the observed entity matches no in-scope gold entity
    precision: float | None
    recall: float | None
    misses: list[GoldFigure]  # required gold figures no observation matched
    observations: list[JudgedObservation]


@dataclass(frozen=True)
class RuleScore:
    """What one extraction rule (``cikg:rule``) contributed to the typed facts."""

    rule: str
    facts: int
    judged: int  # right + neutral + false positives
    right: int
    neutral: int
    false_positives: int
    precision: float | None


@dataclass(frozen=True)
class BandScore:
    """Judged facts whose highest confidence lies in [low, high) (the last band includes 1.0)."""

    low: float
    high: float
    judged: int
    right: int
    neutral: int
    false_positives: int
    precision: float | None


@dataclass(frozen=True)
class DocumentScores:
    """The headline numbers with one gold document alone in scope."""

    doc: str
    entity_precision: float | None
    entity_recall: float | None
    fact_precision: float | None
    typed_recall: float | None
    figure_precision: float | None
    figure_recall: float | None


@dataclass
class EvalReport:
    graph: str
    gold: str
    exhaustive: bool
    documents_in_scope: list[str]  # gold document ids
    entities: EntityScores
    types: TypeScores
    relations: RelationScores
    labels: LabelScores
    facts: FactScores | None  # None unless the gold is exhaustive
    figures: FigureScores | None  # None unless the gold has figures
    by_rule: list[RuleScore]
    confidence_bands: list[BandScore]
    per_document: list[DocumentScores]
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-serialisable data (lists, dicts, str, int, float, bool, None)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
