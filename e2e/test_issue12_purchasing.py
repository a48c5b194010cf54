"""Issue 12 in the browser: the reorder list drafted from and opened again ticks nothing
twice, choosing a supplier ticks its row (items 1 and 2); a purchase-order receipt
reversed from the ledger reopens its order (items 3 and 5).

Runs on the live server with the small demo data set (it creates an order through the
services)."""

import os
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from apps.purchasing.models import PurchaseOrder, Status, SupplierPart
from apps.purchasing.services.orders import LineData, purchase_order_create, purchase_order_place

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="creates records through the ORM"
)

ORDERS = reverse("purchasing:purchase_order_list")
REORDER = reverse("purchasing:purchase_order_reorder")
DRAFT = "Draft orders for the selected parts"


def test_issue12_items1_2_reorder_draft_come_back_nothing_ticked_twice(site, page):
    drafts_before = PurchaseOrder.objects.filter(status=Status.DRAFT).count()
    site.sign_in(page, username="purchaser")
    page.goto(site.url + REORDER)
    ticked = page.locator("input[name=parts]:checked")
    expect(ticked.first).to_be_visible()
    # Item 2: choosing a supplier for a part without a preferred one ticks its row.
    choose = page.locator("select[data-ticks]").first
    box = page.locator("#" + choose.get_attribute("data-ticks"))
    expect(box).not_to_be_checked()
    choose.select_option(index=1)
    expect(box).to_be_checked()
    count = ticked.count()
    page.get_by_role("button", name=DRAFT).click()
    expect(page).to_have_url(re.compile(re.escape(ORDERS + "?status=draft") + "$"))
    expect(page.get_by_role("status")).to_contain_text("Drafted")
    drafted = PurchaseOrder.objects.filter(status=Status.DRAFT).count() - drafts_before
    assert drafted >= 1
    assert sum(o.lines.count() for o in PurchaseOrder.objects.filter(status=Status.DRAFT)) >= count
    # Item 1: back on the list, what is on draft counts and says so; nothing is ticked.
    page.goto(site.url + REORDER)
    expect(page.get_by_test_id("on-draft").first).to_contain_text("on draft")
    expect(ticked).to_have_count(0)
    page.reload()
    expect(ticked).to_have_count(0)
    page.get_by_role("button", name=DRAFT).click()
    expect(page.get_by_test_id("form-error")).to_contain_text("Select at least one part")
    assert PurchaseOrder.objects.filter(status=Status.DRAFT).count() - drafts_before == drafted


def test_issue12_items3_5_a_receipt_reversed_in_the_ledger_reopens_the_order(site, page):
    offer = (
        SupplierPart.objects.filter(
            supplier__name="Acme Components",
            part__is_active=True,
            part__default_location__is_active=True,
        )
        .select_related("supplier", "part__default_location")
        .order_by("part__sku")
        .first()
    )
    purchaser = get_user_model().objects.get(username="purchaser")
    order = purchase_order_create(
        supplier=offer.supplier,
        user=purchaser,
        lines=[LineData(part=offer.part, quantity=Decimal(5), unit_price=offer.unit_price)],
    )
    purchase_order_place(order=order, user=purchaser)
    order_url = site.url + reverse("purchasing:purchase_order_detail", args=[order.pk])

    site.sign_in(page, username="manager")
    page.goto(order_url)
    page.get_by_role("link", name="Receive").click()
    page.get_by_label(f"Receive now of {offer.part.sku}").fill("5")
    page.get_by_label(f"Location code for {offer.part.sku}").fill(offer.part.default_location.code)
    page.get_by_role("button", name="Book receipt").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Received")
    expect(page.get_by_test_id("received").first).to_have_text("5")

    # Reversed from the ledger, as a manager does when the wrong goods were booked.
    page.goto(site.url + reverse("inventory:movement_list") + f"?q={order.number}")
    rows = page.get_by_test_id("movement-row")
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name=re.compile("Reverse")).click()
    page.locator("#dialog").get_by_label("Reason").fill("wrong part delivered")
    page.locator("#dialog").get_by_role("button", name="Reverse").click()
    expect(page.locator("#messages")).to_contain_text(f"Reversed the receive of {offer.part.sku}")
    # Item 5: the reversed line offers no second reversal.
    page.reload()
    receipt = page.locator('[data-testid="movement-row"][data-kind="receive"]')
    expect(receipt.get_by_test_id("reversed")).to_have_text("Reversed")
    expect(receipt.get_by_role("link", name=re.compile("Reverse"))).to_have_count(0)

    # Item 3: the order follows the ledger.
    page.goto(order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("Ordered")
    expect(page.get_by_test_id("received").first).to_have_text("0")
    expect(page.get_by_role("link", name="Receive")).to_be_visible()
