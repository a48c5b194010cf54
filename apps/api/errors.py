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


# A handler's answer: (status, body, extra headers).
Answer = tuple[int, dict, dict]


def _invalid(request, exc: ValidationError) -> Answer:
    return 422, error_body("Invalid input.", "invalid", _validation_errors(exc)), {}


def _field_errors(request, exc: FieldErrors) -> Answer:
    errors = [
        {"field": field if field != "__all__" else "", "message": message, "location": ""}
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return 422, error_body(exc.detail, "invalid", errors), {}


def _refused(request, exc: DomainError) -> Answer:
    code = exc.code or "refused"
    status = 409 if (exc.field is None or code in CONFLICT_CODES) else 422
    errors = [{"field": exc.field, "message": exc.message, "location": "body"}] if exc.field else []
    return status, error_body(exc.message, code, errors), {}


def _unauthenticated(request, exc) -> Answer:
    detail = "Authentication required: a Bearer token or a session."
    return 401, error_body(detail, "not_authenticated"), {"WWW-Authenticate": 'Bearer realm="api"'}


def _forbidden(request, exc) -> Answer:
    detail = str(exc) or "You do not have permission to do this."
    return 403, error_body(detail, "permission_denied"), {}


def _not_found(request, exc) -> Answer:
    return 404, error_body("Not found.", "not_found"), {}


def _bad_request(request, exc: BadRequest) -> Answer:
    return 400, error_body(str(exc) or "Bad request.", "bad_request"), {}


def _too_big(request, exc) -> Answer:
    return 413, error_body("The request body is too large.", "too_large"), {}


def _suspicious(request, exc) -> Answer:
    return 400, error_body("Bad request.", "bad_request"), {}


def _not_json(request, exc) -> Answer:
    detail = "Send the body as JSON (Content-Type: application/json)."
    return 415, error_body(detail, "unsupported_media_type"), {}


# deadlock, serialisation failure, lock or statement timeout: the same request may pass.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03", "57014"}


def _database_busy_or_away(request, exc: OperationalError) -> Answer:
    if getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES:
        body = error_body("A conflicting change was being made; retry.", "conflict")
        return 409, body, {"Retry-After": "1"}
    return _database_away(request, exc)


def _database_away(request, exc) -> Answer:
    body = error_body("The database is unavailable; retry shortly.", "unavailable")
    return 503, body, {"Retry-After": "10"}


def _rate_limited(request, exc: RateLimited) -> Answer:
    body = error_body("Too many requests; slow down.", "rate_limited")
    return 429, body, {"Retry-After": str(exc.retry_after)}


HTTP_ERROR_CODES = {400: "bad_request", 403: "permission_denied", 405: "method_not_allowed"}


def _http_error(request, exc: HttpError) -> Answer:
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    return exc.status_code, error_body(str(exc), code), {}


def _server_error(request, exc) -> Answer:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return 500, error_body("Server error.", "server_error"), {}


# Ninja picks the handler of the nearest class in the exception's MRO, so Exception only
# catches what nothing above names.
ANSWERS = {
    ValidationError: _invalid,
    FieldErrors: _field_errors,
    DomainError: _refused,
    AuthenticationError: _unauthenticated,
    PermissionDenied: _forbidden,
    Http404: _not_found,
    ObjectDoesNotExist: _not_found,
    BadRequest: _bad_request,
    RequestDataTooBig: _too_big,
    SuspiciousOperation: _suspicious,
    RawPostDataException: _not_json,
    OperationalError: _database_busy_or_away,
    InterfaceError: _database_away,
    RateLimited: _rate_limited,
    HttpError: _http_error,
    Exception: _server_error,
}


def install(api) -> None:
    """Registers the handlers on the NinjaAPI `api`."""
    for exception, answer in ANSWERS.items():
        api.add_exception_handler(exception, _responding(api, answer))


def _responding(api, answer):
    def respond(request, exc):
        status, body, headers = answer(request, exc)
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    return respond
