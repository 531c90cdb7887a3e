"""The browser app: a chat with cited answers and what-if verdicts, a Scenario form and the Sources list.

``python app.py [--host 127.0.0.1] [--port 7860] [--mcp]``. It only parses input and renders what
:mod:`assistant` returns. Named endpoints for scripts (``gradio_client``): ``/ask`` and
``/evaluate_scenario``; the chat's own endpoint stays available as ``/chat``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.offline import enforce_offline

enforce_offline()

import gradio as gr  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402

from assistant.agreement.facts import PROVIDERS, WORKLOADS  # noqa: E402
from assistant.agreement.versions import provision_timeline, provisions, short_date, terms_versions  # noqa: E402
from assistant.api import Assistant  # noqa: E402
from assistant.models import Answer, Citation  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.web.answer_view import answer_markdown, badge, question_markdown, source_choice  # noqa: E402
from assistant.web.feedback import FeedbackLog, FeedbackRecord  # noqa: E402
from assistant.web.request_limits import BodySizeLimit  # noqa: E402
from assistant.web.scenario_form import evaluate_fields  # noqa: E402
from assistant.web.source_view import corpus_catalog, document_html, passage_html  # noqa: E402
from assistant.web.timeline_view import timeline_html  # noqa: E402
from assistant.web.transcript import conversation_markdown, write_text_atomically  # noqa: E402
from assistant.whatif.engine.verdict import Verdict  # noqa: E402
from assistant.whatif.render import CitationList, OutcomeRow, outcome_rows, outcome_table_html, trace_markdown  # noqa: E402

log = logging.getLogger("assistant.app")

EXAMPLES = [
    "Who has the right of first refusal on OpenAI's new cloud capacity?",
    "Is the OpenAI API exclusive to Azure?",
    "What is the AGI clause?",
    "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its technology?",
    "What if Microsoft cannot meet a capacity request for training in 2026: may OpenAI use Oracle?",
]
STREAM_STEPS = 12
STREAM_DELAY = 0.015
CSS = """
.source-text { max-height: 380px; overflow-y: auto; border: 1px solid var(--border-color-primary);
               border-radius: 6px; padding: 0.5em 1em; }
.source-text mark { background: #ffe36e; color: #000; padding: 0 2px; }
.source-meta { color: var(--body-text-color-subdued); margin: 0.2em 0; }
footer { display: none !important; }
.outcomes-table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
.outcomes-table th, .outcomes-table td { border-bottom: 1px solid var(--border-color-primary); padding: 4px 6px;
                                         vertical-align: top; text-align: left; }
.outcome-title { font-weight: 600; }
.outcome-quote { color: var(--body-text-color-subdued); font-style: italic; margin-top: 2px; }
.verdict { border-radius: 4px; padding: 1px 6px; font-weight: 600; white-space: nowrap; }
.verdict-yes { background: #d5f5d5; color: #14521a; }
.verdict-no { background: #fbd9d9; color: #7a1616; }
.verdict-undetermined, .verdict-not-covered { background: #fff1c2; color: #6b4e00; }
.change { border-radius: 4px; padding: 0 5px; font-size: 0.85em; background: var(--background-fill-secondary); }
.change-changed, .change-ended { background: #fbd9d9; color: #7a1616; }
.change-contested { background: #fff1c2; color: #6b4e00; }
"""
SCROLL_TO_PASSAGE = (
    "() => { const m = document.getElementById('cited-passage'); if (m) m.scrollIntoView({block: 'center'}); }"
)
# System fonts only: the default theme would fetch its fonts from Google.
THEME = gr.themes.Soft(
    font=["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)


class App:
    """The Gradio interface over one :class:`Assistant`.

    Args:
        settings: Configuration; defaults to the environment's.
        assistant: The assistant to answer with; built from ``settings`` when omitted.
    """

    def __init__(
        self, settings: Settings | None = None, assistant: Assistant | None = None, *, mcp: bool = False
    ) -> None:
        self.settings = settings or get_settings()
        # MCP clients get exactly ask and evaluate_scenario: the chat (with its session state) stays callable
        # by gradio_client but is left out of the documented API, which is what MCP exposes.
        self.chat_visibility = "undocumented" if mcp else "public"
        self.assistant = assistant or Assistant(self.settings)
        self.feedback = FeedbackLog(self.settings.data_dir / "feedback.jsonl")
        self.export_dir = Path(tempfile.gettempdir()) / "agreement-assistant-exports"
        versions = terms_versions(self.assistant.sources.cite)
        self.terms_choices = [(f"{v.id} — {v.label} (from {short_date(v.date)})", v.id) for v in versions]
        self.default_terms = "2025-01"
        self.provision_choices = [("All provisions", "")] + [(p.title, p.id) for p in provisions()]

    # ----- the chat -------------------------------------------------------------------------------

    def _history(self, turns: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(t["question"], t["answer"]["text"]) for t in turns]

    def chat(
        self, message: str, chat: list[dict[str, Any]], turns: list[dict[str, Any]], terms: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Answer ``message`` and stream the answer into the chat; record the turn for follow-ups."""
        question = message if isinstance(message, str) else ""
        if not question.strip():
            yield gr.skip(), gr.skip(), gr.skip(), *self._no_details_change()
            return
        chat = [*chat, {"role": "user", "content": question_markdown(question)}]
        pending = {"role": "assistant", "content": "_Searching the documents…_"}
        yield [*chat, pending], turns, "", *self._no_details_change()
        result = self.assistant.answer(question, self._history(turns), terms=terms or None)
        turns = [*turns, {"question": question, "answer": result.model_dump(mode="json"), "terms": terms}]
        full = answer_markdown(result)
        words = full.split(" ")
        step = max(1, len(words) // STREAM_STEPS)
        for end in range(step, len(words), step):
            yield (
                [*chat, {"role": "assistant", "content": " ".join(words[:end])}],
                turns,
                "",
                *self._no_details_change(),
            )
            time.sleep(STREAM_DELAY)
        chat = [*chat, {"role": "assistant", "content": full}]
        yield chat, turns, "", *self._details(result, len(turns) - 1)

    def retry(
        self, chat: list[dict[str, Any]], turns: list[dict[str, Any]], terms: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Ask the last question again (after a change of terms, or a stop)."""
        if not turns:
            yield gr.skip(), gr.skip(), gr.skip(), *self._no_details_change()
            return
        question = turns[-1]["question"]
        yield from self.chat(question, chat[:-2], turns[:-1], terms)

    def example(self, event: gr.SelectData) -> str:
        """The text of the example question that was clicked."""
        value = event.value
        return str(value.get("text", "")) if isinstance(value, dict) else str(value or "")

    def clear(self) -> tuple[Any, ...]:
        """Forget the conversation."""
        return [], [], "", *self._empty_details()

    def select(self, turns: list[dict[str, Any]], event: gr.SelectData) -> tuple[Any, ...]:
        """Show the sources (and the what-if table) of the answer that was clicked."""
        index = event.index if isinstance(event.index, int) else event.index[0]
        turn = index // 2
        if not 0 <= turn < len(turns):
            return self._no_details_change()
        return self._details(Answer.model_validate(turns[turn]["answer"]), turn)

    # ----- details of one answer: sources, outcomes, trace ------------------------------------------

    def _details(self, result: Answer, turn: int) -> tuple[Any, ...]:
        choices = [(source_choice(n, c), n - 1) for n, c in enumerate(result.citations, start=1)]
        viewer = passage_html(self.assistant.sources, result.citations[0]) if result.citations else ""
        rows, trace = "", ""
        verdict = _verdict(result.verdict)
        if verdict is not None:
            rows = outcome_table_html(_rows(verdict, result.citations))
            trace = trace_markdown(verdict)
        return (
            turn,
            gr.update(value=badge(result) + f" — answer {turn + 1}"),
            gr.update(choices=choices, value=0 if choices else None, visible=bool(choices)),
            viewer,
            gr.update(value=rows, visible=verdict is not None),
            gr.update(visible=verdict is not None),
            trace,
        )

    def _no_details_change(self) -> tuple[Any, ...]:
        return (gr.skip(),) * 7

    def _empty_details(self) -> tuple[Any, ...]:
        return (
            None,
            gr.update(value="_Ask a question: its sources will show here._"),
            gr.update(choices=[], value=None, visible=False),
            "",
            gr.update(value="", visible=False),
            gr.update(visible=False),
            "",
        )

    def open_source(self, turns: list[dict[str, Any]], turn: int | None, choice: int | None) -> str:
        """The chosen source of the selected answer, with its passage highlighted."""
        if turn is None or choice is None or not 0 <= turn < len(turns):
            return ""
        citations = turns[turn]["answer"]["citations"]
        if not 0 <= choice < len(citations):
            return ""
        return passage_html(self.assistant.sources, Citation.model_validate(citations[choice]))

    # ----- feedback and export ------------------------------------------------------------------

    def like(self, turns: list[dict[str, Any]], event: gr.LikeData) -> None:
        """Record a thumbs up or down on an answer."""
        index = event.index if isinstance(event.index, int) else event.index[0]
        turn = index // 2
        if not 0 <= turn < len(turns):
            return
        rating = "up" if event.liked is True or event.liked == "Like" else "down"
        self._record(turns, turn, rating, "")
        gr.Info("Thanks: your feedback was recorded.")

    def comment(self, turns: list[dict[str, Any]], turn: int | None, text: str) -> str:
        """Record a comment on the selected answer (the latest one when none was clicked)."""
        text = (text or "").strip()
        if not text:
            gr.Warning("Write a comment first.")
            return text
        if not turns:
            gr.Warning("Ask a question first: comments are about an answer.")
            return text
        if len(text) > 2000:
            gr.Warning("Comments are limited to 2,000 characters.")
            return text
        self._record(turns, len(turns) - 1 if turn is None else turn, None, text)
        gr.Info("Thanks: your comment was recorded.")
        return ""

    def _record(self, turns: list[dict[str, Any]], turn: int, rating: str | None, comment: str) -> None:
        entry = turns[turn]
        record = FeedbackRecord(
            rating=rating,
            comment=comment,
            question=entry["question"],
            history=[t["question"] for t in turns[:turn]],
            terms=entry.get("terms"),
            answer=Answer.model_validate(entry["answer"]),
        )
        try:
            self.feedback.append(record)
        except OSError as exc:
            raise gr.Error(f"Could not save the feedback: {exc}") from exc

    def export(self, turns: list[dict[str, Any]]) -> Any:
        """Write the conversation, with its citations, to a Markdown file offered for download."""
        if not turns:
            gr.Warning("Nothing to export yet.")
            return gr.update(value=None, visible=False)
        text = conversation_markdown([(t["question"], Answer.model_validate(t["answer"])) for t in turns])
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = write_text_atomically(self.export_dir / f"conversation-{stamp}.md", text)
        return gr.update(value=str(path), visible=True)

    # ----- scenario tab, sources tab, API ---------------------------------------------------------

    def scenario(
        self,
        profit: float | None,
        currency: str,
        date: str,
        agi: str,
        verified: str,
        request: str,
        can_meet: str,
        workload: str,
        provider: str,
        terms: str,
    ) -> tuple[Any, ...]:
        """Evaluate the form's scenario; a field the evaluator cannot read is named in the message."""
        result = evaluate_fields(
            {
                "profit_billions": profit,
                "currency": currency,
                "date": date,
                "agi_declared": agi,
                "agi_verified_by_panel": verified,
                "capacity_request": request,
                "microsoft_can_meet": can_meet,
                "workload": "" if workload == "any" else workload,
                "provider": "" if provider == "any" else provider,
                "terms": terms,
            },
            self.assistant.sources.cite,
        )
        if result.error:
            return f"⚠️ {result.error}", gr.skip(), gr.skip(), gr.skip(), gr.skip()
        rows = outcome_table_html(result.rows)
        # The table carries each outcome's reason; above it only how the form was read and what was assumed.
        summary = [
            line for line in result.text.splitlines() if line.startswith(("Reading", "(", "Assumptions", "Exchange"))
        ]
        choices = [(source_choice(n, c), n - 1) for n, c in enumerate(result.citations, start=1)]
        return (
            "\n\n".join(summary),
            rows,
            result.trace,
            gr.update(choices=choices, value=None),
            [c.model_dump(mode="json") for c in result.citations],
        )

    def scenario_source(self, citations: list[dict[str, Any]], choice: int | None) -> str:
        """The chosen quote of the scenario's verdict, highlighted in its document."""
        if choice is None or not 0 <= choice < len(citations or []):
            return ""
        return passage_html(self.assistant.sources, Citation.model_validate(citations[choice]))

    def catalog_rows(self) -> list[list[str]]:
        """Rows of the Sources tab."""
        entries, _problems = corpus_catalog(self.settings.corpus_dir, self.settings.max_document_bytes)
        return [[e.date, e.title, e.publisher, e.confidence, e.source] for e in entries]

    def show_document(self, rows: Any, event: gr.SelectData) -> str:
        """The document of the clicked row of the Sources tab."""
        row = event.index[0] if isinstance(event.index, list | tuple) else event.index
        values = rows.values.tolist() if hasattr(rows, "values") else rows
        if not isinstance(row, int) or not 0 <= row < len(values):
            return ""
        return document_html(self.assistant.sources, str(values[row][4]))

    def api_ask(self, question: str, history: list[list[str]] | None = None, terms: str | None = None) -> dict:
        """Answer a question; ``history`` is a list of ``[question, answer_text]`` pairs, oldest first."""
        return self.assistant.answer(question, history or [], terms=terms or None).model_dump(mode="json")

    def api_evaluate(self, fields: dict[str, Any]) -> dict:
        """Evaluate a scenario given as fields; see :class:`assistant.web.scenario_form.ScenarioFields`."""
        result = evaluate_fields(fields, self.assistant.sources.cite)
        return result.model_dump(mode="json", exclude={"trace"})

    # ----- the page ---------------------------------------------------------------------------------

    def build(self) -> gr.Blocks:
        """Lay out the page and wire its events."""
        entries, _ = corpus_catalog(self.settings.corpus_dir, self.settings.max_document_bytes)
        intro = (
            f"Answers about the Microsoft–OpenAI agreement (cloud terms, Stargate, the AGI clause) from "
            f"{len(entries)} documents — the January 2025 Stargate article and dated notes — each with a quote "
            f"you can check. What-if questions are decided by the agreement's clauses, not guessed."
        )
        with gr.Blocks(title="Agreement assistant") as demo:
            gr.Markdown(f"## The agreement assistant\n{intro}", elem_id="intro")
            with gr.Tabs():
                with gr.Tab("Chat", id="chat"):
                    self._chat_tab()
                with gr.Tab("Scenario", id="scenario"):
                    self._scenario_tab(demo)
                with gr.Tab("Timeline", id="timeline"):
                    self._timeline_tab(demo)
                with gr.Tab("Sources", id="sources"):
                    self._sources_tab(demo)
            self._api()
        return demo

    def _chat_tab(self) -> None:
        turns = gr.State([])
        selected = gr.State(None)
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    show_label=False,
                    elem_id="chatbot",
                    height=560,
                    placeholder=(
                        "**Ask about the Microsoft–OpenAI agreement.** Every answer quotes its sources; "
                        "questions the documents do not cover are declined."
                    ),
                    examples=[{"text": e} for e in EXAMPLES],
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy", "copy_all"],
                    sanitize_html=True,
                    allow_tags=False,
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask a question, or “What if …?”",
                        show_label=False,
                        scale=8,
                        elem_id="question",
                        submit_btn=False,
                    )
                    send = gr.Button("Send", variant="primary", scale=1, min_width=70, elem_id="send")
                    stop = gr.Button("Stop", variant="stop", scale=1, min_width=70, elem_id="stop")
                with gr.Row():
                    retry = gr.Button("Retry", size="sm", elem_id="retry")
                    clear = gr.Button("Clear", size="sm", elem_id="clear")
                    export = gr.Button("Export as Markdown", size="sm", elem_id="export")
                terms = gr.Dropdown(
                    self.terms_choices,
                    value=self.default_terms,
                    label="Terms",
                    info="Which version of the agreement answers and what-if verdicts use.",
                    elem_id="chat-terms",
                )
                download = gr.File(label="Conversation", visible=False, elem_id="download")
                with gr.Row():
                    comment = gr.Textbox(
                        placeholder="Optional comment on the selected answer (it helps us improve the evals)",
                        show_label=False,
                        scale=8,
                        max_length=2000,
                        elem_id="comment",
                    )
                    send_comment = gr.Button("Send comment", scale=1, min_width=70, elem_id="send-comment")
            with gr.Column(scale=2):
                heading = gr.Markdown("_Ask a question: its sources will show here._", elem_id="details-heading")
                sources = gr.Radio(
                    label="Sources — click one to read the passage in its document",
                    choices=[],
                    visible=False,
                    elem_id="answer-sources",
                    type="value",
                )
                viewer = gr.HTML(elem_id="source-viewer")
                outcomes = gr.HTML(label="Outcomes", visible=False, elem_id="outcomes")
                with gr.Accordion("Full trace", open=False, visible=False, elem_id="trace") as trace_box:
                    trace = gr.Markdown()
        details = [selected, heading, sources, viewer, outcomes, trace_box, trace]
        common = {"concurrency_id": "answer"}
        ask_inputs = [box, chatbot, turns, terms]
        ask_outputs = [chatbot, turns, box, *details]
        events = [
            box.submit(
                self.chat, ask_inputs, ask_outputs, api_name="chat", api_visibility=self.chat_visibility, **common
            ),
            send.click(self.chat, ask_inputs, ask_outputs, api_visibility="private", **common),
            chatbot.example_select(self.example, None, box, api_visibility="private").then(
                self.chat, ask_inputs, ask_outputs, api_visibility="private", **common
            ),
            retry.click(self.retry, [chatbot, turns, terms], ask_outputs, api_visibility="private", **common),
        ]
        stop.click(None, None, None, cancels=events, api_visibility="private")
        clear.click(self.clear, None, [chatbot, turns, box, *details], api_visibility="private")
        chatbot.clear(self.clear, None, [chatbot, turns, box, *details], api_visibility="private")
        chatbot.select(self.select, [turns], details, api_visibility="private")
        chatbot.like(self.like, [turns], None, api_visibility="private")
        sources.select(self.open_source, [turns, selected, sources], viewer, api_visibility="private").then(
            None, js=SCROLL_TO_PASSAGE
        )
        send_comment.click(self.comment, [turns, selected, comment], comment, api_visibility="private")
        export.click(self.export, [turns], download, api_visibility="private")

    def _scenario_tab(self, demo: gr.Blocks) -> None:
        gr.Markdown(
            "Set the facts; the verdict updates as you change them. Leave a fact on *unknown* to see what it decides."
        )
        with gr.Row():
            with gr.Column(scale=2):
                with gr.Row():
                    profit = gr.Number(label="OpenAI's profit (billions)", value=150, minimum=0, elem_id="sc-profit")
                    currency = gr.Dropdown(["USD", "AUD"], value="USD", label="Currency", elem_id="sc-currency")
                date = gr.Textbox(label="Date (YYYY-MM-DD, YYYY-MM or YYYY)", value="2027", elem_id="sc-date")
                agi = gr.Radio(["yes", "no", "unknown"], value="unknown", label="AGI declared", elem_id="sc-agi")
                verified = gr.Radio(
                    ["yes", "no", "unknown"],
                    value="unknown",
                    label="AGI verified by the expert panel",
                    info="Needed from the October 2025 terms on.",
                    elem_id="sc-verified",
                )
                request = gr.Radio(
                    ["yes", "no", "unknown"], value="unknown", label="New capacity request", elem_id="sc-request"
                )
                can_meet = gr.Radio(
                    ["yes", "no", "unknown"], value="unknown", label="Microsoft can meet it", elem_id="sc-can-meet"
                )
                workload = gr.Dropdown(["any", *WORKLOADS], value="any", label="Workload", elem_id="sc-workload")
                provider = gr.Dropdown(["any", *PROVIDERS], value="any", label="Provider", elem_id="sc-provider")
                terms = gr.Dropdown(self.terms_choices, value=self.default_terms, label="Terms", elem_id="sc-terms")
            with gr.Column(scale=3):
                verdict_text = gr.Markdown(elem_id="sc-verdict")
                table = gr.HTML(elem_id="sc-outcomes")
                with gr.Accordion("Full trace", open=False, elem_id="sc-trace"):
                    trace = gr.Markdown()
                quotes = gr.State([])
                sources = gr.Radio(
                    label="Quotes — click one to read it in its document", choices=[], elem_id="sc-sources"
                )
                viewer = gr.HTML(elem_id="sc-viewer")
        controls = [profit, currency, date, agi, verified, request, can_meet, workload, provider, terms]
        outputs = [verdict_text, table, trace, sources, quotes]
        gr.on(
            [c.change for c in controls],
            self.scenario,
            controls,
            outputs,
            api_visibility="private",
            concurrency_id="answer",
            trigger_mode="always_last",
        )
        demo.load(self.scenario, controls, outputs, api_visibility="private")
        sources.select(self.scenario_source, [quotes, sources], viewer, api_visibility="private")

    def timeline(self, provision: str | None) -> str:
        """The dated history of one provision (or of all), each change with its quote."""
        return timeline_html(provision_timeline(provision or None, locate=self.assistant.sources.cite))

    def _timeline_tab(self, demo: gr.Blocks) -> None:
        gr.Markdown(
            "How each provision changed: the article's terms of January 2025, the definitive agreement of "
            "October 2025, the February 2026 statement and the April 2026 amendment."
        )
        provision = gr.Dropdown(self.provision_choices, value="", label="Provision", elem_id="tl-provision")
        table = gr.HTML(elem_id="tl-table")
        provision.change(self.timeline, provision, table, api_visibility="private")
        demo.load(self.timeline, provision, table, api_visibility="private")

    def _sources_tab(self, demo: gr.Blocks) -> None:
        gr.Markdown("The documents the assistant answers from. Click a row to read it.")
        table = gr.Dataframe(
            headers=["Date", "Title", "Publisher", "Confidence", "File"],
            value=self.catalog_rows(),
            interactive=False,
            wrap=True,
            elem_id="catalog",
        )
        viewer = gr.HTML(elem_id="catalog-viewer")
        table.select(self.show_document, [table], viewer, api_visibility="private")
        demo.load(self.catalog_rows, None, table, api_visibility="private")

    def _api(self) -> None:
        app = self

        def ask(question: str, history: list[list[str]] | None = None, terms: str | None = None) -> dict:
            """Answer a question about the agreement, with verbatim citations.

            Args:
                question: The question, e.g. "Is the OpenAI API exclusive to Azure?".
                history: Earlier turns as [question, answer_text] pairs, oldest first.
                terms: Terms version id ("2025-01") or ISO date; empty for the article's terms.
            """
            return app.api_ask(question, history, terms)

        def evaluate_scenario(
            profit_billions: float | None = None,
            currency: str = "USD",
            date: str | None = None,
            agi_declared: str = "unknown",
            agi_verified_by_panel: str = "unknown",
            capacity_request: str = "unknown",
            microsoft_can_meet: str = "unknown",
            workload: str | None = None,
            provider: str | None = None,
            terms: str | None = None,
        ) -> dict:
            """Evaluate the agreement's clauses for a scenario and return the verdict.

            Args:
                profit_billions: OpenAI's profit in billions of `currency`.
                currency: USD or AUD.
                date: When: YYYY-MM-DD, YYYY-MM or YYYY.
                agi_declared: yes, no or unknown.
                agi_verified_by_panel: yes, no or unknown (the October 2025 terms need it).
                capacity_request: yes, no or unknown.
                microsoft_can_meet: yes, no or unknown.
                workload: api, research, training or product.
                provider: azure, oracle, aws, google, coreweave or other.
                terms: Terms version id or ISO date.
            """
            fields = dict(locals())
            fields.pop("app", None)
            return app.api_evaluate(fields)

        gr.api(ask, api_name="ask", concurrency_id="answer")
        gr.api(evaluate_scenario, api_name="evaluate_scenario", concurrency_id="answer")


def _verdict(value: Any) -> Verdict | None:
    if value is None:
        return None
    if isinstance(value, Verdict):
        return value
    try:
        return Verdict.model_validate(value)
    except ValueError:
        return None


def _rows(verdict: Verdict, citations: list[Citation]) -> list[OutcomeRow]:
    """Outcome rows whose markers match the answer's own numbering."""
    numbering = CitationList()
    numbering.items = list(citations)
    return outcome_rows(verdict, numbering)


def create_app(settings: Settings | None = None, assistant: Assistant | None = None, *, mcp: bool = False) -> gr.Blocks:
    """The Gradio app, with its queue configured; not yet launched."""
    settings = settings or get_settings()
    demo = App(settings, assistant, mcp=mcp).build()
    demo.queue(default_concurrency_limit=settings.app_concurrency, max_size=settings.app_queue_size)
    return demo


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of ``launch`` shared by ``main`` and the tests."""
    return {
        "theme": THEME,
        "css": CSS,
        "share": False,
        "max_file_size": "1mb",
        "app_kwargs": {"middleware": [Middleware(BodySizeLimit, max_bytes=settings.app_max_request_bytes)]},
    }


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, make the index ready, and serve until interrupted."""
    parser = argparse.ArgumentParser(description="The agreement assistant in the browser.")
    parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default: loopback only).")
    parser.add_argument("--port", type=int, default=7860, help="Port (default 7860).")
    parser.add_argument("--mcp", action="store_true", help="Also serve ask and evaluate_scenario as MCP tools.")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = get_settings()
    assistant = Assistant(settings)
    started = time.perf_counter()
    for notice in assistant.prepare():
        print(notice, file=sys.stderr)
    assistant.answer("What is the AGI clause?")  # load the model and warm the caches before the first user
    print(f"Index ready in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
    if args.mcp:
        try:
            import mcp  # noqa: F401
        except ImportError:
            print("MCP needs the extra: pip install '.[mcp]'", file=sys.stderr)
            return 2
    demo = create_app(settings, assistant, mcp=args.mcp)
    demo.launch(server_name=args.host, server_port=args.port, mcp_server=args.mcp, **launch_options(settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
