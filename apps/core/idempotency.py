"""Stock forms book once per key: the page puts a fresh key in every form it renders
(`{% idempotency_field %}`, apps/core/templatetags/idempotency.py), and a view wrapped
in `@idempotent_post` runs a POST with a given key once per user.

- The key's row (apps.core.models.IdempotencyKey) is inserted in the same transaction
  as the write, before it; the outcome (status, the headers that steer the page, the
  body, the flash messages) is stored in that transaction too. So:
- a retry after the first POST committed (its answer lost with its server, a double
  click) finds the row and gets the same outcome, without booking again;
- a concurrent duplicate blocks on the unique index until the first commits (then it
  replays) or rolls back (then it runs itself); it never books twice and never gets 500
  (a wait longer than the database's lock_timeout is the usual 503 "nothing was saved");
- a POST that is refused (a form error, status 4xx/5xx) rolls its key back with it: the
  corrected form, sent with the same key, runs afresh.
A key sent to another URL than the one it was first used for is refused (422). Keys
are kept for KEY_TTL (24 hours); a small share of requests forgets the expired ones.
POSTs without a key (older pages, tests, scripts) run as before.

The API has the same guarantee for its `Idempotency-Key` header (apps/api/services/
idempotency.py, its own table: it stores the JSON body of an API answer).
"""

import random
import uuid
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone

from apps.core.models import IdempotencyKey

FIELD_NAME = "idempotency_key"
KEY_MAX_LENGTH = 64
KEY_TTL = timedelta(hours=24)
PURGE_SHARE = 0.01
# The headers of an outcome that tell the page (or the browser) what happened.
REPLAYED_HEADERS = (
    "Location",
    "Content-Type",
    "HX-Trigger",
    "HX-Trigger-After-Settle",
    "HX-Trigger-After-Swap",
    "HX-Redirect",
    "HX-Location",
    "HX-Refresh",
    "HX-Retarget",
    "HX-Reswap",
    "HX-Push-Url",
    "HX-Replace-Url",
)
BODY_MAX_LENGTH = 1_000_000


def new_key() -> str:
    return uuid.uuid4().hex


def valid_key(value: str) -> bool:
    return 0 < len(value) <= KEY_MAX_LENGTH and all(c.isalnum() or c in "-_" for c in value)


def _purge_expired() -> None:
    """Forgets expired keys; SKIP LOCKED so that purging writers never wait on each other."""
    with transaction.atomic():
        expired = (
            IdempotencyKey.objects.filter(created_at__lt=timezone.now() - KEY_TTL)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:500]
        )
        IdempotencyKey.objects.filter(pk__in=list(expired)).delete()


def _queued_messages(request) -> list:
    storage = getattr(request, "_messages", None)
    return list(getattr(storage, "_queued_messages", []))


def _replay(request, record: IdempotencyKey) -> HttpResponse:
    if record.path != request.path:
        return HttpResponse(
            "This form was already sent to another page. Reload the page and try again.",
            status=422,
            content_type="text/plain; charset=utf-8",
        )
    for level, text in record.messages:
        messages.add_message(request, level, text)
    response = HttpResponse(record.body, status=record.status_code)
    for name, value in record.headers.items():
        response[name] = value
    response["X-Idempotent-Replay"] = "1"
    return response


def idempotent_post(view):
    """Runs a POST carrying `idempotency_key` once per (user, key); see the module doc."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.POST.get(FIELD_NAME, "") if request.method == "POST" else ""
        if not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if not valid_key(key):
            return HttpResponse(
                "The form's key is malformed. Reload the page and try again.",
                status=422,
                content_type="text/plain; charset=utf-8",
            )
        if random.random() < PURGE_SHARE:
            _purge_expired()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyKey.objects.create(
                        user=request.user, key=key, path=request.path[:255]
                    )
            except IntegrityError:
                # Taken by a committed POST (or one that committed while this one waited).
                record = IdempotencyKey.objects.filter(user=request.user, key=key).first()
                if record is None or record.status_code is None:  # pragma: no cover - race
                    return HttpResponse(
                        "This form is still being saved; try again in a moment.",
                        status=409,
                        content_type="text/plain; charset=utf-8",
                    )
                return _replay(request, record)
            before = len(_queued_messages(request))
            response = view(request, *args, **kwargs)
            if response.status_code >= 400 or getattr(response, "streaming", False):
                transaction.set_rollback(True)  # a refusal is not an outcome to keep
                return response
            body = response.content.decode(response.charset or "utf-8", errors="replace")
            record.status_code = response.status_code
            record.headers = {n: response[n] for n in REPLAYED_HEADERS if response.has_header(n)}
            record.body = body if len(body) <= BODY_MAX_LENGTH else ""
            record.messages = [
                [m.level, str(m.message)] for m in _queued_messages(request)[before:]
            ]
            record.save(update_fields=["status_code", "headers", "body", "messages"])
        return response

    return wrapper
