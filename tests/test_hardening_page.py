"""Issue 13, the page: its Content-Security-Policy runs the page's own two scripts, by hash, and nothing
inline besides; checked in real headless Chromium with the policy enforced (tests/test_browser.py
bypasses it to test what the page itself does)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from kg_samples import E, F, write_graph

from kg.viz.viz import VizOptions, write

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INJECTED = '<script>window.injected = true</script><svg onload="window.injected = true"></svg>'


@pytest.fixture()
def page_path(tmp_path: Path) -> Path:
    folder = write_graph(tmp_path / "g", [E("china", "Country", "China"), E("huawei", "Enterprise", "Huawei")],
                         [F("china", "supports", "huawei", sentence="China supports Huawei.")])
    _, path = write(folder, tmp_path / "graph.html", VizOptions())
    return path


def policy(html: str) -> str:
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert match
    return match[1]


def test_the_policy_allows_no_inline_script_but_the_pages_own(page_path: Path) -> None:
    rules = dict(rule.strip().split(" ", 1) for rule in policy(page_path.read_text(encoding="utf-8")).split(";"))
    assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}=' 'sha256-[A-Za-z0-9+/]{43}='", rules["script-src"])
    assert rules["default-src"] == "'none'"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_with_the_policy_enforced_the_page_runs_and_injected_script_does_not(page_path: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    hostile = tmp_path / "hostile.html"  # the page with markup injected past its escaping, as an attacker would wish
    hostile.write_text(page_path.read_text(encoding="utf-8").replace("</body>", INJECTED + "</body>"), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for path in (page_path, hostile):
                page = browser.new_page()
                requests: list[str] = []
                violations: list[str] = []
                page.on("request", lambda request: requests.append(request.url))
                page.on("console", lambda message: violations.append(message.text)
                        if "Content Security Policy" in message.text else None)
                page.goto(path.resolve().as_uri())
                page.wait_for_function("window.cikg && window.cikg.isReady()", timeout=120_000)
                assert page.evaluate("window.cikg.nodeCount()") == 2  # the page's own scripts ran
                assert page.evaluate("window.injected === undefined")
                assert requests == [path.resolve().as_uri()]
                if path == page_path:
                    assert violations == []
                else:
                    assert violations, "the injected script should have been blocked by the policy"
                page.close()
        finally:
            browser.close()
