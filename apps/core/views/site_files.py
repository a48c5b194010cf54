"""The files browsers and crawlers ask for at the site's root, answered without sign-in:
/favicon.ico (asked for by every browser, whatever the page links to) and /robots.txt."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"
# An inventory behind a sign-in has nothing for search engines.
ROBOTS = "User-agent: *\nDisallow: /\n"


@require_GET
@cache_control(public=True, max_age=86_400)
def favicon(request):
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")


@require_GET
@cache_control(public=True, max_age=86_400)
def robots(request):
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")
