"""The page: the Chat, Scenario, Timeline and Sources tabs and the named API, wired to an :class:`App`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.agreement.facts import PROVIDERS, WORKLOADS
from assistant.web.app import EXPORT_MAX_AGE, NO_DETAILS, App
from assistant.web.source_view import corpus_catalog
from assistant.web.style import SHOW_LATEST_ANSWER, START_DOWNLOAD, passage_script

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
        "Answers about the Microsoft–OpenAI agreement (cloud terms, Stargate, the AGI clause), each with a quote "
        f'you can check.<span class="intro-more"> From {len(entries)} documents — the January 2025 Stargate '
        "article and dated notes. What-if questions are decided by the agreement's clauses, not guessed.</span>"
    )
    with gr.Blocks(title="Agreement assistant", delete_cache=(600, EXPORT_MAX_AGE)) as demo:
        gr.Markdown(f"## The agreement assistant\n{intro}", elem_id="intro")
        with gr.Tabs(overflow_behavior="wrap"):
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
    """The components of the conversation: the chat, the question box and the controls under them."""

    chatbot: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    stop: gr.Button
    retry: gr.Button
    clear: gr.Button
    export: gr.Button
    download: gr.File
    terms: gr.Dropdown
    comment: gr.Textbox
    send_comment: gr.Button


@dataclass
class _Details:
    """The components that show one answer's details, in the order :meth:`App._details` fills them."""

    selected: gr.State
    heading: gr.Markdown
    outcomes: gr.HTML
    trace_box: gr.Accordion
    trace: gr.Markdown
    sources_box: gr.Accordion
    sources: gr.Radio
    more: gr.Button
    viewer: gr.HTML

    def outputs(self) -> list[Any]:
        """The components as event outputs."""
        return [
            self.selected,
            self.heading,
            self.outcomes,
            self.trace_box,
            self.trace,
            self.sources_box,
            self.sources,
            self.more,
            self.viewer,
        ]


def _chat_tab(app: App) -> None:
    # A grid (style.CSS): on a wide screen the chat, question box and controls on the left, the details of
    # the selected answer on the right; on a phone the chat, the question box, the details, then the controls.
    turns = gr.State([])
    with gr.Row(elem_id="chat-layout"):
        with gr.Column(elem_id="chat-main"):
            chatbot = _chatbot()
        with gr.Column(elem_id="chat-ask"), gr.Row():
            box = gr.Textbox(
                placeholder="Ask a question, or “What if …?”",
                show_label=False,
                scale=8,
                elem_id="question",
                submit_btn=False,
            )
            send = gr.Button("Send", variant="primary", scale=1, min_width=64, elem_id="send")
            stop = gr.Button("Stop", variant="stop", scale=1, min_width=64, elem_id="stop")
        with gr.Column(elem_id="chat-details"):
            details = _details_panel()
        with gr.Column(elem_id="chat-more"):
            with gr.Row():
                retry = gr.Button("Retry", size="sm", elem_id="retry", min_width=60)
                clear = gr.Button("Clear", size="sm", elem_id="clear", min_width=60)
                export = gr.Button("Export", size="sm", elem_id="export", min_width=60)
            download = gr.File(label="Conversation", visible=False, elem_id="download")
            terms = gr.Dropdown(
                app.chat_terms_choices,
                value="",
                label="Terms",
                info="Which version of the agreement answers use; changing it answers the last question again.",
                elem_id="chat-terms",
            )
            with gr.Row():
                comment = gr.Textbox(
                    placeholder="Optional comment on the selected answer",
                    show_label=False,
                    scale=8,
                    max_length=2000,
                    elem_id="comment",
                )
                send_comment = gr.Button("Send comment", scale=1, min_width=70, elem_id="send-comment")
    controls = _ChatControls(chatbot, box, send, stop, retry, clear, export, download, terms, comment, send_comment)
    _wire_chat(app, controls, turns, details)


def _chatbot() -> gr.Chatbot:
    return gr.Chatbot(
        label="Conversation",
        show_label=False,
        elem_id="chatbot",
        height=560,
        autoscroll=False,  # SHOW_LATEST_ANSWER scrolls to the start of a new answer instead of its end
        placeholder=(
            "**Ask about the Microsoft–OpenAI agreement.** Every answer quotes its sources; "
            "questions the documents do not cover are declined. Try one:"
        ),
        examples=[{"text": e} for e in EXAMPLES],
        feedback_options=("Like", "Dislike"),
        buttons=["copy"],
        sanitize_html=True,
        allow_tags=False,
    )


def _details_panel() -> _Details:
    selected = gr.State(None)
    heading = gr.Markdown(NO_DETAILS, elem_id="details-heading")
    outcomes = gr.HTML(visible=False, elem_id="outcomes")
    with gr.Accordion("How the clauses decided it", open=False, visible=False, elem_id="trace") as trace_box:
        trace = gr.Markdown()
    with gr.Accordion("Sources", open=True, visible=False, elem_id="sources-box") as sources_box:
        sources = gr.Radio(
            label="Click one to read it in its document",
            show_label=False,
            choices=[],
            elem_id="answer-sources",
            type="value",
        )
        more = gr.Button("More sources", size="sm", visible=False, elem_id="more-sources")
        viewer = gr.HTML(elem_id="source-viewer")
    return _Details(selected, heading, outcomes, trace_box, trace, sources_box, sources, more, viewer)


def _wire_chat(app: App, c: _ChatControls, turns: gr.State, d: _Details) -> None:
    ask_inputs = [c.box, c.chatbot, turns, c.terms]
    ask_outputs = [c.chatbot, turns, c.box, *d.outputs()]
    again = [c.chatbot, turns, c.terms]
    answer: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "answer"}
    events = [
        c.box.submit(
            app.chat,
            ask_inputs,
            ask_outputs,
            api_name="chat",
            api_visibility=app.chat_visibility,
            concurrency_id="answer",
        ),
        c.send.click(app.chat, ask_inputs, ask_outputs, **answer),
        c.chatbot.example_select(app.example, None, c.box, api_visibility="private").then(
            app.chat, ask_inputs, ask_outputs, **answer
        ),
        c.chatbot.option_select(app.example, None, c.box, api_visibility="private").then(
            app.chat, ask_inputs, ask_outputs, **answer
        ),
        c.retry.click(app.retry, again, ask_outputs, **answer),
        # On a change of value (a picked option fires `input` twice); a change made while one is being
        # answered is answered after it, under the terms then selected.
        c.terms.change(app.retry, again, ask_outputs, trigger_mode="always_last", **answer),
    ]
    for event in events:
        event.then(None, js=SHOW_LATEST_ANSWER)
    c.chatbot.change(None, js=SHOW_LATEST_ANSWER)
    c.stop.click(None, None, None, cancels=events, api_visibility="private")
    # The Clear button under the chat forgets the conversation; the chat's own trash icon is left out, as it
    # sat on top of the copy icon in the chat's corner.
    c.clear.click(app.clear, None, [c.chatbot, turns, c.box, *d.outputs()], api_visibility="private")
    c.chatbot.select(app.select, [turns], d.outputs(), api_visibility="private")
    c.chatbot.like(app.like, [turns], None, api_visibility="private")
    c.send_comment.click(app.comment, [turns, d.selected, c.comment], c.comment, api_visibility="private")
    c.export.click(app.export, [turns], c.download, api_visibility="private").then(None, js=START_DOWNLOAD)
    d.more.click(app.more_sources, [turns, d.selected, d.sources], [d.sources, d.more], api_visibility="private")
    d.sources.select(app.open_source, [turns, d.selected, d.sources], d.viewer, api_visibility="private").then(
        None, js=passage_script("#source-viewer", page=True)
    )
    d.viewer.change(None, js=passage_script("#source-viewer", page=False))


def _scenario_tab(app: App, demo: gr.Blocks) -> None:
    gr.Markdown(
        "Set the facts; the verdict updates as you change them. Leave a fact on *unknown* to see what it decides."
    )
    headline = gr.HTML(elem_id="sc-headline")
    with gr.Row():
        with gr.Column(scale=2, min_width=280):
            with gr.Row():
                profit = gr.Number(label="OpenAI's profit (billions)", value=150, minimum=0, elem_id="sc-profit")
                currency = gr.Dropdown(["USD", "AUD"], value="USD", label="Currency", elem_id="sc-currency")
            profit_error = _field_error("sc-profit-error")
            date = gr.Textbox(label="Date (YYYY-MM-DD, YYYY-MM or YYYY)", value="2027", elem_id="sc-date")
            date_error = _field_error("sc-date-error")
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
            can_meet_error = _field_error("sc-can-meet-error")
            workload = gr.Dropdown(["any", *WORKLOADS], value="any", label="Workload", elem_id="sc-workload")
            provider = gr.Dropdown(["any", *PROVIDERS], value="any", label="Provider", elem_id="sc-provider")
            terms = gr.Dropdown(app.chat_terms_choices, value=app.default_terms, label="Terms", elem_id="sc-terms")
        with gr.Column(scale=3, min_width=280):
            error = _field_error("sc-error")
            note = gr.Markdown(elem_id="sc-verdict")
            table = gr.HTML(elem_id="sc-outcomes")
            with gr.Accordion("How the clauses decided it", open=False, elem_id="sc-trace") as trace_box:
                trace = gr.Markdown()
            quotes = gr.State([])
            with gr.Accordion("The quotes behind this verdict", open=False, elem_id="sc-quotes") as quotes_box:
                sources = gr.Radio(label="Click one to read it in its document", choices=[], elem_id="sc-sources")
                viewer = gr.HTML(elem_id="sc-viewer")
    controls: list[Any] = [profit, currency, date, agi, verified, request, can_meet, workload, provider, terms]
    outputs = [headline, note, table, trace_box, trace, quotes_box, sources, quotes, viewer]
    outputs += [date_error, profit_error, can_meet_error, error]
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
    sources.select(app.scenario_source, [quotes, sources], viewer, api_visibility="private").then(
        None, js=passage_script("#sc-viewer", page=True)
    )


def _field_error(elem_id: str) -> gr.Markdown:
    return gr.Markdown("", visible=False, elem_id=elem_id, elem_classes=["field-error"])


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
    gr.Markdown("The documents the assistant answers from. Click one to read it.")
    with gr.Row():
        with gr.Column(scale=2, min_width=280):
            catalog = gr.Radio(
                choices=app.catalog_choices(), value=None, show_label=False, elem_id="catalog", type="value"
            )
        with gr.Column(scale=3, min_width=280, elem_id="catalog-reader"):
            viewer = gr.HTML(elem_id="catalog-viewer")
    catalog.select(app.show_document, [catalog], viewer, api_visibility="private").then(
        None, js=_show("#catalog-viewer")
    )


def _show(selector: str) -> str:
    """A browser function bringing ``selector`` into view when its top is off screen (a phone's stacked layout)."""
    return (
        f"() => setTimeout(() => {{ const e = document.querySelector('{selector}'); if (!e) return;"
        " const top = e.getBoundingClientRect().top;"
        " if (top < 0 || top > window.innerHeight * 0.6) e.scrollIntoView({block: 'start'}); }, 100)"
    )


def _api(app: App) -> None:
    def ask(question: str, history: list[list[str]] | None = None, terms: str | None = None) -> dict:
        """Answer a question about the agreement, with verbatim citations.

        Args:
            question: The question, e.g. "Is the OpenAI API exclusive to Azure?".
            history: Earlier turns as [question, answer_text] pairs, oldest first.
            terms: Terms version id ("2025-01") or ISO date; empty for the version in force on the date asked about.
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
