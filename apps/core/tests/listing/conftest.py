"""Thirty users make a list to page through: the core's listing knows no domain model."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

SORTS = {"name": "username", "joined": "date_joined"}


@pytest.fixture
def people(db):
    """user-00 … user-29, joined a minute apart (two at the same moment: ids break ties)."""
    model = get_user_model()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    model.objects.bulk_create(
        model(username=f"user-{n:02d}", date_joined=start + timedelta(minutes=min(n, 28)))
        for n in range(30)
    )
    return model.objects.all()


def names(rows) -> list[str]:
    return [row.username for row in rows]
