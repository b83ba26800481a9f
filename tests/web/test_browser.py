"""End to end in Debian's headless chromium: board, search, show page, review as an editor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import SCRIPT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (make browser installs it)",
    ),
]


@pytest.fixture(params=["sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return a SQLite URL: the browser tests drive the pages, the API tests cover both stores."""
    return f"sqlite:///{tmp_path / 'cliffhanger.db'}"


@pytest.fixture
def page(live_url: str) -> Iterator[Any]:
    """Yield a chromium page; a JavaScript dialog (an injected alert) fails the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.set_default_timeout(10_000)
        try:
            yield tab
        finally:
            browser.close()
        assert dialogs == [], f"a script ran: {dialogs}"


def test_board_search_and_show_page(page: Any, live_url: str) -> None:
    page.goto(live_url + "/")
    assert page.locator("h1").inner_text() == "Renewal scorecard"
    assert page.locator("section.network-board h2").count() == 4
    page.fill("input[name=q]", "partner")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r".*q=partner.*"))
    page.click("text=Partner Track")
    page.wait_for_url(re.compile(r".*/shows/\d+$"))
    assert page.locator("h1").inner_text() == "Partner Track"
    verdict = page.locator("p.verdict").inner_text()
    assert "Canceled" in verdict and "canceled by Netflix after 1 season" in verdict
    evidence = page.locator("ol.timeline blockquote.evidence").first.inner_text()
    assert SCRIPT in evidence  # shown as text, never run
    assert page.locator("ol.timeline script").count() == 0
    assert page.locator("a[href='https://news.example/partner-track']").count() == 1


def test_editor_accepts_a_review_item_and_the_board_changes(
    page: Any, live_url: str, token: str
) -> None:
    page.goto(live_url + "/")
    manifest = page.locator("li.show", has_text="Manifest")
    assert manifest.locator(".unconfirmed").count() == 1
    page.click("text=Review")
    item = page.locator("li.item", has_text="Manifest")
    item.locator("input[name=token]").fill(token)
    item.locator("button[value=accept]").click()
    page.wait_for_url(re.compile(r".*/review\?done=.*"))
    assert "Recorded: accepted" in page.locator("p.notice").inner_text()
    page.goto(live_url + "/")
    assert page.locator("li.show", has_text="Manifest").locator(".unconfirmed").count() == 0


def test_stats_page_renders_charts_without_script(page: Any, live_url: str) -> None:
    page.goto(live_url + "/stats")
    assert page.locator("svg.chart").count() == 3
    assert page.locator("script").count() == 0
