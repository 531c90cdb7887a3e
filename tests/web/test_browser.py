"""The app in a real browser (Debian's chromium driven by Playwright): what a reader does, step by step.

Each step saves a screenshot in ``artifacts/browser/``. The test fails on any console error, any
uncaught page error, and any request to a host other than the app's own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT as REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = REPO / "artifacts" / "browser"
TIMEOUT = 30_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (`make test` installs it)"),
]


class Watch:
    """Console errors, page errors and foreign requests seen while the test runs."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.foreign.append(request.url)


@pytest.fixture(scope="module")
def browser_page(app_server: str) -> Iterator[tuple[Any, Watch]]:
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    watch = Watch(app_server)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(TIMEOUT)
        watch.attach(page)
        page.goto(app_server, wait_until="load")  # "networkidle" never settles on Gradio
        page.wait_for_selector("#question textarea")
        yield page, watch
        browser.close()
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], watch.foreign


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _ask(page: Any, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#send")


def _last_bot_message(page: Any) -> Any:
    return page.locator("#chatbot .message.bot").last


def _wait_for_answer(page: Any, count: int) -> str:
    """Wait until the ``count``-th answer is complete (its details panel is filled) and return its text."""
    page.wait_for_function(
        "n => document.querySelectorAll('#chatbot .message.bot').length >= n", arg=count, timeout=TIMEOUT
    )
    page.wait_for_function(
        "n => (document.querySelector('#details-heading')?.innerText || '').includes('answer ' + n)",
        arg=count,
        timeout=TIMEOUT,
    )
    return _last_bot_message(page).inner_text()


def test_first_screen_explains_and_offers_examples(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    assert "Microsoft–OpenAI agreement" in page.inner_text("#intro")
    assert page.get_by_text("Is the OpenAI API exclusive to Azure?").count() >= 1
    _shot(page, "01-first-screen")


def test_question_gets_a_cited_answer_and_a_source_opens_highlighted(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    _ask(page, "Who has the right of first refusal on OpenAI's new cloud capacity?")
    text = _wait_for_answer(page, 1)
    assert text.startswith("Answer") and "confidence" in text
    assert "[1]" in text and "Sources" in text
    _shot(page, "02-cited-answer")
    labels = page.locator("#answer-sources label")
    assert labels.count() >= 1
    target = labels.nth(labels.count() - 1)
    label = target.inner_text()
    target.click()
    quote_start = re.search(r"“(.+?)(…)?”$", label)
    assert quote_start is not None
    prefix = quote_start.group(1)
    page.wait_for_function(
        "p => (document.querySelector('#source-viewer mark#cited-passage')?.innerText || '').startsWith(p)",
        arg=prefix,
        timeout=TIMEOUT,
    )
    mark = page.locator("#source-viewer mark#cited-passage")
    assert mark.inner_text() in text.replace("\n", " ") or prefix in text
    _shot(page, "03-source-highlighted")


def test_what_if_shows_the_reading_and_the_outcome_table(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    _ask(page, "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its technology?")
    text = _wait_for_answer(page, 2)
    assert text.startswith("What-if verdict")
    assert "Reading your question as: profit US$150 billion; year 2027" in text
    table = page.locator("#outcomes table.outcomes-table")
    table.wait_for(state="visible")
    rows = {
        r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
        for r in table.locator("tbody tr").all()
    }
    assert rows["AGI reached"] == "yes"
    assert rows["Microsoft keeps access to OpenAI's IP"] == "no"
    page.locator("#trace").get_by_text("Full trace").click()
    page.locator("#trace").get_by_text("rules considered").wait_for(state="visible")
    _shot(page, "04-what-if-table-and-trace")


def test_markup_in_a_question_is_shown_not_run(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    _ask(page, '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> What is Stargate?')
    _wait_for_answer(page, 3)
    assert page.evaluate("window.__pwned") is None
    user = page.locator("#chatbot .message.user").last.inner_text()
    assert "<img src=x" in user
    _shot(page, "05-markup-as-text")


def test_export_downloads_the_conversation_for_this_browser_only(browser_page: tuple[Any, Watch]) -> None:
    import httpx

    page, _ = browser_page
    count = page.locator("#chatbot .message.bot").count()
    _ask(page, "Who funds Stargate?")
    _wait_for_answer(page, count + 1)
    page.click("#export")
    link = page.locator("#download a[download]").first
    link.wait_for(state="visible")
    with page.expect_download() as download:
        link.click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Conversation with the agreement assistant") and "Who funds Stargate?" in text
    url = page.evaluate("href => new URL(href, location.href).href", link.get_attribute("href"))
    assert httpx.get(url, timeout=10).status_code == 404  # the same link from another browser
    _shot(page, "05b-exported")


def _agi_verdict(page: Any) -> str:
    row = page.locator("#sc-outcomes table.outcomes-table tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "AGI reached"
    return row.locator("td").nth(1).inner_text()


def test_scenario_tab_updates_the_verdict_when_a_control_changes(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Scenario").click()
    page.locator("#sc-outcomes table.outcomes-table").wait_for(state="visible")
    assert _agi_verdict(page) == "yes"  # US$150 billion in 2027 passes the threshold under both readings
    _shot(page, "06-scenario-initial")
    profit = page.locator("#sc-profit input")
    profit.fill("50")
    profit.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#sc-outcomes tbody tr td:nth-child(2)')?.innerText === 'no'", timeout=TIMEOUT
    )
    assert _agi_verdict(page) == "no"
    assert "profit US$50 billion" in page.inner_text("#sc-verdict")
    _shot(page, "07-scenario-changed")
    assert _verdict_of(page, "Microsoft has a right of first refusal on new capacity") == "yes"
    page.locator("#sc-terms input").click()
    page.get_by_role("option", name=re.compile(r"^2025-10")).click()
    page.wait_for_function(
        "() => (document.querySelector('#sc-verdict')?.innerText || '').includes('October 2025 definitive agreement')",
        timeout=TIMEOUT,
    )
    assert _verdict_of(page, "Microsoft has a right of first refusal on new capacity") == "no"  # removed in Oct 2025
    _shot(page, "08-scenario-later-terms")


def _verdict_of(page: Any, title: str) -> str:
    for row in page.locator("#sc-outcomes table.outcomes-table tbody tr").all():
        if row.locator("td").nth(0).inner_text() == title:
            return row.locator("td").nth(1).inner_text()
    raise AssertionError(f"no row {title!r}")


def test_timeline_tab_shows_each_provision_s_history(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Timeline").click()
    table = page.locator("#tl-table table")
    table.wait_for(state="visible")
    page.locator("#tl-provision input").click()
    page.get_by_role("option", name=re.compile("first refusal", re.I)).first.click()
    page.wait_for_function("() => document.querySelectorAll('#tl-table tbody tr').length === 4", timeout=TIMEOUT)
    assert "the right of first refusal was removed" in page.inner_text("#tl-table")
    _shot(page, "09-timeline")


def test_sources_tab_lists_documents_and_opens_one(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Sources").click()
    catalog = page.locator("#catalog")
    catalog.get_by_text("stargate-article.txt").first.wait_for(state="visible")
    assert catalog.get_by_text("primary").count() >= 1
    catalog.get_by_text("stargate-article.txt").first.click()
    page.locator("#catalog-viewer").get_by_text("Stargate").first.wait_for(state="visible")
    _shot(page, "10-sources-tab")
