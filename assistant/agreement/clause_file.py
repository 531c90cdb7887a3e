"""The clause sheet's file format: one YAML file per terms version, validated field by field.

A file holds the version's ``terms`` (id, title, date in force, the quote that dates it), its
contested ``parameters`` (each with every reading and its source), the ``defaults`` assumed for
facts a question leaves out, its ``clauses`` and its ``history``: what became of each provision in
this version, one :class:`ProvisionChange` each, with a verbatim quote of the dated note that says so.
A clause belongs to a *provision* (a label its versions share over time), decides one or more
outcomes when its condition holds, and may be an *exception* to another label, which it then
overrides (Catala's labels and exceptions). Every clause carries its source document and a
verbatim quote.

The checks that need more than one field (labels, exceptions, conditions, history across
versions) are in :mod:`assistant.agreement.sheet_checks`.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.agreement.expressions import FactType
from assistant.agreement.facts import FACT_TYPES
from assistant.agreement.money import Money
from assistant.agreement.outcomes import Outcome
from assistant.agreement.plain_words import plain
from assistant.agreement.quotes import SourceQuote
from assistant.yaml_source import check_patterns

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"

#: The most words a clause's gist may have: it is the reason a verdict's first lines give.
GIST_WORDS = 25

ChangeKind = Literal["initial", "added", "changed", "reaffirmed", "unchanged", "contested", "ended"]
#: Every kind of history entry. ``initial``: the provision as the first version (the article)
#: states it; ``added``: new in this version; ``changed``; ``reaffirmed``: the version's source
#: restates it; ``unchanged``: carried over without mention; ``contested``: sources disagree on
#: what became of it; ``ended``: it no longer affects any outcome from this version on.
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
#: The kinds that count as a change to tell the reader about.
CHANGE_NEWS: tuple[str, ...] = ("added", "changed", "contested", "ended")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Effective(_Strict):
    """The event dates a clause governs: from ``from`` through ``to`` (open-ended when absent)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: datetime.date = Field(alias="from")
    end: datetime.date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self


class Reading(_Strict):
    """One reading of a contested parameter, with the source that supports it.

    Attributes:
        id: How the sheet names it.
        short: It in a few words, to follow a value: "yes *at the article's AUD$100 billion*".
        label: It in a phrase ("as the article writes it (AUD$100 billion)").
        value: The parameter's value under it.
        source: The corpus document that supports it.
        quote: A verbatim sentence of that document.
    """

    id: str = Field(pattern=SLUG)
    short: str = Field(min_length=1, max_length=60)
    label: str = Field(min_length=1)
    value: bool | Money
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)

    @field_validator("short", "label")
    @classmethod
    def _plain(cls, value: str) -> str:
        return plain(value) or value


class Parameter(_Strict):
    """A constant the clauses use, with one reading per source position (two when contested).

    Attributes:
        name: How conditions refer to it.
        type: Its type (``money``).
        description: What it is.
        contested: What the sources disagree on, in words, when there is more than one reading.
        readings: Each reading with its value and the quote that supports it.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["money", "bool"]
    description: str = Field(min_length=1)
    contested: str | None = None
    readings: list[Reading] = Field(min_length=1)

    @field_validator("description", "contested")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return plain(value)

    @field_validator("readings")
    @classmethod
    def _distinct(cls, value: list[Reading]) -> list[Reading]:
        ids = [r.id for r in value]
        if len(set(ids)) != len(ids):
            raise ValueError(f"reading ids repeat: {ids}")
        return value

    @model_validator(mode="after")
    def _typed(self) -> Parameter:
        wanted = bool if self.type == "bool" else Money
        for reading in self.readings:
            if not isinstance(reading.value, wanted):
                raise ValueError(f"reading {reading.id!r}: value {reading.value!r} is not of type {self.type}")
        return self


class Default(_Strict):
    """What a missing fact is read as, and the assumption sentence the verdict then states."""

    fact: str
    value: bool
    assumption: str = Field(min_length=1)

    @field_validator("assumption")
    @classmethod
    def _plain(cls, value: str) -> str:
        return plain(value) or value

    @field_validator("fact")
    @classmethod
    def _boolean_fact(cls, value: str) -> str:
        if FACT_TYPES.get(value) != FactType("bool"):
            raise ValueError(f"{value!r} is not a true/false fact ({', '.join(FACT_TYPES)})")
        return value


class Clause(_Strict):
    """One rule of one terms version.

    Attributes:
        id: Unique across the sheet.
        provision: The label the clause's versions share over time (e.g. ``first-refusal``).
        terms: The terms version the clause belongs to.
        label: The priority label other clauses may be exceptions to (defaults to ``id``).
        exception_to: The label this clause overrides when both apply.
        priority_reason: Why this clause wins over the one it is an exception to.
        effective: The event dates the clause governs.
        condition: When it applies, in the condition language.
        outcomes: What it decides when it applies.
        title: A short name of the rule for people ("AGI unravels the deal"), shown in traces.
        gist: Why an outcome is what it is when this clause decides it, in at most
            :data:`GIST_WORDS` words: the reason a verdict's first lines give.
        explanation: Plain-language statement of the rule.
        source: Corpus document of the quote.
        quote: Verbatim text of that document the clause rests on.
        supporting: Further quotes (e.g. a dated note confirming a term).
        unknown_notes: Assumption sentences to state when a named fact is missing.
    """

    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3, max_length=80)
    gist: str = Field(min_length=3)
    provision: str = Field(pattern=SLUG)
    terms: str = Field(pattern=r"^\d{4}-\d{2}$")
    label: str = Field(default="", pattern=r"^$|^[a-z0-9]+(-[a-z0-9]+)*$")
    exception_to: str | None = Field(default=None, pattern=SLUG)
    priority_reason: str | None = None
    effective: Effective
    condition: str = Field(min_length=1)
    outcomes: dict[Outcome, bool] = Field(min_length=1)
    explanation: str = Field(min_length=1)
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    supporting: list[SourceQuote] = Field(default_factory=list)
    unknown_notes: dict[str, str] = Field(default_factory=dict)

    @field_validator("title", "gist", "explanation", "priority_reason")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        return plain(value)

    @field_validator("gist")
    @classmethod
    def _short(cls, value: str) -> str:
        words = len(value.split())
        if words > GIST_WORDS:
            raise ValueError(f"has {words} words; a gist has at most {GIST_WORDS}")
        return value

    @model_validator(mode="after")
    def _complete(self) -> Clause:
        if not self.label:
            object.__setattr__(self, "label", self.id)
        if self.exception_to and not self.priority_reason:
            raise ValueError("an exception needs a priority_reason saying why it wins")
        if self.exception_to == self.label:
            raise ValueError("a clause cannot be an exception to its own label")
        unknown = sorted(set(self.unknown_notes) - set(FACT_TYPES))
        if unknown:
            raise ValueError(f"unknown_notes names facts that do not exist: {unknown}")
        return self

    def quotes(self) -> list[SourceQuote]:
        """The main quote first, then the supporting ones."""
        return [SourceQuote(source=self.source, quote=self.quote), *self.supporting]


class TermsInfo(_Strict):
    """A terms version: its id, what it is, from when it was in force, and the quote that dates it.

    Attributes:
        id: ``YYYY-MM``.
        name: How answers name it in a sentence ("the October 2025 definitive agreement").
        title: What the version is, in a sentence fragment.
        label: A short name for selectors and timelines ("October 2025 definitive agreement").
        in_force_from: The day it came into force (announced).
        source: The corpus document that establishes it.
        quote: A verbatim sentence of that document saying so.
        aliases: Regular expressions (case-insensitive) by which questions name this version
            ("definitive agreement"), for "What changed since …?" questions.
        note: Anything a reader of the sheet should know.
    """

    id: str = Field(pattern=r"^\d{4}-\d{2}$")
    name: str = Field(min_length=1, max_length=80)
    title: str = Field(min_length=1)
    label: str = Field(min_length=1)
    in_force_from: datetime.date
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("aliases")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)

    @field_validator("name", "title", "label")
    @classmethod
    def _plain(cls, value: str) -> str:
        return plain(value) or value


class ProvisionChange(_Strict):
    """What became of one provision in one terms version.

    Attributes:
        provision: The provision label.
        kind: One of :data:`CHANGE_KINDS`.
        summary: In words. For news (``changed`` ...) it completes "Changed on 28 Oct 2025: …".
        source: The corpus document that says so (not needed for ``unchanged``).
        quote: A verbatim sentence of it.
        headline: One of the changes the version is known for ("Azure exclusivity ended" for the April
            2026 amendment): a sentence saying what a version changed names these first.
    """

    provision: str = Field(pattern=SLUG)
    kind: ChangeKind
    summary: str = Field(min_length=1)
    source: str | None = None
    quote: str | None = None
    headline: bool = False

    @field_validator("summary")
    @classmethod
    def _plain(cls, value: str) -> str:
        return plain(value) or value

    @model_validator(mode="after")
    def _sourced(self) -> ProvisionChange:
        if self.kind != "unchanged" and not (self.source and self.quote):
            raise ValueError(f"an entry of kind {self.kind!r} needs a source and a verbatim quote")
        if bool(self.source) != bool(self.quote):
            raise ValueError("give both source and quote, or neither")
        return self


class ClauseFile(_Strict):
    """One clause file as written.

    Its clauses are validated one by one afterwards (as :class:`Clause`), so that each problem
    names its clause; ``history`` is what became of each provision in this version.
    """

    terms: TermsInfo
    parameters: list[Parameter] = Field(default_factory=list)
    defaults: list[Default] = Field(default_factory=list)
    clauses: list[dict[str, Any]] = Field(min_length=1)
    history: list[ProvisionChange] = Field(min_length=1)
