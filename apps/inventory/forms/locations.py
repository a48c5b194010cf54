"""The location form (create and edit); the services check what the tree allows."""

from django import forms

from apps.core.text_limits import TEXT_LENGTH
from apps.inventory.models import Location
from apps.inventory.selectors.locations import location_for_code


class LocationForm(forms.Form):
    code = forms.CharField(
        max_length=32, help_text="Short, unique code printed on the label and scanned (e.g. A1-B3)."
    )
    name = forms.CharField(max_length=120)
    parent = forms.CharField(
        label="Inside location (code)",
        max_length=32,
        required=False,
        help_text="Leave empty for a top-level location.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_LENGTH
    )
    allow_negative_stock = forms.BooleanField(
        required=False, help_text="Allow stock below zero here (e.g. a job site)."
    )

    def __init__(self, *args, instance: Location | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": instance.code,
                "name": instance.name,
                "parent": instance.parent.code if instance.parent_id else "",
                "description": instance.description,
                "allow_negative_stock": instance.allow_negative_stock,
            }
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if any(ch.isspace() for ch in code):
            raise forms.ValidationError("A code cannot contain spaces (it is scanned).")
        return code

    def clean_parent(self):
        code = self.cleaned_data["parent"].strip()
        if not code:
            return None
        parent = location_for_code(code)
        if parent is None:
            raise forms.ValidationError(f"There is no location with code “{code}”.")
        return parent
