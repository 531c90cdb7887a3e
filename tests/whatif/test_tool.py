from __future__ import annotations

import json

from langchain_core.messages import ToolMessage
from langchain_core.tools import StructuredTool

from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.tool import make_whatif_tool


def test_tool_schema_is_the_scenario() -> None:
    tool = make_whatif_tool()
    assert isinstance(tool, StructuredTool)
    assert tool.args_schema is Scenario
    assert set(tool.args) >= {"event_date", "profit", "agi_declared", "capacity_request", "microsoft_can_meet"}


def test_tool_evaluates_a_scenario() -> None:
    tool = make_whatif_tool("2025-01")
    content = tool.invoke({"event_date": "2027-06-30", "profit": {"amount": "150000000000", "currency": "USD"}})
    data = json.loads(content)
    assert data["outcomes"]["agi_reached"] is True
    assert data["outcomes"]["microsoft_ip_access"] is False
    assert data["terms"] == "2025-01"


def test_tool_evaluates_under_the_terms_in_force_on_the_date_with_the_articles_beside() -> None:
    data = json.loads(make_whatif_tool().invoke({"event_date": "2027-06-30", "profit": "US$150 billion"}))
    assert data["terms"] == "2026-04"
    assert data["outcomes"]["microsoft_ip_access"] is True
    assert data["compared"]["2025-01"]["microsoft_ip_access"] is False


def test_tool_keeps_year_precision_and_accepts_money_text() -> None:
    tool = make_whatif_tool("2025-01")
    data = json.loads(tool.invoke({"event_date": "2030", "profit": "US$50 billion"}))
    assert data["scenario"]["date_precision"] == "year"
    assert data["outcomes"]["api_exclusive_to_azure"] is True


def test_tool_call_returns_the_verdict_as_artifact() -> None:
    tool = make_whatif_tool()
    message = tool.invoke(
        {
            "type": "tool_call",
            "id": "call-1",
            "name": tool.name,
            "args": {"event_date": "2031-01-01", "workload": "api"},
        }
    )
    assert isinstance(message, ToolMessage)
    assert isinstance(message.artifact, Verdict)
    assert message.artifact.outcomes["openai_may_use_other_cloud"] is True


def test_tool_reports_bad_input_instead_of_raising() -> None:
    tool = make_whatif_tool()
    assert "not a date that exists" in tool.invoke({"event_date": "2027-02-30"})
    assert "no reference rate" in make_whatif_tool("2025-01").invoke({"profit": "EUR 5bn", "event_date": "2027"})
