"""An assistant cites from its own corpus, never from the configured one (what-if and timeline answers)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from assistant.api import Assistant
from assistant.settings import PROJECT_ROOT, Settings

ARTICLE = "stargate-article.txt"


def _assistant_on_the_article_alone(tmp_path: Path) -> Assistant:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / ARTICLE, corpus / ARTICLE)
    return Assistant(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"))


def _markers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\[(\d+)\]", text)}


def test_a_whatif_answer_cites_only_the_assistants_corpus(tmp_path: Path) -> None:
    assistant = _assistant_on_the_article_alone(tmp_path)
    answer = assistant.answer("What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep its IP access?")
    assert answer.kind == "whatif" and answer.citations
    assert {c.source for c in answer.citations} == {ARTICLE}
    assert _markers(answer.text) == set(range(1, len(answer.citations) + 1))
    assert any("was not found in the corpus" in notice for notice in answer.notices)


def test_a_timeline_answer_cites_only_the_assistants_corpus(tmp_path: Path) -> None:
    assistant = _assistant_on_the_article_alone(tmp_path)
    answer = assistant.answer("How has the right of first refusal changed?")
    assert answer.kind == "answer"
    assert {c.source for c in answer.citations} <= {ARTICLE}
    assert _markers(answer.text) == set(range(1, len(answer.citations) + 1))
