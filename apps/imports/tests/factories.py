"""Builders for import tests: files as bytes (CSV in any encoding, XLSX), uploads, and
the small catalog they import into."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.catalog.models import Category
from apps.inventory.models import Location

PART_HEADER = [
    "SKU",
    "Name",
    "Description",
    "Category",
    "Unit",
    "Barcode",
    "Reorder point",
    "Reorder quantity",
    "Unit cost",
    "Default location",
    "Tracks batches",
    "Active",
    "Notes",
]


def csv_bytes(rows, *, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="parts.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def make_catalog() -> dict:
    """Electronics / Passives / Resistors and Tools; locations A1 (in MAIN) and B2."""
    electronics = Category.objects.create(name="Electronics")
    passives = Category(name="Passives", parent=electronics)
    passives.save()
    resistors = Category(name="Resistors", parent=passives)
    resistors.save()
    tools = Category(name="Tools")
    tools.save()
    main = Location(code="MAIN", name="Main store")
    main.save()
    a1 = Location(code="A1", name="Shelf A1", parent=main)
    a1.save()
    b2 = Location(code="B2", name="Shelf B2", parent=main)
    b2.save()
    return {"resistors": resistors, "tools": tools, "electronics": electronics, "a1": a1, "b2": b2}


def part_row(sku, name="A part", category="Tools", **values) -> list[str]:
    row = dict.fromkeys(PART_HEADER, "")
    row.update({"SKU": sku, "Name": name, "Category": category, "Unit": "pcs", "Active": "yes"})
    for key, value in values.items():
        row[key] = value
    return [row[h] for h in PART_HEADER]
