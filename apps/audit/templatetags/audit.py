"""`{% load audit %}{% history_url part as url %}`: the address of a record's history page
(empty when its model is not tracked). A History tab does `hx-get="{{ url }}"`."""

from django import template
from django.urls import reverse

from apps.audit import recorder

register = template.Library()


@register.simple_tag
def history_url(obj) -> str:
    if obj is None or obj.pk is None or not recorder.is_tracked(type(obj)):
        return ""
    opts = obj._meta
    return reverse("audit:record_history", args=[f"{opts.app_label}.{opts.model_name}", obj.pk])
