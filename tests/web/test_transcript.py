from __future__ import annotations

import datetime as dt

from assistant.models import Answer, Citation
from assistant.web.transcript import conversation_markdown

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
