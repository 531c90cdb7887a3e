"""The typed facts of a what-if question. Every fact may be unknown (``None``)."""

from __future__ import annotations

import datetime
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.agreement.dates import CalendarError, calendar_day, describe_date, period_end
from assistant.agreement.facts import FACT_NAMES, PROVIDER_NAMES, DatePrecision, Provider, Workload
from assistant.agreement.money import Money, amount_problem

_YEAR = re.compile(r"^\d{1,4}$")
_MONTH = re.compile(r"^(\d{1,4})-(\d{1,2})$")


class Scenario(BaseModel):
    """What the question supposes.

    Attributes:
        event_date: When the supposed events happen. With ``date_precision`` ``"year"`` or
            ``"month"`` it is the first day of that year or month and stands for the whole of it.
        date_precision: How precisely the date is known.
        profit: OpenAI's profit, exact, with its currency; zero or more.
        agi_declared: Whether AGI has been declared (reached).
        agi_verified_by_panel: Whether an independent expert panel has verified the AGI declaration
            (the October 2025 terms and later require it). ``True`` implies ``agi_declared``.
        capacity_request: Whether OpenAI has a new capacity request.
        microsoft_can_meet: Whether Microsoft can meet that request.
        workload: The workload in question.
        provider: The cloud provider in question.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_date: datetime.date | None = Field(
        default=None,
        description="When the supposed events happen: YYYY-MM-DD, or YYYY-MM / YYYY for a whole month or year.",
    )
    date_precision: DatePrecision = Field(
        default="day", description="Whether event_date is a day, or stands for its whole month or year."
    )
    profit: Money | None = Field(
        default=None, description="OpenAI's profit with its currency, e.g. {amount: 150000000000, currency: USD}."
    )
    agi_declared: bool | None = Field(default=None, description="Whether AGI has been declared or reached.")
    agi_verified_by_panel: bool | None = Field(
        default=None,
        description="Whether an independent expert panel has verified the AGI declaration (needed from October 2025).",
    )
    capacity_request: bool | None = Field(
        default=None, description="Whether OpenAI has a new capacity (compute) request."
    )
    microsoft_can_meet: bool | None = Field(
        default=None, description="Whether Microsoft can meet the new capacity request."
    )
    workload: Workload | None = Field(
        default=None, description="The workload in question: api, research, training or product."
    )
    provider: Provider | None = Field(
        default=None, description="The cloud provider in question: azure, oracle, aws, google, coreweave, other."
    )

    @model_validator(mode="before")
    @classmethod
    def _coarse_dates(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        value = data.get("event_date")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            text = value.strip()
            if _YEAR.match(text):
                data = {**data, "event_date": _first_day(int(text), 1, text), "date_precision": "year"}
            elif match := _MONTH.match(text):
                year, month = int(match.group(1)), int(match.group(2))
                data = {**data, "event_date": _first_day(year, month, text), "date_precision": "month"}
            else:
                data = {**data, "event_date": _iso_day(text)}
        return data

    @field_validator("profit")
    @classmethod
    def _plausible(cls, value: Money | None) -> Money | None:
        if value is None:
            return value
        if value.amount < 0:
            raise ValueError(f"profit {value.display()} is negative; it must be zero or more")
        problem = amount_problem(value.amount, f"{value.amount:.6g} {value.currency}")
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        if self.capacity_request is False and self.microsoft_can_meet is not None:
            raise ValueError("microsoft_can_meet is given but capacity_request is false: there is no request to meet")
        if self.agi_verified_by_panel:
            if self.agi_declared is False:
                raise ValueError(
                    "agi_verified_by_panel is true but agi_declared is false: the panel verifies a declaration"
                )
            object.__setattr__(self, "agi_declared", True)
        if self.event_date is not None:
            start = self.event_date
            if self.date_precision == "year" and (start.month, start.day) != (1, 1):
                object.__setattr__(self, "event_date", start.replace(month=1, day=1))
            elif self.date_precision == "month" and start.day != 1:
                object.__setattr__(self, "event_date", start.replace(day=1))
        return self

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day the event date stands for, or ``None`` when unknown."""
        if self.event_date is None:
            return None
        return self.event_date, period_end(self.event_date, self.date_precision or "day")

    def date_text(self) -> str | None:
        """The event date for people: ``30 June 2027``, ``June 2027`` or ``the year 2027``."""
        if self.event_date is None:
            return None
        return describe_date(self.event_date, self.date_precision)

    def known_facts(self) -> list[str]:
        """Names of the facts the scenario states."""
        return [name for name in FACT_NAMES if getattr(self, name) is not None]

    def describe(self) -> list[str]:
        """One short phrase per stated fact, in a fixed order, for "Reading your question as"."""
        parts: list[str] = []
        if self.profit is not None:
            parts.append(f"profit {self.profit.display(short=True)}")
        if self.event_date is not None:
            parts.append(describe_date(self.event_date, self.date_precision, lead=True))
        if self.agi_declared is not None:
            parts.append("AGI declared" if self.agi_declared else "AGI not declared")
        if self.agi_verified_by_panel is not None:
            verified = "verified" if self.agi_verified_by_panel else "not verified"
            parts.append(f"AGI {verified} by the expert panel")
        if self.capacity_request is not None:
            if not self.capacity_request:
                parts.append("no new capacity request")
            elif self.microsoft_can_meet is None:
                parts.append("a new capacity request (whether Microsoft can meet it not stated)")
            elif self.microsoft_can_meet:
                parts.append("a new capacity request that Microsoft can meet")
            else:
                parts.append("a new capacity request that Microsoft cannot meet")
        if self.workload is not None:
            parts.append(f"workload {self.workload if self.workload != 'api' else 'API'}")
        if self.provider is not None:
            parts.append(f"provider {PROVIDER_NAMES[self.provider]}")
        return parts


def _first_day(year: int, month: int, written: str) -> datetime.date:
    try:
        return calendar_day(year, month)
    except CalendarError as exc:
        if exc.part == "year":
            raise ValueError(f"year 0 in “{written}” does not exist") from None
        raise ValueError(f"“{written}” has no month {month}") from None


def _iso_day(text: str) -> datetime.date | str:
    match = re.fullmatch(r"(\d{1,4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return text  # let pydantic report it
    year, month, day = (int(part) for part in match.groups())
    try:
        return calendar_day(year, month, day)
    except CalendarError as exc:
        if exc.part == "year":
            raise ValueError(f"year 0 in “{text}” does not exist") from None
        raise ValueError(f"{text} is not a date that exists ({exc.reason})") from exc
