"""The notices page's preferences form."""

from django import forms

from apps.catalog.models import Category
from apps.notices.selectors import OVERDUE_PERMISSION


class PreferenceForm(forms.Form):
    low_stock = forms.BooleanField(
        required=False,
        label="Daily low-stock digest",
        help_text="Every morning, the parts below their reorder point (no email when none are).",
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("path"),
        required=False,
        label="Only these categories",
        help_text="Subcategories included. None chosen: every part.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    overdue_orders = forms.BooleanField(
        required=False,
        label="Overdue purchase orders",
        help_text="Every morning, placed orders past their expected date and not fully received.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm(OVERDUE_PERMISSION):
            del self.fields["overdue_orders"]
        self.fields["categories"].label_from_instance = lambda category: (
            "\u2003" * category.depth + category.name
        )

    def clean(self):
        data = super().clean()
        if data.get("categories") and not data.get("low_stock"):
            self.add_error(
                "categories", "Categories choose what the low-stock digest lists: turn it on too."
            )
        data.setdefault("overdue_orders", False)
        return data
