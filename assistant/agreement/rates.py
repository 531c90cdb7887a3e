"""The bundled, dated reference exchange rates (``assistant/data/reference_rates.yaml``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.agreement.money import CurrencyMismatchError, ExchangeRate, Money
from assistant.yaml_source import DataFileError, read_data_file

RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "reference_rates.yaml"


class _RatesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rates: list[ExchangeRate]


class RateTable:
    """The reference rates, looked up by currency pair in either direction."""

    def __init__(self, rates: list[ExchangeRate]) -> None:
        self.rates = list(rates)

    def rate_for(self, first: str, second: str) -> ExchangeRate | None:
        """The rate linking two currencies (either way round), or ``None``."""
        for rate in self.rates:
            if {rate.base, rate.quote} == {first, second}:
                return rate
        return None

    def convert(self, money: Money, currency: str) -> tuple[Money, ExchangeRate | None]:
        """Convert ``money`` into ``currency``.

        Returns:
            The converted amount and the rate used (``None`` when no conversion was needed).

        Raises:
            CurrencyMismatchError: When no reference rate links the two currencies.
        """
        if money.currency == currency:
            return money, None
        rate = self.rate_for(money.currency, currency)
        if rate is None:
            raise CurrencyMismatchError(
                f"no reference rate links {money.currency} and {currency}, so {money.display()} "
                f"cannot be compared with an amount in {currency}"
            )
        return rate.convert(money, currency), rate


def load_rates(path: Path = RATES_FILE) -> RateTable:
    """Read and validate a reference-rate file.

    Raises:
        DataFileError: Naming the file, line and field of the first problems.
    """
    source, parsed = read_data_file(path, _RatesFile)
    pairs = [frozenset((r.base, r.quote)) for r in parsed.rates]
    if len(set(pairs)) != len(pairs):
        raise DataFileError(f"{source.name}: two rates for the same currency pair")
    return RateTable(parsed.rates)


@lru_cache(maxsize=1)
def reference_rates() -> RateTable:
    """The bundled rates, read once."""
    return load_rates()
