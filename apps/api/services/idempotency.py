"""Idempotent writes: a POST sent with an `Idempotency-Key` header books once, however
often it is retried with the same key (per user).

The key's row is inserted in the same transaction as the write it guards, before it:
- a retry after the first request committed finds the row and gets the stored response;
- a concurrent duplicate blocks on the unique index until the first commits (then it
  replays its response) or rolls back (then it runs the write itself);
- a write that is refused (a DomainError) rolls the key back with it: refusals are not
  stored, a corrected retry with the same key runs afresh.
The same key with a different request (method, path or body) is refused (422). Keys are
kept for IDEMPOTENCY_TTL (24 hours), then forgotten.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.api.models import IdempotencyKey
from apps.core.errors import DomainError

IDEMPOTENCY_TTL = timedelta(hours=24)
KEY_MAX_LENGTH = 255


class IdempotencyError(DomainError):
    """The Idempotency-Key header is malformed or was used for another request."""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict
    replayed: bool = False


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def clean_key(key: str) -> str:
    if not key or len(key) > KEY_MAX_LENGTH or not all(33 <= ord(c) <= 126 for c in key):
        raise IdempotencyError(
            f"Idempotency-Key must be 1 to {KEY_MAX_LENGTH} visible ASCII characters.",
            field="Idempotency-Key",
            code="invalid_idempotency_key",
        )
    return key


def idempotent_write(
    *, user, key: str | None, fingerprint: str, perform: Callable[[], tuple[int, dict]]
) -> Outcome:
    """Runs `perform` (which returns the status and JSON body of its response) once per
    (user, key); without a key, simply runs it."""
    if key is None:
        return Outcome(*perform())
    key = clean_key(key)
    with transaction.atomic():
        now = timezone.now()
        IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_TTL).delete()
        try:
            with transaction.atomic():
                record = IdempotencyKey.objects.create(
                    user=user, key=key, fingerprint=fingerprint, created_at=now
                )
        except IntegrityError:
            # Taken by a committed request (or one that committed while we waited).
            existing = IdempotencyKey.objects.filter(user=user, key=key).first()
            if existing is None or existing.status_code is None:  # pragma: no cover - race
                raise IdempotencyError(
                    "A request with this Idempotency-Key is still in progress; retry shortly.",
                    code="idempotency_in_progress",
                ) from None
            if existing.fingerprint != fingerprint:
                raise IdempotencyError(
                    "This Idempotency-Key was used for a different request.",
                    field="Idempotency-Key",
                    code="idempotency_key_reused",
                ) from None
            return Outcome(existing.status_code, json.loads(existing.response_body), True)
        status, body = perform()
        record.status_code = status
        record.response_body = json.dumps(body)
        record.save(update_fields=["status_code", "response_body"])
    return Outcome(status, body)
