"""Labels from the parts list: tick two rows, "Labels…", choose the stock and fields,
preview, Print (the browser's print dialog) and the PDF of the same page; "all matching"
carries the list's search."""

from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Part

PARTS = reverse("catalog:part_list")


def test_labels_for_selected_and_all_matching_parts(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS + "?q=P-00000")
    page.get_by_label("Select P-000001").check()
    page.get_by_label("Select P-000002").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Labels…").click()
    expect(page.get_by_test_id("label-count")).to_contain_text("2 parts")
    page.get_by_label("Letter sheet, 30 labels 2⅝ × 1 in").check()
    page.get_by_label("Code 128").check()
    page.get_by_label("Start at label").fill("4")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview and print").click()
    labels = page.locator(".label[data-code]")
    expect(labels).to_have_count(2)
    # A part's code is its barcode (the demo parts have one), its SKU on the label.
    first = Part.objects.get(sku="P-000001")
    expect(labels.first).to_have_attribute("data-code", first.barcode or first.sku)
    expect(labels.first).to_contain_text("P-000001")
    expect(page.locator(".label-blank")).to_have_count(3)
    # Print opens the browser's print dialog (stubbed here: headless has none).
    # (The expression ends in null: Playwright would call a function it evaluates to.)
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; null")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "labels-part-letter-30.pdf"
    assert download.value.path().read_bytes()[:5] == b"%PDF-"
    # All that match the list's search.
    page.goto(site.url + PARTS + "?q=P-00000")
    page.get_by_label("Select P-000001").check()
    page.get_by_label("All 9 matching").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Labels…").click()
    expect(page.get_by_test_id("label-count")).to_contain_text("9 parts")
