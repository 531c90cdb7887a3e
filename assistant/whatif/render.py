"""Writing a verdict for people: Markdown with citation markers, and the citations in order.

The verdicts rendered here are cited ones (:func:`assistant.whatif.citing.cite_verdict`): their
markers point at the citations of their trace and readings.
"""

from __future__ import annotations

import html

from pydantic import BaseModel

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import describe_date
from assistant.agreement.facts import PROVIDER_NAMES
from assistant.agreement.outcomes import OUTCOME_TITLES, OUTCOMES, Outcome
from assistant.agreement.quotes import Locate
from assistant.citation import Citation
from assistant.whatif.citing import rate_citations
from assistant.whatif.engine.inverse import InverseAnswer, InverseResult
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import ClauseStep, Verdict
from assistant.whatif.engine.wording import yes_no


class CitationList:
    """Citations numbered in the order they are first used; ``[n]`` is ``items[n - 1]``."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def marker(self, citations: list[Citation]) -> str:
        """Markers like ``[1][2]`` for these citations, adding new ones at the end."""
        numbers = []
        for citation in citations:
            key = (citation.source, citation.start, citation.end)
            found = next((i for i, c in enumerate(self.items) if (c.source, c.start, c.end) == key), None)
            if found is None:
                self.items.append(citation)
                found = len(self.items) - 1
            if found + 1 not in numbers:
                numbers.append(found + 1)
        return "".join(f"[{n}]" for n in numbers)


def terms_phrase(terms: str) -> str:
    """``terms 2025-01 (as described by the January 2025 Stargate article)``."""
    version = bundled_sheet().resolve(terms)
    return f"terms {version.info.id} ({version.info.title[0].lower()}{version.info.title[1:]})"


def value_word(verdict: Verdict, outcome: Outcome) -> str:
    """``yes``, ``no``, ``undetermined`` or ``not covered`` (the agreement is silent)."""
    if verdict.decisions[outcome].status == "silent":
        return "not covered"
    return yes_no(verdict.outcomes[outcome])


def _reason(verdict: Verdict, outcome: Outcome) -> str:
    reason = verdict.reasons[outcome].removeprefix("Undetermined: ")
    return reason[:1].upper() + reason[1:]


def reading_line(scenario: Scenario, terms: str, extra: list[str] | None = None) -> str:
    """The first line of every what-if answer, so the user can correct the reading."""
    parts = scenario.describe() or ["no facts stated"]
    parts.append(terms_phrase(terms))
    return "Reading your question as: " + "; ".join(parts + (extra or [])) + "."


def outcome_citations(verdict: Verdict, outcome: Outcome) -> list[Citation]:
    """The quotes an outcome rests on: its clauses', plus the readings' when a contested parameter mattered."""
    found: list[Citation] = []
    steps: dict[str, ClauseStep] = {}
    for step in verdict.trace:
        steps.setdefault(step.clause, step)
    decision = verdict.decisions[outcome]
    for clause_id in decision.clauses:
        if clause_id in steps:
            found.extend(steps[clause_id].citations)
    parameters = {name for reading in verdict.readings for name in reading.choice}
    used = any(p in steps[c].condition for c in decision.clauses if c in steps for p in parameters)
    if used or parameters & set(decision.depends_on):
        for reading in verdict.readings:
            found.extend(reading.citations)
    return found


def render_verdict(
    verdict: Verdict,
    focus: list[Outcome],
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    *,
    locate: Locate,
) -> str:
    """The Markdown body of a what-if answer.

    Args:
        verdict: The evaluator's verdict, cited.
        focus: Outcomes the question asked about, shown first.
        readings: Notes on how the question was read.
        assumptions: Assumptions made before evaluation (e.g. the date read as today).
        citations: Where markers are numbered.
        locate: Finds the reference rate's quote in the corpus.

    Returns:
        Markdown: the reading line, the asked outcomes, the other outcomes, assumptions and rate.
    """
    lines = [reading_line(verdict.scenario, verdict.terms)]
    notes = [*readings, *assumptions]
    if notes:
        lines.append("(" + " ".join(n[0].upper() + n[1:].rstrip(".") + "." for n in notes) + ")")
    lines.append("")
    asked = [o for o in OUTCOMES if o in focus]
    rest = [o for o in OUTCOMES if o not in asked]
    if verdict.scenario.provider and verdict.scenario.provider != "azure":
        provider_note = f" (here: {PROVIDER_NAMES[verdict.scenario.provider]})"
    else:
        provider_note = ""
    for outcome in asked:
        title = OUTCOME_TITLES[outcome] + (provider_note if outcome == "openai_may_use_other_cloud" else "")
        marker = citations.marker(outcome_citations(verdict, outcome))
        lines.append(f"**{title}: {value_word(verdict, outcome)}.** {_reason(verdict, outcome)} {marker}".rstrip())
        lines.append("")
    if rest:
        lines.append("Other outcomes:" if asked else "Outcomes:")
        for outcome in rest:
            title = OUTCOME_TITLES[outcome] + (provider_note if outcome == "openai_may_use_other_cloud" else "")
            marker = citations.marker(outcome_citations(verdict, outcome))
            lines.append(
                f"- **{title}: {value_word(verdict, outcome)}.** {_reason(verdict, outcome)} {marker}".rstrip()
            )
        lines.append("")
    if verdict.scenario.provider == "azure" and "openai_may_use_other_cloud" in asked:
        lines.append("Azure is Microsoft's own cloud, so using it never needs another cloud's permission.")
    if verdict.assumptions:
        lines.append("Assumptions: " + " ".join(verdict.assumptions))
    if verdict.rate:
        lines.append(f"Exchange rate used: {verdict.rate}. {citations.marker(rate_citations(locate))}".rstrip())
    return "\n".join(line for line in lines).strip()


def render_inverse(
    result: InverseResult,
    verdict: Verdict,
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    *,
    locate: Locate,
) -> str:
    """The Markdown body of an answer to an inverse question.

    Args:
        result: The thresholds found.
        verdict: The evaluation at the (lowest) threshold, cited, whose trace backs the answer.
        readings: Notes on how the question was read.
        assumptions: Assumptions made before the search.
        citations: Where markers are numbered.
        locate: Finds the reference rate's quote in the corpus.

    Returns:
        Markdown: the reading line, the threshold under each reading, and what it rests on.
    """
    title = OUTCOME_TITLES[result.outcome]
    sought = "the lowest profit" if result.kind == "profit" else "the first date"
    extra = [f"{sought} at which “{title}” becomes {yes_no(result.target)}"]
    base = verdict.scenario.model_copy(update={"profit": None} if result.kind == "profit" else {"event_date": None})
    lines = [reading_line(base, result.terms, extra)]
    notes = [*readings, *assumptions, *verdict.assumptions]
    if notes:
        lines.append("(" + " ".join(dict.fromkeys(n[0].upper() + n[1:].rstrip(".") + "." for n in notes)) + ")")
    lines.append("")
    marker = citations.marker(outcome_citations(verdict, result.outcome))
    reading_citations = {r.label: r.citations for r in verdict.readings}
    for answer in result.answers:
        cited = citations.marker(reading_citations.get(answer.reading_label or "", [])) if answer.found else ""
        line = _threshold_line(result, answer, marker, cited or marker)
        if line:
            lines.append(line)
    if result.kind == "profit" and len({(a.profit.amount if a.profit else None) for a in result.answers}) > 1:
        lines.append("")
        lines.append(
            "The two readings differ because the article states the threshold in Australian dollars while "
            "every other source reports US dollars; between the two amounts the answer is undetermined."
        )
    lines.append("")
    lines.append(f"Why: {verdict.reasons[result.outcome]} {marker}".rstrip())
    if verdict.rate:
        lines.append(f"Exchange rate used: {verdict.rate}. {citations.marker(rate_citations(locate))}".rstrip())
    return "\n".join(lines).strip()


def _threshold_line(result: InverseResult, answer: InverseAnswer, marker: str, cited: str) -> str | None:
    """One reading's threshold: ``- Reading the threshold …: US$100 billion …. [2]`` (``None``: nothing to say)."""
    lead = f"Reading the threshold {answer.reading_label}: " if answer.reading_label else ""
    if not answer.found:
        return f"- {lead}no such point: {answer.note}. {marker}"
    if result.kind == "profit" and answer.profit is not None:
        other = f" (= {answer.profit_other.display(short=True)})" if answer.profit_other else ""
        return (
            f"- {lead}{answer.profit.display(short=True)}{other}; at {answer.profit.display()} the answer is yes, "
            f"one dollar less it is no. {cited}"
        )
    if answer.date is None:
        return None
    day = describe_date(answer.date, "day")
    if answer.note:
        return f"- {lead}already from {day}: {answer.note}. {marker}"
    before = [d for d, v in answer.checked.items() if v == "no"]
    tail = f"; on {before[0]} it is {yes_no(not result.target)}" if before else ""
    return f"- {lead}from {day} (the year {answer.date.year}){tail}. {marker}"


class OutcomeRow(BaseModel):
    """One row of the outcomes table a reader sees beside a what-if answer.

    Attributes:
        outcome: The outcome id (``agi_reached`` ...).
        title: Its plain-language name.
        value: ``yes``, ``no``, ``undetermined`` or ``not covered``.
        reason: Why, in plain words.
        quote: The main quote the decision rests on, with its marker, e.g. ``[1] “…”``.
    """

    outcome: Outcome
    title: str
    value: str
    reason: str
    quote: str


def outcome_rows(verdict: Verdict, citations: CitationList) -> list[OutcomeRow]:
    """The verdict as table rows, numbering quotes in ``citations`` (shared with the answer's text)."""
    rows = []
    for outcome in OUTCOMES:
        found = outcome_citations(verdict, outcome)
        marker = citations.marker(found)
        quote = f"{marker} “{found[0].quote}”" if found else "(no clause: the agreement is silent)"
        rows.append(
            OutcomeRow(
                outcome=outcome,
                title=OUTCOME_TITLES[outcome],
                value=value_word(verdict, outcome),
                reason=_reason(verdict, outcome),
                quote=quote,
            )
        )
    return rows


def _truth(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def trace_markdown(verdict: Verdict) -> str:
    """Every clause the evaluator considered, in order, with its atoms, effect and the reason it won or lost."""
    lines = [f"Terms {verdict.terms}. {len(verdict.trace)} clause evaluations.", ""]
    for number, step in enumerate(verdict.trace, start=1):
        reading = f" — reading: {step.reading}" if step.reading else ""
        lines.append(f"**{number}. `{step.clause}`** ({step.provision}, terms {step.terms}){reading}")
        lines.append(f"- in effect ({step.effective}): {_truth(step.in_effect)}; applies: {_truth(step.applies)}")
        lines.append(f"- condition: `{step.condition}`")
        for atom in step.atoms:
            inputs = ", ".join(f"{k} = {v}" for k, v in atom.inputs.items())
            note = f" ({atom.note})" if atom.note else ""
            lines.append(f"  - `{atom.expression}` → {_truth(atom.value)}" + (f" [{inputs}]" if inputs else "") + note)
        effects = ", ".join(f"{k} = {yes_no(v)}" for k, v in step.effects.items())
        lines.append(f"- effect: {effects}")
        if step.exception_to:
            lines.append(f"- exception to `{step.exception_to}`: {step.priority_reason or ''}".rstrip())
        if step.decided:
            lines.append(f"- decided: {', '.join(step.decided)}")
        if step.overridden_by:
            lines.append(f"- overridden by: {', '.join(step.overridden_by)}")
        if step.overrides:
            lines.append(f"- overrides: {', '.join(step.overrides)}")
        if step.citations:
            lines.append(f"- quote: “{step.citations[0].quote}” — `{step.citations[0].source}`")
        lines.append("")
    return "\n".join(lines).strip()


def outcome_table_html(rows: list[OutcomeRow]) -> str:
    """The outcomes as an HTML table (outcome, verdict, reason with its quote); every value is escaped."""
    cells = []
    for row in rows:
        value_class = row.value.replace(" ", "-")
        cells.append(
            "<tr>"
            f"<td class='outcome-title'>{html.escape(row.title)}</td>"
            f"<td><span class='verdict verdict-{value_class}'>{html.escape(row.value)}</span></td>"
            f"<td>{html.escape(row.reason)}<div class='outcome-quote'>{html.escape(row.quote)}</div></td>"
            "</tr>"
        )
    head = "<tr><th>Outcome</th><th>Verdict</th><th>Reason and quote</th></tr>"
    return f"<table class='outcomes-table'><thead>{head}</thead><tbody>{''.join(cells)}</tbody></table>"
