"""The app in a real browser (Debian's chromium driven by Playwright): what a reader does, step by step.

On a desktop (1400×900) and a phone (390×844) screen. Each step saves a screenshot in ``artifacts/browser/``
and the measurements (page heights, where the summary is, widths) go to ``artifacts/browser/measurements.json``.
The test fails on any console error, any uncaught page error, and any request to a host other than the app's.
"""

from __future__ import annotations

import json
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
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
ROFR = "Who has the right of first refusal on OpenAI's new cloud capacity?"
WHAT_IF = "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its technology?"
IP_ACCESS = "Microsoft keeps access to OpenAI's IP"
MEASURED: dict[str, Any] = {}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.enable_socket,
    pytest.mark.allow_hosts(["127.0.0.1"]),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (`make test` installs it)"),
]

# Whether an element is wholly visible: inside the window and inside every box around it that scrolls.
FULLY_VISIBLE = """el => {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0) return false;
  if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
  for (let e = el.parentElement; e; e = e.parentElement) {
    const o = getComputedStyle(e).overflowY;
    if (o !== 'auto' && o !== 'scroll' && o !== 'hidden') continue;
    const b = e.getBoundingClientRect();
    if (r.top < b.top - 1 || r.bottom > b.bottom + 1) return false;
  }
  return true;
}"""
# Elements that stick out of the window sideways (none may: nothing scrolls horizontally).
TOO_WIDE = """() => {
  const w = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && (r.right > w + 1 || r.left < -1) && !e.closest('.visually-hidden');
  });
  return {page: document.documentElement.scrollWidth, window: w,
          wide: wide.slice(0, 5).map(e => `${e.tagName}#${e.id}.${e.className}`)};
}"""


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
def browser(app_server: str) -> Iterator[tuple[Any, Watch]]:
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    watch = Watch(app_server)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium, watch
        chromium.close()
    (SHOTS / "measurements.json").write_text(json.dumps(MEASURED, indent=2) + "\n", encoding="utf-8")
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], watch.foreign


def _open(browser: tuple[Any, Watch], url: str, viewport: dict[str, int]) -> Any:
    chromium, watch = browser
    page = chromium.new_page(viewport=viewport, accept_downloads=True)
    page.set_default_timeout(TIMEOUT)
    watch.attach(page)
    page.goto(url, wait_until="load")  # "networkidle" never settles on Gradio
    page.wait_for_selector("#question textarea")
    return page


@pytest.fixture(scope="module")
def browser_page(browser: tuple[Any, Watch], app_server: str) -> Iterator[tuple[Any, Watch]]:
    page = _open(browser, app_server, DESKTOP)
    yield page, browser[1]
    page.close()


@pytest.fixture(scope="module")
def phone_page(browser: tuple[Any, Watch], app_server: str) -> Iterator[Any]:
    page = _open(browser, app_server, PHONE)
    yield page
    page.close()


def _shot(page: Any, name: str) -> None:
    """The window as the reader sees it, and the whole page (``-full``)."""
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)


def _ask(page: Any, question: str) -> None:
    page.fill("#question textarea", question)
    page.click("#send")


def _bot_messages(page: Any) -> Any:
    return page.locator("#chatbot .message.bot")


def _last_bot_message(page: Any) -> Any:
    return _bot_messages(page).last


def _wait_for_answer(page: Any, count: int) -> str:
    """Wait until the ``count``-th answer is complete (its details panel is filled) and return its text."""
    page.wait_for_function(
        "n => document.querySelectorAll('#chatbot .message.bot').length >= n", arg=count, timeout=TIMEOUT
    )
    try:
        page.wait_for_function(
            "n => (document.querySelector('#details-heading')?.innerText || '').toLowerCase().includes('answer ' + n)",
            arg=count,
            timeout=TIMEOUT,
        )
    except Exception:
        page.screenshot(path=str(SHOTS / f"failed-waiting-for-answer-{count}.png"), full_page=True)
        raise
    page.wait_for_timeout(700)  # the scripts that scroll run as the page settles
    summary = _summary(page)
    if summary.count():  # every answer with a summary shows it, whole, without scrolling
        assert _fully_visible(summary), _box(summary)
    return str(_last_bot_message(page).inner_text())


def _fully_visible(locator: Any) -> bool:
    return bool(locator.evaluate(FULLY_VISIBLE))


def _page_height(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def _assert_fits_the_width(page: Any, where: str) -> dict[str, Any]:
    found = page.evaluate(TOO_WIDE)
    assert found["page"] <= found["window"] and not found["wide"], (where, found)
    return dict(found)


def _record(size: str, step: str, **values: Any) -> None:
    MEASURED.setdefault(size, {})[step] = values


def _summary(page: Any) -> Any:
    return _last_bot_message(page).locator(".answer-summary")


def _asked_verdict(page: Any) -> Any:
    """Where a what-if answer says the asked outcome's verdict: its summary, else the outcome's bold line."""
    summary = _summary(page)
    return summary if summary.count() else _last_bot_message(page).locator("strong", has_text=IP_ACCESS).first


def _box(locator: Any) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return {k: round(v) for k, v in box.items()}


def _highlight_in_view(page: Any, viewer: str, *, on_screen: bool) -> None:
    """The cited passage of ``viewer`` shows inside its document's box (and in the window, if ``on_screen``)."""
    mark = page.locator(f"{viewer} mark#cited-passage")
    mark.wait_for(state="attached")
    page.wait_for_function(
        """sel => { const m = document.querySelector(sel); const box = m && m.closest('.source-text');
                    if (!box) return false; const r = m.getBoundingClientRect(), b = box.getBoundingClientRect();
                    return r.top >= b.top - 1 && r.top < b.bottom - 10; }""",
        arg=f"{viewer} mark#cited-passage",
        timeout=TIMEOUT,
    )
    if on_screen:
        top = mark.evaluate("m => m.getBoundingClientRect().top")
        box = mark.evaluate("m => m.closest('.source-text').getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] - 20, (top, box)


def _source_labels(page: Any) -> list[str]:
    return [str(t) for t in page.locator("#answer-sources label").all_inner_texts()]


# ----- desktop ---------------------------------------------------------------------------------------


def test_first_screen_explains_and_offers_examples(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    assert "Microsoft–OpenAI agreement" in page.inner_text("#intro")
    example = page.locator("#chatbot .examples .example").first
    assert "Who has the right of first refusal" in example.inner_text()
    assert example.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)") >= 1  # looks like a button
    assert _fully_visible(page.locator("#question textarea"))
    assert page.locator("button[aria-label='More tabs']").count() == 0
    assert all(tab.is_visible() for tab in page.get_by_role("tab").all())
    _assert_fits_the_width(page, "first screen")
    _record("desktop", "first screen", page_height=_page_height(page), question_box=_box(page.locator("#question")))
    _shot(page, "01-first-screen")


def test_question_gets_a_cited_answer_and_a_source_opens_highlighted(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    _ask(page, ROFR)
    text = _wait_for_answer(page, 1)
    assert text.startswith("Answer") and "confidence" in text and "[1]" in text
    summary = _summary(page)
    assert _fully_visible(summary), _box(summary)  # the answer's start, not its end, is in view
    # Each source is listed once: in the side panel, not again in the chat.
    assert not re.search(r"^Sources$", text, re.MULTILINE)
    assert page.locator("#answer-sources").is_visible()
    labels = _source_labels(page)
    assert labels and all("““" not in label and "””" not in label for label in labels)
    # The notes' shared opening ("Under the … agreement of 28 October 2025,") gives way to the quote's own words.
    assert not any("\n“Under the Microsoft-OpenAI definitive agreement" in label for label in labels), labels
    _highlight_in_view(page, "#source-viewer", on_screen=True)  # the first source too
    _record(
        "desktop",
        "plain answer",
        page_height=_page_height(page),
        summary=_box(summary),
        sources_listed=len(labels),
        width=_assert_fits_the_width(page, "plain answer"),
    )
    _shot(page, "02-cited-answer")
    more = page.locator("#more-sources")
    if more.is_visible():
        listed = len(labels)
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#answer-sources label').length > n", arg=listed)
        labels = _source_labels(page)
    target = page.locator("#answer-sources label").nth(len(labels) - 1)
    quote = re.search(r"“(.+?)…?”$", labels[-1])
    assert quote is not None
    target.click()
    words = quote.group(1)[1:30]  # past the first letter, which a label may capitalise
    page.wait_for_function(
        "w => (document.querySelector('#source-viewer mark#cited-passage')?.innerText || '').includes(w)",
        arg=words,
        timeout=TIMEOUT,
    )
    _highlight_in_view(page, "#source-viewer", on_screen=True)
    _shot(page, "03-source-highlighted")


def test_what_if_shows_the_verdict_first_and_the_trace_on_request(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    _ask(page, WHAT_IF)
    text = _wait_for_answer(page, 2)
    assert text.startswith("What-if verdict") and "US$150 billion" in text
    asked = _asked_verdict(page)
    assert _fully_visible(asked), _box(asked)  # the asked outcome's verdict, without scrolling
    table = page.locator("#outcomes table.outcomes-table").first
    table.wait_for(state="visible")
    first_row = table.locator("tbody tr").first
    assert first_row.locator("td").nth(0).inner_text() == IP_ACCESS
    # 2027 is under the April 2026 amendment (licence through 2032); the article's "no" stands beside it.
    assert first_row.locator("td").nth(1).inner_text() == "yes"
    assert "Under the January 2025 terms the article describes: no" in text
    assert _fully_visible(first_row)
    card = page.locator("#answer-sources label").first
    assert _box(table)["y"] + _box(table)["height"] <= _box(card)["y"]  # the verdict before any source card
    height = _page_height(page)
    assert height <= 2000, height  # before anything is opened
    _record(
        "desktop",
        "one-outcome what-if",
        page_height=height,
        asked_verdict=_box(asked),
        table=_box(table),
        width=_assert_fits_the_width(page, "what-if"),
    )
    # Nothing floats over the messages in the chat's corner (its trash icon covered a question's copy button).
    assert not page.locator("#chatbot .icon-button-wrapper.top-panel").first.is_visible()
    _shot(page, "04-what-if")
    page.locator("#outcomes .other-outcomes > summary").click()
    rows = {
        r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
        for r in page.locator("#outcomes table.outcomes-table tbody tr").all()
    }
    assert rows["AGI reached"] == "no" and rows[IP_ACCESS] == "yes"  # no verified declaration under the 2026 terms
    page.locator("#trace").get_by_text("How the clauses decided it").click()
    trace = page.locator("#trace .prose").first
    trace.wait_for(state="visible")
    assert len(trace.inner_text()) > 100
    _record("desktop", "what-if, details open", page_height=_page_height(page))
    _shot(page, "05-what-if-details-open")


IP_ACCESS_VERDICT = "#outcomes tr[data-outcome='microsoft_ip_access'] .verdict"


def _ip_access_verdict(page: Any) -> str:
    return str(page.evaluate("s => document.querySelector(s)?.innerText || '(no row)'", IP_ACCESS_VERDICT))


def test_changing_the_terms_answers_the_last_question_again(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    assert page.locator("#chat-terms input").input_value() == "In force on the date asked about"
    answers = _bot_messages(page).count()
    # Each choice gives a verdict other than the one on screen (the default for 2027 is the April 2026 terms:
    # yes), so the wait below ends only once the question has been answered again.
    for choice, verdict in (("The article's terms (January 2025)", "no"), ("April 2026 amendment", "yes")):
        page.locator("#chat-terms input").click()
        page.get_by_role("option", name=choice).click()
        page.wait_for_function(
            "([s, v]) => document.querySelector(s)?.innerText === v", arg=[IP_ACCESS_VERDICT, verdict], timeout=TIMEOUT
        )
        assert _bot_messages(page).count() == answers  # the last answer replaced, not a new question
        assert _ip_access_verdict(page) == verdict
    _shot(page, "06-terms-changed")


def test_markup_in_a_question_is_shown_not_run(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    count = _bot_messages(page).count()
    _ask(page, '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> What is Stargate?')
    _wait_for_answer(page, count + 1)
    assert page.evaluate("window.__pwned") is None
    user = page.locator("#chatbot .message.user").last.inner_text()
    assert "<img src=x" in user
    _shot(page, "07-markup-as-text")


def test_a_decline_offers_questions_that_ask_themselves(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    count = _bot_messages(page).count()
    _ask(page, "What is the capital of France?")
    text = _wait_for_answer(page, count + 1)
    assert text.startswith("Not covered by the documents") and "%" not in text.splitlines()[0]
    suggestion = page.locator("#chatbot .options button.option").first
    suggestion.wait_for(state="visible")
    assert suggestion.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)") >= 1
    question = suggestion.inner_text()
    _shot(page, "08-decline-suggestions")
    suggestion.click()
    _wait_for_answer(page, count + 2)
    assert page.locator("#chatbot .message.user").last.inner_text() == question
    assert not _last_bot_message(page).inner_text().startswith("Not covered")
    _shot(page, "09-suggestion-asked")


def test_export_downloads_the_conversation_for_this_browser_only(browser_page: tuple[Any, Watch]) -> None:
    import httpx

    page, _ = browser_page
    with page.expect_download() as started:  # the download starts by itself
        page.click("#export")
    text = Path(started.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Conversation with the agreement assistant") and "What is Stargate?" in text
    link = page.locator("#download a[download]").first
    link.wait_for(state="visible")
    assert _box(link)["y"] - (_box(page.locator("#export"))["y"] + _box(page.locator("#export"))["height"]) < 120
    with page.expect_download() as again:
        link.click()
    assert Path(again.value.path()).read_text(encoding="utf-8") == text
    url = page.evaluate("href => new URL(href, location.href).href", link.get_attribute("href"))
    assert httpx.get(url, timeout=10).status_code == 404  # the same link from another browser
    _shot(page, "10-exported")


def _agi_verdict(page: Any) -> str:
    row = page.locator("#sc-outcomes table.outcomes-table tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "AGI reached"
    return str(row.locator("td").nth(1).inner_text())


def _verdict_of(page: Any, title: str) -> str:
    for row in page.locator("#sc-outcomes table.outcomes-table tbody tr").all():
        if row.locator("td").nth(0).inner_text() == title:
            return str(row.locator("td").nth(1).inner_text())
    raise AssertionError(f"no row {title!r}")


def test_scenario_tab_updates_the_verdict_when_a_control_changes(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Scenario").click()
    page.locator("#sc-outcomes table.outcomes-table").wait_for(state="visible")
    # By default the date picks the terms (2027: the April 2026 amendment), the article's reading beside them.
    assert page.locator("#sc-terms input").input_value() == "In force on the date asked about"
    note = page.inner_text("#sc-verdict")
    assert "April 2026 amendment" in note and "Under the article's terms (January 2025): AGI reached yes" in note
    assert "Reading your question" not in note
    headline = page.locator("#sc-headline .headline")
    assert _box(headline)["height"] < 40  # one line
    _shot(page, "11-scenario-initial")
    page.locator("#sc-terms input").click()
    page.get_by_role("option", name="The article's terms (January 2025)").click()
    page.wait_for_function(
        "() => document.querySelector('#sc-outcomes tbody tr td:nth-child(2)')?.innerText === 'yes'", timeout=TIMEOUT
    )
    assert _agi_verdict(page) == "yes"  # US$150 billion in 2027 passes the article's threshold under both readings
    assert "AGI reached yes" in " ".join(headline.inner_text().split())
    profit = page.locator("#sc-profit input")
    profit.fill("50")
    profit.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#sc-outcomes tbody tr td:nth-child(2)')?.innerText === 'no'", timeout=TIMEOUT
    )
    assert _agi_verdict(page) == "no"
    assert "AGI reached no" in " ".join(headline.inner_text().split())
    _shot(page, "12-scenario-changed")
    assert _verdict_of(page, "Microsoft has a right of first refusal on new capacity") == "yes"
    page.locator("#sc-terms input").click()
    page.get_by_role("option", name="October 2025 definitive agreement").click()
    page.wait_for_function(
        "() => (document.querySelector('#sc-verdict')?.innerText || '').includes('October 2025 definitive agreement')",
        timeout=TIMEOUT,
    )
    assert _verdict_of(page, "Microsoft has a right of first refusal on new capacity") == "no"  # removed in Oct 2025
    _shot(page, "13-scenario-later-terms")


def test_scenario_tab_says_what_to_fix_next_to_the_field(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    date = page.locator("#sc-date input, #sc-date textarea").first
    date.fill("next spring")
    date.press("Enter")
    error = page.locator("#sc-date-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("Enter a date like 2027-06-30")
    assert "Input should" not in error.inner_text() and "event_date" not in error.inner_text()
    field = _box(page.locator("#sc-date"))
    assert 0 <= _box(error)["y"] - (field["y"] + field["height"]) < 60  # right under the field
    page.wait_for_function("() => !document.querySelector('#sc-outcomes table')", timeout=TIMEOUT)  # stale: gone
    assert page.inner_text("#sc-headline").strip() == ""
    _shot(page, "14-scenario-bad-date")
    date.fill("2027")
    date.press("Enter")
    page.locator("#sc-outcomes table.outcomes-table").wait_for(state="visible")
    assert not error.is_visible()


def test_scenario_quote_opens_in_view(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.locator("#sc-quotes").get_by_text("The quotes behind this verdict").click()
    page.locator("#sc-sources label").first.click()
    _highlight_in_view(page, "#sc-viewer", on_screen=True)
    _shot(page, "15-scenario-quote")


def test_timeline_tab_shows_each_provision_s_history(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Timeline").click()
    page.locator("#tl-table .tl-card").first.wait_for(state="visible")
    page.locator("#tl-provision input").click()
    page.get_by_role("option", name=re.compile("first refusal", re.I)).first.click()
    page.wait_for_function("() => document.querySelectorAll('#tl-table .tl-card').length === 4", timeout=TIMEOUT)
    assert "the right of first refusal was removed" in page.inner_text("#tl-table")
    _assert_fits_the_width(page, "timeline")
    _shot(page, "16-timeline")


def test_sources_tab_lists_documents_and_opens_one(browser_page: tuple[Any, Watch]) -> None:
    page, _ = browser_page
    page.get_by_role("tab", name="Sources").click()
    catalog = page.locator("#catalog")
    article = catalog.get_by_text("Microsoft no longer OpenAI's sole cloud provider under the Stargate deal").first
    article.wait_for(state="visible")
    assert catalog.get_by_text("primary").count() >= 1
    _assert_fits_the_width(page, "sources tab")
    article.click()
    page.locator("#catalog-viewer").get_by_text("the source article").first.wait_for(state="visible")
    _record("desktop", "sources tab", page_height=_page_height(page), width=_assert_fits_the_width(page, "sources"))
    _shot(page, "17-sources-tab")


# ----- phone -----------------------------------------------------------------------------------------


def test_phone_first_screen_has_the_question_box_and_every_tab(phone_page: Any) -> None:
    page = phone_page
    page.wait_for_timeout(500)
    assert _fully_visible(page.locator("#question textarea"))
    assert page.locator("button[aria-label='More tabs']").count() == 0
    assert all(tab.is_visible() for tab in page.get_by_role("tab").all())
    _record(
        "phone",
        "first screen",
        page_height=_page_height(page),
        question_box=_box(page.locator("#question")),
        width=_assert_fits_the_width(page, "phone first screen"),
    )
    _shot(page, "20-phone-first-screen")


def test_phone_answer_in_view_with_its_sources_once(phone_page: Any) -> None:
    page = phone_page
    _ask(page, ROFR)
    text = _wait_for_answer(page, 1)
    summary = _summary(page)
    assert _fully_visible(summary), _box(summary)
    assert not re.search(r"^Sources$", text, re.MULTILINE)
    assert page.locator("#answer-sources").is_visible()
    _highlight_in_view(page, "#source-viewer", on_screen=False)
    _record(
        "phone",
        "plain answer",
        page_height=_page_height(page),
        summary=_box(summary),
        width=_assert_fits_the_width(page, "phone answer"),
    )
    _shot(page, "21-phone-answer")


def test_phone_what_if_verdict_in_view(phone_page: Any) -> None:
    page = phone_page
    _ask(page, WHAT_IF)
    _wait_for_answer(page, 2)
    asked = _asked_verdict(page)
    assert _fully_visible(asked), _box(asked)
    _record(
        "phone",
        "one-outcome what-if",
        page_height=_page_height(page),
        asked_verdict=_box(asked),
        width=_assert_fits_the_width(page, "phone what-if"),
    )
    _shot(page, "22-phone-what-if")


@pytest.mark.parametrize(
    ("tab", "ready"),
    [("Scenario", "#sc-outcomes table"), ("Timeline", "#tl-table .tl-card"), ("Sources", "#catalog label")],
)
def test_phone_tabs_fit_the_width(phone_page: Any, tab: str, ready: str) -> None:
    page = phone_page
    page.get_by_role("tab", name=tab).click()
    page.locator(ready).first.wait_for(state="visible")
    page.wait_for_timeout(300)
    _record("phone", f"{tab} tab", page_height=_page_height(page), width=_assert_fits_the_width(page, tab))
    _shot(page, f"23-phone-{tab.lower()}")
