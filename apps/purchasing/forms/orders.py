"""Forms of the purchase order pages: the list's filters, the order header and its
formset of lines. The rules that touch several rows live in apps/purchasing/services/."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Part
from apps.core.listing.dates import DayField
from apps.core.text_limits import TEXT_LENGTH
from apps.purchasing.models import Status, Supplier

LINE_VALUE_LIMIT = Decimal(10) ** 13


def _day(label):
    return DayField(
        label=label,
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "order-date rounded border border-slate-300 px-2 py-2"}
        ),
    )


class OrderFilterForm(forms.Form):
    placed_from = _day("Placed from")
    placed_to = _day("Placed to")
    received_from = _day("Received from")
    received_to = _day("Received to")
    status = forms.ChoiceField(
        choices=[
            ("", "All statuses"),
            ("open", "Open (ordered or partly received)"),
            *list(Status.choices),
        ],
        required=False,
    )
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), required=False, empty_label="All suppliers"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.only("pk", "name").order_by("name")

    def clean(self):
        data = super().clean()
        for start, end in (("placed_from", "placed_to"), ("received_from", "received_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, "The end date is before the start date.")
        return data

    def day_ranges(self) -> dict:
        """The date filters as aware datetimes [start, end), both days included, in the
        keyword arguments of OrderFilters."""
        data, ranges = self.cleaned_data, {}
        for key in ("placed_from", "received_from"):
            if data.get(key):
                ranges[key] = timezone.make_aware(datetime.combine(data[key], time.min))
        for key in ("placed_to", "received_to"):
            if data.get(key):
                next_day = data[key] + timedelta(days=1)
                ranges[key] = timezone.make_aware(datetime.combine(next_day, time.min))
        return ranges


class PurchaseOrderForm(forms.Form):
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(), empty_label="Choose a supplier…"
    )
    expected_date = forms.DateField(
        required=False,
        label="Expected delivery",
        widget=forms.DateInput(
            attrs={"type": "date", "class": "w-full rounded border border-slate-300 px-2 py-2"},
            format="%Y-%m-%d",
        ),
    )
    notes = forms.CharField(
        required=False, max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, current_supplier=None, **kwargs):
        super().__init__(*args, **kwargs)
        suppliers = Supplier.objects.filter(is_active=True)
        if current_supplier is not None:
            suppliers = Supplier.objects.filter(pk=current_supplier.pk) | suppliers
        self.fields["supplier"].queryset = suppliers.only("pk", "name", "currency").order_by("name")


class PurchaseOrderLineForm(forms.Form):
    line_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    part = forms.ModelChoiceField(
        queryset=Part.objects.only("pk", "sku", "name", "unit", "unit_cost", "is_active"),
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid_choice": "That part no longer exists; choose another."},
    )
    part_label = forms.CharField(required=False, max_length=300, label="Part")
    quantity = forms.DecimalField(
        **QUANTITY_DIGITS,
        min_value=Decimal("0.001"),
        required=False,
        error_messages={"min_value": "Must be more than zero."},
    )
    unit_price = forms.DecimalField(
        **MONEY_DIGITS,
        min_value=Decimal("0"),
        required=False,
        error_messages={"min_value": "Cannot be negative."},
    )

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE"):
            return data
        if not data.get("part") and "part" not in self.errors:
            self.add_error("part_label", "Choose a part from the suggestions.")
        if data.get("quantity") is None and "quantity" not in self.errors:
            self.add_error("quantity", "Enter a quantity.")
        if data.get("unit_price") is None and "unit_price" not in self.errors:
            self.add_error("unit_price", "Enter a unit price.")
        return data

    @property
    def line_total(self):
        """The line's total from its current (possibly invalid) values, or None."""
        try:
            quantity = Decimal(str(self["quantity"].value()).strip())
            price = Decimal(str(self["unit_price"].value()).strip())
        except (ArithmeticError, ValueError):  # decimal.InvalidOperation is an ArithmeticError
            return None
        if not quantity.is_finite() or not price.is_finite():
            return None
        # Beyond what the fields accept (13 digits) there is no total to show, and a
        # product of exponents past the decimal context's range would raise Overflow.
        if quantity.copy_abs() >= LINE_VALUE_LIMIT or price.copy_abs() >= LINE_VALUE_LIMIT:
            return None
        return quantity * price


class BaseLineFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # A line added with "Add line" and left empty is validated like any other (its
        # messages say what is missing, or it can be removed): Django would skip it as
        # an unchanged extra form, and saving then found no part in it.
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self):
        if any(self.errors):
            return
        live = [f for f in self.forms if not self._should_delete_form(f)]
        if not live:
            raise ValidationError("An order needs at least one line.")


LineFormSet = forms.formset_factory(
    PurchaseOrderLineForm,
    formset=BaseLineFormSet,
    extra=0,
    can_delete=True,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)


def empty_line_formset(prefix="lines"):
    return LineFormSet(prefix=prefix, initial=[{}])
