"""Questions that ask whether a claim someone heard is true ("heard the AGI clause got killed off — true?").

Such a question reports a contested claim and asks for a check: it supposes nothing, so it is not a
what-if, and the answer should start with what the sources say about the claim (where they
disagree, the disagreement first). :func:`is_claim_check` tells them apart; the router sends them
to retrieval, and the answering side can use it to put the disagreement first.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_TRUE = r"(?:true|correct|right|accurate|real|legit|so|the\s+case|a\s+fact)"
_FALSE = (
    r"(?:fake\s+news|false|wrong|untrue|made\s+up|a\s+myth|(?:just\s+)?a\s+rumou?r|(?:just\s+)?(?:hype|spin|speculation)|"
    r"bs|bull\w*+|nonsense|misinformation|fake|outdated|old\s+news)"
)
#: The forms of a claim check, as data: each pattern alone makes a question one.
CLAIM_CHECK_PATTERNS: list[re.Pattern[str]] = [
    # "… — true?", "…, right?", "… — is that right?", "… - that's correct?"
    _rx(
        r"[-—–,:;.]\s*+(?:is\s+(?:that|this|it)\s+|that(?:'|’)?s\s+|it(?:'|’)?s\s+)?(?:really\s+)?"
        + _TRUE
        + r"(?:\s+or\s+(?:not|false|no))?\s*+[?!.]*+\s*+$"
    ),
    # "is it true that …", "is it correct that …"
    _rx(r"\bis\s+it\s+(?:really\s+|actually\s+)?(?:true|correct|accurate|the\s+case|a\s+fact)\s+that\b"),
    # "is that true?", "is this real?", "was that true?"
    _rx(r"\b(?:is|was)\s+(?:that|this)\s+(?:really\s+|actually\s+)?(?:true|correct|accurate|real|legit|right)\b"),
    # "… or is that fake news?", "… or is it a myth?"
    _rx(r"\bor\s+(?:is|was)\s+(?:that|this|it)\s+(?:just\s+|all\s+)?" + _FALSE + r"\b"),
    _rx(
        r"\bfake\s+news\b|\btrue\s+or\s+false\b|\bfact[-\s]?check|\bdebunk|\b(?:myth|rumou?r)\s+or\s+(?:fact|true|real)\b"
    ),
    # "heard the agi clause got killed off …", "I read that …", "I've seen reports that …" (not "I read the article")
    _rx(
        r"^\s*+(?:(?:so|ok(?:ay)?|hey|also|and|but)[,\s]++)?(?:i(?:'|’)?ve\s+|i\s+have\s+|i\s+|we(?:'|’)?ve\s+|we\s+)?"
        r"(?:heard|read|saw|seen)\b(?!\s+(?:the|this|your)\s+(?:article|source|text|documents?|notes?|timeline)\b)"
    ),
    _rx(
        r"\b(?:i|we)\s+(?:(?:have|'ve|’ve)\s+)?(?:heard|read|saw|seen)\s+(?:somewhere|online|on\s+\w++|in\s+the\s+news|"
        r"(?:some\s+)?(?:people|reports?|claims?|rumou?rs?|headlines?|posts?|tweets?)|that)\b"
    ),
    # "someone told me …", "people are saying …", "rumour has it …", "apparently …"
    _rx(
        r"^\s*+(?:someone|somebody|people|everyone|a\s+friend|my\s+\w++|they)\s+(?:told\s+me|tells\s+me|says?|said|"
        r"are\s+saying|claims?|claimed)\b|\bsome(?:one|body)\s+told\s+me\b|\brumou?r\s+has\s+it\b|\bword\s+is\b"
        r"|^\s*+apparently\b"
    ),
]
#: A question that opens as a supposition ("what if …, true that …?") supposes; it reports no claim.
_SUPPOSES = _rx(
    r"^\s*+(?:(?:and|but|so|ok(?:ay)?)[,\s]++)?(?:what\s+if|suppose|supposing|imagine|assume|assuming|hypothetically|"
    r"let(?:'|’)?s\s+say|in\s+a\s+world\s+where)\b"
)


def is_claim_check(text: str) -> bool:
    """Whether a question asks if a claim is true rather than what the agreement says or would do.

    Args:
        text: The question as the person wrote it.

    Returns:
        ``True`` for "heard the agi clause got killed off in 2026 — true?", "is it true that …",
        "I read that … — right?", "… or is that fake news?"; ``False`` for questions that open as a
        supposition ("what if …") and for plain questions.
    """
    cleaned = " ".join(text.split())
    if not cleaned or _SUPPOSES.search(cleaned):
        return False
    return any(pattern.search(cleaned) for pattern in CLAIM_CHECK_PATTERNS)
