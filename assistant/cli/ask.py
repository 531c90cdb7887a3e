"""``assistant ask`` and ``assistant chat``: questions in the terminal, answers with their sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from assistant.models import Answer

KIND_LABELS = {"answer": "Answer", "whatif": "What-if verdict", "abstain": "Declined"}


def render_answer(answer: Answer) -> str:
    """Plain-text rendering of an answer for the terminal: text, sources, kind and confidence."""
    lines = [answer.text.strip(), ""]
    if answer.citations:
        lines.append("Sources:")
        for number, citation in enumerate(answer.citations, start=1):
            details = ", ".join(x for x in (citation.publisher, citation.date, citation.confidence) if x)
            title = citation.title or citation.source
            lines.append(f"  [{number}] {title}" + (f" ({details})" if details else ""))
            lines.append(f"      {citation.source}, characters {citation.start}-{citation.end}")
            if citation.url:
                lines.append(f"      {citation.url}")
            lines.append(f"      “{citation.quote}”")
        lines.append("")
    lines.append(f"{KIND_LABELS[answer.kind]} · confidence {answer.confidence:.0%}")
    lines.extend(f"Note: {notice}" for notice in answer.notices)
    return "\n".join(lines)


def _validate_terms(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from assistant.cli.timeline import validate_terms

    return validate_terms(ctx, param, value)


@click.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
@click.option(
    "--terms",
    default=None,
    callback=_validate_terms,
    help="Agreement version for what-if questions: 2025-01 (the article's), 2025-10, 2026-02, 2026-04, or a date "
    "YYYY-MM-DD (the version in force then). Default: the version in force on the date the question is about "
    "(today when it names none); the article's terms are shown beside it where they differ.",
)
def ask(question: tuple[str, ...], as_json: bool, terms: str | None) -> None:
    """Answer one QUESTION and print it with its sources."""
    from assistant.api import answer
    from assistant.index.store import ChromaUnavailableError

    try:
        result = answer(" ".join(question), terms=terms)
    except ChromaUnavailableError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(result.model_dump_json(indent=2) if as_json else render_answer(result))


@click.command()
@click.option(
    "--terms",
    default=None,
    callback=_validate_terms,
    help="Agreement version for what-if questions (a version id or a date YYYY-MM-DD); default: the version "
    "in force on the date each question is about (today when it names none).",
)
def chat(terms: str | None) -> None:
    """Chat in the terminal; follow-up questions use the conversation so far.

    Type /clear to start a new conversation and /quit (or Ctrl-D) to leave.
    """
    from assistant.api import default_assistant

    assistant = default_assistant()
    click.echo("Preparing the index…", err=True)
    for notice in assistant.prepare():
        click.echo(notice, err=True)
    click.echo("Ask about the Microsoft–OpenAI agreement (cloud terms, Stargate, the AGI clause).")
    click.echo("Type /clear for a new conversation, /quit to leave.\n")
    history: list[tuple[str, str]] = []
    while True:
        try:
            question = click.prompt("you", prompt_suffix="> ", default="", show_default=False)
        except (EOFError, click.Abort):
            click.echo()
            return
        command = question.strip().lower()
        if command in ("/quit", "/exit", "quit", "exit"):
            return
        if command == "/clear":
            history.clear()
            click.echo("(new conversation)\n")
            continue
        if not command:
            continue
        result = assistant.answer(question, history, terms=terms)
        click.echo("\n" + render_answer(result) + "\n")
        history.append((question, result.text))
