"""Reading amounts of money written the way people write them.

Forms understood: ``$150 billion``, ``US$20bn``, ``A$170 billion``, ``AUD 120 billion``,
``AUD$100 billion``, ``250bn usd``, ``1.5 trillion``, ``100,000,000,000``, ``150 billion dollars``,
``€5bn``. A bare ``$`` or ``dollars`` is read as US dollars, and an amount without any
currency too; both readings are reported as notes so the user sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

_SCALES = {
    "trillion": Decimal(10) ** 12,
    "tn": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "b": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mn": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
}

_PREFIXES = {
    "us$": "USD",
    "u.s.$": "USD",
    "usd$": "USD",
    "usd": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "aud$": "AUD",
    "aud": "AUD",
    "$": None,
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
}

_SUFFIXES = {
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "australian dollars": "AUD",
    "aussie dollars": "AUD",
    "dollars": None,
    "usd": "USD",
    "aud": "AUD",
    "eur": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
}

_MONEY_RE = re.compile(
    r"""
    (?P<sign>(?<![\w.])[-−–]\s*|\bminus\s+|\bnegative\s+)?
    (?P<pre>(?<![A-Za-z])(?:u\.s\.\s?\$|us\s?\$|usd\s?\$|au\s?\$|aud\s?\$|a\s?\$|(?:usd|aud|eur|gbp)(?![A-Za-z]))\s*
           |\$\s*|€\s*|£\s*)?
    (?P<num>(?:(?<![\w.])[-−])?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?(?![\d,]*\.\d)
           |(?<![A-Za-z])(?:infinity|inf|nan)(?![A-Za-z]))
    (?:\s*(?P<scale>trillion|billion|million|thousand|tn|bn|mn|b|m|k)(?![A-Za-z]))?
    (?:\s*(?P<post>u\.s\.\s?dollars|us\s?dollars|american\s+dollars|australian\s+dollars|aussie\s+dollars
                  |dollars|usd|aud|euros?|eur|gbp|pounds)(?![A-Za-z]))?
    """,
    re.IGNORECASE | re.VERBOSE,
)


class MoneyTextError(ValueError):
    """An amount that cannot be used: negative, not finite, or with contradictory currencies."""


@dataclass(frozen=True)
class MoneyMention:
    """One amount found in a text.

    Attributes:
        start: Offset of the first character of the mention.
        end: Offset just past the mention.
        text: The mention as written.
        amount: The amount in units of the currency (``None`` when unusable).
        currency: ISO code (``None`` when unusable).
        notes: How the amount was read, when a choice was made (e.g. ``$`` read as US dollars).
        error: Why the amount cannot be used, naming it; ``None`` when it can.
    """

    start: int
    end: int
    text: str
    amount: Decimal | None
    currency: str | None
    notes: tuple[str, ...] = field(default=())
    error: str | None = None


def _normal(token: str) -> str:
    return re.sub(r"\s+", "", token.lower()).replace("dollars", " dollars").strip()


def _currency(pre: str | None, post: str | None, written: str) -> tuple[str, tuple[str, ...]]:
    pre_code = _PREFIXES.get(_normal(pre)) if pre else None
    post_key = re.sub(r"\s+", " ", post.lower()).strip() if post else None
    post_code = _SUFFIXES.get(post_key) if post_key else None
    if post_key and post_key not in _SUFFIXES:
        post_code = _SUFFIXES.get(post_key.replace(" ", ""))
    if pre_code and post_code and pre_code != post_code:
        raise MoneyTextError(f"“{written}” names two currencies ({pre_code} and {post_code})")
    code = pre_code or post_code
    if code:
        return code, ()
    if pre or post:
        return "USD", (f"read “{written}” as US dollars (a bare “$” or “dollars” is taken as USD)",)
    return "USD", (f"no currency given for “{written}”: read as US dollars",)


MAX_AMOUNT = Decimal(10) ** 18


def _mention(match: re.Match[str]) -> MoneyMention | None:
    pre, num, scale, post, sign = (match.group(k) for k in ("pre", "num", "scale", "post", "sign"))
    written = match.group(0).strip()
    bare = not (pre or scale or post)
    digits = re.sub(r"\D", "", num.split(".")[0].split("e")[0].split("E")[0])
    if bare and not ("," in num or len(digits) >= 7):
        return None  # a small bare number (a year, a day, a count) is not money
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    end = match.end() - (len(match.group(0)) - len(match.group(0).rstrip()))

    def problem(reason: str) -> MoneyMention:
        return MoneyMention(start, end, written, None, None, (), reason)

    try:
        currency, notes = _currency(pre, post, written)
    except MoneyTextError as exc:
        return problem(str(exc))
    number_text = num.replace(",", "").replace("−", "-")
    try:
        amount = Decimal(number_text)
    except InvalidOperation:
        return problem(f"“{written}” is not a number")
    if not amount.is_finite():
        return problem(f"the amount “{written}” is not a finite number")
    if scale:
        amount *= _SCALES[scale.lower()]
    if sign or amount < 0:
        return problem(f"the amount “{written}” is negative; profit here must be zero or more")
    if amount > MAX_AMOUNT:
        return problem(f"the amount “{written}” is too large to evaluate (more than 10^18, a billion billion)")
    if amount == amount.to_integral_value():
        amount = amount.quantize(Decimal(1))
    return MoneyMention(start, end, written, amount, currency, notes, None)


def find_money(text: str) -> list[MoneyMention]:
    """Find every amount of money in ``text``, in order.

    Args:
        text: A question or a fragment of one.

    Returns:
        The mentions found; an unusable one carries an ``error`` naming it.
    """
    found = []
    for match in _MONEY_RE.finditer(text):
        mention = _mention(match)
        if mention is not None:
            found.append(mention)
    return found


def parse_money_text(text: str) -> tuple[Decimal, str, tuple[str, ...]]:
    """Read a string that is exactly one amount, such as ``"US$150B"``.

    Args:
        text: The amount as written.

    Returns:
        The amount, its ISO currency code and notes on how it was read.

    Raises:
        MoneyTextError: When the text is not exactly one usable amount; the message names it.
    """
    stripped = text.strip()
    match = _MONEY_RE.fullmatch(stripped)
    mention = None
    if match is not None:
        mention = _mention(match)
        if mention is None and match.group("num"):
            # A whole string that is only a number is an amount, however short.
            loose = _mention_loose(match)
            mention = loose
    if mention is None:
        raise MoneyTextError(f"“{stripped}” is not an amount of money (try “US$150B” or “AUD 120 billion”)")
    if mention.error:
        raise MoneyTextError(mention.error)
    assert mention.amount is not None and mention.currency is not None
    return mention.amount, mention.currency, mention.notes


def _mention_loose(match: re.Match[str]) -> MoneyMention | None:
    written = match.group(0).strip()
    try:
        amount = Decimal(match.group("num").replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return MoneyMention(0, len(written), written, None, None, (), f"the amount “{written}” is not a finite number")
    if match.group("sign") or amount < 0:
        return MoneyMention(0, len(written), written, None, None, (), f"the amount “{written}” is negative")
    return MoneyMention(
        0, len(written), written, amount, "USD", (f"no currency given for “{written}”: read as US dollars",)
    )
