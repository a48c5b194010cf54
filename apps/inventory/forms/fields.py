"""Form fields for what a person types or a scanner sends: a part by SKU or barcode, a
location by code, a quantity as text. The fields resolve codes; the services decide what
is allowed (archived records, negative stock, batches)."""

from django import forms

from apps.catalog.models import Part
from apps.inventory.models import Location
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.parts import part_for_code
from apps.inventory.services.stock_validation import StockError, clean_quantity

TEXT = {"autocomplete": "off", "spellcheck": "false"}


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
        location = location_for_code(code)
        if location is None:
            raise forms.ValidationError(f"No location with code “{code}”.")
        return location


class QuantityField(forms.CharField):
    """A quantity typed as text (so "abc" or "1e99" get our message, not the browser's)."""

    def __init__(self, *, signed=False, allow_zero=False, **kwargs):
        self.signed, self.allow_zero = signed, allow_zero
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "tabular-nums"}
            ),
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
