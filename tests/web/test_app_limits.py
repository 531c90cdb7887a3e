"""The app's queue is bounded: a flood of requests gets clear refusals, never a crash, and it keeps serving."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from assistant.api import Assistant
from assistant.settings import Settings

from ..conftest import launched_app

FLOOD = 40


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_full_queue_refuses_with_a_message_and_the_app_keeps_serving(
    corpus_assistant: Assistant, corpus_settings: Settings
) -> None:
    limits = {"ASSISTANT_APP_QUEUE_SIZE": "2", "ASSISTANT_APP_CONCURRENCY": "1"}
    with launched_app(corpus_settings, env=limits) as url:
        client = Client(url, verbose=False)
        question = "Who has the right of first refusal on OpenAI's new cloud capacity? " * 20

        def ask(_: int) -> str:
            try:
                client.predict(question, api_name="/ask")
            except Exception as exc:  # the client raises the server's refusal as an exception
                return str(exc)
            return "ok"

        with ThreadPoolExecutor(max_workers=FLOOD) as pool:
            outcomes = list(pool.map(ask, range(FLOOD)))
        refused = [o for o in outcomes if o != "ok"]
        assert outcomes.count("ok") >= 1
        assert refused, "40 concurrent requests against a queue of 2 should see refusals"
        assert all("queue" in o.lower() and "full" in o.lower() for o in refused), set(refused)
        after = client.predict("Is the OpenAI API exclusive to Azure?", api_name="/ask")
        assert after["kind"] == "answer"
