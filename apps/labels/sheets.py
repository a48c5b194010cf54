"""Labels laid out on pages: what each label says and which slot of which page it takes.

Pure functions over records already read (apps/labels/selectors.py); nothing is written.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from apps.labels.codes import code_svg, payload_for
from apps.labels.layouts import Layout

CODE, SKU, NAME, LOCATION, BATCH, EXPIRY = "code", "sku", "name", "location", "batch", "expiry"
FIELDS = {
    CODE: "Code",
    SKU: "SKU",
    NAME: "Name",
    LOCATION: "Location",
    BATCH: "Batch",
    EXPIRY: "Expiry",
}
# What a label can show for each kind of record, and what it shows by default.
KIND_FIELDS = {
    "part": (CODE, SKU, NAME, LOCATION),
    "location": (CODE, NAME),
    "stock": (CODE, SKU, NAME, LOCATION, BATCH, EXPIRY),
}
DEFAULT_FIELDS = {
    "part": (CODE, SKU, NAME),
    "location": (CODE, NAME),
    "stock": (CODE, SKU, NAME, LOCATION, BATCH, EXPIRY),
}


@dataclass
class Label:
    payload: str
    svg: SafeString | str = ""
    title: str = ""  # the first line, bold
    lines: list[str] = field(default_factory=list)


def label_for(record, kind: str, fields: set[str], symbology: str) -> Label:
    payload = payload_for(record)
    label = Label(payload=payload)
    if CODE in fields:
        label.svg = mark_safe(code_svg(payload, symbology=symbology))  # our own SVG, text escaped
    if kind == "location":
        label.title = record.code
        if NAME in fields:
            label.lines.append(record.name)
        return label
    part = record if kind == "part" else record.part
    label.title = part.sku if SKU in fields else ""
    if NAME in fields:
        label.lines.append(part.name)
    if LOCATION in fields:
        place = part.default_location if kind == "part" else record.location
        if place is not None:
            label.lines.append(f"Loc {place.code}")
    if kind == "stock":
        if BATCH in fields and record.batch:
            label.lines.append(f"Batch {record.batch}")
        if EXPIRY in fields and record.expiry_date:
            label.lines.append(f"Exp {date_format(record.expiry_date, 'DATE_FORMAT')}")
    if not label.title and not label.lines and CODE in fields:
        label.title = payload
    return label


def paginate(labels: list[Label], layout: Layout, *, start: int = 1) -> list[list[Label | None]]:
    """Pages of slots; None is a slot left blank (before label `start` on the first sheet)."""
    slots: list[Label | None] = [None] * (start - 1 if layout.is_sheet else 0) + list(labels)
    per_page = layout.per_page
    return [slots[at : at + per_page] for at in range(0, len(slots), per_page)] or [[]]
