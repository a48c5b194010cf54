"""A write that waited too long for a lock (or a query that ran too long) is a clear 503.

The web server's database connections carry `lock_timeout` and `statement_timeout`
(settings: DB_LOCK_TIMEOUT, DB_STATEMENT_TIMEOUT; project/wsgi.py turns them on for the
web process). When one fires, PostgreSQL cancels the statement, the service's
transaction rolls back, and this middleware answers 503 with a page that says nothing
was saved (instead of a 500), with Retry-After. HTMX requests get the same status and an
`X-Stockroom-Message` header that the page's error toast shows.
"""

import logging

from django.db import OperationalError
from django.http import HttpResponse
from django.template import loader

from apps.core import metrics
from apps.core.observability import RequestDeadlineExceeded

logger = logging.getLogger("stockroom.db")

MESSAGES = {
    "lock": "Another change to the same records was being saved, so this one waited too long "
    "and was stopped. Nothing was saved: try again.",
    "statement": "This took too long and was stopped. Nothing was saved: try again, or narrow "
    "the search.",
    "deadline": "This took too long and was stopped. Nothing was saved: try again.",
}


def timeout_kind(error: BaseException) -> str | None:
    """ "lock", "statement" or "deadline" for a database timeout, else None."""
    if isinstance(error, RequestDeadlineExceeded):
        return "deadline"
    if not isinstance(error, OperationalError):
        return None
    cause = error.__cause__
    try:
        from psycopg import errors as pg
    except ImportError:  # pragma: no cover - SQLite-only installs
        pg = None
    if pg is not None and isinstance(cause, pg.LockNotAvailable):
        return "lock"
    if pg is not None and isinstance(cause, pg.QueryCanceled):
        return "statement"
    return None


class DatabaseTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        kind = timeout_kind(exception)
        if kind is None:
            return None
        logger.warning(
            "database %s timeout: %s",
            kind,
            str(exception).strip().splitlines()[0] if str(exception).strip() else kind,
            extra={"request_id": getattr(request, "request_id", None), "path": request.path},
        )
        metrics.DB_TIMEOUTS.labels(kind).inc()
        body = loader.get_template("db_timeout.html").render({"message": MESSAGES[kind]})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "5"
        response["X-Stockroom-Message"] = MESSAGES[kind]
        response["Cache-Control"] = "no-store"
        return response
