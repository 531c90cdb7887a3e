"""Who pays whom: the direction of a payment between the parties that a text states or asks about.

"does microsoft still pay openai for anything?" asks about Microsoft paying OpenAI, which "OpenAI keeps
paying Microsoft the same revenue-share percentage" does not answer, and "Microsoft stops paying a revenue
share to OpenAI" does. The payer is the party named last before the word for paying; the payee the party
named first after it, within a few words. Paid the other way ("Microsoft gets paid by OpenAI") is read
the other way; paid by no one named says no direction.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PARTY = re.compile(r"\b(Microsoft|OpenAI)\b", re.IGNORECASE)
_PAYING = re.compile(r"\b(?:pay|pays|paid|paying)\b", re.IGNORECASE)
#: "does msft get paid if openai goes public?": paid, not paying; the payer is whoever it is paid by.
_PASSIVE = re.compile(r"\b(?:get|gets|got|getting|is|are|was|were|be|been|being)\s+$", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+(?:the\s+)?(Microsoft|OpenAI)\b", re.IGNORECASE)
#: How far from the word for paying a party may be named, before or after it (characters).
_REACH = 60


@lru_cache(maxsize=4096)
def payment(text: str) -> tuple[str, str] | None:
    """``(payer, payee)`` of the first payment between the parties that ``text`` states, if any.

    Args:
        text: A question (after shorthand: "msft" is "Microsoft") or a sentence.

    Returns:
        The parties' names as the documents write them ("Microsoft", "OpenAI"), or ``None`` when no party
        is named on both sides of a word for paying ("who pays whom?", "revenue-share payments").
    """
    parties = [(m.start(), m.end(), _canonical(m.group(1))) for m in _PARTY.finditer(text)]
    for paying in _PAYING.finditer(text):
        by = _BY.match(text[paying.end() : paying.end() + _REACH])
        if by or _PASSIVE.search(text[max(0, paying.start() - 10) : paying.start()]):
            payee = [p for p in parties if p[1] <= paying.start() and paying.start() - p[1] <= _REACH]
            if by and payee and _canonical(by.group(1)) != payee[-1][2]:
                return _canonical(by.group(1)), payee[-1][2]
            continue
        before = [p for p in parties if p[1] <= paying.start() and paying.start() - p[1] <= _REACH]
        after = [p for p in parties if p[0] >= paying.end() and p[0] - paying.end() <= _REACH]
        if before and after and before[-1][2] != after[0][2]:
            return before[-1][2], after[0][2]
    return None


def _canonical(name: str) -> str:
    return "Microsoft" if name.lower() == "microsoft" else "OpenAI"


def reversed_payment(question: str, sentence: str) -> bool:
    """Whether ``sentence`` states a payment the other way round from the one ``question`` asks about."""
    asked, stated = payment(question), payment(sentence)
    return asked is not None and stated is not None and stated == asked[::-1]


def same_payment(question: str, sentence: str) -> bool:
    """Whether ``sentence`` states the payment ``question`` asks about, payer and payee alike."""
    asked = payment(question)
    return asked is not None and payment(sentence) == asked
