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

from assistant.agreement.outcomes import OUTCOMES
from assistant.agreement.sheet import DEFAULT_TERMS
from assistant.agreement.versions import provision_timeline, provisions, short_date, terms_versions
from assistant.corpus.sources import SourceTexts
from assistant.models import Answer, Citation
from assistant.settings import Settings, get_settings
from assistant.web.answer_view import (
    SUMMARY_CLASS,
    chat_markdown,
    decline_suggestions,
    display_date,
    own_citations,
    question_markdown,
    source_choice,
)
from assistant.web.answerers import Answerer, LocalAnswerer
from assistant.web.exports import OWNER_COOKIE, PrivateExports, valid_owner
from assistant.web.feedback import FeedbackLog, FeedbackRecord, Rating
from assistant.web.scenario_form import field_problem
from assistant.web.source_view import corpus_catalog, document_html, passage_html, shared_lead
from assistant.web.timeline_view import timeline_html
from assistant.web.transcript import conversation_markdown
from assistant.web.verdict_view import (
    SHORT_TITLES,
    asked_outcomes,
    headline_html,
    verdict_rows,
    verdict_table_html,
)
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.render import trace_markdown

if TYPE_CHECKING:
    from assistant.api import Assistant

log = logging.getLogger("assistant.app")

# Exports live in Gradio's cache (so Gradio serves them without copying them to a shared hash folder), in a
# private folder per browser that only its cookie opens (assistant/exports.py); they are deleted after an hour.
EXPORTS_FOLDER = "agreement-assistant-exports"
EXPORT_MAX_AGE = 3600
STREAM_STEPS = 12
STREAM_DELAY = 0.015
#: The chat's first Terms choice: no version named, so the one in force on the date the question is about.
IN_FORCE = "In force on the date asked about"
#: What the details panel says before there is an answer.
NO_DETAILS = "_The sources of an answer show here; click an answer to see its own._"
#: How many components show the details of one answer (see :meth:`App._details`).
DETAILS = 9
#: The Scenario tab's fields that show their own problems, and ``general`` for any other.
SCENARIO_FIELDS = ("date", "profit", "can_meet", "general")


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
        self.versions = terms_versions(self.sources.cite)
        #: The terms versions, plainly named.
        self.terms_choices = [(v.label, v.id) for v in self.versions]
        #: The chat's and the Scenario tab's choices: first (the default, empty: ``terms=None``) the version in
        #: force on the date asked about (the scenario's date, in the Scenario tab), then each version.
        self.chat_terms_choices = [(IN_FORCE, ""), *self.terms_choices]
        self.default_terms = ""
        self.provision_choices = [("All provisions", "")] + [(p.title, p.id) for p in provisions()]
        self._leads: dict[str, str] = {}

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
        # The chat shows two messages per recorded turn: a message left by an answer that was stopped, or
        # by a change of terms that came while one was streaming, is dropped, not stacked up.
        chat = [*chat[: 2 * len(turns)], {"role": "user", "content": question_markdown(question)}]
        pending = {"role": "assistant", "content": "_Searching the documents…_"}
        yield [*chat, pending], turns, "", *self._no_details_change()
        result = self.answerer.answer(question, self._history(turns), terms=terms or None)
        turns = [*turns, {"question": question, "answer": result.model_dump(mode="json"), "terms": terms}]
        full = chat_markdown(result)
        # The badge and summary show at once; the rest streams in after them.
        cut = full.find("</div>") + len("</div>") if SUMMARY_CLASS in full else full.find("\n") + 1
        head, words = full[:cut], full[cut:].split(" ")
        step = max(1, len(words) // STREAM_STEPS)
        for end in range(step, len(words), step):
            partial = {"role": "assistant", "content": head + " ".join(words[:end])}
            yield [*chat, partial], turns, "", *self._no_details_change()
            time.sleep(STREAM_DELAY)
        message_out: dict[str, Any] = {"role": "assistant", "content": full}
        _text, suggestions = decline_suggestions(result)
        if suggestions:
            message_out["options"] = [{"value": q, "label": q} for q in suggestions]
        yield [*chat, message_out], turns, "", *self._details(result, len(turns) - 1)

    def retry(
        self, chat: list[dict[str, Any]], turns: list[dict[str, Any]], terms: str | None
    ) -> Iterator[tuple[Any, ...]]:
        """Ask the last question again (after a change of terms, or a stop)."""
        if not turns:
            yield gr.skip(), gr.skip(), gr.skip(), *self._no_details_change()
            return
        question = turns[-1]["question"]
        yield from self.chat(question, chat, turns[:-1], terms)

    def example(self, event: gr.SelectData) -> str:
        """The text of the example question (or a decline's suggested question) that was clicked."""
        value = event.value
        return str(value.get("text", value.get("value", ""))) if isinstance(value, dict) else str(value or "")

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

    # ----- details of one answer: outcomes, trace, sources ------------------------------------------

    def _lead(self, source: str) -> str:
        if source not in self._leads:
            document = self.sources.get(source)
            self._leads[source] = shared_lead(document.text) if document is not None else ""
        return self._leads[source]

    def source_choices(self, citations: list[Citation], indices: list[int] | None = None) -> list[tuple[str, int]]:
        """Radio choices for these citations (all, or those at ``indices``), valued by index."""
        chosen = range(len(citations)) if indices is None else indices
        return [(source_choice(i + 1, citations[i], self._lead(citations[i].source)), i) for i in chosen]

    def _details(self, result: Answer, turn: int) -> tuple[Any, ...]:
        own = own_citations(result)
        choices = self.source_choices(result.citations, own)
        more = len(result.citations) - len(own)
        viewer = passage_html(self.sources, result.citations[own[0]]) if own else ""
        table, trace = "", ""
        verdict = result.verdict
        if verdict is not None:
            table = verdict_table_html(verdict_rows(verdict, result.citations), asked_outcomes(result))
            trace = trace_markdown(verdict)
        count = len(result.citations)
        return (
            turn,
            gr.update(value=_heading(result, turn), visible=True),
            gr.update(value=table, visible=verdict is not None),
            gr.update(visible=verdict is not None, open=False),
            trace,
            gr.update(label=f"Sources ({count}): click one to read it", visible=bool(choices)),
            gr.update(choices=choices, value=own[0] if own else None),
            gr.update(value=f"Show {more} more source{'s' if more != 1 else ''}", visible=more > 0),
            viewer,
        )

    def _no_details_change(self) -> tuple[Any, ...]:
        return (gr.skip(),) * DETAILS

    def _empty_details(self) -> tuple[Any, ...]:
        return (
            None,
            gr.update(value=NO_DETAILS, visible=True),
            gr.update(value="", visible=False),
            gr.update(visible=False),
            "",
            gr.update(visible=False),
            gr.update(choices=[], value=None),
            gr.update(visible=False),
            "",
        )

    def more_sources(self, turns: list[dict[str, Any]], turn: int | None, choice: int | None) -> tuple[Any, ...]:
        """Every source of the selected answer, not only its own: the list grows, the button goes."""
        if turn is None or not 0 <= turn < len(turns):
            return gr.skip(), gr.skip()
        citations = [Citation.model_validate(c) for c in turns[turn]["answer"]["citations"]]
        return gr.update(choices=self.source_choices(citations), value=choice), gr.update(visible=False)

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
        """Evaluate the form's scenario: a headline, the table, the trace and the quotes; or what to fix, where.

        A field the evaluator cannot read gets a message in words next to it, and the previous result is
        cleared, so nothing on screen answers a scenario other than the one in the form.
        """
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
        problems = dict.fromkeys(SCENARIO_FIELDS, "")
        if result.error or result.verdict is None:
            field, message = field_problem(result.error or "The scenario could not be evaluated.", date)
            problems[field if field in problems else "general"] = message
            hidden, no_quotes = gr.update(visible=False), gr.update(choices=[], value=None)
            cleared: tuple[Any, ...] = ("", "", "", hidden, "", hidden, no_quotes, [], "")
            return *cleared, *self._problems(problems)
        verdict = result.verdict
        rows = verdict_rows(verdict, result.citations)
        count = len(result.citations)
        return (
            headline_html(rows),
            self._scenario_note(verdict),
            verdict_table_html(rows),
            gr.update(visible=True),
            result.trace,
            gr.update(label=f"The quotes behind this verdict ({count})", visible=bool(count)),
            gr.update(choices=self.source_choices(result.citations), value=None),
            [c.model_dump(mode="json") for c in result.citations],
            "",
            *self._problems(problems),
        )

    def _problems(self, problems: dict[str, str]) -> list[Any]:
        return [gr.update(value=problems[f], visible=bool(problems[f])) for f in SCENARIO_FIELDS]

    def _scenario_note(self, verdict: Verdict) -> str:
        """Which terms decided, and what was assumed: in words (the form itself shows the facts)."""
        version = next((v for v in self.versions if v.id == verdict.terms), None)
        terms = ""
        if version is not None:
            name = _lower_first(version.label) if version.label.startswith("The ") else f"the {version.label}"
            terms = f"Under {name} (in force from {short_date(version.date)})."
        parts = [terms, self._article_beside(verdict), *verdict.assumptions]
        if verdict.rate:
            parts.append(f"Exchange rate used: {verdict.rate}.")
        return " ".join(p if p.endswith((".", "!", "?")) else f"{p}." for p in (q.strip() for q in parts) if p)

    @staticmethod
    def _article_beside(verdict: Verdict) -> str:
        """What the article's terms give where they differ from the version used: never silently replaced."""
        article = verdict.compared.get(DEFAULT_TERMS)
        if not article:
            return ""
        words = {True: "yes", False: "no", None: "undetermined"}
        differing = [
            f"{_in_sentence(SHORT_TITLES[o])} {words[article[o]]}"
            for o in OUTCOMES
            if o in article and article[o] != verdict.outcomes[o]
        ]
        if not differing:
            return "The article's terms (January 2025) give the same."
        return f"Under the article's terms (January 2025): {'; '.join(differing)}."

    def scenario_source(self, citations: list[dict[str, Any]], choice: int | None) -> str:
        """The chosen quote of the scenario's verdict, highlighted in its document."""
        if choice is None or not 0 <= choice < len(citations or []):
            return ""
        return passage_html(self.sources, Citation.model_validate(citations[choice]))

    def catalog_rows(self) -> list[list[str]]:
        """The corpus documents: date, title, publisher, confidence and file, oldest first."""
        entries, _problems = corpus_catalog(self.settings.corpus_dir, self.settings.max_document_bytes)
        return [[e.date, e.title, e.publisher, e.confidence, e.source] for e in entries]

    def catalog_choices(self) -> list[tuple[str, str]]:
        """The Sources tab's cards: the title, then date, publisher and confidence; valued by file."""
        choices = []
        for date, title, publisher, confidence, source in self.catalog_rows():
            mark = "primary" if confidence.startswith("primary") else confidence
            details = " · ".join(x for x in (display_date(date), publisher, mark) if x)
            choices.append((f"{title}\n{details}", source))
        return choices

    def show_document(self, source: str | None) -> str:
        """The whole document chosen in the Sources tab."""
        return document_html(self.sources, source) if source else ""

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


def _heading(result: Answer, turn: int) -> str:
    """What the details panel shows, e.g. ``**Answer 2**: the verdict and its sources``."""
    if result.verdict is not None:
        what = "the verdict and its sources"
    elif result.citations:
        what = "its sources"
    else:
        what = "no sources"
    return f"**Answer {turn + 1}**: {what}"


def _in_sentence(title: str) -> str:
    """``Revenue sharing`` → ``revenue sharing`` inside a sentence; names (Microsoft's, AGI, API) keep their capital."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() or first.startswith("Microsoft") else title[:1].lower() + title[1:]


def _lower_first(text: str) -> str:
    """``The article's terms`` → ``the article's terms`` (a label inside a sentence)."""
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
