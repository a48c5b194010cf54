"""Amounts in the base currency: which exchange rate applies, and converting with it."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from apps.reports.models import ExchangeRate

CENT = Decimal("0.01")


def base_currency() -> str:
    return settings.BASE_CURRENCY


@dataclass(frozen=True)
class Rates:
    """The rate of each currency on `day` (the newest with valid_from ≤ day): one query."""

    day: date
    base: str
    by_currency: dict[str, ExchangeRate]

    def convert(self, amount: Decimal, currency: str) -> Decimal | None:
        """`amount` in the base currency, None when no rate is known for `currency`."""
        if currency == self.base:
            return amount
        rate = self.by_currency.get(currency)
        return None if rate is None else amount * rate.rate

    def used(self, currencies) -> list[ExchangeRate]:
        """The rates behind a conversion of these currencies, to show beside its total."""
        return [self.by_currency[c] for c in sorted(set(currencies)) if c in self.by_currency]

    def missing(self, currencies) -> list[str]:
        return sorted({c for c in currencies if c != self.base and c not in self.by_currency})


def rates_on(day: date) -> Rates:
    base = base_currency()
    rows = (
        ExchangeRate.objects.filter(valid_from__lte=day)
        .exclude(currency=base)
        .order_by("currency", "-valid_from")
    )
    by_currency: dict[str, ExchangeRate] = {}
    for rate in rows:
        by_currency.setdefault(rate.currency, rate)
    return Rates(day=day, base=base, by_currency=by_currency)
