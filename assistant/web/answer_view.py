"""How an answer reads: a badge with its kind and confidence, the text, and its sources, each listed once.

Pure functions over :class:`~assistant.models.Answer`. The chat shows :func:`chat_markdown` (the badge, the
summary, the rest of the text, with inline ``[n]`` markers; the numbered sources are listed once, beside it);
the exported transcript shows :func:`answer_markdown`, which lists the sources under the answer, since a file
has no side panel.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Literal

from assistant.citation import MARKER
from assistant.messages import messages
from assistant.models import Answer, Citation

ConfidenceLevel = Literal["high", "medium", "low"]

KIND_TITLES = {"answer": "Answer", "whatif": "What-if verdict", "abstain": "Declined"}
NOT_COVERED = "Not covered by the documents"
INDIRECT = "indirect: the documents don't say this directly"
LEVEL_DOTS = {"high": "●●●", "medium": "●●○", "low": "●○○"}
HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5
#: The class of the block that holds an answer's summary in the chat (the browser test finds it by it).
SUMMARY_CLASS = "answer-summary"
#: Paragraphs that start so are caveats after the answer proper: their sources are listed behind "more sources".
CAVEAT_STARTS = (
    "Other outcomes",
    "Changed on",
    "The article and other sources disagree",
    "Under the latest terms",
    "Assumptions:",
    "Exchange rate used",
    "> Note:",
)
#: Longest quote shown in a source's label, in characters (the viewer shows the whole passage).
LABEL_QUOTE_CHARS = 220
_OPENING_MARKS = "“\"‘'«„"


def confidence_level(confidence: float) -> ConfidenceLevel:
    """``high`` from 0.8, ``medium`` from 0.5, else ``low``."""
    if confidence >= HIGH_CONFIDENCE:
        return "high"
    if confidence >= MEDIUM_CONFIDENCE:
        return "medium"
    return "low"


def is_not_covered(answer: Answer) -> bool:
    """Whether ``answer`` declines because the documents do not cover the question (not for another reason)."""
    if answer.kind != "abstain":
        return False
    fixed = messages()
    opening = fixed.abstain.split(". ", 1)[0]
    return answer.text.startswith(opening) or fixed.abstain_examples_intro in answer.text


def is_indirect(answer: Answer) -> bool:
    """Whether ``answer`` says the documents do not answer it directly (it gives the closest they come)."""
    fixed = messages()
    return (answer.summary or "").startswith((fixed.weak_evidence, fixed.no_clause_for_supposition))


def badge(answer: Answer) -> str:
    """One line a reader takes in at a glance, e.g. ``**Answer** · ●●● high confidence (93%)``.

    A decline says why in words (``**Not covered by the documents**``), with no percentage: how sure the
    assistant is of declining is not something a reader can use. Nor is how sure it is that a question
    is on topic when the documents do not answer it directly: such an answer says so instead
    (``**Answer** · ●○○ indirect: the documents don't say this directly``), never "high confidence".
    """
    if answer.kind == "abstain":
        return f"**{NOT_COVERED}**" if is_not_covered(answer) else f"**{KIND_TITLES['abstain']}**"
    model = f" · written by {answer.llm}" if answer.llm else ""
    if is_indirect(answer):
        return f"**{KIND_TITLES[answer.kind]}** · {LEVEL_DOTS['low']} {INDIRECT}{model}"
    level = confidence_level(answer.confidence)
    return f"**{KIND_TITLES[answer.kind]}** · {LEVEL_DOTS[level]} {level} confidence ({answer.confidence:.0%}){model}"


def quoted(text: str) -> str:
    """``text`` in quotation marks, unless it already opens with one (no ``““…``)."""
    text = text.strip()
    if text[:1] in _OPENING_MARKS:
        return text
    return f"“{text}”"


def display_date(value: str | None) -> str:
    """A document's date as people write it: ``28 Oct 2025``, ``Jan 2025``; other values as given."""
    if not value:
        return ""
    for pattern, shown in (("%Y-%m-%d", "{d.day} {d:%b %Y}"), ("%Y-%m", "{d:%b %Y}")):
        try:
            day = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        return shown.format(d=day)
    return value


def source_label(number: int, citation: Citation) -> str:
    """``[1] Title · 21 Jan 2025``: a source's document, with ``contested`` or ``reported`` when it is so marked."""
    mark = citation.confidence or ""
    details = [x for x in (display_date(citation.date), "" if mark.startswith("primary") else mark) if x]
    title = citation.title or citation.source
    return " · ".join([f"[{number}] {title}", *details])


def own_words(quote: str, lead: str = "") -> str:
    """The part of ``quote`` that is its own: without ``lead`` (a phrase every sentence of its note opens with)."""
    text = " ".join(quote.split())
    if lead and text.startswith(lead) and len(text) > len(lead) + 10:
        text = text[len(lead) :].lstrip(" ,")
        text = text[:1].upper() + text[1:]
    if len(text) > LABEL_QUOTE_CHARS:
        text = text[:LABEL_QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def source_choice(number: int, citation: Citation, lead: str = "") -> str:
    """A source as listed for opening: its document and date on one line, the quote's own words on the next.

    Args:
        number: The marker number, ``[n]``.
        citation: The source.
        lead: A phrase every sentence of the source's note opens with (e.g. "Under the Microsoft-OpenAI
            definitive agreement of 28 October 2025,"); left out of the quote, since the date says it.
    """
    return f"{source_label(number, citation)}\n{quoted(own_words(citation.quote, lead))}"


def own_citations(answer: Answer) -> list[int]:
    """Indices into ``answer.citations`` of the answer's own sources: those its summary and main text cite.

    Sources cited only by the caveats after the answer proper (later changes, disagreements, other
    outcomes) are left out; they are listed behind "more sources". At least the first source is its own.
    """
    main: list[str] = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", answer.text)):
        if number and paragraph.lstrip().startswith(CAVEAT_STARTS):
            break
        main.append(paragraph)
    count = len(answer.citations)
    cited = sorted({int(n) - 1 for n in MARKER.findall("\n".join(main)) if 1 <= int(n) <= count})
    return cited or ([0] if count else [])


def decline_suggestions(answer: Answer) -> tuple[str, list[str]]:
    """A decline's text without its list of example questions, and those questions (to offer as buttons)."""
    intro = messages().abstain_examples_intro
    if answer.kind != "abstain" or intro not in answer.text:
        return answer.text, []
    head, _, tail = answer.text.partition(intro)
    questions = [line[2:].strip() for line in tail.splitlines() if line.startswith("- ") and line[2:].strip()]
    rest = [line for line in tail.splitlines() if line.strip() and not line.startswith("- ")]
    text = "\n\n".join(part for part in (head.strip(), intro, *rest) if part)
    return text, questions


def chat_markdown(answer: Answer) -> str:
    """The chat message: badge, the summary (in a block of its own), the rest of the text, notices.

    The numbered sources are not repeated here: the side panel lists them (each source is listed once).
    A decline's example questions are left out of the text: the chat offers them as buttons.
    """
    text, _questions = decline_suggestions(answer)
    text = text.strip()
    parts = [badge(answer), ""]
    summary = (answer.summary or "").strip()
    if summary and text.startswith(summary):
        parts += [f'<div class="{SUMMARY_CLASS}">', "", summary, "", "</div>", "", text[len(summary) :].strip()]
    else:
        parts.append(text)
    if answer.notices:
        parts += ["", *(f"> Note: {_escape(n)}" for n in answer.notices)]
    return "\n".join(parts).strip()


def sources_markdown(citations: list[Citation]) -> str:
    """The numbered source list under an answer, each with its quote and file."""
    if not citations:
        return ""
    lines = ["**Sources**", ""]
    for number, citation in enumerate(citations, start=1):
        lines.append(f"{number}. {_escape(source_label(number, citation).split('] ', 1)[1])}  ")
        lines.append(f"   {_escape(quoted(citation.quote))} — `{citation.source}`")
    return "\n".join(lines)


def answer_markdown(answer: Answer, *, with_sources: bool = True) -> str:
    """The answer as a file shows it: badge, text, notices and (optionally) the numbered sources."""
    parts = [badge(answer), "", answer.text.strip()]
    if answer.notices:
        parts += ["", *(f"> Note: {_escape(n)}" for n in answer.notices)]
    if with_sources and answer.citations:
        parts += ["", sources_markdown(answer.citations)]
    return "\n".join(parts)


def question_markdown(question: str) -> str:
    """A user's question as chat Markdown: shown as text, never interpreted as HTML or Markdown."""
    return _escape(question)


def _escape(text: str) -> str:
    """Escape HTML and the Markdown characters that would change how text renders."""
    escaped = html.escape(text, quote=False)
    for char in ("\\", "`", "*", "_", "[", "]", "#", "|"):
        escaped = escaped.replace(char, "\\" + char)
    return escaped
