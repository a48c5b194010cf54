"""Writes of the reports app: exchange rates loaded from a CSV file (no network)."""

import csv
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.errors import DomainError
from apps.reports.models import ExchangeRate


class RatesFileError(DomainError):
    """A line of a rates file that cannot be read; nothing is loaded."""


@transaction.atomic
def exchange_rates_load(*, lines) -> int:
    """Rows "currency,valid_from,rate[,note]" (a header row is skipped): each one creates
    or replaces the rate of that currency on that day. All or nothing."""
    count = 0
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() == "currency":
            continue
        if len(row) < 3:
            raise RatesFileError(f"Line {number}: expected currency,valid_from,rate[,note].")
        currency, day, rate = (value.strip() for value in row[:3])
        try:
            valid_from = date.fromisoformat(day)
            value = Decimal(rate)
        except (ValueError, InvalidOperation) as error:
            raise RatesFileError(f"Line {number}: {error}") from error
        entry = ExchangeRate.objects.filter(
            currency=currency.upper(), valid_from=valid_from
        ).first() or ExchangeRate(currency=currency.upper(), valid_from=valid_from)
        entry.rate = value
        entry.note = (row[3].strip() if len(row) > 3 else "") or "Loaded from a file"
        try:
            entry.full_clean()
        except ValidationError as error:
            raise RatesFileError(f"Line {number}: {'; '.join(error.messages)}") from error
        entry.save()
        count += 1
    return count
