"""The assistant: routes a question to the clause evaluator or to grounded retrieval."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from assistant.agreement.facts import PROVIDER_WORDS
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.preferences import about_article, asks_if_accurate, asks_why
from assistant.corpus.sources import SourceTexts
from assistant.index.lexical import tokenize
from assistant.index.store import IndexReadError, IndexStore
from assistant.input_gate import Limits, check_request
from assistant.llm import load_backend
from assistant.messages import messages
from assistant.models import Answer
from assistant.offline import enforce_offline
from assistant.question.model import Question
from assistant.question.reader import QuestionReader
from assistant.retrieval.hybrid import Hit, HybridSearch, merge_hits
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from assistant.llm.backend import LLMBackend

log = logging.getLogger(__name__)

#: Earlier turns of a conversation, ``(question, answer_text)``, oldest first.
Turns = list[tuple[str, str]]
FRESHNESS_INTERVAL = 5.0


@dataclass(frozen=True)
class ArticleReference:
    """The primary article: its document, its publisher and its title."""

    source: str
    publisher: str
    title: str


class Assistant:
    """Answers questions over one corpus and index.

    Args:
        settings: Configuration; defaults to :func:`assistant.settings.get_settings`.
        store: The index; built from ``settings`` when omitted.
        llm: The language-model layer; built from ``settings.llm`` when omitted (``None`` when it
            is unset: offline).
    """

    def __init__(
        self, settings: Settings | None = None, store: IndexStore | None = None, llm: LLMBackend | None = None
    ) -> None:
        enforce_offline()
        self.settings = settings or get_settings()
        self.store = store or IndexStore(self.settings)
        self.sources = SourceTexts(self.settings.corpus_dir, self.settings.max_document_bytes)
        self.retriever = HybridSearch(self.store, k=self.settings.top_k, rrf_k=self.settings.rrf_k)
        self.answerer = ExtractiveAnswerer(
            self.store, self.sources, self.settings.abstain_threshold, self.settings.answer_max_sentences
        )
        self.llm = llm if llm is not None else load_backend(self.settings, self.sources)
        self.limits = Limits.from_settings(self.settings)
        self.reader = QuestionReader(self._is_used)
        self._article: tuple[str | None, ArticleReference | None] = (None, None)
        self._ready = False
        self._checked_at = 0.0
        self._ready_lock = threading.Lock()

    def prepare(self) -> list[str]:
        """Make sure the index exists and matches the corpus; return notices of what was done.

        The full check (every corpus file's size and time stamp) runs at most every
        ``FRESHNESS_INTERVAL`` seconds; in between only the index folders' presence is checked.
        """
        with self._ready_lock:
            now = time.monotonic()
            present = self.store.present()
            if self._ready and present and now - self._checked_at < FRESHNESS_INTERVAL:
                return []
            notices = self.store.ensure_ready()
            self._ready = True
            self._checked_at = time.monotonic()
            return notices

    def answer(self, question: object, history: Turns | None = None, *, terms: str | None = None) -> Answer:
        """Answer one question; see :func:`assistant.answer`."""
        request = check_request(question, history, terms, self.limits)
        if request.problem:
            return Answer(
                kind="abstain",
                text=request.problem,
                confidence=1.0,
                question=request.question,
                notices=request.notices,
            )
        turns, terms = request.history, request.terms
        notices = list(request.notices)
        # Read once; a timeline or a what-if needs no index, so the question is read with the index's
        # vocabulary only when one is loaded (a plain question is read again after building it, once).
        question_vocabulary = self._vocabulary()
        question = self.reader.read(request.question, turns, today=dt.date.today())
        timeline = self._timeline(question.read)
        if timeline is not None:
            timeline.notices[:0] = notices
            return timeline
        if question.kind == "whatif":
            earlier = [self.reader.in_documents_words(q)[0] for q, _ in turns]
            whatif = self._whatif(question, earlier, terms)
            if whatif is not None:
                whatif.notices[:0] = notices
                return whatif
        try:
            notices += self.prepare()
            if self._vocabulary() is not question_vocabulary:
                question = self.reader.read(request.question, turns, today=dt.date.today())
            hits, answer = self._grounded(question, terms)
        except IndexReadError as exc:  # a damaged or vanished index: check it, rebuild if need be, retry once
            notices += self._recover(exc)
            question = self.reader.read(request.question, turns, today=dt.date.today())
            hits, answer = self._grounded(question, terms)
        answer.notices[:0] = notices
        if self.llm is not None:
            answer = self.llm.write(answer, hits, turns, self.retriever.search)
        # The dated caveats come last, after whatever wrote the text (the offline answerer or the model).
        return self._with_caveats(answer, question)

    def _recover(self, exc: IndexReadError) -> list[str]:
        """After a failed read of the index: check it, rebuild it if need be; notices of what was done."""
        log.warning("reading the index failed (%s); checking it", exc)
        self._ready = False
        return [*self.store.recover(), *self.prepare()]

    def _vocabulary(self) -> Collection[str] | None:
        """The stemmed words of the index now loaded, or ``None`` when none is (nothing built or loaded yet)."""
        if not self._ready:
            return None
        try:
            return self.store.lexical().vocabulary
        except IndexReadError:
            return None

    def _is_used(self, word: str) -> bool:
        """Whether the documents use ``word`` (a name's every word); any word counts as used without an index.

        The cloud providers the clause sheet names (Google, CoreWeave…) count as used: the clauses are
        about them ("OpenAI may use another cloud") even where no document names them.
        """
        if word.lower() in PROVIDER_WORDS:
            return True
        vocabulary = self._vocabulary()
        return vocabulary is None or all(token in vocabulary for token in tokenize(word))

    def retrieve(self, question: Question) -> tuple[list[Hit], np.ndarray]:
        """The chunks for a question's query (with what a follow-up leans on), and the vector to score with.

        A question about the article itself ("who wrote this piece?") searches with the article's
        publisher too: "this piece" is that document.
        """
        query = question.query
        article = self._article_reference() if about_article(question) else None
        if article is not None:
            query = f"{query} ({article.publisher})"
        hits, vector = self.retriever.search(query)
        if article is not None:
            # Every passage of the article itself, after the hits: notes that speak of the article ("the
            # project's source article…") must not crowd out its own words on what is asked.
            hits = merge_hits(hits, self._article_hits(article))
            if asks_if_accurate(question):
                # "is the article still accurate?": the notes comparing it with the other sources say
                hits = merge_hits(hits, self._comparison_hits(article))
        if question.followup:
            # Retrieve for the follow-up on its own too, and score sentences against both.
            own_hits, own_vector = self.retriever.search(question.read)
            hits = merge_hits(hits, own_hits)
            vector = vector + own_vector
            vector = vector / float(np.linalg.norm(vector))
        return hits, vector

    def _article_reference(self) -> ArticleReference | None:
        """The primary article's source, publisher and title, as its metadata gives them (read once per generation)."""
        generation = self.store.snapshot()
        if self._article[0] != generation.name:
            reference = None
            for source in generation.manifest.documents:
                document = self.sources.get(source)
                if document is not None and document.meta.kind == "article":
                    reference = ArticleReference(source, document.meta.publisher or "", document.meta.title or "")
                    break
            self._article = (generation.name, reference)
        return self._article[1]

    def _comparison_hits(self, article: ArticleReference) -> list[Hit]:
        """The chunks of the notes comparing the article with the other sources, as hits after any retrieved one."""
        manifest = self.store.snapshot().manifest
        return self._hits_after(
            [
                chunk_id
                for source, entry in manifest.documents.items()
                if (document := self.sources.get(source)) is not None and document.meta.compares == article.source
                for chunk_id in entry.chunk_ids
            ]
        )

    def _article_hits(self, article: ArticleReference) -> list[Hit]:
        """The article's chunks as hits ranked after any retrieved one (it is short: a few chunks)."""
        entry = self.store.snapshot().manifest.documents.get(article.source)
        return self._hits_after(list(entry.chunk_ids)) if entry is not None else []

    def _hits_after(self, chunk_ids: list[str]) -> list[Hit]:
        """These chunks, in this order, as hits with no score: merged after any retrieved one."""
        records = self.store.get_chunks(chunk_ids) if chunk_ids else {}
        return [Hit(records[i], 0.0, None, None, None) for i in chunk_ids if i in records]

    def _grounded(self, question: Question, terms: str | None = None) -> tuple[list[Hit], Answer]:
        """Retrieve for the question and compose the answer (under ``terms`` when the caller pinned them)."""
        hits, vector = self.retrieve(question)
        return hits, self.answerer.compose(question, vector, hits, terms=terms)

    def _with_caveats(self, answer: Answer, question: Question) -> Answer:
        """A plain answer with the article's disagreements and the later changes to its subject.

        A claim to check ("heard the AGI clause got killed off — true?") leads with the disagreement.
        """
        from assistant.answering.caveats import add_caveats
        from assistant.answering.standing import asks_how_the_deal_stands

        return add_caveats(
            answer,
            question.read,
            self.sources.cite,
            disagreement_first=question.kind == "claim",
            lead_change=(
                question.answer_type in ("other", "definition", "names")
                # a yes/no about a provision the documents do not answer directly ("can openai declare agi
                # whenever it wants?"): how that provision stands is the closest they come
                or (question.answer_type == "yes_no" and bool(question.provisions))
            )
            and question.time.kind in ("now", "unspecified")
            # a follow-up with no subject of its own ("who decides?") asks about what its turn before named
            and (not question.followup or question.subjectless)
            and not asks_why(question)  # a reason is no account of how things stand
            and not about_article(question)  # what the article says stands as it said it
            # "what if openai walks away?": the closest the documents come is no account of today
            and not (question.facts is not None and question.facts.hypothetical),
            later_changes=not asks_how_the_deal_stands(question),
            # "is openai's board still the sole arbiter of agi?": a yes or no from terms since rewritten is a guess
            yes_no_hedge=messages().weak_evidence if question.answer_type == "yes_no" else None,
            # "who decides?" after "what is the agi clause?" asks about the AGI clause
            provisions=question.provisions if question.followup else (),
        )

    def _timeline(self, question: str) -> Answer | None:
        """A dated timeline answer for "What changed?" questions, else ``None``."""
        from assistant.answering.timeline import timeline_response

        response = timeline_response(question, self.sources, today=dt.date.today())
        if response is None:
            return None
        return Answer(
            kind="answer",
            text=response.text,
            summary=response.summary,
            citations=response.citations,
            confidence=response.confidence,
            question=question,
        )

    def _whatif(self, question: Question, earlier: list[str], terms: str | None) -> Answer | None:
        from assistant.whatif.respond import respond

        today = dt.date.today()
        text = question.read
        reader = self.llm.scenario_reader(text, earlier, terms=terms, today=today) if self.llm else None
        response = respond(
            text, earlier, locate=self.sources.cite, terms=terms, today=today, reader=reader, parsed=question.facts
        )
        if response is None:
            return None
        citations = [c for c in (self.sources.verify(c) for c in response.citations) if c is not None]
        if len(citations) != len(response.citations):
            # Clause quotes are checked by tests; a mismatch here means the corpus changed under us.
            log.error("a clause quote is no longer verbatim in the corpus")
        answer = Answer(
            kind=response.kind,
            text=response.text,
            summary=response.summary,
            citations=citations,
            confidence=response.confidence,
            verdict=response.verdict,
            notices=list(response.notices),
            question=question.text,
        )
        return reader.finish(answer) if reader is not None else answer


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant built from the settings."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default


def answer(question: str, history: Turns | None = None, *, terms: str | None = None) -> Answer:
    """Answer a question about the Microsoft–OpenAI agreement from the corpus.

    Args:
        question: The question, in plain words.
        history: Earlier turns as ``(question, answer_text)`` pairs, oldest first, so that
            follow-ups such as "And what about the API?" are understood.
        terms: Which version of the agreement what-if questions are evaluated under: a version
            id (``"2025-01"``, the article's and the default; ``"2025-10"``, ``"2026-02"``,
            ``"2026-04"``) or an ISO date (the version in force that day). A value that names
            no version is declined with a message.

    Returns:
        The :class:`~assistant.models.Answer`: ``kind``, ``text`` with ``[n]`` markers,
        ``citations`` (verbatim quotes), ``confidence``, ``verdict`` for what-if questions,
        ``llm`` and ``notices``. Answers whose subject changed after the article end with
        one "Changed on …" line per change, and "What changed?" questions get a dated timeline.
    """
    return default_assistant().answer(question, history, terms=terms)
