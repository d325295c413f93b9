"""Score a built graph against a hand-made gold file (``cikg eval``).

``evaluate(graph, gold_path)`` returns an :class:`EvalReport`; ``format_report`` turns it into the
plain-text report or the JSON the CLI prints. The matching rules are the contract, written once in
``docs/evaluation.md``: entities, types, relations (recall), labels per language and, when the gold
is exhaustive, the precision of typed facts and figures, per document, per extraction rule
(:func:`rule_scores`) and per confidence band (:func:`confidence_bands`).

The modules, in the order a run uses them: ``gold`` (read the gold file), ``graph`` (read
graph.ttl), ``normalise`` (compared forms), ``scope`` (which node stands for which gold entity),
``scores`` (recall side), ``precision`` (facts and figures judged), ``run`` (all of it for one
gold file), ``report`` (text and JSON); ``records`` holds the result dataclasses.
"""
from .gold import EvaluationError, Gold, GoldEntity, GoldFigure, GoldRelation, load_gold
from .graph import GraphView, coarse_types, open_graph
from .normalise import literal_matches, normalize_label, normalize_literal
from .precision import CONFIDENCE_BANDS, confidence_bands, figure_matches, rule_scores
from .records import (
    BandScore,
    DocumentScores,
    EntityScores,
    EvalReport,
    FactScores,
    FigureScores,
    JudgedFact,
    JudgedObservation,
    RelationScores,
    RuleScore,
)
from .report import format_report, format_reports, format_table
from .run import evaluate

__all__ = [
    "CONFIDENCE_BANDS", "BandScore", "DocumentScores", "EntityScores", "EvalReport", "EvaluationError",
    "FactScores", "FigureScores", "Gold", "GoldEntity", "GoldFigure", "GoldRelation", "GraphView",
    "JudgedFact", "JudgedObservation", "RelationScores", "RuleScore", "coarse_types", "confidence_bands",
    "evaluate", "figure_matches", "format_report", "format_reports", "format_table", "literal_matches",
    "load_gold", "normalize_label", "normalize_literal", "open_graph", "rule_scores",
]
