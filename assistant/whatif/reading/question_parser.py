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
from typing import Any, Literal

from assistant.agreement.money import Money
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.whatif.reading.dates_text import MONTH_NUMBERS, MONTH_PATTERN, find_dates
from assistant.whatif.reading.money_text import find_money

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_NOT = r"(?:can(?:'|’)?t|cannot|can\s+not|could(?:n(?:'|’)?t|\s+not)|unable\s+to|fails?\s+to|does(?:n(?:'|’)?t|\s+not)|"
_NOT += r"is(?:n(?:'|’)?t|\s+not)\s+able\s+to|won(?:'|’)?t|will\s+not|is\s+unable\s+to|no\s+longer\s+can)"
_CANNOT_MEET = [
    _rx(_NOT + r"\s+(?:meet|keep\s+up|satisfy|fulfil|fulfill|handle|provide|supply|serve|accommodate|deliver)"),
    _rx(r"\b(?:is|are|gets?|got|becomes?|became|runs?)\s+(?:completely\s+|totally\s+|already\s+)?full\b"),
    _rx(r"\bout\s+of\s+(?:capacity|compute|room|gpus?)\b"),
    _rx(r"\bruns?\s+out\b"),
    _rx(r"\b(?:no|not\s+enough|insufficient|lacks?|lacking)\s+(?:spare\s+|free\s+)?(?:capacity|compute)\b"),
    _rx(r"\bcapacity\s+(?:crunch|shortage|constraints?)\b"),
    _rx(
        r"\b(?:does(?:n(?:'|’)?t|\s+not)|do(?:n(?:'|’)?t|\s+not))\s+have\s+(?:enough|sufficient|spare|the)\s+(?:capacity|compute)\b"
    ),
]
_CAN_MEET = [
    _rx(
        r"\b(?:can|could|is\s+able\s+to|does|will|manages?\s+to)\s+(?:still\s+|easily\s+|fully\s+)?(?:meet|keep\s+up|satisfy|handle|fulfil|fulfill|serve)\b"
    ),
    _rx(r"\bhas\s+(?:enough|spare|sufficient|the)\s+(?:capacity|compute)\b"),
    _rx(r"\bmeets\s+(?:the|a|this|that|it)\b"),
]
_NO_REQUEST = _rx(
    r"\bno\s+(?:new\s+)?(?:capacity\s+)?requests?\b|\bwithout\s+(?:a\s+)?(?:new\s+)?(?:capacity\s+)?request\b"
)
_REQUEST = _rx(
    r"\b(?:new|fresh|additional|more|extra)\s+(?:capacity|compute|cloud|data\s*cent(?:re|er)s?)\b"
    r"|\bcapacity\s+(?:request|need|needs|requirement)s?\b|\brequests?\s+(?:more|new|additional)\b"
    r"|\bneeds?\s+more\s+(?:capacity|compute)\b"
)
_AGI_NO = [
    _rx(r"\b(?:without|before|no|pre-?)\s*agi\b"),
    _rx(
        r"\bagi\b.{0,25}?\b(?:is\s+not|isn(?:'|’)?t|has\s+not\s+been|hasn(?:'|’)?t\s+been|was\s+not|wasn(?:'|’)?t|never|not)\s+(?:yet\s+)?(?:declared|reached|achieved|attained)\b"
    ),
    _rx(
        r"\b(?:doesn(?:'|’)?t|does\s+not|never|fails?\s+to|didn(?:'|’)?t|did\s+not|won(?:'|’)?t|will\s+not)\s+(?:declare|reach|achieve|attain|hit)\s+agi\b"
    ),
]
_AGI_YES = [
    _rx(
        r"\bagi\b.{0,25}?\b(?:is|was|gets|got|has\s+been|have\s+been|be|been)\s+(?:officially\s+|formally\s+)?(?:declared|reached|achieved|attained|announced)\b"
    ),
    _rx(
        r"\b(?:declares?|declared|declaring|reach(?:es|ed)?|achieves?|achieved|attains?|attained|hits?|announces?)\s+(?:the\s+)?(?:artificial\s+general\s+intelligence|agi)\b"
    ),
    _rx(r"\b(?:after|once|post-?|with)\s*agi\b"),
    _rx(r"\bagi\s+(?:is\s+)?(?:declared|reached)\b"),
]
_PANEL = r"(?:(?:independent\s+)?(?:expert\s+)?panel|experts)"
_VERIFY = r"(?:verif(?:y|ies|ied|ying)|confirm(?:s|ed|ing)?|validat(?:e|es|ed|ing)|certif(?:y|ies|ied|ying))"
_VERIFIED_NO = [
    _rx(
        r"\b" + _PANEL + r"\b.{0,40}?\b(?:does(?:n(?:'|’)?t|\s+not)|did(?:n(?:'|’)?t|\s+not)|won(?:'|’)?t|will\s+not|"
        r"has(?:n(?:'|’)?t|\s+not)|refuses?\s+to|fails?\s+to|declines?\s+to|never)\s+(?:yet\s+)?" + _VERIFY
    ),
    _rx(r"\b" + _PANEL + r"\b.{0,30}?\b(?:rejects?|rejected|disputes?|disputed|overturns?)\b"),
    _rx(r"\b(?:without|before|no|pending)\s+(?:any\s+|a\s+)?(?:panel\s+|expert\s+)?(?:verification|confirmation)\b"),
    _rx(r"\b(?:agi|declaration)\b.{0,30}?\b(?:not|never|yet\s+to\s+be)\s+(?:been\s+)?" + _VERIFY + r"\b"),
    _rx(r"\bunverified\b"),
]
_VERIFIED_YES = [
    _rx(r"\b" + _PANEL + r"\b.{0,40}?\b" + _VERIFY + r"\b"),
    _rx(r"\b" + _VERIFY + r"\s+by\s+(?:an?\s+|the\s+)?" + _PANEL + r"\b"),
    _rx(r"\b(?:panel|expert)[-\s]verified\b"),
]
_WORKLOADS: list[tuple[str, re.Pattern[str]]] = [
    ("api", _rx(r"\bapis?\b")),
    ("training", _rx(r"\btrain(?:ing|s)?\b")),
    ("research", _rx(r"\bresearch\b")),
    ("product", _rx(r"\bproducts?\b|\bchatgpt\b")),
]
_PROVIDERS: list[tuple[str, re.Pattern[str]]] = [
    ("azure", _rx(r"\bazure\b|\bmicrosoft(?:'|’)?s\s+cloud\b")),
    ("oracle", _rx(r"\boracle\b|\boci\b")),
    ("aws", _rx(r"\baws\b|\bamazon\b")),
    ("google", _rx(r"\bgoogle\b|\bgcp\b")),
    ("coreweave", _rx(r"\bcore\s?weave\b")),
    ("other", _rx(r"\b(?:lambda\s+labs|nebius|crusoe|ibm\s+cloud|alibaba\s+cloud|tencent\s+cloud)\b")),
]
_FOCUS: list[tuple[Outcome, re.Pattern[str]]] = [
    (
        "agi_reached",
        _rx(
            r"\b(?:counts?\s+as|considered|count\s+as|be)\s+agi\b|\bagi\s+(?:reached|triggered|clause|threshold)\b"
            r"|\btrigger(?:s|ed)?\s+(?:the\s+)?agi\b|\bis\s+(?:it\s+|that\s+)?agi\b|\bagi\s+(?:be\s+)?reached\b"
            r"|\b(?:does\s+)?agi\s+counts?\b"
        ),
    ),
    (
        "microsoft_ip_access",
        _rx(
            r"\bip\b|intellectual\s+property|\baccess\s+to\s+(?:its|openai(?:'|’)?s|the|their)\s+(?:technology|tech|models?|ip)"
            r"|\b(?:keep|keeps|lose|loses|retain|retains)\s+(?:its\s+)?access\b|\blicen[cs]e\b"
        ),
    ),
    ("api_exclusive_to_azure", _rx(r"\bexclusiv|\bthe\s+api\b|\bapi\s+(?:still\s+)?(?:only|exclusive)")),
    ("revenue_sharing", _rx(r"\brevenue[-\s]shar|\bshare\s+(?:of\s+)?revenue|\brevenue\s+share")),
    ("microsoft_first_refusal", _rx(r"first\s+refusal|\brofr\b|first\s+crack|first\s+dibs")),
    (
        "openai_may_use_other_cloud",
        _rx(
            r"\b(?:go|goes|move|moves|switch|switches|turn|take|takes|use|uses|run|runs|host|build|buy)\b.{0,40}?"
            r"\b(?:oracle|aws|amazon|google|core\s?weave|another|other|elsewhere|different|third)\b"
            r"|\belsewhere\b|\bother\s+(?:clouds?|providers?)\b|\banother\s+(?:cloud|provider)\b"
        ),
    ),
]
_HYPOTHETICAL = _rx(
    r"\b(?:what\s+if|if|suppose|supposing|assume|assuming|imagine|hypothetically|in\s+case|in\s+the\s+event|"
    r"were\s+to|would|let(?:'|’)?s\s+say|say\s+that|scenario)\b"
)
_FOLLOWUP_START = _rx(
    r"^\s*(?:and|but|what\s+about|how\s+about|and\s+if|what\s+if\s+instead|then|also|so|ok(?:ay)?|now)\b"
)
_FOLLOWUP_ANY = _rx(
    r"\b(?:in\s+that\s+case|that\s+case|same\s+(?:scenario|case|situation)|instead|then|that\s+scenario)\b"
    # "... can meet it?", "... that request": the request of an earlier question
    r"|\b(?:meet|handle|serve|satisfy|fulfil|fulfill)\s+(?:it|that|this|them)\b|\b(?:that|this|the\s+same)\s+request\b"
)
_MEET_PRONOUN = _rx(r"\b(?:meet|handle|serve|satisfy|fulfil|fulfill)\s+(?:it|that|this|them)\b")
#: "the October 2025 agreement", "the January 2025 terms", "the 2025 restructuring": a document or a
#: terms version, not the time of a supposed event.
_VERSION_REF = _rx(
    r"\b(?:(?:\d{1,2}\s+)?" + MONTH_PATTERN + r"\s+)?(?P<year>(?:19|20)\d{2})(?:'s)?\s+"
    r"(?:definitive\s+|joint\s+)?(?:agreement|amendment|terms|deal|statement|contract|restructuring|"
    r"recapitali[sz]ation|announcement|memorandum|mou|investment|blog\s+post|post)\b"
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
    r"^\s*(?:(?:and|but|so)\s+)?(?:what\s+if|suppose|supposing|imagine|assume|assuming|hypothetically)\b"
)
#: "Is AGI reached ...?", "who decides when AGI has been reached": a question about AGI, not a supposition.
_AGI_ASKED = _rx(
    r"(?:^|[.?!:;,]\s*|\bthen\s+)(?:is|has|was|will|would|does|did|could|can)\s+(?:agi|artificial\s+general\s+intelligence)\s+"
    r"(?:be\s+|been\s+|have\s+been\s+|already\s+)?(?:reached|declared|achieved|attained|triggered)\b"
    r"|\b(?:decides?|determines?|knows?|judges?|says?|rules?|confirms?|certif(?:y|ies)|verif(?:y|ies)|who)\s+"
    r"(?:when|whether|if)\s+(?:agi|artificial\s+general\s+intelligence)\b[^?.!]{0,30}"
)
#: "On what date was the ROFR removed?": a question about a past event, for retrieval.
_PAST_EVENT = _rx(
    r"^\s*(?:(?:on|in|at|by)\s+)?(?:what|which)\s+(?:date|day|year|month)\s+(?:was|were|did|had)\b"
    r"|\bwhen\s+(?:was|were|did|had)\b"
)
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
_INVERSE_PROFIT = _rx(
    r"\b(?:lowest|minimum|smallest|least|min)\b.{0,30}?\b(?:profits?|amount|figure|earnings)\b"
    r"|\bhow\s+(?:much|big|large)\s+(?:a\s+)?(?:profits?|money|earnings)\b|\bat\s+what\s+(?:profit|amount|level)\b"
    r"|\bwhat\s+(?:level\s+of\s+)?profits?\s+(?:would|triggers?|is\s+needed|does\s+it\s+take|ends?)\b"
)
_INVERSE_DATE = _rx(
    r"\b(?:from|in|at|by|after|until|till|through|on)\s+(?:which|what)\s+(?:year|date|day|point)\b"
    r"|\bwhen\s+(?:does|do|will|would|is|are)\b|\b(?:which|what)\s+year\b|\bhow\s+long\s+(?:does|do|will|is|are)\b"
    r"|\buntil\s+when\b"
)
_INVERSE_UNTIL = _rx(r"\b(?:until|till|through|how\s+long|last|lasts)\b")

#: When a question's focus is a right, the inverse search looks for its end; for the freedom
#: to use another cloud, for its start.
INVERSE_TARGET: dict[Outcome, bool] = {
    "agi_reached": True,
    "microsoft_ip_access": False,
    "api_exclusive_to_azure": False,
    "revenue_sharing": False,
    "microsoft_first_refusal": False,
    "openai_may_use_other_cloud": True,
}


@dataclass(frozen=True)
class InverseQuery:
    """An inverse question: the lowest profit or the first date at which an outcome turns.

    Attributes:
        kind: ``profit`` or ``date``.
        outcome: The outcome whose change is sought.
        target: The value it changes to.
        until: The question asks how long the current value lasts (report the last day before).
    """

    kind: Literal["profit", "date"]
    outcome: Outcome
    target: bool
    until: bool = False


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
        followup: It refers back to an earlier question ("And the API in that case?").
        definitional: It asks what something is or means rather than what would happen.
        inverse: The inverse query, if it is one.
        document_reference: It asks what a document says ("according to the article") or names a terms
            version by its date ("under the October 2025 agreement").
        explicit_whatif: It opens as a supposition ("What if", "Suppose", "Imagine").
        terms_hint: The terms version it names ("the October 2025 agreement" is ``2025-10``), if one exists.
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


def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            chars[index] = " "
    return "".join(chars)


def _ask_part(text: str) -> str:
    """The part of a conditional question that asks (after its condition), else the whole."""
    if not re.match(
        r"^\s*(?:what\s+if|if|suppose|supposing|assuming|imagine|after|before|by|in|from|once|should)\b", text, _I
    ):
        return text
    cut = max(text.rfind(":"), text.rfind(","), text.lower().rfind(" then "))
    return text[cut + 1 :] if cut >= 0 else text


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
            readings.append(f"“{mention.text}” is not read as profit (the question ties it to something else)")
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
        facts["profit"] = Money(amount=mention.amount, currency=mention.currency)
        readings.extend(mention.notes)
    return facts, readings, problems, spans


_NEGATION_INSIDE = re.compile(r"\bnot\b|n(?:'|’)t\b|\bnever\b", _I)
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n(?:'|’)t|\bnever|\bfails?\s+to|\bno)\s*$", _I)


def _affirmed(patterns: list[re.Pattern[str]], text: str) -> bool:
    """Whether a pattern matches somewhere not directly negated ("reach AGI", not "doesn't reach AGI")."""
    return any(
        not _NEGATED_BEFORE.search(text[max(0, m.start() - 20) : m.start()]) and not _NEGATION_INSIDE.search(m.group(0))
        for pattern in patterns
        for m in pattern.finditer(text)
    )


def parse_question(text: str, today: datetime.date) -> ParsedQuestion:
    """Read a question into facts, focus and kind.

    Args:
        text: The question.
        today: What relative dates ("next year") are relative to.

    Returns:
        The parsed question; impossible values are listed in ``problems``.
    """
    cleaned = " ".join(text.split())
    hypothetical = bool(_HYPOTHETICAL.search(cleaned))
    followup = bool(_FOLLOWUP_START.search(cleaned) or _FOLLOWUP_ANY.search(cleaned))
    facts, money_notes, problems, money_spans = _money_facts(cleaned, followup, hypothetical)
    date_notes: list[str] = []
    workload_notes: list[str] = []

    version_refs = list(_VERSION_REF.finditer(cleaned))
    terms_hint = _terms_hint(version_refs)
    dates = find_dates(_blank(cleaned, money_spans + [m.span() for m in version_refs]), today)
    if not hypothetical and _WH_START.search(cleaned):
        # "Which arrangements remain intact until 2030?": the year belongs to the fact asked about.
        dates = [d for d in dates if not re.match(r"(?:until|till|through)\b", d.text, _I)]
    usable = [d for d in dates if d.error is None]
    problems.extend(d.error[0].upper() + d.error[1:] for d in dates if d.error)
    if usable:
        chosen = usable[0]
        facts["event_date"] = chosen.date
        facts["date_precision"] = chosen.precision
        if chosen.reading:
            date_notes.append(chosen.reading)
        for other in usable[1:]:
            date_notes.append(f"“{other.text}” also appears; the date used is “{chosen.text}”")

    if _NO_REQUEST.search(cleaned):
        facts["capacity_request"] = False
    elif _any(_CANNOT_MEET, cleaned):
        facts.update(capacity_request=True, microsoft_can_meet=False)
    elif _any(_CAN_MEET, cleaned) and (
        re.search(r"\b(?:request|capacity|compute|demand|need)", cleaned, _I) or _MEET_PRONOUN.search(cleaned)
    ):
        facts.update(capacity_request=True, microsoft_can_meet=True)
    elif _REQUEST.search(cleaned):
        facts["capacity_request"] = True

    supposed = _blank(cleaned, [m.span() for m in _AGI_ASKED.finditer(cleaned)])
    said_not = _any(_AGI_NO[1:], supposed)
    said_yes = _affirmed([_AGI_YES[0], _AGI_YES[1], _AGI_YES[3]], supposed)
    if said_not and said_yes:
        problems.append("The question says both that AGI is declared and that it is not; ask about one at a time")
    elif _any(_AGI_NO, supposed):
        facts["agi_declared"] = False
    elif _any(_AGI_YES, supposed):
        facts["agi_declared"] = True
    if _any(_VERIFIED_NO, cleaned):
        facts["agi_verified_by_panel"] = False
    elif _any(_VERIFIED_YES, cleaned):
        facts["agi_verified_by_panel"] = True
        if facts.get("agi_declared") is not False:
            facts["agi_declared"] = True  # the panel verifies a declaration

    workloads = [(m.start(), name) for name, pattern in _WORKLOADS if (m := pattern.search(cleaned))]
    if workloads:
        workloads.sort()
        facts["workload"] = workloads[0][1]
        if len(workloads) > 1:
            others = ", ".join(name for _, name in workloads[1:])
            workload_notes.append(f"the question also names {others}; evaluated for the {workloads[0][1]} workload")
    providers = [(m.start(), name) for name, pattern in _PROVIDERS if (m := pattern.search(cleaned))]
    non_azure = sorted(p for p in providers if p[1] != "azure")
    if non_azure:
        facts["provider"] = non_azure[0][1]
    elif providers:
        facts["provider"] = "azure"

    ask = _ask_part(cleaned)
    focus = [outcome for outcome, pattern in _FOCUS if pattern.search(ask)]
    if not focus and ask is not cleaned:
        focus = [outcome for outcome, pattern in _FOCUS if pattern.search(cleaned)]
    inverse = None if _PAST_EVENT.search(cleaned) else _inverse(cleaned, focus)
    if inverse is not None:
        for name in ("event_date", "date_precision") if inverse.kind == "date" else ("profit",):
            facts.pop(name, None)
    return ParsedQuestion(
        text=cleaned,
        facts=facts,
        notes={"profit": money_notes, "event_date": date_notes, "workload": workload_notes},
        problems=list(dict.fromkeys(problems)),
        focus=[o for o in OUTCOMES if o in focus],
        hypothetical=hypothetical,
        followup=followup,
        definitional=bool(_DEFINITIONAL.search(cleaned)),
        inverse=inverse,
        document_reference=bool(version_refs) or bool(_DOCUMENT_REFERENCE.search(cleaned)),
        explicit_whatif=bool(_EXPLICIT_WHATIF.search(cleaned)),
        terms_hint=terms_hint,
    )


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


def _inverse(text: str, focus: list[Outcome]) -> InverseQuery | None:
    if _INVERSE_PROFIT.search(text):
        outcome: Outcome = next((o for o in focus if o != "agi_reached"), "agi_reached")
        if "agi_reached" in focus or re.search(r"\bagi\b", text, _I):
            outcome = "agi_reached"
        return InverseQuery("profit", outcome, INVERSE_TARGET[outcome])
    if _INVERSE_DATE.search(text):
        dated = [o for o in focus if o != "agi_reached"]
        if not dated:
            return None
        outcome = dated[0]
        target = INVERSE_TARGET[outcome]
        if outcome == "openai_may_use_other_cloud" and re.search(r"\b(?:no\s+longer|not|stop|stops|cease)\b", text, _I):
            target = False
        return InverseQuery("date", outcome, target, until=bool(_INVERSE_UNTIL.search(text)))
    return None
