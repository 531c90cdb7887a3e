"""Reading amounts of money written the way people write them.

Forms understood: ``$150 billion``, ``US$20bn``, ``A$170 billion``, ``AUD 120 billion``,
``AUD$100 billion``, ``250bn usd``, ``1.5 trillion``, ``100,000,000,000``, ``150 billion dollars``,
``€5bn``. A bare ``$`` or ``dollars`` is read as US dollars, and an amount without any
currency too; both readings are reported as notes so the user sees them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from assistant.agreement.money import BOUND_DIGITS, amount_problem, tidy, too_large, too_small
from assistant.user_text import echo

SCALE_POWERS = {
    "trillion": 12,
    "tn": 12,
    "billion": 9,
    "bn": 9,
    "b": 9,
    "million": 6,
    "mn": 6,
    "m": 6,
    "thousand": 3,
    "k": 3,
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

# The number is matched atomically (``(?>…)``) and never starts inside a run of digits: with
# backtracking into the digits, the look-ahead that refuses version-like numbers ("1.1.1") was
# rescanned on every step, cubic in the number's length.
_MONEY_RE = re.compile(
    r"""
    (?P<sign>(?<![\w.])[-−–]\s*|\bminus\s+|\bnegative\s+)?
    (?P<pre>(?<![A-Za-z])(?:u\.s\.\s?\$|us\s?\$|usd\s?\$|au\s?\$|aud\s?\$|a\s?\$|(?:usd|aud|eur|gbp)(?![A-Za-z]))\s*
           |\$\s*|€\s*|£\s*)?
    (?P<num>(?:(?<![\w.])[-−])?(?<![\d,.])(?>\d{1,3}(?:,\d{3})++(?!\d)|\d++)(?>\.\d++)?
            (?P<power>e[+-]?\d++|\s?(?:\^|\*\*)\s?[+-]?\d++)?(?![\d,]*+\.\d)
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
        return "USD", (f"“{written}” read as US dollars",)
    return "USD", (f"no currency given for “{written}”: read as US dollars",)


#: Longest amount repeated back as written; a longer one is cut (the amount itself is read whole).
SHOWN_CHARS = 60


def _number(num: str, written: str) -> Decimal | str:
    """The number ``num`` as written (``1,500``, ``1.5e3``, ``10^12``), or why it cannot be used.

    Exponents are checked before any arithmetic, so ``1e999999`` is refused by size instead of
    overflowing the decimal context, and ``10^400`` is read as ten to the 400th, never as 400.
    """
    text = num.replace(",", "").replace("−", "-").replace(" ", "")
    base_text, power_text = text, "0"
    for operator in ("**", "^"):
        if operator in text:
            base_text, power_text = text.split(operator)
            break
    try:
        base = Decimal(base_text)
        power = int(power_text)
    except (InvalidOperation, ValueError):
        return f"“{written}” is not a number"
    if not base.is_finite():
        return f"the amount “{written}” is not a finite number"
    if power_text != "0":
        if base < 0 or base != base.to_integral_value():
            return f"“{written}”: write powers as a whole number to a whole power, such as 10^12"
        if base > 1 and power * math.log10(base) > BOUND_DIGITS:
            return too_large(written)
        if power < 0:
            return f"“{written}”: a negative power is not an amount of profit"
        return base**power
    return base


def _scaled(amount: Decimal, scale: str | None, written: str) -> Decimal | str:
    """``amount`` times its scale word, or why it is out of bounds (checked before multiplying)."""
    exponent = SCALE_POWERS[scale.lower()] if scale else 0
    if amount and amount.adjusted() + exponent > BOUND_DIGITS:
        return too_large(written)
    if amount and amount.adjusted() + exponent < -2:
        return too_small(written)
    return amount.scaleb(exponent)


def _mention(match: re.Match[str], *, whole_text: bool = False) -> MoneyMention | None:
    """The amount ``match`` found, or ``None`` for a small bare number (a year, a day, a count).

    Args:
        match: A match of the money pattern.
        whole_text: The match is the whole text (:func:`parse_money_text`), so even a small bare
            number is an amount; it is then read as it is (it has no scale word), and a negative one
            is only called negative.
    """
    pre, num, scale, post, sign = (match.group(k) for k in ("pre", "num", "scale", "post", "sign"))
    written = echo(match.group(0).strip(), SHOWN_CHARS)  # as it is shown back in messages
    bare = not (pre or scale or post or match.group("power"))
    digits = re.sub(r"\D", "", num.split(".")[0])
    small = bare and not ("," in num or len(digits) >= 7)
    if small and not whole_text:
        return None
    start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
    end = match.end() - (len(match.group(0)) - len(match.group(0).rstrip()))

    def problem(reason: str) -> MoneyMention:
        return MoneyMention(start, end, written, None, None, (), reason)

    try:
        currency, notes = _currency(pre, post, written)
    except MoneyTextError as exc:
        return problem(str(exc))
    number = _number(num, written)
    if isinstance(number, str):
        return problem(number)
    if sign or number < 0:
        return problem(f"the amount “{written}” is negative" + ("" if small else "; profit here must be zero or more"))
    amount = number if small else _scaled(number, scale, written)
    if isinstance(amount, str):
        return problem(amount)
    reason = amount_problem(amount, written)
    if reason:
        return problem(reason)
    return MoneyMention(start, end, written, tidy(amount), currency, notes, None)


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
    mention = None if match is None else _mention(match, whole_text=True)
    if mention is None:
        raise MoneyTextError(f"“{stripped}” is not an amount of money (try “US$150B” or “AUD 120 billion”)")
    if mention.error:
        raise MoneyTextError(mention.error)
    assert mention.amount is not None and mention.currency is not None
    return mention.amount, mention.currency, mention.notes
