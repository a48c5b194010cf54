"""The reports' filters: every one a GET form, its values in the URL."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from apps.catalog.models import Category
from apps.core.listing.dates import DayField
from apps.purchasing.models import Supplier
from apps.reports.selectors.movements import PERIODS

INPUT = "rounded border border-slate-300 px-2 py-1.5 text-sm shadow-sm"
# The longest range each period may cover (a bar each: the chart stays readable).
MAX_PERIODS = {"day": 92, "week": 105, "month": 60}


def _date(label, **kwargs):
    return DayField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": INPUT}),
        **kwargs,
    )


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u00a0\u00a0" * obj.depth + obj.name


def _category_field():
    return CategoryChoiceField(
        queryset=Category.objects.order_by("path"),
        required=False,
        empty_label="All categories",
        help_text="This category and everything below it.",
        widget=forms.Select(attrs={"class": INPUT}),
    )


def _days_field(initial, label="Days"):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=3650,
        required=False,
        initial=initial,
        widget=forms.NumberInput(attrs={"class": INPUT + " w-24"}),
    )


class ValueForm(forms.Form):
    as_of = _date("As of (end of day)")
    node = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("Choose today or a day in the past.")
        return day


class MovementForm(forms.Form):
    period = forms.ChoiceField(
        choices=list(PERIODS.items()),
        required=False,
        widget=forms.Select(attrs={"class": INPUT}),
    )
    date_from = _date("From")
    date_to = _date("To")
    part = forms.CharField(
        label="Part SKU",
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT, "size": 10, "autocomplete": "off"}),
    )
    category = _category_field()
    location = forms.CharField(
        label="Location code",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT, "size": 10, "autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        period = data.get("period") or "day"
        data["period"] = period
        today = timezone.localdate()
        date_to = data.get("date_to") or today
        default_span = {"day": 29, "week": 7 * 12 - 1, "month": 365}[period]
        date_from = data.get("date_from") or date_to - timedelta(days=default_span)
        if date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
            return data
        limit = MAX_PERIODS[period]
        span = (date_to - date_from).days
        count = {"day": span + 1, "week": span // 7 + 1, "month": span // 28 + 1}[period]
        if count > limit:
            self.add_error(
                "date_from",
                f"At most {limit} {period}s at once: shorten the range or pick a longer period.",
            )
        data["date_from"], data["date_to"] = date_from, date_to
        data["part"] = data.get("part", "").strip()
        data["location"] = data.get("location", "").strip()
        return data


class UsageForm(forms.Form):
    days = _days_field(90, "Last days")
    category = _category_field()


class DeadStockForm(forms.Form):
    days = _days_field(365, "No movement in (days)")
    category = _category_field()


class PurchasingForm(forms.Form):
    date_from = _date("From")
    date_to = _date("To")
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.order_by("name"),
        required=False,
        empty_label="All suppliers",
        widget=forms.Select(attrs={"class": INPUT}),
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        today = timezone.localdate()
        date_to = data.get("date_to") or today
        date_from = data.get("date_from") or date_to.replace(day=1)
        if date_from > date_to:
            self.add_error("date_to", "The end date is before the start date.")
        elif (date_to - date_from).days > 366 * 5:
            self.add_error("date_from", "At most five years at once.")
        data["date_from"], data["date_to"] = date_from, date_to
        return data
