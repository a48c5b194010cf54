"""A shared cache (Redis) that the site survives losing.

Django's RedisCache raises when Redis is down; for a cache that only saves work (the
page cache, derived figures) a missing cache must mean "compute it", never a 500:

- every operation that fails to reach Redis answers like a miss (get → default,
  set/add/delete → False, incr → the delta) and is counted and logged (once per outage);
- after a failure the process leaves Redis alone for `down_seconds` (default 5) so a
  frozen server costs one socket timeout per outage and process, not one per call;
- the first successful call after an outage in which a write was lost (a set, delete
  or incr that did not reach Redis) clears the cache: a counter bumped during the outage
  (inventory's location version) must not come back with its old value.

Connect and read timeouts are short (OPTIONS in settings), and redis-py retries nothing.

Sessions do not use this cache (SESSION_ENGINE is the database): a sign-out whose cache
delete was lost in an outage would otherwise bring the session back with Redis.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from apps.core import metrics

logger = logging.getLogger("stockroom.cache")

_MISSING = object()


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def _count(op: str, result: str) -> None:
    metrics.cache_operation(op, result)


class TolerantRedisCache(RedisCache):
    """RedisCache whose connection failures read as misses (see module doc)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.down_seconds = float(options.pop("down_seconds", 5))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("health_check_interval", 30)
        if "retry" not in options:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            options["retry"] = Retry(NoBackoff(), 0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._errors = _redis_errors()
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._lost_write = False

    # -- the guard ------------------------------------------------------------------

    def _call(self, op: str, write: bool, fallback, func, *args, **kwargs):
        if time.monotonic() < self._down_until:
            if write:
                self._lost_write = True
            _count(op, "skipped")
            return fallback
        try:
            if self._lost_write:
                self._recover()
            result = func(*args, **kwargs)
        except self._errors as error:
            with self._lock:
                first = self._down_until == 0.0
                self._down_until = time.monotonic() + self.down_seconds
                if write:
                    self._lost_write = True
            if first:
                logger.warning("cache unreachable, serving without it: %s", error)
            _count(op, "error")
            return fallback
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            logger.warning("cache reachable again")
        return result

    def _recover(self) -> None:
        # Runs inside _call's try: a failure here is one more failed call.
        super().clear()
        self._lost_write = False
        logger.warning("cache cleared after an outage in which writes were lost")

    # -- the cache API --------------------------------------------------------------

    def get(self, key, default=None, version=None):
        value = self._call("get", False, _MISSING, super().get, key, _MISSING, version)
        if value is _MISSING:
            _count("get", "miss")
            return default
        _count("get", "hit")
        return value

    def get_many(self, keys, version=None):
        return self._call("get_many", False, {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", True, False, super().set, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", True, False, super().touch, key, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", True, list(data), super().set_many, data, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", True, False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", True, None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError (callers then set it), as in Django.
        return self._call("incr", True, delta, super().incr, key, delta, version)

    def clear(self):
        return self._call("clear", True, False, super().clear)
