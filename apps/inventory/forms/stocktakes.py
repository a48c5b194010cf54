"""Forms of stocktakes: start a count, add a part found where it has no stock record."""

from django import forms

from apps.inventory.forms.fields import TEXT, LocationCodeField, PartCodeField
from apps.inventory.services.stock_validation import StockError, clean_quantity


class StocktakeStartForm(forms.Form):
    location = LocationCodeField(help_text="Counts this location and everything below it.")


class StocktakeLineAddForm(forms.Form):
    """A part found during a count where it has no stock record (apps.inventory.services.
    stocktakes.stocktake_line_add decides whether the location is in the count's branch)."""

    part = PartCodeField()
    location = LocationCodeField(help_text="Where it was found: this location or one below it.")
    batch = forms.CharField(
        label="Batch", max_length=64, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    counted = forms.CharField(
        label="Counted",
        max_length=32,
        widget=forms.TextInput(
            attrs=TEXT | {"inputmode": "decimal", "class": "text-right tabular-nums"}
        ),
    )

    def clean_counted(self):
        try:
            return clean_quantity(self.cleaned_data["counted"], field="counted")
        except StockError as error:
            raise forms.ValidationError(error.message) from None
