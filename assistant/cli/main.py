"""The ``assistant`` command: ask, chat, ingest, eval (and whatif). It parses and renders only."""

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
    from assistant.cli.timeline import validate_terms

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
      assistant eval --report artifacts/eval
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
    from assistant.api import answer
    from assistant.index.store import ChromaUnavailableError

    try:
        result = answer(" ".join(question), terms=terms)
    except ChromaUnavailableError as exc:
        raise click.ClickException(str(exc)) from exc
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


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--if-stale", is_flag=True, help="Only build or refresh when the corpus changed (fast otherwise).")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Encode every document again into a new index; the current one keeps answering until it is ready.",
)
def ingest(paths: tuple[Path, ...], if_stale: bool, rebuild: bool) -> None:
    """Index the corpus (or PATHS inside it) for answering.

    Re-running is cheap: unchanged documents are skipped, changed ones replaced and removed
    ones deleted. You rarely need this: answering builds or refreshes the index itself, and
    rebuilds a damaged one. --rebuild ignores what is stored and takes no PATHS.
    """
    from assistant.index.store import ChromaUnavailableError, IndexBusyError, IndexStore
    from assistant.settings import get_settings

    store = IndexStore(get_settings())
    try:
        if if_stale and not paths and not rebuild:
            notices = store.ensure_ready()
            click.echo(" ".join(notices) or "The index is up to date.")
            return
        report = store.ingest(list(paths) or None, progress=True, rebuild=rebuild)
    except (IndexBusyError, ChromaUnavailableError) as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    for problem in report.problems:
        click.echo(f"warning: skipped {problem}", err=True)
    click.echo(report.summary())
    for notice in report.notices:
        click.echo(notice)


MAX_FAILURES_SHOWN = 15


@main.command("eval")
@click.argument("suites", nargs=-1)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write report.json, report.md and report.html (with plots) into this folder.",
)
@click.option(
    "--compare",
    "old_report",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An earlier report.json: show which metrics got better or worse and which cases changed.",
)
@click.option(
    "--variant",
    "variants",
    multiple=True,
    help="Also run a configuration (repeatable): dense-only, lexical-only, hybrid, k=N, threshold=X, chunk=N, "
    "overlap=N, rrf=N, sentences=N, or several joined with '+'.",
)
@click.option(
    "--gates",
    "gates_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A gates YAML (e.g. evals/gates.yaml): exit 1 when a metric falls outside its bounds.",
)
def eval_command(
    suites: tuple[str, ...],
    report_dir: Path | None,
    old_report: Path | None,
    variants: tuple[str, ...],
    gates_file: Path | None,
) -> None:
    r"""Run the eval SUITES in evals/ (all of them by default) and print their metrics.

    \b
    Examples:
      assistant eval
      assistant eval qa whatif --report artifacts/eval
      assistant eval --variant dense-only --variant k=3 --variant chunk=300
      assistant eval --gates evals/gates.yaml --compare artifacts/eval/report.json
    """
    from tqdm import tqdm

    from assistant.evaluation import (
        GateError,
        ReportError,
        SuiteError,
        VariantError,
        check_gates,
        compare_reports,
        load_gates,
        load_report,
        plan_session,
        run_session,
    )
    from assistant.evaluation.compare import comparison_lines
    from assistant.evaluation.report import variant_list
    from assistant.evaluation.table import metrics_rows, render_text
    from assistant.evaluation.writers import write_reports

    try:
        gates = load_gates(gates_file) if gates_file else []
        old = load_report(old_report) if old_report else None
        plan = plan_session(suites, variants)
    except (SuiteError, VariantError, GateError, ReportError) as exc:
        raise click.ClickException(str(exc)) from exc
    with tqdm(total=plan.total_cases, unit="case", desc="eval", file=sys.stderr, dynamic_ncols=True) as bar:

        def tick(label: str) -> None:
            bar.set_description(label, refresh=False)
            bar.update(1)

        report = run_session(plan, tick)
    for variant in variant_list(report):
        for notice in variant["configuration"]["notices"]:
            click.echo(f"{variant['variant']}: {notice}", err=True)
    click.echo(render_text(metrics_rows(variant_list(report))))
    failures = report["failures"]
    if failures:
        click.echo(f"\nFailures of {report['variant']} ({len(failures)}):")
        for failure in failures[:MAX_FAILURES_SHOWN]:
            click.echo(f"  {failure['suite']}/{failure['id']}: {failure['problems'][0]}")
        if len(failures) > MAX_FAILURES_SHOWN:
            click.echo(f"  … {len(failures) - MAX_FAILURES_SHOWN} more (see --report).")
    comparison = compare_reports(report, old) if old is not None else None
    if comparison is not None:
        click.echo(f"\nCompared with {old_report}:")
        click.echo("\n".join(comparison_lines(comparison)))
    if report_dir is not None:
        paths = write_reports(report, report_dir, comparison)
        click.echo("\nWrote " + ", ".join(str(p) for p in paths))
    if gates:
        results = check_gates(gates, report)
        failed = [r for r in results if r.status == "fail"]
        skipped = [r for r in results if r.status == "skipped"]
        passed = len(results) - len(failed) - len(skipped)
        click.echo(f"\nGates: {passed} passed, {len(failed)} failed, {len(skipped)} skipped.")
        for result in failed:
            click.echo(f"  FAILED {result.message}")
        if failed:
            raise SystemExit(1)


def _register_whatif() -> None:
    from assistant.cli.timeline import timeline
    from assistant.cli.whatif import whatif

    main.add_command(whatif)
    main.add_command(timeline)


_register_whatif()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
