"""Reading a question once, into the :class:`~assistant.question.model.Question` every later step uses."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import replace

from assistant.agreement.provisions import provisions_in
from assistant.answering.followup_query import is_followup, resolve_query
from assistant.question.answer_type import answer_type
from assistant.question.model import AnswerType, Kind, Precision, Question, TimeRef
from assistant.question.names import NameFinder
from assistant.question.scope_words import ScopeWords, scope_words
from assistant.question.shorthand import Shorthand, shorthand
from assistant.question.spelling import Speller
from assistant.question.time_followup import restate_with_time
from assistant.whatif.reading.claim_check import is_claim_check
from assistant.whatif.reading.conversation_scenario import rebuild_scenario
from assistant.whatif.reading.dates_text import find_dates
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route

_I = re.IGNORECASE
_NOW = re.compile(
    r"\b(?:still|now|nowadays|currently|current|today|these\s+days|at\s+the\s+moment|at\s+present|any\s?more"
    r"|as\s+of\s+(?:now|today)|latest|right\s+now|so\s+far|yet)\b",
    _I,
)
_ARTICLE = re.compile(
    r"\b(?:the|this|that)\s+(?:article|piece|story|report)\b|\baccording\s+to\s+the\b|\boriginal(?:ly)?\b"
    r"|\b(?:january|jan)\s+2025\s+terms\b|\bat\s+first\b|\bback\s+then\b|\bold\s+terms\b",
    _I,
)
#: What "the deal", "the contract" and "this piece" refer to, added to the retrieval query when a
#: question names nothing else.
IMPLIED_SUBJECT = "the Microsoft-OpenAI partnership"
_DEAL = re.compile(r"\b(?:the|this|that)\s+(?:deal|contract|agreement|partnership|arrangement|pact|relationship)\b", _I)
_ENDING = re.compile(
    r"\b(?:how\s+long|until\s+when|till\s+when|end|ends|ending|terminat\w*|sunset|expir\w*|expiry|last|lasts"
    r"|forever|run\s+through|run\s+thru|stop|stops|cease|ceases|run\s+out|runs\s+out|over|length|duration|term\s+of|years?\s+left"
    # "when did microsoft lose azure exclusivity?": when it ended, for the party that had it
    r"|lose|loses|lost|losing)\b",
    _I,
)
#: "how many gigawatts / data centres / jobs", "how much power": a count or a physical quantity, which a
#: sum of money or a share does not answer; what is counted, by the words that ask for it.
_COUNTED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("power", re.compile(r"\b(?:power|energy|electricity|gigawatts?|megawatts?|gw|mw)\b", _I)),
    ("people", re.compile(r"\b(?:jobs|people|employees|workers|staff|headcount)\b", _I)),
    ("sites", re.compile(r"\b(?:data\s*cent(?:er|re)s|sites|campus(?:es)?|locations)\b", _I)),
    ("things", re.compile(
        r"\bhow\s+many\s+(?!(?:dollars|bucks|billions?|millions?|trillions?|bn|percent|per\s*cent|times)\b)[a-z]"
        r"|\bhow\s+much\s+(?:land|water|space)\b|\b(?:gpus?|chips)\b",
        _I,
    )),
)


#: "$500bn over how many years?": a date question answered by a span of time ("over four years") too.
_YEARS = re.compile(r"\bhow\s+many\s+(?:more\s+)?(?:years|yrs|months)\b", _I)


def _spanned_years(read: str, wanted: str) -> str | None:
    """"years" for a date question asking over how many years ("$500bn over how many years?"), else ``None``."""
    return "years" if wanted == "date" and _YEARS.search(read) else None


def _counted(read: str) -> str | None:
    """What an amount question counts ("power", "people", "sites", "things"), or ``None`` for money."""
    return next((kind for kind, pattern in _COUNTED if pattern.search(read)), None)


# A follow-up this short, with no subject of its own ("until when though?", "since when?", "how much?").
SHORT_FOLLOWUP_WORDS = 6
_OWN_WORD = re.compile(r"[a-z][a-z'’-]+")
#: Words that ask, point back or join, not what a short question is about.
_FOLLOWUP_FILLER = frozenset(
    "what what's whats who who's whos when where why how which is are was were the a an of in on for to and or but"
    " so it its it's that this they them their there do does did can could will would should about then though"
    " now still yet ok okay really much many long ones one".split()
)


class QuestionReader:
    """Reads questions in the documents' words, against what the documents contain.

    Args:
        is_used: Whether the documents use a word or name (all its stemmed tokens in the index's vocabulary).
        spelling_words: The agreement's words misspellings are mended towards.
        rules: Shorthand rules; the bundled ones by default.
        words: The scope word lists; the bundled ones by default.
    """

    def __init__(
        self,
        is_used: Callable[[str], bool],
        spelling_words: Collection[str] | None = None,
        rules: Shorthand | None = None,
        words: ScopeWords | None = None,
    ) -> None:
        self.rules = rules or shorthand()
        self.words = words or scope_words()
        self.names = NameFinder(is_used)
        self.is_used = is_used
        self.speller = Speller(spelling_words if spelling_words is not None else self.rules.words, is_used)

    def in_documents_words(self, text: str) -> tuple[str, list[tuple[str, str]]]:
        """``text`` with shorthand resolved and the agreement's misspelt words mended, and what was mended."""
        return self.speller.mend(self.rules.expand(text))

    def has_subject(self, read: str) -> bool:
        """Whether a question (in the documents' words) names what it is about: a name or one of the agreement's terms.

        Provisions are not counted: their keywords include how people ask about one ("until when").
        """
        return bool(self.names.find(read) or self.words.agreement_terms(read) or self.words.implied_subject(read))

    def leans_on_earlier(self, read: str) -> bool:
        """Whether a question leans on the turn before it: a connective, a pronoun, or no subject of its own.

        A short question whose own words are all ones the documents never use has a subject of its own,
        elsewhere: "what's the capital of france?" after a turn about the API is no follow-up.
        """
        if is_followup(read):
            return True
        if len(read.split()) > SHORT_FOLLOWUP_WORDS or self.has_subject(read):
            return False
        own = [word for word in _OWN_WORD.findall(read.lower()) if word not in _FOLLOWUP_FILLER]
        return len(own) < 2 or any(self.is_used(word) for word in own)

    def read(self, text: str, turns: list[tuple[str, str]] | None = None, *, today: dt.date) -> Question:
        """Read ``text`` (cleaned by the input gate), with the conversation so far.

        Args:
            text: The question.
            turns: Earlier ``(question, answer_text)`` turns, oldest first.
            today: What "now" and "still" mean.

        Returns:
            The question, typed.
        """
        read, mended = self.in_documents_words(text)
        earlier = [(self.in_documents_words(q)[0], a) for q, a in (turns or [])]
        restated = restate_with_time(read, [q for q, _ in earlier], today) if earlier else None
        if restated is not None:
            read = restated  # "and in 2026?" after "does ms have exclusivity?": that question, asked of 2026
        followup = bool(earlier) and self.leans_on_earlier(read)
        query = resolve_query(read, earlier, self.leans_on_earlier) if followup else read
        facts = parse_question(read, today)
        earlier_questions = [q for q, _ in earlier]
        leaning = _SWAPPED_SUBJECT.match(read) or _POINTS_BACK.search(read) or not self.has_subject(read)
        if followup and not facts.focus and leaning:
            # "and aws?" after "can openai use google cloud?": the same outcome, asked of Amazon; "does ms
            # still have it?" after "what does ROFR mean?": the first refusal; "until when?" after "is the api
            # exclusivity still in place?": the API's exclusivity
            asked_before = parse_question(earlier_questions[-1], today)
            if asked_before.focus and not asked_before.hypothetical:
                facts = replace(facts, focus=asked_before.focus, facts={**asked_before.facts, **facts.facts})
        if is_claim_check(read):
            kind: Kind = "claim"
        elif answer_type(read) == "names" and not facts.hypothetical and not followup:
            kind = "plain"  # "who checks if agi happened?" asks who, which the documents say; it supposes nothing
        elif route(facts, rebuild_scenario(earlier_questions, today) is not None, has_history=bool(earlier)):
            kind = "whatif"
        else:
            kind = "plain"
        time = _time(read, today)
        if followup and time.kind == "unspecified":
            # "what did microsoft get?" after "tell me about the october 2025 deal" is about October 2025 too.
            before = _time(earlier_questions[-1], today)
            time = before if before.kind in ("date", "article") else time
        implied = self.words.implied_subject(read)
        if implied and not self.names.find(query) and _DEAL.search(read):
            # "the deal" can only mean the agreement here: say so, for retrieval.
            query = f"{query} ({IMPLIED_SUBJECT})"
        wanted = _answer_type(read, earlier_questions[-1] if followup and time.kind != "date" else None)
        return Question(
            text=text,
            read=read,
            query=query,
            followup=followup,
            subjectless=followup and not self.has_subject(read),
            kind=kind,
            answer_type=wanted,
            time=time,
            names=tuple(self.names.find(read)),
            provisions=tuple(provisions_in(query)),
            implied_subject=implied,
            ending=bool(_ENDING.search(query)),
            counting=_counted(read) if wanted == "amount" else _spanned_years(read, wanted),
            mended=tuple(mended),
            facts=facts,
            earlier_answer=_first_paragraph(turns[-1][1]) if followup and turns else "",
        )


#: "does ms still have it?", "is that still the case?": a pronoun standing for what was asked before.
_POINTS_BACK = re.compile(r"\b(?:it|that|this|they|them)\b", re.IGNORECASE)
#: "what about the api?", "and the revenue share?": the question before, asked of something else.
_SWAPPED_SUBJECT = re.compile(
    r"^\s*(?:and|what\s+about|how\s+about|same\s+for|ok\s+and)\b[^?.!]{0,40}[?.!]*\s*$", re.IGNORECASE
)


def _answer_type(read: str, earlier: str | None) -> AnswerType:
    """The answer ``read`` wants; a follow-up that only swaps the subject wants what the question before wanted.

    ("And since October 2025?" names a moment of its own: it is read as it stands.)
    """
    own = answer_type(read)
    if earlier is not None and own == "other" and _SWAPPED_SUBJECT.match(read):
        return answer_type(earlier)
    return own


def _first_paragraph(answer: str) -> str:
    return answer.strip().split("\n\n", 1)[0]


def _time(read: str, today: dt.date) -> TimeRef:
    if (match := _ARTICLE.search(read)) is not None:
        return TimeRef("article", None, words=match.group(0))
    dates = [d for d in find_dates(read, today) if d.date is not None and d.reading is None]
    if dates:
        precision: Precision = (
            "year" if dates[0].precision == "year" else "month" if dates[0].precision == "month" else "day"
        )
        return TimeRef("date", dates[0].date, precision, dates[0].text)
    if (match := _NOW.search(read)) is not None:
        return TimeRef("now", today, words=match.group(0))
    return TimeRef()
