"""The answer's first sentence: the answer itself, taken from the best-supported quote.

A "when" question gets the date, "how much" the amount, "who" the names, "where" the place, each in
bold in the sentence that states it, with that sentence's citation marker. A yes/no question opens with
"Yes", "No" or "The sources disagree" (the quote says the point is contested); when the best quote does
not answer it (weak evidence, or a quote that does not say what is asked), the summary has no yes or no
and is marked ``indirect``: the answer then opens "The documents don't say this directly; the closest
they come:", as for any other question. Nothing in the summary is outside a cited quote but that
opening word and its dash; a quoted sentence too long to read at a glance is cut to its clause that
holds the answer, marked "…".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.agreement.versions import without_version_names
from assistant.answering.claim import ASKING, PARTIES, asks_overview, claim_words, shares_word
from assistant.answering.leaning import leans_back
from assistant.answering.payments import reversed_payment
from assistant.answering.preferences import (
    ASKS_FAULT,
    article_fault,
    asks_if_accurate,
    asks_why,
    gives_a_reason,
    is_sourcing_note,
    names_period,
    question_values,
    states_value,
)
from assistant.answering.spans import Span, bold, spans
from assistant.corpus.glossary import expand
from assistant.corpus.sentences import split_sentences
from assistant.index.lexical import tokenize
from assistant.question.model import Question
from assistant.question.names import NamedThing

#: A summary quotes at most this many words of a sentence; a longer one is cut to the clause with the answer.
SUMMARY_WORDS = 35
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z“\"])|;\s+|\s+[—–]\s+|:\s+|,\s+(?=(?:and|but|while|which|although|with)\b)"
)
_NEGATION = re.compile(
    r"\b(?:no\s+longer|not|never|no|none|removed|ended|ends|dropped|scrapped|lost|loses|lose|without|cannot"
    r"|can(?:'|’)t|dead|gone|killed|axed|abolished|eliminated|outside|excluded|excludes|non[-\s]?exclusive|stops|stopped"
    r"|go(?:es|ing)?\s+away|disappear\w*|shut(?:s|ting)?\s+down|discontinu\w*|phas(?:e|es|ed|ing)\s+out)\b",
    re.IGNORECASE,
)
_OR_NOT = re.compile(r"\bor\s+not\b", re.IGNORECASE)
#: A quote saying the point is disputed answers a yes/no question with "The sources disagree".
_CONTESTED = re.compile(r"\b(?:contested|disputed|disagree\w*|conflicting)\b", re.IGNORECASE)


#: A quote answers a yes/no question directly only when it holds at least this share of its words.
YES_NO_COVERAGE = 0.5


def holds(sentence: str, question: str, share: float = YES_NO_COVERAGE) -> bool:
    """Whether ``sentence`` holds at least ``share`` of the question's content words.

    The words that only ask ("how", "now") do not count, nor the parties' names and the words for the
    agreement itself ("the deal"), unless the question has no other words.
    """
    # the terms' other forms, not their related words, on both sides: "partners" does not say "funded"
    words = set(tokenize(expand(question, related=False))) - ASKING
    asked = (words - PARTIES) or words
    return not asked or len(asked & set(tokenize(expand(sentence, related=False)))) / len(asked) >= share


@dataclass(frozen=True)
class Summary:
    """The first sentence of an answer.

    Attributes:
        text: Markdown: the opening word for yes/no questions, the quote (or its clause) with the
            answering span in bold, and its citation marker.
        index: Which of the answer's quotes it comes from first (0-based).
        spanned: Whether it found a span of the wanted kind (a date for "when"…).
        indexes: Every quote it comes from, in the order it quotes them.
        off_subject: The question names something besides the parties ("SoftBank") that the quote does
            not: it answers about something else, so the answer says it does not answer directly.
        indirect: A yes/no question the quote does not answer: no yes or no is given, and the answer
            says the documents do not say it directly.
    """

    text: str
    index: int
    spanned: bool
    indexes: tuple[int, ...] = ()
    off_subject: bool = False
    indirect: bool = False


def _clause(
    sentence: str, found: list[Span], asked: frozenset[str] = frozenset(), focus: frozenset[str] = frozenset()
) -> tuple[str, list[Span], bool, bool]:
    """The sentence, or, when it is long, its clause holding the first span; spans shifted.

    Without a span the clause is taken from the quoted sentence itself (a quote that brings the sentence
    before it, "…remains intact until 2030. That includes…", was chosen for its last sentence): from its
    start through the clause sharing most of the question's words (``asked``; the words of the term a
    "what is X?" question asks about, ``focus``, count twice), or that clause alone
    when the stretch would run past twice the usual length. A start that points back ("That includes…")
    brings what it points to: the sentence before it when the two fit in twice the usual length, else
    that sentence's last clause.
    """
    if len(sentence.split()) <= SUMMARY_WORDS:
        return sentence, found, False, False
    anchor = found[0].start if found else (split_sentences(sentence) or [(0, 0)])[-1][0]
    breaks = list(_CLAUSE_BREAK.finditer(sentence))
    clauses = list(zip([0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(sentence)], strict=True))
    at = next((i for i, (start, end) in enumerate(clauses) if start <= anchor < end), None)
    if at is None:
        return sentence, found, False, False
    if not found and asked:
        own = [i for i in range(at, len(clauses)) if clauses[i][0] >= clauses[at][0]]
        best = max(
            own,
            key=lambda i: (
                _shared(sentence[slice(*clauses[i])], asked) + _shared(sentence[slice(*clauses[i])], focus),
                -i,
            ),
        )
        if best + 1 < len(clauses) and sentence[clauses[best][1] : clauses[best + 1][0]].lstrip().startswith(":"):
            # "However, there is one massive asterisk in these arrangements:" announces what follows the colon
            best += 1
        start, end = clauses[at][0], clauses[best][1]
        if at > 0 and leans_back(sentence[start:]):
            # What "that" points to: the whole sentence before when it fits, else its last clause.
            before = [s for s, _ in split_sentences(sentence[:start])] or [clauses[at - 1][0]]
            fits = [b for b in (before[-1], clauses[at - 1][0]) if len(sentence[b:end].split()) <= 2 * SUMMARY_WORDS]
            start = fits[0] if fits else start
        if len(sentence[start:end].split()) > 2 * SUMMARY_WORDS:
            start = clauses[best][0]
        if len(sentence[start:end].split()) >= 5:
            return sentence[start:end], [], start > 0, end < len(sentence)
    start, end = clauses[at]
    if len(sentence[start:end].split()) >= 5:
        inside = [Span(s.start - start, s.end - start) for s in found if start <= s.start and s.end <= end]
        return sentence[start:end], inside, start > 0, end < len(sentence)
    return sentence, found, False, False


def _shared(text: str, asked: frozenset[str]) -> int:
    return len(asked & set(tokenize(expand(text))))


def _says_what_is_asked(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` holds a word of what a yes/no question asks about its subject.

    The things it names only say what it is about: "did amazon buy into openai?" asks about buying, and a
    sentence that names Amazon without it does not answer. A question that is all names is all subject.
    """
    # the terms version it names and the time it is about are its subject too: "is the 2026 amendment public?"
    # asks whether it is public, which a sentence about the amendment need not say
    subject = without_version_names(question.read)
    if question.time.words:
        subject = subject.replace(question.time.words, " ")
    claim = claim_words(replace(question, read=subject))
    # a related word is not the thing asked: "technology partners" do not say "is stargate government funded?"
    return not claim or shares_word(claim, sentence, related=False)


#: "has agi been declared yet?", "did it happen?": whether something has happened.
_ASKS_IF_HAPPENED = re.compile(r"\b(?:has|have)\b[^?]{0,40}\b(?:been|yet)\b|\byet\b", re.IGNORECASE)
#: "any declaration … must be verified", "only once …": a rule for when something happens, not a report of it.
_RULE = re.compile(r"\b(?:must|any|only\s+(?:when|once|if)|would|could|should)\b", re.IGNORECASE)


def _rule_for_an_event(question: Question, clause: str) -> bool:
    """Whether a question asks if something happened and the clause only says what the rule for it is."""
    return _ASKS_IF_HAPPENED.search(question.read) is not None and _RULE.search(clause) is not None


def _opening(question: Question, sentence: str, weak: bool, contested: bool = False) -> str | None:
    """How a yes/no question's summary opens.

    Returns:
        "Yes — ", "No — " or "The sources disagree — "; "" for other questions; ``None`` when the quote
        does not answer the yes/no question (the answer then says so in words instead).
    """
    if question.answer_type != "yes_no":
        return ""
    if asks_if_accurate(question) and (fault := article_fault(sentence)) is not None:
        # "is anything in the article outdated?": a fault found says yes; "is the article still accurate?":
        # "…described in the article was later removed" says not any more; "is the article reliable?":
        # "…AUD$100 billion, while every other source…" says the sources disagree
        if ASKS_FAULT.search(question.read):
            return "Yes — "
        return "Not any more — " if fault == "later" else "The sources disagree — "
    if contested or (_CONTESTED.search(sentence) and (question.kind == "claim" or not weak)):
        # "heard the AGI clause got killed off — true?": the dispute is the answer.
        return "The sources disagree — "
    if (
        weak
        or question.unknown_names
        or not holds(sentence, question.read)
        or not _says_what_is_asked(question, sentence)
        or _lacks_values(question, sentence)
        or _about_the_other_party(question, sentence)
        or reversed_payment(question.read, sentence)  # "OpenAI pays Microsoft" says nothing of the reverse
        or _rule_for_an_event(question, _answering_clause(question, sentence))
    ):
        # "did microsoft lose money on the deal?" and a quote about something near it: a yes or no read
        # from it would be a guess ("Not directly — …" read as a no), so none is given.
        return None
    # "…or not?" asks yes or no; it does not ask the negative
    asks_negatively = _NEGATION.search(_OR_NOT.sub("", question.read)) is not None
    states_negatively = _NEGATION.search(_answering_clause(question, sentence)) is not None
    return "No — " if states_negatively != asks_negatively else "Yes — "


#: How a note's sentence opens on its source before saying anything: "Under the Microsoft-OpenAI
#: definitive agreement of 28 October 2025, …", "According to OpenAI's announcement of …, …".
_PREAMBLE = re.compile(r"^(?:under|according\s+to|in)\b[^,]{0,120},\s*", re.IGNORECASE)


def _about_the_other_party(question: Question, sentence: str) -> bool:
    """Whether a yes/no question about one party is met by a sentence about the other.

    "can oai declare agi on its own?" is not answered by "Microsoft may pursue AGI on its own": once its
    opening on the source ("Under the Microsoft-OpenAI agreement of …,") is set aside, the sentence does
    not name the party asked about.
    """
    parties = {thing.name for thing in question.names if thing.party}
    if len(parties) != 1:
        return False
    body = _PREAMBLE.sub("", sentence, count=1)
    return not any(re.search(rf"\b{re.escape(party)}", body, re.IGNORECASE) for party in parties)


#: Where a sentence turns to a contrast: "listed as a technology partner but not as an equity funder".
_CONTRAST = re.compile(r"(?<=[\w”\"’)]),?\s+(?:but|while|whereas|although|though)\s", re.IGNORECASE)


def _answering_clause(question: Question, sentence: str) -> str:
    """The part of ``sentence`` whose negation says yes or no.

    That is the sentence up to a contrast, whose negation only qualifies ("a partner but not a funder"
    answers "is microsoft part of stargate?" yes), unless the contrast holds a word of what is asked
    that the rest does not ("is microsoft a funder of stargate?", "an equity partner?": no).
    """
    main, *contrast = _CONTRAST.split(sentence, maxsplit=1)
    if contrast:
        # "was microsoft an equity partner?": "equity" is only in the contrast, which is what is asked
        claim = claim_words(question)
        if any(shares_word({w}, contrast[0]) and not shares_word({w}, main) for w in claim):
            return contrast[0]
    return main


def summarise(
    question: Question,
    quotes: list[tuple[str, int]],
    find_names: Callable[[str], list[tuple[int, int]]],
    *,
    weak: bool = False,
    contested: bool = False,
) -> Summary | None:
    """The first sentence of the answer to ``question`` from its quotes.

    Args:
        question: The question, read.
        quotes: The answer's quotes, best supported first, each with its citation marker number.
        find_names: Where a sentence names organisations or people (offsets).
        weak: The evidence is weak: a yes/no question gets no yes or no (the summary is ``indirect``).
        contested: The question names a point the sources disagree on ("is the AGI threshold in US
            dollars?"): a yes/no question opens "The sources disagree", whatever one quote says.

    Returns:
        The summary, or ``None`` when there are no quotes.
    """
    if not quotes:
        return None
    new_names = _names_not_asked(question, find_names)
    spanned = [
        (index, found)
        for index, (quote, _) in enumerate(quotes)
        if (found := spans(quote, question.answer_type, new_names, ending=question.ending, counting=question.counting))
    ]
    # "When was the Amazon deal?": a quote naming what the question names besides the parties answers it
    # before one that only has a date.
    others = [thing for thing in question.names if not thing.party and not _names_the_article(question, thing)]
    if others:
        spanned.sort(key=lambda item: not _names_any(quotes[item[0]][0], others))
    values = question_values(question) if question.answer_type not in ("yes_no", "amount") else []
    if spanned and values and not states_value(quotes[spanned[0][0]][0], values):
        # "$250bn azure commit over how long?": a date from a quote about something else is no answer; the
        # quote about the figure asked about is the closest the documents come.
        about = next((i for i, (quote, _) in enumerate(quotes) if states_value(quote, values)), None)
        own = next((found for i, found in spanned if i == about), None)
        if about is not None and own is not None:
            # "$500bn over how many years?": the quote about the figure has the span asked for
            spanned = [(about, own)]
        elif about is not None:
            quote, marker = quotes[about]
            clause, _, cut_before, cut_after = _clause(quote, [], frozenset(tokenize(expand(question.read))))
            text = f"{_cut(clause, cut_before, cut_after)} [{marker}]."
            return Summary(text, about, False, (about,), off_subject=True)
    if spanned:
        return _spanned_summary(question, quotes, spanned, others, weak=weak, contested=contested)
    if asks_overview(question) and len(quotes) > 1:
        # "What happened in October 2025?": the best sentence of what the documents of then say, and after
        # it the best that states an amount (what was agreed, in figures), else the second best. Sentences
        # naming the month come first, and a note on how a report is sourced is no event.
        day, precision = question.time.date, question.time.precision
        order = sorted(
            range(len(quotes)),
            key=lambda i: (
                day is not None and precision != "day" and not names_period(quotes[i][0], day, precision),
                is_sourcing_note(quotes[i][0]),
                i,
            ),
        )
        first = order[0]
        second = next((i for i in order[1:] if spans(quotes[i][0], "amount", new_names)), order[1])
        events = [_cut(_clause(q, [])[0], *_clause(q, [])[2:]) + f" [{m}]" for q, m in (quotes[first], quotes[second])]
        return Summary(f"{'; '.join(events)}.", first, False, (first, second))
    return _quoted_summary(question, quotes, others, weak=weak, contested=contested)


def _names_the_article(question: Question, thing: NamedThing) -> bool:
    """Whether the question names ``thing`` only to say which article it means ("who wrote the stargate article?")."""
    name = re.escape(thing.written)
    return (
        re.search(
            rf"\b{name}\s+(?:[\w-]+\s+)?(?:article|piece|post|story|blog)\b"
            rf"|\b(?:article|piece|post|story|blog)\s+(?:about|on)\s+{name}\b",
            question.read,
            re.IGNORECASE,
        )
        is not None
    )


def _names_not_asked(
    question: Question, find_names: Callable[[str], list[tuple[int, int]]]
) -> Callable[[str], list[tuple[int, int]]]:
    """``find_names`` without the names the question asks about ("who is in Stargate?" is not "Stargate").

    A follow-up's query holds what it leans on: "who's paying?" after "what's Stargate?" is not "Stargate".
    """
    asked = {thing.written.lower() for thing in question.names} | {thing.name.lower() for thing in question.names}
    asked_text = question.query.lower()

    def new_names(sentence: str) -> list[tuple[int, int]]:
        return [
            (a, b)
            for a, b in find_names(sentence)
            if sentence[a:b].lower() not in asked
            and not re.search(rf"\b{re.escape(sentence[a:b].lower())}\b", asked_text)
        ]

    return new_names


def _quoted_summary(
    question: Question, quotes: list[tuple[str, int]], others: list[NamedThing], *, weak: bool, contested: bool
) -> Summary:
    """A summary with no span of the wanted kind: the best quote (the defining one for "what is X?"), cut."""
    if question.answer_type == "definition":
        chosen = _defining(question, quotes)
    elif asks_why(question):
        # "why did microsoft give up exclusive cloud?": the quote giving a reason answers, not one restating the fact
        chosen = next((i for i, (quote, _) in enumerate(quotes) if gives_a_reason(quote)), 0)
    else:
        chosen = 0
    quote, marker = quotes[chosen]
    off = bool(others) and not _names_any(quote, others)
    focus = (
        frozenset(t for term in _terms(question) for t in tokenize(term))
        if question.answer_type == "definition"
        else frozenset()
    )
    if asks_if_accurate(question) and len(quote.split()) <= 2 * SUMMARY_WORDS:
        # "what does it get wrong?": "…gives the threshold as AUD$100 billion, while every other source…" is
        # the answer whole; cut to its first clause it would not say what is wrong (nor what changed later)
        inside: list[Span] = []
        clause, cut_before, cut_after = quote, False, False
    else:
        clause, inside, cut_before, cut_after = _clause(quote, [], frozenset(tokenize(expand(question.read))), focus)
    text = _cut(bold(clause, inside), cut_before, cut_after)
    opening = _opening(question, clause, weak or off, contested)
    used: tuple[int, ...] = (chosen,)
    also = _also_says_so(question, quotes, chosen, opening, others, weak=weak, contested=contested)
    if also is not None:
        # "is oracle in stargate?": yes, as a technology partner and as an equity funder
        more, _, more_before, more_after = _clause(quotes[also][0], [], frozenset(tokenize(expand(question.read))))
        text = f"{text} [{marker}]; {_continuing(_cut(more, more_before, more_after))}"
        marker = quotes[also][1]
        used = (chosen, also)
    return Summary(f"{opening or ''}{text} [{marker}].", chosen, False, used, off_subject=off, indirect=opening is None)


#: Words that open a quoted sentence and read in lower case after a semicolon ("…[1]; the equity funders…").
_CONTINUING = frozenset({"The", "In", "Under", "According", "On", "When", "After", "Before", "Some", "Every", "No"})


def _continuing(clause: str) -> str:
    """``clause`` as the second part of a sentence: its opening word in lower case when it is a common word."""
    first = clause.split(" ", 1)[0]
    return clause[:1].lower() + clause[1:] if first in _CONTINUING else clause


def _also_says_so(
    question: Question,
    quotes: list[tuple[str, int]],
    chosen: int,
    opening: str | None,
    others: list[NamedThing],
    *,
    weak: bool,
    contested: bool,
) -> int | None:
    """For a yes/no summary, the next quote that gives the same yes or no about the same named thing, if any."""
    if opening not in ("Yes — ", "No — ") or not others or len(quotes) < 2:
        return None
    for index in range(len(quotes[:2])):
        if index == chosen:
            continue
        other = quotes[index][0]
        if _names_any(other, others) and _opening(question, other, weak, contested) == opening:
            return index
    return None


def _spanned_summary(
    question: Question,
    quotes: list[tuple[str, int]],
    spanned: list[tuple[int, list[Span]]],
    others: list[NamedThing],
    *,
    weak: bool,
    contested: bool,
) -> Summary:
    """A summary from the quotes holding spans of the wanted kind: up to two, the second only if it adds one."""
    parts: list[str] = []
    used: list[int] = []
    seen: set[str] = set()
    for index, found in spanned[:2]:
        quote, marker = quotes[index]
        values = {_value(quote[s.start : s.end]) for s in found}
        if parts and values <= seen:
            continue  # the second quote would only repeat the first's answer
        if parts and question.answer_type == "names" and _NEGATION.search(quote):
            continue  # "…listed as a technology partner but not as an equity funder": names that are not it
        seen |= values
        clause, inside, cut_before, cut_after = _clause(quote, found)
        part = _cut(bold(clause, inside), cut_before, cut_after)
        parts.append(f"{_continuing(part) if parts else part} [{marker}]")
        used.append(index)
    first_clause = _clause(quotes[spanned[0][0]][0], spanned[0][1])[0]
    off = bool(others) and not _names_any(quotes[spanned[0][0]][0], others)
    opening = _opening(question, first_clause, weak or off, contested)
    text = f"{opening or ''}{'; '.join(parts)}."
    return Summary(text, spanned[0][0], True, tuple(used), off_subject=off, indirect=opening is None)


def _lacks_values(question: Question, sentence: str) -> bool:
    """Whether the question names a figure ("is the 20% share confirmed?") that the sentence does not state."""
    values = question_values(question)
    return bool(values) and not states_value(sentence, values)


def _names_any(quote: str, things: list[NamedThing]) -> bool:
    lowered = quote.lower()
    return any(thing.name.lower() in lowered or thing.written.lower() in lowered for thing in things)


def _value(span: str) -> str:
    """What a span says, without how it says it: "until 2030" and "through 2030" say the same."""
    return re.sub(r"^(?:until|till|through|thru|by|in|on|from|since|before|after|as\s+of)\s+", "", span.lower()).strip()


def _cut(text: str, before: bool, after: bool) -> str:
    body = re.sub(r"\s+", " ", text).strip().rstrip(".")  # a quote's line breaks read as spaces in a sentence
    # "…from OpenAI.”": the sentence's full stop comes after its marker, not inside the closing quote mark
    body = re.sub(r"\.([”\"’'])$", r"\1", body)
    return ("…" if before else "") + body + ("…" if after else "")


_PLAINLY = re.compile(
    r"^\s*(?:in\s+simpler\s+terms|in\s+other\s+words|put\s+simply|simply\s+put|in\s+plain\s+words)\b", re.I
)
_GLOSSED = re.compile(r"\(([^()]*)\)\s*$")


_POSSESSIVE = re.compile(r"(?:\w+(?:'|’)s|microsofts|openais|msfts)\s+", re.IGNORECASE)
_ASKED_TERM = re.compile(
    r"\b(?:what\s+(?:is|are|was|does|do)|what(?:'s|’s|s)?|define|explain)\s+(?:an?\s+|the\s+)?"
    r"([\w' -]{3,60}?)"
    r"(?:\s+(?:mean|means|stand\s+for|exactly|for|about|thing|stuff|actually"
    r"|in\s+(?:this|the)\s+(?:deal|agreement|contract|context)))*[\s,?.!]*$",
    re.IGNORECASE,
)


#: Other ways to ask what a term means: "how is agi defined", "agi defined how in the contract", "agi
#: definition?", "definition of agi in the deal", "meaning of rofr".
#: Matched against the text with its white space made single spaces, so that no run of spaces can be split
#: between the words of the term and the spaces around them in more than one way.
_TERM_WORDS = r"[\w'-]+(?: [\w'-]+){0,5}?"
_DEFINED_TERM = re.compile(
    rf"^(?:how (?:is|are|was|were) (?:the )?(?P<how>{_TERM_WORDS}) defined\b"
    rf"|(?:the )?(?P<after>{_TERM_WORDS}) (?:defined|definition|meaning)\b"
    rf"|(?:definition|meaning) of (?:the )?(?P<of>{_TERM_WORDS})(?= (?:in|under|according)\b| ?[?.!]*$))",
    re.IGNORECASE,
)


def _subjects(question: Question) -> list[str]:
    """What a "what is X?" question asks about: X, its names, X's other forms ("ROFR": "right of first refusal")."""
    return [n.written for n in question.names] + _terms(question) or re.findall(r"[A-Za-z]{4,}", question.read)[-2:]


def asked_terms(question: Question) -> list[str]:
    """The term a "what is X?" question asks about and the glossary's other forms of it ("ROFR": "right of…")."""
    return _terms(question)


def _terms(question: Question) -> list[str]:
    """The term a "what is X?" question asks about and the glossary's other forms of it."""
    terms = []
    # 'what does "expert panel" mean': the term without the quote marks around it
    unquoted = re.sub(r"[\"“”‘’]|(?<!\w)'|'(?!\w)", "", question.read)
    asked = _ASKED_TERM.search(unquoted)
    defined = _DEFINED_TERM.search(" ".join((asked.group(1) if asked is not None else unquoted).split()))
    if defined is not None:
        # "how is agi defined", "what's the agi definition": the term, without the word that asks
        term = next(group for group in defined.groups() if group is not None).strip()
        terms.append(term)
    elif asked is not None:
        term = asked.group(1).strip()
        terms.append(term)
    if terms:
        term = terms[0]
        # "microsofts right of first refusal", "OpenAI's API": the term without its owner
        if (owned := _POSSESSIVE.match(term)) is not None and term[owned.end() :]:
            terms.append(term[owned.end() :])
    glossed = _GLOSSED.search(expand(question.read))
    if glossed is None and terms and len(terms[0]) <= 6:
        glossed = _GLOSSED.search(expand(terms[0].upper()))  # "what does rofr mean": the glossary's ROFR
    if glossed is not None:
        terms += [form.strip() for form in re.split(r"[;,]", glossed.group(1)) if form.strip()]
        terms += re.findall(r"\b[A-Z]{2,6}\b", question.read)
    return terms


@lru_cache(maxsize=1024)  # asked of every candidate sentence for each term: built once per term
def _definition_pattern(subject: str, acronym: bool) -> re.Pattern[str]:
    # A few words may stand between a phrase and its "is a" ("Stargate Project, a new company"); an
    # acronym must be followed at once ("AGI is a…"), since "the AGI terms is a press report" is about
    # something else.
    gap = "{0}" if acronym else "{0,2}?"
    return re.compile(
        rf"(?<![\w-]){re.escape(subject)}(?![\w-])"
        + rf"(?:(?:\s+[\w-]+){gap}\s*(?:\([^)]{{0,40}}\)\s*)?(?:,\s+(?:a|an)\s|\s+is\s+(?:a|an|the|when|where)\s)"
        r"|(?:\s+[\w-]+){0,6}?\s*(?:\([^)]{0,40}\)\s*)?\s+(?:means|refers\s+to)\s)",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1024)
def _defined_as(subject: str) -> re.Pattern[str]:
    term = rf"(?<![\w-]){re.escape(subject)}(?![\w-])"
    return re.compile(
        rf"\bdefine[sd]?\s+(?:the\s+)?{term}\s+as\s|{term}\s+(?:is\s+|was\s+)?defined\s+as\s", re.IGNORECASE
    )


def _acronym(subject: str, sentence: str) -> bool:
    """Whether ``subject`` is an acronym: written in capitals ("AGI"), or so written in ``sentence`` ("agi")."""
    return bool(re.fullmatch(r"[A-Z]{2,6}", subject)) or (
        bool(re.fullmatch(r"[A-Za-z]{2,6}", subject)) and re.search(rf"\b{subject.upper()}\b", sentence) is not None
    )


def defines(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` says what the thing a "what is X?" question asks about is.

    A definition names the thing and says what it is ("Stargate, a new company…", "the right of first
    refusal announced on 21 January 2025 means…"), or puts it in plain words ("In simpler terms,
    Microsoft gets the first crack…").
    """
    subjects = _subjects(question)
    if any(_definition_pattern(subject, _acronym(subject, sentence)).search(sentence) for subject in subjects):
        return True
    # "…page defines AGI as a highly autonomous system", "AGI is defined as…"
    if any(_defined_as(subject).search(sentence) for subject in _terms(question)):
        return True
    # "In simpler terms, …" defines the term it names, not every company it mentions.
    return bool(_PLAINLY.search(sentence)) and any(term.lower() in sentence.lower() for term in _terms(question))


def _defining(question: Question, quotes: list[tuple[str, int]]) -> int:
    """The first quote that defines what the question asks about, else the first."""
    return next((index for index, (quote, _) in enumerate(quotes) if defines(question, quote)), 0)
