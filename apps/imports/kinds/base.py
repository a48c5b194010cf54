"""What every kind of import has: its columns (the names the exports write too), how a
chunk of rows is checked, how checked rows are written and undone.

A kind validates a row with the form fields of the app that owns the record (PartForm's
fields for parts, SupplierForm's for suppliers …): lengths, number formats, choices and
minimums are the forms' own rules. What a form checks with one query per record (a taken
SKU, an unknown category) is checked against indexes loaded once per chunk, with the
forms' messages; set rules that only an import has (the same SKU twice in the file) are
the import's.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from apps.core.exports import cell_text

# Kinds of error, counted separately on the check page.
ERROR_KINDS = {
    "required": "Missing value",
    "number": "Bad number",
    "date": "Bad date",
    "too_long": "Too long",
    "choice": "Not one of the choices",
    "invalid": "Invalid value",
    "unknown_category": "Unknown category",
    "unknown_location": "Unknown location",
    "unknown_part": "Unknown part",
    "unknown_supplier": "Unknown supplier",
    "taken": "Already used by another record",
    "duplicate": "Twice in the file",
    "negative": "Stock would go negative",
    "batch": "Batch rules",
    "conflict": "Changed since the check",
}
NUMBER_CODES = {
    "invalid",
    "max_digits",
    "max_decimal_places",
    "max_whole_digits",
    "min_value",
    "max_value",
    "step_size",
}
TRUE_WORDS = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "on", "✓"}
FALSE_WORDS = {"no", "n", "false", "0", "", "nein", "non", "off"}
PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    help: str = ""


@dataclass
class RowState:
    """A row while it is checked: the stored values and what the kind concludes."""

    number: int
    values: dict
    skipped: bool = False
    pk: int | None = None
    action: str = ""
    errors: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    target_id: int | None = None
    key: str = ""
    alt_key: str = ""
    cleaned: dict = field(default_factory=dict)

    def error(self, name: str, kind: str, message: str) -> None:
        self.errors.setdefault(name, [kind, message])

    def value(self, name: str) -> str:
        return str(self.values.get(name, "") or "").strip()

    def has(self, name: str) -> bool:
        return name in self.values


class Kind:
    """Base of the kinds (parts, stock …); subclasses fill in the specifics."""

    kind = ""
    label = ""
    permission = ""
    columns: tuple[Column, ...] = ()
    # Which field a duplicate `key` / `alt_key` is reported on (None: not an error).
    key_field: str | None = None
    alt_key_field: str | None = None
    # Rows depend on each other beyond their keys (a location's parent is another row):
    # a fix re-checks every row of the import.
    recheck_all = False
    chunk_size = 1000  # rows checked (and written) together
    list_url_name = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)

    @property
    def key_label(self) -> str:
        return self.column(self.key_field).header if self.key_field else ""

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns]

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def load(self):
        """What checking needs loaded once (maps of categories, locations …)."""
        return None

    def check_rows(self, rows: list[RowState], context, defaults: dict) -> None:
        raise NotImplementedError

    def duplicate_message(self, name: str, value: str, others: list[int]) -> str:
        rows = ", ".join(str(n) for n in others[:5]) + (" …" if len(others) > 5 else "")
        header = self.column(name).header
        return f"{header} “{value}” is also in row{'s' if len(others) > 1 else ''} {rows}."

    def commit(self, job, rows, *, user, progress) -> None:
        raise NotImplementedError

    def undo_problems(self, job) -> list[str]:
        """What besides the history keeps this import from being undone."""
        return []

    def undo(self, job, done: dict, *, user, progress) -> None:
        """Takes back what the change set `done` did: changed records get their earlier
        values back (saved one by one, so the history records the undo), created ones
        are deleted, newest first (children before the parents they were created in)."""
        for model, work in done.items():
            fields = {f.attname: f for f in model._meta.concrete_fields}
            for pk, before in work["update"].items():
                record = model._default_manager.select_for_update().get(pk=pk)
                for name, value in before.items():
                    if name in fields:
                        setattr(record, name, fields[name].to_python(value))
                record.save()
                progress(1)
            for pk in sorted(work["create"], reverse=True):
                model._default_manager.filter(pk=pk).delete()
                progress(1)

    def template_rows(self) -> list[list[str]]:
        """Example rows for the downloadable template."""
        return []


# --- Cleaning values with the forms' fields -------------------------------------------


def error_kind(error: ValidationError, form_field) -> str:
    code = getattr(error, "code", None) or (
        error.error_list[0].code if hasattr(error, "error_list") and error.error_list else None
    )
    if code == "required":
        return "required"
    if code == "max_length":
        return "too_long"
    if code == "invalid_choice":
        return "choice"
    numeric = (forms.DecimalField, forms.IntegerField, forms.FloatField)
    if isinstance(form_field, numeric) and code in NUMBER_CODES:
        return "number"
    if isinstance(form_field, forms.DateField):
        return "date"
    return "invalid"


def clean_with(row: RowState, name: str, form_field, raw, *, label: str = ""):
    """`form_field.clean(raw)`; a refusal is recorded on the row (returns None)."""
    try:
        return form_field.clean(raw)
    except ValidationError as error:
        row.error(name, error_kind(error, form_field), " ".join(error.messages))
        return None


def normalise_number(text: str) -> str:
    """Accepts decimal commas and thousands separators: "1,5" → "1.5", "1.234,5" → "1234.5",
    "1,234.5" → "1234.5", "1 234" → "1234". A single comma is a decimal comma."""
    text = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    return text


def clean_decimal(row: RowState, name: str, form_field, text: str):
    if text == "":
        return clean_with(row, name, form_field, "")
    return clean_with(row, name, form_field, normalise_number(text))


def clean_bool(row: RowState, name: str, text: str):
    word = text.strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    row.error(name, "choice", "Enter yes or no.")
    return None


EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y", "%Y%m%d")


def parse_date(text: str) -> datetime.date | None:
    """ISO dates, day-first dates (31.12.2026, 31/12/2026), Excel serial numbers
    (46022 → 2025-12-31) and ISO date-times (the time is dropped). None if none of them."""
    text = text.strip()
    if re.fullmatch(r"\d{4,5}(\.0+)?", text) and 10_000 < float(text) < 80_000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def clean_date(row: RowState, name: str, text: str):
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        row.error(name, "date", "Enter a date such as 2026-12-31 or 31.12.2026.")
    return parsed


def text_of(value) -> str:
    """A stored value as the importer writes and compares it: as the exports write it,
    but a moment to the second and with its offset (the exports show minutes in the
    site's time zone, which would hide a change)."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return cell_text(value)


def decimal_or_none(text: str) -> Decimal | None:
    try:
        return Decimal(normalise_number(text))
    except (InvalidOperation, ValueError):
        return None


def diff(before: dict, after: dict) -> dict:
    """field → [before, after] (as text) where they differ."""
    return {
        name: [text_of(before.get(name)), text_of(value)]
        for name, value in after.items()
        if before.get(name) != value
    }
