"""Calibrated confidence: each relation rule's confidence is its precision measured against an
exhaustive gold, so that facts at confidence >= c are right about c of the time; and the threshold
below which a typed fact is not asserted, chosen from the same measurements.

A rule judged on few facts gets a precision pulled towards the pooled precision of all rules
(``prior_weight`` pseudo-facts), so one lucky fact does not make a rule look certain. Measure on a
graph built with ``assert_threshold: 0`` (every fact asserted), or the curve only sees survivors.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .records import JudgedFact, RuleScore


@dataclass(frozen=True)
class Calibration:
    """New confidences by rule name, the threshold chosen, and the precision it gives on the facts."""

    confidences: dict[str, float]
    threshold: float
    precision_at_threshold: float | None
    facts_at_threshold: int


def calibrated_confidences(scores: Sequence[RuleScore], prior_weight: float = 2.0) -> dict[str, float]:
    """(right + w * pooled) / (right + false positives + w) for every rule with judged facts."""
    right = sum(s.right for s in scores)
    wrong = sum(s.false_positives for s in scores)
    pooled = right / (right + wrong) if right + wrong else 0.5
    return {s.rule: round((s.right + prior_weight * pooled) / (s.right + s.false_positives + prior_weight), 2)
            for s in scores if s.right + s.false_positives}


def choose_threshold(facts: Sequence[JudgedFact], confidences: dict[str, float], target: float,
                     floor: float = 0.5) -> tuple[float, float | None, int]:
    """The lowest confidence, not below ``floor``, such that the facts at or above it (rescored
    with ``confidences``) are right at least ``target`` of the time: (threshold, precision there,
    facts kept). The floor keeps out a rule wrong as often as right, however well the rules above
    it make up for it on the development data. The floor itself is a candidate: when the facts
    judged meet the target however low the threshold, it is the floor, not the confidence of the
    least sure of them (which would shut out every rule the development data happens not to
    exercise, whatever its confidence)."""
    scored = []
    for fact in facts:
        if fact.verdict in ("right", "false positive"):
            best = max((confidences.get(r, fact.confidence or 0.0) for r in fact.rules), default=0.0)
            scored.append((best, fact.verdict == "right"))
    for threshold in sorted({c for c, _ in scored if c >= floor} | {floor}):
        kept = [ok for c, ok in scored if c >= threshold]
        if kept and sum(kept) / len(kept) >= target:
            return threshold, sum(kept) / len(kept), len(kept)
    return 1.0, None, 0


def calibrate(scores: Sequence[RuleScore], facts: Sequence[JudgedFact], target: float = 0.85,
              floor: float = 0.5) -> Calibration:
    confidences = calibrated_confidences(scores)
    threshold, precision, kept = choose_threshold(facts, confidences, target, floor)
    return Calibration(confidences, threshold, precision, kept)


def write_calibration(rules_yaml: Path, calibration: Calibration) -> list[str]:
    """Rewrite the ``confidence:`` of each calibrated rule and ``assert_threshold`` in place,
    keeping every comment; returns the rule names the file does not list."""
    lines = Path(rules_yaml).read_text(encoding="utf-8").splitlines(keepends=True)
    missing = []
    for rule, confidence in sorted(calibration.confidences.items()):
        start = next((i for i, line in enumerate(lines) if re.match(rf"\s+{re.escape(rule)}:(\s|$)", line)), None)
        if start is None:
            missing.append(rule)
            continue
        indent = len(lines[start]) - len(lines[start].lstrip())
        for i in range(start, len(lines)):
            if i > start and lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent:
                missing.append(rule)
                break
            if re.search(r"\bconfidence:\s*[0-9.]+", lines[i]):
                lines[i] = re.sub(r"(\bconfidence:\s*)[0-9.]+", rf"\g<1>{confidence:.2f}", lines[i], count=1)
                break
    text = re.sub(r"(?m)^assert_threshold:\s*[0-9.]+", f"assert_threshold: {calibration.threshold:.2f}", "".join(lines))
    Path(rules_yaml).write_text(text, encoding="utf-8")
    return missing
