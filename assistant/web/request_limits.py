"""Limits on HTTP requests, as plain ASGI middleware (no web framework imported).

:class:`BodySizeLimit` caps the size of request bodies; :class:`RefusePaths` answers 404 to routes the
app does not use (Gradio's file upload).

A request that declares a larger ``Content-Length``, or streams more bytes than allowed, is answered
with ``413 Payload Too Large`` and a one-line message. A streamed (chunked) body is cut off where it
passes the limit: the application reading it gets an exception, and whatever it answers to that (FastAPI,
under Gradio, answers 400 to any error while reading a body) is replaced by the 413.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class TooLarge(Exception):
    """The body grew past the limit while it was being read."""


class BodySizeLimit:
    """Refuse HTTP requests whose body is larger than ``max_bytes``.

    Args:
        app: The ASGI application to protect.
        max_bytes: The largest body accepted.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body; answer 413 when it is too large."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        overflowed = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, overflowed
            if overflowed:
                raise TooLarge
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    overflowed = True
                    raise TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if overflowed and not started:
                # The application's own answer to a body it could not read is dropped: FastAPI turns any
                # error raised while reading a body into "400 There was an error parsing the body".
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not overflowed:
                raise  # not ours: the server's error handling reports it
        if overflowed and not started:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = f"Request too large: the limit is {self.max_bytes:,} bytes.\n".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def route_path(scope: Scope) -> str:
    """The request's path as routing sees it: without the ``root_path`` prefix, repeated and trailing slashes."""
    path = str(scope.get("path") or "/")
    root = str(scope.get("root_path") or "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return re.sub("/{2,}", "/", "/" + path).rstrip("/") or "/"


class RefusePaths:
    """Answer ``404 Not Found`` to every request for one of ``paths``, whatever its method.

    Args:
        app: The ASGI application to protect.
        paths: Routes to refuse, e.g. ``{"/gradio_api/upload"}``; compared after :func:`route_path`.
        message: The one-line body of the refusal.
    """

    def __init__(self, app: ASGIApp, paths: Iterable[str], message: str = "Not found.") -> None:
        self.app = app
        self.paths = {route_path({"path": p}) for p in paths}
        self.message = message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the listed routes; pass everything else on."""
        if scope["type"] != "http" or route_path(scope) not in self.paths:
            await self.app(scope, receive, send)
            return
        body = f"{self.message}\n".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 404,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
