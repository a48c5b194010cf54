"""Who is calling: a personal token (`Authorization: Bearer sr_…`) or the browser's
session (with Django's CSRF check on writes). Tokens are rate limited per token."""

import contextlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http.request import RawPostDataException
from django.middleware.csrf import CsrfViewMiddleware
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from apps.api.errors import RateLimited
from apps.api.services.tokens import api_token_authenticate

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/min" → (600, 60)."""
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


def check_rate(ident: str) -> None:
    """A fixed-window counter in the cache: RateLimited (429, Retry-After) past the limit.

    With the default per-process cache each Gunicorn worker counts on its own; a shared
    cache (Redis, the database cache) makes the limit exact across workers."""
    limit, period = parse_rate(settings.API_RATE_LIMIT)
    now = time.time()
    window = int(now // period)
    key = f"api-rate:{ident}:{window}"
    if cache.add(key, 1, period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, period + 1)
            count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, math.ceil((window + 1) * period - now)))


def authorized(user, perms):
    """The user, once they hold `perms` (PermissionDenied → 403 otherwise)."""
    if perms and not user.has_perms(perms):
        raise PermissionDenied("You do not have permission to do this.")
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: acts as the token's user."""

    def __init__(self, perms: tuple[str, ...] = ()):
        super().__init__()
        self.perms = tuple(perms)

    def authenticate(self, request, token):
        api_token = api_token_authenticate(token.strip())
        if api_token is None:
            return None
        check_rate(f"token-{api_token.key_hash[:24]}")
        request.user = api_token.user
        request.api_token = api_token
        return authorized(api_token.user, self.perms)


class SessionAuth(APIKeyCookie):
    """The signed-in browser. Writes need the CSRF token (X-CSRFToken header), as the
    pages' forms do; a request without a session is simply not authenticated here."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, perms: tuple[str, ...] = ()):
        super().__init__(csrf=False)
        self.perms = tuple(perms)

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS:
            with contextlib.suppress(RawPostDataException):  # a form, parsed already
                request.body  # noqa: B018 - read (and kept) before the CSRF check parses a form
            request.csrf_processing_done = False
            reason = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if reason is not None:
                raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
        return authorized(user, self.perms)


AUTH = [TokenAuth(), SessionAuth()]
