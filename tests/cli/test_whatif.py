from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from assistant.cli.whatif import whatif


def run(*args: str):
    return CliRunner().invoke(whatif, list(args))


def value(lines: list[str], title: str) -> str:
    """The first value column of an outcome's row."""
    row = next(line for line in lines if line.startswith(title))
    return row[len(title) :].split()[0]


def test_is_a_click_command() -> None:
    assert isinstance(whatif, click.Command) and whatif.name == "whatif"


def test_prints_a_table_of_outcomes_with_reasons() -> None:
    result = run("--profit", "US$150B", "--date", "2027-06-30", "--terms", "2025-01")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Reading your question as: profit US$150 billion; date 30 June 2027;")
    assert value(lines, "AGI reached") == "yes"
    assert value(lines, "Microsoft keeps access to OpenAI's IP") == "no"
    assert "deal unravels" in result.output
    assert "Exchange rate: 0.625 USD per AUD" in result.output
    assert "In force then" in lines[2]  # the April 2026 terms, beside the pinned article's


def test_the_default_is_the_terms_in_force_on_the_date_with_the_articles_beside() -> None:
    result = run("--profit", "US$150B", "--date", "2027-06-30")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "under the April 2026 amendment (in force then)" in lines[0]
    assert "Article's terms" in lines[2]
    row = next(line for line in lines if line.startswith("Microsoft keeps access to OpenAI's IP"))
    assert row.split()[-2:] == ["yes", "no"]
    data = json.loads(run("--profit", "US$150B", "--date", "2027-06-30", "--json").output)
    assert data["terms"] == "2026-04" and data["compared"]["2025-01"]["microsoft_ip_access"] is False


def test_trace_prints_every_rule_in_plain_words() -> None:
    result = run("--date", "2027", "--capacity-request", "--microsoft-cannot-meet", "--terms", "2025-01", "--trace")
    assert result.exit_code == 0, result.output
    assert "rules considered" in result.output and "**1. " in result.output
    assert "first-refusal-microsoft-cannot-meet-2025-01" not in result.output
    assert "known(" not in result.output and ">=" not in result.output


def test_capacity_flags() -> None:
    result = run(
        "--capacity-request", "--microsoft-cannot-meet", "--workload", "training", "--provider", "oracle",
        "--date", "2027", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["outcomes"]["openai_may_use_other_cloud"] is True
    assert data["scenario"]["provider"] == "oracle"
    assert data["trace"]


def test_cannot_meet_implies_a_request_and_agi_flag() -> None:
    data = json.loads(
        run("--microsoft-cannot-meet", "--agi-declared", "--date", "2026", "--terms", "2025-01", "--json").output
    )
    assert data["scenario"]["capacity_request"] is True
    assert data["outcomes"]["agi_reached"] is True


def test_terms_option() -> None:
    assert json.loads(run("--terms", "2025-01", "--json").output)["terms"] == "2025-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profit", "-5bn"], "negative"),
        (["--profit", "lots"], "not an amount of money"),
        (["--profit", "inf"], "not a finite number"),
        (["--date", "2027-02-30"], "not a date that exists"),
        (["--date", "0"], "year 0"),
        (["--date", "soon"], "--date"),
        (["--terms", "1999"], "unknown terms"),
        (["--profit", "EUR 5bn", "--terms", "2025-01"], "no reference rate"),
        (["--workload", "gpu"], "gpu"),
        (["--no-capacity-request", "--microsoft-cannot-meet"], "needs a capacity request"),
    ],
)
def test_user_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_agi_verified_flag_sets_the_panel_fact_and_a_contradiction_is_a_usage_error() -> None:
    result = run("--agi-verified", "--date", "2028", "--json")
    assert result.exit_code == 0, result.output
    scenario = json.loads(result.output)["scenario"]
    assert scenario["agi_verified_by_panel"] is True and scenario["agi_declared"] is True
    bad = run("--agi-verified", "--agi-not-declared")
    assert bad.exit_code == 2 and "the panel verifies a declaration" in bad.output


def test_a_version_that_cannot_compare_the_money_is_said_beside_the_answer() -> None:
    result = run("--profit", "EUR 5bn", "--date", "2027")
    assert result.exit_code == 0, result.output
    assert "Under the January 2025 terms the article describes this cannot be evaluated" in result.output
    assert "no reference rate" in result.output
