"""Filter forms of the inventory lists (stock on hand, the ledger).

Filter values that are malformed (a bad date, an unknown kind or category id) make the
request a 400; a well-formed code or SKU that matches nothing just shows no rows with a
note, because a person typed it.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest
from django.utils import timezone

from apps.catalog.models import Category
from apps.core.listing.dates import DayField
from apps.inventory.models import MovementKind

INPUT = "rounded border border-slate-300 px-2 py-1.5 text-sm shadow-sm"


def valid_or_400(form: forms.Form) -> dict:
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.cleaned_data


def focus_results(request) -> bool:
    """After paging or sorting (a link inside the results), focus moves to the new
    results; after typing in the filter form (id "list-filter") it stays in the form."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and htmx.trigger != "list-filter"


def start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u00a0\u00a0" * obj.depth + obj.name


class StockFilterForm(forms.Form):
    location = forms.CharField(
        label="Location code",
        max_length=32,
        required=False,
        help_text="This location and everything below it.",
        widget=forms.TextInput(attrs={"class": INPUT, "size": 10, "autocomplete": "off"}),
    )
    category = CategoryChoiceField(
        queryset=Category.objects.order_by("path"),
        required=False,
        empty_label="All categories",
        widget=forms.Select(attrs={"class": INPUT}),
    )
    expires_before = forms.DateField(
        label="Expiring before",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": INPUT}),
    )
    zero = forms.BooleanField(label="Zero or negative only", required=False)
    select = forms.BooleanField(required=False)  # rows with checkboxes, to move several

    def clean_location(self):
        return self.cleaned_data["location"].strip()


class MovementFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *MovementKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": INPUT}),
    )
    part = forms.CharField(
        label="Part SKU",
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT, "size": 10, "autocomplete": "off"}),
    )
    location = forms.CharField(
        label="Location code",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"class": INPUT, "size": 10, "autocomplete": "off"}),
    )
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.order_by("username"),
        to_field_name="username",
        required=False,
        empty_label="Anyone",
        widget=forms.Select(attrs={"class": INPUT}),
    )
    date_from = DayField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date", "class": INPUT})
    )
    date_to = DayField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date", "class": INPUT})
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def date_range(self) -> tuple:
        """Aware datetimes [from, to) covering the chosen days, both ends inclusive."""
        data = self.cleaned_data
        start = start_of_day(data["date_from"]) if data.get("date_from") else None
        end = start_of_day(data["date_to"] + timedelta(days=1)) if data.get("date_to") else None
        return start, end
