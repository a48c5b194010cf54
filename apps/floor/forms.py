from django import forms

RECEIVE, ISSUE, MOVE, COUNT = "receive", "issue", "move", "count"
ACTIONS = {RECEIVE: "Receive", ISSUE: "Issue", MOVE: "Move", COUNT: "Count"}


class FloorActionForm(forms.Form):
    """One action on the floor screen: the button pressed is `action`; `step` is the −/+
    of the quantity when JavaScript is off (the form comes back, nothing written)."""

    action = forms.ChoiceField(choices=list(ACTIONS.items()), required=False)
    step = forms.TypedChoiceField(
        choices=[("-1", "−"), ("1", "+")], coerce=int, required=False, empty_value=None
    )
    quantity = forms.DecimalField(
        label="Quantity", max_digits=13, decimal_places=3, min_value=0, max_value=10**9
    )
    location = forms.CharField(label="Location", max_length=32)
    to_location = forms.CharField(label="Move to", max_length=32, required=False)
    batch = forms.CharField(label="Batch", max_length=64, required=False)
    reference = forms.CharField(label="Job or reference", max_length=100, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == MOVE and not data.get("to_location"):
            self.add_error("to_location", "Scan or type where it goes.")
        if not data.get("action") and data.get("step") is None:
            raise forms.ValidationError("Choose an action.")
        return data


INPUT = "mt-1 min-h-11 w-full rounded border border-slate-300 px-2"


class CheckoutForm(forms.Form):
    part = forms.CharField(label="Part (SKU, barcode or batch code)", max_length=129)
    location = forms.CharField(label="From location", max_length=32)
    batch = forms.CharField(max_length=64, required=False)
    quantity = forms.DecimalField(max_digits=13, decimal_places=3, min_value=0, initial=1)
    borrower = forms.ModelChoiceField(
        label="To a user", queryset=None, required=False, empty_label="—"
    )
    borrower_name = forms.CharField(label="Or to someone by name", max_length=100, required=False)
    job = forms.CharField(label="Job", max_length=100, required=False)
    due_date = forms.DateField(
        label="Due back", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = users


class CheckinForm(forms.Form):
    location = forms.CharField(label="Return to location", max_length=32)


class CheckoutFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("open", "Out now"), ("returned", "Returned"), ("all", "All")], required=False
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
