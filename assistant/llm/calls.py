"""Calling a model under a hard deadline, and saying in one line why a call failed.

A model call runs in a daemon thread; the caller waits for it at most until the deadline and
then gives up, whatever the provider's client is doing. The provider is also given the timeout
and no retries, so the abandoned thread ends on its own soon after.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

MAX_REASON_CHARS = 160


class LLMFailure(Exception):
    """A model call did not give a usable result; ``str(exc)`` is a short reason for the user."""


class Budget:
    """The time one answer may spend waiting for the model.

    Args:
        seconds: The whole budget, from now.
        clock: The monotonic clock (for tests).
    """

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self._end - self._clock())

    def share(self, fraction: float) -> float:
        """At most ``fraction`` of the whole budget, and no more than what is left."""
        return min(self.remaining(), self.seconds * fraction)


def call_with_deadline(function: Callable[[], T], seconds: float, total: float | None = None) -> T:
    """Run ``function`` in a daemon thread and wait for it at most ``seconds``.

    Args:
        function: The call (typically ``lambda: model.invoke(messages)``).
        seconds: How long to wait.
        total: The configured timeout, for the message (defaults to ``seconds``).

    Returns:
        What ``function`` returned.

    Raises:
        LLMFailure: When the time is up (the thread is abandoned) or ``function`` raised; the
            message is a short reason (see :func:`describe_failure`).
    """
    limit = total if total is not None else seconds
    if seconds <= 0:
        raise LLMFailure(f"no reply within {limit:g} s")
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # reported to the caller, whatever it is
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=run, name="assistant-llm-call", daemon=True).start()
    if not finished.wait(seconds):
        raise LLMFailure(f"no reply within {limit:g} s")
    error = outcome.get("error")
    if isinstance(error, BaseException):
        if isinstance(error, LLMFailure):
            raise error
        raise LLMFailure(describe_failure(error, limit)) from error
    return outcome["value"]  # type: ignore[return-value]


def _names(exc: BaseException) -> list[str]:
    """Class names of ``exc`` and of the exceptions it was raised from, most specific first."""
    names: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        names.extend(cls.__name__ for cls in type(current).__mro__)
        current = current.__cause__ or current.__context__
    return names


def _status(exc: BaseException) -> int | None:
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for holder in (current, getattr(current, "response", None)):
            code = getattr(holder, "status_code", None)
            if isinstance(code, int):
                return code
        current = current.__cause__ or current.__context__
    return None


def describe_failure(exc: BaseException, timeout: float | None = None) -> str:
    """A one-line, user-facing reason for a failed model call.

    Recognises timeouts, unreachable servers, HTTP errors (rate limits, authentication, unknown
    model), malformed replies and missing provider packages without importing any provider.
    """
    names = _names(exc)
    status = _status(exc)
    if any("Timeout" in name for name in names):
        return f"no reply within {timeout:g} s" if timeout is not None else "the request timed out"
    if status == 429 or "RateLimitError" in names:
        return "the server is rate-limiting requests (HTTP 429)"
    if status in (401, 403) or "AuthenticationError" in names:
        return f"the server refused the credentials (HTTP {status or 401}); check the API key"
    if status == 404:
        return "the server does not know this model or path (HTTP 404); check the model name and base URL"
    if status is not None and 200 <= status < 300:
        return "the server's reply was malformed"  # a success status with a body that is not a completion
    if status is not None:
        return f"the server answered with an error (HTTP {status})"
    if any(name in names for name in ("APIConnectionError", "ConnectError", "ConnectionError", "RemoteProtocolError")):
        return "could not reach the server"
    if isinstance(exc, json.JSONDecodeError) or any(
        name in names for name in ("JSONDecodeError", "APIResponseValidationError", "ValidationError")
    ):
        return "the server's reply was malformed"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 1] + "…"
    return f"{type(exc).__name__}: {text}"
