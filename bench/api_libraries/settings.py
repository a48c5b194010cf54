"""Settings for the API library comparison (bench/api_libraries/run.py): the project's
settings with Django REST Framework + drf-spectacular and django-ninja both installed
and one parts-list endpoint each (urls.py). Not used by the app."""

from project.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "drf_spectacular", "ninja"]  # noqa: F405
ROOT_URLCONF = "bench.api_libraries.urls"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {"OAS_VERSION": "3.1.0", "TITLE": "bench"}
