"""The deterministic "what-if" clause evaluator.

Questions such as "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep
access to its technology?" are read into a typed :class:`Scenario`, evaluated against the clause
sheet (``assistant/data/clauses/*.yaml``) and answered with a :class:`Verdict` per outcome, its
reasons, a trace of every clause and the quotes they rest on. No language model is involved.
"""

from __future__ import annotations

from assistant.whatif.clauses import UnknownTermsError
from assistant.whatif.evaluator import evaluate
from assistant.whatif.money import CurrencyMismatchError, ExchangeRate, Money
from assistant.whatif.outcomes import OUTCOMES, Outcome
from assistant.whatif.respond import WhatIfResponse, respond
from assistant.whatif.scenario import Scenario
from assistant.whatif.verdict import ClauseStep, Verdict

__all__ = [
    "OUTCOMES",
    "ClauseStep",
    "CurrencyMismatchError",
    "ExchangeRate",
    "Money",
    "Outcome",
    "Scenario",
    "UnknownTermsError",
    "Verdict",
    "WhatIfResponse",
    "evaluate",
    "respond",
]
