"""How the API answers when something is wrong: always JSON, never a 500 for bad input.

    {"detail": "…", "code": "…", "errors": [{"field": "quantity", "message": "…"}]}

- invalid input (types, ranges, a filter the pages' forms refuse) → 422, per field;
- a domain rule's refusal (DomainError) → 422 when it names a field, else 409 (the
  record's state does not allow it: an order no longer a draft, already reversed …);
- unknown id → 404, missing permission → 403, no or bad credentials → 401,
  too many requests → 429 with Retry-After, a malformed request → 400.
"""

import logging

from django.core.exceptions import (
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.http.request import RawPostDataException
from ninja.errors import AuthenticationError, HttpError, ValidationError

from apps.core.errors import DomainError

logger = logging.getLogger("apps.api")

# Refusals that are conflicts with the record's state even though they name a field.
CONFLICT_CODES = {"idempotency_in_progress", "over_receipt"}


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__("Too many requests.")
        self.retry_after = retry_after


class FieldErrors(Exception):
    """Input refused by a form of the pages: {field: [messages]} → 422."""

    def __init__(self, errors: dict[str, list[str]], detail: str = "Invalid input."):
        super().__init__(detail)
        self.errors = errors
        self.detail = detail


def error_body(detail: str, code: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "code": code, "errors": errors or []}


def _location_field(loc) -> tuple[str, str]:
    """pydantic's error location → (where, field name) for the client."""
    parts = [str(p) for p in loc]
    where = parts[0] if parts else ""
    names = [p for p in parts[1:] if p not in {"payload", "body"}]
    return where, ".".join(names) or where


def _validation_errors(exc: ValidationError) -> list[dict]:
    errors = []
    for error in exc.errors:
        where, field = _location_field(error.get("loc", ()))
        message = str(error.get("msg", "Invalid value."))
        errors.append({"field": field, "message": message, "location": where})
    return errors


def install(api) -> None:
    """Registers the handlers on the NinjaAPI `api`."""

    def respond(request, status, body, headers=None):
        response = api.create_response(request, body, status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation(request, exc):
        return respond(
            request, 422, error_body("Invalid input.", "invalid", _validation_errors(exc))
        )

    @api.exception_handler(FieldErrors)
    def field_errors(request, exc):
        errors = [
            {"field": field if field != "__all__" else "", "message": message, "location": ""}
            for field, messages in exc.errors.items()
            for message in messages
        ]
        return respond(request, 422, error_body(exc.detail, "invalid", errors))

    @api.exception_handler(DomainError)
    def refused(request, exc):
        code = exc.code or "refused"
        status = 409 if (exc.field is None or code in CONFLICT_CODES) else 422
        errors = (
            [{"field": exc.field, "message": exc.message, "location": "body"}] if exc.field else []
        )
        return respond(request, status, error_body(exc.message, code, errors))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return respond(
            request,
            401,
            error_body(
                "Authentication required: a Bearer token or a session.", "not_authenticated"
            ),
            {"WWW-Authenticate": 'Bearer realm="api"'},
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        detail = str(exc) or "You do not have permission to do this."
        return respond(request, 403, error_body(detail, "permission_denied"))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, error_body("Not found.", "not_found"))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return respond(request, 404, error_body("Not found.", "not_found"))

    @api.exception_handler(BadRequest)
    def bad_request(request, exc):
        return respond(request, 400, error_body(str(exc) or "Bad request.", "bad_request"))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, error_body("The request body is too large.", "too_large"))

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return respond(request, 400, error_body("Bad request.", "bad_request"))

    @api.exception_handler(RawPostDataException)
    def not_json(request, exc):
        return respond(
            request,
            415,
            error_body(
                "Send the body as JSON (Content-Type: application/json).", "unsupported_media_type"
            ),
        )

    @api.exception_handler(OperationalError)
    def database_busy_or_away(request, exc):
        sqlstate = getattr(exc.__cause__, "sqlstate", None)
        if sqlstate in {
            "40P01",
            "40001",
            "55P03",
            "57014",
        }:  # deadlock, serialisation, lock/statement timeout
            return respond(
                request,
                409,
                error_body("A conflicting change was being made; retry.", "conflict"),
                {"Retry-After": "1"},
            )
        return database_away(request, exc)

    @api.exception_handler(InterfaceError)
    def database_away(request, exc):
        return respond(
            request,
            503,
            error_body("The database is unavailable; retry shortly.", "unavailable"),
            {"Retry-After": "10"},
        )

    @api.exception_handler(RateLimited)
    def rate_limited(request, exc):
        return respond(
            request,
            429,
            error_body("Too many requests; slow down.", "rate_limited"),
            {"Retry-After": str(exc.retry_after)},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = {400: "bad_request", 403: "permission_denied", 405: "method_not_allowed"}
        return respond(
            request, exc.status_code, error_body(str(exc), code.get(exc.status_code, "error"))
        )

    @api.exception_handler(Exception)
    def server_error(request, exc):
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body("Server error.", "server_error"))
