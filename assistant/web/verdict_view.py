"""A what-if verdict as the app shows it: the asked outcomes first, a one-line headline, the outcome table.

Pure functions over a cited :class:`~assistant.whatif.engine.verdict.Verdict`; every value is HTML-escaped.
Quote markers follow the numbering of the answer (or scenario) the verdict belongs to.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.agreement.outcomes import OUTCOME_TITLES, OUTCOMES, Outcome
from assistant.citation import Citation
from assistant.models import Answer
from assistant.web.answer_view import quoted
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.render import outcome_citations, value_word

#: Short names for the one-line headline.
SHORT_TITLES: dict[Outcome, str] = {
    "agi_reached": "AGI reached",
    "microsoft_ip_access": "Microsoft's IP access",
    "api_exclusive_to_azure": "API exclusive to Azure",
    "revenue_sharing": "Revenue sharing",
    "microsoft_first_refusal": "Microsoft's first refusal",
    "openai_may_use_other_cloud": "Another cloud allowed",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# Where a what-if text leaves the asked outcomes for the others.
_OTHERS = re.compile(r"^(?:Other outcomes|Outcomes):", re.MULTILINE)


@dataclass(frozen=True)
class VerdictRow:
    """One outcome of a verdict, as a row of the table.

    Attributes:
        outcome: The outcome.
        title: Its name in words.
        value: ``yes``, ``no``, ``undetermined`` or ``not covered``.
        reason: Why, in words.
        markers: The markers of its quotes in the answer's numbering, e.g. ``[1][2]``.
        quote: The main quote it rests on, if any.
    """

    outcome: Outcome
    title: str
    value: str
    reason: str
    markers: str
    quote: Citation | None


def verdict_rows(verdict: Verdict, citations: list[Citation]) -> list[VerdictRow]:
    """The six outcomes, each with its reason and main quote, numbered as in ``citations``."""
    numbers = {(c.source, c.start, c.end): n for n, c in enumerate(citations, start=1)}
    rows = []
    for outcome in OUTCOMES:
        found = outcome_citations(verdict, outcome)
        marked = dict.fromkeys(numbers[key] for c in found if (key := (c.source, c.start, c.end)) in numbers)
        reason = verdict.reasons[outcome].removeprefix("Undetermined: ")
        rows.append(
            VerdictRow(
                outcome=outcome,
                title=OUTCOME_TITLES[outcome],
                value=value_word(verdict, outcome),
                reason=reason[:1].upper() + reason[1:],
                markers="".join(f"[{n}]" for n in marked),
                quote=found[0] if found else None,
            )
        )
    return rows


def asked_outcomes(answer: Answer) -> list[Outcome]:
    """The outcomes a what-if answer is about: named in its summary, else in bold before its other outcomes.

    Returns:
        Those outcomes in the table's order; empty when the answer names none (then all six are the answer).
    """
    if answer.verdict is None:
        return []
    lead = _OTHERS.split(answer.text, maxsplit=1)[0]
    if lead != answer.text:
        # the asked outcomes' lines open in bold before "Other outcomes:" ("what happens if agi is declared?"
        # asks about three; the summary names the first)
        found = _named(" ".join(_BOLD.findall(lead)))
        if found:
            return found
    if answer.summary:
        return _named(" ".join(_BOLD.findall(answer.summary)))  # the asked outcome's line opens in bold
    return []


def _named(text: str) -> list[Outcome]:
    lowered = text.lower()
    return [o for o in OUTCOMES if OUTCOME_TITLES[o].lower() in lowered]


def _row_html(row: VerdictRow) -> str:
    if row.quote is not None:
        quote = f"{row.markers} {quoted(row.quote.quote)}".strip()
    else:
        quote = "No clause covers it: the agreement is silent."
    value_class = row.value.replace(" ", "-")
    return (
        f"<tr data-outcome='{row.outcome}'>"
        f"<td class='outcome-title'>{html.escape(row.title)}</td>"
        f"<td><span class='verdict verdict-{value_class}'>{html.escape(row.value)}</span></td>"
        f"<td>{html.escape(row.reason)}<div class='outcome-quote'>{html.escape(quote)}</div></td>"
        "</tr>"
    )


def _table(rows: list[VerdictRow]) -> str:
    head = "<tr><th>Outcome</th><th>Verdict</th><th>Why, and the quote</th></tr>"
    body = "".join(_row_html(r) for r in rows)
    return f"<table class='outcomes-table'><thead>{head}</thead><tbody>{body}</tbody></table>"


def verdict_table_html(rows: list[VerdictRow], asked: list[Outcome] | None = None) -> str:
    """The outcome table: the asked outcomes, then the others in a collapsed section.

    Args:
        rows: The verdict's rows (:func:`verdict_rows`).
        asked: The outcomes the question asked about; none (or all) shows every row in one table.
    """
    first = [r for r in rows if r.outcome in (asked or [])]
    if not first or len(first) == len(rows):
        return _table(rows)
    others = [r for r in rows if r not in first]
    return (
        _table(first) + f"<details class='other-outcomes'><summary>The other {len(others)} outcomes</summary>"
        f"{_table(others)}</details>"
    )


def headline_html(rows: list[VerdictRow]) -> str:
    """Every outcome's verdict in one line: ``AGI reached yes · Microsoft's IP access no · …``."""
    chips = [
        f"<span class='chip'>{html.escape(SHORT_TITLES[r.outcome])} "
        f"<span class='verdict verdict-{r.value.replace(' ', '-')}'>{html.escape(r.value)}</span></span>"
        for r in rows
    ]
    return "<div class='headline' role='status'>" + "".join(chips) + "</div>"
