from django.contrib import admin

from apps.reports.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "valid_from", "rate", "note"]
    list_filter = ["currency"]
    date_hierarchy = "valid_from"
