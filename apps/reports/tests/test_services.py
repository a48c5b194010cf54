"""Exchange rates from a CSV file: created or replaced, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from apps.reports.models import ExchangeRate
from apps.reports.services import RatesFileError, exchange_rates_load

pytestmark = pytest.mark.django_db


def test_load_creates_and_replaces():
    assert (
        exchange_rates_load(
            lines=["currency,valid_from,rate", "usd,2026-01-01,0.91", "GBP,2026-01-01,1.17,bank"]
        )
        == 2
    )
    exchange_rates_load(lines=["USD,2026-01-01,0.92"])
    usd = ExchangeRate.objects.get(currency="USD")
    assert (usd.rate, usd.valid_from) == (Decimal("0.92"), date(2026, 1, 1))
    assert ExchangeRate.objects.get(currency="GBP").note == "bank"


@pytest.mark.parametrize(
    "bad", ["USD,2026-13-01,1", "USD,2026-01-01,abc", "DOLLARS,2026-01-01,1", "USD,2026-01-01"]
)
def test_a_bad_line_loads_nothing(bad):
    with pytest.raises(RatesFileError):
        exchange_rates_load(lines=["EUR,2026-01-01,1", bad])
    assert not ExchangeRate.objects.exists()


def test_command(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text("currency,valid_from,rate\nUSD,2026-01-01,0.9\n")
    call_command("exchange_rates_load", str(path))
    assert ExchangeRate.objects.get().rate == Decimal("0.9")
    with pytest.raises(CommandError):
        call_command("exchange_rates_load", str(tmp_path / "missing.csv"))
