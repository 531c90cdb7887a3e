from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.matching import Span
from assistant.models import Answer, Citation
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
ARTICLE = "stargate-article.txt"


@pytest.fixture(scope="session")
def sources() -> SourceTexts:
    return SourceTexts(CORPUS, 20_000_000)


def cite(sources: SourceTexts, source: str, quote: str) -> Citation:
    """A real, verbatim citation of ``quote``."""
    citation = sources.cite(source, quote)
    assert citation is not None, quote
    return citation


class FakeSystem:
    """A system under test whose answers and rankings are fixed per question."""

    def __init__(
        self,
        answers: dict[str, Answer | Callable[[list[tuple[str, str]]], Answer]] | None = None,
        rankings: dict[str, list[tuple[str, Span]]] | None = None,
        top_k: int = 2,
    ) -> None:
        self.answers = answers or {}
        self.rankings = rankings or {}
        self.top_k = top_k
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def answer(self, question: str, history: list[tuple[str, str]], terms: str | None) -> Answer:
        self.calls.append((question, list(history)))
        found = self.answers[question]
        return found(history) if callable(found) else found

    def retrieve(self, question: str, depth: int) -> list[tuple[str, Span]]:
        return self.rankings[question][:depth]
