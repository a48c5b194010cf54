"""The catalog in a browser: the parts list (search, filters, sort, paging, Back and
reload), bulk actions, the reorder point in place, the part form and the category tree."""

import contextlib
import csv
import re

from django.urls import reverse
from playwright.sync_api import expect

from apps.catalog.models import Part
from apps.inventory.models import StockItem, StockMovement
from apps.purchasing.models import SupplierPart
from e2e.walk import wait_for_htmx

PARTS = reverse("catalog:part_list")
NEW_PART = reverse("catalog:part_create")
CATEGORIES = reverse("catalog:category_list")


def url_pattern(name: str) -> str:
    """A regular expression matching the URL named `name` for any id."""
    marker = 987654321
    return re.escape(reverse(name, args=[marker])).replace(str(marker), r"\d+")


def rows(page):
    return page.locator("#rows tr")


def sku_cells(page):
    return page.locator("#rows tr td:nth-child(2)")


def test_search_filter_sort_page_then_reload_and_back_restore_the_view(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS)
    expect(rows(page)).to_have_count(25)

    # "/" focuses the search box; typing narrows the table by HTMX and pushes the URL.
    page.locator("body").press("/")
    expect(page.get_by_label("Search parts")).to_be_focused()
    page.keyboard.type("P-0001")
    expect(page).to_have_url(
        re.compile(re.escape(PARTS) + r"\?q=P-0001$")
    )  # defaults stay out of the URL
    expect(sku_cells(page).first).to_have_text("P-000100")

    # A filter changes the set (status: all parts, archived included).
    page.get_by_label("Status").select_option("all")
    expect(page).to_have_url(re.compile(re.escape(PARTS) + r"\?q=P-0001&status=all$"))
    expect(page.get_by_test_id("row-range")).to_contain_text("of 100")

    # Sort by name, descending (two clicks on the header), then the next page.
    page.get_by_role("link", name=re.compile("^Name")).click()
    expect(page).to_have_url(re.compile(r"sort=name"))
    page.get_by_role("link", name=re.compile("^Name")).click()
    expect(page).to_have_url(re.compile(r"sort=-name"))
    expect(page.get_by_role("columnheader", name=re.compile("^Name"))).to_have_attribute(
        "aria-sort", "descending"
    )
    names_page_1 = page.locator("#rows tr td:nth-child(3)").all_inner_texts()
    assert names_page_1 == sorted(names_page_1, reverse=True)
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.get_by_test_id("row-range")).to_contain_text("Rows 26–50 of 100")
    first_on_page_2 = sku_cells(page).first.inner_text()

    # Reload: the same view, rendered whole by the server.
    page.reload()
    expect(page.get_by_label("Search parts")).to_have_value("P-0001")
    expect(page.get_by_label("Status")).to_have_value("all")
    expect(page.get_by_test_id("row-range")).to_contain_text("Rows 26–50 of 100")
    expect(sku_cells(page).first).to_have_text(first_on_page_2)

    # Back: page 1 of the same sorted search.
    page.go_back()
    expect(page).to_have_url(re.compile(r"sort=-name(?!.*page=2)"))
    expect(page.get_by_test_id("row-range")).to_contain_text("Rows 1–25 of 100")
    expect(page.locator("#rows tr td:nth-child(3)").first).to_have_text(names_page_1[0])


def test_page_size_and_category_filter(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS)
    page.locator("#list-foot").get_by_role("link", name="50", exact=True).click()
    expect(rows(page)).to_have_count(50)
    expect(page).to_have_url(re.compile(r"per_page=50"))
    page.get_by_label("Category", exact=True).select_option(label="Electronics")
    expect(page).to_have_url(re.compile(r"category=\d+"))
    expect(page).to_have_url(re.compile(r"per_page=50"))  # the page size is kept
    expect(rows(page).first).to_be_visible()
    for category in page.locator("#rows tr td:nth-child(4)").all_inner_texts():
        assert category in {  # the leaves below Electronics in the small set
            "Through-hole",
            "SMD 0603",
            "Ceramic",
            "Electrolytic",
            "Diodes",
            "Transistors",
        }


def test_category_tree_expands_in_place(site, page):
    site.sign_in(page)
    page.goto(site.url + CATEGORIES)
    toggle = page.get_by_role("button", name="Subcategories of Electronics")
    group = page.locator("#" + toggle.get_attribute("aria-controls"))
    children = group.locator("> ul > [data-testid=category-node]")
    expect(children).to_have_count(0)
    toggle.click()
    expect(children).to_have_count(3)
    expect(children.first).to_contain_text("part")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page).to_have_url(site.url + CATEGORIES)  # expanding is not navigation
    toggle.click()  # closes without asking the server again
    expect(group).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_part_created_after_fixing_a_taken_sku(site, page):
    site.sign_in(page)
    page.goto(site.url + NEW_PART)
    sku = page.get_by_label("SKU")
    sku.fill("p-000001")  # taken, in another case
    page.get_by_label("Name").click()  # leaving the field validates it
    expect(page.locator("#div_id_sku")).to_contain_text("already used")
    expect(page.get_by_label("SKU")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("SKU").fill("E2E-0001")
    page.get_by_label("Name").fill("Browser-made widget")
    expect(page.locator("#div_id_sku")).not_to_contain_text("already used")
    page.get_by_label("Category").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(url_pattern("catalog:part_detail") + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("E2E-0001")
    expect(page.locator("#messages")).to_contain_text("Part E2E-0001 created")


def test_submitting_a_taken_sku_keeps_the_input(site, page):
    site.sign_in(page)
    page.goto(site.url + NEW_PART)
    page.get_by_label("Name").fill("Kept name")
    page.get_by_label("SKU").fill("P-000002")
    page.get_by_label("Category").select_option(index=1)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#div_id_sku")).to_contain_text("already used")
    expect(page.get_by_label("Name")).to_have_value("Kept name")
    expect(page).to_have_url(site.url + NEW_PART)


def test_category_quick_created_from_the_part_form(site, page):
    site.sign_in(page)
    page.goto(site.url + NEW_PART)
    page.get_by_label("Name").fill("Typed before the dialog")
    page.get_by_role("link", name="New category…").click()
    dialog = page.locator("#dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Name").fill("Quick fuses")
    dialog.get_by_role("button", name="Create category").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#id_category option:checked")).to_have_text(re.compile("Quick fuses"))
    expect(page.get_by_label("Name")).to_have_value("Typed before the dialog")
    expect(page.locator("#messages")).to_contain_text("Category Quick fuses created")


def test_bulk_action_on_selected_rows(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS + "?q=P-00000")
    expect(rows(page)).to_have_count(9)
    page.get_by_label("Select P-000001").check()
    page.get_by_label("Select P-000002").check()
    page.get_by_label("Category to set").select_option(label="Tools")
    page.get_by_role("button", name="Set category").click()
    expect(page.locator("#messages")).to_contain_text("2 parts moved to Tools")
    expect(page.locator("#rows tr", has_text="P-000001").locator("td").nth(3)).to_have_text("Tools")
    expect(page.locator("#rows tr", has_text="P-000002").locator("td").nth(3)).to_have_text("Tools")
    expect(page.locator("#rows tr", has_text="P-000003").locator("td").nth(3)).not_to_have_text(
        "Tools"
    )
    expect(page).to_have_url(
        re.compile(re.escape(PARTS) + r"\?q=P-00000$")
    )  # a write does not push a URL


def test_reorder_point_edited_in_place(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS + "?q=P-000005")
    row = page.locator("#rows tr").first
    row.locator("a.edit").click()
    field = page.get_by_label("Reorder point of P-000005")
    expect(field).to_be_focused()
    field.fill("-3")
    field.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("greater than or equal to 0")
    expect(page.get_by_label("Reorder point of P-000005")).to_have_value("-3")
    page.get_by_label("Reorder point of P-000005").fill("42")
    page.get_by_label("Reorder point of P-000005").press("Enter")
    expect(page.locator("#rows tr").first.locator("a.edit")).to_have_text("42")
    expect(page.locator("#messages")).to_contain_text("set to 42")
    # Escape cancels an edit and brings the row back as it was.
    page.locator("#rows tr").first.locator("a.edit").click()
    page.get_by_label("Reorder point of P-000005").fill("7")
    page.get_by_label("Reorder point of P-000005").press("Escape")
    expect(page.locator("#rows tr").first.locator("a.edit")).to_have_text("42")
    expect(page).to_have_url(re.compile(re.escape(PARTS) + r"\?q=P-000005$"))


def test_part_page_tabs(site, page):
    site.sign_in(page)
    page.goto(site.url + PARTS + "?q=P-000010")
    page.get_by_role("link", name="P-000010").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P-000010")
    page.wait_for_load_state()  # the tab keys are handled by a deferred script
    tabs = page.get_by_role("tab")
    # Stock, movements, suppliers, attachments, history.
    expect(tabs).to_have_count(5)
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).not_to_contain_text("Loading stock")
    tabs.first.focus()
    page.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(1)).to_be_focused()
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-movements")


def test_a_tab_chosen_while_the_first_one_loads_stays_chosen(site, page):
    """The panel's first load (stock) answering after the tab the user chose must not
    replace it: the panel's requests replace each other (hx-sync)."""
    site.sign_in(page)
    page.goto(site.url + PARTS + "?q=P-000010")
    link = page.get_by_role("link", name="P-000010")
    detail_url = site.url + link.get_attribute("href")

    held = []  # the stock tab's first load, answered only after the user's choice
    page.route(re.compile(r"/parts/\d+/stock/$"), lambda route: held.append(route))
    page.goto(detail_url)
    page.wait_for_function("() => window.htmx !== undefined")
    page.get_by_role("tab", name="Suppliers").click()
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-suppliers")
    expect(page.get_by_test_id("part-suppliers")).to_be_visible()
    assert held, "the stock tab's first load was sent"
    for route in held:
        # Aborted by the page (what hx-sync should do): continuing it then fails.
        with contextlib.suppress(Exception):
            route.continue_()
    wait_for_htmx(page)  # the held answer, if it was not aborted, has landed by now
    expect(page.get_by_test_id("part-suppliers")).to_be_visible()
    expect(page.get_by_role("tabpanel")).to_have_attribute("aria-labelledby", "tab-suppliers")


def _downloaded_rows(page, link) -> list[list[str]]:
    with page.expect_download() as started:
        link.click()
    with open(started.value.path(), encoding="utf-8") as saved:
        return list(csv.reader(saved))


def test_part_page_tabs_export_their_rows(site, page):
    """Issue 17: each tab of the part page exports what it lists, for this part only."""
    part = Part.objects.get(sku="P-000010")
    part.name = "=Lock nut, renamed"  # a change in its history, written as text
    part.save()
    site.sign_in(page)
    page.goto(site.url + reverse("catalog:part_detail", args=[part.pk]))
    panel = page.get_by_role("tabpanel")
    expect(panel.get_by_test_id("part-stock-row").first).to_be_visible()

    rows = _downloaded_rows(page, panel.get_by_role("link", name="CSV"))
    assert [(r[0], r[1]) for r in rows[1:]] == [
        (part.sku, code)
        for code in StockItem.objects.filter(part=part)
        .order_by("location__code", "batch")
        .values_list("location__code", flat=True)
    ]

    page.get_by_role("tab", name="Movements").click()
    expect(panel.get_by_test_id("part-movement-row").first).to_be_visible()
    rows = _downloaded_rows(page, panel.get_by_role("link", name="CSV"))
    assert len(rows) - 1 == StockMovement.objects.filter(part=part).count()
    assert {r[2] for r in rows[1:]} == {part.sku}

    page.get_by_role("tab", name="Suppliers").click()
    expect(panel.get_by_test_id("part-suppliers")).to_be_visible()
    rows = _downloaded_rows(page, panel.get_by_role("link", name="CSV"))
    assert sorted(r[0] for r in rows[1:]) == sorted(
        SupplierPart.objects.filter(part=part).values_list("supplier__name", flat=True)
    )

    page.get_by_role("tab", name="History").click()
    expect(panel.get_by_test_id("history-entry").first).to_be_visible()
    rows = _downloaded_rows(page, panel.get_by_role("link", name="CSV"))
    renamed = [r for r in rows[1:] if r[4] == "Name"]
    assert renamed and renamed[0][6] == "'=Lock nut, renamed"  # the formula guard
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
