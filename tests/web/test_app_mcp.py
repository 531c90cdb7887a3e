"""``python app.py --mcp`` exposes exactly ask and evaluate_scenario as MCP tools, listed and called by an MCP client.

Needs the ``mcp`` extra, which ``make test`` installs (so this runs on every ``make test``); skipped without it.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from assistant.api import Assistant
from assistant.settings import Settings

from ..conftest import launched_app

mcp = pytest.importorskip("mcp", reason="needs the optional extra: pip install '.[mcp]'")


async def _session(url: str) -> tuple[list[str], dict, dict]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    async with (
        streamable_http_client(url + "gradio_api/mcp/") as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = sorted(t.name for t in (await session.list_tools()).tools)
        asked = await session.call_tool("ask", {"question": "Is the OpenAI API exclusive to Azure?"})
        scenario = await session.call_tool("evaluate_scenario", {"profit_billions": 150, "date": "2027"})
        return tools, _payload(asked), _payload(scenario)


def _payload(result: object) -> dict:
    text = result.content[0].text  # type: ignore[attr-defined]
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        import ast

        return ast.literal_eval(text)


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_mcp_tools_are_ask_and_evaluate_scenario(corpus_assistant: Assistant, corpus_settings: Settings) -> None:
    with launched_app(corpus_settings, "--mcp") as url:
        tools, asked, scenario = asyncio.run(_session(url))
    assert tools == ["ask", "evaluate_scenario"]
    assert asked["kind"] == "answer" and asked["citations"]
    assert scenario["verdict"]["terms"] == "2026-04"  # in force in 2027; the article's reading beside it
    assert scenario["verdict"]["compared"]["2025-01"]["agi_reached"] is True
