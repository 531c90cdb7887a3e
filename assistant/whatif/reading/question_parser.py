"""Reading a question into typed facts, deterministically (no language model).

The parser finds amounts of money (read as OpenAI's profit when the question is about profit),
dates and years, whether Microsoft can meet a new capacity request, the workload, the cloud
provider, whether AGI is declared and whether an expert panel verified it, which outcomes the
question asks about, and whether it is a follow-up or an inverse question ("What is the lowest
profit that would trigger the AGI clause?"). Impossible values become ``problems`` that name the value.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.agreement.money import Money
from assistant.agreement.outcomes import Outcome
from assistant.whatif.reading.asked_outcomes import InverseQuery, asked_outcomes, inverse_query
from assistant.whatif.reading.claim_check import is_claim_check
from assistant.whatif.reading.dates_text import MONTH_NUMBERS, MONTH_PATTERN, find_dates
from assistant.whatif.reading.money_text import find_money
from assistant.whatif.reading.stated_facts import agi_facts, blanked, capacity_facts, provider_facts, workload_facts

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


#: "say …" opening a question (or a clause after a comma or "and"): "say openai makes $200bn in 2028 — …".
_SAY = r"(?:^\s*|[,;:.!?—–-]\s*|\b(?:and|so|ok(?:ay)?|now|well)\s+)say\b(?!\s+(?:about|so|no|yes)\b)"
_HYPOTHETICAL = _rx(
    r"\b(?:what\s+if|if|suppose|supposing|assume|assuming|imagine|hypothetically|in\s+case|in\s+the\s+event|"
    r"were\s+to|would|let(?:'|’)?s\s+(?:say|assume|imagine|pretend)|say\s+that|scenario|pretend|"
    r"fast[-\s]?forward(?:ing)?|in\s+a\s+world\s+where|all\s+else\s+(?:being\s+)?equal|"
    r"nothing\s+else\s+(?:has\s+|having\s+)?chang(?:es|ed|ing)|what\s+happens\s+(?:when|once|after))\b"
    r"|" + _SAY + r"|\bor\s+not\s*+[?.!]*+\s*+$"
)
#: "who decides if agi has been reached?": "if" after a verb of deciding or knowing means "whether", no supposition.
_WHETHER_IF = _rx(
    r"\b(?:decides?|decided|deciding|determines?|determined|knows?|knew|checks?|checked|verif(?:y|ies|ied)|says?|said"
    r"|asks?|asked|tells?|told|wonders?|wondered|sees?|judges?|confirms?|confirmed|declares?|rules?|certif(?:y|ies))"
    r"\s+if$"
)


#: "is the api still exclusive or not?", "msft owns 27% now or not?": "or not" after a plain question, or
#: one about today, asks yes or no; it supposes nothing.
_PLAIN_OR_NOT = _rx(
    r"^\s*(?:is|are|was|were|does|do|did|has|have|had|can|could|will|should)\b"
    r"|\b(?:now|still|currently|today|at\s+the\s+moment|these\s+days)\b"
)


#: "why does openai need stargate if it already has azure?": asking why, an "if" concedes a fact; so does an
#: "if" whose clause says "already".
_CONCEDING_IF = _rx(r"^\s*(?:(?:and|but|so|ok(?:ay)?)[,\s]+)?why\b|\bif\s+(?:\w+\s+){0,2}already\b")


def _supposes(text: str) -> bool:
    """Whether ``text`` supposes something: a hypothetical marker that is not an "if" meaning "whether"."""
    conceding = _CONCEDING_IF.search(text) is not None
    return any(
        not (match.group(0).lower() == "if" and (conceding or _WHETHER_IF.search(text[: match.end()])))
        and not (match.group(0).lower().startswith("or") and _PLAIN_OR_NOT.search(text))
        for match in _HYPOTHETICAL.finditer(text)
    )


_FOLLOWUP_START = _rx(
    r"^\s*(?:and|but|what\s+about|how\s+about|and\s+if|what\s+if\s+instead|then|also|so|ok(?:ay)?|now)\b"
)
_FOLLOWUP_ANY = _rx(
    r"\b(?:in\s+that\s+case|that\s+case|same\s+(?:scenario|case|situation)|instead|then|that\s+scenario)\b"
    # "... can meet it?", "... that request": the request of an earlier question
    r"|\b(?:meet|handle|serve|satisfy|fulfil|fulfill)\s+(?:it|that|this|them)\b|\b(?:that|this|the\s+same)\s+request\b"
)
#: A short question with no subject of its own ("until when though?", "how much?", "who decides that?")
#: leans on the turn before: it has at most this many words, and a word pointing back or no subject word.
ELLIPTICAL_WORDS = 6
_POINTS_BACK = _rx(r"\b(?:that|this|it|its|they|them|those|these|there|then|though|the\s+same)\b")
_SUBJECT_WORD = _rx(
    r"\b(?:openai|microsoft|azure|agi|artificial|apis?|ip|rofr|refusal|stargate|revenue|rev|profits?|oracle|aws|amazon|"
    r"google|core\s?weave|softbank|partnership|deal|agreement|contract|clauses?|exclusiv\w*+|licen[cs]e|models?|cloud|"
    r"capacity|compute|panel|article|terms|amendment|statement|investment|stake)\b"
)
#: "ip access 2032?": a subject and a year with nothing between (a wh-word, an auxiliary or a
#: preposition makes it another question: "in 2032?", "is ip access 2032?").
_SUBJECT_YEAR = _rx(r"\s*+(?P<subject>[a-z][\w'’-]*+(?:\s++[a-z][\w'’-]*+){0,5}?)\s++(?:19|20)\d{2}\s*+[?.!]*+\s*+")
_NOT_A_SUBJECT_START = frozenset(
    "is are was were does do did will would can could should may might what when which who whom whose where why how "
    "if and but so what's whats".split()
)
_PREPOSITIONS = frozenset(
    "in by at on to of for after before from since until till through during around about past beyond into".split()
)
#: "the October 2025 agreement", "the January 2025 terms", "the 2025 restructuring": a document or a
#: terms version, not the time of a supposed event.
_VERSION_REF = _rx(
    r"\b(?:(?:\d{1,2}\s+)?" + MONTH_PATTERN + r"\s+)?(?P<year>(?:19|20)\d{2})(?:'s)?\s+"
    r"(?:definitive\s+|joint\s+)?(?:agreement|amendment|terms|deal|statement|contract|restructuring|"
    r"recapitali[sz]ation|announcement|memorandum|mou|investment|blog\s+post|post)\b"
)
#: "under the article's terms", "according to the article": a what-if to answer under the article's terms.
_ARTICLE_TERMS = _rx(
    r"\b(?:under|per|according\s+to|by|in)\s+(?:the|this)\s+(?:stargate\s+|source\s+)?article\b"
    r"|\bthe\s+article(?:'s|’s|s)?\s+(?:terms|deal|reading|version)\b"
)
#: "according to the article", "the article says": the question asks what a document says.
_DOCUMENT_REFERENCE = _rx(
    r"\b(?:according\s+to|per|in|from|as\s+(?:spelled\s+out|described|written|stated|reported)\s+in)\s+"
    r"(?:the|this)\s+(?:article|source|text|report|documents?|notes?)\b"
    r"|\bthe\s+article(?:'s)?\s+(?:say|says|said|state|states|call|calls|describe|describes|mention|mentions|"
    r"report|reports|claim|claims|hint|hints|suggest|suggests|give|gives|write|writes)\b"
    r"|\b(?:does|did)\s+the\s+article\b"
)
_EXPLICIT_WHATIF = _rx(
    r"^\s*(?:(?:and|but|so|ok(?:ay)?|now|well)[,\s]+)?(?:what\s+if|suppose|supposing|imagine|assume|assuming|hypothetically|"
    r"say|let(?:'|’)?s\s+(?:say|assume|imagine|pretend)|fast[-\s]?forward|in\s+a\s+world\s+where|pretend)\b"
)
#: Nicknames of the two companies, read as their names wherever the parser looks for them (the
#: question itself is kept as written): "the chatgpt folks", "oai" are OpenAI; "msft", "ms" Microsoft.
_COMPANY_NAMES: list[tuple[re.Pattern[str], str]] = [
    (
        _rx(
            r"\bthe\s+chat\s?gpt\s+(?:folks|maker|makers|company|people|guys|team|crew|lab|firm|outfit|"
            r"creators?|developers?|owners?|bunch)\b|\bchat\s?gpt(?:'|’)?s\s+(?:maker|makers|creators?|parent|owners?)\b"
            r"|\boai\b"
        ),
        "OpenAI",
    ),
    (_rx(r"\bmsft\b|\bms\b(?!\.)"), "Microsoft"),
]
_WH_START = _rx(r"^\s*(?:which|what|who|whom|whose|when|where|why|how)\b")
_DEFINITIONAL = _rx(
    r"^\s*(?:(?:and|but|so|then|also|ok(?:ay)?)[,\s]+)?"
    r"(?:how\s+(?:is|are|does|do)|what\s+(?:is|are|does|do|did|was|were)|who|define|explain|describe|why|tell\s+me)\b"
)
_PROFIT_WORDS = _rx(
    r"\b(?:profits?|profitable|earn(?:s|ed|ing)?|makes?|making|made|generates?|generated|rakes?\s+in|income|net\s+income|hits?|reach(?:es)?)\b"
)
_NOT_PROFIT_NEAR = _rx(
    r"\b(?:invest(?:s|ed|ment|ing)?|stake|commitment|valuation|valued|worth|spend(?:s|ing)?|contract(?:s|ed)?|revenue|"
    r"sales|funding|raise[sd]?|cap(?:ped)?|pays?|paid|deal)\b"
)

#: Money put into something (Stargate, an investment, a stake), which is not OpenAI's profit: a
#: question about it is a plain one unless it is about profit or AGI as well.
_INVESTMENT = _rx(
    r"\b(?:stargate|invest(?:s|ed|ing|ment|ments|ors?)?|fund(?:s|ed|ing)?|fundraising|put(?:s|ting)?\s+in(?:to)?|"
    r"commit(?:s|ted|ting|ment|ments)?|spend(?:s|ing)?|spent|costs?|costing|stake|valuation|valued|"
    r"rais(?:e|es|ed|ing)|capex|pledg(?:e|es|ed|ing)|going\s+into|pour(?:s|ed|ing)?\s+into|price\s+tag)\b"
)
_PROFIT_OR_AGI = _rx(r"\b(?:profits?|profitable|agi|artificial\s+general\s+intelligence|threshold)\b")


@dataclass(frozen=True)
class ParsedQuestion:
    """What the parser read in one question.

    Attributes:
        text: The question.
        facts: Stated facts as :class:`~assistant.whatif.engine.scenario.Scenario` field values.
        notes: How ambiguous pieces were read (``$`` as US dollars, "after 2030" as 2031), by the
            fact they concern (``profit``, ``event_date``, ``workload``).
        problems: Impossible values, each naming the value.
        focus: The outcomes the question asks about (empty when it names none).
        hypothetical: It supposes something ("what if", "if", "suppose", ...).
        followup: It refers back to an earlier question ("And the API in that case?"), or is a short
            question with no subject of its own ("until when though?", "how much profit is that?").
        definitional: It asks what something is or means rather than what would happen.
        inverse: The inverse query, if it is one.
        document_reference: It asks what a document says ("according to the article") or names a terms
            version by its date ("under the October 2025 agreement").
        explicit_whatif: It opens as a supposition ("What if", "Suppose", "Imagine").
        terms_hint: The terms version it names ("the October 2025 agreement" is ``2025-10``), if one exists.
        article_terms: It asks for the article's reading ("under the article's terms", "according to
            the article"): a what-if it puts is answered under the article's terms.
        about_investment: It is about money put in (Stargate, an investment, a stake, funding), not
            about profit or AGI.
        claim_check: It asks whether a claim is true ("heard the AGI clause got killed off — true?"),
            see :func:`~assistant.whatif.reading.claim_check.is_claim_check`.
        date_is_now: Its date is the present ("now", "today", "currently"), which supposes nothing.
        date_is_past: Its date is before today ("was the AGI clause dropped in April 2026?"): outside a
            supposition it asks what happened then, which the documents say.
    """

    text: str
    facts: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    focus: list[Outcome] = field(default_factory=list)
    hypothetical: bool = False
    followup: bool = False
    definitional: bool = False
    inverse: InverseQuery | None = None
    document_reference: bool = False
    explicit_whatif: bool = False
    terms_hint: str | None = None
    article_terms: bool = False
    about_investment: bool = False
    claim_check: bool = False
    date_is_now: bool = False
    date_is_past: bool = False

    @property
    def readings(self) -> list[str]:
        """Every note on how the question was read, in order."""
        return list(dict.fromkeys(n for notes in self.notes.values() for n in notes))

    @property
    def strong_facts(self) -> set[str]:
        """Facts that on their own make a question a scenario: profit, date, AGI, capacity."""
        return set(self.facts) & {
            "profit",
            "event_date",
            "agi_declared",
            "agi_verified_by_panel",
            "capacity_request",
            "microsoft_can_meet",
        }


def _money_facts(
    text: str, followup: bool, hypothetical: bool
) -> tuple[dict[str, Any], list[str], list[str], list[tuple[int, int]]]:
    facts: dict[str, Any] = {}
    readings: list[str] = []
    problems: list[str] = []
    mentions = find_money(text)
    spans = [(m.start, m.end) for m in mentions]
    profit_context = bool(_PROFIT_WORDS.search(text)) or followup or hypothetical
    for mention in mentions:
        window = text[max(0, mention.start - 35) : mention.end + 35]
        if _NOT_PROFIT_NEAR.search(window) and not re.search(r"\bprofits?\b", window, _I):
            readings.append(f"“{mention.text}” not read as profit (it is tied to something else)")
            continue
        if not profit_context:
            continue
        if mention.error:
            problems.append(
                f"The profit {mention.error.removeprefix('the amount ')}"
                if mention.error.startswith("the amount")
                else mention.error
            )
            continue
        if "profit" in facts:
            readings.append(f"“{mention.text}” also appears; the first amount is used as the profit")
            continue
        assert mention.amount is not None and mention.currency is not None  # a mention without an error has both
        facts["profit"] = Money(amount=mention.amount, currency=mention.currency)
        readings.extend(mention.notes)
    return facts, readings, problems, spans


def _elliptical(text: str) -> bool:
    """A short question with no subject of its own ("until when though?", "how much?", "who decides that?")."""
    if len(text.split()) > ELLIPTICAL_WORDS:
        return False
    return bool(_POINTS_BACK.search(text)) or not _SUBJECT_WORD.search(text)


def company_names(text: str) -> str:
    """``text`` with the companies' nicknames replaced by their names ("msft" by "Microsoft").

    Args:
        text: A question.

    Returns:
        The text the readers look at; the question shown back to people stays as they wrote it.
    """
    for pattern, name in _COMPANY_NAMES:
        text = pattern.sub(name, text)
    return text


def parse_question(text: str, today: datetime.date) -> ParsedQuestion:
    """Read a question into facts, focus and kind.

    Args:
        text: The question.
        today: What relative dates ("next year") are relative to.

    Returns:
        The parsed question; impossible values are listed in ``problems``.
    """
    written = " ".join(text.split())
    cleaned = company_names(written)
    hypothetical = _supposes(cleaned)
    followup = bool(_FOLLOWUP_START.search(cleaned) or _FOLLOWUP_ANY.search(cleaned)) or _elliptical(cleaned)
    facts, money_notes, problems, money_spans = _money_facts(cleaned, followup, hypothetical)
    version_refs = list(_VERSION_REF.finditer(cleaned))
    dated = _date_facts(cleaned, today, hypothetical, money_spans, version_refs)
    facts.update(dated.facts)
    problems.extend(dated.problems)
    facts.update(capacity_facts(cleaned))
    agi, agi_problems = agi_facts(cleaned)
    facts.update(agi)
    problems.extend(agi_problems)
    workload, workload_notes = workload_facts(cleaned)
    facts.update(workload)
    facts.update(provider_facts(cleaned))
    focus = asked_outcomes(cleaned)
    about_investment = bool(_INVESTMENT.search(cleaned)) and not _PROFIT_OR_AGI.search(cleaned)
    inverse = inverse_query(cleaned, focus)
    if inverse is not None and inverse.kind == "profit" and about_investment:
        inverse = None
    if inverse is not None:
        for name in ("event_date", "date_precision") if inverse.kind == "date" else ("profit",):
            facts.pop(name, None)
    return ParsedQuestion(
        text=written,
        facts=facts,
        notes={"profit": money_notes, "event_date": dated.notes, "workload": workload_notes},
        problems=list(dict.fromkeys(problems)),
        focus=focus,
        hypothetical=hypothetical,
        followup=followup,
        definitional=bool(_DEFINITIONAL.search(cleaned)),
        inverse=inverse,
        document_reference=bool(version_refs) or bool(_DOCUMENT_REFERENCE.search(cleaned)),
        explicit_whatif=bool(_EXPLICIT_WHATIF.search(cleaned)),
        terms_hint=_terms_hint(version_refs),
        article_terms=bool(_ARTICLE_TERMS.search(cleaned)),
        about_investment=about_investment,
        claim_check=is_claim_check(written),
        date_is_now=dated.now and "event_date" in facts,
        date_is_past=isinstance(facts.get("event_date"), datetime.date) and facts["event_date"] < today,
    )


_PRESENT = frozenset({"today", "now", "currently", "at present"})


@dataclass(frozen=True)
class _Dates:
    """What the dates of a question say.

    Attributes:
        facts: The event date and its precision.
        notes: How the dates were read.
        problems: Impossible dates, each named.
        now: The date used is the present ("now", "today"), which supposes nothing.
    """

    facts: dict[str, Any]
    notes: list[str]
    problems: list[str]
    now: bool = False


def _subject_then_year(text: str) -> bool:
    """A subject and a year, nothing else ("ip access 2032?"): it asks whether the subject runs to that year."""
    match = _SUBJECT_YEAR.fullmatch(text)
    if match is None:
        return False
    words = match.group("subject").lower().split()
    # "jan 2025?" is a date, not a subject and a year
    return not ({words[0], words[-1]} & _NOT_A_SUBJECT_START) and words[-1] not in _PREPOSITIONS | set(MONTH_NUMBERS)


def _date_facts(
    text: str,
    today: datetime.date,
    hypothetical: bool,
    money_spans: list[tuple[int, int]],
    version_refs: list[re.Match[str]],
) -> _Dates:
    """The event date (the first usable one), notes on how dates were read, and impossible dates.

    Amounts and references to a terms version ("the October 2025 agreement") are not dates of
    the supposed events, so they are blanked out first.
    """
    facts: dict[str, Any] = {}
    notes: list[str] = []
    dates = find_dates(blanked(text, money_spans + [m.span() for m in version_refs]), today)
    if not hypothetical and _WH_START.search(text):
        # "Which arrangements remain intact until 2030?": the year belongs to the fact asked about.
        dates = [d for d in dates if not re.match(r"(?:until|till|through)\b", d.text, _I)]
    if not hypothetical and _subject_then_year(text):
        dates = []  # "ip access 2032?": the year belongs to the fact asked about, too
    problems = [d.error[0].upper() + d.error[1:] for d in dates if d.error]
    # "Now, in 2031, is the API still exclusive?": a named date wins over the present
    usable = sorted((d for d in dates if d.error is None), key=lambda d: d.text.lower() in _PRESENT)
    if not usable:
        return _Dates(facts, notes, problems)
    chosen = usable[0]
    facts["event_date"] = chosen.date
    facts["date_precision"] = chosen.precision
    if chosen.reading:
        notes.append(chosen.reading)
    for other in usable[1:]:
        notes.append(f"“{other.text}” also appears; the date used is “{chosen.text}”")
    now = chosen.text.lower() in _PRESENT
    return _Dates(facts, notes, problems, now)


def _terms_hint(refs: list[re.Match[str]]) -> str | None:
    """The terms version a reference names by month and year, when the clause sheet has it."""
    from assistant.agreement.clauses import bundled_sheet

    versions = bundled_sheet().versions
    for ref in refs:
        if not ref.group("month"):
            continue
        month = MONTH_NUMBERS.get(ref.group("month").lower())
        key = f"{ref.group('year')}-{month:02d}" if month else None
        if key in versions:
            return key
    return None
