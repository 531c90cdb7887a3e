"""What a run produces: each turn's, case's and suite's result.

The runner (:mod:`assistant.evaluation.runner`) fills them in, the checks
(:mod:`assistant.evaluation.checks`) build the turn results, and scoring and reports
(:mod:`assistant.evaluation.scoring`, :mod:`assistant.evaluation.report`) read them; keeping
them here lets those modules depend on the results without depending on each other.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class TurnResult(BaseModel):
    """What one question got, and how it fared against its expectations.

    Attributes:
        question: The question (or the scenario, described) that was asked.
        passed: Every check passed.
        problems: One line per failed check.
        kind: The answer's kind; ``None`` for retrieval and direct scenario evaluation.
        expect: The expected kind, if checked.
        confidence: The answer's confidence.
        latency_ms: Wall time of the call.
        text: The start of the answer's text.
        facts: For each ``must_state`` fact, whether it was found.
        summary_facts: For each ``must_state`` fact, whether the answer's one-sentence summary states
            it (``False`` when the answer has no summary).
        overlap: Share of the question's content words found in its gold passages (see
            :mod:`assistant.evaluation.overlap`); ``None`` when unknown (no gold, or no question).
        citations: Number of citations.
        valid_citations: Citations whose quote is verbatim at its offsets.
        gold_citations: Citations of the answer's own paragraphs that overlap a gold passage.
        answer_citations: Citations of the answer's own paragraphs ("Changed on …" lines report later
            changes and are left out of citation precision; every citation is checked for validity).
        cited_gold: Whether some citation is gold; ``None`` when not checked.
        outcomes: For each expected outcome, whether it matched.
        parsed: For each expected fact, whether the question was read that way.
        fired: For each expected clause, whether it applied.
        routed_whatif: Whether the clause evaluator answered; ``None`` when not checked.
        expected_whatif: Whether it should have.
        ranking: Retrieval only: the ranking as gold or chunk ids (see :func:`label_ranking`).
        relevant: Retrieval only: the gold passage ids.
    """

    question: str
    passed: bool = True
    problems: list[str] = Field(default_factory=list)
    kind: str | None = None
    expect: str | None = None
    confidence: float | None = None
    latency_ms: float = 0.0
    text: str = ""
    facts: list[bool] = Field(default_factory=list)
    summary_facts: list[bool] = Field(default_factory=list)
    overlap: float | None = None
    citations: int = 0
    valid_citations: int = 0
    gold_citations: int = 0
    answer_citations: int = 0
    cited_gold: bool | None = None
    outcomes: dict[str, bool] = Field(default_factory=dict)
    parsed: dict[str, bool] = Field(default_factory=dict)
    fired: dict[str, bool] = Field(default_factory=dict)
    routed_whatif: bool | None = None
    expected_whatif: bool | None = None
    ranking: list[list[str]] = Field(default_factory=list)
    relevant: list[str] = Field(default_factory=list)

    def fail(self, problem: str) -> None:
        """Record a failed check."""
        self.passed = False
        self.problems.append(problem)


class CaseResult(BaseModel):
    """One case's outcome.

    Attributes:
        suite: The suite's name.
        id: The case id.
        category: The case's category.
        passed: Every turn passed.
        turns: Each turn's result.
        persona: Who asks (casual suites), else ``None``.
        half: ``tuning`` or ``heldout`` when the suite names a split, else ``None``.
    """

    suite: str
    id: str
    category: str
    passed: bool
    turns: list[TurnResult] = Field(default_factory=list)
    persona: str | None = None
    half: str | None = None

    @property
    def problems(self) -> list[str]:
        """Every turn's problems, prefixed with the turn number for conversations."""
        if len(self.turns) == 1:
            return list(self.turns[0].problems)
        return [f"turn {n}: {p}" for n, t in enumerate(self.turns, start=1) for p in t.problems]


class SuiteResult(BaseModel):
    """A suite's outcome: its cases, metrics and per-category pass counts."""

    name: str
    kind: str
    file: str
    cases: list[CaseResult]
    metrics: dict[str, float]
    categories: dict[str, dict[str, int]]
    seconds: float

    @property
    def passed(self) -> int:
        """Number of cases that passed."""
        return sum(c.passed for c in self.cases)
