"""One JSON line per request, a slow-request warning, request metrics, a request deadline.

`RequestObservabilityMiddleware` (first in MIDDLEWARE) times the request, counts its
queries and their time, and logs one line to the `stockroom.request` logger:

    {"time": "2026-11-29T20:55:01.123Z", "level": "INFO", "logger": "stockroom.request",
     "message": "GET /parts/ 200", "request_id": "9f0c...", "user_id": 3,
     "method": "GET", "path": "/parts/", "view": "catalog:part_list", "status": 200,
     "duration_ms": 23.4, "db_queries": 4, "db_ms": 6.1, "page_cache": "hit"}

Over SLOW_REQUEST_MS the line is a WARNING with "slow": true. The request id comes from
Nginx (X-Request-ID, its $request_id) or is made here, and is sent back in X-Request-ID.

The deadline: once a request has run REQUEST_DEADLINE seconds, every further query
raises (so its transaction rolls back). Nginx gives up on the app later than that
(proxy_read_timeout), so a request the user was told failed cannot commit afterwards.
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.db import OperationalError, connection
from django.urls import Resolver404, resolve
from django.utils.functional import LazyObject, empty

from apps.core import metrics

logger = logging.getLogger("stockroom.request")

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Every log record as one JSON object per line; `extra` fields become keys."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(
            (key, value)
            for key, value in record.__dict__.items()
            if key not in RESERVED and not key.startswith("_")
        )
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


class RequestDeadlineExceeded(OperationalError):
    """A query asked for after the request's deadline (the transaction rolls back)."""


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Answered before URL resolution (the sign-in redirect, a 400): name the view the
        # path would have reached, so metrics are by view whatever answered.
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "<unresolved>"
    return match.view_name or getattr(match, "_func_path", "") or "<unnamed>"


def _user_id(request):
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        # Only if authentication already ran: never load the user just for the log line.
        if user._wrapped is empty:
            return None
        user = user._wrapped
    return getattr(user, "pk", None)


class RequestObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.slow_ms = getattr(settings, "SLOW_REQUEST_MS", 1000)
        self.deadline = getattr(settings, "REQUEST_DEADLINE", 0)
        self.metrics = metrics

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request.headers.get("X-Request-ID", "")
        if not REQUEST_ID_RE.match(request_id):
            request_id = uuid.uuid4().hex
        request.request_id = request_id
        stats = {"queries": 0, "db": 0.0}
        deadline = started + self.deadline if self.deadline else None

        def observe(execute, sql, params, many, context):
            if deadline is not None and time.perf_counter() > deadline:
                raise RequestDeadlineExceeded(
                    f"request deadline ({self.deadline} s) passed; query not run"
                )
            begun = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                stats["queries"] += 1
                stats["db"] += time.perf_counter() - begun

        if self.metrics:
            self.metrics.IN_PROGRESS.inc()
        try:
            with connection.execute_wrapper(observe):
                response = self.get_response(request)
        finally:
            if self.metrics:
                self.metrics.IN_PROGRESS.dec()
        response["X-Request-ID"] = request_id
        duration = time.perf_counter() - started
        self._record(request, response, duration, stats)
        return response

    def _record(self, request, response, duration: float, stats: dict) -> None:
        view = _view_name(request)
        status = response.status_code
        duration_ms = round(duration * 1000, 1)
        fields = {
            "request_id": request.request_id,
            "user_id": _user_id(request),
            "method": request.method,
            "path": request.path,
            "view": view,
            "status": status,
            "duration_ms": duration_ms,
            "db_queries": stats["queries"],
            "db_ms": round(stats["db"] * 1000, 1),
        }
        page_cache = response.get("X-Page-Cache")
        if page_cache:
            fields["page_cache"] = page_cache
        slow = duration_ms > self.slow_ms
        if slow:
            fields["slow"] = True
        logger.log(
            logging.WARNING if slow else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra=fields,
        )
        if self.metrics:
            m = self.metrics
            m.REQUESTS.labels(view, request.method, str(status)).inc()
            m.LATENCY.labels(view, str(status)).observe(duration)
            m.DB_TIME.labels(view).observe(stats["db"])
            m.DB_QUERIES.labels(view).inc(stats["queries"])
            if page_cache:
                m.PAGE_CACHE.labels(page_cache).inc()
            if slow:
                m.SLOW_REQUESTS.labels(view).inc()
