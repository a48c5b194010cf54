"""A URL configuration for test_reversing: another prefix and a text converter."""

from django.http import HttpResponse
from django.urls import include, path


def _view(request, **kwargs):
    return HttpResponse()


things = (
    [
        path("things/<int:pk>/", _view, name="thing"),
        path("code/<str:code>/", _view, name="by_code"),
    ],
    "things",
)
urlpatterns = [path("elsewhere/", include(things))]
