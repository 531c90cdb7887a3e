"""The ``assistant`` command: ask, chat, ingest (and whatif). It parses and renders only."""

from __future__ import annotations

import sys
from pathlib import Path
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
    from assistant.whatif.timeline_command import validate_terms

    return validate_terms(ctx, param, value)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    r"""Ask questions about the Microsoft–OpenAI agreement, with quotes from the sources.

    Works offline. The index of corpus/ is built automatically on first use.

    \b
    Examples:
      assistant ask "Who has the right of first refusal on OpenAI's cloud capacity?"
      assistant ask "Is the API exclusive to Azure?" --json
      assistant chat --terms 2026-04
      assistant timeline rofr
      assistant ingest
    """


@main.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON.")
@click.option(
    "--terms",
    default=None,
    callback=_validate_terms,
    help="Agreement version for what-if questions: 2025-01 (the article's, default), 2025-10, 2026-02, 2026-04, "
    "or a date YYYY-MM-DD (the version in force then).",
)
def ask(question: tuple[str, ...], as_json: bool, terms: str | None) -> None:
    """Answer one QUESTION and print it with its sources."""
    from assistant.service import answer

    result = answer(" ".join(question), terms=terms)
    click.echo(result.model_dump_json(indent=2) if as_json else render_answer(result))


@main.command()
@click.option(
    "--terms",
    default=None,
    callback=_validate_terms,
    help="Agreement version for what-if questions (a version id or a date YYYY-MM-DD).",
)
def chat(terms: str | None) -> None:
    """Chat in the terminal; follow-up questions use the conversation so far.

    Type /clear to start a new conversation and /quit (or Ctrl-D) to leave.
    """
    from assistant.service import default_assistant

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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--if-stale", is_flag=True, help="Only build or refresh when the corpus changed (fast otherwise).")
@click.option("--rebuild", is_flag=True, help="Delete the index and build it from scratch.")
def ingest(paths: tuple[Path, ...], if_stale: bool, rebuild: bool) -> None:
    """Index the corpus (or PATHS inside it) for answering.

    Re-running is cheap: unchanged documents are skipped, changed ones replaced and removed
    ones deleted. You rarely need this: answering builds or refreshes the index itself.
    """
    from assistant.index import IndexBusyError, IndexStore
    from assistant.settings import get_settings

    store = IndexStore(get_settings())
    try:
        if rebuild:
            store.reset()
        if if_stale and not paths:
            notices = store.ensure_ready()
            click.echo(" ".join(notices) or "The index is up to date.")
            return
        report = store.ingest(list(paths) or None, progress=True)
    except IndexBusyError as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in report.problems:
        click.echo(f"warning: skipped {problem}", err=True)
    click.echo(report.summary())


def _register_whatif() -> None:
    from assistant.whatif.command import whatif
    from assistant.whatif.timeline_command import timeline

    main.add_command(whatif)
    main.add_command(timeline)


_register_whatif()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
