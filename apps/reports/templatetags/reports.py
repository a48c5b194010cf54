"""A report's cell as the page shows it: money with two decimals and thousands separators,
quantities without trailing zeros, days in the project's one date format."""

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone

from apps.core.templatetags.dates import day
from apps.core.templatetags.quantities import qty

register = template.Library()


@register.filter
def cell(row: dict, column) -> str:
    value = row.get(column.key)
    if value is None or value == "":
        return "—" if column.numeric or column.kind == "date" else ""
    if isinstance(value, str):
        return value
    if column.kind == "money":
        return f"{Decimal(value):,.2f}"
    if column.kind in ("qty", "days"):
        return qty(value)
    if column.kind == "int":
        return f"{value:,}"
    if column.kind == "date" and isinstance(value, datetime.date):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return day(value)
    return str(value)
