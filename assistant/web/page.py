"""The page: the Chat, Scenario, Timeline and Sources tabs and the named API, wired to an :class:`App`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.agreement.facts import PROVIDERS, WORKLOADS
from assistant.web.app import EXPORT_MAX_AGE, App
from assistant.web.source_view import corpus_catalog
from assistant.web.style import SCROLL_TO_PASSAGE

EXAMPLES = [
    "Who has the right of first refusal on OpenAI's new cloud capacity?",
    "Is the OpenAI API exclusive to Azure?",
    "What is the AGI clause?",
    "What if OpenAI makes US$150 billion in profit in 2027: does Microsoft keep access to its technology?",
    "What if Microsoft cannot meet a capacity request for training in 2026: may OpenAI use Oracle?",
]


def build_page(app: App) -> gr.Blocks:
    """Lay out the page and wire its events."""
    entries, _ = corpus_catalog(app.settings.corpus_dir, app.settings.max_document_bytes)
    intro = (
        f"Answers about the Microsoft–OpenAI agreement (cloud terms, Stargate, the AGI clause) from "
        f"{len(entries)} documents — the January 2025 Stargate article and dated notes — each with a quote "
        f"you can check. What-if questions are decided by the agreement's clauses, not guessed."
    )
    with gr.Blocks(title="Agreement assistant", delete_cache=(600, EXPORT_MAX_AGE)) as demo:
        gr.Markdown(f"## The agreement assistant\n{intro}", elem_id="intro")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                _chat_tab(app)
            with gr.Tab("Scenario", id="scenario"):
                _scenario_tab(app, demo)
            with gr.Tab("Timeline", id="timeline"):
                _timeline_tab(app, demo)
            with gr.Tab("Sources", id="sources"):
                _sources_tab(app, demo)
        _api(app)
    return demo


@dataclass
class _ChatControls:
    """The components of the conversation column."""

    chatbot: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    stop: gr.Button
    retry: gr.Button
    clear: gr.Button
    export: gr.Button
    terms: gr.Dropdown
    download: gr.File
    comment: gr.Textbox
    send_comment: gr.Button


def _chat_tab(app: App) -> None:
    turns = gr.State([])
    selected = gr.State(None)
    with gr.Row():
        with gr.Column(scale=3):
            controls = _conversation_column(app)
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
    _wire_chat(app, controls, turns, details)
    sources.select(app.open_source, [turns, selected, sources], viewer, api_visibility="private").then(
        None, js=SCROLL_TO_PASSAGE
    )


def _conversation_column(app: App) -> _ChatControls:
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
        app.terms_choices,
        value=app.default_terms,
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
    return _ChatControls(chatbot, box, send, stop, retry, clear, export, terms, download, comment, send_comment)


def _wire_chat(app: App, c: _ChatControls, turns: gr.State, details: list[Any]) -> None:
    selected = details[0]
    ask_inputs = [c.box, c.chatbot, turns, c.terms]
    ask_outputs = [c.chatbot, turns, c.box, *details]
    events = [
        c.box.submit(
            app.chat,
            ask_inputs,
            ask_outputs,
            api_name="chat",
            api_visibility=app.chat_visibility,
            concurrency_id="answer",
        ),
        c.send.click(app.chat, ask_inputs, ask_outputs, api_visibility="private", concurrency_id="answer"),
        c.chatbot.example_select(app.example, None, c.box, api_visibility="private").then(
            app.chat, ask_inputs, ask_outputs, api_visibility="private", concurrency_id="answer"
        ),
        c.retry.click(
            app.retry, [c.chatbot, turns, c.terms], ask_outputs, api_visibility="private", concurrency_id="answer"
        ),
    ]
    c.stop.click(None, None, None, cancels=events, api_visibility="private")
    c.clear.click(app.clear, None, [c.chatbot, turns, c.box, *details], api_visibility="private")
    c.chatbot.clear(app.clear, None, [c.chatbot, turns, c.box, *details], api_visibility="private")
    c.chatbot.select(app.select, [turns], details, api_visibility="private")
    c.chatbot.like(app.like, [turns], None, api_visibility="private")
    c.send_comment.click(app.comment, [turns, selected, c.comment], c.comment, api_visibility="private")
    c.export.click(app.export, [turns], c.download, api_visibility="private")


def _scenario_tab(app: App, demo: gr.Blocks) -> None:
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
            terms = gr.Dropdown(app.terms_choices, value=app.default_terms, label="Terms", elem_id="sc-terms")
        with gr.Column(scale=3):
            verdict_text = gr.Markdown(elem_id="sc-verdict")
            table = gr.HTML(elem_id="sc-outcomes")
            with gr.Accordion("Full trace", open=False, elem_id="sc-trace"):
                trace = gr.Markdown()
            quotes = gr.State([])
            sources = gr.Radio(label="Quotes — click one to read it in its document", choices=[], elem_id="sc-sources")
            viewer = gr.HTML(elem_id="sc-viewer")
    controls: list[Any] = [profit, currency, date, agi, verified, request, can_meet, workload, provider, terms]
    outputs = [verdict_text, table, trace, sources, quotes]
    gr.on(
        [c.change for c in controls],
        app.scenario,
        controls,
        outputs,
        api_visibility="private",
        concurrency_id="answer",
        trigger_mode="always_last",
    )
    demo.load(app.scenario, controls, outputs, api_visibility="private")
    sources.select(app.scenario_source, [quotes, sources], viewer, api_visibility="private")


def _timeline_tab(app: App, demo: gr.Blocks) -> None:
    gr.Markdown(
        "How each provision changed: the article's terms of January 2025, the definitive agreement of "
        "October 2025, the February 2026 statement and the April 2026 amendment."
    )
    provision = gr.Dropdown(app.provision_choices, value="", label="Provision", elem_id="tl-provision")
    table = gr.HTML(elem_id="tl-table")
    provision.change(app.timeline, provision, table, api_visibility="private")
    demo.load(app.timeline, provision, table, api_visibility="private")


def _sources_tab(app: App, demo: gr.Blocks) -> None:
    gr.Markdown("The documents the assistant answers from. Click a row to read it.")
    table = gr.Dataframe(
        headers=["Date", "Title", "Publisher", "Confidence", "File"],
        value=app.catalog_rows(),
        interactive=False,
        wrap=True,
        elem_id="catalog",
    )
    viewer = gr.HTML(elem_id="catalog-viewer")
    table.select(app.show_document, [table], viewer, api_visibility="private")
    demo.load(app.catalog_rows, None, table, api_visibility="private")


def _api(app: App) -> None:
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
