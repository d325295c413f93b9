"""The graph page in real headless Chromium (Debian's ``chromium``, driven by Playwright).

Pages are opened from ``file://`` with the page's Content-Security-Policy bypassed, so these tests
check what the page *does*, not what the policy would stop: it must request nothing, log no
error, and show hostile labels as text with no help from the policy.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from kg_samples import E, F, write_graph

from kg.analysis.counts import count_graph
from kg.analysis.load import load_graph
from kg.viz.viz import VizOptions, write

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
XSS = "<img src=x onerror=alert(1)>"
SCRIPT_SENTENCE = "It said </script><script>alert(2)</script> and more."

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"),
]


@dataclass
class LoadedPage:
    """A page and everything it did while loading: requests, failures, console errors, dialogs."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg: object = None) -> object:
        return self.page.evaluate(script, arg)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def open_page(browser):
    contexts = []

    def load(path: Path) -> LoadedPage:
        context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        loaded = LoadedPage(page, path.resolve().as_uri())
        page.on("request", lambda request: loaded.requests.append(request.url))
        page.on("requestfailed", lambda request: loaded.failed.append(request.url))
        page.on("console", lambda message: loaded.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: loaded.errors.append(str(error)))
        page.on("dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(loaded.url)
        page.wait_for_function("window.cikg && window.cikg.isReady()", timeout=120_000)
        return loaded

    yield load
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def bundled_page_path(bundled_dir, tmp_path_factory) -> Path:
    _, path = write(bundled_dir, tmp_path_factory.mktemp("page") / "graph.html")
    return path


# Finds a point on an edge (canvas-relative, then page coordinates) that hits that edge and no node.
EDGE_POINT = """(id) => {
  const net = window.cikg.network, edge = window.cikg.edges.get(id);
  const pos = net.getPositions([edge.from, edge.to]), a = pos[edge.from], b = pos[edge.to];
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  net.moveTo({position: {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}, scale: Math.min(2, 500 / length), animation: false});
  const rect = document.getElementById("graph").getBoundingClientRect();
  for (const t of [0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72]) {
    const p = net.canvasToDOM({x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)});
    if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === id) return {x: rect.left + p.x, y: rect.top + p.y};
  }
  return null;
}"""

NODE_POINT = """(id) => {
  const net = window.cikg.network;
  net.focus(id, {scale: 1.5, animation: false});
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  const rect = document.getElementById("graph").getBoundingClientRect();
  return {x: rect.left + p.x, y: rect.top + p.y};
}"""


def click_edge(loaded: LoadedPage, edge_id: str) -> None:
    point = loaded.evaluate(EDGE_POINT, edge_id)
    assert point, f"no point of edge {edge_id} is clear of nodes"
    loaded.page.mouse.click(point["x"], point["y"])


def test_page_loads_offline_and_draws_every_node(open_page, bundled_dir, bundled_page_path):
    kg = load_graph(bundled_dir)
    loaded = open_page(bundled_page_path)
    assert loaded.requests == [loaded.url]
    assert loaded.failed == []
    assert loaded.errors == []
    assert loaded.evaluate("window.cikg.nodeCount()") == len(kg.entities)
    assert loaded.evaluate("Object.keys(window.cikg.network.getPositions()).length") == len(kg.entities)
    counts = count_graph(kg)
    assert loaded.evaluate("window.cikg.edgeCount()") == counts.relations  # typed facts first, co-mentions hidden
    assert loaded.page.inner_text("#summary").startswith(f"{len(kg.entities)} entities · {counts.facts} facts")


def test_searching_byd_selects_that_node(open_page, bundled_dir, bundled_page_path):
    kg = load_graph(bundled_dir)
    loaded = open_page(bundled_page_path)
    loaded.page.fill("#search", "BYD")
    loaded.page.press("#search", "Enter")
    assert loaded.evaluate("window.cikg.selectedNodes()") == ["byd"]
    assert loaded.page.inner_text("#details h2") == kg.entities["byd"].label
    assert "比亚迪" in loaded.page.inner_text("#details")
    assert loaded.errors == []


def test_clicking_a_fact_shows_its_evidence_sentence(open_page, bundled_page_path):
    loaded = open_page(bundled_page_path)
    edge_id = loaded.evaluate("window.cikg.edges.get({filter: e => !e.weak && !e.smooth}).map(e => e.id)[0]")
    assert edge_id, "the bundled graph has no typed fact to click"
    sentences = loaded.evaluate("(id) => window.cikg.data.links[id].evidence.map(e => e.sentence)", edge_id)
    click_edge(loaded, edge_id)
    assert loaded.evaluate("window.cikg.selectedEdges()") == [edge_id]
    details = loaded.page.text_content("#details")
    assert "Evidence (" in details and sentences[0] in details
    assert loaded.errors == []


def test_class_filter_hides_and_show_all_restores(open_page, bundled_dir, bundled_page_path):
    kg = load_graph(bundled_dir)
    loaded = open_page(bundled_page_path)
    enterprises = sum(1 for e in kg.entities.values() if e.coarse == "Enterprise")
    loaded.page.uncheck('#class-filter input[value="Enterprise"]')
    assert loaded.evaluate("window.cikg.nodeCount()") == len(kg.entities) - enterprises
    loaded.page.click("#reset")
    assert loaded.evaluate("window.cikg.nodeCount()") == len(kg.entities)


def test_ego_network_page_draws_the_neighbourhood(open_page, bundled_dir, tmp_path):
    page, path = write(bundled_dir, tmp_path / "ego.html", VizOptions(focus="China", depth=1))
    loaded = open_page(path)
    assert loaded.evaluate("window.cikg.nodeCount()") == len(page.nodes)
    assert loaded.failed == [] and loaded.errors == []
    assert "Ego network of China" in loaded.page.inner_text("h1")


def test_markup_in_a_name_is_shown_as_text_and_runs_nothing(open_page, tmp_path):
    entities = [E("bad", "Enterprise", XSS, labels={"zh": ("<b>粗</b>",)}), E("ok", "Country", "Fine")]
    folder = write_graph(tmp_path / "xss", entities, [F("bad", "supports", "ok", sentence=SCRIPT_SENTENCE)])
    _, path = write(folder)
    loaded = open_page(path)
    page = loaded.page

    page.fill("#search", "<img")
    page.press("#search", "Enter")
    assert page.inner_text("#details h2") == XSS
    assert "<b>粗</b>" in page.inner_text("#details")

    point = loaded.evaluate(NODE_POINT, "bad")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_function("[...document.querySelectorAll('.vis-tooltip')].some(t => t.style.visibility === 'visible')")
    assert XSS in page.inner_text(".vis-tooltip")

    click_edge(loaded, loaded.evaluate("window.cikg.edges.getIds()[0]"))
    assert SCRIPT_SENTENCE in page.inner_text("#details")

    assert page.locator("img").count() == 0
    assert page.locator("b").count() == 0
    assert loaded.evaluate("document.querySelectorAll('script').length") == 6  # the page's own, none injected
    assert loaded.dialogs == []
    assert loaded.errors == [] and loaded.failed == [] and loaded.requests == [loaded.url]


def test_co_mentions_start_hidden_and_one_click_shows_them(open_page, bundled_dir, bundled_page_path):
    counts = count_graph(load_graph(bundled_dir))
    loaded = open_page(bundled_page_path)
    assert loaded.evaluate("window.cikg.visibleEdges().filter(e => e.weak).length") == 0
    loaded.page.check("#show-weak")
    assert loaded.evaluate("window.cikg.visibleEdges().filter(e => e.weak).length") == counts.co_mentions
    assert loaded.errors == []


def test_filter_by_property_and_by_confidence(open_page, bundled_page_path):
    loaded = open_page(bundled_page_path)
    page = loaded.page
    page.click("#properties-none")
    assert loaded.evaluate("window.cikg.visibleEdges().length") == 0
    page.check('#property-filter input[value="targets"]')
    shown = loaded.evaluate("window.cikg.visibleEdges().map(e => e.property)")
    assert shown and set(shown) == {"targets"}
    page.click("#properties-all")
    before = loaded.evaluate("window.cikg.visibleEdges().length")
    page.fill("#confidence", "0.8")
    page.dispatch_event("#confidence", "input")
    after = loaded.evaluate("window.cikg.visibleEdges().map(e => e.confidence)")
    assert 0 < len(after) < before and min(after) >= 0.8
    assert loaded.errors == []


def test_a_path_between_two_entities(open_page, bundled_page_path):
    loaded = open_page(bundled_page_path)
    page = loaded.page
    page.fill("#path-from", "BYD")
    page.fill("#path-to", "United States")
    page.click("#path-form button")
    path = loaded.evaluate("window.cikg.selectedNodes()")
    assert path[0] == "byd" and path[-1] == "united_states" if path else False
    assert "Path: BYD Company → United States" in page.inner_text("#details h2")
    assert page.locator("#details ol.path li").count() == len(path) - 1
    assert loaded.errors == []


def test_evidence_is_grouped_by_language_and_opens_in_the_document(open_page, bundled_page_path):
    loaded = open_page(bundled_page_path)
    page = loaded.page
    edge = loaded.evaluate("""Object.entries(window.cikg.data.links).find(([id, l]) => !l.weak &&
        new Set(l.evidence.map(e => e.language)).size > 1)[0]""")
    loaded.evaluate("(id) => window.cikg.selectEdge(id)", edge)
    groups = page.locator("#details .lang-group").all_inner_texts()
    assert len(groups) > 1 and len(set(groups)) == len(groups)
    sentence = page.locator("#details blockquote").nth(0).inner_text()
    page.locator("#details .open-source").nth(0).click()
    assert page.is_visible("#reader")
    assert " ".join(page.inner_text("#reader-text mark").split()) == " ".join(sentence.split())
    page.click("#reader-close")
    assert not page.is_visible("#reader")
    assert loaded.errors == [] and loaded.requests == [loaded.url]


def test_document_metadata_and_full_names_are_shown(open_page, bundled_dir, bundled_page_path):
    kg = load_graph(bundled_dir)
    loaded = open_page(bundled_page_path)
    page = loaded.page
    loaded.evaluate("window.cikg.selectNode('china')")
    details = page.inner_text("#details")
    meta = kg.documents["brief-2023"]
    assert meta.title in details and meta.publisher and meta.publisher in details
    longest = max(kg.entities.values(), key=lambda e: len(e.label))
    loaded.evaluate("(id) => window.cikg.selectNode(id)", longest.id)
    assert page.inner_text("#details h2") == longest.label
    drawn = loaded.evaluate("(id) => window.cikg.nodes.get(id).label", longest.id)
    assert drawn.replace("\n", " ").rstrip("…") in longest.label and "\n" in drawn


@pytest.mark.slow
def test_a_page_of_2000_entities_loads_filters_and_finds_paths(open_page, tmp_path):
    entities = [E(f"n{i}", ("Enterprise", "Ministry", "Technology", "Sector")[i % 4], f"Entity number {i}")
                for i in range(2000)]
    facts = [F(f"n{i}", ("supports", "targets")[i % 2], f"n{(i * 7 + 1) % 2000}") for i in range(2000)]
    facts += [F(f"n{i}", "relatedTo", f"n{(i + 1) % 2000}") for i in range(0, 2000, 2)]
    _, path = write(write_graph(tmp_path / "big", entities, facts))
    loaded = open_page(path)
    assert loaded.evaluate("window.cikg.nodeCount()") == 2000
    assert loaded.evaluate("window.cikg.visibleEdges().length") == 2000
    assert loaded.evaluate("window.cikg.findPath('Entity number 0', 'Entity number 8')")[-1] == "n8"
    loaded.page.uncheck('#property-filter input[value="targets"]')
    assert loaded.evaluate("window.cikg.visibleEdges().length") == 1000
    assert loaded.errors == [] and loaded.failed == []


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.integration
def test_the_sparql_editor_of_cikg_serve_runs_a_query_offline(browser, bundled_dir):
    import subprocess
    import sys
    import time

    import requests

    from kg.namespaces import sparql_prefixes

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", str(bundled_dir), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                if requests.get(url, timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.2)
        context = browser.new_context()
        outside: list[str] = []
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                      else (outside.append(route.request.url), route.abort()))
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(".CodeMirror")
        query = sparql_prefixes() + "SELECT ?label WHERE { ?c a cikg:Country ; rdfs:label ?label } ORDER BY ?label"
        page.evaluate("(q) => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", query)
        page.click(".yasqe_queryButton")
        page.wait_for_function("document.querySelector('.yasr') && document.querySelector('.yasr').innerText.includes('China')",
                               timeout=30_000)
        assert "United States" in page.inner_text(".yasr")
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_documents_facts_cite_the_header_lines_they_were_read_from(open_page, bundled_dir, bundled_page_path):
    author = next(f.value for f in load_graph(bundled_dir).documents["brief-2023"].facts if f.predicate == "authoredBy")
    loaded = open_page(bundled_page_path)
    page = loaded.page
    loaded.evaluate("(name) => window.cikg.search(name)", author)
    page.locator("#details .open-facts").first.click()
    assert "what the document states about itself" in page.inner_text("#details").casefold()
    lines = page.locator("#details blockquote")
    assert lines.count() >= 5 and author in lines.all_inner_texts()
    line = lines.nth(0).inner_text()
    page.locator("#details .open-source").nth(0).click()
    assert " ".join(page.inner_text("#reader-text mark").split()) == " ".join(line.split())
    assert loaded.errors == [] and loaded.requests == [loaded.url]
