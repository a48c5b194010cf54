from django.contrib import admin

from apps.core.admin import ViewOnlyAdminMixin
from apps.notices.models import NoticePreference, NoticeSchedule, SentNotice


@admin.register(NoticePreference)
class NoticePreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "low_stock", "overdue_orders", "updated_at")
    list_filter = ("low_stock", "overdue_orders")
    search_fields = ("user__username", "user__email")
    raw_id_fields = ("user",)
    filter_horizontal = ("categories",)


@admin.register(SentNotice)
class SentNoticeAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """What was sent is history: shown, never edited (a deleted row would send again)."""

    list_display = ("sent_at", "kind", "day", "email", "subject", "item_count")
    list_filter = ("kind", "day")
    search_fields = ("email", "subject", "user__username")
    raw_id_fields = ("user",)
    date_hierarchy = "sent_at"


@admin.register(NoticeSchedule)
class NoticeScheduleAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "next_run_at", "last_run_on", "task_result_id")
