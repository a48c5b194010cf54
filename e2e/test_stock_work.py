"""Stock work end to end: receive, issue, transfer, count, stocktake, reverse, scan box.

Runs on the live server (it creates its own part and locations through the ORM).
"""

import os
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.inventory.models import Location, StockItem
from apps.inventory.services.stock import stock_receive, stock_transfer

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)

ANY_ID = 999999999


def page_pattern(name: str) -> re.Pattern:
    """The address of page `name` for any id (ids are made by the app), ending there."""
    return re.compile(re.escape(reverse(name, args=[ANY_ID])).replace(str(ANY_ID), r"\d+") + "$")


@pytest.fixture
def things(site):
    category = Category.objects.create(name="E2E stock work")
    part = Part.objects.create(
        sku="E2E-1", name="Hex bolt M8", category=category, barcode="E2E-BARCODE-1"
    )
    a = Location.objects.create(code="E2E-A", name="Shelf A")
    b = Location.objects.create(code="E2E-B", name="Shelf B")
    return part, a, b


def dialog(page):
    return page.locator("#dialog")


def message(page, text):
    expect(page.locator("#messages")).to_contain_text(text)


def test_receive_issue_transfer_and_the_ledger(site, page, things):
    part, _, _ = things
    site.sign_in(page)
    page.goto(site.url + reverse("catalog:part_detail", args=[part.pk]))
    on_hand = page.get_by_test_id("on-hand")
    expect(on_hand).to_contain_text("0")

    page.get_by_role("link", name="Receive", exact=True).click()
    expect(dialog(page).get_by_role("heading", name="Receive stock")).to_be_visible()
    expect(dialog(page).get_by_label("Part (SKU or barcode)")).to_have_value("E2E-1")
    dialog(page).get_by_label("Location code").fill("E2E-A")
    dialog(page).get_by_label("Quantity").fill("12")
    dialog(page).get_by_role("button", name="Receive").click()
    message(page, "Received 12 pcs of E2E-1 into E2E-A")
    expect(dialog(page)).not_to_be_visible()
    expect(on_hand).to_contain_text("12")  # the header refreshed in place

    # Issue too much: the error sits next to the field, what was typed is kept.
    page.get_by_role("link", name="Issue", exact=True).click()
    expect(dialog(page).get_by_test_id("stock-hint")).to_contain_text("E2E-A")
    dialog(page).get_by_label("Location code").fill("E2E-A")
    dialog(page).get_by_label("Quantity").fill("20")
    dialog(page).get_by_label("Reference").fill("JOB-42")
    dialog(page).get_by_role("button", name="Issue").click()
    expect(dialog(page)).to_contain_text("Only 12")
    expect(dialog(page).get_by_label("Reference")).to_have_value("JOB-42")
    expect(dialog(page).get_by_label("Quantity")).to_have_value("20")
    dialog(page).get_by_label("Quantity").fill("5")
    dialog(page).get_by_role("button", name="Issue").click()
    message(page, "Issued 5 pcs of E2E-1 from E2E-A")
    expect(on_hand).to_contain_text("7")

    page.get_by_role("link", name="Transfer", exact=True).click()
    dialog(page).get_by_label("From location").fill("E2E-A")
    dialog(page).get_by_label("To location").fill("E2E-B")
    dialog(page).get_by_label("Quantity").fill("3")
    dialog(page).get_by_role("button", name="Transfer").click()
    message(page, "Moved 3 pcs of E2E-1 from E2E-A to E2E-B")
    expect(on_hand).to_contain_text("7")

    # The stock tab (refreshed in place) and the ledger show each step.
    stock_rows = page.get_by_test_id("part-stock-row")
    expect(stock_rows).to_have_count(2)
    page.goto(site.url + reverse("inventory:movement_list") + "?part=E2E-1")
    rows = page.get_by_test_id("movement-row")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="JOB-42")).to_contain_text("-5")
    expect(page.locator('[data-kind="transfer"]')).to_have_count(2)
    expect(page.locator('[data-kind="receive"]')).to_contain_text("+12")


def test_count_stocktake_and_reverse(site, page, things):
    part, a, b = things
    user = None
    stock_receive(part=part, location=a, quantity=Decimal(10), user=user)
    stock_transfer(
        part=part,
        from_location=a,
        to_location=b,
        quantity=Decimal(4),
        user=user,
        reference="MOVE-1",
    )
    site.sign_in(page)

    # Count one record from the stock list: a difference is booked.
    page.goto(site.url + reverse("inventory:stock_list") + "?q=E2E-1")
    row = page.locator("#rows tr").filter(has_text="E2E-A")
    row.get_by_role("link", name="6 pcs").click()  # a quantity is its Count link
    expect(dialog(page)).to_contain_text("Recorded: 6 pcs")
    dialog(page).get_by_label("Counted quantity").fill("5")
    dialog(page).get_by_role("button", name="Save count").click()
    message(page, "Counted E2E-1 at E2E-A: 5 pcs (-1)")
    expect(row.locator("td").last).to_have_text("5 pcs")  # list refreshed in place

    # A stocktake of shelf B: keyboard entry, review, commit.
    page.goto(site.url + reverse("inventory:location_detail", args=[b.pk]))
    page.get_by_role("link", name="Count this location").click()
    expect(dialog(page).get_by_label("Location code")).to_have_value("E2E-B")
    dialog(page).get_by_role("button", name="Start count").click()
    expect(page).to_have_url(page_pattern("inventory:stocktake_detail"))
    expect(page.get_by_test_id("stocktake-started")).to_contain_text("Started by admin")
    box = page.get_by_label("Counted E2E-1 at E2E-B")
    box.fill("6")
    box.press("Enter")
    expect(page.get_by_test_id("line-difference")).to_contain_text("+2")
    expect(page.get_by_test_id("differences")).to_contain_text("4 → 6")
    page.goto(site.url + reverse("inventory:location_detail", args=[b.pk]))
    expect(page.get_by_test_id("count-in-progress")).to_contain_text("started by admin")
    page.get_by_role("link", name="Continue the count").click()
    page.get_by_role("button", name="Commit count").click()
    expect(page.get_by_test_id("stocktake-status")).to_have_text("Committed")
    message(page, "1 difference(s) booked")
    assert StockItem.objects.get(part=part, location=b).quantity == 6

    # Reverse the transfer: both legs get compensating lines.
    page.goto(site.url + reverse("inventory:movement_list") + "?part=E2E-1&kind=transfer")
    rows = page.get_by_test_id("movement-row")
    expect(rows).to_have_count(2)
    rows.first.get_by_role("link", name=re.compile("Reverse")).click()
    expect(dialog(page).get_by_test_id("operation-lines")).to_contain_text("E2E-B")
    dialog(page).get_by_label("Reason").fill("wrong shelf")
    dialog(page).get_by_role("button", name="Reverse").click()
    message(page, "Reversed the transfer of E2E-1 (2 ledger lines)")
    page.goto(site.url + reverse("inventory:movement_list") + "?part=E2E-1&kind=reversal")
    expect(page.get_by_test_id("movement-row")).to_have_count(2)
    assert StockItem.objects.get(part=part, location=a).quantity == 9
    assert StockItem.objects.get(part=part, location=b).quantity == 2


def test_scan_box(site, page, things):
    part, a, _ = things
    site.sign_in(page)
    start = page.url
    scan = page.get_by_label("Scan", exact=True)

    scan.fill("NO-SUCH-CODE")
    scan.press("Enter")
    message(page, "Nothing has the code “NO-SUCH-CODE”")
    expect(page).to_have_url(start)  # no navigation

    scan.fill("e2e-a")
    scan.press("Enter")
    expect(page).to_have_url(site.url + reverse("inventory:location_detail", args=[a.pk]))
    page.wait_for_load_state()  # the dialog needs htmx (a deferred script); without it the scan is a page

    # A part scanned on a location page: receive it here.
    scan = page.get_by_label("Scan", exact=True)
    scan.fill("E2E-BARCODE-1")
    scan.press("Enter")
    expect(dialog(page).get_by_test_id("scan-offer")).to_contain_text("E2E-1 at E2E-A")
    dialog(page).get_by_role("link", name="Receive here").click()
    expect(dialog(page).get_by_label("Location code")).to_have_value("E2E-A")
    expect(dialog(page).get_by_label("Part (SKU or barcode)")).to_have_value("E2E-1")
    dialog(page).get_by_label("Quantity").fill("4")
    dialog(page).get_by_role("button", name="Receive").click()
    message(page, "Received 4 pcs of E2E-1 into E2E-A")
    expect(page.locator("#rows tr").filter(has_text="E2E-1")).to_contain_text("4")

    scan = page.get_by_label("Scan", exact=True)
    scan.fill("E2E-1")
    scan.press("Enter")
    expect(dialog(page)).to_be_visible()
    dialog(page).get_by_role("link", name="Open the part").click()
    expect(page).to_have_url(site.url + reverse("catalog:part_detail", args=[part.pk]))
    expect(page.get_by_test_id("on-hand")).to_contain_text("4")


def test_move_selected_records(site, page, things):
    part, a, _ = things
    other = Part.objects.create(sku="E2E-2", name="Washer M8", category=part.category)
    c = Location.objects.create(code="E2E-C", name="Shelf C")
    stock_receive(part=part, location=a, quantity=Decimal(5), user=None)
    stock_receive(part=other, location=a, quantity=Decimal(7), user=None)
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:location_detail", args=[a.pk]))
    page.get_by_role("link", name="Select rows to move…").click()
    expect(page).to_have_url(re.compile(r"select=1"))
    page.get_by_label("E2E-1 at E2E-A", exact=True).check()
    page.get_by_label("E2E-2 at E2E-A", exact=True).check()
    page.get_by_role("button", name="Move selected…").click()
    expect(dialog(page).get_by_test_id("selected-items")).to_contain_text("E2E-2")
    dialog(page).get_by_label("To location").fill("NOPE")
    dialog(page).get_by_role("button", name="Move").click()
    expect(dialog(page)).to_contain_text("No location with code")
    dialog(page).get_by_label("To location").fill("E2E-C")
    dialog(page).get_by_role("button", name="Move").click()
    message(page, "Moved 2 stock record(s) to E2E-C")
    expect(page.locator("#rows tr").filter(has_text="E2E-1").locator("td").last).to_have_text(
        "0 pcs"
    )
    assert StockItem.objects.get(part=other, location=c).quantity == 7
