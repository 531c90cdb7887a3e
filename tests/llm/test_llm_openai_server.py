"""The language-model layer against a real HTTP server on loopback speaking the OpenAI chat API."""

from __future__ import annotations

import datetime
import time
from typing import Any

import numpy as np
import pytest

from assistant.corpus.sources import SourceTexts
from assistant.llm.backend import LLMBackend
from assistant.llm.factory import make_chat_model
from assistant.models import Answer
from assistant.retrieval.hybrid import Hit
from assistant.settings import Settings
from assistant.whatif.respond import respond

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

TIMEOUT = 5.0  # healthy replies take milliseconds; a loaded test machine gets room
SHORT = 0.5  # the timeout of the tests that wait for it to pass
MARGIN = 2.0  # room for a loaded machine, and still well short of the slow replies (5 s, a 3.4 s trickle)
QUESTION = "Is the OpenAI API exclusive to Azure?"
HEALTHY = (
    "Yes. The OpenAI API is exclusive to Azure and also available through the Azure OpenAI Service [1]. "
    "Microsoft holds a right of first refusal on fresh OpenAI cloud requirements [2]."
)


@pytest.fixture
def offline() -> Answer:
    return Answer(kind="answer", text="offline text [1]", confidence=0.8, question=QUESTION, retrieval_query=QUESTION)


def make_backend(server: Any, sources: SourceTexts, *, streaming: bool = False, timeout: float = TIMEOUT) -> LLMBackend:
    settings = Settings(llm="openai:test-model", llm_base_url=server.base_url, llm_timeout=timeout)
    if not streaming:
        return LLMBackend(settings, sources)
    model = make_chat_model("openai:test-model", server.base_url, timeout, streaming=True)
    return LLMBackend(settings, sources, model=model)


def no_search(query: str) -> tuple[list[Hit], np.ndarray]:
    raise AssertionError("no search expected")


@pytest.mark.parametrize("streaming", [False, True])
def test_healthy_answer(
    openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer, streaming: bool
) -> None:
    openai_server.reply(content=HEALTHY)
    answer = make_backend(openai_server, sources, streaming=streaming).write(offline, hits, [], no_search)
    assert answer.llm == "openai:test-model", answer.notices
    assert answer.text.endswith("Microsoft holds a right of first refusal on fresh OpenAI cloud requirements. [2]")
    assert [c.source for c in answer.citations] == ["stargate-article.txt"] * 2
    request = openai_server.requests[0]
    assert request["model"] == "test-model"
    assert bool(request.get("stream")) is streaming
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert "<question>Is the OpenAI API exclusive to Azure?</question>" in request["messages"][1]["content"]


def test_server_error_falls_back(openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer) -> None:
    openai_server.reply(status=500)
    answer = make_backend(openai_server, sources).write(offline, hits, [], no_search)
    assert answer.llm is None and answer.text == offline.text
    assert answer.notices == [
        "The language model (openai:test-model) was not used: the server answered with an error (HTTP 500). "
        "This is the offline answer."
    ]
    assert len(openai_server.requests) == 1  # no retries


def test_rate_limit_falls_back(openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer) -> None:
    openai_server.reply(status=429, body=b'{"error": {"message": "Rate limit reached", "type": "requests"}}')
    answer = make_backend(openai_server, sources).write(offline, hits, [], no_search)
    assert answer.llm is None and "rate-limiting requests (HTTP 429)" in answer.notices[-1]


@pytest.mark.parametrize("streaming", [False, True])
def test_slow_reply_beyond_the_timeout_returns_in_time(
    openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer, streaming: bool
) -> None:
    openai_server.reply(content=HEALTHY, delay=5.0)
    backend = make_backend(openai_server, sources, streaming=streaming, timeout=SHORT)
    backend.model()  # built before the clock starts, as in the product
    started = time.perf_counter()
    answer = backend.write(offline, hits, [], no_search)
    elapsed = time.perf_counter() - started
    assert elapsed < SHORT + MARGIN
    assert answer.llm is None and answer.text == offline.text
    assert f"no reply within {SHORT:g} s" in answer.notices[-1]


def test_a_stream_that_trickles_past_the_deadline_is_cut(
    openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer
) -> None:
    # Every piece arrives well within the client's read timeout, but the whole takes seconds.
    openai_server.reply(content=HEALTHY, chunk_delay=0.2)
    backend = make_backend(openai_server, sources, streaming=True, timeout=SHORT)
    started = time.perf_counter()
    answer = backend.write(offline, hits, [], no_search)
    assert time.perf_counter() - started < SHORT + MARGIN
    assert answer.llm is None and "no reply within" in answer.notices[-1]


def test_malformed_json_falls_back(openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer) -> None:
    openai_server.reply(body=b'{"id": "chatcmpl-1", "choices": [{"message": ')
    answer = make_backend(openai_server, sources).write(offline, hits, [], no_search)
    assert answer.llm is None and answer.text == offline.text
    assert "the server's reply was malformed" in answer.notices[-1]


def test_empty_reply_falls_back(openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer) -> None:
    openai_server.reply(content="")
    answer = make_backend(openai_server, sources).write(offline, hits, [], no_search)
    assert answer.llm is None and "the model's reply was empty" in answer.notices[-1]


@pytest.mark.parametrize("streaming", [False, True])
def test_citing_a_passage_that_does_not_exist_removes_the_marker(
    openai_server: Any, sources: SourceTexts, hits: list[Hit], offline: Answer, streaming: bool
) -> None:
    openai_server.reply(content="The OpenAI API is exclusive to Azure [1][7]. Oracle owns Azure [9].")
    answer = make_backend(openai_server, sources, streaming=streaming).write(offline, hits, [], no_search)
    assert answer.llm == "openai:test-model"
    assert answer.text == "The OpenAI API is exclusive to Azure. [1] Oracle owns Azure. (unsupported)"
    assert len(answer.citations) == 1 and "exclusive to Azure" in answer.citations[0].quote
    assert any("Removed 2 citation marker(s)" in n for n in answer.notices)


def test_unreachable_server_falls_back(sources: SourceTexts, hits: list[Hit], offline: Answer) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(llm="openai:test-model", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout=SHORT)
    backend = LLMBackend(settings, sources)
    backend.model()
    started = time.perf_counter()
    answer = backend.write(offline, hits, [], no_search)
    assert time.perf_counter() - started < SHORT + MARGIN
    assert answer.llm is None and "could not reach the server" in answer.notices[-1]


def test_whatif_tool_call_over_http(openai_server: Any, sources: SourceTexts) -> None:
    question = "What if OpenAI makes $150 billion in profit in 2027: does Microsoft keep access to its technology?"
    scenario = {"profit": {"amount": "150000000000", "currency": "USD"}, "event_date": "2027", "agi_declared": True}
    openai_server.reply(tool_calls=[("whatif_clause_evaluator", scenario)])
    backend = make_backend(openai_server, sources)
    today = datetime.date(2026, 5, 10)
    reader = backend.scenario_reader(question, [], terms=None, today=today)
    response = respond(question, [], terms="2025-01", today=today, reader=reader, locate=sources.cite)
    assert response is not None and reader.used
    assert "Reading your question as: profit US$150 billion; year 2027; AGI declared;" in response.text
    assert response.verdict is not None and response.verdict.outcomes["microsoft_ip_access"] is False
    tools = openai_server.requests[0]["tools"]
    assert tools[0]["function"]["name"] == "whatif_clause_evaluator"
    assert "event_date" in tools[0]["function"]["parameters"]["properties"]
