from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from assistant.agreement.money import CurrencyMismatchError, ExchangeRate, Money
from assistant.agreement.rates import load_rates, reference_rates
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.money_text import MoneyTextError, find_money, parse_money_text
from assistant.yaml_source import DataFileError

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite

B = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$150 billion", 150 * B, "USD"),
        ("US$20bn", 20 * B, "USD"),
        ("A$170 billion", 170 * B, "AUD"),
        ("AUD 120 billion", 120 * B, "AUD"),
        ("AUD$100 billion", 100 * B, "AUD"),
        ("250bn usd", 250 * B, "USD"),
        ("1.5 trillion", Decimal("1.5") * 1000 * B, "USD"),
        ("100,000,000,000", 100 * B, "USD"),
        ("100000000000", 100 * B, "USD"),
        ("US$150B", 150 * B, "USD"),
        ("150 billion dollars", 150 * B, "USD"),
        ("120 billion Australian dollars", 120 * B, "AUD"),
        ("€5bn", 5 * B, "EUR"),
        ("US$ 1,000.5 million", Decimal("1000500000"), "USD"),
    ],
)
def test_money_forms(text: str, amount: Decimal, currency: str) -> None:
    found = find_money(f"What if OpenAI makes {text} in profit?")
    assert len(found) == 1
    assert found[0].error is None
    assert found[0].amount == amount
    assert found[0].currency == currency
    assert parse_money_text(text)[:2] == (amount, currency)


@pytest.mark.parametrize("text", ["$150 billion", "1.5 trillion", "150 billion dollars"])
def test_currency_choices_are_reported(text: str) -> None:
    notes = find_money(text)[0].notes
    assert notes and "US dollars" in notes[0]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("-$5 billion", "negative"),
        ("$-5bn", "negative"),
        ("minus 5 billion dollars", "negative"),
        ("inf dollars", "not a finite number"),
        ("$nan billion", "not a finite number"),
        ("US$infinity", "not a finite number"),
        ("A$100 USD", "two currencies"),
    ],
)
def test_impossible_amounts_name_the_value(text: str, named: str) -> None:
    found = find_money(text)
    assert len(found) == 1 and found[0].amount is None
    assert named in (found[0].error or "")
    assert text.split()[0].strip("$") in (found[0].error or "")
    with pytest.raises(MoneyTextError):
        parse_money_text(text)


@pytest.mark.parametrize(
    "text", ["in 2027", "30 June 2027", "2 cores", "0.62-0.63 USD per AUD is a rate", "the year 2030"]
)
def test_years_and_small_numbers_are_not_money(text: str) -> None:
    assert [m for m in find_money(text) if m.currency is not None and m.amount and m.amount > 1000] == []


def test_money_is_exact_and_rejects_non_finite() -> None:
    assert Money(amount=0.1, currency="USD").amount == Decimal("0.1")
    with pytest.raises(ValidationError):
        Money(amount="NaN", currency="USD")
    with pytest.raises(ValidationError):
        Money(amount=Decimal("Infinity"), currency="USD")
    with pytest.raises(ValidationError):
        Money(amount=1, currency="usd")


def test_money_accepts_text() -> None:
    assert Money.model_validate("US$150B") == Money(amount=150 * B, currency="USD")


def test_comparing_currencies_without_a_rate_is_a_type_error() -> None:
    usd = Money(amount=100, currency="USD")
    aud = Money(amount=100, currency="AUD")
    with pytest.raises(CurrencyMismatchError):
        _ = usd < aud
    with pytest.raises(CurrencyMismatchError):
        usd.compare(aud)
    assert isinstance(CurrencyMismatchError("x"), TypeError)
    with pytest.raises(TypeError):
        _ = usd < 5  # type: ignore[operator]


def test_comparison_with_a_stated_rate() -> None:
    rate = ExchangeRate(base="AUD", quote="USD", rate=Decimal("0.625"), as_of="2025-01", source="test")
    usd = Money(amount=Decimal("62.5"), currency="USD")
    assert usd.compare(Money(amount=100, currency="AUD"), rate) == 0
    assert usd.compare(Money(amount=101, currency="AUD"), rate) == -1
    assert rate.convert(Money(amount=160, currency="AUD"), "USD").amount == 100
    assert rate.convert(Money(amount=100, currency="USD"), "AUD").amount == 160
    with pytest.raises(CurrencyMismatchError):
        rate.convert(Money(amount=1, currency="EUR"), "USD")


def test_rates_must_be_exact_strings() -> None:
    with pytest.raises(ValidationError, match="quoted string"):
        ExchangeRate(base="AUD", quote="USD", rate=0.625, as_of="2025-01", source="x")


def test_bundled_rate_is_dated_and_sourced() -> None:
    rate = reference_rates().rate_for("USD", "AUD")
    assert rate is not None
    assert rate.rate == Decimal("0.625")
    assert rate.as_of == "2025-01"
    assert rate.corpus_source == "notes/agi-threshold-currency.md"
    assert rate.when() == "January 2025" and "corpus note" in rate.source
    assert reference_rates().rate_for("USD", "EUR") is None


def test_bad_rate_file_names_file_line_and_field(tmp_path) -> None:
    path = tmp_path / "rates.yaml"
    path.write_text("rates:\n  - base: AUD\n    quote: USD\n    rate: '-1'\n    as_of: 2025-01\n    source: x\n")
    with pytest.raises(DataFileError) as info:
        load_rates(path)
    message = str(info.value)
    assert "rates.yaml:4" in message and "rates.0.rate" in message


def test_display() -> None:
    assert Money(amount=62_500_000_000, currency="USD").display(short=True) == "US$62.5 billion"
    assert Money(amount=100_000_000_000, currency="AUD").display() == "A$100,000,000,000"
    assert Money(amount=1_500_000_000_000, currency="USD").display(short=True) == "US$1.5 trillion"


@pytest.mark.parametrize(
    "text",
    ["What if OpenAI makes $99999999999999999999 trillion in profit?", "What if OpenAI makes $1e400 billion?"],
)
def test_astronomically_large_amounts_get_a_message_not_a_crash(text: str) -> None:
    import datetime

    from assistant.whatif.respond import respond

    response = respond(text, today=datetime.date(2026, 11, 26), locate=LOCATE)
    assert response is not None and response.kind == "abstain"
    assert "too large" in response.text


def test_equality_across_currencies_is_a_type_error_not_false() -> None:
    from decimal import Decimal

    from assistant.agreement.money import CurrencyMismatchError, Money

    usd = Money(amount=Decimal("100e9"), currency="USD")
    assert usd == Money(amount=Decimal("100000000000.00"), currency="USD")
    assert hash(usd) == hash(Money(amount=Decimal("100000000000.00"), currency="USD"))
    with pytest.raises(CurrencyMismatchError):
        _ = usd == Money(amount=Decimal("100e9"), currency="AUD")
    assert usd != "US$100B"
