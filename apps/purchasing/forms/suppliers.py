"""Forms of the supplier pages (and the currency field the price list shares)."""

from django import forms
from django.core.exceptions import ValidationError

from apps.purchasing.models import SUPPLIER_FIELDS, Supplier


class CurrencyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 3)
        kwargs.setdefault("min_length", 3)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        value = (value or "").upper()
        if value and not (len(value) == 3 and value.isalpha() and value.isascii()):
            raise ValidationError("Use a three-letter ISO 4217 code, e.g. EUR.")
        return value


class SupplierFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("active", "Active"), ("archived", "Archived"), ("all", "All")], required=False
    )


class SupplierForm(forms.ModelForm):
    currency = CurrencyField(help_text="Default currency of the supplier's prices (ISO 4217).")

    class Meta:
        model = Supplier
        fields = [name for name in SUPPLIER_FIELDS if name != "is_active"]  # archive/restore
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].initial = self.instance.currency if self.instance.pk else "EUR"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Supplier.objects.filter(name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("A supplier with this name already exists.")
        return name
