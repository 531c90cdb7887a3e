from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.models import Answer, Citation
from assistant.web.transcript import conversation_markdown, write_text_atomically

CITE = Citation(source="stargate-article.txt", quote="right of first refusal", start=5, end=27, title="Article")


def test_conversation_markdown_keeps_every_question_answer_and_quote() -> None:
    turns = [
        ("Who has the ROFR?", Answer(kind="answer", text="Microsoft. [1]", confidence=0.9, citations=[CITE])),
        ("<b>Weather?</b>", Answer(kind="abstain", text="Not covered.", confidence=0.8)),
    ]
    text = conversation_markdown(turns, exported_at=dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC))
    assert text.startswith("# Conversation with the agreement assistant\n\nExported 2026-11-26 07:00 UTC.")
    assert "## 1. Who has the ROFR?" in text
    assert "Microsoft. [1]" in text
    assert "“right of first refusal” — `stargate-article.txt`" in text
    assert "## 2. &lt;b&gt;Weather?&lt;/b&gt;" in text
    assert "**Declined**" in text
    assert conversation_markdown([]).count("No questions were asked") == 1


def test_write_text_atomically_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "c.md"
    write_text_atomically(target, "first")
    write_text_atomically(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["c.md"]


def test_failed_write_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_text_atomically(target, None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.md"]
