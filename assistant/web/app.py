"""The browser app's handlers: what each event of the page does with what a person typed or clicked.

:class:`App` only parses input and renders what :mod:`assistant` returns. Served by
:func:`assistant.web.server.serve` (``assistant serve``, ``python app.py``), every answer and scenario is
computed in a worker process under a deadline (:class:`assistant.web.answer_pool.AnswerPool`), so no
question can freeze the server; :class:`App` also answers in-process with one
:class:`~assistant.api.Assistant`, as the handler tests use it. The page itself is laid out in
:mod:`assistant.web.page`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
from gradio.utils import get_upload_folder

from assistant.agreement.versions import provision_timeline, provisions, short_date, terms_versions
from assistant.corpus.sources import SourceTexts
from assistant.models import Answer, Citation
from assistant.settings import Settings, get_settings
from assistant.web.answer_view import answer_markdown, badge, question_markdown, source_choice
from assistant.web.answerers import Answerer, LocalAnswerer
from assistant.web.exports import OWNER_COOKIE, PrivateExports, valid_owner
from assistant.web.feedback import FeedbackLog, FeedbackRecord, Rating
from assistant.web.source_view import corpus_catalog, document_html, passage_html
from assistant.web.timeline_view import timeline_html
from assistant.web.transcript import conversation_markdown
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.render import CitationList, OutcomeRow, outcome_rows, outcome_table_html, trace_markdown

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger("assistant.app")

# Exports live in Gradio's cache (so Gradio serves them without copying them to a shared hash folder), in a
# private folder per browser that only its cookie opens (assistant/exports.py); they are deleted after an hour.
EXPORTS_FOLDER = "agreement-assistant-exports"
EXPORT_MAX_AGE = 3600
STREAM_STEPS = 12
STREAM_DELAY = 0.015


class App:
    """The Gradio interface over an answerer: worker processes when served, or one assistant in this process.

    Args:
        settings: Configuration; defaults to the environment's.
        assistant: The assistant to answer with in this process, when no ``answerer`` is given; built from
            ``settings`` when both are omitted.
        mcp: Whether the app is also served as MCP tools.
        exports: Where exported conversations are written; a private folder in Gradio's cache by default.
        answerer: What answers questions and evaluates scenarios, e.g. a started
            :class:`~assistant.web.answer_pool.AnswerPool` (as :func:`main` serves the app).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        assistant: Assistant | None = None,
        *,
        mcp: bool = False,
        exports: PrivateExports | None = None,
        answerer: Answerer | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        # MCP clients get exactly ask and evaluate_scenario: the chat (with its session state) stays callable
        # by gradio_client but is left out of the documented API, which is what MCP exposes.
        self.chat_visibility = "undocumented" if mcp else "public"
        if answerer is None:
            if assistant is None:
                from assistant.api import Assistant

                assistant = Assistant(self.settings)
            answerer = LocalAnswerer(assistant)
        self.answerer = answerer
        # Documents for the source viewer are read here; answers come from the answerer.
        self.sources = (
            assistant.sources
            if assistant is not None
            else SourceTexts(self.settings.corpus_dir, self.settings.max_document_bytes)
        )
        self.feedback = FeedbackLog(self.settings.data_dir / "feedback.jsonl")
        self.exports = exports or default_exports()
        versions = terms_versions(self.sources.cite)
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
        result = self.answerer.answer(question, self._history(turns), terms=terms or None)
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
        viewer = passage_html(self.sources, result.citations[0]) if result.citations else ""
        rows, trace = "", ""
        verdict = result.verdict
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
        return passage_html(self.sources, Citation.model_validate(citations[choice]))

    # ----- feedback and export ------------------------------------------------------------------

    def like(self, turns: list[dict[str, Any]], event: gr.LikeData) -> None:
        """Record a thumbs up or down on an answer."""
        index = event.index if isinstance(event.index, int) else event.index[0]
        turn = index // 2
        if not 0 <= turn < len(turns):
            return
        rating: Rating = "up" if event.liked is True or event.liked == "Like" else "down"
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

    def _record(self, turns: list[dict[str, Any]], turn: int, rating: Rating | None, comment: str) -> None:
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

    def export(self, turns: list[dict[str, Any]], request: gr.Request | None = None) -> Any:
        """Write the conversation, with its citations, to a Markdown file only this browser can download."""
        if not turns:
            gr.Warning("Nothing to export yet.")
            return gr.update(value=None, visible=False)
        owner = _owner(request)
        if owner is None:
            gr.Warning("Exporting needs cookies: allow them for this page, reload it, and try again.")
            return gr.update(value=None, visible=False)
        text = conversation_markdown([(t["question"], Answer.model_validate(t["answer"])) for t in turns])
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S-%f")
        try:
            path = self.exports.write(owner, f"conversation-{stamp}.md", text)
        except OSError as exc:
            raise gr.Error(f"Could not write the export: {exc}") from exc
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
        result = self.answerer.evaluate(
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
            }
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
        return passage_html(self.sources, Citation.model_validate(citations[choice]))

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
        return document_html(self.sources, str(values[row][4]))

    def api_ask(self, question: str, history: list[list[str]] | None = None, terms: str | None = None) -> dict:
        """Answer a question; ``history`` is a list of ``[question, answer_text]`` pairs, oldest first."""
        return self.answerer.answer(question, history or [], terms=terms or None).model_dump(mode="json")

    def api_evaluate(self, fields: dict[str, Any]) -> dict:
        """Evaluate a scenario given as fields; see :class:`assistant.web.scenario_form.ScenarioFields`."""
        result = self.answerer.evaluate(fields)
        return result.model_dump(mode="json", exclude={"trace"})

    def timeline(self, provision: str | None) -> str:
        """The dated history of one provision (or of all), each change with its quote."""
        return timeline_html(provision_timeline(provision or None, locate=self.sources.cite))


def default_exports() -> PrivateExports:
    """Private export folders inside Gradio's cache folder (``GRADIO_TEMP_DIR``)."""
    return PrivateExports(Path(get_upload_folder()) / EXPORTS_FOLDER, max_age=EXPORT_MAX_AGE)


def _owner(request: gr.Request | None) -> str | None:
    """The owner token in the request's cookie (set by :class:`ExportAccess`), if any."""
    cookies = getattr(request, "cookies", None) if request is not None else None
    value = cookies.get(OWNER_COOKIE) if cookies is not None else None
    return value if valid_owner(value) else None


def _rows(verdict: Verdict, citations: list[Citation]) -> list[OutcomeRow]:
    """Outcome rows whose markers match the answer's own numbering."""
    numbering = CitationList()
    numbering.items = list(citations)
    return outcome_rows(verdict, numbering)
