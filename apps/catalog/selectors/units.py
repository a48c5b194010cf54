"""Reads of the units of measure."""

from django.db.models import Count, QuerySet

from apps.catalog.models import Unit


def unit_list() -> QuerySet[Unit]:
    """Every unit with how many parts use it (`part_count`), by code: one query."""
    return Unit.objects.annotate(part_count=Count("parts")).order_by("code")


def unit_choices() -> QuerySet[Unit]:
    return Unit.objects.order_by("code")
