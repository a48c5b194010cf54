"""Imports in a browser: a 200-row parts file with six kinds of error, four fixed in place,
two skipped, committed, the records checked, then the import undone."""

import csv
import io
import re

from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.inventory.models import Location

HEADER = ["SKU", "Name", "Category", "Unit", "Barcode", "Reorder point", "Default location"]


def category_path(category) -> str:
    names = [c.name for c in category.ancestors()] + [category.name]
    return " / ".join(names)


def parts_file(category: str, location: str, taken_barcode: str) -> tuple[bytes, dict]:
    rows = [HEADER]
    rows += [
        [f"IMP-{n:04d}", f"Imported part {n}", category, "pcs", "", "5", location]
        for n in range(1, 201)
    ]
    line = {n: n + 1 for n in range(1, 201)}  # data row n is line n + 1 (the header is 1)
    rows[10][1] = ""  # missing name
    rows[20][5] = "a dozen"  # bad number
    rows[30][2] = "Nowhere / Nothing"  # unknown category
    rows[40][6] = "NO-SUCH-BIN"  # unknown location
    rows[51][0] = "imp-0050"  # the same SKU twice (rows 50 and 51)
    rows[60][4] = taken_barcode  # a barcode another part has
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig"), line


def test_import_200_rows_fix_four_skip_two_commit_and_undo(site, page):
    category = Category.objects.filter(is_active=True, children__isnull=True).first()
    location = Location.objects.filter(is_active=True).exclude(code="").first()
    taken = Part.objects.exclude(barcode=None).first()
    content, line = parts_file(category_path(category), location.code, taken.barcode)
    before = Part.objects.count()

    site.sign_in(page)
    page.goto(site.url + reverse("imports:import_list"))
    page.get_by_role("link", name="New import").click()
    page.get_by_label("What the file holds").select_option("parts")
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "parts.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload").click()

    # Columns matched from the headings; check the rows.
    expect(page.get_by_role("heading", name="Which column holds what")).to_be_visible()
    expect(page.get_by_test_id("map-A")).to_have_value("sku")
    expect(page.get_by_test_id("map-G")).to_have_value("default_location")
    page.get_by_role("button", name=re.compile("^Check")).click()

    # All errors at once, counted by kind; the grid shows the rows in error.
    counts = page.get_by_test_id("counts")
    expect(counts).to_contain_text("7 with errors")
    kinds = page.get_by_test_id("error-kinds")
    for label in (
        "Missing value: 1",
        "Bad number: 1",
        "Unknown category: 1",
        "Unknown location: 1",
        "Twice in the file: 2",
        "Already used by another record: 1",
    ):
        expect(kinds).to_contain_text(label)
    expect(page.locator("#grid tbody tr")).to_have_count(7)
    expect(page.get_by_role("button", name=re.compile("^Commit"))).to_be_disabled()
    # On a phone the grid scrolls inside its box; the page itself does not.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    # Fix four in place: each cell is re-checked at once.
    fixes = [
        (10, "name", "Named at last"),
        (20, "reorder_point", "12"),
        (30, "category", category_path(category)),
        (40, "default_location", location.code),
    ]
    for n, field, value in fixes:
        cell = page.get_by_test_id(f"fix-{line[n]}-{field}")
        cell.fill(value)
        cell.press("Enter")
        expect(page.get_by_test_id(f"row-{line[n]}").get_by_test_id("action")).to_have_text(
            "Create"
        )
    # A wrong fix stays marked, with its message.
    expect(counts).to_contain_text("3 with errors")

    # Skip two: the duplicate's other half becomes valid at once.
    page.get_by_role("button", name=f"Skip row {line[51]}").click()
    expect(page.get_by_test_id(f"row-{line[51]}").get_by_test_id("action")).to_have_text("Skipped")
    expect(page.get_by_test_id(f"row-{line[50]}").get_by_test_id("action")).to_have_text("Create")
    page.get_by_role("button", name=f"Skip row {line[60]}").click()
    expect(counts).to_contain_text("0 with errors")
    expect(counts).to_contain_text("198 to create")

    # Reload keeps everything (it is all on the server), then commit.
    page.reload()
    expect(page.get_by_test_id("counts")).to_contain_text("2 skipped")
    page.get_by_role("button", name="Commit 198 changes").click()
    expect(page.get_by_test_id("result-counts")).to_contain_text("198 created")

    assert Part.objects.count() == before + 198
    assert Part.objects.get(sku="IMP-0010").name == "Named at last"
    assert str(Part.objects.get(sku="IMP-0020").reorder_point.normalize()) == "12"
    assert Part.objects.get(sku="IMP-0040").default_location == location
    assert not Part.objects.filter(sku="IMP-0060").exists()

    # Undo: the parts it created are gone again.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_role("heading", name="Undone")).to_be_visible()
    assert Part.objects.count() == before
