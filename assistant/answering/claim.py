"""What a question claims about its subject, and whether a sentence says it.

"did amazon buy into openai?" names Amazon and OpenAI and asks about buying: a sentence naming Amazon
without a word of buying does not answer it. The question's *claim words* are its words but those that
only ask ("how", "still", "right?"), the parties and the agreement itself, and the things it names.
"""

from __future__ import annotations

import calendar
from collections.abc import Set
from functools import lru_cache

from assistant.corpus.glossary import expand
from assistant.index.lexical import tokenize
from assistant.question.model import Question
from assistant.question.names import NamedThing

#: Words that ask rather than say what is asked about ("how big is the stake now": the stake).
ASKING = frozenset(
    tokenize(
        "how what when where who whom which why now today currently still big large much many long"
        # tags asking for confirmation ("msft owns 27% right?") and words joining a question to its date
        " right true correct really actually till until thru through"
        # words that only stress the question: "was microsoft even part of it?", "does it just end?"
        " even just exactly also"
        # what a question about a document asks of it: "does the article mention oracle?"
        " mention mentions mentioned say says said article piece story"
        # membership, which a sentence naming both the member and what it is in answers: "is nvidia in stargate?"
        " part involved member members among included"
        # what a who/which question asks for, not about: "which companies are in stargate?"
        " company companies firm firms people person organisation organisations organization organizations"
    )
)


#: The two parties and the agreement itself ("the deal"): nearly every sentence is about them, so they say
#: little about whether it answers.
PARTIES = frozenset(tokenize("microsoft openai deal deals agreement contract partnership"))


#: What a sentence that only reports an event says besides who and when: "On 28 October 2025, Microsoft and
#: OpenAI announced a definitive agreement on their partnership."
_ANNOUNCING = frozenset(
    tokenize(
        "announce announced announcement amend amended amendment issue issued sign signed unveil unveiled reach"
        " reached definitive new terms joint statement alongside"
    )
)
#: What a question asking whether something happened says: "did the deal change again this year?".
EVENT_WORDS = _ANNOUNCING | frozenset(tokenize("change changed changes renegotiate renegotiated happen happened"))
_MONTHS = frozenset(tokenize(" ".join(calendar.month_name[1:])))


@lru_cache(maxsize=4096)
def only_announces(sentence: str) -> bool:
    """Whether ``sentence`` only says that the parties announced or amended something, and when.

    Such a sentence dates an event; it says nothing of what was agreed, so it supports no answer but one
    about when something happened.
    """
    words = {w for w in tokenize(sentence) if not any(ch.isdigit() for ch in w)}
    return bool(words) and not (words - PARTIES - _ANNOUNCING - _MONTHS)


def shares_word(words: Set[str], text: str, *, related: bool = True) -> bool:
    """Whether ``text`` holds one of the stems ``words``, or a longer word it starts ("fund": "funder").

    ``related``: count the glossary's related words of the terms ``text`` mentions (see :func:`expand`).
    """
    found = set(tokenize(expand(text, related=related)))
    return bool(words & found) or any(len(w) >= 4 and t.startswith(w) for w in words for t in found)


def claim_words(question: Question, *, expanded: bool = True) -> frozenset[str]:
    """What a question asks about its subject: its words but those that ask, the parties and what it names.

    Read once per question and names (the preferences ask it of every candidate sentence).

    Args:
        question: The question, read.
        expanded: With the other forms and related words of the glossary terms it uses; without them, one
            word per word the person typed (for counting how many of them a sentence says).
    """
    return _claim_words(question.read, question.names, expanded)


@lru_cache(maxsize=256)
def _claim_words(read: str, names: tuple[NamedThing, ...], expanded: bool = True) -> frozenset[str]:
    named = {t for thing in names for t in tokenize(expand(f"{thing.name} {thing.written}"))}
    return frozenset(tokenize(expand(read) if expanded else read)) - ASKING - PARTIES - named


def says_most_of(question: Question, sentence: str, share: float = 0.5) -> bool:
    """Whether ``sentence`` holds at least ``share`` of the question's claim words (all, when it has none)."""
    claim = claim_words(question)
    if not claim:
        return True
    return sum(shares_word({word}, sentence) for word in claim) / len(claim) >= share


#: What asks for an overview of a moment rather than about a subject: "what happened in oct 2025?", "jan
#: 2025 recap", "summary of the oct 2025 restructuring" (the restructuring is what happened then).
_OVERVIEW = frozenset(
    tokenize(
        "happen happened happening news recap summary summarise summarize overview rundown update updates tldr"
        " announced announce signed sign agreed agree restructure restructuring recapitalization amendment"
        " statement joint event events going on"
    )
)


def asks_overview(question: Question) -> bool:
    """Whether a question dated to a moment asks what happened then, with no subject of its own.

    "what happened in october 2025?" does; "what did msft get in the oct 2025 deal?" asks about what
    Microsoft got, in the documents of then.
    """
    if question.time.kind != "date" or question.answer_type != "other":
        return False
    day = question.time.date
    named = f"{calendar.month_name[day.month]} {day.year}" if day is not None else ""
    when = set(tokenize(f"{question.time.words or ''} {named}"))
    return not (claim_words(question) - _OVERVIEW - when)
