"""Views for the shared-state and observability tests: a cached page, a view that
raises a database lock timeout, one that waits for a row lock, one that runs queries."""

import time

from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.urls import path

from apps.core.models import DataVersion
from apps.core.response_cache import cached_page
from project import urls as project_urls


@cached_page
def cached(request):
    return HttpResponse(f"page for {request.user.username}")


def raises_lock_timeout(request):
    from psycopg import errors

    try:
        raise errors.LockNotAvailable("canceling statement due to lock timeout")
    except errors.LockNotAvailable as cause:
        raise OperationalError("canceling statement due to lock timeout") from cause


def write_locked_row(request):
    """Locks the data version row (another session holds it) and writes: a lock timeout."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        DataVersion.objects.select_for_update().filter(pk=1).update(value=-42)
    return HttpResponse("saved")


def queries(request):
    for _ in range(3):
        DataVersion.objects.filter(pk=1).exists()
    return HttpResponse("ok")


def slow_then_query(request):
    time.sleep(0.6)
    DataVersion.objects.filter(pk=1).exists()
    return HttpResponse("too late")


urlpatterns = [
    path("slow/", slow_then_query, name="slow"),
    path("cached/", cached, name="cached"),
    path("lock-timeout/", raises_lock_timeout, name="lock_timeout"),
    path("locked-write/", write_locked_row, name="locked_write"),
    path("queries/", queries, name="queries"),
    # The project's routes too: the layout and the error pages reverse them.
    *project_urls.urlpatterns,
]
