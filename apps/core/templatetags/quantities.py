"""Quantities as people write them: 12.500 → "12.5", 100.000 → "100".

(Decimal.normalize() would print 100 as "1E+2".)
"""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def qty(value) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def signed_qty(value) -> str:
    text = qty(value)
    return f"+{text}" if value is not None and value != "" and Decimal(str(value)) > 0 else text
