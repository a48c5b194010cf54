from django import forms

from apps.labels.codes import QR, SYMBOLOGIES
from apps.labels.layouts import DEFAULT_LAYOUT, LAYOUTS
from apps.labels.sheets import DEFAULT_FIELDS, FIELDS, KIND_FIELDS


class LabelOptionsForm(forms.Form):
    layout = forms.ChoiceField(
        choices=[(key, layout.name) for key, layout in LAYOUTS.items()],
        initial=DEFAULT_LAYOUT,
        required=False,
        widget=forms.RadioSelect,
    )
    symbology = forms.ChoiceField(
        label="Code",
        choices=list(SYMBOLOGIES.items()),
        initial=QR,
        required=False,
        widget=forms.RadioSelect,
    )
    fields = forms.MultipleChoiceField(
        label="Show", choices=list(FIELDS.items()), widget=forms.CheckboxSelectMultiple
    )
    start = forms.IntegerField(
        label="Start at label",
        min_value=1,
        max_value=30,
        initial=1,
        required=False,
        help_text="On a partly used sheet: the first free label, counted row by row.",
    )
    outlines = forms.BooleanField(
        label="Draw label outlines (to check alignment on plain paper)", required=False
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["fields"].choices = [(key, FIELDS[key]) for key in KIND_FIELDS[kind]]
        self.fields["fields"].initial = list(DEFAULT_FIELDS[kind])

    def clean(self):
        data = super().clean()
        # A link may name only what it changes: the stock and the code have defaults.
        data["layout"] = data.get("layout") or DEFAULT_LAYOUT
        data["symbology"] = data.get("symbology") or QR
        layout = LAYOUTS.get(data["layout"])
        start = data.get("start") or 1
        if layout is not None and start > layout.per_page:
            self.add_error("start", f"This sheet has {layout.per_page} labels.")
        data["start"] = start
        return data
