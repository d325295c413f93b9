"""kg.viz and ``cikg viz``: what the page contains, without a browser (test_browser.py drives one)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from kg_samples import E, F, policy_world, write_graph

from kg.analysis.load import load_graph
from kg.analysis.records import UnknownEntityError
from kg.cli import main
from kg.viz.style import style_for
from kg.viz.viz import VizOptions, default_output, iframe, render, vis_script, write

XSS = "<img src=x onerror=alert(1)>"


def embedded(html: str, element_id: str):
    """The JSON the page script reads from ``<script type="application/json" id=...>``."""
    match = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert match, element_id
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory):
    """Read once per module: the tests only read it."""
    return load_graph(policy_world(tmp_path_factory.mktemp("world")))


def test_page_loads_nothing_from_outside(world):
    html = render(world).html
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "default-src 'none'" in html
    assert "sourceMappingURL" not in html
    assert not re.search(r"https?://[^\s\"'<>]+\.(js|css)\b", html)  # no CDN address anywhere


def test_every_entity_is_a_node_styled_by_class_and_sized_by_pagerank(world):
    page = render(world)
    nodes = {n["id"]: n for n in embedded(page.html, "cikg-nodes")}
    assert set(nodes) == set(world.entities) == set(page.nodes)
    assert nodes["most"]["color"]["background"] == style_for("GovernmentBody").color
    assert nodes["big_fund"]["shape"] == style_for("Policy").shape == "square"
    assert nodes["most"]["size"] == max(n["size"] for n in nodes.values())
    assert nodes["alone"]["size"] == min(n["size"] for n in nodes.values())
    assert nodes["byd"]["docs"] == ["brief-2023", "brief-2024"]
    assert all("title" not in n for n in nodes.values())  # tooltips are built as DOM elements in the page


def test_edges_are_labelled_by_property_and_co_mentions_are_light(world):
    page = render(world)
    edges = embedded(page.html, "cikg-edges")
    assert page.edges == len(edges) == 7
    depends = next(e for e in edges if e["from"] == "huawei")
    assert (depends["label"], depends["arrows"], depends["dashes"]) == ("depends on", "to", False)
    related = next(e for e in edges if e["weak"])
    assert (related["label"], related["arrows"], related["dashes"]) == ("", "", True)
    links = embedded(page.html, "cikg-data")["links"]
    assert [e["sentence"] for e in links[depends["id"]]["evidence"]] == ["Huawei depends on artificial intelligence."]
    assert render(world, VizOptions(related=False)).edges == 6


def test_side_panel_data_has_labels_in_every_language_documents_and_attributes(world):
    data = embedded(render(world).html, "cikg-data")
    byd = data["entities"]["byd"]
    assert byd["labels"] == [["en", ["BYD Company", "BYD"]], ["zh", ["比亚迪"]]]
    assert byd["classLabel"] == "enterprise" and byd["coarse"] == "Enterprise"
    assert byd["attributes"][0]["value"] == "global market leaders"
    assert byd["attributes"][0]["evidence"][0]["sentence"] == "Firms like BYD are global market leaders."
    assert [d["id"] for d in data["documents"]] == ["brief-2023", "brief-2024"]
    assert {c["cls"] for c in data["classes"]} == {"GovernmentBody", "ResearchOrganization", "Enterprise", "Concept",
                                                  "Sector", "Policy", "Person"}


def test_markup_in_labels_and_sentences_never_reaches_the_html_as_markup(tmp_path):
    kg = load_graph(write_graph(tmp_path / "g", [E("bad", "Enterprise", XSS), E("ok", "Country", "Fine")],
                                [F("bad", "supports", "ok", sentence="It said </script><script>alert(2)</script>.")]))
    html = render(kg, VizOptions(focus=XSS)).html
    assert "<img src=x" not in html
    assert "<script>alert(2)" not in html
    assert embedded(html, "cikg-data")["entities"]["bad"]["label"] == XSS
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the static <title> and <h1>, escaped


def test_focus_draws_the_ego_network_to_the_given_depth(world):
    one = render(world, VizOptions(focus="BYD"))
    assert set(one.nodes) == {"byd", "most", "ev"}
    assert one.title == "Ego network of BYD Company (depth 1)"
    assert "Showing 3 of 8 entities" in one.notes[0]
    two = render(world, VizOptions(focus="比亚迪", depth=2))
    assert set(two.nodes) == {"byd", "most", "ev", "cas", "big_fund"}
    assert render(world, VizOptions(focus="byd", depth=0)).nodes == ["byd"]


def test_unknown_focus_suggests_close_names(world):
    with pytest.raises(UnknownEntityError, match="did you mean: Huawei"):
        render(world, VizOptions(focus="Huawey"))


def test_large_graphs_show_the_most_central_nodes_and_say_so(world):
    page = render(world, VizOptions(max_nodes=3))
    assert page.nodes == ["most", "byd", "ai"]
    assert "Showing the 3 most central of 8 entities" in page.notes[0]
    assert embedded(page.html, "cikg-data")["notes"] == page.notes


def test_a_graph_without_links_still_draws_its_entities_and_says_why(tmp_path):
    kg = load_graph(write_graph(tmp_path / "g", [E("a", "Country", "A"), E("b", "Country", "B")], []))
    page = render(kg)
    assert len(embedded(page.html, "cikg-nodes")) == 2 and page.edges == 0
    assert any("No links" in note for note in page.notes)


def test_vis_network_is_inlined_without_its_source_map():
    script = vis_script()
    assert "vis-network" in script[:200] and len(script) > 100_000
    assert "sourceMappingURL" not in script


def test_output_paths(tmp_path):
    assert default_output(tmp_path, VizOptions()) == tmp_path / "graph.html"
    assert default_output(tmp_path, VizOptions(focus="BYD Company")) == tmp_path / "graph-BYD_Company.html"
    assert default_output(tmp_path / "x.ttl", VizOptions()) == tmp_path / "graph.html"


def test_iframe_escapes_the_page_into_srcdoc():
    frame = iframe('<p class="a">x & y</p>')
    assert 'srcdoc="&lt;p class=&quot;a&quot;&gt;x &amp; y&lt;/p&gt;"' in frame


def test_cli_viz_writes_the_page(bundled_dir, tmp_path, capsys):
    out = tmp_path / "page.html"
    assert main(["viz", str(bundled_dir), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "wrote" in capsys.readouterr().out
    page, path = write(bundled_dir, tmp_path / "focus.html", VizOptions(focus="BYD", depth=1))
    assert "byd" in page.nodes and path.is_file()


@pytest.mark.parametrize("args, message", [
    (["--focus", "Huawey"], "did you mean: Huawei"),
    (["--focus", "BYD", "--depth", "-1"], "--depth must be 0 or more"),
    (["--max-nodes", "0"], "--max-nodes must be 1 or more"),
])
def test_cli_viz_bad_options_are_one_line_on_stderr(tmp_path, capsys, args, message):
    folder = policy_world(tmp_path / "world")
    assert main(["viz", str(folder), *args]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and message in captured.err and captured.err.count("\n") == 1


def test_cli_viz_missing_graph(tmp_path, capsys):
    assert main(["viz", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().err
