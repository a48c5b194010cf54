"""What the purchasing views share: the answer to a successful write."""

from django.shortcuts import redirect
from django_htmx.http import HttpResponseClientRedirect

from apps.core.htmx import is_fragment_request


def redirect_after_write(request, url: str):
    """HTMX: go to `url` with a client-side redirect (204, HX-Redirect); otherwise a 302."""
    if is_fragment_request(request):
        return HttpResponseClientRedirect(url, status=204)
    return redirect(url)
