"""The form of the API tokens page."""

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the token is for, e.g. “label printer” or “web shop sync”.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
