from django.contrib import admin

from apps.reports.models import ExchangeRate, LedgerDay, PartActivity, SnapshotBuild, ValueSnapshot


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "valid_from", "rate", "note"]
    list_filter = ["currency"]
    date_hierarchy = "valid_from"


class BuiltByCommand(admin.ModelAdmin):
    """The nightly pre-aggregates (manage.py reports_snapshot): shown, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SnapshotBuild)
class SnapshotBuildAdmin(BuiltByCommand):
    list_display = ["built_at", "first_day", "last_day", "last_movement_id", "parts_changed_at"]


@admin.register(ValueSnapshot)
class ValueSnapshotAdmin(BuiltByCommand):
    list_display = ["dimension", "day", "node", "value"]
    list_filter = ["dimension"]


@admin.register(PartActivity)
class PartActivityAdmin(BuiltByCommand):
    list_display = ["part", "last_moved_at", "issued_30", "issued_90", "issued_365"]
    raw_id_fields = ["part"]
    list_select_related = ["part"]


@admin.register(LedgerDay)
class LedgerDayAdmin(BuiltByCommand):
    list_display = ["day", "kind", "lines", "quantity"]
    list_filter = ["kind"]
