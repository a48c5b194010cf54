"""Cross-cutting request handling: Vary on HTMX, no-store for signed-in responses, login
everywhere, query counts."""

from functools import cache

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection
from django.urls import Resolver404, get_urlconf, resolve, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect


@cache
def public_path_prefixes(urlconf: str | None = None) -> tuple[str, ...]:
    """Paths reachable without signing in: the sign-in flow itself, health checks, static
    assets, /favicon.ico and /robots.txt. Not /media/: uploaded files need a signed-in user (apps.core.views.media).

    Built from the URL names once per URLconf, so they follow urls.py."""
    reset_confirm = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": "uid", "token": "token"}
    )
    return (
        reverse("accounts:login"),
        reverse("accounts:password_reset"),  # and its done/ page
        reset_confirm.removesuffix("uid/token/"),  # reset/<uidb64>/<token>/ and reset/done/
        reverse("core:healthz"),
        reverse("core:readyz"),
        reverse("core:favicon"),
        reverse("core:robots"),
        settings.STATIC_URL,
        reverse("admin:login"),
    )


class VaryOnHtmxMiddleware:
    """Pages and fragments share URLs, so caches must key on HX-Request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class PrivateNoStoreMiddleware:
    """A signed-in user's responses (pages, fragments, exports) carry
    `Cache-Control: private, no-store`: neither a shared cache nor the browser keeps
    them, so on a shared workshop PC the history and Back do not show them after sign-out.

    A response that says how it may be cached (the uploaded files, Django's never_cache)
    keeps its own header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def login_not_required_view(request) -> bool:
    """The view of this path is marked with Django's `login_not_required` (it answers
    an anonymous caller itself, as the JSON API does with 401), or the path is under the
    JSON API's prefixes (an unknown address there is a JSON 404, not the sign-in page)."""
    if request.path.startswith(tuple(getattr(settings, "JSON_ERROR_PATH_PREFIXES", ()))):
        return True
    try:
        match = resolve(request.path_info, get_urlconf())
    except Resolver404:
        return False
    return getattr(match.func, "login_required", True) is False


class LoginRequiredEverywhereMiddleware:
    """Every page but the public ones needs a signed-in user (checked on the server).

    HTMX requests get HX-Redirect to the login page instead of a 302 whose target
    would be swapped into the page. Views marked `login_not_required` (the JSON API,
    authenticated by token) are let through: they refuse anonymous callers themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            or request.path.startswith(public_path_prefixes(get_urlconf()))
            or login_not_required_view(request)
        ):
            return self.get_response(request)
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            # 204: htmx follows HX-Redirect and swaps nothing (the layout's responseHandling).
            return HttpResponseClientRedirect(response.url, status=204)
        return response


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count` (database queries run for this request) for the benchmark.

    Off unless QUERY_COUNT_HEADER is set: then Django drops it at start-up
    (MiddlewareNotUsed) and it costs nothing. It sits first in MIDDLEWARE so the session
    and user look-ups are counted too.
    """

    def __init__(self, get_response):
        if not getattr(settings, "QUERY_COUNT_HEADER", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
