"""kg.evaluate, precision side: facts and figures judged against an exhaustive gold, per document,
per extraction rule and per confidence band; optional relations; ``cikg eval`` with several golds."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import rdflib
from evaluate_samples import D1, D2, entity, fact, new_graph, observation, relation, run, write_gold
from rdflib import Literal

from kg.cli import main
from kg.evaluate import (
    BandScore,
    EvaluationError,
    RuleScore,
    load_gold,
    confidence_bands,
    evaluate,
    format_report,
    rule_scores,
)
from kg.namespaces import CIKG, ENT

GOLD = """
exhaustive: true
documents:
  d1: {file: d1.txt}
  d2: {file: d2.txt}
entities:
  - {id: alpha, types: [GovernmentBody], names: [Alpha Ministry], docs: [d1, d2]}
  - {id: beta, types: [Enterprise], names: [Beta Corp], docs: [d1]}
  - {id: gamma, types: [Enterprise], names: [Gamma Ltd], docs: [d1]}
  - {id: opt, types: [Concept], names: [optional thing], docs: [d1], required: false}
  - {id: delta, types: [Enterprise], names: [Delta Lab], docs: [d2]}
relations:
  - {s: alpha, p: "fund|financ", o: beta, docs: [d1]}
  - {s: alpha, p: "oversee", o: gamma, docs: [d1], required: false}
  - {s: beta, p: "collaborat", o: gamma, docs: [d1], symmetric: true}
  - {s: alpha, p: "establish|date", o: "2020", docs: [d1], literal: true}
  - {s: alpha, p: "lead", o: delta, docs: [d2]}
figures:
  - {doc: d1, entity: beta, indicator: revenue, value: 1000000, unit: CNY, year: 2023, text: "1 million yuan"}
  - {doc: d1, entity: gamma, alt_entities: [alpha], indicator: staff, value: 200, unit: count, year: null, text: "200 staff"}
  - {doc: d1, entity: beta, indicator: share, value: 12.5, unit: percent, year: 2022, text: "12.5%", required: false}
  - {doc: d2, entity: delta, indicator: papers, value: 40, unit: count, year: 2021, text: "40 papers"}
"""


def world() -> rdflib.Graph:
    """Facts of every verdict (comments), with rules and confidences."""
    g = new_graph(D1, D2)
    alpha = entity(g, "alpha", CIKG.GovernmentBody, "Alpha Ministry", docs=(D1, D2))
    beta = entity(g, "beta", CIKG.Enterprise, "Beta Corp")
    gamma = entity(g, "gamma", CIKG.Enterprise, "Gamma Ltd")
    opt = entity(g, "opt", CIKG.Concept, "optional thing")
    delta = entity(g, "delta", CIKG.Enterprise, "Delta Lab", docs=(D2,))
    zeta = entity(g, "zeta", CIKG.Concept, "Zeta")  # in no gold
    fact(g, alpha, CIKG.funds, beta, rule="svo", confidence=0.6)  # right ...
    fact(g, alpha, CIKG.funds, beta, rule="verb-prep", confidence=0.8)  # ... read twice
    fact(g, alpha, CIKG.oversees, gamma, rule="svo", confidence=0.55)  # neutral: optional relation
    fact(g, gamma, CIKG.collaboratesWith, beta, rule="coop", confidence=0.65)  # right: symmetric
    fact(g, beta, CIKG.funds, alpha, rule="passive", confidence=0.72)  # false positive: direction
    fact(g, alpha, CIKG.establishedIn, Literal("2020", datatype=rdflib.XSD.gYear), rule="founding", confidence=0.9)  # right
    fact(g, alpha, CIKG.date, Literal("2019", datatype=rdflib.XSD.gYear), rule="date", confidence=1.0)  # false positive
    fact(g, beta, CIKG.targets, opt, rule="svo", confidence=0.3)  # neutral: optional entity
    fact(g, beta, CIKG.targets, zeta, rule="ner", confidence=0.95)  # unjudged: zeta is in no gold
    fact(g, alpha, CIKG.relatedTo, beta, rule="co-mention", confidence=0.2)  # a co-mention: not a typed fact
    fact(g, alpha, CIKG.leads, delta, doc=D2, rule="svo", confidence=0.85)  # right, in d2
    return g


def observations(g: rdflib.Graph) -> rdflib.Graph:
    beta, alpha = ENT["beta"], ENT["alpha"]
    observation(g, "o1", beta, 1003000, "CNY", 2023)  # right: within 0.5%
    observation(g, "o2", alpha, 200, "count", 2020)  # right: an alternative entity, a null gold year
    observation(g, "o3", beta, 12.5, "Percent", 2022)  # neutral: an optional figure, unit case-insensitive
    observation(g, "o4", beta, 1000000, "CNY", 2023)  # false positive: that figure is matched once
    observation(g, "o5", beta, 1010000, "CNY", 2023)  # false positive: 1% off
    observation(g, "o6", ENT["zeta"], 5, "count", None)  # unjudged: zeta is in no gold
    observation(g, "o7", ENT["delta"], 40, "count", 2020, doc=D2)  # false positive: the year
    observation(g, "o8", beta, 1000000, "USD", 2023)  # false positive: the unit
    return g


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    return write_gold(tmp_path, GOLD)


def verdicts(report) -> dict[tuple[str, str, str], str]:
    return {(f.subject, f.predicate, f.object): f.verdict for f in report.facts.facts}


def test_each_typed_fact_gets_a_verdict(tmp_path, gold):
    r = run(tmp_path, world(), gold)
    assert verdicts(r) == {
        ("Alpha Ministry", "funds", "Beta Corp"): "right",
        ("Alpha Ministry", "oversees", "Gamma Ltd"): "neutral",
        ("Gamma Ltd", "collaboratesWith", "Beta Corp"): "right",
        ("Beta Corp", "funds", "Alpha Ministry"): "false positive",
        ("Alpha Ministry", "establishedIn", "2020"): "right",
        ("Alpha Ministry", "date", "2019"): "false positive",
        ("Beta Corp", "targets", "optional thing"): "neutral",
        ("Beta Corp", "targets", "Zeta"): "unjudged",
        ("Alpha Ministry", "leads", "Delta Lab"): "right",
    }
    f = r.facts
    assert (f.right, f.neutral, f.false_positives, f.unjudged) == (4, 2, 2, 1)
    assert f.precision == pytest.approx(4 / 6)
    (funds,) = [x for x in f.facts if x.predicate == "funds" and x.subject == "Alpha Ministry"]
    assert (funds.rules, funds.confidence, funds.gold) == (("svo", "verb-prep"), 0.8, "alpha -[fund|financ]-> beta")
    assert funds.sentences == ("svo: a sentence.", "verb-prep: a sentence.") and funds.documents == ("d1",)


def test_a_wrong_predicate_is_a_false_positive_and_symmetry_is_the_golds(tmp_path, gold):
    g = world()
    fact(g, ENT["alpha"], CIKG.hinders, ENT["beta"], rule="svo")
    fact(g, ENT["beta"], CIKG.oversees, ENT["alpha"], rule="svo")  # the optional relation, reversed
    v = verdicts(run(tmp_path, g, gold))
    assert v[("Alpha Ministry", "hinders", "Beta Corp")] == "false positive"
    assert v[("Beta Corp", "oversees", "Alpha Ministry")] == "false positive"  # not symmetric in the gold
    assert v[("Gamma Ltd", "collaboratesWith", "Beta Corp")] == "right"  # symmetric: either direction


def test_optional_relations_count_neither_for_recall_nor_against_precision(tmp_path, gold):
    g = world()
    r = run(tmp_path, g, gold)
    assert (r.relations.total, r.relations.optional) == (4, 1)
    assert relation(r, "alpha", "gamma").required is False
    assert (r.relations.typed_found, r.relations.typed_recall) == (4, 1.0)
    g.remove((ENT["alpha"], CIKG.oversees, ENT["gamma"]))
    r = run(tmp_path, g, gold)
    assert (r.relations.typed_found, r.relations.total) == (4, 4)  # missing it is no miss
    assert "alpha -[oversee]-> gamma" not in format_report(r)


def test_symmetric_relations_are_found_typed_either_way(tmp_path, gold):
    r = run(tmp_path, world(), gold)
    rel = relation(r, "beta", "gamma")
    assert (rel.found_typed, rel.predicates) == (True, ("^collaboratesWith",))
    g = world()
    g.remove((ENT["beta"], CIKG.funds, ENT["alpha"]))
    g.remove((ENT["alpha"], CIKG.funds, ENT["beta"]))
    g.add((ENT["beta"], CIKG.funds, ENT["alpha"]))
    assert not relation(run(tmp_path, g, gold), "alpha", "beta").found_typed  # not symmetric: direction matters


def test_facts_are_not_judged_without_an_exhaustive_gold(tmp_path):
    gold = write_gold(tmp_path, GOLD.replace("exhaustive: true", "exhaustive: false"))
    r = run(tmp_path, observations(world()), gold)
    assert r.facts is None and r.by_rule == [] and r.confidence_bands == []
    assert r.figures.recall == pytest.approx(2 / 3) and r.figures.precision is None
    assert r.figures.false_positives == 0
    assert "not exhaustive" in format_report(r, by_rule=True)


def test_figures_matched_once_with_tolerance_alternatives_year_and_unit(tmp_path, gold):
    r = run(tmp_path, observations(world()), gold)
    fig = r.figures
    by_value = {(o.entity, o.value, o.unit): (o.verdict, o.figure) for o in fig.observations}
    assert by_value == {
        ("Beta Corp", 1003000.0, "CNY"): ("right", "1 million yuan"),
        ("Alpha Ministry", 200.0, "count"): ("right", "200 staff"),
        ("Beta Corp", 12.5, "Percent"): ("neutral", "12.5%"),
        ("Beta Corp", 1000000.0, "CNY"): ("false positive", None),
        ("Beta Corp", 1010000.0, "CNY"): ("false positive", None),
        ("Zeta", 5.0, "count"): ("unjudged", None),
        ("Delta Lab", 40.0, "count"): ("false positive", None),
        ("Beta Corp", 1000000.0, "USD"): ("false positive", None),
    }
    assert (fig.right, fig.neutral, fig.false_positives, fig.unjudged) == (2, 1, 4, 1)
    assert fig.precision == pytest.approx(2 / 6)
    assert (fig.required_matched, fig.required_total, fig.recall) == (2, 3, pytest.approx(2 / 3))
    assert [f.text for f in fig.misses] == ["40 papers"]


def test_per_document_rows(tmp_path, gold):
    r = run(tmp_path, observations(world()), gold)
    rows = {d.doc: d for d in r.per_document}
    assert list(rows) == ["d1", "d2"]
    d1, d2 = rows["d1"], rows["d2"]
    assert (d1.entity_recall, d1.entity_precision) == (1.0, 0.75)  # zeta is a false positive, opt neutral
    assert d1.fact_precision == pytest.approx(3 / 5) and d1.typed_recall == 1.0
    assert (d1.figure_precision, d1.figure_recall) == (pytest.approx(2 / 5), 1.0)
    assert (d2.entity_recall, d2.fact_precision, d2.typed_recall) == (1.0, 1.0, 1.0)
    assert (d2.figure_precision, d2.figure_recall) == (0.0, 0.0)
    table = format_report(r)
    assert "per document:" in table and "d2 " in table


def test_per_rule_counts(tmp_path, gold):
    r = run(tmp_path, world(), gold)
    rules = {s.rule: s for s in r.by_rule}
    assert rules["svo"] == RuleScore("svo", facts=4, judged=4, right=2, neutral=2, false_positives=0, precision=1.0)
    assert rules["verb-prep"] == RuleScore("verb-prep", 1, 1, 1, 0, 0, 1.0)
    assert rules["passive"] == RuleScore("passive", 1, 1, 0, 0, 1, 0.0)
    assert rules["ner"] == RuleScore("ner", 1, 0, 0, 0, 0, None)
    assert "co-mention" not in rules and "gazetteer" not in rules
    assert r.by_rule[0].rule == "svo"  # the busiest rule first
    assert rule_scores(r.facts.facts) == r.by_rule


def test_confidence_bands(tmp_path, gold):
    r = run(tmp_path, world(), gold)
    bands = {(b.low, b.high): b for b in r.confidence_bands}
    assert list(bands) == [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]
    assert bands[0.0, 0.5] == BandScore(0.0, 0.5, 1, 0, 1, 0, None)  # targets opt (0.3)
    assert bands[0.5, 0.6] == BandScore(0.5, 0.6, 1, 0, 1, 0, None)  # oversees (0.55)
    assert bands[0.6, 0.7] == BandScore(0.6, 0.7, 1, 1, 0, 0, 1.0)  # collaborates (0.65)
    assert bands[0.7, 0.8] == BandScore(0.7, 0.8, 1, 0, 0, 1, 0.0)  # beta funds alpha (0.72)
    assert bands[0.8, 0.9] == BandScore(0.8, 0.9, 2, 2, 0, 0, 1.0)  # funds (max 0.8), leads (0.85)
    assert bands[0.9, 1.0] == BandScore(0.9, 1.0, 2, 1, 0, 1, 0.5)  # established 0.9, date 1.0; not zeta
    assert confidence_bands(r.facts.facts) == r.confidence_bands


def test_text_report_lists_false_positives_with_sentences_and_tables(tmp_path, gold):
    r = run(tmp_path, observations(world()), gold)
    plain = format_report(r)
    assert "fact precision" in plain and "figure precision" in plain and "figure recall" in plain
    assert "Beta Corp -[funds]-> Alpha Ministry  (passive, d1): passive: a sentence." in plain
    assert "Beta Corp: 1.01e+06 CNY (2023; d1): The figure o5." in plain
    assert plain.index("misses (0)") < plain.index("false positive facts (2)")
    assert "per extraction rule" not in plain and "per confidence band" not in plain
    with_rules = format_report(r, by_rule=True)
    assert "typed facts per extraction rule" in with_rules and "per confidence band" in with_rules
    calibration = format_report(r, calibration=True)
    assert "per extraction rule" not in calibration and "[0.9, 1.0]" in calibration
    data = json.loads(format_report(r, as_json=True))
    assert data["facts"]["precision"] == pytest.approx(4 / 6)
    assert data["by_rule"][0]["rule"] == "svo" and len(data["confidence_bands"]) == 6


@pytest.mark.parametrize(("good", "wrong", "reason"), [
    ("value: 200,", 'value: "200",', "'value' must be a number"),
    ("alt_entities: [alpha]", "alt_entities: [omega]", "unknown entities"),
    ("year: null", "year: soon", "'year' must be an integer or null"),
    ('text: "200 staff"}', 'text: "200 staff", required: perhaps}', "'required' must be true or false"),
])
def test_bad_figures_are_errors_naming_the_file(tmp_path, good, wrong, reason):
    path = write_gold(tmp_path, GOLD.replace(good, wrong, 1), "bad.yaml")
    with pytest.raises(EvaluationError, match=f"bad.yaml: figure #2.*{reason}"):
        load_gold(path)


def test_cli_scores_each_gold_against_the_same_graph(tmp_path, gold, capsys):
    out = tmp_path / "build"
    run(tmp_path, observations(world()), gold)  # writes build/graph.ttl
    other = write_gold(tmp_path, GOLD.replace("exhaustive: true", "exhaustive: false").replace(
        "  d2: {file: d2.txt}\n", "  d2: {file: elsewhere.txt}\n"), "other.yaml")
    assert main(["eval", "--gold", str(gold), "--gold", str(other), str(out), "--by-rule"]) == 0
    text = capsys.readouterr().out
    assert text.count("graph: ") == 2 and "=" * 78 in text
    assert f"gold:  {gold}  (exhaustive)" in text and f"gold:  {other}\n" in text
    assert "documents in scope: d1, d2" in text and "documents in scope: d1\n" in text
    assert "typed facts per extraction rule" in text
    assert main(["eval", "--gold", str(gold), "--gold", str(other), str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["exhaustive"] for d in data] == [True, False]
    assert main(["eval", "--gold", str(tmp_path / "nope.yaml"), "--gold", str(gold), str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: gold file not found:") and "nope.yaml" in captured.err
    assert captured.out.count("graph: ") == 1  # the good gold is still scored


DEV_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "dev.yaml"
DEV_GRAPH = os.environ.get("CIKG_DEV_GRAPH")  # a build of shared/corpus/dev, e.g. /tmp/dev


@pytest.mark.skipif(not DEV_GOLD.is_file() or not DEV_GRAPH, reason="needs ../shared and $CIKG_DEV_GRAPH")
def test_dev_gold_on_a_dev_build():
    r = evaluate(Path(DEV_GRAPH), DEV_GOLD)
    assert r.exhaustive and r.relations.optional > 0 and r.facts is not None and r.figures is not None
    judged = [f for f in r.facts.facts if f.verdict != "unjudged" and f.confidence is not None]
    assert sum(b.judged for b in r.confidence_bands) == len(judged)
    assert sum(s.facts for s in r.by_rule) >= len(r.facts.facts)
    assert all(0.0 <= (d.entity_recall or 0.0) <= 1.0 for d in r.per_document)


def test_the_threshold_never_lets_in_a_rule_wrong_as_often_as_right():
    """Ten right facts of a sure rule would carry three wrong ones of a poor rule over 0.75
    precision; the floor keeps the poor rule out all the same."""
    from kg.evaluate.calibrate import choose_threshold
    from kg.evaluate.records import JudgedFact

    def judged(rule: str, verdict: str) -> JudgedFact:
        return JudgedFact("a", "funds", "b", False, verdict, None, (rule,), None, ("d",), ("s",))
    facts = [judged("sure", "right")] * 10 + [judged("poor", "false positive")] * 3 + [judged("poor", "right")]
    confidences = {"sure": 0.95, "poor": 0.3}
    assert choose_threshold(facts, confidences, target=0.7, floor=0.0)[0] == 0.0  # no floor: the poor rule is in
    threshold, precision, kept = choose_threshold(facts, confidences, target=0.7)
    assert (threshold, precision, kept) == (0.5, 1.0, 10)  # the floor: the poor rule stays out


def test_the_threshold_is_the_floor_when_every_judged_fact_meets_the_target():
    """A rule the development data never exercised keeps its confidence; when every judged fact is
    at 0.95 and right, a rule at 0.7 is still asserted (the threshold is the floor, not 0.95)."""
    from kg.evaluate.calibrate import choose_threshold
    from kg.evaluate.records import JudgedFact

    facts = [JudgedFact("a", "funds", "b", False, "right", None, ("sure",), None, ("d",), ("s",))] * 5
    assert choose_threshold(facts, {"sure": 0.95}, target=0.85) == (0.5, 1.0, 5)
    wrong = [JudgedFact("a", "funds", "b", False, "false positive", None, ("sure",), None, ("d",), ("s",))] * 5
    assert choose_threshold(facts + wrong, {"sure": 0.95}, target=0.85) == (1.0, None, 0)
