"""Forms of the stock actions: receive, issue, transfer, adjust, count, bulk move, reverse.

Parts are entered by SKU or barcode and locations by code: what a person types or a
scanner sends. The forms resolve them; the services decide what is allowed (archived
records, negative stock, batches) and their StockError lands next to the field.
"""

from django import forms

from apps.catalog.services.units import part_fraction_error
from apps.core.text_limits import NOTE_LENGTH
from apps.inventory.forms.fields import LocationCodeField, PartCodeField, QuantityField
from apps.inventory.services.stock_validation import StockError


class _ActionForm(forms.Form):
    reference = forms.CharField(max_length=100, required=False, help_text="PO number, job, …")
    note = forms.CharField(
        required=False, max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        # A part counted whole (pcs) refuses 2.5; one measured (m, kg) takes it.
        part = data.get("part")
        for name in ("quantity", "quantity_delta"):
            quantity = data.get(name)
            if part is not None and (error := part_fraction_error(part, quantity)):
                self.add_error(name, error)
        return data

    def add_stock_error(self, error: StockError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ReceiveForm(_ActionForm):
    part = PartCodeField()
    location = LocationCodeField()
    quantity = QuantityField()
    batch = forms.CharField(
        max_length=64, required=False, help_text="Only for parts kept per batch."
    )
    expiry_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    field_order = ["part", "location", "quantity", "batch", "expiry_date", "reference", "note"]


class IssueForm(_ActionForm):
    part = PartCodeField()
    location = LocationCodeField()
    quantity = QuantityField()
    batch = forms.CharField(
        max_length=64, required=False, help_text="Only for parts kept per batch."
    )
    field_order = ["part", "location", "quantity", "batch", "reference", "note"]


class TransferForm(_ActionForm):
    part = PartCodeField()
    from_location = LocationCodeField(label="From location")
    to_location = LocationCodeField(label="To location")
    quantity = QuantityField()
    batch = forms.CharField(
        max_length=64, required=False, help_text="Only for parts kept per batch."
    )
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
    quantity_delta = QuantityField(
        signed=True, label="Change", help_text="Signed: 5 adds, -5 takes away."
    )
    batch = forms.CharField(
        max_length=64, required=False, help_text="Only for parts kept per batch."
    )
    note = forms.CharField(
        label="Reason", max_length=NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
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
    note = forms.CharField(
        label="Reason",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
