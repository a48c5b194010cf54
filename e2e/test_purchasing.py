"""Purchasing end to end: an order with lines typed, fixed, placed and received in two
deliveries (stock, ledger and status follow); drafting orders from the reorder list."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.purchasing.models import PurchaseOrder, SupplierPart

NEW_ORDER = reverse("purchasing:purchase_order_create")
ORDERS = reverse("purchasing:purchase_order_list")

pytestmark = pytest.mark.django_db(transaction=True)


def _acme_parts(count=3):
    offers = (
        SupplierPart.objects.filter(supplier__name="Acme Components", part__is_active=True)
        .select_related("part", "part__default_location")
        .order_by("part__sku")[:count]
    )
    return list(offers)


def _pick_part(page, index, sku):
    box = page.locator(f"#lines-{index}-part_label")
    if index:  # a line just added: the swap has settled once focus is in its part box
        expect(box).to_be_focused()
    box.fill(sku)
    option = page.locator(f"#lines-{index}-suggestions [data-pick]").first
    expect(option).to_contain_text(sku)
    box.press("ArrowDown")
    expect(option).to_be_focused()
    option.press("Enter")
    expect(box).to_have_value(re.compile(rf"^{sku} — "))


def test_order_typed_fixed_placed_and_received_in_two_deliveries(site, page):
    offers = _acme_parts()
    a, b, c = offers
    site.sign_in(page)
    page.goto(site.url + NEW_ORDER)
    page.get_by_label("Supplier").select_option(label="Acme Components (EUR)")

    _pick_part(page, 0, a.part.sku)
    # Choosing the part fills the supplier's price and shows its minimum order quantity.
    expect(page.locator("#lines-0-unit_price")).to_have_value(str(a.unit_price.normalize()))
    expect(page.locator("#lines-0-moq")).to_contain_text(
        f"Min. order {a.minimum_order_quantity.normalize()}"
    )
    page.locator("#lines-0-quantity").fill("10")
    page.locator("#lines-0-quantity").press("Tab")
    expect(page.locator("#lines-0-total")).to_have_text(f"{a.unit_price * 10:.2f}")

    page.get_by_test_id("add-line").click()
    expect(page.get_by_test_id("order-line")).to_have_count(2)
    expect(page.locator("#lines-0-quantity")).to_have_value("10")  # typed values kept
    _pick_part(page, 1, b.part.sku)
    page.locator("#lines-1-quantity").fill("6")

    page.get_by_test_id("add-line").click()
    expect(page.get_by_test_id("order-line")).to_have_count(3)
    _pick_part(page, 2, c.part.sku)
    page.locator("#lines-2-quantity").fill("-3")  # invalid
    page.get_by_role("button", name="Create draft").click()

    expect(page.locator("#lines-2-quantity-error")).to_have_text("Must be more than zero.")
    expect(page.get_by_test_id("order-line")).to_have_count(3)
    expect(page.locator("#lines-1-quantity")).to_have_value("6")
    page.locator("#lines-2-quantity").fill("4")
    page.get_by_role("button", name="Create draft").click()

    expect(page).to_have_url(re.compile(re.escape(ORDERS) + r"\d+/$"))
    number = page.get_by_test_id("order-number").inner_text()
    assert re.fullmatch(r"PO-\d{6}", number)
    expect(page.get_by_test_id("order-status")).to_have_text("Draft")
    expect(page.get_by_test_id("order-line")).to_have_count(3)
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Ordered")
    expect(page.get_by_role("button", name="Place order")).to_have_count(0)
    order_url = page.url

    a.part.refresh_from_db()
    on_hand_before = a.part.quantity_on_hand
    page.get_by_role("link", name="Receive").click()
    lines = page.get_by_test_id("receive-line")
    expect(lines).to_have_count(3)
    page.get_by_label(f"Receive now of {a.part.sku}").fill("4")
    page.get_by_label(f"Receive now of {b.part.sku}").fill("0")
    page.get_by_label(f"Receive now of {c.part.sku}").fill("0")
    page.get_by_role("button", name="Book receipt").click()
    expect(page).to_have_url(order_url)
    expect(page.get_by_test_id("order-status")).to_have_text("Partially received")
    expect(page.get_by_test_id("received").first).to_have_text("4")

    # Over-receipt is refused until confirmed.
    page.get_by_role("link", name="Receive").click()
    page.get_by_label(f"Receive now of {b.part.sku}").fill("7")
    page.get_by_role("button", name="Book receipt").click()
    expect(page.get_by_test_id("line-error")).to_contain_text("confirm the over-receipt")
    page.get_by_label(f"Receive now of {b.part.sku}").fill("6")
    page.get_by_role("button", name="Book receipt").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Received")

    page.goto(site.url + reverse("catalog:part_detail", args=[a.part.pk]))
    expect(page.get_by_test_id("on-hand")).to_contain_text(
        format((on_hand_before + 10).normalize(), "f")
    )
    page.goto(site.url + reverse("inventory:part_movements_tab", args=[a.part.pk]))
    expect(page.get_by_text(number).first).to_be_visible()

    page.goto(site.url + ORDERS + "?status=received")
    expect(page.get_by_test_id("order-row").filter(has_text=number)).to_have_count(1)


def test_add_and_remove_lines_keep_what_was_typed(site, page):
    a, b = _acme_parts(2)
    site.sign_in(page)
    page.goto(site.url + NEW_ORDER)
    page.get_by_label("Supplier").select_option(label="Acme Components (EUR)")
    _pick_part(page, 0, a.part.sku)
    page.locator("#lines-0-quantity").fill("2")
    page.get_by_test_id("add-line").click()
    _pick_part(page, 1, b.part.sku)
    page.locator("#lines-1-quantity").fill("3")
    page.get_by_role("button", name="Remove line 1").click()
    expect(page.get_by_test_id("order-line")).to_have_count(1)
    expect(page.locator("#lines-1-quantity")).to_have_value("3")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_test_id("order-status")).to_have_text("Draft")
    expect(page.get_by_test_id("order-line")).to_have_count(1)
    expect(page.locator("#lines-0-part_label")).to_have_value(re.compile(b.part.sku))


def test_draft_orders_from_the_reorder_list(site, page):
    drafts_before = PurchaseOrder.objects.filter(status="draft").count()
    site.sign_in(page, username="purchaser")
    page.goto(site.url + ORDERS)
    page.get_by_role("link", name="Reorder low stock").click()
    groups = page.get_by_test_id("reorder-group")
    expect(groups.first).to_be_visible()
    expect(groups.last).to_contain_text("No preferred supplier")
    checked = page.locator("input[name=parts]:checked")
    expect(checked.first).to_be_visible()
    page.get_by_role("button", name="Draft orders for the selected parts").click()
    expect(page).to_have_url(re.compile(re.escape(ORDERS + "?status=draft") + "$"))
    expect(page.get_by_role("status")).to_contain_text("Drafted")
    assert PurchaseOrder.objects.filter(status="draft").count() > drafts_before
    # The list's filter survives a reload and Back.
    page.reload()
    expect(page.get_by_label("Status")).to_have_value("draft")


def test_order_list_filters_live_in_the_url(site, page):
    site.sign_in(page)
    page.goto(site.url + ORDERS)
    rows = page.get_by_test_id("order-row")
    expect(rows.first).to_be_visible()
    total = rows.count()
    page.get_by_label("Status").select_option("ordered")
    expect(page).to_have_url(re.compile(re.escape(ORDERS) + r"\?.*status=ordered"))
    expect(page.get_by_test_id("order-row-status").first).to_have_text("Ordered")
    ordered = rows.count()
    assert 0 < ordered < total
    page.reload()
    expect(rows).to_have_count(ordered)
    expect(page.get_by_label("Status")).to_have_value("ordered")
    page.go_back()
    expect(page).to_have_url(site.url + ORDERS)
    expect(rows).to_have_count(total)
    page.get_by_label("Search orders").fill("Voltline")
    expect(page).to_have_url(re.compile(r"q=Voltline"))
    expect(rows.first).to_contain_text("Voltline Electrical")
