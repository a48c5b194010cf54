"""Reports read the other apps' data; the only thing they own is the exchange rates that
turn amounts in other currencies into the base currency (settings.BASE_CURRENCY)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper

from apps.purchasing.models import currency_validator

RATE_DIGITS = {"max_digits": 18, "decimal_places": 8}


class ExchangeRate(models.Model):
    """1 unit of `currency` is worth `rate` units of the base currency, from `valid_from`
    until the next rate of the same currency. Entered by hand (admin) or loaded from a CSV
    file (`manage.py exchange_rates_load`); nothing is fetched from the network."""

    currency = models.CharField(max_length=3, validators=[currency_validator])
    valid_from = models.DateField()
    rate = models.DecimalField(**RATE_DIGITS, validators=[MinValueValidator(0.00000001)])
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-valid_from"]
        permissions = [("view_reports", "Can see the reports")]
        constraints = [
            models.UniqueConstraint(
                Upper("currency"), "valid_from", name="exchange_rate_currency_day_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} (from {self.valid_from:%Y-%m-%d})"
