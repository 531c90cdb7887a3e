"""``assistant eval``: run the eval suites, print the metrics, write reports, compare, check gates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from assistant.evaluation.gates import GateResult

MAX_FAILURES_SHOWN = 15


@click.command("eval")
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
    _echo_failures(report)
    comparison = compare_reports(report, old) if old is not None else None
    if comparison is not None:
        click.echo(f"\nCompared with {old_report}:")
        click.echo("\n".join(comparison_lines(comparison)))
    if report_dir is not None:
        paths = write_reports(report, report_dir, comparison)
        click.echo("\nWrote " + ", ".join(str(p) for p in paths))
    if gates and not _gates_pass(check_gates(gates, report)):
        raise SystemExit(1)


def _echo_failures(report: dict[str, Any]) -> None:
    failures = report["failures"]
    if failures:
        click.echo(f"\nFailures of {report['variant']} ({len(failures)}):")
        for failure in failures[:MAX_FAILURES_SHOWN]:
            click.echo(f"  {failure['suite']}/{failure['id']}: {failure['problems'][0]}")
        if len(failures) > MAX_FAILURES_SHOWN:
            click.echo(f"  … {len(failures) - MAX_FAILURES_SHOWN} more (see --report).")


def _gates_pass(results: list[GateResult]) -> bool:
    """Print how the gates fared; whether none failed."""
    failed = [r for r in results if r.status == "fail"]
    skipped = [r for r in results if r.status == "skipped"]
    passed = len(results) - len(failed) - len(skipped)
    click.echo(f"\nGates: {passed} passed, {len(failed)} failed, {len(skipped)} skipped.")
    for result in failed:
        click.echo(f"  FAILED {result.message}")
    return not failed
