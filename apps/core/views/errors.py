"""The error handlers (project/urls.py `handler400/403/404/500`).

Under settings.JSON_ERROR_PATH_PREFIXES (the JSON API) errors are JSON, shaped like
the API's own: {"detail", "code", "errors"}; elsewhere they are the project's pages.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views import defaults


def wants_json(request) -> bool:
    prefixes = tuple(getattr(settings, "JSON_ERROR_PATH_PREFIXES", ()))
    return bool(prefixes) and request.path.startswith(prefixes)


def _json(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code, "errors": []}, status=status)


def bad_request(request, exception):
    if wants_json(request):
        return _json(400, str(exception) or "Bad request.", "bad_request")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if wants_json(request):
        return _json(403, "You do not have permission to do this.", "permission_denied")
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if wants_json(request):
        return _json(404, "Not found.", "not_found")
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 handler; a database that went away is a 503 with a page saying so.

    The templates here render without context processors: they must not touch the
    database that may be the reason we are here.
    """
    error = sys.exc_info()[1]
    unavailable = isinstance(error, (OperationalError, InterfaceError))
    if wants_json(request):
        if unavailable:
            response = _json(503, "The database is unavailable; retry shortly.", "unavailable")
            response["Retry-After"] = "10"
            return response
        return _json(500, "Server error.", "server_error")
    if unavailable:
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
