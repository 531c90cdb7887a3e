from __future__ import annotations

import json
import threading
import time

import pytest

from assistant.llm.calls import Budget, LLMFailure, call_with_deadline, describe_failure


def test_result_is_returned() -> None:
    assert call_with_deadline(lambda: 42, 1.0) == 42


def test_a_slow_call_is_abandoned_at_the_deadline() -> None:
    release = threading.Event()
    started = time.perf_counter()
    with pytest.raises(LLMFailure, match=r"no reply within 8 s"):
        call_with_deadline(lambda: release.wait(5), 0.3, total=8)
    assert time.perf_counter() - started < 0.3 + 3.0  # at the deadline, not when the call returns (5 s)
    release.set()


def test_no_time_left_fails_at_once() -> None:
    with pytest.raises(LLMFailure, match="no reply"):
        call_with_deadline(lambda: 1, 0.0)


def test_errors_become_one_line_reasons() -> None:
    def boom() -> None:
        raise ConnectionError("refused\nsecond line")

    with pytest.raises(LLMFailure, match=r"^could not reach the server$"):
        call_with_deadline(boom, 1.0)


class _StatusError(Exception):
    def __init__(self, status_code: int) -> None:
        super().__init__(f"Error code: {status_code}")
        self.status_code = status_code


class APITimeoutError(Exception):
    pass


class RateLimitError(Exception):
    pass


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (_StatusError(500), "the server answered with an error (HTTP 500)"),
        (_StatusError(429), "the server is rate-limiting requests (HTTP 429)"),
        (RateLimitError("slow down"), "the server is rate-limiting requests (HTTP 429)"),
        (_StatusError(401), "the server refused the credentials (HTTP 401); check the API key"),
        (
            _StatusError(404),
            "the server does not know this model or path (HTTP 404); check the model name and base URL",
        ),
        (APITimeoutError("Request timed out."), "no reply within 8 s"),
        (json.JSONDecodeError("Expecting value", "{", 0), "the server's reply was malformed"),
        (ValueError("x" * 500), "ValueError: " + "x" * 159 + "…"),
    ],
)
def test_describe_failure(error: Exception, reason: str) -> None:
    assert describe_failure(error, 8) == reason
    assert "\n" not in describe_failure(error, 8)


def test_cause_chain_is_searched() -> None:
    try:
        try:
            raise APITimeoutError("inner")
        except APITimeoutError as inner:
            raise RuntimeError("outer") from inner
    except RuntimeError as outer:
        assert describe_failure(outer, 2.5) == "no reply within 2.5 s"


def test_budget_shares() -> None:
    now = [100.0]
    budget = Budget(10.0, clock=lambda: now[0])
    assert budget.remaining() == 10.0 and budget.share(0.4) == 4.0
    now[0] = 108.0
    assert budget.share(0.4) == pytest.approx(2.0)
    now[0] = 120.0
    assert budget.remaining() == 0.0
