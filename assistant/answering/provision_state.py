"""Yes or no about a provision, for the date a question is about, from the clause evaluator.

"Is the API still exclusive to Azure?", "rofr still there?", "can openai use other clouds?": a plain
yes/no question about something the clauses decide is answered by the clauses in force on the date it
is about (today, for "still", "now" or the present tense; the date it names; the article's terms for
what the article says), not by whichever sentence shares its words. The opening word is the evaluator's
value: "Yes", "No", "Not any more" (no today, yes under the article's terms) or "The sources disagree"
(a contested reading decides it); the sentence after it is the deciding clause's quote, cited. When the
article's terms (the user's primary document) give a different value, a second sentence says so, with
the article's quote: the article is never silently replaced.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import ValidationError

from assistant.agreement.clause_file import TermsInfo
from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import period_end, short_date
from assistant.agreement.outcomes import Outcome
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import DEFAULT_TERMS, UnknownTermsError
from assistant.agreement.versions import first_named_version
from assistant.answering.payments import reversed_payment
from assistant.answering.preferences import ASKS_SOURCING, question_values
from assistant.citation import Citation
from assistant.question.model import Question
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.engine.verdict import Verdict
from assistant.whatif.reading.asked_outcomes import BOUND_TO_AZURE
from assistant.whatif.reading.question_parser import ParsedQuestion
from assistant.whatif.render import outcome_citations

#: Facts a plain question may state that the evaluator uses as they are (a date is the question's time).
_PLAIN_FACTS = ("workload", "provider", "capacity_request", "microsoft_can_meet")
_WORDS = {True: "yes", False: "no", None: "it depends on more than the question says"}
#: "is the rofr dead?", "did microsoft lose exclusivity?": the question asks whether a provision is gone,
#: so the answer's yes and no are the other way round from the provision's value.
_ASKS_ABSENCE = re.compile(
    r"\b(?:dead|gone|over|scrapped|killed|axed|dropped|removed|abolished|eliminated|ended|no\s+longer"
    r"|end|ends|stop|stops|cease|ceases|expire|expires|kill|kills|scrap|scraps|axe|axes|drop|drops|remove|removes"
    r"|lose|loses|lost|losing|gave\s+up|give\s+up|giving\s+up)\b",
    re.IGNORECASE,
)
#: "does the amazon deal need microsoft's ok?": asking whether OpenAI needs leave is asking whether it is
#: not free to, so the freedom to use another cloud answers it the other way round.
_ASKS_LEAVE = re.compile(
    r"\bneed(?:s|ed)?\b.{0,30}?\b(?:ok|okay|approval|permission|sign[-\s]?off|blessing|green[-\s]?light|consent)\b",
    re.IGNORECASE,
)
_FREEDOMS: frozenset[Outcome] = frozenset({"openai_may_use_other_cloud"})
#: "does openai still have to use azure?": asking whether it is bound is asking whether it is not free.
_ASKS_BOUND = re.compile(BOUND_TO_AZURE, re.IGNORECASE)
#: "does revenue sharing end at agi?": a provision asked about under a condition is a what-if, not today's state.
_CONDITION = re.compile(
    r"\b(?:at|after|once|when|if|upon|on|post|before|until)[\s-]+(?:agi|artificial\s+general\s+intelligence)\b",
    re.IGNORECASE,
)
_AGI = re.compile(r"\bAGI\b|artificial general intelligence", re.IGNORECASE)
#: Outcomes that are events a scenario states, not standing terms: a plain question is not answered by them
#: ("is the AGI clause gone?" is not "has AGI been reached?").
_EVENTS: frozenset[Outcome] = frozenset({"agi_reached"})


@dataclass(frozen=True)
class ProvisionState:
    """A yes/no answer about one outcome the clauses decide.

    Attributes:
        outcome: The outcome asked about.
        value: The value for the date the question is about (``None``: undetermined).
        terms: The terms version that decided it.
        article_value: The value under the article's terms, when they differ from ``terms``.
        summary: The answer's first sentence(s): opening word, the deciding quote, markers ``[1]``, ``[2]``.
        citations: The quotes the summary cites, in marker order.
    """

    outcome: Outcome
    value: bool | None
    terms: str
    article_value: bool | None
    summary: str
    citations: list[Citation]


def _scenario(parsed: ParsedQuestion, day: dt.date, *, after_agi: bool = False) -> Scenario | None:
    facts = {name: parsed.facts[name] for name in _PLAIN_FACTS if name in parsed.facts}
    if after_agi:
        facts |= {"agi_declared": True, "agi_verified_by_panel": True}
    try:
        return Scenario.model_validate({**facts, "event_date": day})
    except ValidationError:
        return None


def _evaluated(scenario: Scenario, terms: str, locate: Locate) -> Verdict | None:
    try:
        return cite_verdict(_verdict(scenario.model_dump_json(), terms), locate)
    except (UnknownTermsError, ValueError):
        return None


@lru_cache(maxsize=512)  # the bundled clause sheet is read once per process: a scenario's verdict never changes
def _verdict(scenario: str, terms: str) -> Verdict:
    """The bundled clauses' verdict on a scenario (as JSON); many plain questions suppose the same one, today's."""
    return evaluate(Scenario.model_validate_json(scenario), terms)


def _first_quote(verdict: Verdict, outcome: Outcome) -> Citation | None:
    found = outcome_citations(verdict, outcome)
    return found[0] if found else None


def provision_state(
    question: Question, parsed: ParsedQuestion, *, today: dt.date, locate: Locate, terms: str | None = None
) -> ProvisionState | None:
    """The clauses' yes or no for a plain yes/no question about one outcome, or ``None`` when they do not decide it.

    Args:
        question: The question, read; only yes/no questions that are not what-ifs are answered here.
        parsed: The what-if reader's reading of it (which outcome it names, which facts it states).
        today: What "now" means.
        locate: Finds quotes in the caller's corpus.
        terms: Terms pinned by the caller; otherwise the version in force on the date the question is about.
    """
    if question.answer_type != "yes_no" or parsed.hypothetical:
        return None
    outcome = _one_outcome(parsed.focus)
    if outcome is None:
        return None
    if outcome in _EVENTS or ASKS_SOURCING.search(question.read) or question_values(question):
        return None  # "is the revenue share 20%?" asks about a figure, which the documents answer
    # "does revenue sharing end at agi?", "does msft keep the models post agi?": the provision once AGI is
    # reached (declared and, where the terms ask for it, verified), not as it stands today.
    after_agi = _CONDITION.search(question.read) is not None
    if question.time.kind == "article":
        day, version = today, terms or DEFAULT_TERMS
    else:
        day = asked_day(question, today)
        version = terms or day.isoformat()
    scenario = _scenario(parsed, day, after_agi=after_agi)
    if scenario is None:
        return None
    verdict = _evaluated(scenario, version, locate)
    if verdict is None or verdict.decisions[outcome].status == "silent":
        return None
    if verdict.outcomes[outcome] is None and set(verdict.decisions[outcome].depends_on) <= set(Scenario.model_fields):
        return None  # it depends on facts the question does not give (which workload): no yes, no dispute
    if after_agi and verdict.outcomes[outcome] is None:
        return None  # contested once AGI is reached: the documents, with their disagreement, answer it
    quote = _first_quote(verdict, outcome)
    if after_agi:
        # "does revenue sharing end at agi?": the clause that speaks of AGI, when one decides it.
        quote = next((c for c in outcome_citations(verdict, outcome) if _AGI.search(c.quote)), quote)
    if quote is None or reversed_payment(question.read, quote.quote):
        # "does microsoft still pay openai?" is not answered by the clause on OpenAI paying Microsoft
        return None
    value = verdict.outcomes[outcome]
    absent = _ASKS_ABSENCE.search(question.read) is not None
    if outcome in _FREEDOMS and (_ASKS_LEAVE.search(question.read) or _ASKS_BOUND.search(question.read)):
        absent = not absent
    article_value: bool | None = None
    article_quote: Citation | None = None
    if verdict.terms != DEFAULT_TERMS:
        article = _evaluated(scenario, DEFAULT_TERMS, locate)
        if article is not None and article.outcomes[outcome] != value:
            article_value = article.outcomes[outcome]
            article_quote = _first_quote(article, outcome)
    if value is True and _FOREVER.search(question.read) and _UNTIL_A_YEAR.search(quote.quote):
        # "can microsoft use our models in copilot forever?": yes, but only through 2032, which is a no
        value_asked: bool | None = False
    else:
        value_asked = value
    changed = article_value is not None and value is not None and article_value != value
    since_version = _changed_since(scenario, outcome, value, verdict.terms) if changed else None
    since = short_date(since_version.in_force_from) if since_version is not None else None
    quotes = [quote]
    if after_agi and since_version is not None and not _AGI.search(quote.quote):
        # "does ms ip access include post-agi models?": yes since October 2025, whose clause says so in
        # words ("include post-AGI models"); the newest one, which only no longer mentions AGI, follows it.
        then = _evaluated(scenario, since_version.id, locate)
        said = [c for c in outcome_citations(then, outcome) if _AGI.search(c.quote)] if then is not None else []
        quotes = [*said[:1], quote]
    citations = [*quotes, *([article_quote] if article_quote is not None else [])]
    body = "; ".join(f"{_quoted(q.quote)} [{n}]" for n, q in enumerate(quotes, start=1))
    summary = f"**{_opening(value_asked, absent, article_value if value_asked == value else None, since)}** — {body}."
    if article_quote is not None:
        answered = _answered(article_value, absent)
        summary += f" Under the January 2025 terms the article describes: {_WORDS[answered]} [{len(citations)}]."
    return ProvisionState(outcome, value, verdict.terms, article_value, summary, citations)


#: "…forever?", "…indefinitely?": asked whether a right lasts without end, which one running "through 2032" does not.
_FOREVER = re.compile(r"\b(?:forever|for\s+ever|indefinitely|permanently|in\s+perpetuity|for\s+good)\b", re.IGNORECASE)
_UNTIL_A_YEAR = re.compile(r"\b(?:through|until|till|to)\s+20\d\d\b", re.IGNORECASE)
_PAST_OR_UNDER = re.compile(r"\b(?:did|was|were|had|under)\b", re.IGNORECASE)


#: "can openai sell the api through google cloud?" names the API (its exclusivity) and another cloud: it asks
#: whether OpenAI may use that cloud for the API, which the freedom to use another cloud answers.
_ASKED_WITH_THE_API: frozenset[Outcome] = frozenset({"api_exclusive_to_azure", "openai_may_use_other_cloud"})


def _one_outcome(focus: list[Outcome]) -> Outcome | None:
    """The one outcome a plain yes/no question asks about, or ``None`` when it names none or several."""
    if len(focus) == 1:
        return focus[0]
    if set(focus) == _ASKED_WITH_THE_API:
        return "openai_may_use_other_cloud"
    return None


def asked_day(question: Question, today: dt.date) -> dt.date:
    """The day whose terms answer a question about how a provision stands.

    A terms version a question in the past tense or "under" names ("did the October 2025 deal kill the
    ROFR?") means the day it came into force; a month or year it names, the end of it, when whatever happened in it
    had happened (the day it names, for a day); otherwise today. "Still" and "now" always mean today.
    """
    if question.time.kind == "now":
        return today
    # "did the October 2025 deal kill the ROFR?", "under the definitive agreement": that version's day;
    # "does the Amazon deal need Microsoft's ok?" names a version as its subject and asks about today.
    past = _PAST_OR_UNDER.search(question.read) is not None
    named = first_named_version(question.read)
    if named is not None and past:
        return named[1].info.in_force_from
    if question.time.kind == "date" and question.time.date is not None:
        end = period_end(question.time.date, question.time.precision)
        return min(today, end) if question.time.precision != "day" else end
    return today


def _opening(value: bool | None, absent: bool, article_value: bool | None, since: str | None) -> str:
    """The answer's opening words: "Yes", "No", "Not any more — not since …" or "The sources disagree"."""
    if value is None:
        return "The sources disagree"
    if absent:
        # Gone now: "Yes", and since when if it was there under the article's terms.
        return "No" if value else (f"Yes — since {since}" if since else "Yes")
    if value:
        return f"Yes — since {since}" if since else "Yes"  # "can openai use aws?": yes, since it became so
    if article_value is True:
        return f"Not any more — not since {since}" if since else "Not any more"
    return "No"


def provision_ended(
    question: Question, parsed: ParsedQuestion, *, today: dt.date, locate: Locate, terms: str | None = None
) -> ProvisionState | None:
    """For "when does the API exclusivity end?" about a right that has already ended: when, beside the article.

    The clauses in force today say no where the article's terms say yes: the answer is that it ended,
    on the day of the version that ended it, with that version's quote, and the article's quote after
    it. ``None`` for any other question (not about a date, about a moment other than today, pinned
    terms, or a right still in force).
    """
    if (
        question.answer_type != "date"
        or not question.ending  # "when was the ROFR introduced?" asks when it began
        or terms is not None
        or parsed.hypothetical
        or len(parsed.focus) != 1
        or parsed.focus[0] in _EVENTS
        or question.time.kind not in ("now", "unspecified")
    ):
        return None
    outcome = parsed.focus[0]
    scenario = _scenario(parsed, today)
    verdict = _evaluated(scenario, today.isoformat(), locate) if scenario is not None else None
    article = _evaluated(scenario, DEFAULT_TERMS, locate) if scenario is not None else None
    if scenario is None or verdict is None or article is None:
        return None
    if verdict.outcomes[outcome] is not False or article.outcomes[outcome] is not True:
        return None
    quote, article_quote = _first_quote(verdict, outcome), _first_quote(article, outcome)
    if quote is None or article_quote is None:
        return None
    since = _changed_since(scenario, outcome, False, verdict.terms)
    opening = f"It already ended, on {short_date(since.in_force_from)}" if since else "It has already ended"
    summary = (
        f"**{opening}** — {_quoted(quote.quote)} [1]. "
        f"Under the January 2025 terms the article describes: {_quoted(article_quote.quote)} [2]."
    )
    return ProvisionState(outcome, False, verdict.terms, True, summary, [quote, article_quote])


def _changed_since(scenario: Scenario, outcome: Outcome, value: bool | None, current: str) -> TermsInfo | None:
    """The first version after the article's from which ``outcome`` has had ``value`` (October 2025's)."""
    versions = [v.info for v in bundled_sheet().ordered()]
    ids = [info.id for info in versions]
    if DEFAULT_TERMS not in ids or current not in ids:
        return None
    since: TermsInfo | None = None
    for info in versions[ids.index(DEFAULT_TERMS) + 1 : ids.index(current) + 1]:
        verdict = evaluate(scenario, info.id)
        if verdict.outcomes[outcome] == value:
            since = since or info
        else:
            since = None
    return since


def _answered(value: bool | None, absent: bool) -> bool | None:
    """The yes or no a question gets from a provision's value: the other way round when it asks whether it is gone."""
    return None if value is None else (not value if absent else value)


def _quoted(quote: str) -> str:
    return quote.strip().rstrip(".")
