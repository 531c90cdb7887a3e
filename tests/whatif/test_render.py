from __future__ import annotations

from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.web.scenario_form import evaluate_fields
from assistant.whatif.render import OutcomeRow, outcome_table_html

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite


def test_outcome_table_escapes_and_marks_each_verdict() -> None:
    rows = [
        OutcomeRow(outcome="agi_reached", title="AGI <b>", value="yes", reason="r & s", quote="[1] “q”"),
        OutcomeRow(outcome="revenue_sharing", title="Rev", value="not covered", reason="silent", quote="-"),
    ]
    page = outcome_table_html(rows)
    assert "AGI &lt;b&gt;" in page and "r &amp; s" in page
    assert "<span class='verdict verdict-yes'>yes</span>" in page
    assert "<span class='verdict verdict-not-covered'>not covered</span>" in page
    assert page.count("<tr>") == 3


def test_trace_lists_every_clause_step_with_atoms_and_quote() -> None:
    result = evaluate_fields(
        {"profit_billions": 150, "date": "2027", "capacity_request": "yes", "microsoft_can_meet": "no"}, LOCATE
    )
    assert result.verdict is not None
    for step in result.verdict.trace:
        assert f"`{step.clause}`" in result.trace
    assert "→ yes" in result.trace and "- quote: “" in result.trace
    assert "overridden by:" in result.trace
