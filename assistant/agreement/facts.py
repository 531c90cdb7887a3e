"""The facts a scenario can state, their types, and the values the enumerated ones take.

The clause sheets name these facts in their conditions and the evaluator reads them from a
:class:`~assistant.whatif.engine.scenario.Scenario`; both take the vocabulary from here.
"""

from __future__ import annotations

from typing import Literal

from assistant.agreement.expressions import FactType

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

#: The type of each fact, as conditions in the clause sheet may use it.
FACT_TYPES: dict[str, FactType] = {
    "event_date": FactType("date"),
    "profit": FactType("money"),
    "agi_declared": FactType("bool"),
    "agi_verified_by_panel": FactType("bool"),
    "capacity_request": FactType("bool"),
    "microsoft_can_meet": FactType("bool"),
    "workload": FactType("enum", WORKLOADS),
    "provider": FactType("enum", PROVIDERS),
}

PROVIDER_NAMES = {
    "azure": "Azure",
    "oracle": "Oracle",
    "aws": "AWS",
    "google": "Google Cloud",
    "coreweave": "CoreWeave",
    "other": "another provider",
}
#: The cloud providers' names as words a question may use for them ("google", "coreweave", "aws").
PROVIDER_WORDS = frozenset(
    word.lower() for name in PROVIDER_NAMES.values() for word in name.split() if word not in ("another", "provider")
) | frozenset(p for p in PROVIDERS if p != "other")
