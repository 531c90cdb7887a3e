"""The fixed vocabulary of outcomes a verdict decides, with their plain-language names."""

from __future__ import annotations

from typing import Literal, get_args

Outcome = Literal[
    "agi_reached",
    "microsoft_ip_access",
    "api_exclusive_to_azure",
    "revenue_sharing",
    "microsoft_first_refusal",
    "openai_may_use_other_cloud",
]

OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

OUTCOME_TITLES: dict[Outcome, str] = {
    "agi_reached": "AGI reached",
    "microsoft_ip_access": "Microsoft keeps access to OpenAI's IP",
    "api_exclusive_to_azure": "OpenAI API exclusive to Azure",
    "revenue_sharing": "Revenue sharing continues",
    "microsoft_first_refusal": "Microsoft has a right of first refusal on new capacity",
    "openai_may_use_other_cloud": "OpenAI may use another cloud for this workload",
}

#: Shorter names, for lists of outcomes that share a reason.
OUTCOME_SHORT: dict[Outcome, str] = {
    "agi_reached": "AGI reached",
    "microsoft_ip_access": "IP access",
    "api_exclusive_to_azure": "API exclusive to Azure",
    "revenue_sharing": "revenue sharing",
    "microsoft_first_refusal": "first refusal",
    "openai_may_use_other_cloud": "another cloud",
}
