"""Forms of the purchasing pages. They parse and validate input; the rules that touch
several rows live in apps/purchasing/services.py."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Part
from apps.purchasing.models import PurchaseOrder, Status, Supplier, SupplierPart

INPUT = "w-full rounded border border-slate-300 px-3 py-2 shadow-sm"
CELL = "w-full rounded border border-slate-300 px-2 py-1"


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
        fields = ["name", "code", "contact_name", "email", "phone", "website", "address", "currency", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}

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


class SupplierPartForm(forms.ModelForm):
    """A price-list line. On a supplier's page the part is typed by SKU; on a part's
    page the supplier is chosen. When editing, neither changes."""

    part_sku = forms.CharField(label="Part SKU", max_length=64, required=False)
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), required=False)
    currency = CurrencyField(required=False, help_text="Empty: the supplier's currency.")

    class Meta:
        model = SupplierPart
        fields = ["supplier_sku", "unit_price", "currency", "lead_time_days", "minimum_order_quantity",
                  "is_preferred"]

    def __init__(self, *args, mode: str, fixed_supplier=None, fixed_part=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode  # "supplier" (row on a supplier page) or "part"
        self.fixed_supplier = fixed_supplier
        self.fixed_part = fixed_part
        self.creating = self.instance.pk is None
        if self.creating and mode == "part":
            self.fields["supplier"].queryset = Supplier.objects.filter(is_active=True).only("pk", "name")
            self.fields["supplier"].required = True
        if self.creating and mode == "supplier":
            self.fields["part_sku"].required = True

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


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "All statuses"), ("open", "Open (ordered or partly received)")] + list(Status.choices),
        required=False,
    )
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), required=False,
                                      empty_label="All suppliers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.only("pk", "name").order_by("name")


class PurchaseOrderForm(forms.Form):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), empty_label="Choose a supplier…")
    expected_date = forms.DateField(
        required=False, label="Expected delivery",
        widget=forms.DateInput(attrs={"type": "date", "class": "w-full rounded border border-slate-300 px-2 py-2"},
                               format="%Y-%m-%d"),
    )
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

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
        widget=forms.HiddenInput, required=False,
        error_messages={"invalid_choice": "That part no longer exists; choose another."},
    )
    part_label = forms.CharField(required=False, max_length=300, label="Part")
    quantity = forms.DecimalField(
        **QUANTITY_DIGITS, min_value=Decimal("0.001"), required=False,
        error_messages={"min_value": "Must be more than zero."},
    )
    unit_price = forms.DecimalField(
        **MONEY_DIGITS, min_value=Decimal("0"), required=False,
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
        except Exception:
            return None
        if not quantity.is_finite() or not price.is_finite():
            return None
        return quantity * price


class BaseLineFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        live = [f for f in self.forms if not self._should_delete_form(f)]
        if not live:
            raise ValidationError("An order needs at least one line.")


LineFormSet = forms.formset_factory(
    PurchaseOrderLineForm, formset=BaseLineFormSet, extra=0, can_delete=True, max_num=200,
    validate_max=True, absolute_max=200,
)


def empty_line_formset(prefix="lines"):
    return LineFormSet(prefix=prefix, initial=[{}])


class ReceiveLineForm(forms.Form):
    location = forms.CharField(max_length=32, required=False, label="Location code")
    quantity = forms.DecimalField(**QUANTITY_DIGITS, min_value=Decimal("0"), required=False,
                                  error_messages={"min_value": "Cannot be negative."})
    batch = forms.CharField(max_length=64, required=False)
    expiry_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReceiveForm(forms.Form):
    note = forms.CharField(max_length=500, required=False)
    confirm_over_receipt = forms.BooleanField(required=False, label="Confirm over-receipt")
