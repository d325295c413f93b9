"""kg.analysis (analyze, centrality, report, charts) and ``cikg analyze``: centrality, communities, comparison, and the files written."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from kg_samples import E, F, policy_world, write_graph

from kg.analysis.analyze import analyze
from kg.analysis.centrality import pagerank
from kg.analysis.charts import packed_layout
from kg.analysis.load import load_graph
from kg.analysis.report import markdown_table, run
from kg.cli import main
from kg.graph_file import GraphInputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """Read once per module: the tests only read it."""
    return load_graph(policy_world(tmp_path_factory.mktemp("world")))


def test_pagerank_of_a_path_matches_the_closed_form():
    # a - b - c, alpha 0.85: x = 0.05 + 0.425 y and y = 0.05 + 1.7 x.
    ranks = pagerank(nx.path_graph(["a", "b", "c"]))
    assert ranks["b"] == pytest.approx(0.135 / 0.2775, abs=1e-9)
    assert ranks["a"] == ranks["c"] == pytest.approx(0.05 + 0.425 * 0.135 / 0.2775, abs=1e-9)


def test_pagerank_spreads_dangling_rank_and_sums_to_one():
    graph = nx.Graph([("hub", "x"), ("hub", "y"), ("hub", "z")])
    graph.add_node("isolated")
    ranks = pagerank(graph)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["hub"] > ranks["x"] > ranks["isolated"] > 0


def test_weights_move_pagerank():
    graph = nx.Graph()
    graph.add_edge("a", "heavy", weight=5.0)
    graph.add_edge("a", "light", weight=1.0)
    ranks = pagerank(graph)
    assert ranks["heavy"] > ranks["light"]


def test_centrality_communities_and_components(world):
    analysis = analyze(world)
    top = analysis.scores[0]
    assert top.id == "most" and top.degree == 3
    assert max(analysis.scores, key=lambda s: s.betweenness).id == "most"
    assert [s.id for s in analysis.top(2, kind="Actor")] == ["most", "byd"]
    assert [s.id for s in analysis.top(5, coarse="Enterprise")] == ["byd", "huawei"]
    members = [set(c.members) for c in analysis.louvain]
    assert sorted(m for c in members for m in c) == sorted(world.entities)
    assert {"huawei", "ai"} in [m & {"huawei", "ai"} for m in members]
    assert [c.size for c in analysis.components] == [7, 1]
    assert analysis.components[1].members == ("alone",)
    counts = analysis.counts
    assert (counts.relations, counts.attributes, analysis.facts, analysis.co_mentions, counts.links) == (6, 1, 7, 1, 7)
    assert [(a.actor_a, a.actor_b, a.shared) for a in analysis.actor_links] == [("cas", "huawei", ("ai",))]


def test_comparison_lists_new_gone_and_more_central(world):
    comparison = analyze(world).comparison
    assert (comparison.base, comparison.target) == ("brief-2023", "brief-2024")
    assert {c.id for c in comparison.with_status("new")} == {"huawei", "big_fund"}
    assert {c.id for c in comparison.with_status("no longer mentioned")} == {"cas", "ev", "alone"}
    assert [c.id for c in comparison.rising()] == ["ai"]
    assert {c.id for c in comparison.falling()} == {"most", "byd"}
    assert [(c.id, c.facts_gained) for c in comparison.gained_facts()] == [("ai", 2), ("most", 1)]
    assert {(c.id, c.facts_lost) for c in comparison.lost_facts()} == {("most", 1), ("byd", 1)}
    new = {(f.subject, f.predicate, f.object) for f in comparison.facts if f.status == "new"}
    assert new == {("huawei", "dependsOn", "ai"), ("most", "issues", "big_fund"), ("big_fund", "targets", "ai")}
    gone = {f.predicate for f in comparison.facts if f.status == "no longer stated"}
    assert gone == {"funds", "investsIn"}  # a co-mention is no fact, so never a change
    depends = next(f for f in comparison.facts if f.predicate == "dependsOn")
    assert depends.sentence == "Huawei depends on artificial intelligence."


def test_comparison_can_be_reversed_and_rejects_unknown_documents(world):
    reverse = analyze(world, compare=("brief-2024", "brief-2023")).comparison
    assert {c.id for c in reverse.with_status("new")} == {"cas", "ev", "alone"}
    with pytest.raises(GraphInputError, match="no document 'brief-1999'"):
        analyze(world, compare=("brief-1999", "brief-2024"))


def test_a_single_document_graph_has_no_comparison(tmp_path):
    kg = load_graph(write_graph(tmp_path / "g", [E("a", "Country", "A"), E("b", "Country", "B")],
                                [F("a", "supports", "b")], {"brief-2023": "One brief"}))
    assert analyze(kg).comparison is None


def test_a_graph_without_links_is_refused_with_a_clear_message(tmp_path):
    kg = load_graph(write_graph(tmp_path / "g", [E("a", "Country", "A"), E("b", "Country", "B")], []))
    with pytest.raises(GraphInputError, match="2 entities but no typed facts between them"):
        analyze(kg)


@pytest.mark.slow
def test_run_writes_tables_summary_report_and_charts(tmp_path):
    result = run(policy_world(tmp_path / "world"))
    out = tmp_path / "world" / "analysis"
    assert result.out == out
    names = {p.name for p in result.files}
    assert names == {"centrality.csv", "rankings_by_class.csv", "communities.csv", "components.csv", "actor_network.csv",
                     "compare_entities.csv", "compare_facts.csv", "top_actors.png", "communities.png",
                     "actor_concept.png", "summary.json", "report.md"}
    assert all((out / name).is_file() for name in names)
    with (out / "centrality.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["id"] == "most" and rows[0]["documents"] == "brief-2023; brief-2024"
    assert len(rows) == 8
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["top_actors"][0]["label"] == "Ministry of Science and Technology"
    assert summary["comparison"]["new"] and summary["entities"] == 8
    assert sorted(summary["files"]) == sorted(names)
    report = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## Most central actors", "## Brokers", "## Communities", "## Connected components",
                    "## brief-2024 compared with brief-2023"):
        assert heading in report
    assert "Huawei depends on artificial intelligence." in report
    for chart in ("top_actors.png", "communities.png", "actor_concept.png"):
        assert (out / chart).read_bytes()[:8] == PNG_MAGIC


def test_markdown_table_escapes_pipes_and_newlines():
    table = markdown_table(["a", "b"], [("x|y", "line\nbreak"), (0.12345, 2)])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | line break |", "| 0.123 | 2 |"]


def test_packed_layout_keeps_components_apart(world):
    graph = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    graph.add_node("z")
    pos = packed_layout(graph)
    assert set(pos) == {"a", "b", "c", "x", "y", "z"}
    assert len({tuple(round(v, 6) for v in p) for p in pos.values()}) == 6


def test_cli_analyze_bundled_graph(bundled_dir, tmp_path, capsys):
    assert main(["analyze", str(bundled_dir), "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "most central actors:" in out and "report.md" in out
    summary = json.loads((tmp_path / "a" / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == ["brief-2023", "brief-2024"]
    assert summary["comparison"]["base"] == "brief-2023"


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing", "does not exist"),
    (lambda d: (d.joinpath("graph.ttl").write_text(""), d)[1], "is empty"),
    (lambda d: write_graph(d / "g", [E("a", "Country", "A")], []), "no typed facts"),
])
def test_cli_analyze_bad_input_is_one_line_on_stderr(tmp_path, capsys, make, message):
    assert main(["analyze", str(make(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_leiden_partitions_every_entity_where_available(world):
    pytest.importorskip("leidenalg", reason="Leiden runs only where leidenalg and igraph are installed")
    analysis = analyze(world)
    assert analysis.leiden is not None
    assert sorted(m for c in analysis.leiden for m in c.members) == sorted(world.entities)
    assert not any("Leiden" in note for note in analysis.notes)


def test_without_leidenalg_the_report_says_how_to_get_it(world, monkeypatch):
    monkeypatch.setitem(sys.modules, "leidenalg", None)  # import now raises ImportError
    analysis = analyze(world)
    assert analysis.leiden is None
    assert any("install leidenalg" in note for note in analysis.notes)


def test_small_changes_in_centrality_are_not_reported(world):
    comparison = analyze(world, min_change=1.1).comparison
    assert comparison.rising() == []  # ai: 0.21 -> 1.23 (+1.02) is under the threshold
    assert [c.id for c in comparison.falling()] == ["byd"]  # 1.81 -> 0.67 (-1.14) is not; most (-0.58) is
    assert "changes under 1.1 not reported" in comparison.summary()


def test_centrality_rests_on_typed_facts_and_co_mentions_are_an_opt_in(world):
    facts_only = {s.id: s for s in analyze(world).scores}
    weighted = {s.id: s for s in analyze(world, co_mention_weight=0.5).scores}
    assert facts_only["cas"].degree == 1 and weighted["cas"].degree == 2  # cas -relatedTo- ai counts only on request
    assert weighted["ai"].pagerank > facts_only["ai"].pagerank


def test_rankings_leave_out_entities_without_a_fact(tmp_path):
    kg = load_graph(write_graph(tmp_path / "g", [E("a", "Country", "A"), E("b", "Country", "B"), E("c", "Country", "C")],
                                [F("a", "sanctions", "b"), F("a", "relatedTo", "c")]))
    analysis = analyze(kg)
    assert {s.id for s in analysis.top(5)} == {"a", "b"}  # c is only co-mentioned


@pytest.mark.slow
def test_charts_have_legends_and_readable_labels(world):
    from kg.analysis.charts import plot_actor_concept, plot_communities, plot_top_actors

    analysis = analyze(world)
    for figure in (plot_top_actors(analysis, world), plot_communities(analysis, world), plot_actor_concept(world)):
        legends = [legend for ax in figure.axes for legend in [ax.get_legend()] if legend] + list(figure.legends)
        assert legends, "every chart explains its colours and shapes"
    communities = plot_communities(analysis, world)
    labels = {t.get_text() for t in communities.axes[0].texts}
    assert {"Ministry of Science and\nTechnology", "BYD Company", "artificial intelligence"} <= labels  # whole, wrapped
