"""Inventory browsing end to end: the location tree, the stock list's URL state, and
the ledger's filters."""

import csv
import os
import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from playwright.sync_api import expect

from apps.inventory.models import StockItem

pytestmark = pytest.mark.stack

ANY_ID = 999999999


def page_pattern(name: str) -> re.Pattern:
    """The address of page `name` for any id (ids are made by the app), ending there."""
    return re.compile(re.escape(reverse(name, args=[ANY_ID])).replace(str(ANY_ID), r"\d+") + "$")


def test_location_tree_expands_in_place(site, page):
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:location_tree"))
    toggle = page.get_by_role("button", name="Locations in SITE1", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    child = page.locator('[data-testid="location-node"][data-code="SITE1-A1"]')
    expect(child).to_have_count(0)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(child).to_be_visible()
    expect(child.get_by_test_id("location-counts")).to_contain_text("records")
    expect(page).to_have_url(
        site.url + reverse("inventory:location_tree")
    )  # in place: no navigation

    # One level deeper, with the keyboard.
    inner = page.get_by_role("button", name="Locations in SITE1-A1", exact=True)
    inner.focus()
    page.keyboard.press("Enter")
    expect(inner).to_have_attribute("aria-expanded", "true")
    expect(page.locator('[data-code="SITE1-A1-B1"]')).to_be_visible()

    # Closing hides the level without fetching it again; opening shows it again.
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(child).to_be_hidden()
    toggle.focus()
    page.keyboard.press(" ")
    expect(child).to_be_visible()
    expect(page.locator('[data-code="SITE1-A1-B1"]')).to_have_count(1)

    # The code is a link to the location's page.
    child.get_by_role("link", name="SITE1-A1", exact=True).click()
    expect(page).to_have_url(page_pattern("inventory:location_detail"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("SITE1-A1")
    expect(page.locator("#rows tr").first).to_be_visible()


def test_stock_list_filter_sort_page_then_reload_and_back(site, page):
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:stock_list"))
    rows = page.locator("#rows tr")
    expect(rows).to_have_count(25)

    page.get_by_label("Location code").fill("site1")
    page.get_by_label("Location code").press("Enter")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("inventory:stock_list")) + r"\?.*location=site1")
    )
    expect(rows.first.locator("td").nth(2)).to_contain_text("SITE1-")  # SKU, part, location

    page.get_by_role("link", name=re.compile(r"^Quantity")).click()
    expect(page).to_have_url(
        re.compile(r"location=site1.*sort=quantity|sort=quantity.*location=site1")
    )
    expect(page.get_by_role("columnheader", name=re.compile("Quantity"))).to_have_attribute(
        "aria-sort", "ascending"
    )

    range_text = page.get_by_test_id("row-range")
    expect(range_text).to_contain_text("Rows 1–25")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(range_text).to_contain_text("Rows 26–50")
    expect(page.locator("#rows")).to_be_focused()  # keyboard users land on the new rows
    # The quantity is the record's Count link: its address names the record.
    first_on_page_two = rows.first.locator("td").last.locator("a").get_attribute("href")
    quantities = [float(q.split()[0]) for q in rows.locator("td:last-child").all_inner_texts()]
    assert quantities == sorted(quantities)

    page.reload()
    expect(range_text).to_contain_text("Rows 26–50")
    expect(rows.first.locator("td").last.locator("a")).to_have_attribute("href", first_on_page_two)
    expect(page.get_by_label("Location code")).to_have_value("site1")

    page.go_back()
    expect(page).to_have_url(re.compile(r"sort=quantity"))
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(range_text).to_contain_text("Rows 1–25")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"sort="))
    expect(page.get_by_role("columnheader", name=re.compile("Quantity"))).to_have_attribute(
        "aria-sort", "none"
    )

    # Searching keeps the sort (it rides along with the filter form).
    page.go_forward()
    expect(page).to_have_url(re.compile(r"sort=quantity"))
    page.get_by_label("Search").fill("P-0001")
    expect(page).to_have_url(re.compile(r"q=P-0001.*sort=quantity|sort=quantity.*q=P-0001"))
    expect(rows.first).to_contain_text("P-0001")
    expect(page.get_by_label("Search")).to_be_focused()  # typing keeps the focus


def test_movements_filter_by_kind(site, page):
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:movement_list"))
    rows = page.get_by_test_id("movement-row")
    expect(rows).to_have_count(25)
    page.get_by_label("Kind").select_option("issue")
    expect(page).to_have_url(
        re.compile(re.escape(reverse("inventory:movement_list")) + r"\?.*kind=issue")
    )
    expect(rows.first).to_have_attribute("data-kind", "issue")
    kinds = set(rows.evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    assert kinds == {"issue"}

    # Newest first; the next page continues from the cursor and keeps the filter.
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"kind=issue.*after=|after=.*kind=issue"))
    expect(page.get_by_test_id("row-range")).to_contain_text("Rows 26–50")
    kinds = set(rows.evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    assert kinds == {"issue"}

    page.go_back()
    expect(page.get_by_test_id("row-range")).to_contain_text("Rows 1–25")
    page.go_back()
    expect(page).to_have_url(site.url + reverse("inventory:movement_list"))
    expect(page.get_by_label("Kind")).to_have_value("")


def test_manager_creates_a_location_with_the_code_checked_on_leaving_the_field(site, page):
    site.sign_in(page, username="manager")
    page.goto(site.url + reverse("inventory:location_tree"))
    page.get_by_role("link", name="New location").click()
    expect(page).to_have_url(site.url + reverse("inventory:location_create"))

    code = page.get_by_role("textbox", name="Code*")
    code.fill("site1")
    page.get_by_label("Name").focus()  # leaving the field checks the code
    expect(page.get_by_test_id("code-feedback")).to_contain_text("already used by SITE1")

    code.fill("SITE1-NEW")
    page.get_by_label("Name").fill("Overflow shelf")
    page.get_by_label("Inside location (code)").fill("NOWHERE")
    page.get_by_role("button", name="Create location").click()
    expect(page.get_by_text("There is no location with code “NOWHERE”.")).to_be_visible()
    expect(page.get_by_label("Name")).to_have_value("Overflow shelf")  # input kept

    page.get_by_label("Inside location (code)").fill("SITE1")
    page.get_by_role("button", name="Create location").click()
    expect(page).to_have_url(page_pattern("inventory:location_detail"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("SITE1-NEW")
    expect(page.get_by_test_id("breadcrumbs")).to_contain_text("SITE1")
    expect(page.locator("#messages")).to_contain_text("Location SITE1-NEW created.")


def test_archiving_a_location_with_stock_is_refused_in_place(site, page):
    site.sign_in(page, username="manager")
    page.goto(site.url + reverse("inventory:location_tree"))
    page.locator('[data-code="SITE1"]').get_by_role("link", name="SITE1", exact=True).click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_test_id("danger-error")).to_contain_text("still holds stock")
    expect(page.get_by_test_id("danger-error")).to_be_focused()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("danger-error")).to_contain_text(
        "cannot be deleted because it contains other locations"
    )
    expect(page).to_have_url(page_pattern("inventory:location_edit"))


def test_part_page_tabs_load_stock_and_movements(site, page):
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:movement_list"))
    first = page.get_by_test_id("movement-row").first
    sku = first.locator("td").nth(2).inner_text()
    first.get_by_role("link", name=sku).click()
    expect(page).to_have_url(page_pattern("catalog:part_detail"))
    part_url = page.url
    expect(page.get_by_test_id("part-stock-row").first).to_be_visible()

    page.get_by_role("tab", name="Movements").click()
    rows = page.get_by_test_id("part-movement-row")
    expect(rows.first).to_be_visible()
    next_link = page.locator("#part-movements").get_by_role("link", name="Next")
    if next_link.count():
        next_link.click()
        expect(page.locator("#part-movements").get_by_test_id("row-range")).to_contain_text(
            "Rows 26–"
        )
    expect(page).to_have_url(part_url)  # tabs load and page in place

    # Loaded directly, a tab is a whole page with a way back to the part.
    part_pk = resolve(urlsplit(part_url).path).kwargs["pk"]
    page.goto(site.url + reverse("inventory:part_movements_tab", args=[part_pk]))
    expect(rows.first).to_be_visible()
    page.get_by_role("link", name=re.compile("^← ")).click()
    expect(page).to_have_url(part_url)


@pytest.mark.skipif(
    bool(os.environ.get("STACK_URL")), reason="reads the expected rows through the ORM"
)
def test_a_locations_stock_exports_as_searched(site, page):
    """Issue 17: the location page's stock exports what it shows: the stock here and
    below, narrowed by the search typed (read from the URL at click time)."""
    item = (
        StockItem.objects.filter(location__parent__isnull=False)
        .select_related("location__parent", "part")
        .order_by("pk")
        .first()
    )
    where = item.location.parent
    site.sign_in(page)
    page.goto(site.url + reverse("inventory:location_detail", args=[where.pk]))
    page.get_by_label(f"Search stock in {where.code}").fill(item.part.sku)
    expect(page).to_have_url(re.compile(rf"\?q={re.escape(item.part.sku)}$"))
    with page.expect_download() as started:
        page.get_by_test_id("export-stock").get_by_role("link", name="CSV").click()
    with open(started.value.path(), encoding="utf-8") as saved:
        rows = list(csv.reader(saved))
    expected = StockItem.objects.filter(
        location__path__startswith=where.path, part__sku__icontains=item.part.sku
    )
    assert len(rows) - 1 == expected.count() >= 1
    assert {r[1] for r in rows[1:]} == set(expected.values_list("location__code", flat=True))
