"""The lines answers end with: where the article disagrees with other sources, and what changed later.

- "The article and other sources disagree: … [a][b]" for each disagreement the answer touches
  (see :mod:`assistant.agreement.disagreements`), citing both sides;
- "Changed on 28 Oct 2025: the right of first refusal was removed [n]" for the later changes that
  serve the question, citing the dated note: only changes to the provisions the question asks about
  (their keywords, ``assistant/data/provisions.yaml``; when it names none, the provisions of the
  passages the answer cites), at most :data:`MAX_CHANGE_LINES`, newest first, and none the answer's
  first lines already state (their citations overlap the note's quote).
  The full history stays behind ``assistant timeline`` and the app's Timeline tab.

Plain answers (:func:`add_caveats`) list the changes after the article's terms (``2025-01``),
because their quotes come from documents, not from a terms version; what-if answers
(:mod:`assistant.whatif.later_terms`) do too, for the provisions of the outcomes they are asked
about. Change lines come last. A line whose quote cannot be found in the corpus is left out, so
every marker points at a real, verbatim citation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise

from assistant.agreement.dates import long_date
from assistant.agreement.disagreements import Disagreement, overlaps, relevant_disagreements
from assistant.agreement.provisions import provisions_in
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import DEFAULT_TERMS
from assistant.agreement.versions import TimelineEntry, changes_after
from assistant.answering.subjects import cited_provisions
from assistant.citation import MARKER, Citation, renumber_markers
from assistant.index.lexical import tokenize
from assistant.models import Answer
from assistant.whatif.render import CitationList

#: Paragraphs that report later changes rather than answer the question.
CHANGE_PREFIXES: tuple[str, ...] = ("Changed on ", "Under the latest terms")
#: The most "Changed on …" lines an answer's text carries.
MAX_CHANGE_LINES = 2
#: The most "The article and other sources disagree: …" lines: one sentence of the article can raise
#: three, and a wall of caveats buries the answer.
MAX_DISAGREEMENT_LINES = 2


def disagreement_sides(question: str, cited: list[Citation], locate: Locate) -> list[tuple[str, list[Citation]]]:
    """Each disagreement the question or the cited passages touch: its line (no markers) and both sides.

    Args:
        question: The user's question.
        cited: The passages the answer cites (``[]``: only disagreements the question names).
        locate: Finds a quote in a corpus document.

    Returns:
        ``(line, sides)``, at most :data:`MAX_DISAGREEMENT_LINES`: those the question names first, then
        those sharing most words with it (none when a side cannot be found in the corpus).
    """
    found = []
    for item in _most_relevant(question, relevant_disagreements(question, cited, locate)):
        sides = [locate(side.source, side.quote) for side in item.sides()]
        located = [c for c in sides if c is not None]
        if len(located) == len(sides):
            found.append((item.line(), located))
    return found[:MAX_DISAGREEMENT_LINES]


def _most_relevant(question: str, items: list[Disagreement]) -> list[Disagreement]:
    """``items``, those the question names first, then by the words they share with it (stable)."""
    asked = set(tokenize(question))

    def rank(item: Disagreement) -> tuple[bool, int]:
        return (not item.named_in(question), -len(asked & set(tokenize(item.statement))))

    return sorted(items, key=rank)


def disagreement_lines(question: str, citations: CitationList, locate: Locate) -> list[str]:
    """One line per disagreement the question or the cited passages touch, citing both sides.

    Args:
        question: The user's question.
        citations: The answer's citations so far; the sides' quotes are added to it.
        locate: Finds a quote in a corpus document.

    Returns:
        The lines, the most relevant first (see :func:`disagreement_sides`).
    """
    found = disagreement_sides(question, list(citations.items), locate)
    return [f"{line} {citations.marker(sides)}" for line, sides in found]


def _stated(entry: TimelineEntry, already: Iterable[Citation]) -> bool:
    citation = entry.citation
    return citation is not None and any(overlaps(c, citation.source, citation.start, citation.end) for c in already)


def serving_changes(
    subjects: list[str],
    since_terms: str | None,
    locate: Locate,
    *,
    leave_out: Collection[tuple[str, str]] = (),
    already: Iterable[Citation] = (),
    limit: int = MAX_CHANGE_LINES,
) -> list[TimelineEntry]:
    """The later changes worth a line: to these provisions, newest first, at most ``limit``.

    Args:
        subjects: Provision ids the question asks about, the most relevant first.
        since_terms: Only changes in versions after this one.
        locate: Finds a quote in a corpus document (a change whose quote is not found is left out).
        leave_out: ``(provision, version)`` of changes the answer already states.
        already: Quotes the answer's first lines cite; a change whose note overlaps one is left out.
        limit: The most changes.

    Returns:
        The changes, newest first; on the same day, in the order of ``subjects`` (most relevant first); of
        changes quoting the same passage, only the first.
    """
    cited = list(already)
    rank = {p: i for i, p in enumerate(subjects)}
    entries = [
        e
        for e in changes_after(since_terms, subjects, locate)
        if e.citation is not None and (e.provision, e.version) not in leave_out and not _stated(e, cited)
    ]
    newest = sorted(entries, key=lambda e: (-e.date.toordinal(), rank.get(e.provision, len(rank))))
    kept: list[TimelineEntry] = []
    for entry in newest:
        # two provisions' changes resting on one passage are one change to a reader: the first says it
        if not _stated(entry, [k.citation for k in kept if k.citation is not None]):
            kept.append(entry)
    return kept[:limit]


def first_lines_citations(answer: Answer) -> list[Citation]:
    """The citations an answer's first paragraph cites (what its first lines state)."""
    first = answer.text.split("\n\n", 1)[0]
    numbers = [int(n) for n in MARKER.findall(first)]
    return [answer.citations[n - 1] for n in numbers if 0 < n <= len(answer.citations)]


def add_caveats(
    answer: Answer,
    question: str,
    locate: Locate,
    *,
    disagreement_first: bool = False,
    lead_change: bool = False,
    later_changes: bool = True,
    yes_no_hedge: str | None = None,
    provisions: Sequence[str] = (),
) -> Answer:
    """A plain answer with its disagreement and change lines appended (a copy; others unchanged).

    Args:
        answer: A grounded answer (``kind == "answer"``).
        question: The question it answers.
        locate: Finds a quote in a corpus document (the assistant's ``SourceTexts.cite``).
        disagreement_first: The question checks a claim the sources disagree on ("heard … — true?"):
            the disagreement opens the answer and is its summary.
        lead_change: The question asks how something stands, not for a date or an amount ("what's the
            deal with exclusivity?"; a yes or no only as ``yes_no_hedge`` says): when the summary quotes
            only documents older than the newest change to what it asks about, that change joins the
            summary, which would otherwise answer with terms that no longer hold.
        later_changes: Add the "Changed on …" lines; an answer that already states the terms as they
            stand today ("tl;dr the partnership") has none to add.
        yes_no_hedge: For a yes/no question, how an answer opens that gives no yes or no. Only such an
            answer leads with the change, or one whose plain "Yes" or "No" comes from quotes older than two
            days of changes to what it asks about: its yes or no then gives way to this opening. "is openai's
            board still the sole arbiter of agi?" is not answered yes by a 2023 page once an expert panel
            verifies AGI; "OpenAI's consumer hardware is outside Microsoft's IP rights" stands after one later
            change to the licence, and the clause evaluator's yes or no is today's already.
        provisions: What the question asks about when its own words do not say ("who decides?" after
            "what is the agi clause?"); by default the provisions its words name, else those its quotes state.

    Returns:
        The answer with the lines after its text and their citations after its own.
    """
    if answer.kind != "answer":
        return answer
    citations = CitationList()
    citations.items = list(answer.citations)
    disagreements = disagreement_lines(question, citations, locate)
    asked = provisions_in(question) or list(provisions) or cited_provisions(list(answer.citations), locate)
    already = first_lines_citations(answer)
    entries = serving_changes(asked, DEFAULT_TERMS, locate, already=already) if later_changes else []
    if not disagreements and not entries:
        return answer
    if disagreement_first and disagreements:
        changes = [_change_line(e, citations) for e in entries]
        text = "\n\n".join([*disagreements, answer.text, *changes])
        return answer.model_copy(update={"text": text, "summary": disagreements[0], "citations": list(citations.items)})
    summary, text = answer.summary, answer.text
    opening = _yes_no_opening(summary, yes_no_hedge)
    if (
        lead_change
        and summary
        and summary in text
        and entries
        and _newer_than_summary(entries[0], answer)
        and (
            yes_no_hedge is None
            or summary.startswith(yes_no_hedge)
            or (opening is not None and _rewritten_since(asked, locate, answer))
        )
    ):
        # The newest changes (those of its day) say how it stands now: they follow the summary, in the
        # first paragraph.
        newest = [e for e in entries if e.date == entries[0].date]
        entries = entries[len(newest) :]
        settled = _last_settled(newest, locate, answer)
        if settled is not None:
            # "who decides if agi is reached?": the latest change is disputed, so how it stands is the last
            # change nobody disputes (the expert panel of October 2025), then the dispute
            newest = [settled, *newest]
            entries = [e for e in entries if (e.provision, e.version) != (settled.provision, settled.version)]
        parts = [_change_line(newest[0], citations)] + [
            # a change of another day says its day: "…; on 27 Apr 2026 (contested): …"
            f"on {_change_line(e, citations).removeprefix('Changed on ')}"
            if e.date != before.date
            else f"{e.summary}{' (contested)' if e.kind == 'contested' else ''} {citations.marker([e.citation])}"
            for before, e in pairwise(newest)
            if e.citation is not None
        ]
        # a yes or no the older quote gave is no answer for today: the change that leads says how it stands
        led = summary if opening is None else f"{yes_no_hedge} {summary.removeprefix(opening)}"
        text = text.replace(summary, f"{led} {'; '.join(parts)}.", 1)
        summary = f"{led} {'; '.join(parts)}."
    changes = [_change_line(e, citations) for e in entries]
    text = "\n\n".join([text, *disagreements, *changes])
    return in_reading_order(
        answer.model_copy(update={"text": text, "summary": summary, "citations": list(citations.items)})
    )


#: How a summary gives a yes or no it read from its quote (the clause evaluator's openings are bold).
_YES_NO_OPENINGS = ("Yes — ", "No — ")


def _yes_no_opening(summary: str | None, hedge: str | None) -> str | None:
    """The "Yes — " or "No — " a yes/no question's summary opens with (``None``: none, or not a yes/no)."""
    if hedge is None or summary is None:
        return None
    return next((opening for opening in _YES_NO_OPENINGS if summary.startswith(opening)), None)


def _rewritten_since(provisions: list[str], locate: Locate, answer: Answer) -> bool:
    """Whether these provisions changed on two days or more after every document the summary cites.

    One later change may touch another part of them ("OpenAI's consumer hardware is outside Microsoft's IP
    rights" stands after the licence became non-exclusive); terms changed twice since were rewritten.
    """
    later = changes_after(DEFAULT_TERMS, provisions, locate)
    return len({e.date for e in later if _newer_than_summary(e, answer)}) >= 2


def _last_settled(newest: list[TimelineEntry], locate: Locate, answer: Answer) -> TimelineEntry | None:
    """The latest undisputed change to the provision whose newest change is disputed, if it is news to the summary.

    ``newest`` are the changes of the latest day; the first disputed one's provision is the one looked at.
    """
    disputed = next((e for e in newest if e.kind == "contested"), None)
    if disputed is None:
        return None
    earlier = [
        e
        for e in changes_after(DEFAULT_TERMS, [disputed.provision], locate)
        if e.kind != "contested" and e.citation is not None and e.date < newest[0].date
    ]
    return earlier[-1] if earlier and _newer_than_summary(earlier[-1], answer) else None


def in_reading_order(answer: Answer) -> Answer:
    """``answer`` with its citations numbered as a reader meets them: [1], [2], … down the text.

    A change moved up into the first paragraph is cited after the caveats' sources were numbered, so it
    would read "… [1]. Changed on 27 Apr 2026: … [11]". Citations no marker uses keep their order, last.
    """
    order: list[int] = []
    for match in MARKER.finditer(answer.text):
        number = int(match.group(1))
        if 0 < number <= len(answer.citations) and number not in order:
            order.append(number)
    order += [n for n in range(1, len(answer.citations) + 1) if n not in order]
    if order == list(range(1, len(order) + 1)):
        return answer
    new = {old: position for position, old in enumerate(order, start=1)}
    return answer.model_copy(
        update={
            "text": renumber_markers(answer.text, new),
            "summary": renumber_markers(answer.summary, new) if answer.summary is not None else None,
            "citations": [answer.citations[n - 1] for n in order],
        }
    )


def _change_line(entry: TimelineEntry, citations: CitationList) -> str:
    """A change's line, "Changed on 28 Oct 2025: the right of first refusal was removed [n]", its citation added."""
    return f"{entry.line()} {citations.marker([entry.citation])}" if entry.citation is not None else entry.line()


def _newer_than_summary(entry: TimelineEntry, answer: Answer) -> bool:
    """Whether ``entry`` is news to the answer's summary.

    It is when dated after every document the summary cites, on a day the summary does not name
    ("…was later removed by the definitive agreement of 28 October 2025" already says it).
    """
    summary = answer.summary or ""
    numbers = [int(n) for n in MARKER.findall(summary)]
    dates = [answer.citations[n - 1].date or "" for n in numbers if 0 < n <= len(answer.citations)]
    return bool(dates) and all(entry.date.isoformat() > date for date in dates) and long_date(entry.date) not in summary


def answer_markers(text: str) -> set[int]:
    """The citation numbers used in an answer's own paragraphs, leaving out the later-change lines."""
    paragraphs = [p for p in text.split("\n\n") if not p.lstrip().startswith(CHANGE_PREFIXES)]
    # a change moved up after the summary ("… [1]. Changed on 27 Apr 2026: … [2].") is a change line too
    own = [re.split(r"(?<=\.) (?=Changed on )", p, maxsplit=1)[0] for p in paragraphs]
    return {int(n) for p in own for n in MARKER.findall(p)}
