"""Serving the app: the worker pool, Gradio's queue and launch options, the request guards.

``assistant serve`` (and ``python app.py``) call :func:`serve`.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr
from starlette.middleware import Middleware

from assistant.settings import Settings, get_settings
from assistant.web.answer_pool import AnswerPool, PoolStartError
from assistant.web.answerers import DEFAULT_FACTORY, Answerer
from assistant.web.app import App, default_exports
from assistant.web.exports import ExportAccess, PrivateExports
from assistant.web.page import build_page
from assistant.web.request_limits import BodySizeLimit, RefusePaths
from assistant.web.style import CSS, THEME

if TYPE_CHECKING:
    from assistant.api import Assistant

# Gradio's file upload routes: nothing in this app takes a file, so nobody may store one on the server.
UPLOAD_ROUTES = ("/gradio_api/upload", "/gradio_api/upload_progress")


def create_app(
    settings: Settings | None = None,
    assistant: Assistant | None = None,
    *,
    mcp: bool = False,
    exports: PrivateExports | None = None,
    answerer: Answerer | None = None,
) -> gr.Blocks:
    """The Gradio app, with its queue configured; not yet launched (see :class:`App` for the arguments)."""
    settings = settings or get_settings()
    demo = build_page(App(settings, assistant, mcp=mcp, exports=exports, answerer=answerer))
    demo.queue(default_concurrency_limit=settings.app_concurrency, max_size=settings.app_queue_size)
    return demo


def launch_options(settings: Settings, exports: PrivateExports) -> dict[str, Any]:
    """Keyword arguments of ``launch``: theme, limits, and the guard of ``exports``."""
    return {
        "theme": THEME,
        "css": CSS,
        "share": False,
        "max_file_size": "1mb",
        "app_kwargs": {
            "middleware": [
                Middleware(BodySizeLimit, max_bytes=settings.app_max_request_bytes),
                Middleware(RefusePaths, paths=UPLOAD_ROUTES, message="Not found: this app takes no file uploads."),
                Middleware(ExportAccess, exports=exports),
            ]
        },
    }


def serve(host: str = "127.0.0.1", port: int = 7860, *, mcp: bool = False, answer_worker: str = DEFAULT_FACTORY) -> int:
    """Start the answer workers (building the index if need be) and serve the app until stopped.

    Args:
        host: Address to bind (loopback by default; the app never opens a public share link).
        port: Port to listen on.
        mcp: Also serve ``ask`` and ``evaluate_scenario`` as MCP tools (needs the ``mcp`` extra).
        answer_worker: ``module:function`` that builds the answerer in each worker process (tests inject others).

    Returns:
        The exit status: 0 when stopped, 1 when the workers could not start, 2 when MCP is missing.
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if mcp and importlib.util.find_spec("mcp") is None:
        print("MCP needs the extra: pip install '.[mcp]'", file=sys.stderr)
        return 2
    settings = get_settings()
    signal.signal(signal.SIGTERM, _interrupt)  # stop like Ctrl-C: Gradio closes its server, then the workers stop
    # Gradio's cache (and the exports in it) in a folder only this account can open, removed at exit;
    # an explicit GRADIO_TEMP_DIR is respected (the exports folder in it is still private).
    private = Path(tempfile.mkdtemp(prefix="agreement-assistant-"))
    os.environ.setdefault("GRADIO_TEMP_DIR", str(private / "gradio"))
    pool = AnswerPool(settings, factory=answer_worker)
    started = time.perf_counter()
    try:
        try:
            notices = pool.start()
        except PoolStartError as exc:
            print(f"The app could not start its answer workers: {exc}", file=sys.stderr)
            return 1
        for notice in notices:
            print(notice, file=sys.stderr)
        print(
            f"{pool.size} answer workers ready in {time.perf_counter() - started:.1f} s "
            f"(each answer may take up to {pool.deadline:g} s).",
            file=sys.stderr,
        )
        exports = default_exports()
        demo = create_app(settings, mcp=mcp, exports=exports, answerer=pool)
        demo.launch(server_name=host, server_port=port, mcp_server=mcp, **launch_options(settings, exports))
    except KeyboardInterrupt:
        pass  # stopped while starting
    finally:
        pool.close()
        shutil.rmtree(private, ignore_errors=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
