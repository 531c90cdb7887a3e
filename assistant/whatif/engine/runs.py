"""What one evaluation of a terms version holds, under one choice of readings of its contested parameters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from assistant.agreement.clause_file import Clause, Reading
from assistant.agreement.outcomes import Outcome
from assistant.whatif.engine.conditions import AtomResult
from assistant.whatif.engine.verdict import OutcomeDecision


@dataclass
class ClauseResult:
    """How one clause fared.

    Attributes:
        clause: The clause.
        in_effect: Whether the event date falls in the dates it governs (``None``: partly).
        applies: In effect and its condition true (``None`` when unknown).
        atoms: Each atom of its condition with its value, left to right.
    """

    clause: Clause
    in_effect: bool | None
    applies: bool | None
    atoms: list[AtomResult]


@dataclass
class ReadingRun:
    """Everything decided under one choice of readings.

    Attributes:
        choice: The reading used for each contested parameter, by parameter name.
        clause_results: Each evaluated clause's result, by clause id.
        decisions: Each outcome's decision under this choice.
        overridden_by: For each clause, the ``(winning clause, outcome)`` pairs of the exceptions
            that overrode it.
        assumptions: What was assumed for facts the scenario leaves out, in words.
    """

    choice: dict[str, Reading]
    clause_results: dict[str, ClauseResult] = field(default_factory=dict)
    decisions: dict[Outcome, OutcomeDecision] = field(default_factory=dict)
    overridden_by: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    assumptions: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The readings in words, e.g. ``as the article writes it (AUD$100 billion)``."""
        return "; ".join(reading.label for reading in self.choice.values())
