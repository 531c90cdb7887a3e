"""The scenario a conversation has reached, for what-if follow-ups ("And the API in that case?").

The conversation's earlier user questions are all there is, so the scenario is rebuilt by parsing
them again, deterministically, oldest first: a what-if starts a new scenario, a follow-up changes
only what it says, and other questions leave it as it was. (Plain follow-ups, answered by
retrieval, get their query from :mod:`assistant.answering.followup_query`.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from assistant.agreement.outcomes import Outcome
from assistant.agreement.sheet import DEFAULT_TERMS
from assistant.whatif.reading.question_parser import ParsedQuestion, parse_question
from assistant.whatif.reading.router import route


@dataclass
class ConversationScenario:
    """The facts and focus carried from one what-if turn to the next.

    Attributes:
        facts: Scenario field values stated so far.
        focus: Outcomes asked about so far, most recent first.
        notes: How ambiguous pieces were read, by the fact they concern.
        questions: The questions the scenario was built from, oldest first.
        terms: The terms version the latest question that names one asks for (``None``: none does).
    """

    facts: dict[str, Any] = field(default_factory=dict)
    focus: list[Outcome] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    terms: str | None = None

    @property
    def readings(self) -> list[str]:
        """Every note on how the questions were read, in order."""
        return list(dict.fromkeys(n for notes in self.notes.values() for n in notes))


def start_scenario(parsed: ParsedQuestion) -> ConversationScenario:
    """A new scenario from a standalone what-if question."""
    return ConversationScenario(
        dict(parsed.facts), list(parsed.focus), dict(parsed.notes), [parsed.text], _named_terms(parsed)
    )


def _named_terms(parsed: ParsedQuestion) -> str | None:
    """The terms version a question names: by month and year, or the article's when it asks for them."""
    return parsed.terms_hint or (DEFAULT_TERMS if parsed.article_terms else None)


def apply_followup(previous: ConversationScenario, parsed: ParsedQuestion) -> ConversationScenario:
    """Change only what the follow-up states; keep every other fact and add its focus first.

    Args:
        previous: The scenario so far.
        parsed: The follow-up question.

    Returns:
        The updated scenario (``previous`` is not changed).
    """
    facts = dict(previous.facts)
    new = dict(parsed.facts)
    if "event_date" in new:
        facts.pop("date_precision", None)
    if new.get("capacity_request") is False:
        facts.pop("microsoft_can_meet", None)
    facts.update(new)
    focus = list(dict.fromkeys([*parsed.focus, *previous.focus]))
    notes = dict(previous.notes)
    for topic, topic_notes in parsed.notes.items():
        if topic_notes or topic in new:
            notes[topic] = list(topic_notes)
    terms = _named_terms(parsed) or previous.terms
    return ConversationScenario(facts, focus, notes, [*previous.questions, parsed.text], terms)


def rebuild_scenario(earlier: list[str] | None, today: datetime.date) -> ConversationScenario | None:
    """The scenario the conversation had reached before the current question.

    Args:
        earlier: Earlier user questions, oldest first.
        today: What relative dates in them are relative to.

    Returns:
        The latest what-if scenario, or ``None`` when no earlier question was a what-if.
    """
    state: ConversationScenario | None = None
    for index, question in enumerate(earlier or []):
        parsed = parse_question(question, today)
        kind = route(parsed, state is not None, has_history=index > 0)
        if parsed.problems:
            continue
        if kind == "whatif":
            state = start_scenario(parsed)
        elif kind == "followup" and state is not None:
            state = apply_followup(state, parsed)
    return state
