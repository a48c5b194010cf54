"""Forms of the stock actions (receive, issue, transfer, adjust, count, bulk move, stocktake).

Parts are entered by SKU or barcode and locations by code: what a person types or a
scanner sends. The forms resolve them; the services decide what is allowed (archived
records, negative stock, batches) and their StockError lands next to the field.
"""

from django import forms

from apps.catalog.models import Part
from apps.inventory.models import Location
from apps.inventory.services import StockError, clean_quantity

TEXT = {"autocomplete": "off", "spellcheck": "false"}


def part_for_code(code: str) -> Part | None:
    code = (code or "").strip()
    if not code:
        return None
    return Part.objects.filter(sku__iexact=code).first() or Part.objects.filter(barcode=code).first()


class PartCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Part (SKU or barcode)")
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.TextInput(attrs=TEXT | {"class": "font-mono"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.sku if isinstance(value, Part) else value

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        part = part_for_code(code)
        if part is None:
            raise forms.ValidationError(f"No part with SKU or barcode “{code}”.")
        return part


class LocationCodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Location code")
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs=TEXT | {"class": "font-mono"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, Location) else value

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        location = Location.objects.filter(code__iexact=code.strip()).first()
        if location is None:
            raise forms.ValidationError(f"No location with code “{code}”.")
        return location


class QuantityField(forms.CharField):
    """A quantity typed as text (so "abc" or "1e99" get our message, not the browser's)."""

    def __init__(self, *, signed=False, allow_zero=False, **kwargs):
        self.signed, self.allow_zero = signed, allow_zero
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "class": "tabular-nums"})
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return f"{value.normalize():f}" if hasattr(value, "normalize") else value

    def clean(self, value):
        value = super().clean(value)
        try:
            return clean_quantity(value, signed=self.signed, allow_zero=self.allow_zero)
        except StockError as error:
            raise forms.ValidationError(error.message) from None


class _ActionForm(forms.Form):
    reference = forms.CharField(max_length=100, required=False, help_text="PO number, job, …")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def add_stock_error(self, error: StockError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ReceiveForm(_ActionForm):
    part = PartCodeField()
    location = LocationCodeField()
    quantity = QuantityField()
    batch = forms.CharField(max_length=64, required=False, help_text="Only for parts kept per batch.")
    expiry_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["part", "location", "quantity", "batch", "expiry_date", "reference", "note"]


class IssueForm(_ActionForm):
    part = PartCodeField()
    location = LocationCodeField()
    quantity = QuantityField()
    batch = forms.CharField(max_length=64, required=False, help_text="Only for parts kept per batch.")
    field_order = ["part", "location", "quantity", "batch", "reference", "note"]


class TransferForm(_ActionForm):
    part = PartCodeField()
    from_location = LocationCodeField(label="From location")
    to_location = LocationCodeField(label="To location")
    quantity = QuantityField()
    batch = forms.CharField(max_length=64, required=False, help_text="Only for parts kept per batch.")
    field_order = ["part", "from_location", "to_location", "quantity", "batch", "reference", "note"]

    def clean(self):
        data = super().clean()
        source, target = data.get("from_location"), data.get("to_location")
        if source and target and source.pk == target.pk:
            self.add_error("to_location", "Choose a location other than the source.")
        return data


class AdjustForm(_ActionForm):
    part = PartCodeField()
    location = LocationCodeField()
    quantity_delta = QuantityField(signed=True, label="Change", help_text="Signed: 5 adds, -5 takes away.")
    batch = forms.CharField(max_length=64, required=False, help_text="Only for parts kept per batch.")
    note = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["part", "location", "quantity_delta", "batch", "note", "reference"]


class CountForm(_ActionForm):
    counted_quantity = QuantityField(allow_zero=True, label="Counted quantity")
    field_order = ["counted_quantity", "reference", "note"]


class BulkTransferForm(_ActionForm):
    selected = forms.TypedMultipleChoiceField(coerce=int, choices=(), label="Stock records")
    to_location = LocationCodeField(label="To location")
    field_order = ["to_location", "reference", "note"]

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["selected"].choices = [(item.pk, str(item.pk)) for item in self.items]
        self.fields["selected"].widget = forms.MultipleHiddenInput()
        self.fields["selected"].error_messages["required"] = "Select at least one stock record."


class ReverseForm(forms.Form):
    note = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StocktakeStartForm(forms.Form):
    location = LocationCodeField(help_text="Counts this location and everything below it.")


class StocktakeLineAddForm(forms.Form):
    """A part found during a count where it has no stock record (apps.inventory.services.
    stocktake_line_add decides whether the location is in the count's branch)."""

    part = PartCodeField()
    location = LocationCodeField(help_text="Where it was found: this location or one below it.")
    batch = forms.CharField(label="Batch", max_length=64, required=False, widget=forms.TextInput(attrs=TEXT))
    counted = forms.CharField(
        label="Counted", max_length=32,
        widget=forms.TextInput(attrs=TEXT | {"inputmode": "decimal", "class": "text-right tabular-nums"}),
    )

    def clean_counted(self):
        try:
            return clean_quantity(self.cleaned_data["counted"], field="counted")
        except StockError as error:
            raise forms.ValidationError(error.message) from None


class ScanForm(forms.Form):
    code = forms.CharField(max_length=64, strip=True)
    location = forms.IntegerField(required=False, widget=forms.HiddenInput())
