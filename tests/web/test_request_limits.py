from __future__ import annotations

import asyncio
from typing import Any

from assistant.web.request_limits import BodySizeLimit


async def _echo_app(scope: Any, receive: Any, send: Any) -> None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def _call(chunks: list[bytes], headers: list[tuple[bytes, bytes]], limit: int = 10) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []
    queue = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "headers": headers}
    asyncio.run(BodySizeLimit(_echo_app, max_bytes=limit)(scope, receive, send))
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_small_bodies_pass_through() -> None:
    assert _call([b"hello"], [(b"content-length", b"5")]) == (200, b"hello")


def test_declared_large_body_is_refused_before_reading() -> None:
    status, body = _call([b"x" * 50], [(b"content-length", b"50")])
    assert status == 413 and b"the limit is 10 bytes" in body


def test_streamed_body_without_length_is_cut_off() -> None:
    status, body = _call([b"x" * 6, b"x" * 6], [])
    assert status == 413 and b"Request too large" in body


def test_websocket_and_lifespan_scopes_are_untouched() -> None:
    seen = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    asyncio.run(BodySizeLimit(app, max_bytes=1)({"type": "lifespan"}, None, None))  # type: ignore[arg-type]
    assert seen == ["lifespan"]
