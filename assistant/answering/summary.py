"""The answer's first sentence: the answer itself, taken from the best-supported quote.

A "when" question gets the date, "how much" the amount, "who" the names, "where" the place, each in
bold in the sentence that states it, with that sentence's citation marker. A yes/no question opens with
"Yes", "No" or "Not directly" (when the evidence is weak). Nothing in the summary is outside a cited
quote but that opening word and its dash; a quoted sentence too long to read at a glance is cut to its
clause that holds the answer, marked with "…".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answering.spans import Span, bold, spans
from assistant.corpus.glossary import expand
from assistant.index.lexical import tokenize
from assistant.question.model import Question

#: A summary quotes at most this many words of a sentence; a longer one is cut to the clause with the answer.
SUMMARY_WORDS = 35
_CLAUSE_BREAK = re.compile(r";\s+|\s+[—–]\s+|:\s+|,\s+(?=(?:and|but|while|which|although|with)\b)")
_NEGATION = re.compile(
    r"\b(?:no\s+longer|not|never|no|none|removed|ended|ends|dropped|scrapped|lost|loses|without|cannot|can(?:'|’)t)\b",
    re.IGNORECASE,
)


#: A quote answers a yes/no question directly only when it holds at least this share of its words.
YES_NO_COVERAGE = 0.5


def _holds(sentence: str, question: str) -> bool:
    """Whether ``sentence`` holds enough of the question's content words to answer yes or no."""
    asked = set(tokenize(expand(question)))
    return not asked or len(asked & set(tokenize(expand(sentence)))) / len(asked) >= YES_NO_COVERAGE


@dataclass(frozen=True)
class Summary:
    """The first sentence of an answer.

    Attributes:
        text: Markdown: the opening word for yes/no questions, the quote (or its clause) with the
            answering span in bold, and its citation marker.
        index: Which of the answer's quotes it comes from first (0-based).
        spanned: Whether it found a span of the wanted kind (a date for "when"…).
        indexes: Every quote it comes from, in the order it quotes them.
    """

    text: str
    index: int
    spanned: bool
    indexes: tuple[int, ...] = ()


def _clause(sentence: str, found: list[Span]) -> tuple[str, list[Span], bool, bool]:
    """The sentence, or its clause holding the first span when the sentence is long; spans shifted."""
    if len(sentence.split()) <= SUMMARY_WORDS:
        return sentence, found, False, False
    anchor = found[0].start if found else 0
    starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]
    ends = [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    for start, end in zip(starts, ends, strict=True):
        if start <= anchor < end and len(sentence[start:end].split()) >= 5:
            inside = [Span(s.start - start, s.end - start) for s in found if start <= s.start and s.end <= end]
            return sentence[start:end], inside, start > 0, end < len(sentence)
    return sentence, found, False, False


def _opening(question: Question, sentence: str, weak: bool) -> str:
    if question.answer_type != "yes_no":
        return ""
    if weak or question.unknown_names or not _holds(sentence, question.read):
        return "Not directly — "
    asks_negatively = _NEGATION.search(question.read) is not None
    states_negatively = _NEGATION.search(sentence) is not None
    return "No — " if states_negatively != asks_negatively else "Yes — "


def summarise(
    question: Question,
    quotes: list[tuple[str, int]],
    find_names: Callable[[str], list[tuple[int, int]]],
    *,
    weak: bool = False,
) -> Summary | None:
    """The first sentence of the answer to ``question`` from its quotes.

    Args:
        question: The question, read.
        quotes: The answer's quotes, best supported first, each with its citation marker number.
        find_names: Where a sentence names organisations or people (offsets).
        weak: The evidence is weak: a yes/no question opens "Not directly".

    Returns:
        The summary, or ``None`` when there are no quotes.
    """
    if not quotes:
        return None
    asked = {thing.written.lower() for thing in question.names} | {thing.name.lower() for thing in question.names}

    def new_names(sentence: str) -> list[tuple[int, int]]:
        # "Who is in Stargate?" is answered by the names other than the one it asks about.
        return [(a, b) for a, b in find_names(sentence) if sentence[a:b].lower() not in asked]

    spanned = [
        (index, found)
        for index, (quote, _) in enumerate(quotes)
        if (found := spans(quote, question.answer_type, new_names, ending=question.ending))
    ]
    if not spanned and question.time.kind == "date" and question.answer_type == "other" and len(quotes) > 1:
        # "What happened in October 2025?": the two best sentences of what the documents of then say.
        events = [_cut(_clause(q, [])[0], *_clause(q, [])[2:]) + f" [{m}]" for q, m in quotes[:2]]
        return Summary(f"{'; '.join(events)}.", 0, False, (0, 1))
    if not spanned:
        chosen = _defining(question, quotes) if question.answer_type == "definition" else 0
        quote, marker = quotes[chosen]
        clause, inside, cut_before, cut_after = _clause(quote, [])
        text = _cut(bold(clause, inside), cut_before, cut_after)
        return Summary(f"{_opening(question, clause, weak)}{text} [{marker}].", chosen, False, (chosen,))
    parts: list[str] = []
    used: list[int] = []
    seen: set[str] = set()
    for index, found in spanned[:2]:
        quote, marker = quotes[index]
        values = {_value(quote[s.start : s.end]) for s in found}
        if parts and values <= seen:
            continue  # the second quote would only repeat the first's answer
        seen |= values
        clause, inside, cut_before, cut_after = _clause(quote, found)
        parts.append(f"{_cut(bold(clause, inside), cut_before, cut_after)} [{marker}]")
        used.append(index)
    first_clause = _clause(quotes[spanned[0][0]][0], spanned[0][1])[0]
    text = f"{_opening(question, first_clause, weak)}{'; '.join(parts)}."
    return Summary(text, spanned[0][0], True, tuple(used))


def _value(span: str) -> str:
    """What a span says, without how it says it: "until 2030" and "through 2030" say the same."""
    return re.sub(r"^(?:until|till|through|thru|by|in|on|from|since|before|after|as\s+of)\s+", "", span.lower()).strip()


def _cut(text: str, before: bool, after: bool) -> str:
    body = text.strip().rstrip(".")
    return ("…" if before else "") + body + ("…" if after else "")


def _defining(question: Question, quotes: list[tuple[str, int]]) -> int:
    """The first quote that defines what the question names ("Stargate, a new company…"), else the first."""
    subjects = [n.written for n in question.names] or re.findall(r"[A-Za-z]{4,}", question.read)[-2:]
    for subject in subjects:
        defines = re.compile(
            re.escape(subject)
            + r"(?:\s+\w+){0,2}\s*(?:\([^)]{0,40}\)\s*)?(?:,\s+(?:a|an)\s|\s+(?:is|means|refers\s+to)\s)",
            re.IGNORECASE,
        )
        for index, (quote, _) in enumerate(quotes):
            if defines.search(quote):
                return index
    return 0
