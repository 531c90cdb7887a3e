"""A scenario as a form or an API client sends it: plain numbers, strings and yes/no/unknown choices.

The Scenario tab of the app and the ``/evaluate_scenario`` endpoint both go through
:func:`evaluate_fields`, which turns the fields into a typed :class:`Scenario`, evaluates it and
returns either the verdict with its table and citations or one clear message about what to fix.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.agreement.money import CurrencyMismatchError, Money, amount_problem, exact_decimal, tidy
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import UnknownTermsError
from assistant.citation import Citation
from assistant.input_gate import check_terms
from assistant.user_text import echo
from assistant.validation_text import validation_message
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.later_terms import beside_versions, compared_outcomes
from assistant.whatif.render import CitationList, OutcomeRow, outcome_rows, render_verdict, trace_markdown
from assistant.whatif.terms_choice import evaluate_dated

TriState = Literal["yes", "no", "unknown"]
BILLION = Decimal(10) ** 9
CURRENCIES = ("USD", "AUD")
#: Longest text accepted in a scenario field (dates, workload, provider and terms are all short).
FIELD_CHARS = 40


class ScenarioFields(BaseModel):
    """The facts of a scenario as simple fields; every fact may be left unknown.

    Attributes:
        profit_billions: OpenAI's profit in billions of ``currency`` (``150`` for 150 billion); empty for unknown.
        currency: ISO code of the profit's currency: ``USD`` or ``AUD``.
        date: When the events happen: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; empty for unknown.
        agi_declared: ``yes``, ``no`` or ``unknown``.
        agi_verified_by_panel: Whether the independent expert panel verified the declaration (terms from
            October 2025 on need it).
        capacity_request: Whether OpenAI has a new capacity request.
        microsoft_can_meet: Whether Microsoft can meet it (only meaningful with a request).
        workload: ``api``, ``research``, ``training``, ``product`` or empty.
        provider: ``azure``, ``oracle``, ``aws``, ``google``, ``coreweave``, ``other`` or empty.
        terms: A terms version id or an ISO date that pins the version; empty for the version in force
            on the scenario's date (today when it has none), as everywhere else.
    """

    model_config = ConfigDict(extra="forbid")

    profit_billions: float | None = Field(default=None, description="OpenAI's profit in billions of `currency`.")
    currency: str = Field(default="USD", description="Currency of the profit: USD or AUD.")
    date: str | None = Field(default=None, max_length=FIELD_CHARS, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    agi_declared: TriState = "unknown"
    agi_verified_by_panel: TriState = "unknown"
    capacity_request: TriState = "unknown"
    microsoft_can_meet: TriState = "unknown"
    workload: str | None = Field(default=None, max_length=FIELD_CHARS)
    provider: str | None = Field(default=None, max_length=FIELD_CHARS)
    terms: str | None = Field(default=None, max_length=FIELD_CHARS)

    @field_validator("date", "workload", "provider", "terms", mode="before")
    @classmethod
    def _blank_is_unknown(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("currency", mode="before")
    @classmethod
    def _currency_code(cls, value: object) -> object:
        code = value.strip().upper() if isinstance(value, str) else value
        if code not in CURRENCIES:
            choices = " or ".join(CURRENCIES)
            raise ValueError(f"choose {choices} (not “{echo(code)}”): the agreement's amounts are in those")
        return code

    @field_validator("terms")
    @classmethod
    def _known_terms(cls, value: str | None) -> str | None:
        terms, problem = check_terms(value)
        if problem:
            raise ValueError(problem)
        return terms


class ScenarioResult(BaseModel):
    """What the form shows: the verdict with its table, or the one problem to fix.

    Attributes:
        error: A message naming the field to fix; ``None`` when the scenario was evaluated.
        scenario: The typed scenario that was evaluated.
        verdict: The evaluator's verdict, with its full trace.
        text: The verdict in Markdown with citation markers (the same text as a what-if answer).
        rows: One row per outcome for the table.
        trace: The trace in Markdown.
        citations: The quotes, ``[n]`` being ``citations[n - 1]``.
    """

    error: str | None = None
    scenario: Scenario | None = None
    verdict: Verdict | None = None
    text: str = ""
    rows: list[OutcomeRow] = Field(default_factory=list)
    trace: str = ""
    citations: list[Citation] = Field(default_factory=list)


def _tri(value: TriState) -> bool | None:
    return None if value == "unknown" else value == "yes"


def _profit(fields: ScenarioFields) -> Money | None:
    if fields.profit_billions is None:
        return None
    if not math.isfinite(fields.profit_billions):
        raise ValueError("profit: enter a finite number of billions")
    # A float's repr has at most 17 digits and an exponent within ±324: multiplying is exact and safe.
    amount = exact_decimal(fields.profit_billions) * BILLION
    problem = amount_problem(amount, f"{echo(repr(fields.profit_billions))} billion")
    if problem:
        raise ValueError(f"profit: {problem}")
    return Money(amount=tidy(amount), currency=fields.currency)


def to_scenario(fields: ScenarioFields) -> Scenario:
    """The typed scenario for these fields.

    Raises:
        ValueError: With a message naming the field, when a field cannot be read.
    """
    capacity = _tri(fields.capacity_request)
    can_meet = _tri(fields.microsoft_can_meet)
    if can_meet is not None and capacity is False:
        raise ValueError("microsoft_can_meet: only meaningful with a new capacity request")
    if can_meet is not None and capacity is None:
        capacity = True
    try:
        # Validated from a mapping: the date, workload and provider are text the model reads and checks.
        return Scenario.model_validate(
            {
                "event_date": fields.date,
                "profit": _profit(fields),
                "agi_declared": _tri(fields.agi_declared),
                "agi_verified_by_panel": _tri(fields.agi_verified_by_panel),
                "capacity_request": capacity,
                "microsoft_can_meet": can_meet,
                "workload": fields.workload,
                "provider": fields.provider,
            }
        )
    except ValidationError as exc:
        raise ValueError(validation_message(exc)) from exc


def evaluate_fields(
    fields: ScenarioFields | dict[str, object], locate: Locate, *, today: datetime.date | None = None
) -> ScenarioResult:
    """Evaluate a scenario given as fields; user mistakes come back as ``error``, never raised.

    The date picks the terms as for a what-if question
    (:func:`~assistant.whatif.terms_choice.evaluate_dated`) unless ``terms`` pins a version; the
    article's reading is set beside the version used whenever the two differ.

    Args:
        fields: The fields, or a dict of them (as an API client sends them).
        locate: Finds the verdict's quotes in the corpus (the assistant's ``SourceTexts.cite``).
        today: What today is, for a scenario without a date; the real today by default.

    Returns:
        The verdict (with ``compared``), its Markdown, table rows, trace and citations; or ``error``
        naming what to fix.
    """
    try:
        if not isinstance(fields, ScenarioFields):
            fields = ScenarioFields.model_validate(fields)
        scenario = to_scenario(fields)
        choice, evaluated = evaluate_dated(scenario, fields.terms, today=today or datetime.date.today())
        verdict = cite_verdict(evaluated, locate)
    except ValidationError as exc:
        return ScenarioResult(error=validation_message(exc))
    except (ValueError, UnknownTermsError, CurrencyMismatchError) as exc:
        return ScenarioResult(error=str(exc))
    unavailable: list[str] = []
    beside = beside_versions(verdict, choice, locate, unavailable)
    verdict = verdict.model_copy(update={"compared": compared_outcomes(beside)})
    citations = CitationList()
    text = render_verdict(
        verdict, [], [], [], citations, locate=locate, choice=choice, beside=beside, unavailable=unavailable
    )
    rows = outcome_rows(verdict, citations)
    return ScenarioResult(
        scenario=scenario,
        verdict=verdict,
        text=text,
        rows=rows,
        trace=trace_markdown(verdict),
        citations=citations.items,
    )


#: What to type in each field, said when what was typed cannot be read.
FIELD_HINTS = {
    "date": "Enter a date like 2027-06-30 (or 2027-06, or just 2027)",
    "profit": "Enter the profit in billions, like 150",
    "can_meet": (
        "Set “New capacity request” to yes, or this to unknown: whether Microsoft can meet a request "
        "matters only when there is one"
    ),
}
# The evaluator's names for the fields, as its messages start ("event_date: …").
_FIELD_NAMES = {"event_date": "date", "date": "date", "profit": "profit", "microsoft_can_meet": "can_meet"}
# Messages in a validator's words rather than a person's.
_TECHNICAL = ("Input should", "input is", "Field required", "valid date")


def field_problem(error: str, date: str = "") -> tuple[str, str]:
    """Which field a scenario's error is about, and the problem in plain words.

    Args:
        error: :attr:`ScenarioResult.error`.
        date: What the date field holds (date errors quote it without naming the field).

    Returns:
        ``(field, message)``: ``date``, ``profit``, ``can_meet`` or ``general``; e.g. ``("date", "Enter a date
        like 2027-06-30 (or 2027-06, or just 2027): “2027-13” has no month 13.")``.
    """
    name, separator, detail = error.partition(": ")
    if separator and name.replace("_", "").isalpha():  # "field: problem"
        field = _FIELD_NAMES.get(name, "general")
    else:
        detail = error
        field = "date" if date.strip() and date.strip() in error else "general"
    plain = "" if any(word in detail for word in _TECHNICAL) else detail.strip().rstrip(".")
    if field == "general":
        text = plain or detail.strip().rstrip(".")
        return field, text[:1].upper() + text[1:] + "."
    if field == "can_meet":
        return field, FIELD_HINTS[field] + "."
    return field, FIELD_HINTS[field] + (f": {plain}." if plain else ".")
