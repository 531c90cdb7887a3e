"""The evaluator's result: outcomes, reasons, the scenario, the terms, the assumptions and a trace."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, computed_field, model_serializer, model_validator

from assistant.agreement.outcomes import Outcome
from assistant.citation import Citation
from assistant.whatif.engine.scenario import Scenario


class AtomTrace(BaseModel):
    """One atom of a clause's condition.

    Attributes:
        expression: The atom as written (``event_date > 2030-12-31``).
        value: ``True``, ``False`` or ``None`` when a fact it needs is unknown.
        inputs: The value of each name it read, for people.
        note: A conversion it made (with the reference rate) or an assumption.
    """

    expression: str
    value: bool | None
    inputs: dict[str, str] = Field(default_factory=dict)
    note: str | None = None


class ClauseStep(BaseModel):
    """How one clause fared.

    Attributes:
        clause: The clause id.
        provision: The provision label its versions share.
        terms: The terms version.
        label: Its priority label.
        exception_to: The label it overrides, if any.
        priority_reason: Why it wins over that label.
        effects: What it decides when it applies.
        effective: The event dates it governs, in words.
        in_effect: Whether the event date falls in them (``None`` when it straddles them).
        condition: Its condition as written.
        atoms: Each atom with its value.
        applies: Whether it applies (in effect and condition true); ``None`` when unknown.
        decided: The outcomes it decided in the verdict.
        overridden_by: Clauses that applied and overrode it, with the outcome.
        overrides: Clauses it overrode, with the outcome.
        reading: Which parameter readings this step was evaluated under, when they differ.
        explanation: The clause in plain words.
        citations: The clause's quotes found in a corpus, the main quote first; empty until the verdict
            is cited (:func:`assistant.whatif.citing.cite_verdict`).
    """

    clause: str
    provision: str
    terms: str
    label: str
    exception_to: str | None = None
    priority_reason: str | None = None
    effects: dict[str, bool]
    effective: str
    in_effect: bool | None
    condition: str
    atoms: list[AtomTrace]
    applies: bool | None
    decided: list[str] = Field(default_factory=list)
    overridden_by: list[str] = Field(default_factory=list)
    overrides: list[str] = Field(default_factory=list)
    reading: str | None = None
    explanation: str
    citations: list[Citation] = Field(default_factory=list)


class ReadingResult(BaseModel):
    """The outcomes under one combination of readings of the contested parameters.

    Attributes:
        choice: Parameter name to reading id.
        label: The readings in words.
        outcomes: The outcomes under these readings alone.
        citations: The quotes behind the readings, found in a corpus; empty until the verdict is cited
            (:func:`assistant.whatif.citing.cite_verdict`).
    """

    choice: dict[str, str]
    label: str
    outcomes: dict[str, bool | None]
    citations: list[Citation] = Field(default_factory=list)


DecisionStatus = Literal["decided", "undetermined", "silent", "conflict"]


class OutcomeDecision(BaseModel):
    """How one outcome was decided.

    Attributes:
        value: ``True``, ``False`` or ``None``.
        status: ``decided``, ``undetermined`` (a fact or reading decides it), ``silent`` (no clause
            applies) or ``conflict`` (two clauses disagree and neither is an exception to the other).
        clauses: The clauses the decision rests on, in citation order.
        depends_on: For ``undetermined``: the missing facts or the contested parameter.
        reason: Why, in plain words. Serialised with the verdict's ``reasons``, not here.
    """

    value: bool | None
    status: DecisionStatus
    clauses: list[str] = Field(default_factory=list)
    depends_on: list[str] = Field(default_factory=list)
    reason: str = Field(default="", exclude=True)


class Verdict(BaseModel):
    """What the clauses say about a scenario.

    Each outcome's value and reason are kept once, in its decision; ``outcomes`` and ``reasons``
    are read from the decisions. Serialised, a verdict has the keys it always had (``outcomes`` and
    ``reasons`` first, then ``decisions`` ...), and it reads that form back.

    Attributes:
        outcomes: The six outcomes, each ``True``, ``False`` or ``None`` (undetermined).
        reasons: For each outcome, why, in plain words.
        decisions: For each outcome, its value, status, reason and the clauses it rests on.
        scenario: The facts evaluated.
        terms: The terms version used.
        trace: Every clause considered, applied or not, with its atoms and citations.
        assumptions: What was assumed for facts the scenario leaves out.
        readings: The outcomes under each reading of the contested parameters.
        rate: The reference exchange rate used, in words, if one was used.
        notices: Problems met on the way (a quote missing from the corpus, found when citing).
        compared: The outcomes under each other terms version the answer mentions, by version id:
            always the article's (``2025-01``) when ``terms`` is another version, and the version in
            force on the scenario's date when ``terms`` was pinned to another. Filled in by the
            answer (:mod:`assistant.whatif.later_terms`), empty from the evaluator.
    """

    decisions: dict[Outcome, OutcomeDecision]
    scenario: Scenario
    terms: str
    trace: list[ClauseStep]
    assumptions: list[str] = Field(default_factory=list)
    readings: list[ReadingResult] = Field(default_factory=list)
    rate: str | None = None
    notices: list[str] = Field(default_factory=list)
    compared: dict[str, dict[Outcome, bool | None]] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcomes(self) -> dict[Outcome, bool | None]:
        """Each outcome's value, from its decision."""
        return {outcome: decision.value for outcome, decision in self.decisions.items()}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reasons(self) -> dict[Outcome, str]:
        """Each outcome's reason, from its decision."""
        return {outcome: decision.reason for outcome, decision in self.decisions.items()}

    @model_validator(mode="before")
    @classmethod
    def _reasons_into_decisions(cls, data: Any) -> Any:
        """Read the serialised form: each reason, kept beside the decisions, goes back into its decision."""
        if not isinstance(data, dict) or "reasons" not in data:
            return data
        data = dict(data)
        reasons = data.pop("reasons") or {}
        data.pop("outcomes", None)
        decisions = data.get("decisions")
        if isinstance(decisions, dict):
            data["decisions"] = {
                outcome: _with_reason(decision, reasons.get(outcome)) for outcome, decision in decisions.items()
            }
        return data

    @model_serializer(mode="wrap")
    def _outcomes_first(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The serialised form, ``outcomes`` and ``reasons`` first as they always were."""
        data = handler(self)
        first = {key: data.pop(key) for key in ("outcomes", "reasons") if key in data}
        return {**first, **data}


def _with_reason(decision: Any, reason: Any) -> Any:
    if reason is None:
        return decision
    if isinstance(decision, OutcomeDecision):
        return decision.model_copy(update={"reason": reason})
    if isinstance(decision, dict):
        return {**decision, "reason": reason}
    return decision
