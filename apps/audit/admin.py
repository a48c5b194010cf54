from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from apps.audit.models import AuditEntry
from apps.core.admin import ViewOnlyAdminMixin


@admin.register(AuditEntry)
class AuditEntryAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: history is written by the recorder, never by hand."""

    list_display = ("created_at", "user", "action", "content_type", "object_link", "request_short")
    list_filter = (
        "action",
        "content_type",
        ("user", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    search_fields = ("object_repr", "object_id", "request_id", "user__username", "source")
    date_hierarchy = "created_at"
    list_select_related = ("user", "content_type")
    readonly_fields = (
        "created_at",
        "user",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "request_id",
        "source",
        "changes_table",
    )
    exclude = ("changes",)
    show_full_result_count = False

    @admin.display(description="record")
    def object_link(self, entry):
        try:
            url = reverse(
                "audit:record_history",
                args=[
                    f"{entry.content_type.app_label}.{entry.content_type.model}",
                    entry.object_id,
                ],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html('<a href="{}">{}</a>', url, entry.object_repr)

    @admin.display(description="request")
    def request_short(self, entry):
        url = reverse("admin:audit_auditentry_changelist") + f"?request_id={entry.request_id}"
        return format_html(
            '<a href="{}" title="All changes of this request">{}</a>', url, entry.request_id[:8]
        )

    @admin.display(description="changes")
    def changes_table(self, entry):
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (
                    name,
                    pair[0] if isinstance(pair, list) else "",
                    pair[1] if isinstance(pair, list) else pair,
                )
                for name, pair in sorted((entry.changes or {}).items())
            ),
        )
        return format_html(
            "<table><tr><th>field</th><th>before</th><th>after</th></tr>{}</table>", rows
        )
