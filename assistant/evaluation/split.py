"""A suite's tune/held-out split: which cases a change may be tuned on, and which judge it.

A suite file names its split rather than the code hard-coding one::

    split: {by: id-parity, tuning: odd}

``id-parity`` reads the number an id ends with (``casual-007`` → 7): cases whose number has the
named parity are the *tuning* half, the others the *held-out* half. A change tuned on the tuning
half is judged on the held-out half, which it was not tuned on.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

TUNING = "tuning"
HELD_OUT = "heldout"
#: The halves, in the order reports show them (after ``all``).
HALVES: tuple[str, ...] = (TUNING, HELD_OUT)
_TRAILING_NUMBER = re.compile(r"(\d+)$")


class Split(BaseModel):
    """How a suite's cases divide into a tuning half and a held-out half.

    Attributes:
        by: The rule; ``id-parity`` is the only one so far.
        tuning: Which parity of the id's trailing number is the tuning half.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: Literal["id-parity"] = "id-parity"
    tuning: Literal["odd", "even"] = "odd"

    def problem_with(self, case_id: str) -> str | None:
        """Why ``case_id`` cannot be placed in a half, or ``None`` when it can."""
        if _TRAILING_NUMBER.search(case_id) is None:
            return f"split by {self.by} needs ids that end in a number (e.g. casual-007), not {case_id!r}"
        return None

    def half_of(self, case_id: str) -> str:
        """``"tuning"`` or ``"heldout"`` for ``case_id``.

        Raises:
            ValueError: When the id does not end in a number (see :meth:`problem_with`).
        """
        found = _TRAILING_NUMBER.search(case_id)
        if found is None:
            raise ValueError(self.problem_with(case_id))
        odd = int(found.group(1)) % 2 == 1
        return TUNING if odd == (self.tuning == "odd") else HELD_OUT
