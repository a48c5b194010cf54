"""Units and packs end to end (issue 17, item 3): resistors stocked as pieces, bought in
boxes of 100. The order line is typed in boxes and shows its pieces; receiving two boxes
puts 200 pieces on the shelf. On a phone-sized screen (390 px) with no sideways scroll."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Category, Part
from apps.inventory.models import Location
from apps.purchasing.models import Supplier, SupplierPart

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways ({width} px)"


def test_order_in_boxes_and_receive_pieces_on_a_phone(site, page):
    page.set_viewport_size(PHONE)
    supplier = Supplier.objects.create(name="Boxed Parts Ltd", currency="EUR")
    part = Part.objects.create(
        sku="PACK-R1", name="Resistor 1 kΩ", category=Category.objects.order_by("pk").first()
    )
    SupplierPart.objects.create(
        supplier=supplier, part=part, unit_price=Decimal("12.50"), currency="EUR",
        pack_size=Decimal(100), pack_name="box of 100",
    )  # fmt: skip
    shelf = Location.objects.filter(children__isnull=True, is_active=True).order_by("pk").first()
    site.sign_in(page)

    # The part's suppliers tab: the price of a box and of one piece.
    page.goto(site.url + reverse("catalog:part_detail", args=[part.pk]))
    page.get_by_role("tab", name=re.compile("Suppliers")).click()
    expect(page.get_by_test_id("price-per-unit")).to_have_text("0.125 EUR per pcs")

    page.goto(site.url + reverse("purchasing:purchase_order_create"))
    page.get_by_label("Supplier").select_option(label="Boxed Parts Ltd (EUR)")
    box = page.locator("#lines-0-part_label")
    box.fill("PACK-R1")
    option = page.locator("#lines-0-suggestions [data-pick]").first
    expect(option).to_contain_text("PACK-R1")
    option.click()
    expect(page.locator("#lines-0-moq")).to_contain_text("In packs: box of 100 = 100 pcs")
    page.locator("#lines-0-quantity").fill("2")
    page.locator("#lines-0-quantity").press("Tab")
    expect(page.locator("#lines-0-units")).to_have_text("= 200 pcs")
    expect(page.locator("#lines-0-total")).to_have_text("25.00")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Draft")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Ordered")
    expect(page.get_by_test_id("ordered")).to_contain_text("2 packs of 100")
    expect(page.get_by_test_id("line-units")).to_have_text("= 200 pcs")
    order_url = page.url

    page.get_by_role("link", name="Receive").click()
    receive = page.get_by_label("Receive now of PACK-R1")
    receive.fill("1.5")
    page.get_by_label("Location code for PACK-R1").fill(shelf.code)
    page.get_by_role("button", name="Book receipt").click()
    expect(page.get_by_test_id("line-error")).to_contain_text("receive whole packs")
    _no_sideways_scroll(page)
    page.get_by_label("Receive now of PACK-R1").fill("2")
    page.get_by_role("button", name="Book receipt").click()
    expect(page).to_have_url(order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("Received")
    expect(page.get_by_test_id("received")).to_contain_text("2")

    page.goto(site.url + reverse("catalog:part_detail", args=[part.pk]))
    expect(page.get_by_test_id("on-hand")).to_contain_text("200")
    _no_sideways_scroll(page)
