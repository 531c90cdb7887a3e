"""``assistant serve``: the browser app (``python app.py`` runs this too)."""

from __future__ import annotations

import click

from assistant.web.answerers import DEFAULT_FACTORY


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback only by default).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to listen on.")
@click.option("--mcp", is_flag=True, help="Also serve ask and evaluate_scenario as MCP tools (needs the mcp extra).")
@click.option(
    "--answer-worker",
    default=DEFAULT_FACTORY,
    metavar="MODULE:FUNCTION",
    help="What builds the answerer in each worker process (default: the assistant; tests inject others).",
)
def serve(host: str, port: int, mcp: bool, answer_worker: str) -> None:
    """Serve the app in the browser: chat, scenarios, timeline and sources.

    Builds the index if needed and starts the answer workers first; binds loopback only unless --host says
    otherwise, and never opens a public share link.
    """
    from assistant.web.server import serve as serve_app

    status = serve_app(host, port, mcp=mcp, answer_worker=answer_worker)
    if status:
        raise SystemExit(status)
