"""Top-level routes. Each app owns its own urls.py."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("", include("apps.core.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.catalog.urls")),
    path("", include("apps.inventory.urls")),
    path("", include("apps.purchasing.urls")),
    path("", include("apps.audit.urls")),
    path("", include("apps.attachments.urls")),
    path("api/", include("apps.api.urls")),
    path("", include("apps.imports.urls")),
    path("", include("apps.notices.urls")),
    path("reports/", include("apps.reports.urls")),
    path("", include("apps.labels.urls")),
    path("", include("apps.floor.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "apps.core.views.errors.bad_request"
handler403 = "apps.core.views.errors.permission_denied"
handler404 = "apps.core.views.errors.page_not_found"
handler500 = "apps.core.views.errors.server_error"
