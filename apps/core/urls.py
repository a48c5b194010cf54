from django.conf import settings
from django.urls import path

from apps.core.views import baseline, health, media, site_files

app_name = "core"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("baseline/", baseline.baseline, name="baseline"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path("robots.txt", site_files.robots, name="robots"),
    # Uploaded files behind sign-in; stored URLs keep their MEDIA_URL (/media/...).
    path(settings.MEDIA_URL.lstrip("/") + "<path:path>", media.media_file, name="media_file"),
]
