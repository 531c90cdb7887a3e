"""The offline, extractive answerer: quote the best supporting sentences, or decline.

Scoring a candidate sentence (every sentence of the retrieved chunks)::

    score = cosine(question, sentence) + LEXICAL_WEIGHT * overlap

where ``overlap`` is the share of the question's content words (glossary-expanded,
stemmed) found in the sentence. *Support* is the best score. Below
``settings.abstain_threshold`` the question is declined.

Confidence is ``sigmoid((support - threshold) / CONFIDENCE_SCALE)`` for an answer and
``sigmoid((threshold - support) / CONFIDENCE_SCALE)`` for a refusal: 0.5 at the
threshold, approaching 1 as the evidence moves away from it in the direction of the
decision taken. ``evals/tune_abstention.py`` reports how well it separates right from
wrong decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.answering.unknown_names import in_vocabulary, unknown_names
from assistant.corpus.glossary import expand
from assistant.corpus.sources import SourceTexts
from assistant.index.lexical import tokenize
from assistant.index.store import IndexStore, SentenceRecord
from assistant.messages import messages
from assistant.models import Answer, Citation
from assistant.retrieval.hybrid import Hit

LEXICAL_WEIGHT = 0.25
PRIMARY_BONUS = 0.05
UNKNOWN_NAME_PENALTY = 0.12
MAX_UNKNOWN_NAME_PENALTY = 0.24
CONFIDENCE_SCALE = 0.05
SELECTION_MARGIN = 0.12
SELECTION_FLOOR = 0.5
DUPLICATE_COSINE = 0.92
FOLLOWUP_RELIEF = 0.15


@dataclass(frozen=True)
class Candidate:
    """A sentence that might go into the answer, with its evidence."""

    sentence: SentenceRecord
    cosine: float
    overlap: float
    chunk_rank: int
    primary: bool = False

    @property
    def score(self) -> float:
        """Cosine plus weighted lexical overlap, plus a small bonus for the primary document."""
        return self.cosine + LEXICAL_WEIGHT * self.overlap + (PRIMARY_BONUS if self.primary else 0.0)


def sigmoid(x: float) -> float:
    """The logistic function, safe for large magnitudes."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def lexical_overlap(question_tokens: set[str], sentence: str, sentence_tokens: frozenset[str] | None = None) -> float:
    """Share of the question's content tokens that occur in ``sentence`` (after expansion).

    Args:
        question_tokens: The question's tokens.
        sentence: The sentence text, tokenised here when ``sentence_tokens`` is not given.
        sentence_tokens: The sentence's tokens as stored at ingest (saves tokenising per question).
    """
    if not question_tokens:
        return 0.0
    tokens = sentence_tokens if sentence_tokens is not None else set(tokenize(expand(sentence)))
    return len(question_tokens & tokens) / len(question_tokens)


class ExtractiveAnswerer:
    """Builds an :class:`Answer` from retrieved chunks by quoting sentences verbatim.

    Args:
        store: The index (for sentence texts and vectors).
        sources: Reader of corpus documents, used to verify quotes.
        threshold: Support below which to decline.
        max_sentences: Most sentences quoted.
    """

    def __init__(self, store: IndexStore, sources: SourceTexts, threshold: float, max_sentences: int) -> None:
        self.store = store
        self.sources = sources
        self.threshold = threshold
        self.max_sentences = max_sentences
        self._example_vectors: np.ndarray | None = None

    def candidates(self, query: str, vector: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        """Score every sentence of the retrieved chunks, best first."""
        rank_of: dict[str, int] = {}
        for rank, hit in enumerate(hits):
            for sentence_id in hit.chunk.sentence_ids:
                rank_of.setdefault(sentence_id, rank)
        records = self.store.get_sentences(list(rank_of))
        primary = {s for hit in hits if hit.chunk.metadata.get("kind") == "article" for s in hit.chunk.sentence_ids}
        tokens = set(tokenize(expand(query)))
        found = [
            Candidate(
                record,
                float(record.vector @ vector),
                lexical_overlap(tokens, record.text, record.tokens),
                rank_of[i],
                i in primary,
            )
            for i, record in records.items()
        ]
        return sorted(found, key=lambda c: (-c.score, c.chunk_rank, c.sentence.source, c.sentence.start))

    def support(self, question: str, candidates: list[Candidate]) -> float:
        """How well the best sentence supports an answer.

        The best candidate's score, less a penalty for each capitalised name in the
        question that the corpus never mentions (see :mod:`assistant.answering.unknown_names`).
        """
        if not candidates:
            return 0.0
        unknown = unknown_names(question, in_vocabulary(self.store.lexical().vocabulary))
        penalty = min(MAX_UNKNOWN_NAME_PENALTY, UNKNOWN_NAME_PENALTY * len(unknown))
        return candidates[0].score - penalty

    def select(self, candidates: list[Candidate]) -> list[Candidate]:
        """The best sentences: near the top score and not near-duplicates of each other.

        A sentence qualifies when its score is within ``SELECTION_MARGIN`` of the best and
        at least ``SELECTION_FLOOR``. When the primary document (the article) has a
        qualifying sentence, the answer includes it even if later notes score higher.
        """
        if not candidates:
            return []
        floor = max(SELECTION_FLOOR, candidates[0].score - SELECTION_MARGIN)
        eligible: list[Candidate] = []
        for candidate in candidates:
            if candidate.score < floor:
                break
            if not any(
                float(candidate.sentence.vector @ c.sentence.vector) > DUPLICATE_COSINE
                or candidate.sentence.text == c.sentence.text
                for c in eligible
            ):
                eligible.append(candidate)
        chosen = eligible[: self.max_sentences]
        primary = next((c for c in eligible if c.primary), None)
        if primary is not None and primary not in chosen:
            chosen[-1] = primary
        return chosen

    def compose(
        self, question: str, query: str, vector: np.ndarray, hits: list[Hit], *, followup: bool = False
    ) -> Answer:
        """Answer ``question`` from ``hits``, or decline.

        Args:
            question: The user's question (cleaned).
            query: The retrieval query (differs from ``question`` for follow-ups).
            vector: The embedding sentences are scored against.
            hits: Retrieved chunks, best first.
            followup: The question continues an earlier turn. Lexical overlap is counted both
                with the question's own words (what is new) and with the whole resolved query
                (for "Who funds it?"), keeping the better; and since the conversation is already
                on the agreement, the bar for answering is ``FOLLOWUP_RELIEF`` lower.

        Returns:
            An ``answer`` with verified citations, or an ``abstain``.
        """
        candidates = self.candidates(query, vector, hits)
        support = self.support(query, candidates)
        if followup:
            own = self.candidates(question, vector, hits)
            own_support = self.support(question, own)
            if own_support >= support:
                candidates, support = own, own_support
        threshold = self.threshold - (FOLLOWUP_RELIEF if followup else 0.0)
        if support < threshold:
            return self.abstain(question, vector, support, query)
        chosen = self.select(candidates)
        verified: list[tuple[Candidate, Citation]] = []
        dropped = 0
        for candidate in chosen:
            sentence = candidate.sentence
            citation = self.sources.cite(sentence.source, sentence.text, sentence.start)
            if citation is None:
                dropped += 1
            else:
                verified.append((candidate, citation))
        notices = [messages().citation_dropped.format(count=dropped)] if dropped else []
        if not verified:
            answer = self.abstain(question, vector, support, query)
            answer.notices.extend(notices)
            return answer
        text, citations = self._render(verified)
        confidence = sigmoid((support - threshold) / CONFIDENCE_SCALE)
        return Answer(
            kind="answer",
            text=text,
            citations=citations,
            confidence=round(confidence, 4),
            notices=notices,
            question=question,
            retrieval_query=query,
        )

    @staticmethod
    def _label(citation: Citation) -> str:
        document = citation.title or citation.source
        details = ", ".join(x for x in (citation.date, citation.confidence) if x and x != "primary-document")
        return f"*{document}*" + (f" ({details})" if details else "")

    def _render(self, verified: list[tuple[Candidate, Citation]]) -> tuple[str, list[Citation]]:
        # Group by document in order of each document's best sentence; document order within.
        groups: dict[str, list[tuple[Candidate, Citation]]] = {}
        for item in verified:
            groups.setdefault(item[1].source, []).append(item)
        citations: list[Citation] = []
        lines: list[str] = []
        for items in groups.values():
            parts = []
            for _, citation in sorted(items, key=lambda item: item[1].start):
                citations.append(citation)
                parts.append(f"{citation.quote} [{len(citations)}]")
            body = " ".join(parts)
            lines.append(f"- {self._label(items[0][1])}: {body}" if len(groups) > 1 else body)
        return "\n".join(lines), citations

    def abstain(self, question: str, vector: np.ndarray | None, support: float, query: str) -> Answer:
        """Decline plainly and suggest questions the documents do cover."""
        text = f"{messages().abstain}\n\n{messages().abstain_examples_intro}\n" + "\n".join(
            f"- {example}" for example in self.examples(vector)
        )
        confidence = sigmoid((self.threshold - support) / CONFIDENCE_SCALE)
        return Answer(
            kind="abstain",
            text=text,
            confidence=round(confidence, 4),
            question=question,
            retrieval_query=query,
        )

    def examples(self, vector: np.ndarray | None, count: int = 3) -> list[str]:
        """The example questions closest to the declined one (the first ones without a vector)."""
        pool = messages().examples
        if vector is None:
            return pool[:count]
        if self._example_vectors is None:
            self._example_vectors = self.store.query_encoder().encode(pool)
        order = np.argsort(-(self._example_vectors @ vector), kind="stable")
        return [pool[int(i)] for i in order[:count]]
