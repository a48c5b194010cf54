"""Forms of the import pages: upload, sheet, column mapping, a cell fixed in place."""

from django import forms
from django.conf import settings

from apps.core.xlsx import column_letters
from apps.imports.kinds import KINDS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds")
    file = forms.FileField(
        label="Spreadsheet",
        help_text="CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252) or Excel .xlsx, "
        "at most 50 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.kind, kind.label) for kind in kinds]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {settings.IMPORT_MAX_BYTES // (1024 * 1024)} MB."
            )
        return upload


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label="Sheet")

    def __init__(self, *args, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheets]


class MappingForm(forms.Form):
    """One select per file column (which field it feeds, or ignored), one default per
    field (used for new records when no column feeds it)."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.kind = KINDS[job.kind]
        choices = [("", "— ignore —")] + [(c.field, c.header) for c in self.kind.columns]
        self.columns = []
        for index, header in enumerate(job.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=header or f"(column {column_letters(index)})",
                initial=job.mapping.get(str(index), ""),
            )
            samples = [row[index] for row in job.preview if index < len(row) and row[index]][:3]
            self.columns.append((self[name], column_letters(index), samples))
        self.defaults = []
        for column in self.kind.columns:
            if column.required:
                continue
            name = f"default_{column.field}"
            self.fields[name] = forms.CharField(
                required=False,
                max_length=200,
                label=column.header,
                initial=job.defaults.get(column.field, ""),
                help_text=column.help,
            )
            self.defaults.append(self[name])

    def mapping(self) -> dict:
        return {
            str(index): self.cleaned_data.get(f"column_{index}", "")
            for index in range(len(self.job.headers))
        }

    def default_values(self) -> dict:
        return {
            column.field: self.cleaned_data.get(f"default_{column.field}", "").strip()
            for column in self.kind.columns
            if not column.required
        }


class CellForm(forms.Form):
    field = forms.CharField(max_length=40)
    value = forms.CharField(max_length=10_000, required=False, strip=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_field(self):
        name = self.cleaned_data["field"]
        if name not in self.kind.fields:
            raise forms.ValidationError("Unknown column.")
        return name

    def clean_value(self):
        value = self.cleaned_data["value"]
        if "\x00" in value:
            raise forms.ValidationError("Text cannot contain NUL characters.")
        return value
