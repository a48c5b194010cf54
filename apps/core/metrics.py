"""Prometheus metrics of the web process (prometheus_client).

Under Gunicorn each app server (master) gets its own PROMETHEUS_MULTIPROC_DIR (set by
deploy/stack.sh and the systemd unit before the process starts): every worker writes
its figures there and the app server's health listener (apps.core.health) sums them
for `/metrics`. Without that variable (runserver, tests) the figures are per process.

Nginx answers `/metrics` only to loopback and METRICS_ALLOW; Django has no /metrics URL.
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40)

REQUESTS = Counter(
    "stockroom_http_requests_total",
    "HTTP requests answered by Django",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "stockroom_http_request_duration_seconds",
    "Time from the request reaching Django to its response",
    ["view", "status"],
    buckets=LATENCY_BUCKETS,
)
DB_TIME = Histogram(
    "stockroom_db_time_seconds",
    "Database time per request (sum of its queries)",
    ["view"],
    buckets=LATENCY_BUCKETS,
)
DB_QUERIES = Counter("stockroom_db_queries_total", "Database queries run by requests", ["view"])
DB_TIMEOUTS = Counter(
    "stockroom_db_timeouts_total",
    "Requests ended by a database lock or statement timeout",
    ["kind"],
)
SLOW_REQUESTS = Counter("stockroom_slow_requests_total", "Requests over SLOW_REQUEST_MS", ["view"])
PAGE_CACHE = Counter("stockroom_page_cache_total", "Page cache look-ups (X-Page-Cache)", ["result"])
CACHE_OPERATIONS = Counter(
    "stockroom_cache_operations_total",
    "Shared cache calls: get hit/miss, error (Redis unreachable), skipped (during an outage)",
    ["op", "result"],
)
IN_PROGRESS = Gauge(
    "stockroom_http_requests_in_progress",
    "Requests being handled right now (across the app server's workers)",
    multiprocess_mode="livesum",
)
# Set from the task queue's table when /metrics is scraped (apps/core/health.py).
QUEUE_DEPTH = Gauge(
    "stockroom_background_queue_depth",
    "Background tasks waiting for the worker (django-tasks database queue)",
    multiprocess_mode="max",
)


def cache_operation(op: str, result: str) -> None:
    CACHE_OPERATIONS.labels(op, result).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics text: the whole app server's in multi-process mode, else this process's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    """Gunicorn's child_exit hook: the dead worker's live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
