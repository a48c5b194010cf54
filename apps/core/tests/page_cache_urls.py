"""A tiny page for the page-cache tests: user name, a count, CSRF tokens in two places."""

from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from apps.catalog.models import Category
from apps.core.response_cache import cached_page
from project import urls as project_urls

PAGE = engines["django"].from_string(
    """<body hx-headers='{"X-CSRFToken": "{{ csrf_token }}"}'>{{ user.username }}: {{ count }} categories"""
    """{% if request.htmx %} (fragment){% endif %}<form method="post">{% csrf_token %}</form></body>"""
)


@cached_page
def page(request):
    return HttpResponse(PAGE.render({"count": Category.objects.count()}, request))


def add_message(request):
    messages.success(request, "Saved.")
    return HttpResponse("ok")


# The project's own routes too: the layout's navigation reverses them.
urlpatterns = [
    path("cached/", page, name="cached"),
    path("message/", add_message, name="message"),
    *project_urls.urlpatterns,
]
