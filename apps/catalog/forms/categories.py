"""The category form (a page of its own, or the quick-create dialog of the part form)."""

from django import forms
from django.db.models.functions import Lower

from apps.catalog.models import Category


def category_label(name: str, depth: int) -> str:
    """A category's name indented by its depth, for a select that shows the tree."""
    return "\u00a0\u00a0" * depth + name


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "parent", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        # Own ids: in the quick-create dialog it sits next to the part form's fields.
        kwargs.setdefault("auto_id", "category_%s")
        super().__init__(*args, **kwargs)
        parents = Category.objects.filter(is_active=True)
        if self.instance.pk:
            # Not inside itself.
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["parent"].empty_label = "(top level)"
        self.fields["parent"].label_from_instance = lambda c: category_label(c.name, c.depth)

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean(self):
        data = super().clean()
        name, parent = data.get("name"), data.get("parent")
        if name:
            siblings = Category.objects.annotate(lower_name=Lower("name")).filter(
                parent=parent, lower_name=name.lower()
            )
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("name", f"“{name}” already exists here.")
        return data

    def validate_constraints(self, exclude=None):
        # The case-insensitive name constraint is checked in clean() with a clearer message.
        pass
