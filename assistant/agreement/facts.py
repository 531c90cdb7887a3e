"""The facts a scenario can state, and the values the enumerated ones take.

The clause sheets name these facts in their conditions and the evaluator reads them from a
:class:`~assistant.whatif.engine.scenario.Scenario`; both take the vocabulary from here.
"""

from __future__ import annotations

from typing import Literal

Workload = Literal["api", "research", "training", "product"]
Provider = Literal["azure", "oracle", "aws", "google", "coreweave", "other"]
DatePrecision = Literal["day", "month", "year"]

WORKLOADS: tuple[str, ...] = ("api", "research", "training", "product")
PROVIDERS: tuple[str, ...] = ("azure", "oracle", "aws", "google", "coreweave", "other")
FACT_NAMES: tuple[str, ...] = (
    "event_date",
    "profit",
    "agi_declared",
    "agi_verified_by_panel",
    "capacity_request",
    "microsoft_can_meet",
    "workload",
    "provider",
)

PROVIDER_NAMES = {
    "azure": "Azure",
    "oracle": "Oracle",
    "aws": "AWS",
    "google": "Google Cloud",
    "coreweave": "CoreWeave",
    "other": "another provider",
}
