"""The facts a question states besides money and dates: the capacity request, AGI, the workload, the provider.

Each reader takes the cleaned question and returns the facts it found as
:class:`~assistant.whatif.engine.scenario.Scenario` field values (a question that says both that
AGI is declared and that it is not gets a problem instead).
"""

from __future__ import annotations

import re
from typing import Any

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_NOT = r"(?:can(?:'|’)?t|cannot|can\s+not|could(?:n(?:'|’)?t|\s+not)|unable\s+to|fails?\s+to|does(?:n(?:'|’)?t|\s+not)|"
_NOT += r"is(?:n(?:'|’)?t|\s+not)\s+able\s+to|won(?:'|’)?t|will\s+not|is\s+unable\s+to|no\s+longer\s+can)"
_CANNOT_MEET = [
    _rx(
        _NOT + r"\s+(?:meet|keep\s+up|satisfy|fulfil|fulfill|handle|provide|supply|serve|accommodate|deliver|cover|"
        r"host|take\s+(?:it|that|this|them|the|on)|support|absorb|fit)"
    ),
    # "can't give openai enough compute", "can't find the capacity"
    _rx(
        _NOT + r"\s+(?:give|offer|find|get|build|sell|provide|supply)\b[^.?!]{0,25}?"
        r"\b(?:enough|sufficient|more|the|its|their)\s+(?:compute|capacity|gpus?|chips|data\s*cent(?:re|er)s?)\b"
    ),
    _rx(r"\b(?:is|are|gets?|got|becomes?|became|runs?)\s+(?:completely\s+|totally\s+|already\s+)?full\b"),
    _rx(r"\bout\s+of\s+(?:capacity|compute|room|space|gpus?|chips)\b"),
    # ("stargate runs out of money" is about money, not capacity)
    _rx(r"\b(?:runs?|ran|running)\s+(?:out|dry)\b(?!\s+of\s+(?:money|cash|funds?|funding|budget|steam))"),
    # "azure is maxed out", "has no room (left)", "is tapped out"
    _rx(r"\bmax(?:es|ed|ing)?\s+out\b|\bmaxed\b|\b(?:tapped|sold|booked)\s+out\b|\b(?:overloaded|oversubscribed)\b"),
    _rx(r"\b(?:has|have|had|there(?:'|’)?s|there\s+is|with)\s+no\s+(?:more\s+)?(?:room|space|headroom|spare\s+room)\b"),
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
#: "post-AGI models", "pre-AGI technology": a kind of model, not a supposition about AGI.
_AGI_AS_A_KIND = (
    r"(?![-\s]+(?:models?|tech(?:nology)?|ip|products?|systems?|era|world|research|capabilit(?:y|ies)|work)\b)"
)
#: "AGI actually arrives", "AGI is here", "AGI shows up", "AGI happens": AGI reached, as people say it.
_ARRIVES = (
    r"(?:arrives?|arrived|arriving|shows?\s+up|showed\s+up|turns?\s+up|happens?|happened|(?:comes?|came)(?!\s+(?:up|from|into|about|with|under|across|before|after))|"
    r"lands?|landed|emerges?|emerged|is\s+here|gets\s+here|is\s+real)"
)
_AGI_ARRIVES = _rx(
    r"\bagi\s+(?:actually\s+|finally\s+|really\s+|eventually\s+|suddenly\s+|ever\s+)?" + _ARRIVES + r"\b"
)
_AGI_NEVER_ARRIVES = _rx(
    r"\bagi\s+(?:(?:does|did|is|has|was)n(?:'|’)?t|(?:does|did|is|has|was|will)\s+not|won(?:'|’)?t|never)\s+"
    r"(?:yet\s+|actually\s+|ever\s+|really\s+)?(?:arrive[sd]?|show(?:s|ed)?\s+up|turn(?:s|ed)?\s+up|happen(?:s|ed)?|comes?|came|"
    r"land(?:s|ed)?|emerge[sd]?|here|gets?\s+here|real)\b"
)
#: "openai says yes", "openai claims it's agi": OpenAI declares AGI.
_AGI_CLAIMED = _rx(
    r"\b(?:openai|they|the\s+company)\s+(?:says?|said|claims?|claimed|insists?|insisted|decides?|decided)\s+"
    r"(?:yes|(?:that\s+)?(?:it(?:'|’)?s|it\s+is|it\s+has|they(?:'|’)?ve|they\s+have)\s+(?:reached\s+|achieved\s+|hit\s+)?agi)\b"
)
_AGI_NO = [
    _rx(r"\b(?:without|before|no|pre-?)\s*agi\b" + _AGI_AS_A_KIND),
    _AGI_NEVER_ARRIVES,
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
    # not "post-AGI": the sources' name for models made after AGI ("does msft keep the models post agi?")
    _rx(r"\b(?:after|once|with)\s*agi\b" + _AGI_AS_A_KIND),
    _rx(r"\bagi\s+(?:is\s+)?(?:declared|reached)\b"),
    _AGI_ARRIVES,
    _AGI_CLAIMED,
]
_PANEL = r"(?:(?:independent\s+)?(?:expert\s+)?panel|experts)"
_VERIFY = r"(?:verif(?:y|ies|ied|ying)|confirm(?:s|ed|ing)?|validat(?:e|es|ed|ing)|certif(?:y|ies|ied|ying))"
#: "the expert panel says no (agi)": the panel's verdict, read before what the question supposes about a declaration.
_PANEL_SAYS_NO = _rx(
    r"\b" + _PANEL + r"\b.{0,30}?\b(?:says?|said|rules?|ruled|finds?|found|decides?|decided|votes?|voted)\s+"
    r"(?:no|not|against(?:\s+it)?|it(?:'|’)?s\s+not(?:\s+agi)?|it\s+is\s+not(?:\s+agi)?)\b(?:\s+(?:to\s+)?agi\b)?"
)
_PANEL_SAYS_YES = _rx(
    r"\b" + _PANEL + r"\b.{0,30}?\b(?:says?|said|rules?|ruled|finds?|found|agrees?|agreed|votes?|voted)\s+"
    r"(?:yes|it(?:'|’)?s\s+agi|it\s+is\s+agi)\b"
)
_VERIFIED_NO = [
    _PANEL_SAYS_NO,
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
    _PANEL_SAYS_YES,
    # "AGI is verified": in the clause sheets only the expert panel verifies a declaration
    _rx(
        r"\bagi\b.{0,25}?\b(?:is|was|gets|got|has\s+been|be|been|being)\s+(?:officially\s+|formally\s+|independently\s+)?(?:verified|certified|validated)\b"
    ),
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
_AZURE_FAILS = _rx(
    r"\b(?:azure|microsoft(?:'|’)?s\s+cloud)\s+(?=(?:(?:just|simply|completely|totally|already|still|really)\s+)?"
    r"(?:" + _NOT + r"|is\s+full|gets\s+full|runs?\s+(?:out|dry)|ran\s+(?:out|dry)|(?:is|gets)\s+maxed|maxes|"
    r"has\s+no\s+room))"
)
_MEET_PRONOUN = _rx(r"\b(?:meet|handle|serve|satisfy|fulfil|fulfill)\s+(?:it|that|this|them)\b")
#: "Is AGI reached ...?", "who decides when AGI has been reached": a question about AGI, not a supposition.
_AGI_ASKED = _rx(
    r"(?:^|[.?!:;,]\s*|\bthen\s+)(?:is|has|was|will|would|does|did|could|can)\s+(?:agi|artificial\s+general\s+intelligence)\s+"
    r"(?:be\s+|been\s+|have\s+been\s+|already\s+)?(?:reached|declared|achieved|attained|triggered)\b"
    r"|\b(?:decides?|determines?|knows?|judges?|says?|rules?|confirms?|certif(?:y|ies)|verif(?:y|ies)|who)\s+"
    r"(?:when|whether|if)\s+(?:agi|artificial\s+general\s+intelligence)\b[^?.!]{0,30}"
)
_NEGATION_INSIDE = re.compile(r"\bnot\b|n(?:'|’)t\b|\bnever\b", _I)
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n(?:'|’)t|\bnever|\bfails?\s+to|\bno)\s*$", _I)


def _affirmed(patterns: list[re.Pattern[str]], text: str) -> bool:
    """Whether a pattern matches somewhere not directly negated ("reach AGI", not "doesn't reach AGI")."""
    return any(
        not _NEGATED_BEFORE.search(text[max(0, m.start() - 20) : m.start()]) and not _NEGATION_INSIDE.search(m.group(0))
        for pattern in patterns
        for m in pattern.finditer(text)
    )


def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of each span replaced by spaces (offsets are kept)."""
    chars = list(text)
    for start, end in spans:
        for index in range(start, end):
            chars[index] = " "
    return "".join(chars)


def capacity_facts(text: str) -> dict[str, Any]:
    """Whether there is a new capacity request, and whether Microsoft can meet it."""
    if _NO_REQUEST.search(text):
        return {"capacity_request": False}
    if _any(_CANNOT_MEET, text):
        return {"capacity_request": True, "microsoft_can_meet": False}
    if _any(_CAN_MEET, text) and (
        re.search(r"\b(?:request|capacity|compute|demand|need)", text, _I) or _MEET_PRONOUN.search(text)
    ):
        return {"capacity_request": True, "microsoft_can_meet": True}
    if _REQUEST.search(text):
        return {"capacity_request": True}
    return {}


def agi_facts(text: str) -> tuple[dict[str, Any], list[str]]:
    """Whether AGI is declared and whether the expert panel verified it, and any contradiction.

    A question *about* AGI ("Is AGI reached if …?") supposes nothing about it: those words are
    left out before reading what the question supposes.
    """
    facts: dict[str, Any] = {}
    problems: list[str] = []
    asked = [m.span() for m in _AGI_ASKED.finditer(text)]
    # "the panel says no agi" is the panel's verdict, not a supposition that AGI was not declared
    supposed = blanked(text, asked + [m.span() for m in _PANEL_SAYS_NO.finditer(text)])
    said_not = _any(_AGI_NO[1:], supposed)
    said_yes = _affirmed([_AGI_YES[0], _AGI_YES[1], _AGI_YES[3], _AGI_ARRIVES, _AGI_CLAIMED], supposed)
    if said_not and said_yes:
        problems.append("The question says both that AGI is declared and that it is not; ask about one at a time")
    elif _any(_AGI_NO, supposed):
        facts["agi_declared"] = False
    elif _any(_AGI_YES, supposed):
        facts["agi_declared"] = True
    if _any(_VERIFIED_NO, text):
        facts["agi_verified_by_panel"] = False
    elif _any(_VERIFIED_YES, text):
        facts["agi_verified_by_panel"] = True
        if facts.get("agi_declared") is not False:
            facts["agi_declared"] = True  # the panel verifies a declaration
    return facts, problems


def workload_facts(text: str) -> tuple[dict[str, Any], list[str]]:
    """The workload (the first one named) and a note naming the others."""
    workloads = [(m.start(), name) for name, pattern in _WORKLOADS if (m := pattern.search(text))]
    if not workloads:
        return {}, []
    workloads.sort()
    notes = []
    if len(workloads) > 1:
        others = ", ".join(name for _, name in workloads[1:])
        notes.append(f"the question also names {others}; evaluated for the {workloads[0][1]} workload")
    return {"workload": workloads[0][1]}, notes


def provider_facts(text: str) -> dict[str, Any]:
    """The cloud provider: the first one named other than Azure, else Azure when it is named.

    Azure that cannot meet a request ("what if azure can't keep up — can openai go elsewhere?") is
    the cloud that fails, not the one the work goes to.
    """
    text = blanked(text, [m.span() for m in _AZURE_FAILS.finditer(text)])
    providers = [(m.start(), name) for name, pattern in _PROVIDERS if (m := pattern.search(text))]
    non_azure = sorted(p for p in providers if p[1] != "azure")
    if non_azure:
        return {"provider": non_azure[0][1]}
    if providers:
        return {"provider": "azure"}
    return {}
