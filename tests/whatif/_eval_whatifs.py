"""Every what-if question in the eval suites (whatif, followup, casual), answered once through respond().

Conversations keep their earlier questions; a turn's ``terms`` is passed as the suite gives it. Shared
by the tests of the answers' budgets, of the article's reading beside them, and of their plain words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

import yaml

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.respond import WhatIfResponse, respond

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite
TODAY = datetime.date(2026, 12, 2)
SUITES = ("whatif", "followup", "casual")


@dataclass(frozen=True)
class EvalWhatIf:
    """One what-if turn of an eval suite and the answer respond() gives it."""

    suite: str
    case: str
    question: str
    terms: str | None
    response: WhatIfResponse

    @property
    def id(self) -> str:
        """``whatif/wi-001: What if …``, for test ids."""
        return f"{self.suite}/{self.case}: {self.question[:60]}"


@lru_cache(maxsize=1)
def eval_whatifs() -> tuple[EvalWhatIf, ...]:
    """Every question of the suites that respond() answers as a what-if."""
    found = []
    for suite in SUITES:
        data = yaml.safe_load((PROJECT_ROOT / "evals" / f"{suite}.yaml").read_text(encoding="utf-8"))
        for case in data["cases"]:
            earlier: list[str] = []
            for turn in case.get("turns") or [case]:
                question = turn.get("question")
                if not question:
                    continue
                terms = turn.get("terms")
                response = respond(question, list(earlier), terms=terms, today=TODAY, locate=LOCATE)
                earlier.append(question)
                if response is not None and response.kind == "whatif":
                    found.append(EvalWhatIf(suite, case["id"], question, terms, response))
    return tuple(found)
