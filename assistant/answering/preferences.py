"""Which sentences answer the question a person asked, beyond sharing its words.

Scores rank sentences by meaning and shared words. Some questions say more about the sentence they
want than their words do, and each preference below adds a bonus for it:

- a question that names a value ("27%?", "$500bn?", "2032?") wants the sentences that state it;
- "what happened in Oct 2025?", "jan 2025?" want what the documents dated then say, first the
  sentences that name a day of that month (the events);
- "who wrote this piece?", "what does the article say…?" want the article, or what is said about it;
- a follow-up with no subject of its own ("how much?" after "what's Stargate?") asks more about what
  the answer before it said: the sentences that answer quoted first, if they hold what it asks for
  (a site for "where?"; but "still?" asks about today);
- "who funded stargate?", "who chairs it?" want, of the sentences naming companies or people, the
  one that says the role asked about ("funders", "chairman"), not one that only names them;
- "where…?" wants the sentence naming a site ("Abilene, Texas", "in Texas") before one naming only a
  country ("in the United States");
- a sentence naming what the question asks about only in the article's title ("the January 2025
  Stargate article says…") is not about it;
- "does microsoft still pay openai?" wants the sentence on Microsoft paying OpenAI, not the other way round;
- "what does the expert panel do?" is not answered by a sentence saying a text does not mention it;
- "is the article still accurate?", "what does it get wrong?" want the notes comparing the article with
  the other sources: what changed after it for the first, what it got wrong when written for the second;
- a question about today ("still", "now", "currently") wants what the newest documents say: a small
  bonus that grows with a document's date, so a 2026 statement outranks a 2023 one it updates when
  both say about as much.

The bonuses rank sentences for the answer; they never change the scope decision's evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from assistant.answering.claim import EVENT_WORDS, asks_overview, claim_words, only_announces, shares_word
from assistant.answering.payments import reversed_payment, same_payment
from assistant.answering.spans import spans
from assistant.index.lexical import tokenize
from assistant.question.model import Question

VALUE_BONUS = 0.25
DATED_BONUS = 0.2
ARTICLE_BONUS = 0.2
EVENT_BONUS = 0.1
CONTINUITY_BONUS = 0.15
#: For a who/which question, a sentence holding a word of what it asks ("funded": "funders", "chairs":
#: "chairman"): it says the role asked about, so it is direct evidence.
ROLE_BONUS = 0.1
#: For a "why" question, a sentence that gives a reason or a stake ("…cited limited compute resources as a
#: stumbling block", "…will no longer have access"): the documents seldom say "because". It reorders, and
#: is no more than :data:`DIRECT_BONUS`: a reason is not by itself what the question asks ("why restructure
#: at all?" is not answered directly by OpenAI's compute crunch).
REASON_BONUS = 0.06
_ASKS_WHY = re.compile(r"^\s*(?:(?:and|but|so|ok(?:ay)?)[,\s]+)?(?:why|how\s+come)\b", re.IGNORECASE)
_GIVES_A_REASON = re.compile(
    r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|so\s+that|in\s+order\s+to|reason|stumbling\s+block"
    r"|crunch|friction|cited|eager\s+to|no\s+longer\s+have\s+access|cut\s+\w+\s+off)\b",
    re.IGNORECASE,
)
#: For a question about one party paying the other, a sentence stating that payment, payer and payee alike
#: ("Microsoft stops paying a revenue share to OpenAI" for "does microsoft still pay openai?"), and taken
#: from one stating the payment the other way round ("OpenAI keeps paying Microsoft…").
PAYMENT_BONUS = 0.1
PAYMENT_PENALTY = 0.2
#: Taken from a sentence saying only that a text is silent on something ("the official text … does not mention
#: AGI or the independent expert panel") for a question asking what that thing is or does: it says nothing of
#: it. A question asking whether a text mentions it, or whether it survives, is answered by the silence.
SILENCE_PENALTY = 0.1
_SILENCE = re.compile(r"\b(?:does|did|do)\s+not\s+mention\b|\bmakes?\s+no\s+mention\b|\bis\s+silent\b", re.IGNORECASE)
_ASKS_PRESENCE = re.compile(
    r"\b(?:mention\w*|say|says|said|text|official\w*|still|survive\w*|drop\w*|kill\w*|gone|remov\w*|scrap\w*"
    r"|contest\w*|disput\w*|true|exist\w*|in\s+force)\b",
    re.IGNORECASE,
)
#: For a question whether the article is right ("is the article still accurate?", "what does it get
#: wrong?"), a note comparing it with the other sources ("The right of first refusal described in the
#: January 2025 Stargate article was later removed…"): the whole bonus for the kind of fault asked about
#: (out of date: "later", "after"; wrong when written: "while every other source…"), half for the other.
ACCURACY_BONUS = 0.2
#: Faults of a text by name: out of date, and wrong when written.
_STALE = r"outdated|out[-\s]of[-\s]date|obsolete|stale"
_WRONG = r"wrong|mistakes?|mistaken|errors?|erroneous|inaccurate|incorrect|misleading"
_ASKS_ACCURACY = re.compile(
    rf"\b(?:{_STALE}|{_WRONG}|accurate|accuracy|correct|trustworthy|reliable|reliability|up[-\s]to[-\s]date"
    r"|holds?\s+up|still\s+(?:true|right|valid|holds?|stands?))\b",
    re.IGNORECASE,
)
_ASKS_CURRENCY = re.compile(rf"\b(?:{_STALE}|up[-\s]to[-\s]date|still|now|today|any\s*more)\b", re.IGNORECASE)
#: The faults asked about by name ("is anything in the article outdated?"): a fault found answers yes.
ASKS_FAULT = re.compile(rf"\b(?:{_STALE}|{_WRONG})\b", re.IGNORECASE)
_LATER = re.compile(r"\b(?:later|after\s+the)\b", re.IGNORECASE)
_DIFFERS = re.compile(r"\b(?:while|but|whereas)\b", re.IGNORECASE)
#: For a "where" question, a sentence naming a place that is not a whole country ("the United States").
SITE_BONUS = 0.1
#: For a question about the article as a whole, its opening (the first this many characters) says what it is about.
LEAD_BONUS = 0.15
LEAD_CHARS = 300
#: Taken from the publisher's note for any question but who wrote or published the document.
PUBLISHER_NOTE_PENALTY = 0.5
#: Taken from a sentence that only says how a fact is sourced ("…is a press report and has not been
#: confirmed…") for a question that does not ask about sourcing: it qualifies an answer, it is not one.
SOURCING_NOTE_PENALTY = 0.15
_SOURCING_NOTE = re.compile(r"\bis\s+a\s+press\s+report\b|\bhas\s+not\s+been\s+confirmed\b", re.IGNORECASE)
#: "is the 20% revenue share confirmed?": a question about how a fact is sourced, which the documents answer.
ASKS_SOURCING = re.compile(
    r"\b(?:confirmed|unconfirmed|official(?:ly)?|reported(?:ly)?|rumou?r(?:s|ed)?|alleged(?:ly)?|sources?|reliable)\b",
    re.IGNORECASE,
)
#: Taken from a sentence that only says the parties announced or amended something ("On 28 October 2025,
#: Microsoft and OpenAI announced a definitive agreement…") for a question that does not ask when or what
#: happened: it shares the question's words about the deal and says nothing of its terms.
ANNOUNCEMENT_PENALTY = 0.15
#: Taken from a sentence that names what the question asks about only in the article's title ("the
#: January 2025 Stargate article gives the AGI profit threshold…" is not about Stargate's money).
TITLE_ONLY_PENALTY = 0.15
#: At most this much for the newest documents, for a question about today (none for undated ones).
RECENCY_BONUS = 0.06
#: A bonus above this says the sentence is what the question asks for (a value, a month, the article),
#: not merely newer: only such a bonus makes a sentence direct evidence.
DIRECT_BONUS = RECENCY_BONUS
#: The span of dates the recency bonus grows over.
_RECENCY_FROM, _RECENCY_TO = dt.date(2019, 1, 1), dt.date(2026, 12, 31)
#: A sentence counts as quoted by the answer before when this share of its words is in its first paragraph.
CONTINUITY_SHARE = 0.8
_WORDS = re.compile(r"[a-z0-9]+")
_VALUE = re.compile(r"\d[\d,.]*")
_ABOUT_ARTICLE = re.compile(
    r"\b(?:the|this|that)\s+(?:article|piece|story|post|report)\b|\b(?:the|this|that)\s+[\w-]+\s+(?:article|piece)\b"
    r"|\barticle\b|\bblog\b|\b(?:outlet|publication|publisher)\b|\bauthor\b|\bwho\s+(?:wrote|published|covered)\b",
    re.I,
)


_PERIOD_BOUND = re.compile(r"(?:since|from|after|before)\b", re.IGNORECASE)


def period_key(day: dt.date, precision: str) -> str:
    """The ISO prefix naming the period of ``day`` ("2025-10" for a month): a document dated then starts with it."""
    return day.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


def asks_about_an_event(question: Question) -> bool:
    """Whether a question asks when or whether something happened, or what happened at a time.

    "when was the deal signed?", "what happened in oct 2025?", "did the deal change again this year?".
    """
    return (
        (question.answer_type == "date" and not question.ending)  # "until when…?" asks for an end, not an event
        # "what happened in oct 2025?"; "what did msft get in oct 2025?" asks what was agreed, not that it was
        or (question.time.kind == "date" and asks_overview(question))
        or bool(set(tokenize(question.read)) & EVENT_WORDS)
    )


def asks_if_accurate(question: Question) -> bool:
    """Whether a question asks if the article is right: "is the article still accurate?", "what does it get wrong?"."""
    return about_article(question) and _ASKS_ACCURACY.search(question.read) is not None


def asks_if_wrong(question: Question) -> bool:
    """Whether a question asks what the article got wrong when written ("what does it get wrong?"), not what aged."""
    return asks_if_accurate(question) and _ASKS_CURRENCY.search(question.read) is None


def _accuracy_bonus(question: Question, sentence: str) -> float:
    """The bonus of a note comparing the article with other sources, for a question whether the article is right.

    "is the article still accurate?" asks whether it is out of date: what changed after it ("…was later
    removed…") answers first; "what does it get wrong?" asks what it got wrong when written ("…gives the
    threshold as AUD$100 billion, while every other source…").
    """
    fault = article_fault(sentence)
    if fault is None:
        return 0.0
    return ACCURACY_BONUS if fault == ("differs" if asks_if_wrong(question) else "later") else ACCURACY_BONUS / 2


def article_fault(sentence: str) -> str | None:
    """How a note comparing the article with other sources faults it, if it does.

    ``"later"``: it changed after the article ("…was later removed…"); ``"differs"``: the other sources say
    otherwise ("…while every other source…"); ``None``: the sentence faults no article.
    """
    if "article" not in sentence:
        return None
    if _LATER.search(sentence):
        return "later"
    return "differs" if _DIFFERS.search(sentence) else None


def asks_why(question: Question) -> bool:
    """Whether a question asks why ("why did microsoft give up exclusivity?", "how come…", "why?")."""
    return _ASKS_WHY.search(question.read) is not None


def gives_a_reason(sentence: str) -> bool:
    """Whether ``sentence`` gives a reason or a stake ("…cited limited compute resources as a stumbling block")."""
    return _GIVES_A_REASON.search(sentence) is not None


def question_values(question: Question) -> list[str]:
    """The numbers a question names, as the documents write them ("27", "500", "2032")."""
    values = []
    # The year of the month it is about ("what happened in Oct 2025?") is a date, not a value it names;
    # so is a year that bounds a period ("how much in total since 2019?"); a year alone ("2032?") is both.
    words = question.time.words or ""
    when = words if question.time.precision != "year" or _PERIOD_BOUND.match(words) else ""
    for match in _VALUE.finditer(question.read):
        if when and match.group(0).rstrip(".,") in when:
            continue
        value = match.group(0).rstrip(".,")
        if value and any(ch.isdigit() for ch in value):
            values.append(value)
    return values


def states_value(sentence: str, values: list[str]) -> bool:
    """Whether ``sentence`` states one of ``values`` as a whole number ("20" is not in "2030" or "1.20")."""
    return any(re.search(rf"(?<![\d.,]){re.escape(v)}(?![\d])", sentence) for v in values)


def is_sourcing_note(sentence: str) -> bool:
    """Whether ``sentence`` only says how a fact is sourced ("…is a press report and has not been confirmed")."""
    return _SOURCING_NOTE.search(sentence) is not None


def names_period(sentence: str, day: dt.date, precision: str) -> bool:
    """Whether ``sentence`` names the month (or year) of ``day``: "June 2025", "28 October 2025", "2019"."""
    if precision == "year":
        return re.search(rf"(?<![\d$.,]){day.year}(?!\d)", sentence) is not None
    month = _MONTHS[day.month - 1]
    return re.search(rf"\b{month}\s+{day.year}\b", sentence) is not None or _names_day_in(sentence, day, precision)


def about_article(question: Question) -> bool:
    """Whether the question is about the article itself: who wrote it, when, what it says."""
    return bool(_ABOUT_ARTICLE.search(question.query))


def bonus(
    question: Question,
    sentence: str,
    source: str,
    document_date: Callable[[str], str | None],
    is_article: Callable[[str], bool],
    start: int = 0,
    *,
    publishers_note: bool = False,
    find_names: Callable[[str], list[tuple[int, int]]] | None = None,
) -> float:
    """The bonus one sentence earns for what the question wants.

    Args:
        question: The question, read.
        sentence: The sentence.
        source: Its document.
        document_date: A document's date as written in its metadata ("2025-10-28", "2025-01").
        is_article: Whether a document is the user's primary article.
        start: Where the sentence starts in its document ("what's the article about?" wants its lead).
        publishers_note: The sentence is the publisher's note at the end of its document ("HARNIS
            specialises in…"): it answers who published it, or a question sharing its words (the
            contact address), and nothing else.
        find_names: Where a sentence names organisations or people, which are no places.
    """
    if publishers_note and not _about_the_publisher(question, sentence):
        return -PUBLISHER_NOTE_PENALTY
    total = 0.0
    accurate = asks_if_accurate(question)  # whether the article is right: asked of every sentence, read once
    if _SOURCING_NOTE.search(sentence) and not ASKS_SOURCING.search(question.read):
        total -= SOURCING_NOTE_PENALTY
    if not about_article(question) and _names_only_in_the_article_s_title(question, sentence):
        total -= TITLE_ONLY_PENALTY
    if only_announces(sentence) and not asks_about_an_event(question):
        total -= ANNOUNCEMENT_PENALTY
    if question.answer_type != "yes_no" and _SILENCE.search(sentence) and not _ASKS_PRESENCE.search(question.read):
        total -= SILENCE_PENALTY  # "what does the agi expert panel do?" is not answered by a text's silence on it
    values = question_values(question)
    if values and states_value(sentence, values):
        total += VALUE_BONUS
    day = question.time.date
    # "what did the jan 2025 blog get wrong?": the month names the article, it does not ask what happened then
    dated = question.time.kind == "date" and not accurate
    if dated and day is not None and question.answer_type in ("other", "definition"):
        asked = period_key(day, question.time.precision)
        if (document_date(source) or "")[: len(asked)] == asked:
            total += DATED_BONUS
            if question.time.precision != "day" and _names_day_in(sentence, day, question.time.precision):
                total += EVENT_BONUS  # "On 28 October 2025, Microsoft and OpenAI announced…": what happened then
    # whether the article is right is not in its own words: the notes comparing it say (see _accuracy_bonus)
    if about_article(question) and _about_what_is_asked(question, sentence) and not accurate:
        # The article's own words first; a note about what the article says, after them. "What does the
        # article say about Microsoft?" prefers the article's sentences that name Microsoft.
        if is_article(source) and _WHO_WROTE.search(question.read) and not publishers_note:
            pass  # "who published the stargate article?": its own words on Stargate do not say who wrote them
        elif is_article(source):
            total += ARTICLE_BONUS
            if publishers_note:
                total += LEAD_BONUS  # "who wrote the stargate article?": the note saying who they are
            elif start < LEAD_CHARS and _asks_about_the_whole(question):
                total += LEAD_BONUS  # "what's the article about?": its opening says
            elif start < LEAD_CHARS and not _WHO_WROTE.search(question.read):
                # "what does it say about Microsoft?": its opening on Microsoft, where it puts its main
                # point, before a later aside
                total += LEAD_BONUS / 2
        elif "article" in sentence.lower():
            # a note about the article: after its own words, but as good for when it was published; who wrote
            # it is what the publisher's note says ("an Australian AI consultancy's post" names no one)
            when = _WHO_WROTE.search(question.query) is not None and question.answer_type != "names"
            total += ARTICLE_BONUS if when else ARTICLE_BONUS / 4
    if asks_why(question) and gives_a_reason(sentence):
        total += REASON_BONUS
    if accurate and not is_article(source):
        total += _accuracy_bonus(question, sentence)
    if same_payment(question.read, sentence):
        total += PAYMENT_BONUS
    elif reversed_payment(question.read, sentence):
        total -= PAYMENT_PENALTY
    claim = claim_words(question) if question.answer_type == "names" else frozenset()
    if claim and shares_word(claim, sentence, related=False):
        total += ROLE_BONUS
    if question.answer_type == "place" and _names_a_site(sentence, find_names or (lambda text: [])):
        total += SITE_BONUS
    if question.time.kind == "now":
        total += RECENCY_BONUS * _recency(document_date(source))
    if (
        question.subjectless
        and question.time.kind != "now"  # "still there?" asks about today, not about what was just said
        and not accurate  # "what does it get wrong?" asks for another fault than the one just told
        and question.earlier_answer
        and _quoted_in(sentence, question.earlier_answer)
        and _has_what_is_asked(question, sentence, find_names or (lambda text: []))
    ):
        total += CONTINUITY_BONUS
    return total


#: Words that only point at the article or ask; what is left of a question about the article is its subject.
_ARTICLE_WORDS = frozenset(
    tokenize(
        "what whats what's does do did say says said mention mentions tell talk talks about the this that article "
        "piece story post report it its how why when where who is are was were in on of for since"
        # asking for the whole of it: "the article's main point", "headline of the article?", "tl;dr"
        " main point gist summary summarise summarize headline title tldr overview key takeaway takeaways"
        " argument arguments thesis message angle conclusion blog"
        # what it says, in other verbs: "what did the article argue / claim / conclude?"
        " argue argues argued claim claims claimed conclude concludes concluded think thinks thought report reports"
        # what people call it by: "the australian article"
        " australian"
    )
)
_WHO_WROTE = re.compile(
    r"\b(?:author|wrote|written|writer|publish\w*|outlet|publication|covered|who\s+is\s+(?:the\s+)?(?:article|piece)\s+by)\b",
    re.I,
)


def _subject_words(question: Question) -> set[str]:
    """What a question about the article asks about: its words, without those that point at the article."""
    return set(tokenize(question.read)) - _ARTICLE_WORDS


def _about_the_publisher(question: Question, sentence: str) -> bool:
    """Whether a sentence of the publisher's note answers the question: who wrote it, or words they share."""
    return bool(_WHO_WROTE.search(question.read)) or bool(_subject_words(question) & set(tokenize(sentence)))


def _asks_about_the_whole(question: Question) -> bool:
    """A question about the article with no subject of its own ("what's the article about?")."""
    return not _WHO_WROTE.search(question.read) and not _subject_words(question)


def _about_what_is_asked(question: Question, sentence: str) -> bool:
    """Whether ``sentence`` is about what a question about the article asks: it shares a word of its subject.

    "What does the article say about Microsoft?" wants the article's sentences naming Microsoft, not the
    publisher's note at its end; "who wrote the article?" and "what's the article about?" want any of them.
    """
    if _WHO_WROTE.search(question.read):
        return True
    subject = _subject_words(question)
    return not subject or bool(subject & set(tokenize(sentence)))


@lru_cache(maxsize=256)
def _tokens(text: str) -> frozenset[str]:
    """The stemmed content tokens of a question's text, read once per question (asked of every sentence)."""
    return frozenset(tokenize(text))


#: The article's title as the notes write it: "the January 2025 Stargate article", "source article on Stargate".
_TITLE = re.compile(r"\b([A-Za-z]+)\s+(?=article\b)|(?<=\barticle)\s+(?:on|about)\s+([A-Za-z]+)\b")


def _names_only_in_the_article_s_title(question: Question, sentence: str) -> bool:
    """Whether a word of the question is in ``sentence`` only in the article's title ("the … Stargate article")."""
    if "article" not in sentence:
        return False
    asked = _tokens(question.query)
    outside = _TITLE.sub(" ", sentence)
    for match in _TITLE.finditer(sentence):
        word = match.group(1) or match.group(2)
        if set(tokenize(word)) & asked and re.search(rf"\b{word}\b", outside, re.IGNORECASE) is None:
            return True
    return False


def _has_what_is_asked(question: Question, sentence: str, find_names: Callable[[str], list[tuple[int, int]]]) -> bool:
    """Whether ``sentence`` holds the kind of thing the question asks for.

    A site for "where?", a date for "when?", …; any sentence for other questions. "where?" after "how
    much?" is not answered by the sentence with the sum.
    """
    if question.answer_type == "place":
        return _names_a_site(sentence, find_names)
    if question.answer_type in ("date", "amount", "names"):
        wanted = question.answer_type
        return bool(spans(sentence, wanted, find_names, ending=question.ending, counting=question.counting))
    return True


def _names_a_site(sentence: str, find_names: Callable[[str], list[tuple[int, int]]]) -> bool:
    """Whether ``sentence`` names a place narrower than a country ("the United States", "the UK" are not)."""
    return any(not sentence[s.start : s.end].lower().startswith("the ") for s in spans(sentence, "place", find_names))


def _recency(written: str | None) -> float:
    """Where a document's date ("2025-10-28", "2025-01") falls between 2019 and 2026, from 0 to 1."""
    found = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", written or "")
    if found is None:
        return 0.0
    day = dt.date(int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))
    share = (day - _RECENCY_FROM).days / (_RECENCY_TO - _RECENCY_FROM).days
    return min(1.0, max(0.0, share))


_MONTHS = "January February March April May June July August September October November December".split()


def _names_day_in(sentence: str, day: dt.date, precision: str) -> bool:
    """Whether ``sentence`` names a day in the month (or year) of ``day`` ("28 October 2025")."""
    month = _MONTHS[day.month - 1] if precision == "month" else r"[A-Z][a-z]+"
    pattern = rf"\b\d{{1,2}}\s+{month}\s+{day.year}\b|\b{month}\s+\d{{1,2}},\s+{day.year}\b"
    return re.search(pattern, sentence) is not None


def _quoted_in(sentence: str, earlier: str) -> bool:
    words = _WORDS.findall(sentence.lower())
    said = set(_WORDS.findall(earlier.lower()))
    return bool(words) and sum(w in said for w in words) / len(words) >= CONTINUITY_SHARE
