"""Reads of the API app's own records."""

from django.db.models import QuerySet

from apps.api.models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, active ones before revoked ones."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
