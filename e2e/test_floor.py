"""The floor flow on a phone (390 × 844) with touch and with the keyboard: scan a location
then a part (a keyboard-wedge scanner types and presses Enter), − and +, receive, issue,
undo, move; the ledger holds."""

import os
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.inventory.models import Location, StockItem
from apps.inventory.selectors.stock import stock_mismatches

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def floor_things(site):
    category = Category.objects.create(name="E2E floor")
    part = Part.objects.create(sku="FLOOR-1", name="Drill bit 6 mm", category=category)
    a = Location.objects.create(code="FL-A", name="Floor shelf A")
    b = Location.objects.create(code="FL-B", name="Floor shelf B")
    return part, a, b


def here(part, location) -> Decimal:
    item = StockItem.objects.filter(part=part, location=location).first()
    return item.quantity if item else Decimal(0)


def scan(page, code):
    box = page.get_by_role("searchbox", name="Scan a code")
    box.fill(code)
    with page.expect_navigation():
        box.press("Enter")


def test_floor_flow_touch_and_keyboard(site, phone, floor_things):
    part, a, b = floor_things
    page = phone
    site.sign_in(page, username="clerk")
    page.goto(site.url + reverse("floor:home"))
    scan(page, "fl-a")
    expect(page.get_by_role("heading", name="FL-A")).to_be_visible()
    scan(page, "FLOOR-1")
    expect(page.get_by_role("heading", name="FLOOR-1")).to_be_visible()
    expect(page.get_by_label("Location", exact=True)).to_have_value("FL-A")

    # Touch: + twice (1 → 3), Receive.
    quantity = page.get_by_label("Quantity")
    expect(quantity).to_have_value("1")
    for _ in range(2):
        page.get_by_role("button", name="One more").tap()
    expect(quantity).to_have_value("3")
    for name in ("One less", "One more", "Receive", "Issue", "Move", "Count"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
    page.get_by_role("button", name="Receive", exact=True).tap()
    expect(page.locator("#messages")).to_contain_text("Received 3 pcs of FLOOR-1 into FL-A")
    expect(page.get_by_test_id("floor-figures")).to_contain_text("FL-A: 3 pcs")
    assert here(part, a) == 3

    # Keyboard: type a quantity, Tab to Issue, Enter.
    quantity.fill("2")
    page.get_by_role("button", name="Issue", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("floor-figures")).to_contain_text("FL-A: 1 pcs")

    # Undo the issue: a reversal, the 2 come back.
    undo = page.get_by_test_id("floor-undo")
    expect(undo).to_contain_text("Issued 2 pcs of FLOOR-1 from FL-A")
    undo.get_by_role("button", name="Undo").tap()
    expect(page.locator("#messages")).to_contain_text("Undone")
    expect(page.get_by_test_id("floor-figures")).to_contain_text("FL-A: 3 pcs")

    # Move 2 to FL-B (keyboard only).
    quantity.fill("2")
    page.get_by_label("Move to").fill("FL-B")
    page.get_by_role("button", name="Move", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page.locator("#messages")).to_contain_text("Moved 2 pcs of FLOOR-1 from FL-A to FL-B")
    assert (here(part, a), here(part, b)) == (1, 2)
    # An error stays on the screen, in place.
    quantity.fill("50")
    page.get_by_role("button", name="Issue", exact=True).tap()
    expect(page.get_by_label("Quantity")).to_have_attribute("aria-invalid", "true")
    assert here(part, a) == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    assert stock_mismatches() == []


def test_check_out_and_in_on_a_phone(site, phone, floor_things):
    part, a, b = floor_things
    from django.contrib.auth import get_user_model

    from apps.inventory.services.stock import stock_receive

    stock_receive(
        part=part, location=a, quantity=2, user=get_user_model().objects.get(username="clerk")
    )
    page = phone
    site.sign_in(page, username="clerk")
    page.goto(site.url + reverse("floor:home"))
    scan(page, "FL-A")
    scan(page, "FLOOR-1")
    page.get_by_role("link", name="Check out to a person or job…").tap()
    expect(page.get_by_label("Part (SKU, barcode or batch code)")).to_have_value("FLOOR-1")
    expect(page.get_by_label("From location")).to_have_value("FL-A")
    page.get_by_label("Or to someone by name").fill("Dana")
    page.get_by_label("Job").fill("JOB-77")
    page.get_by_role("button", name="Check out").tap()
    expect(page.locator("#messages")).to_contain_text(
        "Checked out 1 pcs of FLOOR-1 to Dana (JOB-77)"
    )
    rows = page.get_by_test_id("checkout-rows")
    expect(rows).to_contain_text("Dana (JOB-77)")
    # The part page shows who has it.
    page.goto(site.url + part.get_absolute_url())
    expect(page.get_by_test_id("part-checkouts")).to_contain_text("with Dana (JOB-77)")
    # Check in to FL-B with the keyboard.
    page.get_by_test_id("part-checkouts").get_by_role("link", name="Check in").click()
    page.get_by_label("Return to location").fill("FL-B")
    page.get_by_label("Return to location").press("Enter")
    expect(page.locator("#messages")).to_contain_text("Checked in 1 pcs of FLOOR-1 to FL-B")
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    assert (here(part, a), here(part, b)) == (1, 1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert stock_mismatches() == []
