"""What a what-if answer says about other terms versions and about the changes to its subject.

- :func:`beside_versions`: the article's verdict, and the one in force on the date asked about when
  another version was pinned, to set beside the version used (the article is never silently
  replaced); :func:`compared_outcomes` is what ``Verdict.compared`` holds of them;
- :func:`turning_changes`: for an outcome the question asks about that the article's terms decide
  otherwise, the dated change since which it is what it is ("not since 28 Oct 2025: the right of
  first refusal was removed");
- :func:`whatif_caveats`: the lines after the verdict: disagreements the question names (not the one
  it already opened with), then at most two "Changed on …" lines for the provisions the question
  asks about, newest first, none that the first lines already state.
"""

from __future__ import annotations

import datetime

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.money import CurrencyMismatchError
from assistant.agreement.outcomes import Outcome
from assistant.agreement.provisions import provisions_in
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import DEFAULT_TERMS
from assistant.agreement.versions import TimelineEntry, version_changes
from assistant.answering.caveats import disagreement_sides, serving_changes
from assistant.citation import Citation
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.render import Beside, CitationList, answer_words, value_word
from assistant.whatif.terms_choice import TermsChoice, evaluate_dated, in_force_on

#: The article's terms: the user's primary document.
ARTICLE = DEFAULT_TERMS
#: A day for evaluating a version pinned by id when no choice says what today is (it plays no part:
#: a pinned version does not depend on today).
_TODAY = datetime.date(2000, 1, 1)


def _other_versions(terms: str, choice: TermsChoice | None) -> list[tuple[str, str]]:
    """``(version id, role)`` of the versions to set beside ``terms``: the article's, then the one in force."""
    others: list[tuple[str, str]] = []
    if terms != ARTICLE:
        others.append((ARTICLE, "article"))
    if choice is not None:
        current = in_force_on(choice.day)
        if current != terms and current not in (v for v, _ in others):
            others.append((current, "in-force"))
    return others


def beside_versions(
    verdict: Verdict, choice: TermsChoice | None, locate: Locate, problems: list[str] | None = None
) -> list[Beside]:
    """The verdicts of the same scenario under the article's terms and the terms in force on its date.

    Args:
        verdict: The verdict answered (under ``choice.id``).
        choice: How its terms were chosen; the version in force on ``choice.day`` is added when it is
            neither the one used nor the article's.
        locate: Finds their quotes in the corpus.
        problems: Where to say, in a sentence, why a version cannot be set beside (money in a currency
            it cannot compare), so that it is not left out silently.

    Returns:
        The other verdicts, cited, the article's first; one that cannot be evaluated is left out
        (and said in ``problems``).
    """
    found = []
    for terms, role in _other_versions(verdict.terms, choice):
        name = bundled_sheet().resolve(terms).info.name
        try:
            # pinned as the answer pins its own: a version that came into force during the date is read
            # from that day on
            _choice, evaluated = evaluate_dated(verdict.scenario, terms, today=choice.day if choice else _TODAY)
            other = cite_verdict(evaluated, locate)
        except CurrencyMismatchError as exc:
            if problems is not None:
                problems.append(f"Under {name} this cannot be evaluated: {exc}.")
            continue
        when = "then" if choice is None or choice.dated else "today"
        found.append(Beside(verdict=other, name=name, role="article" if role == "article" else "in-force", when=when))
    return found


def compared_outcomes(beside: list[Beside]) -> dict[str, dict[Outcome, bool | None]]:
    """What ``Verdict.compared`` holds: each other version's outcomes, by version id."""
    return {b.verdict.terms: dict(b.verdict.outcomes) for b in beside}


def turning_changes(
    verdict: Verdict, focus: list[Outcome], choice: TermsChoice | None, locate: Locate
) -> dict[Outcome, TimelineEntry]:
    """For each asked outcome the article decides otherwise, the change since which it is what it is.

    Only for a verdict under the terms in force on the date asked about (a pinned version's history
    is not the reader's time). The change is the news of the first version after the article from
    which the outcome keeps its present value, on the provision of the clause that decides it now
    (else of the clause that decided it in the article's terms, else of any clause that decides it).

    Returns:
        The changes by outcome; none for outcomes that are undetermined or agree with the article.
    """
    if choice is None or choice.source != "in-force" or verdict.terms == ARTICLE:
        return {}
    sheet = bundled_sheet()
    ordered = [v.info.id for v in sheet.ordered()]
    path = ordered[ordered.index(ARTICLE) : ordered.index(verdict.terms) + 1]
    try:
        period = choice.period
        verdicts = {v: (verdict if v == verdict.terms else evaluate(verdict.scenario, v, period=period)) for v in path}
    except CurrencyMismatchError:
        return {}
    found: dict[Outcome, TimelineEntry] = {}
    for outcome in focus:
        value = value_word(verdict, outcome)
        if value in ("undetermined", "not covered") or value_word(verdicts[ARTICLE], outcome) == value:
            continue
        start = len(path) - 1
        while start > 1 and value_word(verdicts[path[start - 1]], outcome) == value:
            start -= 1
        turned = path[start]
        wanted = _provisions_deciding(verdicts[verdict.terms], outcome) + _provisions_deciding(
            verdicts[ARTICLE], outcome
        )
        wanted += [c.provision for c in sheet.resolve(turned).clauses_for(outcome)]
        news = {e.provision: e for e in version_changes(turned, locate) if e.citation is not None}
        entry = next((news[p] for p in dict.fromkeys(wanted) if p in news), None)
        if entry is not None:
            found[outcome] = entry
    return found


def _provisions_deciding(verdict: Verdict, outcome: Outcome) -> list[str]:
    rules = bundled_sheet().resolve(verdict.terms)
    return [rules.clause(i).provision for i in verdict.decisions[outcome].clauses[:1]]


def asked_provisions(verdict: Verdict, focus: list[Outcome], question: str) -> list[str]:
    """The provisions a what-if question asks about, the most relevant first.

    Those of the clauses that decide the outcomes it asks about under the version used, then those
    its words name (the provisions' keywords). A question that names no outcome asks about the
    provisions its words name.
    """
    found = [p for outcome in focus for p in _provisions_deciding(verdict, outcome)]
    return list(dict.fromkeys([*found, *provisions_in(question)]))


def whatif_caveats(
    verdict: Verdict,
    focus: list[Outcome],
    question: str,
    citations: CitationList,
    *,
    locate: Locate,
    stated: list[TimelineEntry] | None = None,
    first_lines: list[Citation] | None = None,
    led: bool = False,
    body: str = "",
    max_words: int | None = None,
    max_citations: int | None = None,
) -> list[str]:
    """The lines a what-if answer ends with: disagreements the question names, then changes.

    Args:
        verdict: The verdict answered.
        focus: The outcomes the question asks about (empty when it names none).
        question: The question.
        citations: The answer's citations so far; new quotes are added to it.
        locate: Finds quotes in the corpus.
        stated: Changes the first lines already state (left out).
        first_lines: The quotes the first lines cite: a disagreement both of whose sides they cite,
            or a change whose note they cite, is not said again.
        led: The answer opened with the disagreement over its version's terms, so the changes that
            made them contested are stated already.
        body: The answer so far, for the budget.
        max_words: The most words the answer may have (:func:`~assistant.whatif.render.answer_words`);
            a line that would pass it is left out.
        max_citations: The most citations the answer may have; a line that would pass it is left out.

    Returns:
        The lines, each ending with its citation markers: at most two changes, newest first, since
        the article's terms.
    """
    cited = list(first_lines if first_lines is not None else citations.items)
    keys = {(c.source, c.start, c.end) for c in cited}
    candidates = [
        (line, sides)
        for line, sides in disagreement_sides(question, [], locate)
        if not all((s.source, s.start, s.end) in keys for s in sides)
    ]
    skip = {(e.provision, e.version) for e in stated or []}
    if led:
        rules = bundled_sheet().resolve(verdict.terms)
        skip |= {(c.provision, verdict.terms) for c in rules.changes if c.kind == "contested"}
    entries = serving_changes(
        asked_provisions(verdict, focus, question), ARTICLE, locate, leave_out=skip, already=cited
    )
    candidates += [(entry.line(), [entry.citation]) for entry in entries if entry.citation is not None]
    lines: list[str] = []
    for text, quotes in candidates:
        size = len(citations.items)
        line = f"{text} {citations.marker(quotes)}"
        words = answer_words("\n\n".join([body, *lines, line]))
        if (max_words is not None and words > max_words) or (
            max_citations is not None and len(citations.items) > max_citations
        ):
            del citations.items[size:]
            continue
        lines.append(line)
    return lines
