"""Fakes for the language-model layer: a scripted LangChain chat model and an OpenAI-compatible server.

``ScriptedChatModel`` is a ``GenericFakeChatModel`` whose replies are queued with ``enqueue()``
(strings, ``AIMessage`` objects with ``tool_calls``, exceptions to raise, or callables of the
prompt), whose ``bind_tools`` returns itself, and which records every prompt it was sent.

``FakeOpenAIServer`` is a real HTTP server on 127.0.0.1 speaking the chat-completions API,
plain and streaming (server-sent events); its replies are queued too. Tests using it need
``@pytest.mark.allow_hosts(["127.0.0.1"])``: pytest-socket blocks every other connection.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from assistant.corpus.sources import SourceTexts
from assistant.index.store import ChunkRecord
from assistant.llm.framing import Passage
from assistant.retrieval.hybrid import Hit
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
ARTICLE = "stargate-article.txt"


class ScriptedChatModel(GenericFakeChatModel):
    """A fake chat model answering from a queue; see the module docstring."""

    messages: Iterator[AIMessage | str] = Field(default_factory=lambda: iter(()))
    script: list[Any] = Field(default_factory=list)
    prompts: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)

    def enqueue(self, *replies: Any) -> ScriptedChatModel:
        self.script.extend(replies)
        return self

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools.extend(tools)
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.prompts.append(list(messages))
        if not self.script:
            raise AssertionError("the fake model was called more often than scripted")
        reply = self.script.pop(0)
        if callable(reply) and not isinstance(reply, BaseMessage | BaseException):
            reply = reply(messages)
        if isinstance(reply, BaseException):
            raise reply
        message = AIMessage(content=reply) if isinstance(reply, str) else reply
        return ChatResult(generations=[ChatGeneration(message=message)])


def tool_call_message(args: dict[str, Any], name: str = "whatif_clause_evaluator") -> AIMessage:
    """An ``AIMessage`` that calls ``name`` with ``args``."""
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": "call-1", "type": "tool_call"}])


# --- passages from the real corpus, without an index -------------------------------------------


def passage_around(phrase: str, source: str = ARTICLE, number: int = 1, width: int = 450) -> Passage:
    """A passage of ``source`` starting at the sentence that holds ``phrase`` (whole sentences)."""
    document = SourceTexts(CORPUS, 20_000_000).get(source)
    assert document is not None
    text = document.text
    at = text.index(phrase)
    start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
    end = min(len(text), start + width)
    stop = text.rfind(". ", start, end)
    end = stop + 1 if stop > at else end
    return Passage(number=number, source=source, start=start, text=text[start:end], title=document.meta.title)


def hit_for(passage: Passage) -> Hit:
    chunk = ChunkRecord(
        id=f"{passage.source}:{passage.start}",
        text=passage.text,
        metadata={"source": passage.source, "start": passage.start, "title": passage.title or "", "kind": "article"},
    )
    return Hit(chunk=chunk, score=1.0, dense=0.9, dense_rank=1, lexical_rank=1)


@pytest.fixture
def scripted() -> ScriptedChatModel:
    """A fresh scripted chat model; queue replies with ``enqueue``."""
    return ScriptedChatModel()


@pytest.fixture
def make_passage() -> Callable[..., Passage]:
    """:func:`passage_around`."""
    return passage_around


@pytest.fixture
def make_hit() -> Callable[[Passage], Hit]:
    """:func:`hit_for`."""
    return hit_for


@pytest.fixture
def tool_call() -> Callable[..., AIMessage]:
    """:func:`tool_call_message`."""
    return tool_call_message


@pytest.fixture
def sources() -> SourceTexts:
    return SourceTexts(CORPUS, 20_000_000)


# --- an OpenAI-compatible server on loopback ----------------------------------------------------


@dataclass
class Reply:
    """One scripted server reply.

    Attributes:
        content: The assistant's text (plain or streamed in pieces).
        status: HTTP status; a non-200 status sends ``body`` (or a JSON error) instead.
        body: Raw bytes to send instead of a well-formed completion (malformed JSON).
        delay: Seconds to wait before answering.
        chunk_delay: Seconds between streamed pieces.
        tool_calls: ``(name, arguments)`` pairs to return as tool calls.
    """

    content: str | None = ""
    status: int = 200
    body: bytes | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class FakeOpenAIServer:
    """A chat-completions server on 127.0.0.1 with a queue of replies and a log of requests."""

    def __init__(self) -> None:
        self.replies: list[Reply | Callable[[dict[str, Any]], Reply]] = []
        self.requests: list[dict[str, Any]] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, *replies: Reply | Callable[[dict[str, Any]], Reply]) -> FakeOpenAIServer:
        self.replies.extend(replies)
        return self

    def reply(self, **fields: Any) -> FakeOpenAIServer:
        """Queue one :class:`Reply` made of ``fields``."""
        return self.enqueue(Reply(**fields))

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(request)
                if not self.path.endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "no such path"}}')
                    return
                if not server.replies:
                    self._send(500, b'{"error": {"message": "no reply scripted"}}')
                    return
                reply = server.replies.pop(0)
                if callable(reply):
                    reply = reply(request)
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                try:
                    if reply.status != 200:
                        self._send(reply.status, reply.body or b'{"error": {"message": "server error"}}')
                    elif reply.body is not None:
                        self._send(200, reply.body)
                    elif request.get("stream"):
                        self._stream(request, reply)
                    else:
                        self._send(200, json.dumps(completion(request, reply)).encode())
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, request: dict[str, Any], reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                text = reply.content or ""
                pieces = [text[i : i + 12] for i in range(0, len(text), 12)] or [""]
                for n, piece in enumerate(pieces):
                    delta: dict[str, Any] = {"content": piece}
                    if n == 0:
                        delta["role"] = "assistant"
                    self._event(chunk(request, delta, None))
                    if reply.chunk_delay and server.stopping.wait(reply.chunk_delay):
                        return
                self._event(chunk(request, {}, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict[str, Any]) -> None:
                self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def completion(request: dict[str, Any], reply: Reply) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.tool_calls:
        message["content"] = None
        message["tool_calls"] = [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
            for n, (name, args) in enumerate(reply.tool_calls)
        ]
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "test-model"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if reply.tool_calls else "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def chunk(request: dict[str, Any], delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": request.get("model", "test-model"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


@pytest.fixture
def openai_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_API_BASE", "LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        monkeypatch.delenv(name, raising=False)
    server = FakeOpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def hits(make_passage: Callable[..., Passage], make_hit: Callable[[Passage], Hit]) -> list[Hit]:
    """Two retrieved passages: the API's exclusivity [1] and the right of first refusal [2]."""
    return [
        make_hit(make_passage("exclusive to Azure", number=1)),
        make_hit(make_passage("right of first refusal", number=2)),
    ]
