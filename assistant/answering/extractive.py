"""The offline, extractive answerer: quote the best supporting sentences, or decline.

Scoring a candidate sentence (every sentence of the retrieved chunks)::

    score = cosine(question, sentence) + LEXICAL_WEIGHT * overlap

where ``overlap`` is the share of the question's content words (glossary-expanded,
stemmed) found in the sentence. *Support* is the best score.

Whether to answer at all is the scope decision (:mod:`assistant.answering.scope`); support only
says how directly the documents answer. Below ``settings.abstain_threshold`` an in-scope question
is still answered, with a first sentence that says the evidence is indirect. Confidence is the
calibrated probability that the decision is right (see ``docs/answering.md``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from assistant.agreement.dates import period_end, short_date
from assistant.agreement.disagreements import named_disagreements, overlaps
from assistant.agreement.provisions import without_keywords
from assistant.agreement.versions import provision_timeline, terms_versions
from assistant.answering.claim import asks_overview, claim_words, only_announces, says_most_of, shares_word
from assistant.answering.leaning import leans_back, start_with_sentence_before
from assistant.answering.preferences import (
    DATED_BONUS,
    DIRECT_BONUS,
    asks_about_an_event,
    asks_why,
    bonus,
    gives_a_reason,
    names_period,
    period_key,
    question_values,
    states_value,
)
from assistant.answering.provision_state import ProvisionState, provision_ended, provision_state
from assistant.answering.scope import ScopeDecision, decide, scope_model, signals
from assistant.answering.spans import spans
from assistant.answering.standing import Standing, asks_how_the_deal_stands, standing_entries, standing_summary
from assistant.answering.summary import asked_terms, defines, holds, summarise
from assistant.citation import renumber_markers
from assistant.corpus.documents import confidence_words
from assistant.corpus.glossary import expand
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import SourceTexts
from assistant.index.lexical import tokenize
from assistant.index.store import IndexStore, SentenceRecord
from assistant.messages import messages
from assistant.models import Answer, Citation
from assistant.question.model import Question
from assistant.question.names import NameFinder
from assistant.retrieval.hybrid import Hit
from assistant.whatif.reading.asked_outcomes import names_a_clause

LEXICAL_WEIGHT = 0.25
PRIMARY_BONUS = 0.05
CONFIDENCE_SCALE = 0.05
SELECTION_MARGIN = 0.12
SELECTION_FLOOR = 0.5
DUPLICATE_COSINE = 0.92
TYPED_MARGIN = 0.1
QUOTES_AFTER_SUMMARY = 3
STATE_EVIDENCE = 0.95
PREFERRED_EVIDENCE = 0.8
#: How likely a question the clauses answer yes or no to is about the agreement, at the least.
CLAUSE_SCOPE = 0.9
#: "are we allowed…", "our models": a party asking about itself.
_FIRST_PERSON = re.compile(r"\b(?:we|us|our|ours)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A sentence that might go into the answer, with its evidence."""

    sentence: SentenceRecord
    cosine: float
    overlap: float
    chunk_rank: int
    primary: bool = False
    preferred: float = 0.0

    @property
    def score(self) -> float:
        """Cosine plus weighted lexical overlap, plus a small bonus for the primary document."""
        return self.cosine + LEXICAL_WEIGHT * self.overlap + (PRIMARY_BONUS if self.primary else 0.0)

    @property
    def rank(self) -> float:
        """The score plus what the question prefers (:mod:`assistant.answering.preferences`)."""
        return self.score + self.preferred


#: The provision "how long the terms last", which "how long…" and "…end" name beside the one they ask about.
GENERAL_TERM = "term"


def _asked_provision(question: Question) -> str | None:
    """The one provision a plain date, amount or yes/no question about today (or no moment) asks about.

    "how long does microsoft keep the ip?" names the IP and, by "how long", how long the terms last: the
    IP is what it asks about.
    """
    allowed_times = ("now", "unspecified", *(("date",) if question.answer_type == "yes_no" else ()))
    provisions = [p for p in question.provisions if p != GENERAL_TERM] or list(question.provisions)
    if (
        question.answer_type not in ("date", "amount", "yes_no")
        or len(provisions) != 1
        or question.time.kind not in allowed_times
    ):
        return None
    return provisions[0]


#: "when was that?", "when did it happen?": when the thing the answer before told of happened.
_WHEN_WAS_THAT = re.compile(
    r"^\W*(?:(?:and|so|ok|okay|but)\W+)?when\s+(?:was|did|is|were)\s+(?:that|this|it)\b", re.IGNORECASE
)


def _asks_when_it_was(question: Question) -> bool:
    """Whether a follow-up asks when what the answer before it told of happened, and that answer gave a date.

    "when was that?" after "On 27 February 2026, Microsoft and OpenAI issued a joint statement alongside
    OpenAI's deal with Amazon" asks for that day, not for the changes to the provision it leans on.
    """
    return (
        question.followup
        and question.answer_type == "date"
        and _WHEN_WAS_THAT.search(question.read) is not None
        and bool(spans(question.earlier_answer, "date", lambda text: []))
    )


def _plain_date(value: str | None) -> str:
    """A document's date as people write it: "28 Oct 2025", "Jan 2025", "2025"."""
    if not value:
        return ""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        parts = value.split("-")
        if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            return f"{calendar.month_abbr[int(parts[1])]} {parts[0]}"
        return value
    return short_date(day)


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


#: The frame of a yes/no question about what a party may do ("can openai use…", "does msft get…"): what
#: the clauses decide, not a subject of its own.
_FRAME = frozenset(
    tokenize(
        "use uses using used get gets got see sees allowed allow allows able let lets keep keeps"
        " can could have has had only do does did will would still"
    )
)
#: How many of its own words a question must share with the best sentence, beyond what the clauses quote,
#: to be answered from the documents instead: one shared word is too often chance ("models", "runs").
PAST_THE_CLAUSE_WORDS = 2
#: How far down the scored sentences one that says it may be ("license" brings the licence clause's own
#: sentence to the top of "does ms's ip license cover openai consumer hardware?").
PAST_THE_CLAUSE_RANKS = 3


#: A sentence that takes something out of a provision ("consumer hardware is outside Microsoft's IP rights").
_CARVES_OUT = re.compile(
    r"\b(?:outside|excluded|excludes|excluding|except|carved\s+out|carve-out|not\s+covered)\b", re.IGNORECASE
)


def _asks_past_the_clause(question: Question, state: ProvisionState, best: str, *, top: bool = True) -> bool:
    """Whether a question the clauses answer asks about more than their quotes say, and the documents say it.

    "is consumer hardware excluded from msft ip rights?": the licence clause says nothing of hardware,
    the best retrieved sentence does. Words naming a provision and the frame of a yes/no ("can openai
    use…") do not count.
    """
    # the words the person typed, each once: a term's other forms ("compute": "cloud capacity") are no more words
    claim = claim_words(replace(question, read=without_keywords(question.read)), expanded=False) - _FRAME
    quoted = " ".join(c.quote for c in state.citations)
    extra = {word for word in claim if not shares_word({word}, quoted)}
    shared = [word for word in extra if shares_word({word}, best)]
    # "does microsoft get openai's hardware ip?": one word past the clause, in a sentence that carves it out;
    # "are the research ip rights time limited?": one that names a kind of what the clause covers, as the
    # sentence does ("research IP"), which the clause's quote does not
    return (
        # shared words alone count only in the best sentence: a lower one sharing two ("stateless apis still
        # azure-only after the april amendment?") is older news the clause has since overtaken
        (top and len(shared) >= PAST_THE_CLAUSE_WORDS)
        or (bool(shared) and _CARVES_OUT.search(best) is not None)
        or any(_qualifies(word, question.read) and _qualifies(word, best) for word in shared)
    )


#: What a question can ask a kind of: "research IP", "hardware licence", "model rights".
_QUALIFIED = r"\s+(?:ip|intellectual\s+property|licen[cs]es?|rights?)\b"


def _qualifies(stem: str, text: str) -> bool:
    """Whether ``text`` puts the word (a stem) right before what a clause covers: "research IP", "research rights"."""
    return re.search(rf"\b{re.escape(stem)}\w*{_QUALIFIED}", text, re.IGNORECASE) is not None


def _before_the_period(question: Question, citation: Citation) -> bool:
    """Whether a question about the time since a date ("and after the April 2026 amendment?") cites an older document.

    What a document of before then says was so before then: it supports no answer about the time after,
    unless it names the time asked about (a note on what the article missed names the later amendments).
    """
    words, day = question.time.words, question.time.date
    if question.time.kind != "date" or not words or day is None or not citation.date:
        return False
    if not re.search(rf"\b(?:after|since|from|post)\b[^?]{{0,30}}?{re.escape(words)}", question.read, re.IGNORECASE):
        return False
    asked = period_key(day, question.time.precision)
    return citation.date[: len(asked)] < asked and not names_period(citation.quote, day, question.time.precision)


def _same_passage(one: Citation, other: Citation) -> bool:
    """Whether two citations quote the same words, or overlapping stretches of one document."""
    return one.quote == other.quote or overlaps(one, other.source, other.start, other.end)


def _unique(citations: list[Citation]) -> list[Citation]:
    """The citations without repeats of the same quote, in order."""
    seen: set[tuple[str, int]] = set()
    kept = []
    for citation in citations:
        if (citation.source, citation.start) not in seen:
            seen.add((citation.source, citation.start))
            kept.append(citation)
    return kept


#: How far down the scored sentences one naming the term a "what is X?" question asks about may be.
NAMING_RANKS = 5
#: Terms that name a clause or a thing in general: every sentence on the subject names them.
_GENERIC_TERM = re.compile(r"\b(?:clause|trigger|provision|deal|agreement|contract|thing|stuff)\b", re.IGNORECASE)


def _names_term(question: Question, text: str) -> bool:
    """Whether ``text`` holds every word of the term a "what is X?" question asks about (two words or more).

    One word ("agi", "stargate") is named by every sentence on the subject, and a term naming a clause or a
    thing in general ("the agi clause", "the ip access thing") by any sentence about it: neither counts.
    """
    terms = [t for t in asked_terms(question)[:1] if len(t) > 3 and not _GENERIC_TERM.search(t)]
    words = set(tokenize(terms[0])) if terms else set()
    return len(words) >= 2 and words <= set(tokenize(expand(text)))


def _naming(question: Question, candidates: list[Candidate]) -> Candidate | None:
    """The first sentence that names the term a "what is X?" question asks about ("sufficient AGI")."""
    return next((c for c in candidates if _names_term(question, c.sentence.text)), None)


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
        self.names = NameFinder(lambda name: True)  # for the spans of "who" answers; known-ness is not needed
        self.today = dt.date.today
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

    def select(self, candidates: list[Candidate], question: Question | None = None) -> list[Candidate]:
        """The best sentences: near the top score and not near-duplicates of each other.

        ``candidates`` come best first by :attr:`Candidate.rank`. A sentence qualifies when its rank
        is within ``SELECTION_MARGIN`` of the best and at least ``SELECTION_FLOOR``. When the primary
        document (the article) has a qualifying sentence, the answer includes it even if later
        notes score higher. When the question wants a date, an amount, names or a place and no
        chosen sentence has one, the best sentence that has one takes the last place.
        """
        if not candidates:
            return []
        best = candidates[0].rank
        # "What happened in Oct 2025?" asks for an overview: what else the documents of then say counts too.
        overview = question is not None and asks_overview(question)
        margin = SELECTION_MARGIN * 2 if overview else SELECTION_MARGIN
        # A month alone ("june 2025?") shares little meaning with any sentence: what says a sentence is from
        # then is its date bonus, so the floor counts from below it.
        floor = min(best, max(SELECTION_FLOOR - DATED_BONUS if overview else SELECTION_FLOOR, best - margin))
        eligible: list[Candidate] = []
        for candidate in candidates:
            if candidate.rank < floor:
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
        if question is not None and question.answer_type in ("date", "amount", "names", "place", "definition"):

            def answers(c: Candidate) -> bool:
                if question.answer_type == "definition":
                    return defines(question, c.sentence.text)
                return bool(
                    spans(
                        c.sentence.text,
                        question.answer_type,
                        self.names.where,
                        ending=question.ending,
                        counting=question.counting,
                    )
                )

            if not any(answers(c) for c in chosen):
                # The best sentence that has one, a little further down if need be ("How long does the
                # deal last?" is answered by the sentence with "until 2030", not by one sharing its words).
                self._take_last(chosen, candidates, answers)
        if question is not None and asks_why(question) and not any(gives_a_reason(c.sentence.text) for c in chosen):
            # "why did microsoft give up exclusive cloud?": the sentence giving a reason, a little further down
            self._take_last(chosen, candidates, lambda c: gives_a_reason(c.sentence.text))
        return chosen

    def _take_last(
        self, chosen: list[Candidate], candidates: list[Candidate], answers: Callable[[Candidate], bool]
    ) -> None:
        """Put the best candidate that ``answers``, within :data:`TYPED_MARGIN` below the floor, last in ``chosen``."""
        bar = min(candidates[0].rank, SELECTION_FLOOR) - TYPED_MARGIN
        typed = next((c for c in candidates if c.rank >= bar and answers(c) and c not in chosen), None)
        if typed is not None:
            chosen[-1 if len(chosen) == self.max_sentences else len(chosen) : len(chosen)] = [typed]

    def compose(self, question: Question, vector: np.ndarray, hits: list[Hit], *, terms: str | None = None) -> Answer:
        """Answer ``question`` from ``hits``, or decline it as out of scope.

        Two decisions, made apart: whether the question is about the agreement at all
        (:mod:`assistant.answering.scope`), and how well the documents answer it. An in-scope question
        gets the best evidence there is; when that is weak (support under ``threshold``), the answer
        says so in its first sentence rather than declining.

        Args:
            question: The question, read (a follow-up's ``query`` includes what it leans on).
            vector: The embedding sentences are scored against.
            hits: Retrieved chunks, best first.
            terms: Terms pinned by the caller, for yes/no questions the clauses decide.

        Returns:
            An ``answer`` whose first sentence is its :attr:`~assistant.models.Answer.summary`, with
            verified citations, or an ``abstain``.
        """
        candidates, decision = self.weigh(question, vector, hits)
        # A yes or no the clauses decide is about the agreement however few of the documents' words it uses
        # ("are we allowed to ship stuff on google cloud?"), when it is about a party ("we", "openai") and
        # names nothing the documents never do ("can google use aws?" is about Google). The clauses are
        # only consulted for a question in scope or one a party asks about itself.
        party_asks = not question.unknown_names and (
            question.names_a_party or question.implied_subject or _FIRST_PERSON.search(question.text) is not None
        )
        state = self._clause_state(question, terms) if decision.in_scope or party_asks else None
        past: Candidate | None = None
        if state is not None:
            past = next(
                (
                    c
                    for rank, c in enumerate(candidates[:PAST_THE_CLAUSE_RANKS])
                    if _asks_past_the_clause(question, state, c.sentence.text, top=rank == 0)
                ),
                None,
            )
        if past is not None:
            state = None  # "is consumer hardware excluded from msft ip rights?": the documents say it in words
        decided = state is not None and party_asks
        scope_probability = max(decision.probability, CLAUSE_SCOPE) if decided else decision.probability
        if not decision.in_scope and not decided:
            return self.abstain(question, vector, scope_model().calibration.decline(decision.confidence))
        support = candidates[0].score if candidates else 0.0
        candidates = self._preferred(question, candidates)
        if past is not None:
            said = past.sentence
            candidates.sort(key=lambda c: c.sentence is not said)  # the sentence that says it answers first
        # A sentence that states the value the question names, or comes from the month it names, is
        # direct evidence however few words it shares with the question; so are the dated changes of
        # the provision a date or amount question is about, and the clauses deciding a yes or no.
        # "tl;dr the partnership": the deal as it stands, clause by clause, before what shares its few words
        standing = standing_entries(self.today(), self.sources.cite) if asks_how_the_deal_stands(question) else []
        changes = [] if standing else self._provision_changes(question)
        chosen = self.select(candidates, question)
        defined = question.answer_type == "definition" and any(defines(question, c.sentence.text) for c in chosen)
        if question.answer_type == "definition" and not defined and not changes:
            # "what is the agi clause?": no sentence says what it is in so many words; the clause as the
            # version that brought the term states it does, first (later changes follow as change lines) ...
            changes = self._provision_basis(question)
            naming = _naming(question, candidates[:NAMING_RANKS])
            if naming is not None and not any(_names_term(question, c.quote) for c in changes):
                # ... unless it does not name the term and a sentence does: "whats sufficient agi?"
                changes = []
                candidates = [naming, *(c for c in candidates if c.sentence is not naming.sentence)]
                chosen = self.select(candidates, question)
            defined = bool(changes) or naming is not None
        direct = bool(candidates) and candidates[0].preferred > DIRECT_BONUS
        preferred = bool(changes or standing) or defined or direct
        weak = support < self.threshold and not preferred
        verified, dropped = self._verified(chosen)
        notices = [messages().citation_dropped.format(count=dropped)] if dropped else []
        if not verified:
            answer = self.abstain(question, vector, decision.confidence)
            answer.notices.extend(notices)
            return answer
        summary, text, citations = self._render(question, verified, weak, state, changes, standing)
        if state is not None or standing:
            evidence = STATE_EVIDENCE
        elif support < self.threshold and preferred:
            evidence = PREFERRED_EVIDENCE
        else:
            evidence = sigmoid((support - self.threshold) / CONFIDENCE_SCALE)
        return Answer(
            kind="answer",
            text=text,
            summary=summary,
            citations=citations,
            confidence=round(scope_model().calibration.answer(scope_probability * evidence), 4),
            notices=notices,
            question=question.text,
            retrieval_query=question.query,
        )

    def _clause_state(self, question: Question, terms: str | None) -> ProvisionState | None:
        """The clauses' yes or no for a plain yes/no question, or their "it already ended" for a date one."""
        if question.facts is None or question.kind == "claim":
            return None
        found = provision_state(question, question.facts, today=self.today(), locate=self.sources.cite, terms=terms)
        return found or provision_ended(
            question, question.facts, today=self.today(), locate=self.sources.cite, terms=terms
        )

    def weigh(self, question: Question, vector: np.ndarray, hits: list[Hit]) -> tuple[list[Candidate], ScopeDecision]:
        """The scored sentences of ``hits``, best first, and whether the question is in scope.

        A follow-up's sentences are counted with its own words too (what is new), keeping the better,
        unless it has no subject of its own ("how much?"): then only what it leans on says what it asks.
        """
        candidates = self.candidates(question.query, vector, hits)
        if question.followup and not question.subjectless:
            own = self.candidates(question.read, vector, hits)
            if own and (not candidates or own[0].score >= candidates[0].score):
                candidates = own
        return candidates, self.scope(question, candidates)

    def scope(self, question: Question, candidates: list[Candidate]) -> ScopeDecision:
        """Whether ``question`` is about the agreement, weighing it and the evidence ``candidates`` give."""
        best = candidates[0] if candidates else None
        covered = {t for c in candidates[:3] for t in (c.sentence.tokens or ())}
        found = signals(
            question,
            best.score if best else 0.0,
            best.overlap if best else 0.0,
            covered,
            tokens=lambda text: tokenize(expand(text)),
            vocabulary=self.store.lexical().vocabulary,
        )
        # "whats mgx?", "who is masayoshi son?": who or what something the documents name is, and nothing more
        asks_who = (
            question.answer_type in ("definition", "names")
            and bool(question.names)
            and all(thing.known for thing in question.names)
            and not claim_words(question)
        )
        return decide(found, followup=question.followup, asks_who=asks_who)

    def _preferred(self, question: Question, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates with what the question prefers added, best first by rank."""

        def document_date(source: str) -> str | None:
            document = self.sources.get(source)
            return document.meta.date if document is not None else None

        def is_article(source: str) -> bool:
            document = self.sources.get(source)
            return document is not None and document.meta.kind == "article"

        notes: dict[str, int] = {}

        def publishers_note(source: str, start: int) -> bool:
            """Whether the sentence at ``start`` lies in the publisher's note that ends its document."""
            if source not in notes:
                document = self.sources.get(source)
                note = document.meta.publisher_note if document is not None else None
                notes[source] = document.text.find(note) if document is not None and note else -1
            return 0 <= notes[source] <= start

        ranked = [
            replace(
                c,
                preferred=bonus(
                    question,
                    c.sentence.text,
                    c.sentence.source,
                    document_date,
                    is_article,
                    c.sentence.start,
                    publishers_note=publishers_note(c.sentence.source, c.sentence.start),
                    find_names=self.names.where,
                ),
            )
            for c in candidates
        ]
        return sorted(ranked, key=lambda c: (-c.rank, c.chunk_rank, c.sentence.source, c.sentence.start))

    def _verified(self, chosen: list[Candidate]) -> tuple[list[tuple[Candidate, Citation]], int]:
        """The chosen sentences whose quotes are verbatim in their documents, and how many were not.

        A sentence that leans on the one before it ("That includes…") is quoted with it
        (:mod:`assistant.answering.leaning`); a chosen sentence that quote already holds is not quoted twice.
        """
        verified: list[tuple[Candidate, Citation]] = []
        failed = 0
        for candidate in chosen:
            sentence = candidate.sentence
            citation = self.sources.cite(sentence.source, sentence.text, sentence.start)
            if citation is None:
                failed += 1
                continue
            if leans_back(sentence.text) and (document := self.sources.get(sentence.source)) is not None:
                start = start_with_sentence_before(document.text, citation.start, citation.end)
                if start is not None:
                    citation = (
                        self.sources.cite(sentence.source, document.text[start : citation.end], start) or citation
                    )
            verified.append((candidate, citation))

        def holder(citation: Citation) -> tuple[Candidate, Citation] | None:
            return next(
                (
                    (c, other)
                    for c, other in verified
                    if other is not citation
                    and other.source == citation.source
                    and other.start <= citation.start
                    and citation.end <= other.end
                    and (other.start, other.end) != (citation.start, citation.end)
                ),
                None,
            )

        # a sentence another chosen quote holds is quoted by that quote, where the better of the two ranked: "In a
        # twist… It is a significant shift…" comes first when "In a twist…" did
        kept: list[tuple[Candidate, Citation]] = []
        for c, citation in verified:
            held = holder(citation)
            pair = held if held is not None else (c, citation)
            if not any(pair[1] is k for _, k in kept):
                kept.append(pair)
        return kept, failed

    @staticmethod
    def _label(citation: Citation) -> str:
        document = citation.title or citation.source
        # the article is named as such by its title; a note's mark says how sure it is
        sureness = confidence_words(citation.confidence) if citation.confidence != "primary-document" else ""
        details = ", ".join(x for x in (_plain_date(citation.date), sureness) if x)
        return f"*{document}*" + (f" ({details})" if details else "")

    def _render(
        self,
        question: Question,
        verified: list[tuple[Candidate, Citation]],
        weak: bool,
        state: ProvisionState | None = None,
        changes: list[Citation] | None = None,
        standing: list[Standing] | None = None,
    ) -> tuple[str | None, str, list[Citation]]:
        """The summary, the answer's text (summary, then the other quotes by document) and its citations.

        With a ``state`` (the clauses' yes or no), its sentences open the answer and cite first. A
        question about the date or amount of a provision that changed weighs the provision's dated
        changes, newest first, before the retrieved sentences: "How long does the deal last?" is
        answered for today. The retrieved quotes follow as support.
        """
        retrieved = [citation for _, citation in verified]
        if standing:
            citations = [c for entry in standing for c in entry.citations]
            first = standing_summary(standing)
        elif state is not None:
            citations = list(state.citations)
            first = state.summary
        else:
            pool = _unique([*(changes or []), *retrieved])
            quotes = [(c.quote, n) for n, c in enumerate(pool, start=1)]
            # "was agi reached?": no document says AGI was declared, and no quote about how it would be says
            # whether it was.
            facts = question.facts
            event = facts is not None and facts.focus == ["agi_reached"] and not facts.hypothetical
            contested = question.answer_type == "yes_no" and (
                bool(named_disagreements(question.read, contradictions=True)) or self._clause_contested(question)
            )
            # "what if openai goes bust?": a supposition no clause decides, and no quote says what would
            # happen. One the best quote speaks to ("do ms's ip rights extend to post-agi models if
            # guardrails are in place?") is answered by it.
            supposed = (
                facts is not None
                and facts.hypothetical
                and question.kind == "plain"
                and not says_most_of(question, quotes[0][0])
            )
            contested = contested and not supposed
            summary = summarise(question, quotes, self.names.where, weak=weak or event or supposed, contested=contested)
            assert summary is not None  # there is at least one verified quote
            citations = [pool[i] for i in summary.indexes]
            first = renumber_markers(summary.text, {i + 1: n for n, i in enumerate(summary.indexes, start=1)})
            # A quote holding the kind of answer asked for ("how big is Microsoft's stake?": "about 27%")
            # and most of the question's words answers it directly, however its sentence scored.
            # So does, for a question that wants no particular kind ("how is agi verified?"), a quote that
            # holds every one of its words.
            quote = pool[summary.index].quote
            direct = holds(quote, question.read) if summary.spanned else holds(quote, question.read, share=1.0)
            # "how much power will stargate use?" and only sums of money: no quote gives what is counted
            uncounted = question.counting is not None and not summary.spanned
            hedged = question.answer_type != "yes_no" and ((weak and not direct) or summary.off_subject or uncounted)
            if supposed:
                first = f"{messages().no_clause_for_supposition} {first}"
            elif summary.indirect or hedged:
                first = f"{messages().weak_evidence} {first}"
        # a quote already cited, or one overlapping it in the same document (the clause's words inside the
        # sentence retrieved), is not listed again
        rest = [
            c
            for c in retrieved
            if not any(_same_passage(c, known) for known in citations)
            # "On 28 October 2025, Microsoft and OpenAI announced a definitive agreement": no support but for when
            and (asks_about_an_event(question) or not only_announces(c.quote))
            and not _before_the_period(question, c)
        ][:QUOTES_AFTER_SUMMARY]
        citations.extend(rest)
        groups: dict[str, list[tuple[int, Citation]]] = {}
        for citation in rest:
            groups.setdefault(citation.source, []).append((citations.index(citation) + 1, citation))
        lines = []
        for items in groups.values():
            body = " ".join(f"{citation.quote} [{n}]" for n, citation in sorted(items, key=lambda i: i[1].start))
            lines.append(f"- {self._label(items[0][1])}: {body}")
        return first, "\n\n".join([first, "\n".join(lines)] if lines else [first]), citations

    def _provision_changes(self, question: Question) -> list[Citation]:
        """The dated changes a question about today weighs first, newest first.

        A date or amount question about one provision gets that provision's changes; a yes/no
        question only the changes that state the value it names ("…through 2032?"); a question about
        the state of the deal itself ("latest status of the deal", "is the partnership still on?") the
        latest terms version. Only for plain questions about today (or no moment in particular,
        except for the deal itself); a question about a date or the article is answered for then.
        """
        if question.kind != "plain":
            return []
        if not question.provisions and question.implied_subject and question.time.kind == "now":
            versions = terms_versions(self.sources.cite)
            return [versions[-1].citation] if versions and versions[-1].citation is not None else []
        provision = _asked_provision(question)
        if provision is None or _asks_when_it_was(question):
            return []
        entries = provision_timeline(provision, locate=self.sources.cite)
        kinds = ("initial", "changed", "ended")
        found = [e.citation for e in reversed(entries) if e.citation is not None and e.kind in kinds]
        if question.answer_type == "yes_no":
            values = question_values(question)
            found = [c for c in found if states_value(c.quote, values)] if values else []
        return found

    def _provision_basis(self, question: Question) -> list[Citation]:
        """The quote stating the first provision a question names, if it names one.

        The first version whose words name the term asked about, else the provision as the article's terms have it.
        """
        if question.kind != "plain" or not question.provisions:
            return []
        entries = provision_timeline(question.provisions[0], locate=self.sources.cite)
        # "what's the expert panel?": the first version whose words name it (October 2025), not the article's
        # AGI clause, which never mentions a panel
        terms = [t.lower() for t in asked_terms(question) if len(t) > 3]
        for entry in entries:
            if entry.citation is not None and entry.kind != "contested":
                whole = self._whole_sentence(entry.citation)
                if any(term in whole.quote.lower() for term in terms):
                    return [whole]
        found = [e.citation for e in entries if e.kind == "initial" and e.citation is not None][:1]
        return [self._whole_sentence(c) for c in found]

    def _whole_sentence(self, citation: Citation) -> Citation:
        """The sentences of its document that hold ``citation`` (a clause quotes only the words it rests on)."""
        document = self.sources.get(citation.source)
        if document is None:
            return citation
        spans = split_sentences(document.text)
        starts = [start for start, end in spans if start <= citation.start < end]
        ends = [end for start, end in spans if start < citation.end <= end]
        if not starts or not ends:
            return citation
        whole = document.text[starts[0] : ends[0]].strip()
        return self.sources.cite(citation.source, whole, starts[0]) or citation

    def _clause_contested(self, question: Question) -> bool:
        """Whether a question naming a clause asks about one whose survival the sources dispute by then.

        "was the AGI clause dropped in April 2026?": by the date it is about (today when it names none).
        """
        if not names_a_clause(question.read):
            return False
        day = self.today()
        if question.time.kind == "date" and question.time.date:
            day = period_end(question.time.date, question.time.precision)
        return any(
            entry.kind == "contested" and entry.date <= day
            for provision in question.provisions
            for entry in provision_timeline(provision, locate=self.sources.cite)
        )

    def abstain(self, question: Question, vector: np.ndarray | None, confidence: float) -> Answer:
        """Decline plainly and suggest questions the documents do cover."""
        text = f"{messages().abstain}\n\n{messages().abstain_examples_intro}\n" + "\n".join(
            f"- {example}" for example in self.examples(vector)
        )
        return Answer(
            kind="abstain",
            text=text,
            confidence=round(confidence, 4),
            question=question.text,
            retrieval_query=question.query,
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
