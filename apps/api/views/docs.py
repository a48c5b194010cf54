"""The OpenAPI 3.1 schema (/api/schema/) and the browsable reference (/api/docs/)."""

from functools import cache

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.api.api import api
from apps.api.auth import TokenAuth
from apps.api.errors import RateLimited, error_body
from apps.core.access import PUBLIC, permission_required


@cache
def openapi_schema() -> dict:
    """The schema of /api/v1/ (built once per process: it only changes with the code)."""
    schema = dict(api.get_openapi_schema(path_prefix=reverse("api:part_list").split("parts/")[0]))
    for operations in schema["paths"].values():
        if "get" in operations:
            # The web server itself refuses an address longer than it accepts (Gunicorn:
            # 4,094 bytes in the request line), before the API sees it.
            operations["get"]["responses"]["414"] = {
                "description": "URI Too Long (answered by the web server)",
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
    return schema


@login_not_required
@require_GET
@permission_required(*PUBLIC)
def schema(request):
    """Signed-in users and token holders only, like everything but sign-in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        try:
            if TokenAuth()(request) is None:
                user = None
        except RateLimited as limited:
            response = JsonResponse(error_body("Too many requests.", "rate_limited"), status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        response = JsonResponse(
            error_body(
                "Authentication required: a Bearer token or a session.", "not_authenticated"
            ),
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    return JsonResponse(openapi_schema(), json_dumps_params={"indent": None})


@require_GET
@permission_required(*PUBLIC)
def reference(request):
    """Swagger UI under the project's strict CSP: its script and styles are files, its
    setup is static/js/api_docs.js; it sets styles through the DOM only, which CSP allows
    (e2e/test_api.py checks that no violation is reported)."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:schema")})
