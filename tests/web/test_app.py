"""The browser app's server side: named endpoints through gradio_client, limits, and the App's handlers."""

from __future__ import annotations

import json
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import httpx
import pytest
from gradio_client import Client

from assistant.api import Assistant
from assistant.settings import Settings
from assistant.web.app import App
from assistant.web.exports import OWNER_COOKIE, PrivateExports, new_owner
from assistant.web.feedback import FeedbackLog

from ..conftest import CORPUS, descendants, launched_app_process, process_running, wait_until
from . import _slow_worker as traps

LOOPBACK = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]


def _corpus_text(source: str) -> str:
    from assistant.corpus.sources import SourceTexts

    document = SourceTexts(CORPUS, 10**8).get(source)
    assert document is not None
    return document.text


@pytest.fixture(scope="module")
def client(app_server: str) -> Client:
    return Client(app_server, verbose=False)


def _chunks(count: int, size: int = 65_536) -> Iterator[bytes]:
    for _ in range(count):
        yield b"x" * size


def _run_event(browser: httpx.Client, fn_index: int, data: list[Any], session: str) -> dict[str, Any]:
    """Run one of the page's events the way the browser does (queue/join, then the event stream)."""
    joined = browser.post(
        "gradio_api/queue/join",
        json={"data": data, "fn_index": fn_index, "session_hash": session, "event_data": None, "trigger_id": None},
    )
    joined.raise_for_status()
    event = joined.json()["event_id"]
    with browser.stream("GET", "gradio_api/queue/data", params={"session_hash": session}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed" and message.get("event_id") == event:
                    assert message["success"], message
                    return dict(message["output"])
    raise AssertionError("the event stream ended before the event completed")


def _export_as(browser: httpx.Client, question: str) -> dict[str, Any]:
    """Ask ``question`` in a new session of ``browser``, export the conversation, return the file's data."""
    browser.get("")  # the page, as a browser loads it first
    events = {d["api_name"]: d["id"] for d in browser.get("config").json()["dependencies"]}
    session = secrets.token_hex(8)
    _run_event(browser, events["chat"], [question, [], None, "2025-01"], session)
    output = _run_event(browser, events["export"], [None], session)
    return dict(output["data"][0]["value"])


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
class TestEndpoints:
    def test_named_endpoints_are_ask_evaluate_scenario_and_chat(self, client: Client) -> None:
        endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        assert {"/ask", "/evaluate_scenario", "/chat"} <= set(endpoints)

    def test_ask_returns_the_answer_object_with_verbatim_citations(self, client: Client) -> None:
        result = client.predict("Who has the right of first refusal on OpenAI's new cloud capacity?", api_name="/ask")
        assert result["kind"] == "answer"
        assert result["citations"], result
        for citation in result["citations"]:
            assert _corpus_text(citation["source"])[citation["start"] : citation["end"]] == citation["quote"]
        assert "[1]" in result["text"]

    def test_ask_uses_history_for_follow_ups(self, client: Client) -> None:
        first = client.predict("Is the OpenAI API exclusive to Azure?", api_name="/ask")
        follow = client.predict(
            "And until when does that last?",
            [["Is the OpenAI API exclusive to Azure?", first["text"]]],
            api_name="/ask",
        )
        assert follow["retrieval_query"] != follow["question"]
        assert "Azure" in follow["retrieval_query"]

    def test_ask_what_if_carries_the_verdict(self, client: Client) -> None:
        result = client.predict(
            "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its technology?",
            api_name="/ask",
        )
        assert result["kind"] == "whatif"
        # no terms: those in force in 2027 (the April 2026 amendment), the article's beside them
        assert result["verdict"]["terms"] == "2026-04"
        assert result["verdict"]["outcomes"]["microsoft_ip_access"] is True
        assert result["verdict"]["compared"]["2025-01"]["agi_reached"] is True
        assert result["verdict"]["compared"]["2025-01"]["microsoft_ip_access"] is False

    def test_ask_refuses_huge_text_with_a_message(self, client: Client) -> None:
        result = client.predict("What is the AGI clause? " * 4000, api_name="/ask")
        assert result["kind"] == "abstain"
        assert "characters" in result["text"]

    def test_evaluate_scenario_returns_the_verdict(self, client: Client) -> None:
        result = client.predict(
            profit_billions=150,
            currency="USD",
            date="2027",
            capacity_request="yes",
            microsoft_can_meet="no",
            workload="training",
            provider="oracle",
            api_name="/evaluate_scenario",
        )
        assert result["error"] is None
        # No terms: those in force on the scenario's date, with the article's reading beside them.
        assert result["verdict"]["terms"] == "2026-04"
        assert result["verdict"]["compared"]["2025-01"]["agi_reached"] is True
        assert next(row["outcome"] for row in result["rows"]) == "agi_reached"
        assert result["citations"]

    def test_evaluate_scenario_names_the_bad_field(self, client: Client) -> None:
        result = client.predict(date="2027-13", api_name="/evaluate_scenario")
        assert result["verdict"] is None and "month 13" in result["error"]
        result = client.predict(terms="1999", api_name="/evaluate_scenario")
        assert "unknown terms" in result["error"]

    def test_oversized_request_bodies_are_refused(self, app_server: str) -> None:
        response = httpx.post(app_server + "gradio_api/queue/join", content=b"x" * 2_000_000, timeout=10)
        assert response.status_code == 413
        assert "Request too large" in response.text

    def test_oversized_chunked_bodies_are_refused_with_413(self, app_server: str) -> None:
        # No Content-Length: the size shows only while the body streams in (1.3 MB against a 1 MB limit).
        for path in ("gradio_api/queue/join", "gradio_api/run/ask"):
            response = httpx.post(
                app_server + path, content=_chunks(20), headers={"content-type": "application/json"}, timeout=30
            )
            assert "content-length" not in response.request.headers
            assert response.status_code == 413, (path, response.status_code, response.text)
            assert response.text == "Request too large: the limit is 1,000,000 bytes.\n"

    def test_file_uploads_are_refused(self, app_server: str) -> None:
        files = {"files": ("note.txt", b"anything at all", "text/plain")}
        for path in ("gradio_api/upload", "gradio_api/upload/", "gradio_api/upload?upload_id=x"):
            response = httpx.post(app_server + path, files=files, timeout=10, follow_redirects=True)
            assert response.status_code == 404, (path, response.status_code, response.text)
            assert "note.txt" not in response.text
        assert httpx.get(app_server + "gradio_api/upload_progress?upload_id=x", timeout=10).status_code == 404

    def test_an_export_is_served_only_to_the_browser_that_made_it(self, app_server: str) -> None:
        with (
            httpx.Client(base_url=app_server, timeout=60) as owner,
            httpx.Client(base_url=app_server, timeout=60) as other,
        ):
            mine = _export_as(owner, "What is Stargate?")
            theirs = _export_as(other, "Who funds Stargate?")
            fetched = owner.get(mine["url"])
            assert fetched.status_code == 200 and "What is Stargate?" in fetched.text
            assert other.get(mine["url"]).status_code == 404  # another browser
            assert httpx.get(mine["url"], timeout=10).status_code == 404  # no cookie at all
            assert owner.get(theirs["url"]).status_code == 404
            assert other.get(theirs["url"]).status_code == 200
        # Each browser's exports sit in its own folder, which only the app's user can list.
        mine_path, theirs_path = Path(mine["path"]), Path(theirs["path"])
        assert mine_path.parent != theirs_path.parent
        for folder in (mine_path.parent, mine_path.parent.parent):
            assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder
        assert stat.S_IMODE(mine_path.stat().st_mode) & 0o077 == 0

    def test_no_file_outside_the_app_is_served(self, app_server: str) -> None:
        for path in ("gradio_api/file=/etc/passwd", "gradio_api/file=../../README.md", "file=/etc/hostname"):
            response = httpx.get(app_server + path, timeout=10)
            assert response.status_code in (403, 404), path
            assert "root:" not in response.text

    def test_page_loads_nothing_from_other_hosts(self, app_server: str) -> None:
        page = httpx.get(app_server, timeout=10).text
        assert "fonts.googleapis.com" not in page and "cdn.jsdelivr" not in page


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_runaway_question_neither_freezes_the_app_nor_outlives_it(
    corpus_assistant: Assistant, corpus_settings: Settings, tmp_path: Path
) -> None:
    # The real assistant in two workers, except that traps.REGEX runs a catastrophic regular expression
    # (it holds the GIL inside C: in-process, it froze every user) and a SLOW_SCENARIO_DATE spins.
    marker = tmp_path / "spinning"
    env = {"ASSISTANT_APP_CONCURRENCY": "2", "ASSISTANT_ANSWER_DEADLINE": "5", "TRAP_MARKER": str(marker)}
    trapped = ("--answer-worker", "tests.web._slow_worker:trapped_assistant")
    with launched_app_process(corpus_settings, *trapped, env=env) as (url, server):
        workers = descendants(server.pid)
        assert len(workers) >= 2, workers
        client = Client(url, verbose=False)
        assert client.predict("Is the OpenAI API exclusive to Azure?", api_name="/ask")["kind"] == "answer"
        runaway = client.submit(traps.REGEX, api_name="/ask")
        assert wait_until(marker.exists, 60), "the trapped question never reached a worker"
        for question in ("Who has the right of first refusal on OpenAI's new cloud capacity?", "What is Stargate?"):
            started = time.monotonic()
            answer = client.predict(question, api_name="/ask")
            assert time.monotonic() - started < 1.0, "a normal question waited on the runaway one"
            assert answer["kind"] == "answer" and answer["citations"]
        started = time.monotonic()
        assert httpx.get(url, timeout=10).status_code == 200
        assert time.monotonic() - started < 1.0
        stopped = runaway.result(timeout=60)
        assert stopped["kind"] == "abstain" and stopped["confidence"] == 1.0
        assert stopped["text"].startswith("This question took too long to answer (more than 5 seconds)")
        assert "Traceback" not in json.dumps(stopped)

        scenario = client.predict(date=traps.SLOW_SCENARIO_DATE, api_name="/evaluate_scenario")
        assert scenario["verdict"] is None
        assert scenario["error"].startswith("This scenario took too long to evaluate (more than 5 seconds)")
        assert set(scenario) == {"error", "scenario", "verdict", "text", "rows", "citations"}

        # The stopped workers are gone and replaced; the app answers as before.
        assert wait_until(lambda: len(descendants(server.pid) - workers) >= 2, 120), "no replacement workers"
        assert len([p for p in workers if process_running(p)]) <= len(workers) - 2
        assert client.predict("Is the OpenAI API exclusive to Azure?", api_name="/ask")["kind"] == "answer"
        everything = workers | descendants(server.pid)
    assert wait_until(lambda: not any(process_running(p) for p in everything), 30), "processes outlived the app"


@pytest.fixture(scope="module")
def app_handlers(
    corpus_assistant: Assistant, corpus_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    settings = corpus_settings.model_copy(update={"data_dir": corpus_settings.data_dir})
    handlers = App(settings, corpus_assistant)
    handlers.feedback = FeedbackLog(tmp_path_factory.mktemp("feedback") / "feedback.jsonl")
    handlers.exports = PrivateExports(tmp_path_factory.mktemp("exports") / "private")
    return handlers


def _converse(
    handlers: Any, question: str, chat: list[Any] | None = None, turns: list[Any] | None = None
) -> tuple[Any, ...]:
    steps = list(handlers.chat(question, chat or [], turns or [], "2025-01"))
    assert len(steps) >= 2  # a placeholder first, then the answer
    assert steps[0][0][-1]["content"].startswith("_Searching")
    return steps[-1]


@pytest.mark.slow
class TestHandlers:
    def test_chat_streams_then_records_the_turn_and_details(self, app_handlers: Any) -> None:
        chat, turns, box, selected, heading, *_, sources_box, sources, more, viewer = _converse(
            app_handlers, "Is the OpenAI API exclusive to Azure?"
        )
        assert box == ""
        assert [m["role"] for m in chat] == ["user", "assistant"]
        assert chat[1]["content"].startswith("**Answer**")
        assert "**Sources**" not in chat[1]["content"]  # listed once, in the details panel
        assert heading["value"] == "**Answer 1**: its sources"
        assert sources_box["visible"] is True and sources_box["label"].startswith("Sources (")
        assert isinstance(more["visible"], bool)
        assert turns[0]["question"] == "Is the OpenAI API exclusive to Azure?"
        assert selected == 0
        assert sources["choices"] and sources["value"] == 0
        assert "<mark id='cited-passage'>" in viewer

    def test_follow_up_uses_the_recorded_turns(self, app_handlers: Any) -> None:
        chat, turns, *_ = _converse(app_handlers, "Is the OpenAI API exclusive to Azure?")
        chat, turns, *_ = _converse(app_handlers, "And until when does that last?", chat, turns)
        assert turns[1]["answer"]["retrieval_query"] != "And until when does that last?"

    def test_what_if_fills_the_outcome_table_and_trace(self, app_handlers: Any) -> None:
        step = _converse(app_handlers, "What if OpenAI makes US$150 billion in profit in 2027?")
        outcomes, trace_box, trace = step[5], step[6], step[7]
        assert outcomes["visible"] is True and "verdict-yes" in outcomes["value"]
        assert trace_box["visible"] is True and "rules considered" in trace

    def test_a_decline_offers_its_example_questions_as_buttons(self, app_handlers: Any) -> None:
        chat, *_ = _converse(app_handlers, "What is the capital of France?")
        reply = chat[-1]
        assert reply["content"].startswith("**Not covered by the documents**")
        assert "%" not in reply["content"].splitlines()[0]
        questions = [o["value"] for o in reply["options"]]
        assert len(questions) == 3 and all(q.endswith("?") and q not in reply["content"] for q in questions)

    def test_more_sources_lists_every_source(self, app_handlers: Any) -> None:
        _chat, turns, _box, selected, *_rest, sources, _more, _viewer = _converse(
            app_handlers, "Who has the right of first refusal on OpenAI's new cloud capacity?"
        )
        everything, button = app_handlers.more_sources(turns, selected, sources["value"])
        assert len(everything["choices"]) == len(turns[0]["answer"]["citations"]) >= len(sources["choices"])
        assert button["visible"] is False and everything["value"] == sources["value"]

    def test_html_in_a_question_is_shown_as_text(self, app_handlers: Any) -> None:
        chat, *_ = _converse(app_handlers, "<img src=x onerror=alert(1)> What is Stargate?")
        assert "<img" not in chat[0]["content"] and "&lt;img" in chat[0]["content"]

    def test_empty_question_changes_nothing(self, app_handlers: Any) -> None:
        steps = list(app_handlers.chat("   ", [], [], None))
        assert len(steps) == 1

    def test_retry_asks_the_last_question_again(self, app_handlers: Any) -> None:
        chat, turns, *_ = _converse(app_handlers, "What is Stargate?")
        *_, last = list(app_handlers.retry(chat, turns, "2025-01"))
        assert len(last[1]) == 1 and last[1][0]["question"] == "What is Stargate?"
        assert len(last[0]) == 2

    def test_a_retry_with_messages_left_over_keeps_two_per_turn(self, app_handlers: Any) -> None:
        # A change of terms that came while an answer streamed sees the chat with its pending message.
        chat, turns, *_ = _converse(app_handlers, "What is Stargate?")
        pending = [*chat, {"role": "user", "content": "What is Stargate?"}, {"role": "assistant", "content": "…"}]
        *_, last = list(app_handlers.retry(pending, turns, "2026-04"))
        assert len(last[1]) == 1 and len(last[0]) == 2
        # A question after a stopped one does not keep the stopped one's half-written bubble either.
        *_, after = list(app_handlers.chat("Who is in Stargate?", pending, turns, None))
        assert len(after[1]) == 2 and len(after[0]) == 4

    def test_like_and_comment_append_feedback(self, app_handlers: Any) -> None:
        _chat, turns, *_ = _converse(app_handlers, "What is Stargate?")
        before = len(app_handlers.feedback.read())
        app_handlers.like(turns, gr.LikeData(None, {"index": 1, "value": "x", "liked": False}))
        assert app_handlers.comment(turns, 0, "The second source is off topic.") == ""
        records = app_handlers.feedback.read()[before:]
        assert [(r.rating, r.comment) for r in records] == [("down", ""), (None, "The second source is off topic.")]
        assert records[0].question == "What is Stargate?" and records[0].answer.citations

    def test_export_writes_markdown_with_citations(self, app_handlers: Any) -> None:
        _chat, turns, *_ = _converse(app_handlers, "Who has the right of first refusal on OpenAI's new cloud capacity?")
        owner = new_owner()
        update = app_handlers.export(turns, gr.Request(cookies={OWNER_COOKIE: owner}))
        path = Path(update["value"])
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Conversation with the agreement assistant")
        assert turns[0]["answer"]["citations"][0]["quote"] in text
        assert app_handlers.exports.may_fetch(str(path), owner) is True
        assert app_handlers.exports.may_fetch(str(path), new_owner()) is False

    def test_export_without_the_owner_cookie_writes_nothing(self, app_handlers: Any) -> None:
        _chat, turns, *_ = _converse(app_handlers, "What is Stargate?")
        with pytest.warns(UserWarning, match="Exporting needs cookies"):  # gr.Warning, outside a request
            update = app_handlers.export(turns, gr.Request(cookies={}))
        assert update["value"] is None and update["visible"] is False

    def test_scenario_form_reports_bad_fields(self, app_handlers: Any) -> None:
        headline, note, table, *_rest, date_error, profit_error, _can_meet, general = app_handlers.scenario(
            150, "USD", "2027-13", "unknown", "unknown", "unknown", "unknown", "any", "any", "2025-01"
        )
        assert date_error["visible"] is True and date_error["value"].startswith("Enter a date like 2027-06-30")
        assert "month 13" in date_error["value"]
        assert profit_error["visible"] is False and general["visible"] is False
        assert headline == note == table == ""  # the previous result is cleared
        shown = app_handlers.scenario(
            150, "USD", "2027", "unknown", "unknown", "yes", "no", "training", "oracle", "2025-01"
        )
        headline, note, table, quotes, date_error = shown[0], shown[1], shown[2], shown[7], shown[9]
        assert date_error["visible"] is False
        assert note.startswith("Under the article's terms (January 2025)") and "Reading" not in note
        assert "verdict-yes" in table and "verdict-yes" in headline and quotes
        assert "<mark" in app_handlers.scenario_source(quotes, 0)

    def test_scenario_form_uses_the_panel_under_later_terms(self, app_handlers: Any) -> None:
        def agi(verified: str) -> str:
            _headline, _note, table, *_ = app_handlers.scenario(
                None, "USD", "2027", "yes", verified, "unknown", "unknown", "any", "any", "2025-10"
            )
            return table.split("<td><span class='verdict verdict-", 1)[1].split("'", 1)[0]

        assert agi("yes") == "yes"
        assert agi("no") == "no"
        assert agi("unknown") == "undetermined"

    def test_terms_selector_offers_every_version(self, app_handlers: Any) -> None:
        assert [value for _label, value in app_handlers.terms_choices] == ["2025-01", "2025-10", "2026-02", "2026-04"]
        first, *versions = app_handlers.chat_terms_choices
        assert first == ("In force on the date asked about", "")  # empty: terms=None
        assert versions == app_handlers.terms_choices
        assert not any(label[:4].isdigit() for label, _value in versions)  # plain names, no ids

    def test_timeline_shows_each_change_with_its_quote(self, app_handlers: Any) -> None:
        page = app_handlers.timeline("first-refusal")
        assert page.count("class='tl-card'") == 4  # one card per version
        assert "28 Oct 2025" in page and "the right of first refusal was removed" in page
        assert "Definitive agreement of October 2025 - Azure, API exclusivity and compute" in page
        assert app_handlers.timeline("").count("class='tl-card'") > 8

    def test_catalog_lists_the_corpus(self, app_handlers: Any) -> None:
        rows = app_handlers.catalog_rows()
        assert any(row[4] == "stargate-article.txt" for row in rows)
        assert len(rows) == len([p for p in CORPUS.rglob("*") if p.suffix in {".md", ".txt"}])
        choices = app_handlers.catalog_choices()
        assert [value for _label, value in choices] == [row[4] for row in rows]
        shown = app_handlers.show_document("stargate-article.txt")
        assert "sole cloud provider under the Stargate deal</h3>" in shown and "the source article" in shown
        assert "stargate-article.txt" not in shown  # a reader sees the title, not the file name
