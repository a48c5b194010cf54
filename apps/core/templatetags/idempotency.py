"""`{% idempotency_field %}`: the hidden key a stock form carries so that the server books
its POST once (apps/core/idempotency.py). A fresh key every time the form is rendered:
after a success the next form is a new operation; a retry of the same form (the page's
retry after a lost answer, a double click) sends the same key."""

from django import template
from django.utils.html import format_html

from apps.core.idempotency import FIELD_NAME, new_key

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_key())
