"""What every write endpoint does: run the owning app's service (inside the idempotency
guard when the client sent an `Idempotency-Key`), and answer with the response body as
the schema serialises it, so a replay returns exactly the first response."""

import time

from django.db import OperationalError
from django.http import HttpResponse
from ninja import Header, Status

from apps.api.services.idempotency import idempotent_write, request_fingerprint
from apps.core.errors import DomainError

IdempotencyKeyHeader = Header(
    None,
    alias="Idempotency-Key",
    max_length=255,
    description="Any unique string (a UUID): a retry with the same key books once and "
    "gets the first response again (header `Idempotent-Replayed: true`).",
)


ATTEMPTS = 3
TRANSIENT = {"40P01", "40001"}  # deadlock_detected, serialization_failure


def is_transient(error: OperationalError) -> bool:
    return getattr(getattr(error, "__cause__", None), "sqlstate", None) in TRANSIENT


def renamed(error: DomainError, fields: dict[str, str]) -> DomainError:
    """The service's field name as the API calls it (stock_item → stock_record …)."""
    if error.field in fields:
        error.field = fields[error.field]
    return error


def write(request, response: HttpResponse, *, schema, perform, status=201, key=None, fields=None):
    """Runs `perform()` and answers `status` with its result in `schema`."""

    def run():
        try:
            result = perform()
        except DomainError as error:
            raise renamed(error, fields or {}) from None
        return status, schema.model_validate(result).model_dump(mode="json")

    fingerprint = request_fingerprint(request.method, request.path, request.body)
    for attempt in range(ATTEMPTS):
        try:
            outcome = idempotent_write(
                user=request.user, key=key, fingerprint=fingerprint, perform=run
            )
            break
        except OperationalError as error:
            # A deadlock or serialisation failure rolled the whole write back: run it
            # again (PostgreSQL checks foreign keys at COMMIT, taking row locks late).
            if not is_transient(error) or attempt == ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    if outcome.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(outcome.status, outcome.body)
