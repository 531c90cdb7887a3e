"""Writing a verdict for people: Markdown with citation markers, and the citations in order.

A what-if answer reads at a glance (``docs/whatif-and-terms.md``):

1. when the question is about a fact the sources disagree on (an outcome undetermined because the
   readings of a contested parameter differ), that disagreement first, citing both sides;
2. the outcome(s) the question asks about, one line each: yes / no / undetermined, the reason in at
   most 25 words (the deciding clause's gist), its marker; beside it what the article's terms give
   when they differ, and the terms in force on the date when another version was pinned;
3. the other outcomes, each once, outcomes that share a reason together, a reason already given
   not repeated;
4. "Reading your question as …" with the terms used and the assumptions, in one short paragraph.

Nothing here shows a clause id, a label or a condition: clauses appear by their gist or title. The
verdicts rendered are cited ones (:func:`assistant.whatif.citing.cite_verdict`): their markers
point at the citations of their trace and readings.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import describe_date, long_date, short_date
from assistant.agreement.facts import PROVIDER_NAMES
from assistant.agreement.outcomes import OUTCOME_SHORT, OUTCOME_TITLES, OUTCOMES, Outcome
from assistant.agreement.quotes import Locate
from assistant.agreement.versions import TimelineEntry
from assistant.citation import Citation
from assistant.whatif.citing import rate_citations
from assistant.whatif.engine.inverse import InverseAnswer, InverseResult
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import ClauseStep, Verdict
from assistant.whatif.engine.wording import FACT_LABELS, yes_no
from assistant.whatif.terms_choice import TermsChoice
from assistant.whatif.trace_words import trace_markdown

__all__ = [
    "Beside",
    "CitationList",
    "OutcomeRow",
    "answer_words",
    "opens_with_disagreement",
    "outcome_citations",
    "outcome_rows",
    "outcome_table_html",
    "reading_line",
    "render_inverse",
    "render_verdict",
    "terms_phrase",
    "trace_markdown",
    "value_word",
]


def answer_words(text: str) -> int:
    """How many words people read in an answer (the measure of the what-if answers' word budgets).

    Words are whitespace-separated tokens with a letter or digit; citation markers do not count.
    """
    return sum(1 for token in re.sub(r"\[\d+\]", " ", text).split() if any(ch.isalnum() for ch in token))


class CitationList:
    """Citations numbered in the order they are first used; ``[n]`` is ``items[n - 1]``.

    A quote inside a passage already numbered takes that passage's number: a reader finds it there.
    """

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def _find(self, citation: Citation) -> int | None:
        """The index of this quote, or of a numbered passage that holds it whole (the same words, cited once)."""
        key = (citation.source, citation.start, citation.end)
        exact = next((i for i, c in enumerate(self.items) if (c.source, c.start, c.end) == key), None)
        if exact is not None:
            return exact
        return next(
            (
                i
                for i, c in enumerate(self.items)
                if c.source == citation.source and c.start <= citation.start and citation.end <= c.end
            ),
            None,
        )

    def marker(self, citations: list[Citation]) -> str:
        """Markers like ``[1][2]`` for these citations, adding new ones at the end."""
        numbers = []
        for citation in citations:
            found = self._find(citation)
            if found is None:
                self.items.append(citation)
                found = len(self.items) - 1
            if found + 1 not in numbers:
                numbers.append(found + 1)
        return "".join(f"[{n}]" for n in numbers)

    def known_marker(self, citations: list[Citation]) -> str:
        """Markers for those of these citations already numbered; adds none."""
        numbers = [i + 1 for c in citations if (i := self._find(c)) is not None]
        return "".join(f"[{n}]" for n in dict.fromkeys(numbers))

    def holds(self, citation: Citation) -> bool:
        """Whether this quote (or the same span) is already numbered."""
        return self._find(citation) is not None


@dataclass(frozen=True)
class Beside:
    """Another terms version's verdict, set beside the one the answer uses.

    Attributes:
        verdict: The verdict under that version, cited.
        name: How the answer names the version ("the January 2025 terms the article describes").
        role: ``article`` (the user's primary document) or ``in-force`` (the version in force on the
            date asked about, when another one was pinned).
        when: ``then`` or ``today``: the date the in-force version is in force on.
    """

    verdict: Verdict
    name: str
    role: Literal["article", "in-force"]
    when: str = "then"

    def lead(self) -> str:
        """``Under the January 2025 terms the article describes``, ``Under the April 2026 amendment, in force then``."""
        return f"Under {self.name}" + (f", in force {self.when}" if self.role == "in-force" else "")

    def brief(self) -> str:
        """``Under the article's terms`` or ``In force then (the April 2026 amendment)``: for other outcomes."""
        return "Under the article's terms" if self.role == "article" else f"In force {self.when} ({self.name})"


def terms_phrase(terms: str) -> str:
    """How an answer names a terms version: ``the October 2025 definitive agreement``."""
    return bundled_sheet().resolve(terms).info.name


def value_word(verdict: Verdict, outcome: Outcome) -> str:
    """``yes``, ``no``, ``undetermined`` or ``not covered`` (the agreement is silent)."""
    if verdict.decisions[outcome].status == "silent":
        return "not covered"
    return yes_no(verdict.outcomes[outcome])


def _reason(verdict: Verdict, outcome: Outcome) -> str:
    reason = verdict.reasons[outcome].removeprefix("Undetermined: ")
    return reason[:1].upper() + reason[1:]


def _terms_words(terms: str, choice: TermsChoice | None) -> str:
    """``under the April 2026 amendment, the terms in force then``."""
    name = terms_phrase(terms)
    if choice is None or choice.id != terms:
        return f"under {name}"
    if choice.source == "pinned":
        return f"under {name}, as chosen"
    if choice.source == "named":
        return f"under {name}, as the question asks"
    return f"under {name} (in force {'then' if choice.dated else 'today'})"


def reading_line(
    scenario: Scenario, terms: str, extra: list[str] | None = None, choice: TermsChoice | None = None
) -> str:
    """How the question was read (its facts and the terms used), so the user can correct it."""
    parts = scenario.describe() or ["no facts stated"]
    parts.append(_terms_words(terms, choice))
    return "Reading your question as: " + "; ".join(parts + (extra or [])) + "."


def _sentences(notes: list[str]) -> str:
    return " ".join(dict.fromkeys(n[0].upper() + n[1:].rstrip(".") + "." for n in notes if n))


def _choice_notes(choice: TermsChoice | None, scenario: Scenario) -> list[str]:
    """A note when the scenario's date spans more than one version of the terms."""
    if choice is None:
        return []
    when = scenario.date_text() or "That time"
    if choice.source == "in-force" and choice.also_in_force:
        since = f" from {long_date(choice.period[0])}" if choice.period is not None else ""
        return [f"{when} saw more than one version of the terms: read{since} under the one in force at its end"]
    if choice.period is not None:
        return [f"These terms apply from {long_date(choice.period[0])}, so {when} is read from that day"]
    return []


def outcome_citations(verdict: Verdict, outcome: Outcome) -> list[Citation]:
    """The quotes an outcome rests on: its clauses', plus the readings' when a contested parameter mattered."""
    found: list[Citation] = []
    steps = _steps(verdict)
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


def _steps(verdict: Verdict) -> dict[str, ClauseStep]:
    steps: dict[str, ClauseStep] = {}
    for step in verdict.trace:
        steps.setdefault(step.clause, step)
    return steps


@dataclass(frozen=True)
class _Why:
    """An outcome's reason as the first lines give it.

    Attributes:
        key: What outcomes sharing the reason have in common (the main quote, or the text).
        text: The reason, in at most about 25 words (the deciding clause's gist).
        citations: The quotes it rests on (the main quote of the deciding clause, or the readings').
        brief: The reason in a few words, for outcomes the question does not ask about (the deciding
            clause's title).
        contested: The contested parameters whose readings leave it undetermined.
    """

    key: tuple[str, ...]
    text: str
    citations: list[Citation]
    brief: str = ""
    contested: tuple[str, ...] = ()

    def short(self) -> str:
        """The brief reason, or the reason when there is no brief one."""
        return self.brief or self.text


def _contested(verdict: Verdict, outcome: Outcome) -> tuple[str, ...]:
    """The contested parameters whose readings decide ``outcome`` differently (none when they agree)."""
    decision = verdict.decisions[outcome]
    parameters = {name for reading in verdict.readings for name in reading.choice}
    if decision.status != "undetermined" or not decision.depends_on or not set(decision.depends_on) <= parameters:
        return ()
    if len({r.outcomes.get(outcome) for r in verdict.readings}) < 2:
        return ()
    return tuple(decision.depends_on)


def _reading_values(verdict: Verdict, outcome: Outcome) -> str:
    """``yes at the article's AUD$100 billion, no at the US$100 billion other sources report``."""
    rules = bundled_sheet().resolve(verdict.terms)
    parts = []
    for result in verdict.readings:
        shorts = [
            next(r.short for r in rules.parameters[name].readings if r.id == reading_id)
            for name, reading_id in result.choice.items()
        ]
        value = result.outcomes.get(outcome)
        word = "it depends on other facts" if value is None else yes_no(value)
        parts.append(f"{word} {' and '.join(shorts)}")
    return ", ".join(parts)


def _why(verdict: Verdict, outcome: Outcome, *, led: bool = False) -> _Why:
    """Why an outcome is what it is, in the few words the first lines give.

    Args:
        verdict: The verdict, cited.
        outcome: The outcome.
        led: The answer opens with the disagreement that leaves it undetermined (so the reason does
            not name the disagreement again, nor cite it).
    """
    rules = bundled_sheet().resolve(verdict.terms)
    decision = verdict.decisions[outcome]
    steps = _steps(verdict)
    contested = _contested(verdict, outcome)
    if contested:
        values = _reading_values(verdict, outcome)
        cited: list[Citation] = []
        if led:
            text = values[:1].upper() + values[1:] + "."
        else:
            text = f"The sources disagree on {_about(verdict, contested)}: {values}."
            cited = [c for r in verdict.readings for c in r.citations]
        brief = f"The sources disagree: {values}." if not led else values[:1].upper() + values[1:] + "."
        return _Why(("readings", verdict.terms, *contested, values), text, cited, brief, contested)
    if decision.status == "decided" and decision.clauses:
        clause_id = decision.clauses[0]
        clause = rules.clause(clause_id)
        main = steps[clause_id].citations[:1] if clause_id in steps else []
        key = ("quote", main[0].source, str(main[0].start)) if main else ("clause", clause_id)
        return _Why(key, clause.gist, main, clause.title + ".")
    if decision.status == "undetermined":
        wanted = " and ".join(FACT_LABELS.get(d, d.replace("_", " ")) for d in decision.depends_on)
        wanted = wanted or "facts the question does not give"
        text = f"It depends on {wanted}, which the question does not say."
        cited = []
        for value in (True, False):
            deciding = [i for i in decision.clauses if rules.clause(i).outcomes.get(outcome) is value and i in steps]
            if deciding:
                cited.extend(steps[deciding[0]].citations[:1])
        return _Why(("text", text), text, cited, f"It depends on {wanted}.")
    text = _reason(verdict, outcome)
    return _Why(("text", text), text, [])


def opens_with_disagreement(verdict: Verdict, focus: list[Outcome]) -> bool:
    """Whether the answer opens with a disagreement: an outcome it is about is left open by one."""
    return any(_contested(verdict, o) for o in ([o for o in OUTCOMES if o in focus] or OUTCOMES))


def _disagreement_lead(verdict: Verdict, outcomes: list[Outcome], citations: CitationList) -> str | None:
    """The disagreement that leaves an outcome the question is about undetermined, said first."""
    contested = list(dict.fromkeys(p for o in outcomes for p in _contested(verdict, o)))
    if not contested:
        return None
    rules = bundled_sheet().resolve(verdict.terms)
    parts = []
    for name in contested:
        parameter = rules.parameters[name]
        about = parameter.contested or parameter.description.rstrip(".")
        parts.append(f"**The sources disagree on {about}**: " + ", or ".join(r.label for r in parameter.readings))
    cited = [c for r in verdict.readings for c in r.citations]
    return f"{'; '.join(parts)} {citations.marker(cited)}".rstrip() + "."


def _with_marker(text: str, marker: str) -> str:
    """``text`` as a sentence with its markers before the full stop (``… until 2030 [1].``)."""
    text = text.rstrip().rstrip(".")
    return f"{text} {marker}." if marker else f"{text}."


def _title(verdict: Verdict, outcome: Outcome, short: bool = False) -> str:
    title = (OUTCOME_SHORT if short else OUTCOME_TITLES)[outcome]
    provider = verdict.scenario.provider
    if outcome == "openai_may_use_other_cloud" and provider and provider != "azure" and not short:
        title += f" (here: {PROVIDER_NAMES[provider]})"
    return title


def _since(value: str, turn: TimelineEntry) -> str:
    """``not since 28 Oct 2025`` (no), ``since 28 Oct 2025`` (yes, undetermined)."""
    return f"{'not ' if value == 'no' else ''}since {short_date(turn.date)}"


def _asked_line(
    verdict: Verdict,
    outcome: Outcome,
    beside: list[Beside],
    turn: TimelineEntry | None,
    citations: CitationList,
    *,
    led: bool,
) -> tuple[str, _Why]:
    """One line for an outcome the question asks about, with what other versions give when it differs."""
    value = value_word(verdict, outcome)
    why = _why(verdict, outcome, led=led)
    if turn is not None and turn.citation is not None:
        head = f"**{_title(verdict, outcome)}: {value} — {_since(value, turn)}**: "
        line = head + _with_marker(turn.summary, citations.marker([turn.citation]))
    else:
        line = f"**{_title(verdict, outcome)}: {value}.** " + _with_marker(why.text, citations.marker(why.citations))
    for other in beside:
        theirs = value_word(other.verdict, outcome)
        if theirs != value:
            other_why = _why(other.verdict, outcome)
            if other_why.contested:
                theirs += f", as the sources disagree on {_about(other.verdict, other_why.contested)}"
            line += " " + _with_marker(f"{other.lead()}: {theirs}", citations.marker(other_why.citations))
    return line, why


def _about(verdict: Verdict, contested: tuple[str, ...]) -> str:
    """What the sources disagree on: ``the currency of the AGI profit threshold``."""
    rules = bundled_sheet().resolve(verdict.terms)
    return " and ".join(rules.parameters[n].contested or rules.parameters[n].description for n in contested)


def _group_lines(
    verdict: Verdict,
    outcomes: list[Outcome],
    given: dict[tuple[str, ...], str],
    citations: CitationList,
    *,
    cite: bool,
    led: bool,
) -> list[str]:
    """The outcomes, those that share a reason on one line, a reason already given not repeated.

    Args:
        verdict: The verdict, cited.
        outcomes: The outcomes to list.
        given: Reasons the answer has already given, by key (updated).
        citations: Where markers are numbered.
        cite: Whether to add the reasons' quotes (else only markers of quotes already cited).
        led: The answer opened with the disagreement.
    """
    groups: dict[tuple[str, ...], list[Outcome]] = {}
    whys: dict[tuple[str, ...], _Why] = {}
    for outcome in outcomes:
        why = _why(verdict, outcome, led=led)
        groups.setdefault(why.key, []).append(outcome)
        whys.setdefault(why.key, why)
    lines = []
    for key, members in groups.items():
        why = whys[key]
        head = _values_phrase(verdict, members)
        if key in given:
            lines.append(f"- **{head}**, for the same reason as {given[key]}.")
            continue
        marker = citations.marker(why.citations) if cite else citations.known_marker(why.citations)
        lines.append(f"- **{head}.** " + _with_marker(why.short(), marker))
        given[key] = "above" if len(members) > 1 else _title(verdict, members[0], short=True)
    return lines


def _values_phrase(verdict: Verdict, outcomes: list[Outcome], *, capital: bool = True) -> str:
    """Outcomes with their values: ``API exclusive to Azure and revenue sharing: no; another cloud: yes``."""
    by_value: dict[str, list[str]] = {}
    for outcome in outcomes:
        by_value.setdefault(value_word(verdict, outcome), []).append(_title(verdict, outcome, short=True))
    parts = []
    for value, names in by_value.items():
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append(f"{joined}: {value}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] if capital else text


def _beside_lines(
    verdict: Verdict, outcomes: list[Outcome], beside: list[Beside], citations: CitationList, *, cite: bool
) -> list[str]:
    """For each other version, the outcomes it decides otherwise (``Under the article's terms: AGI reached: yes.``).

    In an answer about some outcomes (``cite`` false) only the article's terms are set beside the other
    outcomes, and only with markers of quotes the answer already cites; the version in force on the date
    is set beside the asked outcomes.
    """
    lines = []
    for other in beside:
        differ = [o for o in outcomes if value_word(other.verdict, o) != value_word(verdict, o)]
        if not differ or (other.role != "article" and not cite):
            continue
        quotes = [c for o in differ for c in _why(other.verdict, o).citations]
        marker = citations.marker(quotes) if cite else citations.known_marker(quotes)
        lines.append(_with_marker(f"{other.brief()}: {_values_phrase(other.verdict, differ, capital=False)}", marker))
    return lines


def render_verdict(
    verdict: Verdict,
    focus: list[Outcome],
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    *,
    locate: Locate,
    choice: TermsChoice | None = None,
    beside: list[Beside] | None = None,
    turns: dict[Outcome, TimelineEntry] | None = None,
    unavailable: list[str] | None = None,
) -> str:
    """The Markdown body of a what-if answer.

    Args:
        verdict: The evaluator's verdict, cited.
        focus: Outcomes the question asked about, shown first (none: every outcome is listed).
        readings: Notes on how the question was read.
        assumptions: Assumptions made before evaluation (e.g. the date read as today).
        citations: Where markers are numbered.
        locate: Finds the reference rate's quote in the corpus.
        choice: How the terms were chosen (for the reading paragraph).
        beside: Other versions' verdicts to set beside this one where they differ (the article's first).
        turns: For an outcome that differs from the article's, the dated change since which it is
            what it is (said in its line instead of the reason).
        unavailable: Sentences saying why a version that should be set beside this one cannot be.

    Returns:
        Markdown: the disagreement that leaves an asked outcome open (if any), the asked outcomes,
        the other outcomes, then how the question was read.
    """
    beside = beside or []
    turns = turns or {}
    asked = [o for o in OUTCOMES if o in focus]
    paragraphs = []
    lead = _disagreement_lead(verdict, asked or list(OUTCOMES), citations)
    if lead:
        paragraphs.append(lead)
    given: dict[tuple[str, ...], str] = {}
    for outcome in asked:
        turn = turns.get(outcome)
        line, why = _asked_line(verdict, outcome, beside, turn, citations, led=lead is not None)
        if turn is None:
            given.setdefault(why.key, _title(verdict, outcome, short=True))
        paragraphs.append(line)
    paragraphs.extend(unavailable or [])
    rest = [o for o in OUTCOMES if o not in asked]
    if rest:
        terms = _terms_words(verdict.terms, choice)
        heading = "Other outcomes:" if asked else "Why:"
        if not asked and not lead:
            # No outcome asked about: the answer at a glance comes first, every outcome and its value.
            values = _values_phrase(verdict, rest, capital=False)
            paragraphs.append(f"{terms[:1].upper()}{terms[1:]}: {values}.")
        lines = _group_lines(verdict, rest, given, citations, cite=not asked, led=lead is not None)
        beside_lines = _beside_lines(verdict, rest, beside, citations, cite=not asked)
        paragraphs.append("\n".join([heading, *lines]))
        if beside_lines:  # a paragraph of its own: after the list it would read as part of the last item
            paragraphs.append("\n".join(beside_lines))
    if verdict.scenario.provider == "azure" and "openai_may_use_other_cloud" in asked:
        paragraphs.append("Azure is Microsoft's own cloud, so using it never needs another cloud's permission.")
    paragraphs.append(_reading_paragraph(verdict, readings, assumptions, citations, locate, choice))
    return "\n\n".join(paragraphs)


def _reading_paragraph(
    verdict: Verdict,
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    locate: Locate,
    choice: TermsChoice | None,
    extra: list[str] | None = None,
    scenario: Scenario | None = None,
) -> str:
    """How the question was read, the assumptions and the exchange rate, in one paragraph."""
    text = reading_line(scenario or verdict.scenario, verdict.terms, extra, choice)
    notes = _sentences([*readings, *_choice_notes(choice, verdict.scenario)])
    if notes:
        text += " " + notes
    assumed = list(dict.fromkeys(a.strip().rstrip(".") for a in [*assumptions, *verdict.assumptions] if a.strip()))
    if assumed:
        text += " Assumed: " + "; ".join(a[:1].lower() + a[1:] if a[1:2].islower() else a for a in assumed) + "."
    if verdict.rate:
        text += " " + _with_marker(f"Exchange rate: {verdict.rate}", citations.marker(rate_citations(locate)))
    return text


def render_inverse(
    result: InverseResult,
    verdict: Verdict,
    readings: list[str],
    assumptions: list[str],
    citations: CitationList,
    *,
    locate: Locate,
    choice: TermsChoice | None = None,
    beside: list[tuple[str, InverseResult, Verdict]] | None = None,
) -> str:
    """The Markdown body of an answer to an inverse question.

    Args:
        result: The thresholds found.
        verdict: The evaluation at the (lowest) threshold, cited, whose trace backs the answer.
        readings: Notes on how the question was read.
        assumptions: Assumptions made before the search.
        citations: Where markers are numbered.
        locate: Finds the reference rate's quote in the corpus.
        choice: How the terms were chosen (for the reading paragraph).
        beside: The same search under other versions (the article's first): each version's name,
            its result and its cited verdict at its threshold; set beside this one where it differs.

    Returns:
        Markdown: the threshold under each reading, why, what other versions give, and the reading.
    """
    title = OUTCOME_TITLES[result.outcome]
    sought = "The lowest profit" if result.kind == "profit" else "The first date"
    why = _why(verdict, result.outcome)
    marker = citations.marker(why.citations)
    lines = [f"**{sought} at which “{title}” is {yes_no(result.target)}:**"]
    reading_citations = {r.label: r.citations for r in verdict.readings}
    for answer in result.answers:
        cited = citations.marker(reading_citations.get(answer.reading_label or "", [])) if answer.found else ""
        line = _threshold_line(result, answer, marker, cited or marker)
        if line:
            lines.append(line)
    nowhere = len(result.answers) == 1 and not result.answers[0].found and not why.contested
    if nowhere:
        # "how much profit is agi?" under terms where no profit alone decides it: say so, and why, first
        noun = "profit" if result.kind == "profit" else "date"
        lines = [
            _with_marker(
                f"**No {noun} makes “{title}” {yes_no(result.target)} under {terms_phrase(result.terms)}**: "
                f"{why.text[:1].lower()}{why.text[1:].rstrip('.')}",
                marker,
            )
        ]
    elif len(lines) == 2:  # one reading, one threshold: the answer is one sentence
        lines = [f"{lines[0]} {lines[1].removeprefix('- ')}"]
    paragraphs = ["\n".join(lines)]
    if result.kind == "profit" and len({(a.profit.amount if a.profit else None) for a in result.answers}) > 1:
        paragraphs.append(
            "The two readings differ because the article states the threshold in Australian dollars while "
            "every other source reports US dollars; between the two amounts the answer is undetermined."
        )
    if not why.contested and not nowhere:  # a disagreement between readings is what the threshold lines show
        paragraphs.append(_with_marker(f"Why: {why.text}", marker))
    for name, other, at in beside or []:
        if _thresholds(other) != _thresholds(result):
            quotes = list(_why(at, other.outcome).citations)
            if len(other.answers) > 1:
                quotes += [c for r in at.readings for c in r.citations]
            paragraphs.append(_with_marker(f"Under {name}: {_thresholds(other)}", citations.marker(quotes)))
    extra = [f"{sought.lower()} at which “{title}” is {yes_no(result.target)}"]
    base = verdict.scenario.model_copy(update={"profit": None} if result.kind == "profit" else {"event_date": None})
    paragraphs.append(
        _reading_paragraph(verdict, readings, assumptions, citations, locate, choice, extra=extra, scenario=base)
    )
    return "\n\n".join(paragraphs)


def _reading_short(terms: str, reading: str | None) -> str:
    """A reading's short form (``at the article's AUD$100 billion``) from its ids, ``""`` for none."""
    if not reading:
        return ""
    rules = bundled_sheet().resolve(terms)
    ids = set(reading.split(","))
    shorts = [r.short for p in rules.parameters.values() for r in p.readings if r.id in ids]
    return " " + " and ".join(shorts) if shorts else ""


def _thresholds(result: InverseResult) -> str:
    """The thresholds in a few words: ``US$62.5 billion at the article's AUD$100 billion; US$100 billion …``."""
    parts = []
    for answer in result.answers:
        if not answer.found:
            value = "never"
        elif result.kind == "profit" and answer.profit is not None:
            value = answer.profit.display(short=True)
        elif answer.date is not None:
            value = f"from {long_date(answer.date)}"
        else:
            continue
        parts.append(value + _reading_short(result.terms, answer.reading))
    return "; ".join(parts)


def _threshold_line(result: InverseResult, answer: InverseAnswer, marker: str, cited: str) -> str | None:
    """One reading's threshold: ``- Reading the threshold …: US$100 billion …. [2]`` (``None``: nothing to say)."""
    lead = f"Reading the sources {answer.reading_label}: " if answer.reading_label else ""
    if not answer.found:
        return "- " + _with_marker(f"{lead}no such point: {answer.note}", marker)
    if result.kind == "profit" and answer.profit is not None:
        other = f" (= {answer.profit_other.display(short=True)})" if answer.profit_other else ""
        return "- " + _with_marker(
            f"{lead}{answer.profit.display(short=True)}{other}; at {answer.profit.display()} the answer is "
            f"{yes_no(result.target)}, one dollar less it is {yes_no(not result.target)}",
            cited,
        )
    if answer.date is None:
        return None
    day = describe_date(answer.date, "day")
    if answer.note:
        return "- " + _with_marker(f"{lead}already from {day}: {answer.note}", marker)
    before = [d for d, v in answer.checked.items() if v == "no"]
    tail = ""
    if before:
        earlier = long_date(_iso_day(before[0]))
        tail = f"; on {earlier} it is {yes_no(not result.target)}"
    return "- " + _with_marker(f"{lead}from {day} (the year {answer.date.year}){tail}", marker)


def _iso_day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


class OutcomeRow(BaseModel):
    """One row of the outcomes table a reader sees beside a what-if answer.

    Attributes:
        outcome: The outcome id (``agi_reached`` ...), for programs; never shown.
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


_FIRST_MARKED = re.compile(r"\](?:\.|:)?(?=\s|$)")


def first_sentence(text: str) -> str | None:
    """The first sentence of a what-if answer: its first paragraph up to its first citation marker.

    "**Microsoft keeps access to OpenAI's IP: yes — since 28 Oct 2025**: … post-AGI models [1]." A
    paragraph with no marker ("Under the October 2025 definitive agreement (in force then): AGI reached:
    no; …") is the sentence whole; a heading over one line per reading is joined into one sentence; a
    first paragraph that is a list has none.
    """
    paragraph = text.strip().split("\n\n", 1)[0].strip()
    if not paragraph or paragraph.startswith("- "):
        return None
    if "\n" in paragraph:  # a heading and a threshold per reading: the heading, then each reading
        heading, *items = paragraph.split("\n")
        return f"{heading} " + "; ".join(item.removeprefix("- ").rstrip(".") for item in items) + "."
    found = _FIRST_MARKED.search(paragraph)
    return paragraph[: found.end()] if found else paragraph
