"""Forms of the receiving page: one per order line, and the delivery's note."""

from decimal import Decimal

from django import forms

from apps.catalog.models import QUANTITY_DIGITS
from apps.core.text_limits import NOTE_LENGTH


class ReceiveLineForm(forms.Form):
    location = forms.CharField(max_length=32, required=False, label="Location code")
    quantity = forms.DecimalField(
        **QUANTITY_DIGITS,
        min_value=Decimal("0"),
        required=False,
        error_messages={"min_value": "Cannot be negative."},
    )
    batch = forms.CharField(max_length=64, required=False)
    expiry_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReceiveForm(forms.Form):
    note = forms.CharField(max_length=NOTE_LENGTH, required=False)
    confirm_over_receipt = forms.BooleanField(required=False, label="Confirm over-receipt")
