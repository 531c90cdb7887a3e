"""What never belongs in words people read: ids, names of facts and outcomes, pieces of conditions.

The clause sheet's clause ids and labels (``agi-unravels-2025-01``), the names of facts, outcomes and
parameters (``agi_reached``) and the condition language (``>=``, ``known(``) are for the sheet and
the trace's data; the texts that answers, tables and traces show are checked against
:data:`NOT_PLAIN` when the data files load.
"""

from __future__ import annotations

import re

NOT_PLAIN = re.compile(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b|\b[a-z]+(?:_[a-z0-9]+)+\b|[<>=!]=|\bknown\(")


def plain(value: str | None) -> str | None:
    """``value`` when it is plain words (or ``None``).

    Raises:
        ValueError: Naming the first token that is not plain words.
    """
    if value is not None and (found := NOT_PLAIN.search(value)):
        raise ValueError(f"{found.group()!r} is not plain words: people read this text")
    return value
