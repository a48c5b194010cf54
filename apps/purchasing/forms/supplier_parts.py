"""The price-list line form (a row edited in place on a supplier's or a part's page)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator

from apps.catalog.models import Part
from apps.purchasing.forms.suppliers import CurrencyField
from apps.purchasing.models import SUPPLIER_PART_PACK, SUPPLIER_PART_TERMS, Supplier, SupplierPart


class SupplierPartForm(forms.ModelForm):
    """A price-list line. On a supplier's page the part is typed by SKU; on a part's
    page the supplier is chosen. When editing, neither changes."""

    part_sku = forms.CharField(label="Part SKU", max_length=64, required=False)
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), required=False)
    currency = CurrencyField(required=False, help_text="Empty: the supplier's currency.")

    class Meta:
        model = SupplierPart
        fields = [*SUPPLIER_PART_TERMS, *SUPPLIER_PART_PACK]

    def __init__(self, *args, mode: str, fixed_supplier=None, fixed_part=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode  # "supplier" (row on a supplier page) or "part"
        self.fixed_supplier = fixed_supplier
        self.fixed_part = fixed_part
        self.creating = self.instance.pk is None
        if self.creating and mode == "part":
            self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True).only(
                "pk", "name"
            )
            self.fields["supplier"].required = True
        if self.creating and mode == "supplier":
            self.fields["part_sku"].required = True
        # Empty: sold by the unit (as before packs existed).
        self.fields["pack_size"].required = False
        self.fields["pack_size"].validators = [  # clean_pack_size says it plainly
            v for v in self.fields["pack_size"].validators if not isinstance(v, MinValueValidator)
        ]

    def clean_pack_size(self):
        size = self.cleaned_data.get("pack_size")
        if size is None:
            return Decimal(1)
        if size <= 0:
            raise ValidationError("A pack holds more than 0 units.")
        return size

    def clean_part_sku(self):
        sku = self.cleaned_data["part_sku"].strip()
        if not self.creating or self.mode != "supplier":
            return sku
        part = Part.objects.filter(sku__iexact=sku).first()
        if part is None:
            raise ValidationError(f"No part has the SKU “{sku}”.")
        self.cleaned_data["part"] = part
        return sku

    def clean(self):
        data = super().clean()
        if self.creating:
            if self.mode == "supplier":
                data["supplier_obj"] = self.fixed_supplier
            else:
                data["supplier_obj"] = data.get("supplier")
                data["part"] = self.fixed_part
        else:
            data["supplier_obj"] = self.instance.supplier
            data["part"] = self.instance.part
        return data

    def validate_unique(self):
        pass  # the service checks supplier + part and reports it on the field

    def service_data(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["part"] = self.cleaned_data["part"]
        return data
