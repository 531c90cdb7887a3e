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


async def _app_that_answers_400_on_a_body_error(scope: Any, receive: Any, send: Any) -> None:
    """What FastAPI does: any exception while reading the body becomes its own 400 response."""
    status = 200
    try:
        while (await receive()).get("more_body"):
            pass
    except Exception:
        status = 400
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b"There was an error parsing the body"})


def test_streamed_body_over_the_limit_is_413_even_when_the_app_catches_the_error() -> None:
    sent: list[dict[str, Any]] = []
    queue = [{"type": "http.request", "body": b"x" * 6, "more_body": True} for _ in range(3)]

    async def receive() -> dict[str, Any]:
        return queue.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    limit = BodySizeLimit(_app_that_answers_400_on_a_body_error, max_bytes=10)
    asyncio.run(limit({"type": "http", "headers": []}, receive, send))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 413
    assert sent[1]["body"] == b"Request too large: the limit is 10 bytes.\n"


def _route(paths: set[str], path: str, method: str = "POST", root_path: str = "") -> int:
    from assistant.web.request_limits import RefusePaths

    sent: list[dict[str, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": root_path + path, "root_path": root_path, "headers": []}
    asyncio.run(RefusePaths(app, paths)(scope, None, send))  # type: ignore[arg-type]
    return int(sent[0]["status"])


def test_refused_paths_get_404_in_every_spelling_and_others_pass() -> None:
    refused = {"/gradio_api/upload"}
    for path in ("/gradio_api/upload", "/gradio_api/upload/", "//gradio_api//upload"):
        assert _route(refused, path) == 404, path
    assert _route(refused, "/gradio_api/upload", root_path="/assistant") == 404
    assert _route(refused, "/gradio_api/upload", method="GET") == 404
    for path in ("/gradio_api/queue/join", "/gradio_api/upload_progress", "/", "/gradio_api/uploaded"):
        assert _route(refused, path) == 200, path
