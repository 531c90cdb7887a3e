"""``assistant whatif``: evaluate a scenario from the command line and print a table of outcomes.

The terms are those in force on the scenario's date (today without ``--date``) unless ``--terms``
pins a version; the article's terms are shown beside them where they differ. ``--trace`` prints
every rule the evaluator considered, in plain words.
"""

from __future__ import annotations

import datetime
import shutil
import textwrap

import click
from pydantic import ValidationError

from assistant.agreement.facts import PROVIDERS, WORKLOADS
from assistant.agreement.money import CurrencyMismatchError, Money
from assistant.agreement.outcomes import OUTCOME_TITLES, OUTCOMES
from assistant.agreement.sheet import UnknownTermsError
from assistant.cli.corpus import configured_locate
from assistant.validation_text import validation_message
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.later_terms import beside_versions, compared_outcomes
from assistant.whatif.reading.money_text import MoneyTextError, parse_money_text
from assistant.whatif.render import Beside, reading_line, trace_markdown, value_word
from assistant.whatif.terms_choice import TermsChoice, evaluate_dated


class UsageProblem(click.ClickException):
    """A problem the user can fix; exits with status 2 like click's own usage errors."""

    exit_code = 2


def _profit(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Money | None:
    if value is None:
        return None
    try:
        amount, currency, _notes = parse_money_text(value)
    except MoneyTextError as exc:
        raise click.BadParameter(str(exc)) from exc
    return Money(amount=amount, currency=currency)


def _event_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dict[str, object] | None:
    if value is None:
        return None
    try:
        scenario = Scenario.model_validate({"event_date": value.strip()})
    except ValidationError as exc:
        message = validation_message(exc, locations=False)
        raise click.BadParameter(f"{value!r}: {message} (use YYYY-MM-DD, YYYY-MM or YYYY)") from exc
    return {"event_date": scenario.event_date, "date_precision": scenario.date_precision}


@click.command("whatif")
@click.option("--profit", callback=_profit, help='OpenAI\'s profit, e.g. "US$150B", "AUD 120 billion".')
@click.option("--date", "event_date", callback=_event_date, help="When: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--agi-declared/--agi-not-declared", default=None, help="Whether AGI has been declared.")
@click.option(
    "--agi-verified/--agi-not-verified",
    default=None,
    help="Whether the independent expert panel verified the AGI declaration (implies --agi-declared).",
)
@click.option("--capacity-request/--no-capacity-request", default=None, help="Whether there is a new capacity request.")
@click.option(
    "--microsoft-cannot-meet/--microsoft-can-meet",
    "cannot_meet",
    default=None,
    help="Whether Microsoft cannot meet the request (implies --capacity-request).",
)
@click.option("--workload", type=click.Choice(WORKLOADS, case_sensitive=False), help="The workload.")
@click.option("--provider", type=click.Choice(PROVIDERS, case_sensitive=False), help="The cloud provider.")
@click.option(
    "--terms",
    default=None,
    help="Terms version (2025-01, 2025-10, 2026-02, 2026-04) or a date YYYY-MM-DD (the version in force then); "
    "default: the version in force on the date asked about (--date, else today).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the full verdict, with its trace, as JSON.")
@click.option("--trace", "show_trace", is_flag=True, help="Also print every rule considered, in plain words.")
def whatif(
    profit: Money | None,
    event_date: dict[str, object] | None,
    agi_declared: bool | None,
    agi_verified: bool | None,
    capacity_request: bool | None,
    cannot_meet: bool | None,
    workload: str | None,
    provider: str | None,
    terms: str | None,
    as_json: bool,
    show_trace: bool,
) -> None:
    """Evaluate the agreement's clauses for a scenario and print each outcome with its reason."""
    if cannot_meet is not None:
        if capacity_request is False:
            raise UsageProblem(
                "--microsoft-cannot-meet/--microsoft-can-meet needs a capacity request, not --no-capacity-request"
            )
        capacity_request = True
    try:
        # Validated from a mapping: the date, workload and provider are text the model reads and checks.
        scenario = Scenario.model_validate(
            {
                **(event_date or {}),
                "profit": profit,
                "agi_declared": agi_declared,
                "agi_verified_by_panel": agi_verified,
                "capacity_request": capacity_request,
                "microsoft_can_meet": None if cannot_meet is None else not cannot_meet,
                "workload": workload.lower() if workload else None,
                "provider": provider.lower() if provider else None,
            }
        )
        choice, found = evaluate_dated(scenario, terms, today=datetime.date.today())
        locate = configured_locate()
        verdict = cite_verdict(found, locate)
        problems: list[str] = []
        beside = beside_versions(verdict, choice, locate, problems)
    except ValidationError as exc:
        message = validation_message(exc, locations=False)
        raise UsageProblem(message) from exc
    except (UnknownTermsError, CurrencyMismatchError) as exc:
        raise UsageProblem(str(exc)) from exc
    verdict = verdict.model_copy(update={"compared": compared_outcomes(beside)})
    if as_json:
        click.echo(verdict.model_dump_json(indent=2))
        return
    _print_table(verdict, scenario, choice, beside, problems)
    if show_trace:
        click.echo("")
        click.echo(trace_markdown(verdict))
    for notice in verdict.notices:
        click.echo(f"Notice: {notice}", err=True)


def _print_table(
    verdict: Verdict, scenario: Scenario, choice: TermsChoice, beside: list[Beside], problems: list[str]
) -> None:
    """The reading line, one row per outcome (with the other versions' values beside), the assumptions."""
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    click.echo(reading_line(scenario, verdict.terms, choice=choice))
    click.echo("")
    title_width = max(len(t) for t in OUTCOME_TITLES.values())
    columns = ["Value", *(_column(b) for b in beside)]
    click.echo(f"{'Outcome':<{title_width}}  " + "  ".join(f"{c:<14}" for c in columns).rstrip())
    click.echo(f"{'-' * title_width}  " + "  ".join("-" * 14 for _ in columns))
    for outcome in OUTCOMES:
        values = [value_word(verdict, outcome), *(value_word(b.verdict, outcome) for b in beside)]
        click.echo(f"{OUTCOME_TITLES[outcome]:<{title_width}}  " + "  ".join(f"{v:<14}" for v in values).rstrip())
        click.echo(
            textwrap.fill(verdict.reasons[outcome], width=width, initial_indent="    ", subsequent_indent="    ")
        )
    for problem in problems:
        click.echo(problem)
    if verdict.assumptions:
        click.echo("")
        click.echo("Assumptions: " + " ".join(a.rstrip(".") + "." for a in verdict.assumptions))
    if verdict.rate:
        click.echo(f"Exchange rate: {verdict.rate}")


def _column(beside: Beside) -> str:
    """``Article's terms`` or ``In force then``: the header of another version's column."""
    return "Article's terms" if beside.role == "article" else f"In force {beside.when}"
