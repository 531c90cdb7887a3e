"""Metrics of casual suites, for the whole suite and for each half of its tune/held-out split.

A *question* is a single-question case or one turn of a conversation; *in scope* means expected
to be answered (``expect: answer`` or ``whatif``), *out of scope* expected to be declined.

- ``in_scope_declined``: in-scope questions declined / in-scope questions.
- ``out_of_scope_answered``: out-of-scope questions answered (grounded or what-if) / out-of-scope questions.
- ``fact_accuracy``: ``must_state`` facts found in the answer's text / facts required, over in-scope
  questions that were answered (a declined question counts in ``in_scope_declined`` instead).
- ``summary_states_fact``: the same check on the answer's one-sentence ``summary``; an answer
  without a summary states nothing.
- ``whatif_routing``: what-if questions (``expect: whatif``) the clause evaluator answered / what-if questions.
- ``outcome_accuracy``: expected outcomes matched / expected outcomes, over the what-if questions.
- ``routing_accuracy``: in-scope questions sent to the evaluator exactly when a what-if was expected.
- ``citation_validity``: citations verbatim at their offsets / citations.
- ``turn_pass_rate``: turns of conversations that passed / turns of conversations.
- ``ece``: the expected calibration error of the answer-or-decline decision
  (see :mod:`assistant.evaluation.calibration`).
- ``pass_rate``: cases that passed / cases.

The suite's own keys hold the figures over all its cases; ``tuning.<metric>`` and
``heldout.<metric>`` the figures over each half (see :mod:`assistant.evaluation.split`).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evaluation.calibration import turn_reliability
from assistant.evaluation.metrics import ratio
from assistant.evaluation.results import CaseResult, TurnResult
from assistant.evaluation.split import HALVES

IN_SCOPE = ("answer", "whatif")


def question_metrics(turns: Sequence[TurnResult]) -> dict[str, float | None]:
    """In-scope declined, out-of-scope answered, fact accuracy and summary facts over ``turns``."""
    asked = [t for t in turns if t.kind is not None]
    in_scope = [t for t in asked if t.expect in IN_SCOPE]
    out_of_scope = [t for t in asked if t.expect == "abstain"]
    answered = [t for t in in_scope if t.kind != "abstain"]
    facts = [found for t in answered for found in t.facts]
    summary = [found for t in answered for found in t.summary_facts]
    return {
        "in_scope_declined": ratio(sum(t.kind == "abstain" for t in in_scope), len(in_scope)),
        "out_of_scope_answered": ratio(sum(t.kind != "abstain" for t in out_of_scope), len(out_of_scope)),
        "fact_accuracy": ratio(sum(facts), len(facts)),
        "summary_states_fact": ratio(sum(summary), len(summary)),
    }


def casual_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """Every casual metric (see the module docstring) over ``cases``, unrounded."""
    turns = [t for c in cases for t in c.turns if t.kind is not None]
    whatifs = [t for t in turns if t.expect == "whatif"]
    in_scope = [t for t in turns if t.expect in IN_SCOPE]
    outcomes = [ok for t in whatifs for ok in t.outcomes.values()]
    conversation_turns = [t for c in cases if len(c.turns) > 1 for t in c.turns]
    calibration = turn_reliability(turns)
    return {
        "pass_rate": ratio(sum(c.passed for c in cases), len(cases)),
        **question_metrics(turns),
        "whatif_routing": ratio(sum(t.kind == "whatif" for t in whatifs), len(whatifs)),
        "outcome_accuracy": ratio(sum(outcomes), len(outcomes)),
        "routing_accuracy": ratio(sum(t.routed_whatif == t.expected_whatif for t in in_scope), len(in_scope)),
        "citation_validity": ratio(sum(t.valid_citations for t in turns), sum(t.citations for t in turns)),
        "turn_pass_rate": ratio(sum(t.passed for t in conversation_turns), len(conversation_turns)),
        "ece": calibration.ece if calibration is not None else None,
    }


def split_metrics(cases: Sequence[CaseResult]) -> dict[str, float | None]:
    """The casual metrics over all ``cases``, then as ``<half>.<metric>`` over each half that has cases."""
    values = casual_metrics(cases)
    for half in HALVES:
        members = [c for c in cases if c.half == half]
        if members:
            values.update({f"{half}.{name}": value for name, value in casual_metrics(members).items()})
    return values
