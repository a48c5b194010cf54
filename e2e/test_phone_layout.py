"""A phone (390 × 844): no page pans sideways, no dialog leaves the screen, and what a
user came for is on the first screen (issue 12, items 9 to 12; tap targets are axe's
`target-size`, in test_accessibility.py)."""

import os

from django.urls import reverse
from playwright.sync_api import expect

from apps.inventory.models import StockItem, Stocktake
from apps.purchasing.models import OPEN_STATUSES, PurchaseOrder

from .walk import (
    PHONE,
    add_samples_the_demo_data_lacks,
    manager_pages,
    open_each_dialog,
    public_pages,
    sign_in,
)

WIDTHS = """() => ({
  page: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  widest: Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(el => !el.closest('.overflow-x-auto'))
    .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ').slice(0, 3).join('.') : '')
      + ' right=' + Math.round(el.getBoundingClientRect().right)),
})"""

DIALOG_BOX = """() => {
  const dialog = document.getElementById('dialog');
  const box = dialog.getBoundingClientRect();
  return {left: box.left, top: box.top, right: box.right, bottom: box.bottom,
          scrollWidth: dialog.scrollWidth, clientWidth: dialog.clientWidth,
          page: document.documentElement.scrollWidth};
}"""


def _too_wide(page, label):
    widths = page.evaluate(WIDTHS)
    if widths["page"] > widths["viewport"]:
        return [
            f"{label}: page {widths['page']} px wide on a {widths['viewport']} px screen ({', '.join(widths['widest'])})"
        ]
    return []


def _dialog_off_screen(page, label):
    box = page.evaluate(DIALOG_BOX)
    problems = []
    if (
        box["left"] < 0
        or box["top"] < 0
        or box["right"] > PHONE["width"]
        or box["bottom"] > PHONE["height"]
    ):
        problems.append(
            f"{label}: dialog box {box} leaves the {PHONE['width']}×{PHONE['height']} screen"
        )
    if box["scrollWidth"] > box["clientWidth"] or box["page"] > PHONE["width"]:
        problems.append(
            f"{label}: dialog content {box['scrollWidth']} px in a {box['clientWidth']} px dialog"
        )
    return problems


def test_no_page_or_dialog_is_wider_than_a_phone(site, page):
    page.set_viewport_size(PHONE)
    problems = []
    for public in public_pages():
        page.goto(site.url + public.url)
        problems += _too_wide(page, public.url)
    sign_in(page, site)
    seen = set()
    for target in manager_pages():
        page.goto(site.url + target.url)
        page.wait_for_load_state("networkidle")
        problems += _too_wide(page, target.url)
        problems += open_each_dialog(
            page, seen, lambda label: _too_wide(page, label) + _dialog_off_screen(page, label)
        )
    # A part scanned on a location page is offered in a dialog (receive or issue here).
    item = StockItem.objects.select_related("part", "location").order_by("pk").first()
    page.goto(site.url + item.location.get_absolute_url())
    page.get_by_role("searchbox", name="Scan").fill(item.part.sku)
    page.keyboard.press("Enter")
    expect(page.locator("#dialog")).to_be_visible()
    problems += _dialog_off_screen(page, "scan dialog")
    assert not problems, "\n".join(problems)
    if not os.environ.get("WALK_ONLY"):  # a partial walk (walk.py) opens only its dialogs
        assert {"/stock/receive/", "/movements/N/reverse/", "/stock/N/count/"} <= seen, seen


def _right_edge(locator):
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    return box["x"] + box["width"]


def test_the_column_a_user_needs_is_on_a_phone_screen(site, page):
    """Item 10: what a row is for is on screen, without scrolling the table."""
    add_samples_the_demo_data_lacks()
    page.set_viewport_size(PHONE)
    sign_in(page, site)
    width = PHONE["width"]

    page.goto(site.url + reverse("inventory:stock_list"))
    assert _right_edge(page.locator("[data-count-links] td:last-child a").first) <= width

    part = StockItem.objects.order_by("pk").first().part
    page.goto(site.url + part.get_absolute_url())
    stock_row = page.get_by_test_id("part-stock-row").first
    expect(stock_row).to_be_visible()
    assert _right_edge(stock_row.locator("td:last-child")) <= width
    assert _right_edge(page.get_by_role("tab", name="History")) <= width

    stocktake = Stocktake.objects.order_by("pk").first()
    page.goto(site.url + reverse("inventory:stocktake_detail", args=[stocktake.pk]))
    line = page.get_by_test_id("stocktake-line").first
    count = line.locator("[data-count-input]")
    count.fill("3")  # while typing a count, the row's part stays in view
    assert _right_edge(count) <= width
    part_cell = line.locator("td:nth-child(3)")  # the part: its SKU and name
    expect(part_cell).to_be_visible()
    assert part_cell.bounding_box()["x"] >= 0 and _right_edge(part_cell) <= width

    order = PurchaseOrder.objects.filter(status__in=OPEN_STATUSES).order_by("pk").first()
    page.goto(site.url + reverse("purchasing:purchase_order_receive", args=[order.pk]))
    receive = page.get_by_test_id("receive-line").first
    assert _right_edge(receive.get_by_label("Location code", exact=False)) <= width
    batch = page.locator("[name$='-batch']")
    if batch.count():
        assert _right_edge(batch.first) <= width


def test_on_a_phone_the_header_is_one_row_and_the_results_come_first(site, page):
    """Item 11: a compact header; the search and the first results on the first screen,
    the filters and the bulk actions behind a button."""
    page.set_viewport_size(PHONE)
    sign_in(page, site)
    page.goto(site.url + reverse("catalog:part_list"))
    header = page.locator("header").bounding_box()
    assert header["height"] <= 64, header
    expect(page.get_by_label("Search parts")).to_be_visible()
    first_row = page.locator("#rows tr").first
    assert first_row.bounding_box()["y"] + 40 <= PHONE["height"]
    category = page.get_by_label("Category", exact=True)
    expect(category).to_be_hidden()
    expect(page.get_by_role("button", name="Set category")).to_be_hidden()
    page.get_by_text("Filters", exact=True).click()
    expect(category).to_be_visible()
    page.get_by_text("Act on selected parts").click()
    expect(page.get_by_role("button", name="Set category")).to_be_visible()

    # The menu opens and closes; its links are the navigation.
    menu = page.get_by_role("link", name="Menu")
    expect(page.get_by_role("link", name="Stock", exact=True)).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Stock", exact=True).click()
    expect(page).to_have_url(site.url + reverse("inventory:stock_list"))

    # The narrowest phones: the header still fits.
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator("header").bounding_box()["height"] <= 64


def test_on_a_desktop_filters_and_bulk_actions_are_open(site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, site)
    page.goto(site.url + reverse("catalog:part_list"))
    expect(page.get_by_label("Category", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Set category")).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    expect(page.locator("details.fold").first).to_have_attribute("open", "")
