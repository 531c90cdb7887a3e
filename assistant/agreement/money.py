"""Money as a Decimal amount with an ISO 4217 currency, and explicit exchange rates.

Amounts in different currencies never compare silently: :meth:`Money.compare` and the
ordering operators raise :class:`CurrencyMismatchError` unless a rate is handed in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.agreement.plain_words import plain

CURRENCY_SYMBOLS = {"USD": "US$", "AUD": "A$", "EUR": "€", "GBP": "£"}
#: Amounts of profit the evaluator accepts: zero, or from a cent up to 10^15 (a million billion,
#: beyond any plausible profit). Anything outside is refused with a message naming it, so no
#: arithmetic or rendering ever meets an absurd number.
BOUND_DIGITS = 15
LARGEST_AMOUNT = Decimal(10) ** BOUND_DIGITS
SMALLEST_AMOUNT = Decimal("0.01")


def too_large(written: str) -> str:
    """The message for an amount over :data:`LARGEST_AMOUNT`, naming it as written."""
    return f"the amount “{written}” is too large to be a profit (more than 10^15, a million billion)"


def amount_problem(amount: Decimal, written: str) -> str | None:
    """Why ``amount`` cannot be a profit to evaluate, naming it as ``written``; ``None`` when it can."""
    if not amount.is_finite():
        return f"the amount “{written}” is not a finite number"
    if amount < 0:
        return f"the amount “{written}” is negative; profit here must be zero or more"
    if amount > LARGEST_AMOUNT:
        return too_large(written)
    if 0 < amount < SMALLEST_AMOUNT:
        return too_small(written)
    return None


def too_small(written: str) -> str:
    """The message for a positive amount under :data:`SMALLEST_AMOUNT`, naming it as written."""
    return f"the amount “{written}” is less than a cent; give the profit in cents or more"


class CurrencyMismatchError(TypeError):
    """Two amounts in different currencies were compared without a stated exchange rate."""


class Money(BaseModel):
    """An amount of money in one currency.

    Attributes:
        amount: The amount, exact (never a float). Finite.
        currency: ISO 4217 code, three upper-case letters (``USD``, ``AUD``).

    A string such as ``"US$150B"`` or ``"AUD 120 billion"`` is accepted wherever a
    ``Money`` is expected and read with the question parser's money rules.
    """

    model_config = ConfigDict(frozen=True)

    amount: Decimal = Field(description="The amount as a decimal number, e.g. 150000000000.")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code, e.g. USD or AUD.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            from assistant.whatif.reading.money_text import MoneyTextError, parse_money_text

            try:
                amount, currency, _notes = parse_money_text(value)
            except MoneyTextError as exc:
                raise ValueError(str(exc)) from exc
            return {"amount": amount, "currency": currency}
        return value

    @field_validator("amount", mode="before")
    @classmethod
    def _exact_amount(cls, value: Any) -> Any:
        return exact_decimal(value) if isinstance(value, float | str) else value

    @field_validator("amount")
    @classmethod
    def _finite(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError(f"amount {value} is not a finite number")
        return value

    def compare(self, other: Money, rate: ExchangeRate | None = None) -> int:
        """Compare with another amount: -1, 0 or 1.

        Args:
            other: The amount to compare with.
            rate: How to convert ``other`` into this amount's currency when they differ.

        Returns:
            -1 if this amount is smaller, 0 if equal, 1 if larger.

        Raises:
            CurrencyMismatchError: When the currencies differ and no usable rate is given.
        """
        if other.currency != self.currency:
            if rate is None:
                raise CurrencyMismatchError(
                    f"cannot compare {self.display()} with {other.display()} without an exchange rate"
                )
            other = rate.convert(other, self.currency)
        return (self.amount > other.amount) - (self.amount < other.amount)

    def _same(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"cannot compare Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot compare {self.display()} with {other.display()} without an exchange rate"
            )
        return other

    def __eq__(self, other: object) -> bool:
        """Equal amounts in the same currency; different currencies raise, never a silent ``False``."""
        if not isinstance(other, Money):
            return NotImplemented
        return self.amount == self._same(other).amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __lt__(self, other: object) -> bool:
        return self.amount < self._same(other).amount

    def __le__(self, other: object) -> bool:
        return self.amount <= self._same(other).amount

    def __gt__(self, other: object) -> bool:
        return self.amount > self._same(other).amount

    def __ge__(self, other: object) -> bool:
        return self.amount >= self._same(other).amount

    def display(self, *, short: bool = False) -> str:
        """Render for people: ``US$150 billion`` (short) or ``US$150,000,000,000``."""
        symbol = CURRENCY_SYMBOLS.get(self.currency, self.currency + " ")
        sign = "-" if self.amount < 0 else ""
        magnitude = abs(self.amount)
        if short:
            for scale, word in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion")):
                if magnitude >= scale:
                    number = _plain(magnitude / scale)
                    return f"{sign}{symbol}{number} {word}"
        return f"{sign}{symbol}{_grouped(magnitude)}"


def exact_decimal(value: float | str) -> Decimal:
    """A number as an exact decimal: a float through its shortest repr, text with ``,`` or ``_`` between digits.

    Floats carry binary noise (``0.1`` is not one tenth); their shortest repr is what was meant.

    Raises:
        ValueError: Naming the text, when it is not a number.
    """
    text = repr(value) if isinstance(value, float) else value
    try:
        return Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation as exc:
        raise ValueError(f"{text!r} is not a number") from exc


def tidy(value: Decimal) -> Decimal:
    """A whole amount without trailing zeros or exponent (``1.00E+11`` becomes ``100000000000``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return Decimal(format(value.normalize(), "f"))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: Decimal) -> str:
    text = _plain(value)
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}"
    return f"{grouped}.{fraction}" if fraction else grouped


class ExchangeRate(BaseModel):
    """A dated reference rate: one unit of ``base`` is worth ``rate`` units of ``quote``.

    Attributes:
        base: The currency being priced (``AUD``).
        quote: The currency it is priced in (``USD``).
        rate: Units of ``quote`` per unit of ``base`` (exact decimal, positive).
        as_of: The date the rate refers to, as text (``YYYY-MM-DD`` or ``YYYY-MM``).
        source: Where the rate comes from, in words.
        corpus_source: The corpus document that states it, if any (relative to ``corpus/``).
        quote_text: A verbatim sentence of that document stating the rate, if any.
    """

    model_config = ConfigDict(frozen=True)

    base: str = Field(pattern=r"^[A-Z]{3}$")
    quote: str = Field(pattern=r"^[A-Z]{3}$")
    rate: Decimal = Field(gt=0)
    as_of: str = Field(pattern=r"^\d{4}-\d{2}(-\d{2})?$")
    source: str
    corpus_source: str | None = None
    quote_text: str | None = None

    @field_validator("rate", mode="before")
    @classmethod
    def _exact_rate(cls, value: Any) -> Any:
        if isinstance(value, float):
            raise ValueError('write the rate as a quoted string (e.g. "0.625") so it stays exact')
        return value

    @field_validator("source")
    @classmethod
    def _plain_source(cls, value: str) -> str:
        return plain(value) or value

    @field_validator("as_of", mode="before")
    @classmethod
    def _date_text(cls, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value

    def convert(self, money: Money, currency: str) -> Money:
        """Convert ``money`` into ``currency`` through this rate (either direction).

        Raises:
            CurrencyMismatchError: When this rate does not link the two currencies.
        """
        if money.currency == currency:
            return money
        if (money.currency, currency) == (self.base, self.quote):
            return Money(amount=tidy(money.amount * self.rate), currency=currency)
        if (money.currency, currency) == (self.quote, self.base):
            return Money(amount=tidy(money.amount / self.rate), currency=currency)
        raise CurrencyMismatchError(
            f"the {self.base}/{self.quote} rate cannot convert {money.currency} into {currency}"
        )

    def when(self) -> str:
        """The day or month the rate is of, in words: ``January 2025``, ``21 January 2025``."""
        parts = [int(p) for p in self.as_of.split("-")]
        month = datetime.date(parts[0], parts[1], 1).strftime("%B")
        return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"

    def short(self) -> str:
        """``0.625 USD per AUD (the reference rate for January 2025)``."""
        return f"{_plain(self.rate)} {self.quote} per {self.base} (the reference rate for {self.when()})"

    def describe(self) -> str:
        """One line for answers and traces: ``0.625 USD per AUD (the reference rate for January 2025: …)``."""
        return (
            f"{_plain(self.rate)} {self.quote} per {self.base} (the reference rate for {self.when()}: {self.source})"
        )
