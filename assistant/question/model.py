"""The typed question every step after reading works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from assistant.question.names import NamedThing
from assistant.whatif.reading.question_parser import ParsedQuestion

#: What kind of answer the question wants: the first sentence of the answer gives it.
AnswerType = Literal["yes_no", "date", "amount", "names", "place", "definition", "other"]
#: How the assistant answers it: from the documents, by the clause evaluator, with a dated timeline,
#: or by checking a claim against the sources (the disagreement first).
Kind = Literal["plain", "whatif", "what_changed", "claim"]
#: How much of a date a question said.
Precision = Literal["day", "month", "year"]
#: Which moment the question is about.
TimeKind = Literal["now", "date", "article", "hypothetical", "unspecified"]


@dataclass(frozen=True)
class TimeRef:
    """The moment a question is about.

    Attributes:
        kind: ``now`` ("still", "currently", a present-tense question), ``date`` (a date it names),
            ``article`` (what the January 2025 article says), ``hypothetical`` (a what-if), or
            ``unspecified``.
        date: The day, for ``now`` and ``date`` (the first day of a month or year named).
        precision: How much of ``date`` the question said: ``day``, ``month`` or ``year``.
        words: The words that said so ("still", "in October 2025"), for people.
    """

    kind: TimeKind = "unspecified"
    date: dt.date | None = None
    precision: Precision = "day"
    words: str | None = None


@dataclass(frozen=True)
class Question:
    """A question read once.

    Attributes:
        text: The question as the user typed it (cleaned by the input gate).
        read: The question in the documents' words: shorthand resolved ("msft" -> "Microsoft",
            "$500bn" -> "$500 billion") and misspellings of the agreement's words mended.
        query: What retrieval searches for: ``read``, and for a follow-up the earlier question it leans on.
        followup: Whether it leans on an earlier turn for its subject ("and the api?", "until when though?").
        subjectless: It names no subject of its own ("how much?", "where?"): only ``query`` says what it is about.
        kind: How it is answered (see :data:`Kind`).
        answer_type: What its answer's first sentence must give (see :data:`AnswerType`).
        time: The moment it is about.
        names: The organisations, people and products it names, and whether the documents mention each.
        provisions: The provisions of the agreement it names (ids, in catalogue order).
        implied_subject: It refers to the agreement or the article without naming them ("the deal",
            "this piece"): in this app that can only mean the agreement.
        ending: It asks when something ends ("how long", "until when", "expire"), not when it began.
        counting: What an amount question counts when it is not money or a share: "power" ("how much
            power?", "how many gigawatts?"), "people" (jobs), "sites" (data centres) or "things"; no sum
            of money answers it. ``None`` for money and shares. For a date question, "years" ("over how
            many years?"): a span of time ("over four years") answers it as well as a date.
        mended: The words read differently, ``(written, read as)``, for notes to people.
        facts: The what-if reader's reading of it: the facts it states and the outcomes it names.
        earlier_answer: For a follow-up, the first paragraph of the answer before it: what "how much?"
            or "when?" asks more about.
    """

    text: str
    read: str
    query: str
    followup: bool = False
    subjectless: bool = False
    kind: Kind = "plain"
    answer_type: AnswerType = "other"
    time: TimeRef = field(default_factory=TimeRef)
    names: tuple[NamedThing, ...] = ()
    provisions: tuple[str, ...] = ()
    implied_subject: bool = False
    ending: bool = False
    counting: str | None = None
    mended: tuple[tuple[str, str], ...] = ()
    facts: ParsedQuestion | None = None
    earlier_answer: str = ""

    @property
    def unknown_names(self) -> list[str]:
        """The names it uses that the documents never mention."""
        return [n.name for n in self.names if not n.known]

    @property
    def names_a_party(self) -> bool:
        """Whether it names Microsoft or OpenAI."""
        return any(n.party for n in self.names)
