"""What a question asks about: the outcomes it names, and whether it asks for a turning point.

An *inverse* question asks for the lowest profit or the first date at which an outcome turns
("What is the lowest profit that would trigger the AGI clause?", "From which year is the API no
longer exclusive?"); a question about a past event ("On what date was the ROFR removed?") is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.agreement.outcomes import OUTCOMES, Outcome

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


#: "have to use Azure", "locked into Azure", "only runs on Microsoft": the question asks whether OpenAI is bound to
#: Azure, the freedom to use another cloud the other way round.
BOUND_TO_AZURE = (
    r"\b(?:have|has|had|need|needs|required|obliged)\s+to\s+(?:use|run\s+on|stay\s+(?:on|with)|stick\s+(?:to|with)|buy\s+from)"
    r"\s+(?:microsoft(?:'|’)?s?\s+)?(?:azure|microsoft)\b"
    # "have to run everything on azure", "need to host all its models on azure"
    r"|\b(?:have|has|had|need|needs|required|obliged)\s+to\s+(?:run|host|put|keep|train|build)\b[^.?!]{0,25}?"
    r"\bon\s+(?:microsoft(?:'|’)?s?\s+)?azure\b"
    r"|\b(?:stuck|locked|tied)\s+(?:in\s*to|to|with|on)\s+(?:microsoft(?:'|’)?s?\s+)?(?:azure|microsoft)\b"
    r"|\bonly\s+(?:run|runs|use|uses|host(?:ed)?|on)\s+(?:on\s+)?(?:microsoft|azure)\b|\bazure[-\s]only\b"
)

_FOCUS: list[tuple[Outcome, re.Pattern[str]]] = [
    (
        "agi_reached",
        _rx(
            r"\b(?:counts?\s+as|considered|count\s+as|be)\s+agi\b|\bagi\s+(?:reached|triggered|clause|threshold)\b"
            r"|\btrigger(?:s|ed)?\s+(?:the\s+)?agi\b|\bis\s+(?:it\s+|that\s+)?agi\b|\bagi\s+(?:be\s+)?reached\b"
            r"|\b(?:does\s+)?agi\s+counts?\b|\bagi\s+(?:territory|level|status|material|or\s+not)\b|\bagi[-\s]level\b"
            r"|\bqualif(?:y|ies)\s+(?:as|for)\s+agi\b"
        ),
    ),
    (
        "microsoft_ip_access",
        _rx(
            r"\bip\b|intellectual\s+property|\baccess\s+to\s+(?:its|openai(?:'|’)?s|the|their)\s+(?:technology|tech|models?|ip)"
            r"|\b(?:keep|keeps|lose|loses|retain|retains)\s+(?:its\s+)?access\b|\blicen[cs]e\b"
            # "does microsoft still get the models", "cut microsoft off"
            r"|\b(?:get|gets|getting|keep|keeps|lose|loses|retain|retains|have|has)\s+(?:the\s+|its\s+|their\s+|"
            r"openai(?:'|’)?s\s+)?(?:models?|tech(?:nology)?)\b|\bcuts?\s+(?:microsoft|them|it)\s+off\b|\bcuts?\s+off\s+microsoft\b"
            # "does microsoft still have rights to openai models", "can microsoft use our models in copilot"
            r"|\brights?\s+to\s+(?:the\s+|its\s+|their\s+|our\s+|openai(?:'|’)?s\s+)?(?:openai\s+)?(?:models?|tech(?:nology)?)\b"
            r"|\buse\s+(?:the\s+|its\s+|their\s+|our\s+|openai(?:'|’)?s\s+)?(?:openai\s+|gpt\s+)?models?\b"
        ),
    ),
    ("api_exclusive_to_azure", _rx(r"\bexclusiv|\bthe\s+api\b|\bapi\s+(?:still\s+)?(?:only|exclusive)")),
    (
        "revenue_sharing",
        # "does msft get a cut?": a share of OpenAI's revenue
        _rx(
            r"\brevenue[-\s]shar|\bshare\s+(?:of\s+)?revenue|\brevenue\s+share"
            r"|\b(?:get|gets|getting|keep|keeps|take|takes|still\s+get)\s+(?:a|its|their|any)\s+cut\b"
            r"(?!\s+of\s+(?!openai|oai|its|their|the\s+(?:revenue|profits?|sales|money)|revenue|profits?|sales))"
        ),
    ),
    (
        "microsoft_first_refusal",
        _rx(
            r"first\s+refusal|\brofr\b|first\s+crack|first\s+dibs"
            # "does openai still need microsoft's ok for compute?": Microsoft's say over new capacity
            r"|\b(?:approv\w*|permission|sign[-\s]?off|green[-\s]?light|blessing|say[-\s]?so|ok|okay)\b.{0,30}?"
            r"\b(?:compute|capacity|data\s?cent(?:er|re)s?)\b"
            # "does openai have to ask microsoft before adding capacity?"
            r"|\bask(?:s|ing)?\s+(?:microsoft|msft|ms)\b.{0,30}?\b(?:compute|capacity|data\s?cent(?:er|re)s?)\b"
        ),
    ),
    (
        "openai_may_use_other_cloud",
        _rx(
            r"\b(?:go|goes|move|moves|switch|switches|turn|take|takes|use|uses|run|runs|host|build|buy|sign|signs|signed|"
            r"want|wants|choose|chooses|pick|picks|add|adds|try|tries|get|gets|rent|rents|source|sources|"
            r"sell|sells|offer|offers|serve|serves|deploy|deploys|ship|ships|launch|launches|release|releases|list|put|"
            r"signing|deal|deals|contracts?|partners?|partnering|teams?\s+up)\b.{0,40}?"
            r"\b(?:oracle|aws|amazon|google|core\s?weave|another|other|elsewhere|different|third)\b"
            r"|\belsewhere\b|\bother\s+(?:clouds?|providers?)\b|\banother\s+(?:cloud|provider)\b"
            # "oracle deal allowed?", "is the aws contract ok?", "are we allowed to ship stuff on google cloud?"
            r"|\b(?:oracle|aws|amazon|google|core\s?weave)\b.{0,30}?\b(?:allowed|permitted|ok|okay|fine|legal"
            # "oracle deal needed msft approval?"
            r"|approv\w*|permission|sign[-\s]?off|blessing|consent)\b"
            r"|\b(?:allowed|permitted|free)\s+to\b.{0,40}?\b(?:oracle|aws|amazon|google|core\s?weave|other\s+clouds?)\b"
            # "does openai still have to use azure?", "locked into azure?": bound to Azure, asked the other way
            rf"|{BOUND_TO_AZURE}"
        ),
    ),
]
#: The AGI clause itself ("was the AGI clause dropped?"), as against AGI being reached.
#: The clause itself, or the expert panel of its process, whose survival the sources dispute alike.
_NAMES_A_CLAUSE = _rx(r"\b(?:clause|trigger|provision|(?:expert|independent|agi)\s+panel)\b")


def names_a_clause(text: str) -> bool:
    """Whether a question names a clause itself ("the AGI clause", "the trigger"), not the event it is about."""
    return _NAMES_A_CLAUSE.search(text) is not None


#: "On what date was the ROFR removed?": a question about a past event, for retrieval.
_PAST_EVENT = _rx(
    r"^\s*(?:(?:on|in|at|by)\s+)?(?:what|which)\s+(?:date|day|year|month)\s+(?:was|were|did|had)\b"
    r"|\bwhen\s+(?:was|were|did|had)\b"
)
_INVERSE_PROFIT = _rx(
    r"\b(?:lowest|minimum|smallest|least|min)\b.{0,30}?\b(?:profits?|amount|figure|earnings)\b"
    r"|\bat\s+what\s+(?:profit|amount|level)\b"
    r"|\bwhat\s+(?:level\s+of\s+)?profits?\s+(?:would|triggers?|is\s+needed|does\s+it\s+take|ends?)\b"
)
#: "How much money …?" asks for the profit threshold only when it is about earning it or about AGI
#: ("how much money does openai need to make for agi?"), not about money put in ("… going into Stargate?").
_HOW_MUCH_MONEY = _rx(r"\bhow\s+(?:much|big|large)\s+(?:a\s+)?(?:profits?|money|earnings)\b")
_EARNING_OR_AGI = _rx(
    r"\b(?:profits?|profitable|earn(?:s|ed|ing|ings)?|make|makes|making|generates?|generating|rakes?\s+in|income|"
    r"agi|artificial\s+general\s+intelligence|threshold|trigger(?:s|ed)?)\b"
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


def _ask_part(text: str) -> str:
    """The part of a conditional question that asks (after its condition), else the whole."""
    if not re.match(
        r"^\s*(?:what\s+if|if|suppose|supposing|assuming|imagine|after|before|by|in|from|once|should)\b", text, _I
    ):
        return text
    cut = max(text.rfind(":"), text.rfind(","), text.lower().rfind(" then "))
    return text[cut + 1 :] if cut >= 0 else text


def asked_outcomes(text: str) -> list[Outcome]:
    """The outcomes the question asks about, in the fixed order; those of its asking part first.

    In a conditional question ("If …, does Microsoft keep its IP access?") only the part after the
    condition is looked at, unless it names none.
    """
    ask = _ask_part(text)
    focus = [outcome for outcome, pattern in _FOCUS if pattern.search(ask)]
    if not focus and ask is not text:
        focus = [outcome for outcome, pattern in _FOCUS if pattern.search(text)]
    return [o for o in OUTCOMES if o in focus]


def inverse_query(text: str, focus: list[Outcome]) -> InverseQuery | None:
    """The inverse query the question asks, if it asks one (a question about a past event does not)."""
    return None if _PAST_EVENT.search(text) else _inverse(text, focus)


def _inverse(text: str, focus: list[Outcome]) -> InverseQuery | None:
    if _INVERSE_PROFIT.search(text) or (_HOW_MUCH_MONEY.search(text) and _EARNING_OR_AGI.search(text)):
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
        until = bool(_INVERSE_UNTIL.search(text))
        if outcome == "openai_may_use_other_cloud" and (
            until or re.search(r"\b(?:no\s+longer|not|stop|stops|cease)\b", text, _I)
        ):
            target = False  # "until when may OpenAI use other clouds?": when the freedom ends
        return InverseQuery("date", outcome, target, until=until)
    return None


#: What AGI being declared would change, asked with no outcome named ("what happens to the deal if agi is
#: declared?"): Microsoft's rights and payments, not whether AGI is reached, which the question supposes.
AGI_CONSEQUENCES: tuple[Outcome, ...] = ("microsoft_ip_access", "revenue_sharing", "api_exclusive_to_azure")


#: The rights that run to a year (the licence through 2032, revenue sharing until 2030): what a supposition
#: asking how long the deal lasts ("what if agi never happens, does the deal go on forever?") asks about.
TERMS_WITH_AN_END: tuple[Outcome, ...] = ("microsoft_ip_access", "revenue_sharing")
_ASKS_DURATION = _rx(
    r"\b(?:forever|for\s+ever|indefinitely|expire[sd]?|expiry|how\s+long|until\s+when|till\s+when"
    r"|go(?:es)?\s+on|run\s+out|last|lasts|terminat\w*)\b"
)


def implied_focus(facts: dict[str, object], question: str = "") -> list[Outcome]:
    """The outcomes a supposition asks about when it names none: the consequences of what it supposes.

    "what if microsoft can't give openai enough compute?" asks whether OpenAI may go elsewhere; "what happens
    if agi gets declared?" asks what that changes for Microsoft. A supposition of other facts (a profit, a
    date alone, the panel's verification) asks about every outcome: none are implied.

    A supposition that asks how long the deal lasts asks about the rights that end in a given year.

    Args:
        facts: The scenario's facts (:class:`~assistant.whatif.engine.scenario.Scenario` fields).
        question: The question, for whether it asks how long the deal lasts.
    """
    if question and _ASKS_DURATION.search(question):
        return list(TERMS_WITH_AN_END)
    if facts.get("microsoft_can_meet") is False:
        return ["openai_may_use_other_cloud"]
    if facts.get("agi_declared") is True and facts.get("profit") is None and facts.get("agi_verified_by_panel") is None:
        # (one that names the panel's verification asks about the AGI process, whose survival is contested)
        return list(AGI_CONSEQUENCES)
    return []
