"""Precision-side scores against an exhaustive gold: each typed fact and each figure of the graph
judged right, neutral or false positive; per extraction rule and per confidence band (docs/evaluation.md)."""
from __future__ import annotations

from collections.abc import Sequence

from .gold import GoldFigure, GoldRelation
from .graph import Fact, GraphView, Observation, local_name
from .normalise import literal_matches
from .records import (
    BandScore,
    FactScores,
    FigureScores,
    JudgedFact,
    JudgedObservation,
    RuleScore,
    Verdict,
    ratio,
)
from .scope import Scope

CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
FIGURE_TOLERANCE = 0.005  # a value within 0.5% of the gold value matches


def _optional(scope: Scope, ids: set[str]) -> bool:
    """An end whose gold entities are all optional."""
    return not any(scope.entities[i].required for i in ids)


def _judge(view: GraphView, scope: Scope, fact: Fact) -> tuple[Verdict, GoldRelation | None]:
    s_ids = scope.node_ids.get(fact.s, set())
    o_ids = set() if fact.literal else scope.node_ids.get(fact.o, set())
    if not s_ids or not (fact.literal or o_ids):
        return "unjudged", None
    if fact.literal:
        candidates = [r for r in scope.relations if r.literal and r.s in s_ids
                      and literal_matches(str(fact.o), r.o) and view.pred_matches(fact.p, r.pred)]
    else:
        candidates = [r for r in scope.relations if not r.literal
                      and ((r.s in s_ids and r.o in o_ids) or (r.symmetric and r.s in o_ids and r.o in s_ids))
                      and view.pred_matches(fact.p, r.pred)]
    for r in candidates:
        if r.required:
            return "right", r
    if candidates:
        return "neutral", candidates[0]
    if _optional(scope, s_ids) or (o_ids and _optional(scope, o_ids)):
        return "neutral", None
    return "false positive", None


def judge_facts(view: GraphView, scope: Scope) -> FactScores:
    """Every typed fact with evidence from the scope's documents, judged against its gold relations."""
    judged: list[JudgedFact] = []
    for fact in view.facts:
        evidence = [e for e in fact.evidence if e.document in scope.doc_of_node]
        if not evidence:
            continue
        verdict, relation = _judge(view, scope, fact)
        confidences = [e.confidence for e in evidence if e.confidence is not None]
        judged.append(JudgedFact(
            subject=view.show(fact.s), predicate=local_name(fact.p), object=view.show(fact.o),
            literal=fact.literal, verdict=verdict, gold=relation.describe() if relation else None,
            rules=tuple(sorted({e.rule for e in evidence})),
            confidence=max(confidences) if confidences else None,
            documents=scope.doc_ids({e.document for e in evidence}),
            sentences=tuple(sorted({e.sentence for e in evidence if e.sentence})),
        ))
    _, right, neutral, fps, precision = _counts(judged)
    return FactScores(right=right, neutral=neutral, false_positives=fps,
                      unjudged=sum(f.verdict == "unjudged" for f in judged), precision=precision, facts=judged)


def figure_matches(figure: GoldFigure, observation: Observation, entity_ids: set[str]) -> bool:
    """Entity (or an alternative), value within 0.5%, unit (case-insensitive) and year agree."""
    return (bool(figure.entities & entity_ids)
            and abs(observation.value - figure.value) <= FIGURE_TOLERANCE * abs(figure.value)
            and observation.unit.casefold() == figure.unit.casefold()
            and (figure.year is None or observation.year == figure.year))


def match_figures(view: GraphView, scope: Scope, exhaustive: bool) -> FigureScores:
    """Observations from the scope's documents against its gold figures, each figure matched once."""
    taken: set[int] = set()
    judged: list[JudgedObservation] = []
    for obs in view.observations:
        if not obs.documents & scope.doc_nodes:
            continue
        ids = scope.node_ids.get(obs.entity, set()) if obs.entity is not None else set()
        candidates = sorted((f for f in scope.figures if f.index not in taken and figure_matches(f, obs, ids)),
                            key=lambda f: (not f.required, f.entity not in ids, f.index))
        figure = candidates[0] if candidates else None
        if figure is not None:
            taken.add(figure.index)
            verdict: Verdict = "right" if figure.required else "neutral"
        else:
            verdict = "false positive" if ids and exhaustive else "unjudged"
        judged.append(JudgedObservation(
            entity=view.show(obs.entity) if obs.entity is not None else "?", value=obs.value, unit=obs.unit,
            year=obs.year, verdict=verdict, figure=figure.text if figure else None,
            documents=scope.doc_ids(set(obs.documents)), sentence=obs.sentence,
        ))
    required = [f for f in scope.figures if f.required]
    matched = [f for f in required if f.index in taken]
    right = sum(o.verdict == "right" for o in judged)
    fps = sum(o.verdict == "false positive" for o in judged)
    return FigureScores(
        required_total=len(required), required_matched=len(matched), right=right,
        neutral=sum(o.verdict == "neutral" for o in judged), false_positives=fps,
        unjudged=sum(o.verdict == "unjudged" for o in judged),
        precision=ratio(right, right + fps) if exhaustive else None, recall=ratio(len(matched), len(required)),
        misses=[f for f in required if f.index not in taken], observations=judged,
    )


def _counts(facts: Sequence[JudgedFact]) -> tuple[int, int, int, int, float | None]:
    right = sum(f.verdict == "right" for f in facts)
    neutral = sum(f.verdict == "neutral" for f in facts)
    fps = sum(f.verdict == "false positive" for f in facts)
    return right + neutral + fps, right, neutral, fps, ratio(right, right + fps)


def rule_scores(facts: Sequence[JudgedFact]) -> list[RuleScore]:
    """Per extraction rule: the facts it made (a fact read by two rules counts for both) and their verdicts."""
    rules = sorted({r for f in facts for r in f.rules})
    scores = []
    for rule in rules:
        made = [f for f in facts if rule in f.rules]
        scores.append(RuleScore(rule, len(made), *_counts(made)))
    return sorted(scores, key=lambda s: (-s.facts, s.rule))


def confidence_bands(facts: Sequence[JudgedFact]) -> list[BandScore]:
    """Judged facts by their highest confidence, in the bands of ``CONFIDENCE_BANDS``."""
    judged = [f for f in facts if f.verdict != "unjudged" and f.confidence is not None]
    bands = []
    edges = list(zip(CONFIDENCE_BANDS, CONFIDENCE_BANDS[1:]))
    for low, high in edges:
        last = high == CONFIDENCE_BANDS[-1]
        inside = [f for f in judged if low <= f.confidence < high or (last and f.confidence == high)]
        bands.append(BandScore(low, high, *_counts(inside)))
    return bands
