"""Security middleware: headers Django does not set itself, and rejecting input no view
should ever see (NUL bytes) with a 400 instead of letting it reach the database."""

from django.conf import settings
from django.core.exceptions import BadRequest

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SecurityHeadersMiddleware:
    """Permissions-Policy (and any other header in SECURITY_HEADERS) on every response.

    Django's SecurityMiddleware, XFrameOptionsMiddleware and ContentSecurityPolicyMiddleware
    set HSTS, nosniff, Referrer-Policy, COOP, X-Frame-Options and CSP.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = dict(getattr(settings, "SECURITY_HEADERS", {}))
        if getattr(settings, "PERMISSIONS_POLICY", None):
            self.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulBytesMiddleware:
    """A NUL byte in the path, the query string or form data is a 400.

    PostgreSQL cannot store or compare NUL in text, so such a value would otherwise turn
    a search or a form into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(
            value for values in request.GET.lists() for value in [values[0], *values[1]]
        ):
            raise BadRequest("NUL byte in the address.")
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            if _has_nul(
                value for values in request.POST.lists() for value in [values[0], *values[1]]
            ):
                raise BadRequest("NUL byte in the form data.")
            if request.content_type == "multipart/form-data" and _has_nul(
                upload.name for uploads in request.FILES.lists() for upload in uploads[1]
            ):
                raise BadRequest("NUL byte in a file name.")
        return self.get_response(request)
