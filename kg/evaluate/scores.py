"""Recall-side scores: entities, types, relations and labels per language (docs/evaluation.md)."""
from __future__ import annotations

from rdflib import Literal
from rdflib.term import Node

from .graph import LABEL_PROPS, NOT_RELATIONS, GraphView, local_name
from .normalise import literal_matches, normalize_label
from .records import (
    Duplicate,
    EntityScores,
    GoldMatch,
    LabelMiss,
    LabelScores,
    LanguageScore,
    Merge,
    Miss,
    RelationResult,
    RelationScores,
    TypeMismatch,
    TypeScores,
    f1,
    ratio,
)
from .scope import Scope


def score_entities(view: GraphView, scope: Scope) -> EntityScores:
    gold_ents, nodes, matches = scope.entities, scope.entity_nodes, scope.node_matches
    required = [e for e in gold_ents.values() if e.required]
    matched = [e for e in required if scope.gold_nodes[e.id]]
    correct = [n for n in nodes if any(gold_ents[i].required for i in matches[n])]
    neutral = [n for n in nodes if matches[n] and not any(gold_ents[i].required for i in matches[n])]
    fps = [n for n in nodes if not matches[n]]
    precision = ratio(len(correct), len(nodes) - len(neutral))
    recall = ratio(len(matched), len(required))
    return EntityScores(
        required_total=len(required),
        required_matched=len(matched),
        graph_entities=len(nodes),
        neutral_nodes=len(neutral),
        correct_nodes=len(correct),
        precision=precision,
        recall=recall,
        f1=f1(precision, recall),
        misses=[Miss(e.id, e.names) for e in sorted(required, key=lambda e: e.id) if not scope.gold_nodes[e.id]],
        false_positives=sorted((view.ref(n) for n in fps), key=lambda r: (r.label.casefold(), r.iri)),
        duplicates=[Duplicate(eid, tuple(view.ref(n) for n in ns))
                    for eid, ns in sorted(scope.gold_nodes.items()) if len(ns) > 1],
        merges=[Merge(view.ref(n), tuple(sorted(matches[n]))) for n in nodes if len(matches[n]) > 1],
        matches=[GoldMatch(eid, gold_ents[eid].required, tuple(view.ref(n) for n in ns))
                 for eid, ns in sorted(scope.gold_nodes.items())],
    )


def score_types(view: GraphView, scope: Scope) -> TypeScores:
    total = correct = 0
    errors: list[TypeMismatch] = []
    for eid, nodes in sorted(scope.gold_nodes.items()):
        e = scope.entities[eid]
        if not e.required or not nodes:
            continue
        total += 1
        wrong = [n for n in nodes if not set(view.coarse(n)) & e.types]
        if wrong:
            errors.append(TypeMismatch(eid, tuple(sorted(e.types)), tuple(view.ref(n) for n in wrong)))
        else:
            correct += 1
    return TypeScores(total=total, correct=correct, accuracy=ratio(correct, total), errors=errors)


def _literal_links(view: GraphView, s_nodes: set[Node], value: str, pattern: str) -> tuple[bool, bool, set[str]]:
    untyped = typed = False
    preds: set[str] = set()
    for s in s_nodes:
        for p, o in view.g.predicate_objects(s):
            if isinstance(o, Literal) and p not in NOT_RELATIONS and p not in LABEL_PROPS and literal_matches(str(o), value):
                untyped = True
                preds.add(local_name(p))
                typed = typed or view.pred_matches(p, pattern)
    return untyped, typed, preds


def _entity_links(view: GraphView, s_nodes: set[Node], o_nodes: set[Node], pattern: str,
                  symmetric: bool) -> tuple[bool, bool, set[str]]:
    untyped = typed = False
    preds: set[str] = set()
    for s in s_nodes:
        for o in o_nodes:
            for forward, (a, b) in ((True, (s, o)), (False, (o, s))):
                for p in view.g.predicates(a, b):
                    if p in NOT_RELATIONS:
                        continue
                    untyped = True
                    preds.add(local_name(p) if forward else "^" + local_name(p))
                    typed = typed or ((forward or symmetric) and view.pred_matches(p, pattern))
    return untyped, typed, preds


def score_relations(view: GraphView, scope: Scope) -> RelationScores:
    results: list[RelationResult] = []
    for r in scope.relations:
        s_nodes = scope.nodes_of(r.s)
        if r.literal:
            untyped, typed, preds = _literal_links(view, s_nodes, r.o, r.pred)
        else:
            untyped, typed, preds = _entity_links(view, s_nodes, scope.nodes_of(r.o), r.pred, r.symmetric)
        results.append(RelationResult(r.s, r.pred, r.o, r.literal, r.required, untyped, typed, tuple(sorted(preds))))
    counted = [x for x in results if x.required]
    u = sum(x.found_untyped for x in counted)
    t = sum(x.found_typed for x in counted)
    n = len(counted)
    return RelationScores(total=n, optional=len(results) - n, untyped_found=u, typed_found=t,
                          untyped_recall=ratio(u, n), typed_recall=ratio(t, n), results=results)


def _lang_matches(tag: str | None, lang: str) -> bool:
    if not tag:
        return False
    tag, lang = tag.lower(), lang.lower()
    return tag == lang or tag.startswith(lang + "-")


def score_labels(view: GraphView, scope: Scope, languages: list[str]) -> LabelScores:
    counts: dict[str, list[int]] = {}
    misses: list[LabelMiss] = []
    for eid in sorted(scope.entities):
        e = scope.entities[eid]
        if not e.required:
            continue
        for lang in sorted(e.labels):
            if lang not in languages:
                continue
            have = {normalize_label(l) for n in scope.gold_nodes[eid] for l in view.labels(n)
                    if _lang_matches(l.language, lang)}
            for label in e.labels[lang]:
                c = counts.setdefault(lang, [0, 0])
                c[1] += 1
                if normalize_label(label) in have:
                    c[0] += 1
                else:
                    misses.append(LabelMiss(eid, lang, label))
    per = {lang: LanguageScore(*counts[lang], ratio(*counts[lang])) for lang in languages if lang in counts}
    found = sum(s.found for s in per.values())
    total = sum(s.total for s in per.values())
    return LabelScores(per_language=per, overall=LanguageScore(found, total, ratio(found, total)), misses=misses)
