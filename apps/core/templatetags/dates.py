"""Dates and times, one format on every page (issue 12): days as 2026-11-29, moments as
2026-11-29 17:52 in the site's time zone, and `<time datetime>` values without
fractions of a second. The formats are project/formats/en/formats.py's, so a date
rendered without a filter (or in the admin) looks the same.

    {% load dates %}
    <time datetime="{{ m.created_at|iso }}">{{ m.created_at|moment }}</time>
    {{ order.expected_date|day|default:"—" }}
"""

import datetime

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter(expects_localtime=True)
def day(value) -> str:
    """2026-11-29 (empty for no date)."""
    if not value:
        return ""
    return formats.date_format(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def moment(value) -> str:
    """2026-11-29 17:52 for a datetime; a date is a day."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return day(value)
    return formats.date_format(value, "DATETIME_FORMAT")


@register.filter(expects_localtime=True)
def month_day(value) -> str:
    """11-29: the ticks of a chart's day axis, where the year is in its title."""
    if not value:
        return ""
    return formats.date_format(value, "MONTH_DAY_FORMAT")


@register.filter(expects_localtime=True)
def iso(value) -> str:
    """The machine-readable value of `<time datetime>`: 2026-11-29T17:52:03+01:00, or
    2026-11-29 for a date; never six-digit fractions of a second."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
