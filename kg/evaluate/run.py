"""Score one graph against a gold file: scope, match, then every score (rules: docs/evaluation.md)."""
from __future__ import annotations

from pathlib import Path

from .gold import Gold, as_list, load_gold
from .graph import GraphView, open_graph
from .precision import confidence_bands, judge_facts, match_figures, rule_scores
from .records import DocumentScores, EvalReport
from .scope import Scope, build_scope, documents_in_scope
from .scores import score_entities, score_labels, score_relations, score_types


def evaluate(graph: GraphView | Path, gold_path: Path) -> EvalReport:
    """Score ``graph`` (a build folder, an RDF file, or a graph already opened with ``open_graph``)
    against the gold file at ``gold_path``; bad input is an :class:`EvaluationError`."""
    view = graph if isinstance(graph, GraphView) else open_graph(Path(graph))
    gold = load_gold(Path(gold_path))
    in_scope = documents_in_scope(view, gold)
    scope = build_scope(view, gold, in_scope)
    warnings = []
    if scope.translation_only:
        warnings.append(f"{len(scope.translation_only)} node(s) mentioned only in translated sections are not "
                        f"scored (the gold names the main language's forms): "
                        + ", ".join(view.ref(n).label for n in scope.translation_only[:8]))
    languages: list[str] = []  # in the gold file's order (en, zh, fr, es)
    for d in in_scope:
        languages += [lang for lang in as_list(gold.documents[d].get("languages")) if lang not in languages]
    facts = judge_facts(view, scope) if gold.exhaustive else None
    judged = facts.facts if facts else []
    return EvalReport(
        graph=str(view.path), gold=str(gold_path), exhaustive=gold.exhaustive, documents_in_scope=in_scope,
        entities=score_entities(view, scope), types=score_types(view, scope),
        relations=score_relations(view, scope), labels=score_labels(view, scope, languages),
        facts=facts, figures=match_figures(view, scope, gold.exhaustive) if gold.figures else None,
        by_rule=rule_scores(judged), confidence_bands=confidence_bands(judged) if judged else [],
        per_document=[_document_scores(view, gold, build_scope(view, gold, [d])) for d in in_scope],
        warnings=warnings,
    )


def _document_scores(view: GraphView, gold: Gold, scope: Scope) -> DocumentScores:
    """The headline numbers with this one document in scope."""
    entities = score_entities(view, scope)
    facts = judge_facts(view, scope) if gold.exhaustive else None
    figures = match_figures(view, scope, gold.exhaustive) if gold.figures else None
    return DocumentScores(
        doc=scope.docs[0],
        entity_precision=entities.precision,
        entity_recall=entities.recall,
        fact_precision=facts.precision if facts else None,
        typed_recall=score_relations(view, scope).typed_recall,
        figure_precision=figures.precision if figures else None,
        figure_recall=figures.recall if figures else None,
    )
