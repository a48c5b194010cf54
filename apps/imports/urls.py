from django.urls import path

from apps.imports.views import exports, jobs, rows, templates

app_name = "imports"

urlpatterns = [
    path("imports/", jobs.import_list, name="import_list"),
    path("imports/new/", jobs.import_new, name="import_new"),
    path(
        "imports/templates/<str:kind>.<str:file_format>",
        templates.import_template,
        name="import_template",
    ),
    path("imports/<int:pk>/", jobs.import_detail, name="import_detail"),
    path("imports/<int:pk>/sheet/", jobs.import_sheet, name="import_sheet"),
    path("imports/<int:pk>/mapping/", jobs.import_mapping, name="import_mapping"),
    path("imports/<int:pk>/progress/", jobs.import_progress, name="import_progress"),
    path("imports/<int:pk>/commit/", jobs.import_commit, name="import_commit"),
    path("imports/<int:pk>/cancel/", jobs.import_cancel, name="import_cancel"),
    path("imports/<int:pk>/discard/", jobs.import_discard, name="import_discard"),
    path("imports/<int:pk>/undo/", jobs.import_undo, name="import_undo"),
    path("imports/<int:pk>/rows/<int:row>/", rows.row_fix, name="row_fix"),
    path("imports/<int:pk>/rows/<int:row>/skip/", rows.row_skip, name="row_skip"),
    path("exports/<str:list_name>/", exports.list_export, name="list_export"),
]
