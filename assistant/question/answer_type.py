"""What kind of answer a question wants, from how it asks: "when" wants a date, "who" names, "is …?" a yes or no."""

from __future__ import annotations

import re

from assistant.question.model import AnswerType

_I = re.IGNORECASE
_LEAD = r"^\s*(?:(?:so|and|but|ok|okay|sorry|hey|hi|quick\s+q(?:uestion)?|also)\b[\s,:]*)*"
# How the question starts decides first.
_STARTS: list[tuple[AnswerType, re.Pattern[str]]] = [
    (
        "date",
        re.compile(
            _LEAD + r"(?:when|until\s+when|since\s+when|till\s+when|how\s+long|what\s+(?:date|year|day|month)"
            r"|how\s+many\s+(?:more\s+)?years"
            r"|(?:from|in|by|since|until|on)\s+(?:which|what)\s+(?:date|year|day|month))\b",
            _I,
        ),
    ),
    (
        "amount",
        re.compile(
            _LEAD + r"(?:how\s+much|how\s+many|how\s+big|how\s+large"
            r"|what\s+(?:percentage|percent|share\s+of|amount|proportion|portion|fraction|part\s+of|sum))\b",
            _I,
        ),
    ),
    ("place", re.compile(_LEAD + r"(?:where|which\s+(?:city|state|country|site|place|location))\b", _I)),
    # "is there an end date?", "does the deal ever end or is it forever?": asked as yes or no, answered by a date.
    (
        "date",
        re.compile(
            _LEAD
            + r"(?:(?:is|are)\s+there\s+(?:an?|any)\s+(?:end(?:\s+date)?|expiry|expiration|deadline|end\s+point)\b"
            r"|(?:does|do|will|is)\b[^?]{0,60}\b(?:ever\s+(?:end|expire|stop|run\s+out)|forever)\b"
            # "does the agreement have a termination date?"
            r"|(?:does|do|did)\b[^?]{0,40}\b(?:have|has)\s+(?:an?|any)\s+(?:termination|end|expiry|expiration"
            r"|sunset|cut-?off)\b)",
            _I,
        ),
    ),
    # "is there a cap?": asked as yes or no, answered by an amount.
    (
        "amount",
        re.compile(_LEAD + r"(?:is|are)\s+there\s+(?:an?|any)\s+(?:cap|ceiling|limit|threshold|price)\b", _I),
    ),
    (
        "names",
        re.compile(
            _LEAD + r"(?:who|whom|whose|which\s+(?:companies|company|firms?|partners?|parties|investors?|tech))\b", _I
        ),
    ),
    # "did ms get anything for giving up exclusivity?": asked as yes or no, answered by what was got.
    (
        "other",
        re.compile(
            _LEAD + r"(?:did|does|do|will|would|could|has|have)\b[^?]{0,40}?"
            r"\b(?:get|gets|got|receive|receives|received|gain|gains|gained)\s+(?:anything|something|much)\b",
            _I,
        ),
    ),
    (
        "yes_no",
        re.compile(
            _LEAD + r"(?:is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|may|must"
            r"|isn(?:'|’)t|aren(?:'|’)t|doesn(?:'|’)t|didn(?:'|’)t|can(?:'|’)t|won(?:'|’)t)\b",
            _I,
        ),
    ),
]
# Otherwise words anywhere in it.
_ANYWHERE: list[tuple[AnswerType, re.Pattern[str]]] = [
    (
        "date",
        re.compile(
            r"\b(?:until\s+when|since\s+when|expir\w*|expiry|end\s+date|deadline|how\s+long"
            r"|how\s+many\s+(?:more\s+)?(?:years|yrs|months)"
            # "stargate announced when exactly?": "when" closing the question
            r"|when(?=(?:\s+exactly)?\s*\?*\s*$)"
            # "contract length?", "term of the agreement?": how long it runs
            r"|(?:contract|deal|agreement|partnership)\s+(?:length|duration)"
            r"|(?:length|duration|term)\s+of\s+the\s+(?:contract|deal|agreement|partnership))\b",
            _I,
        ),
    ),
    # "stargate money?", "azure commitment size": an amount asked for in a word
    (
        "amount",
        re.compile(
            r"\b(?:how\s+much|how\s+many|worth|percent|percentage|stake|cap|money|cost|costs|budget"
            r"|size|valuation|figure|figures)\b|%",
            _I,
        ),
    ),
    ("definition", re.compile(r"\b(?:mean|means|meaning|stand\s+for|definition|define|defined|defines)\b", _I)),
    # "what's stargate's first site?", "stargate locations?": the place asked for in a word
    # "stargate is in which country?": the place asked for at the end
    (
        "place",
        re.compile(
            r"\bwhere\b|\b(?:site|sites|location|locations|located)\b"
            r"|\b(?:which|what)\s+(?:country|countries|city|cities|state|states|town|region)\b",
            _I,
        ),
    ),
    # "stargate partners list", "list of investors?": names asked for as a list
    (
        "names",
        re.compile(
            r"\b(?:who|whom|whose|list\s+of|(?:partners|investors|funders|backers|companies|firms|parties)"
            r"\s+(?:list|names)\b)",
            _I,
        ),
    ),
]
_PLACE = next(pattern for kind, pattern in _ANYWHERE if kind == "place")
#: Things that are amounts: "what's the X?" about one of them asks how much.
_MEASURED = re.compile(
    r"\b(?:revenue\s+share|threshold|commitment)(?:\s+(?:now|today|currently|these\s+days))?\s*\??\s*$", _I
)
_DEFINITION = re.compile(
    _LEAD + r"(?:what(?:'s|’s|s)?|what\s+is|what\s+are|what\s+was|explain|define)\s+"
    r"(?!happen\w*\b|chang\w*\b|new\b|did\b|does\b|do\b"
    r"|will\b|would\b|could\b|can\b|if\b|about\b"
    # "what's excluded from microsoft's ip rights?" asks what is left out, not what a word means
    r"|(?:(?:is|are)\s+)?(?:not\s+)?(?:excluded|included|covered|left\s+out|carved\s+out|exempt(?:ed)?)\b)"
    # "what's the article about?" asks what it says, not what an article is
    r"(?![^?]{0,80}\babout\s*\?*\s*$)",
    _I,
)
# "rofr still there?", "oracle deal allowed?", "true?": a statement asked as a question.
_STATEMENT_ASKED = re.compile(
    r"\b(?:allowed|true|right|legit|real|possible|ok|okay|dead|gone|over|there|exist|exists|in\s+force|on)\s*\?+\s*$"
    r"|\bstill\b[^?]{0,60}\?\s*$"
    # "so oai is one now?", "msft is out now?": a statement with a verb, asked about the present
    r"|\b(?:is|are|was|were|has|have)\b[^?]{0,40}\b(?:now|anymore|any\s+more)\s*\?+\s*$",
    _I,
)


#: "is it in AUD or USD?", "azure or oracle?": a choice between two things, not a yes or no ("… or not?" is one).
_EITHER_OR = re.compile(
    r"\bor\s+(?!not\b|no\b|what\b|something\b|anything\b)[\w$.%-]+(?:\s+[\w$.%-]+){0,2}\s*\?*\s*$", _I
)


def answer_type(read: str) -> AnswerType:
    """The kind of answer ``read`` (a question in the documents' words) wants."""
    for kind, pattern in _STARTS:
        if pattern.search(read):
            if kind == "yes_no" and _EITHER_OR.search(read):
                return "other"
            return kind
    if _DEFINITION.search(read):
        for kind, pattern in _ANYWHERE[:2]:  # "what's msft's stake worth" wants the amount
            if pattern.search(read):
                return kind
        if _PLACE.search(read):  # "what's stargate's first site?" wants the place
            return "place"
        if _MEASURED.search(read):  # "what's the revenue share?" wants the percentage, not a definition
            return "amount"
        return "definition"
    if _STATEMENT_ASKED.search(read):
        return "yes_no"
    for kind, pattern in _ANYWHERE:
        if pattern.search(read):
            return kind
    return "other"
