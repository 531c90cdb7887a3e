"""No clause id, label, fact or outcome name, or piece of a condition in anything a person reads of a what-if.

Scans every what-if of the eval suites as the user sees it: the answer's text, the outcome rows and the
table HTML beside it, the trace's Markdown (the app's details panel), and ``assistant whatif`` (with
``--trace``) for the same scenario.
"""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.facts import FACT_NAMES
from assistant.agreement.outcomes import OUTCOMES
from assistant.cli.whatif import whatif
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.render import CitationList, outcome_rows, outcome_table_html, trace_markdown

from ._eval_whatifs import EvalWhatIf, eval_whatifs

CASES = eval_whatifs()
#: Shapes: clause ids and labels (three or more hyphenated parts), snake_case names, condition operators.
SHAPES = re.compile(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b|\b[a-z]+(?:_[a-z0-9]+)+\b|[<>=!]=|\bknown\(|`")


def _names() -> re.Pattern[str]:
    """Every id, label, parameter and reading the clause sheet has that is not an ordinary word."""
    found: set[str] = set(OUTCOMES) | set(FACT_NAMES)
    for version in bundled_sheet().versions.values():
        for clause in version.clauses:
            found |= {clause.id, clause.label, clause.provision, clause.exception_to or ""}
        for name, parameter in version.parameters.items():
            found.add(name)
            found |= {r.id for r in parameter.readings}
    tokens = sorted((t for t in found if re.search(r"[-_]", t)), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, tokens)) + r")(?![\w-])")


NAMES = _names()


def not_plain(text: str) -> list[str]:
    """The tokens of ``text`` that are ids, names or expressions."""
    return sorted({m.group() for m in SHAPES.finditer(text)} | {m.group() for m in NAMES.finditer(text)})


def visible(page: str) -> str:
    """What a browser shows of an HTML fragment (tags and attributes, such as CSS classes, left out)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def cli_args(scenario: Scenario, terms: str) -> list[str]:
    """``assistant whatif`` options for a scenario."""
    args = ["--terms", terms, "--trace"]
    if scenario.event_date is not None:
        start = scenario.event_date
        written = {"year": str(start.year), "month": f"{start.year}-{start.month:02d}"}
        args += ["--date", written.get(scenario.date_precision, start.isoformat())]
    if scenario.profit is not None:
        args += ["--profit", f"{scenario.profit.currency} {scenario.profit.amount}"]
    flags = {
        "agi_declared": ("--agi-declared", "--agi-not-declared"),
        "agi_verified_by_panel": ("--agi-verified", "--agi-not-verified"),
        "capacity_request": ("--capacity-request", "--no-capacity-request"),
    }
    for name, (yes, no) in flags.items():
        value = getattr(scenario, name)
        if value is not None:
            args.append(yes if value else no)
    if scenario.microsoft_can_meet is not None:
        args.append("--microsoft-can-meet" if scenario.microsoft_can_meet else "--microsoft-cannot-meet")
    if scenario.workload:
        args += ["--workload", scenario.workload]
    if scenario.provider:
        args += ["--provider", scenario.provider]
    return args


def test_the_scan_finds_what_it_is_for() -> None:
    assert not_plain("It overrides agi-not-reached-2025-01: …") == ["agi-not-reached-2025-01"]
    assert not_plain("It would be yes under first-refusal-microsoft-cannot-meet-2025-01") != []
    assert not_plain("known(profit) and profit >= agi_profit_threshold") != []
    assert not_plain("openai_may_use_other_cloud is not False") == ["openai_may_use_other_cloud"]
    assert not_plain("label core-terms, exception to cloud-freed") == ["cloud-freed", "core-terms"]
    assert not_plain("Microsoft's licence runs through 2032, now non-exclusive; revenue-share payments") == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_a_whatif_answer_shows_no_ids_names_or_expressions(case: EvalWhatIf) -> None:
    response = case.response
    assert response.verdict is not None
    assert not_plain(response.text) == [], response.text
    assert not [n for n in response.notices if not_plain(n)], response.notices
    rows = outcome_rows(response.verdict, CitationList())
    for row in rows:
        assert not_plain(" ".join([row.title, row.value, row.reason])) == [], row
    assert not_plain(visible(outcome_table_html(rows))) == []
    trace = trace_markdown(response.verdict)
    assert not_plain(trace) == [], [line for line in trace.splitlines() if not_plain(line)]


@pytest.mark.parametrize("case", CASES[::4], ids=lambda c: c.id)
def test_the_whatif_command_shows_no_ids_names_or_expressions(case: EvalWhatIf) -> None:
    verdict = case.response.verdict
    assert verdict is not None
    result = CliRunner().invoke(whatif, cli_args(verdict.scenario, verdict.terms))
    assert result.exit_code == 0, result.output
    assert "rules considered" in result.output
    assert not_plain(result.output) == [], [line for line in result.output.splitlines() if not_plain(line)]
