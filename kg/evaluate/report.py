"""What ``cikg eval`` prints: a plain-text report per gold file, or JSON."""
from __future__ import annotations

import json
from collections.abc import Sequence

from .records import BandScore, EvalReport, JudgedFact, JudgedObservation, NodeRef, RuleScore

LIST_LIMIT = 15  # items shown per list in the text report (JSON has them all)


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _short(items: list[str], limit: int) -> str:
    if not items:
        return "  (none)"
    lines = [f"  {s}" for s in items[:limit]]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines)


def _node(n: NodeRef) -> str:
    return f"{n.label} [{', '.join(n.classes) or 'untyped'}]"


def _typed(n: NodeRef) -> str:
    return f"{n.label} as {'|'.join(n.coarse) or ', '.join(n.classes) or '?'}"


def _columns(header: Sequence[str], rows: list[Sequence[object]], align: str) -> list[str]:
    """Rows under a header; ``align`` has an "l" or "r" per column."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    dash = ["-" * w for w in widths]
    return ["  ".join(str(c).ljust(w) if a == "l" else str(c).rjust(w)
                      for c, w, a in zip(r, widths, align)).rstrip() for r in [header, dash, *rows]]


def _summary_rows(r: EvalReport) -> list[tuple[str, str, str]]:
    e, t, rel, lab = r.entities, r.types, r.relations, r.labels
    rows = [
        ("entity precision", _num(e.precision),
         f"{e.correct_nodes}/{e.graph_entities - e.neutral_nodes} nodes "
         f"({len(e.false_positives)} false positive, {e.neutral_nodes} optional not counted)"),
        ("entity recall", _num(e.recall), f"{e.required_matched}/{e.required_total} required gold entities"),
        ("entity F1", _num(e.f1), ""),
        ("type accuracy", _num(t.accuracy), f"{t.correct}/{t.total} matched required entities"),
        ("duplicates", str(len(e.duplicates)),
         f"gold entities with >1 node ({sum(len(d.nodes) for d in e.duplicates)} nodes); {len(e.merges)} merged nodes"),
        ("relations untyped", _num(rel.untyped_recall),
         f"{rel.untyped_found}/{rel.total} required ({rel.optional} optional not counted)"),
        ("relations typed", _num(rel.typed_recall), f"{rel.typed_found}/{rel.total}"),
    ]
    if r.facts is not None:
        f = r.facts
        rows.append(("fact precision", _num(f.precision),
                     f"{f.right}/{f.right + f.false_positives} judged typed facts "
                     f"({f.false_positives} false positive, {f.neutral} neutral, {f.unjudged} unjudged)"))
    if r.figures is not None:
        g = r.figures
        rows.append(("figure precision", _num(g.precision),
                     f"{g.right}/{g.right + g.false_positives} observations "
                     f"({g.false_positives} false positive, {g.neutral} neutral, {g.unjudged} unjudged)"))
        rows.append(("figure recall", _num(g.recall), f"{g.required_matched}/{g.required_total} required figures"))
    for lang, s in lab.per_language.items():
        rows.append((f"labels {lang}", _num(s.recall), f"{s.found}/{s.total}"))
    rows.append(("labels overall", _num(lab.overall.recall), f"{lab.overall.found}/{lab.overall.total}"))
    return rows


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _year(year: int | None) -> str:
    return "no year" if year is None else str(year)


def _fact(f: JudgedFact) -> str:
    obj = repr(f.object) if f.literal else f.object
    sentences = " | ".join(_one_line(s) for s in f.sentences)
    return f"{f.subject} -[{f.predicate}]-> {obj}  ({'/'.join(f.rules)}, {', '.join(f.documents)}): {sentences}"


def _observation(o: JudgedObservation) -> str:
    return f"{o.entity}: {o.value:g} {o.unit} ({_year(o.year)}; {', '.join(o.documents)}): {_one_line(o.sentence)}"


def _rule_table(rules: list[RuleScore]) -> list[str]:
    rows = [(s.rule, s.facts, s.judged, s.right, s.false_positives, s.neutral, _num(s.precision)) for s in rules]
    return _columns(("rule", "facts", "judged", "right", "false pos", "neutral", "precision"), rows, "lrrrrrr")


def _band_table(bands: list[BandScore]) -> list[str]:
    rows = [(f"[{b.low:.1f}, {b.high:.1f}{']' if b.high == 1.0 else ')'}", b.judged, b.right, b.false_positives,
             b.neutral, _num(b.precision)) for b in bands]
    return _columns(("confidence", "judged", "right", "false pos", "neutral", "precision"), rows, "lrrrrr")


def _document_table(r: EvalReport) -> list[str]:
    rows = [(d.doc, _num(d.entity_precision), _num(d.entity_recall), _num(d.fact_precision), _num(d.typed_recall),
             _num(d.figure_precision), _num(d.figure_recall)) for d in r.per_document]
    return _columns(("document", "ent P", "ent R", "fact P", "typed R", "fig P", "fig R"), rows, "lrrrrrr")


def format_table(r: EvalReport, by_rule: bool = False, calibration: bool = False, limit: int = LIST_LIMIT) -> str:
    """The summary table, the per-document table, then short lists: misses, false positives (with
    their sentences), duplicates, merges, type errors, relations not found; optionally per rule and band."""
    e, t, rel, lab = r.entities, r.types, r.relations, r.labels
    out = [f"graph: {r.graph}", f"gold:  {r.gold}" + ("  (exhaustive)" if r.exhaustive else ""),
           f"documents in scope: {', '.join(r.documents_in_scope)}", ""]
    out += _columns(("metric", "value", "detail"), _summary_rows(r), "lrl")
    out += ["", "per document:", *_document_table(r)]
    sections = [
        (f"misses ({len(e.misses)})", [f"{m.gold_id}: {' | '.join(m.names)}" for m in e.misses]),
        (f"false positives ({len(e.false_positives)})", [_node(n) for n in e.false_positives]),
    ]
    if r.facts is not None:
        fps = [f for f in r.facts.facts if f.verdict == "false positive"]
        sections.append((f"false positive facts ({len(fps)})", [_fact(f) for f in fps]))
    if r.figures is not None:
        fig_fps = [o for o in r.figures.observations if o.verdict == "false positive"]
        sections.append((f"figures missed ({len(r.figures.misses)})",
                         [f"{f.entity}: {f.value:g} {f.unit} ({_year(f.year)}; {f.doc}): {f.text}"
                          for f in r.figures.misses]))
        sections.append((f"false positive figures ({len(fig_fps)})", [_observation(o) for o in fig_fps]))
    sections += [
        (f"duplicates ({len(e.duplicates)})",
         [f"{d.gold_id}: {'; '.join(_node(n) for n in d.nodes)}" for d in e.duplicates]),
        (f"merges ({len(e.merges)})", [f"{_node(m.node)} = {', '.join(m.gold_ids)}" for m in e.merges]),
        (f"type errors ({len(t.errors)})",
         [f"{x.gold_id}: expected {'|'.join(x.expected)}, got {'; '.join(_typed(n) for n in x.nodes)}"
          for x in t.errors]),
        (f"relations not found typed ({rel.total - rel.typed_found})",
         [f"{x.s} -[{x.pred}]-> {repr(x.o) if x.literal else x.o}"
          + (f"  (untyped via {', '.join(x.predicates)})" if x.found_untyped else "  (not linked)")
          for x in rel.results if x.required and not x.found_typed]),
        (f"labels missed ({len(lab.misses)})", [f"{m.gold_id} @{m.lang}: {m.label}" for m in lab.misses]),
    ]
    for title, items in sections:
        out += ["", title + ":", _short(items, limit)]
    if by_rule or calibration:
        if r.facts is None:
            out += ["", "per rule and confidence band: n/a (the gold is not exhaustive, so facts are not judged)"]
        else:
            if by_rule:
                out += ["", "typed facts per extraction rule:", *_rule_table(r.by_rule)]
            out += ["", "judged typed facts per confidence band (highest over their evidence):",
                    *_band_table(r.confidence_bands)]
    if r.warnings:
        out += ["", "warnings:", _short(r.warnings, limit)]
    return "\n".join(out) + "\n"


def format_report(report: EvalReport, as_json: bool = False, by_rule: bool = False,
                  calibration: bool = False) -> str:
    """Indented JSON of ``report.to_json()`` (everything), or :func:`format_table`."""
    if as_json:
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
    return format_table(report, by_rule, calibration)


def format_reports(reports: Sequence[EvalReport], as_json: bool = False, by_rule: bool = False,
                   calibration: bool = False) -> str:
    """One report per gold file: a JSON array when there are several, text sections one after another."""
    if as_json and len(reports) != 1:
        return json.dumps([r.to_json() for r in reports], indent=2, ensure_ascii=False) + "\n"
    rule = "\n" + "=" * 78 + "\n\n"
    return rule.join(format_report(r, as_json, by_rule, calibration) for r in reports)
