"""Stocktakes in a browser: reached from the main navigation; a part found on a shelf
where it has no stock record is added to the count and booked at commit.

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
from apps.inventory.services.stock import stock_receive

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)

ANY_ID = 999999999


def page_pattern(name: str) -> re.Pattern:
    """The address of page `name` for any id (ids are made by the app), ending there."""
    return re.compile(re.escape(reverse(name, args=[ANY_ID])).replace(str(ANY_ID), r"\d+") + "$")


@pytest.fixture
def shelves(site):
    category = Category.objects.create(name="E2E stocktakes")
    bolt = Part.objects.create(sku="E2E-ST-1", name="Hex bolt M6", category=category)
    washer = Part.objects.create(
        sku="E2E-ST-2", name="Washer M6", category=category, barcode="E2E-ST-BAR-2"
    )
    room = Location.objects.create(code="E2E-ROOM", name="Counting room")
    shelf = Location.objects.create(code="E2E-ROOM-1", name="Shelf 1", parent=room)
    elsewhere = Location.objects.create(code="E2E-ELSE", name="Elsewhere")
    stock_receive(part=bolt, location=shelf, quantity=Decimal(10), user=None)
    return bolt, washer, room, shelf, elsewhere


def test_found_part_is_added_to_the_count_and_booked_at_commit(site, page, shelves):
    bolt, washer, room, shelf, _ = shelves
    site.sign_in(page)

    # The main navigation leads to the stocktakes and marks where we are.
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Stocktakes").click()
    expect(page).to_have_url(site.url + reverse("inventory:stocktake_list"))
    expect(nav.get_by_role("link", name="Stocktakes")).to_have_attribute("aria-current", "page")

    page.goto(site.url + reverse("inventory:location_detail", args=[room.pk]))
    page.get_by_role("link", name="Count this location").click()
    page.locator("#dialog").get_by_role("button", name="Start count").click()
    expect(page).to_have_url(page_pattern("inventory:stocktake_detail"))
    lines = page.get_by_test_id("stocktake-line")
    expect(lines).to_have_count(1)

    # A washer lies on shelf 1 but has no record there: a location outside the count first.
    add = page.get_by_test_id("add-line")
    add.get_by_label("Part (SKU or barcode)").fill("E2E-ST-BAR-2")
    add.get_by_label("Location code").fill("E2E-ELSE")
    add.get_by_label("Counted").fill("4")
    add.get_by_role("button", name="Add line").click()
    expect(add.get_by_test_id("add-location-error")).to_contain_text("not part of this count")
    expect(add.get_by_label("Location code")).to_have_attribute("aria-invalid", "true")
    expect(add.get_by_label("Location code")).to_be_focused()
    expect(add.get_by_label("Part (SKU or barcode)")).to_have_value("E2E-ST-BAR-2")  # kept
    expect(lines).to_have_count(1)

    add.get_by_label("Location code").fill("e2e-room-1")
    add.get_by_label("Location code").press("Enter")
    expect(lines).to_have_count(2)
    found = lines.filter(has_text="E2E-ST-2")
    expect(found.get_by_test_id("found-badge")).to_be_visible()
    expect(found.get_by_test_id("line-difference")).to_contain_text("+4")
    expect(page.get_by_test_id("differences")).to_contain_text("E2E-ST-2 at E2E-ROOM-1: 0 → 4")
    expect(page.locator("#messages")).to_contain_text("Added E2E-ST-2 at E2E-ROOM-1: counted 4.")
    # Ready for the next one: an empty form with the cursor in the first field.
    expect(add.get_by_label("Part (SKU or barcode)")).to_have_value("")
    expect(add.get_by_label("Part (SKU or barcode)")).to_be_focused()

    # The same part again is refused next to the field.
    add.get_by_label("Part (SKU or barcode)").fill("E2E-ST-2")
    add.get_by_label("Location code").fill("E2E-ROOM-1")
    add.get_by_label("Counted").fill("1")
    add.get_by_role("button", name="Add line").click()
    expect(add.get_by_test_id("add-part-error")).to_contain_text("on this count already")
    expect(lines).to_have_count(2)

    # Found lines can be corrected like the others, and survive a reload.
    box = page.get_by_label("Counted E2E-ST-2 at E2E-ROOM-1")
    box.fill("5")
    box.press("Enter")
    expect(found.get_by_test_id("line-difference")).to_contain_text("+5")
    page.reload()
    expect(page.get_by_label("Counted E2E-ST-2 at E2E-ROOM-1")).to_have_value("5")

    page.get_by_role("button", name="Commit count").click()
    expect(page.get_by_test_id("stocktake-status")).to_have_text("Committed")
    expect(page.locator("#messages")).to_contain_text("1 difference(s) booked")
    assert StockItem.objects.get(part=washer, location=shelf).quantity == 5
    assert StockItem.objects.get(part=bolt, location=shelf).quantity == 10
    expect(page.get_by_test_id("add-line")).to_have_count(0)
