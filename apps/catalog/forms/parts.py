"""Forms of the parts pages: the list's filters, bulk actions, the reorder point in place
and the part form."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from PIL import Image

from apps.catalog.forms.categories import category_label
from apps.catalog.models import QUANTITY_DIGITS, Category, Part
from apps.catalog.selectors.categories import category_choices
from apps.catalog.selectors.parts import STATUS_ACTIVE, STATUS_ALL, STATUS_ARCHIVED, PartFilters

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}


def _locations():
    """Locations (inventory's, above the catalog), reached through the part's relation."""
    return Part._meta.get_field("default_location").related_model._default_manager.all()


class PartFilterForm(forms.Form):
    """The list's filters (search, sort, page and page size are in apps/core/listing.py)."""

    category = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    location = forms.CharField(
        max_length=32,
        required=False,
        strip=True,
        label="Location code",
        widget=forms.TextInput(attrs={"placeholder": "e.g. SITE1-A2", "autocomplete": "off"}),
    )
    below = forms.BooleanField(required=False, label="Below reorder point")
    status = forms.ChoiceField(
        choices=[
            ("", "Active"),
            (STATUS_ARCHIVED, "Archived"),
            (STATUS_ALL, "All"),
        ],
        required=False,
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = categories if categories is not None else category_choices()
        self.fields["category"].choices = [("", "All categories")] + [
            (pk, category_label(name, depth)) for pk, name, depth, _path, _active in self.categories
        ]
        self.location = None

    def clean_location(self):
        code = self.cleaned_data["location"]
        if not code:
            return ""
        location = _locations().filter(code__iexact=code).only("pk", "path", "code").first()
        if location is None:
            raise ValidationError(f"No location has the code “{code}”.")
        self.location = location
        return code

    def filters(self, query: str) -> PartFilters:
        data = self.cleaned_data
        category = None
        if data.get("category"):
            for pk, name, _depth, path, _active in self.categories:
                if pk == data["category"]:
                    category = Category(pk=pk, name=name, path=path)
        return PartFilters(
            query=query,
            category=category,
            location_path=self.location.path if self.location else None,
            below_reorder=bool(data.get("below")),
            status=data.get("status") or STATUS_ACTIVE,
        )


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("set_category", "Set category"),
        ("activate", "Activate"),
        ("deactivate", "Archive"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    all_matching = forms.BooleanField(required=False)
    target_category = forms.ModelChoiceField(
        queryset=Category.objects.filter(is_active=True), required=False, label="Category"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is acceptable as an id; unknown ids simply match nothing.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        data = super().clean()
        if not data.get("all_matching") and not data.get("ids"):
            raise ValidationError("Select at least one part.")
        if data.get("action") == "set_category" and not data.get("target_category"):
            self.add_error("target_category", "Choose the category to set.")
        return data


class ReorderPointForm(forms.Form):
    reorder_point = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=QUANTITY_DIGITS["max_digits"],
        decimal_places=QUANTITY_DIGITS["decimal_places"],
        label="Reorder point",
    )


class PartForm(forms.ModelForm):
    default_location_code = forms.CharField(
        max_length=32,
        required=False,
        label="Default location code",
        help_text="The code on the shelf label, e.g. SITE1-A2-B3.",
    )

    class Meta:
        model = Part
        fields = [
            "sku",
            "name",
            "category",
            "unit",
            "barcode",
            "description",
            "reorder_point",
            "reorder_quantity",
            "unit_cost",
            "tracks_batches",
            "image",
            "notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, validate_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.category_id if self.instance.pk else None
        self.fields["category"].queryset = Category.objects.filter(is_active=True) | (
            Category.objects.filter(pk=current) if current else Category.objects.none()
        )
        self.fields["category"].label_from_instance = lambda c: category_label(c.name, c.depth)
        self.fields["unit"].label_from_instance = lambda u: f"{u.code} — {u.name}"
        self.fields["barcode"].required = False
        if self.instance.pk and self.instance.default_location_id and not self.is_bound:
            self.initial["default_location_code"] = self.instance.default_location.code
        self.location = None
        if validate_url:
            # Validate as you go: a taken SKU or barcode is flagged on leaving the field.
            for name in ("sku", "barcode"):
                self.fields[name].widget.attrs.update(
                    {
                        "hx-post": f"{validate_url}?field={name}",
                        "hx-trigger": "change",
                        "hx-target": f"#div_id_{name}",
                        "hx-swap": "outerHTML",
                        "hx-sync": "closest form:abort",
                        "hx-params": "not image",
                    }
                )

    def clean_sku(self):
        sku = self.cleaned_data["sku"].strip()
        if not sku:
            raise ValidationError("Enter a SKU.")
        taken = Part.objects.annotate(lower_sku=Lower("sku")).filter(lower_sku=sku.lower())
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"The SKU “{sku}” is already used by another part.")
        return sku

    def clean_barcode(self):
        barcode = (self.cleaned_data.get("barcode") or "").strip()
        if not barcode:
            return None
        taken = Part.objects.filter(barcode=barcode)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"The barcode “{barcode}” is already used by another part.")
        return barcode

    def clean_default_location_code(self):
        code = self.cleaned_data["default_location_code"].strip()
        if not code:
            return ""
        self.location = _locations().filter(code__iexact=code).first()
        if self.location is None:
            raise ValidationError(f"No location has the code “{code}”.")
        return code

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not image or not hasattr(image, "size") or getattr(image, "_committed", False):
            return image  # nothing new uploaded
        if image.size > MAX_IMAGE_BYTES:
            raise ValidationError("The image is larger than 5 MB.")
        try:
            image.seek(0)
            with Image.open(image) as picture:
                kind = picture.format
                picture.verify()
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for a broken file
            raise ValidationError("This file is not a readable image.") from None
        finally:
            image.seek(0)
        if kind not in IMAGE_FORMATS:
            raise ValidationError("Upload a PNG, JPEG or WebP image.")
        return image

    def part_data(self) -> dict:
        """The cleaned values as the service's keyword arguments."""
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }
        data["default_location"] = self.location
        return data
