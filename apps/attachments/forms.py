from django import forms

from apps.attachments import files


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": files.ACCEPT}),
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        max_length=200,
        help_text="What it is: “datasheet rev. C”, “delivery note 4411”.",
    )

    def __init__(self, *args, max_size_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{files.ALLOWED_HELP}; at most {max_size_label}."
