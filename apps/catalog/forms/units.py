"""The unit of measure form (in a dialog over the units page, or a page of its own)."""

from django import forms
from django.db.models.functions import Lower

from apps.catalog.models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "allows_fractions"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "unit_%s")
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Parts, imports, exports and the API name the unit by its code.
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code:
            raise forms.ValidationError("Enter a code.")
        taken = Unit.objects.annotate(lower_code=Lower("code")).filter(lower_code=code.lower())
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"The unit “{code}” already exists.")
        return code

    def validate_unique(self):
        # The case-insensitive code is checked in clean_code() with a clearer message.
        pass

    def validate_constraints(self, exclude=None):
        pass
