"""The parts list (views/part_list.py): search, filters, sort, paging, fragments, queries,
bulk actions, export."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.models import Part
from apps.catalog.selectors import parts as part_selectors
from apps.catalog.selectors.parts import PART_SORTS, with_figures
from apps.catalog.tests.factories import make_category, make_location, make_part, put_stock

HX = {"HX-Request": "true"}
PARTS = reverse("catalog:part_list")
EXPORT = reverse("catalog:part_export")
BULK = reverse("catalog:part_bulk")

# A row's first link: the part's page, its text the SKU.
ROW_LINK = re.compile(r'<td><a href="(?P<url>[^"]+)">(?P<sku>[^<]+)</a>')


def skus_in(html: str) -> list[str]:
    """The SKUs of the list's rows, in order."""
    return [match["sku"] for match in ROW_LINK.finditer(html)]


def skus(response) -> list[str]:
    return skus_in(response.content.decode())


def test_list_shows_the_columns_and_figures(manager):
    part = make_part("R-100", name="Resistor 10k", quantity_on_hand=7, reorder_point=10)
    response = manager.get(PARTS)
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("SKU", "Name", "Category", "On hand", "Available", "Reorder point", "Status"):
        assert f">{heading}<" in html
    assert skus(response) == ["R-100"]
    assert ROW_LINK.search(html)["url"] == reverse("catalog:part_detail", args=[part.pk])
    assert "Resistor 10k" in html and part.category.name in html
    assert ">low<" in html  # below the reorder point is flagged


def _list_queries(client, url) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as page:
        response = client.get(url)
    with CaptureQueriesContext(connection) as fragment:
        client.get(url, headers=HX)
    return len(page), len(fragment), len(skus(response))


def test_queries_do_not_depend_on_the_number_of_rows(manager):
    category = make_category("Sub", parent=make_category("Top"))
    location = make_location("L1")

    def add_parts(first, last):
        for n in range(first, last):
            put_stock(make_part(f"Q-{n:03d}", category=category, reorder_point=5), location, n + 1)

    url = PARTS + f"?per_page=50&category={category.pk}&location=L1&sort=-available&q=Q-"
    add_parts(0, 5)
    manager.get(url)  # the first request of a session loads it
    page5, fragment5, rows5 = _list_queries(manager, url)
    add_parts(5, 50)
    page50, fragment50, rows50 = _list_queries(manager, url)
    assert (rows5, rows50) == (5, 50)
    assert page5 == page50 and fragment5 == fragment50
    assert page50 <= 10


def category_tree(shape=(10, 5, 5)) -> list:
    """A category tree shaped like the large data set's (310 categories); its leaves."""
    level = [None]
    for depth, fanout in enumerate(shape):
        level = [
            make_category(f"C{depth}-{n}-{i}", parent=parent)
            for n, parent in enumerate(level)
            for i in range(fanout)
        ]
    return level


def test_fragment_is_a_fraction_of_the_page_and_varies_on_hx_request(manager):
    leaves = category_tree()
    for n in range(25):
        make_part(
            f"F-{n:03d}",
            name=f"Bearing stainless {n}",
            category=leaves[n],
            quantity_on_hand=n,
            reorder_point=10,
        )
    page = manager.get(PARTS + "?q=bearing")
    fragment = manager.get(PARTS + "?q=bearing", headers=HX)
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b'<tbody id="rows"' in fragment.content and b'<div id="results"' not in fragment.content
    assert len(skus(fragment)) == 25
    assert len(fragment.content) < len(page.content) / 5, (len(fragment.content), len(page.content))
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]


def test_sorting_swaps_the_whole_table_with_its_headers(manager):
    make_part("A-1")
    response = manager.get(PARTS + "?sort=-sku", headers={**HX, "HX-Target": "results"})
    assert response.content.lstrip().startswith(b'<div id="results"')
    assert b'aria-sort="descending"' in response.content


def test_search_matches_sku_name_description_and_barcode_exact_match_first(manager):
    category = make_category()
    make_part("AB-1000", name="Bolt", category=category)
    make_part("AB-100", name="Washer", category=category)
    make_part("ZZ-1", name="Spring", description="fits ab-100 housings", category=category)
    make_part("YY-2", name="Clip", barcode="ab-100", category=category)
    make_part("XX-3", name="Unrelated", category=category)
    response = manager.get(PARTS + "?q=ab-100")
    found = skus(response)
    # Exact SKU (any case) and exact barcode matches come first, then the others by SKU.
    assert set(found[:2]) == {"AB-100", "YY-2"}
    assert found[2:] == ["AB-1000", "ZZ-1"]
    assert skus(manager.get(PARTS + "?q=washer")) == ["AB-100"]
    assert skus(manager.get(PARTS + "?q=housings")) == ["ZZ-1"]
    assert skus(manager.get(PARTS + "?q=nothing-like-this")) == []


def test_exact_match_stays_first_whatever_the_sort(manager):
    category = make_category()
    make_part("K-2", name="aaa K-1 spare", category=category)
    make_part("K-1", name="zzz", category=category)
    assert skus(manager.get(PARTS + "?q=K-1&sort=name"))[0] == "K-1"


def test_category_filter_includes_descendants(manager):
    top = make_category("Electronics")
    child = make_category("Passives", parent=top)
    leaf = make_category("Resistors", parent=child)
    other = make_category("Tools")
    make_part("E-1", category=top)
    make_part("E-2", category=leaf)
    make_part("T-1", category=other)
    assert sorted(skus(manager.get(PARTS + f"?category={top.pk}"))) == ["E-1", "E-2"]
    assert skus(manager.get(PARTS + f"?category={child.pk}")) == ["E-2"]


def test_location_filter_includes_locations_below(manager):
    site = make_location("S1")
    shelf = make_location("S1-A", parent=site)
    elsewhere = make_location("S2")
    category = make_category()
    at_shelf, at_site, away, empty = (
        make_part(s, category=category) for s in ("P1", "P2", "P3", "P4")
    )
    put_stock(at_shelf, shelf, 3)
    put_stock(at_site, site, 1)
    put_stock(away, elsewhere, 5)
    put_stock(empty, shelf, 0)
    assert skus(manager.get(PARTS + "?location=s1")) == ["P1", "P2"]  # codes are case-insensitive
    assert skus(manager.get(PARTS + "?location=S1-A")) == ["P1"]


def test_unknown_location_code_is_a_field_error_not_a_500(manager):
    page = manager.get(PARTS + "?location=NOPE")
    assert page.status_code == 400
    assert "No location has the code" in page.content.decode()
    fragment = manager.get(PARTS + "?location=NOPE", headers=HX)
    assert fragment.status_code == 422
    assert b'data-testid="filter-error"' in fragment.content


def test_below_reorder_point_and_status_filters(manager):
    category = make_category()
    make_part("LOW", category=category, quantity_on_hand=1, reorder_point=5)
    make_part("OK", category=category, quantity_on_hand=9, reorder_point=5)
    make_part("OLD", category=category, is_active=False)
    assert skus(manager.get(PARTS + "?below=1")) == ["LOW"]
    assert skus(manager.get(PARTS)) == ["LOW", "OK"]  # active parts by default
    assert skus(manager.get(PARTS + "?status=archived")) == ["OLD"]
    assert skus(manager.get(PARTS + "?status=all")) == ["LOW", "OK", "OLD"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("sku", ["A", "B", "C"]),
        ("-sku", ["C", "B", "A"]),
        ("name", ["B", "C", "A"]),
        ("category", ["C", "A", "B"]),
        ("on_hand", ["B", "A", "C"]),
        ("-available", ["C", "A", "B"]),
        ("reorder_point", ["C", "B", "A"]),
        ("-status", ["C", "A", "B"]),  # ties broken by id, descending too
    ],
)
def test_sort_by_every_column(manager, sort, expected):
    alpha, beta, gamma = make_category("Alpha"), make_category("Beta"), make_category("Gamma")
    make_part("A", name="Zeta", category=beta, quantity_on_hand=5, reorder_point=9)
    make_part("B", name="Eta", category=gamma, quantity_on_hand=1, reorder_point=3, is_active=False)
    make_part("C", name="Theta", category=alpha, quantity_on_hand=8, reorder_point=1)
    assert skus(manager.get(PARTS + f"?status=all&sort={sort}")) == expected


def test_paging_and_page_size(manager):
    category = make_category()
    for n in range(60):
        make_part(f"N-{n:03d}", category=category)
    first = manager.get(PARTS)
    assert len(skus(first)) == 25
    assert "Rows 1–25 of 60" in first.content.decode()
    third = manager.get(PARTS + "?page=3")
    assert skus(third) == [f"N-{n:03d}" for n in range(50, 60)]
    assert len(skus(manager.get(PARTS + "?per_page=50"))) == 50
    assert "per_page=100" in first.content.decode()


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "per_page=7", "sort=secret", "category=abc", "category=999999"]
)
def test_bad_list_parameters_are_4xx(manager, query):
    assert manager.get(PARTS + f"?{query}").status_code in (400, 422)


def test_links_keep_search_filters_and_sort(manager):
    category = make_category()
    for n in range(30):
        make_part(f"S-{n:03d}", category=category)
    html = manager.get(PARTS + f"?q=S-&category={category.pk}&sort=-sku").content.decode()
    next_link = re.search(r'href="([^"]*page=2[^"]*)"', html).group(1)
    assert (
        "q=S-" in next_link and f"category={category.pk}" in next_link and "sort=-sku" in next_link
    )


# --- bulk actions -------------------------------------------------------------------


def test_bulk_set_category_on_selected_rows(manager):
    old, new = make_category("Old"), make_category("New")
    a, b, c = (make_part(s, category=old) for s in ("A", "B", "C"))
    response = manager.post(
        BULK,
        {"action": "set_category", "ids": [a.pk, b.pk], "target_category": new.pk, "q": ""},
        headers=HX,
    )
    assert response.status_code == 200
    assert b"2 parts moved to New" in response.content  # announced out of band
    assert b"hx-swap-oob" in response.content and b'<tbody id="rows"' in response.content
    assert list(
        Part.objects.filter(category=new).values_list("sku", flat=True).order_by("sku")
    ) == ["A", "B"]
    assert Part.objects.get(pk=c.pk).category == old


def test_bulk_deactivate_all_matching_the_filters(manager):
    category = make_category()
    for sku in ("X-1", "X-2", "Y-1"):
        make_part(sku, category=category)
    response = manager.post(
        BULK, {"action": "deactivate", "all_matching": "1", "q": "X-"}, headers=HX
    )
    assert response.status_code == 200
    assert set(Part.objects.filter(is_active=False).values_list("sku", flat=True)) == {"X-1", "X-2"}
    manager.post(
        BULK,
        {"action": "activate", "all_matching": "1", "q": "X-", "status": "archived"},
        headers=HX,
    )
    assert not Part.objects.filter(is_active=False).exists()


def test_bulk_without_javascript_redirects_back_to_the_list(manager):
    part = make_part("A")
    response = manager.post(BULK, {"action": "deactivate", "ids": [part.pk], "q": "A"})
    assert response.status_code == 302 and response["Location"] == PARTS + "?q=A"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "set_category"},  # no category chosen
        {"action": "explode"},
        {"action": "activate", "ids": []},  # nothing selected
    ],
)
def test_bad_bulk_requests_change_nothing(manager, data):
    part = make_part("A")
    data = {"ids": [part.pk], **data}
    response = manager.post(BULK, data, headers=HX)
    assert response.status_code == 422
    part.refresh_from_db()
    assert part.is_active


def test_viewer_cannot_bulk_change_or_export(viewer):
    part = make_part("A")
    assert viewer.post(BULK, {"action": "deactivate", "ids": [part.pk]}).status_code == 403
    assert viewer.get(EXPORT).status_code == 403
    html = viewer.get(PARTS).content.decode()
    assert 'id="bulk"' not in html
    assert reverse("catalog:part_reorder_point", args=[part.pk]) not in html


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export_the_filtered_list_and_a_selection(manager):
    category = make_category("Fasteners")
    a = make_part("A-1", name="=HYPERLINK(1)", category=category, quantity_on_hand=3)
    make_part("A-2", category=category)
    make_part("B-1", category=category)
    filtered = manager.get(EXPORT + "?q=A-")
    assert filtered["Content-Type"].startswith("text/csv")
    rows = read_csv(filtered)
    assert rows[0][:3] == ["SKU", "Name", "Category"]
    assert [row[0] for row in rows[1:]] == ["A-1", "A-2"]
    assert rows[1][1] == "'=HYPERLINK(1)"  # no formula injection into spreadsheets
    assert rows[1] == [
        "A-1",
        "'=HYPERLINK(1)",
        "Fasteners",
        "pcs",
        "3",
        "3",
        "0",
        "0",
        "0",
        "0",
        "",
        "yes",
    ]
    assert filtered["Content-Disposition"] == 'attachment; filename="parts.csv"'
    selection = manager.post(EXPORT, {"ids": [a.pk]})
    assert [row[0] for row in read_csv(selection)[1:]] == ["A-1"]


def test_issue12_item6_export_writes_numbers_as_shown_and_the_category_path(manager):
    """It wrote 12.000 and 1830.24000000000, and the category's last name only."""
    electronics = make_category("Electronics")
    passives = make_category("Passives", parent=electronics)
    small_a = make_category("Small", parent=passives)
    small_b = make_category("Small", parent=make_category("Gloves"))
    make_part(
        "R-1",
        category=small_a,
        quantity_on_hand="12.000",
        unit_cost="152.52",
        reorder_point="2.500",
    )
    make_part("G-1", category=small_b, quantity_on_hand="0.5", unit_cost="0.0125")
    rows = {row[0]: row for row in read_csv(manager.get(EXPORT))[1:]}
    assert rows["R-1"][2] == "Electronics / Passives / Small"
    assert rows["G-1"][2] == "Gloves / Small"
    on_hand, available, reorder_point, _quantity, unit_cost, value = rows["R-1"][4:10]
    assert (on_hand, available, reorder_point, unit_cost, value) == (
        "12",
        "12",
        "2.5",
        "152.52",
        "1830.24",
    )
    assert rows["G-1"][4:10] == ["0.5", "0.5", "0", "0", "0.0125", "0.01"]


def test_purchaser_may_export(purchaser):
    make_part("A-1")
    assert purchaser.get(EXPORT).status_code == 200


def test_one_or_two_characters_match_the_start_of_sku_or_name(manager):
    category = make_category()
    make_part("AB-1", name="Washer", category=category)
    make_part("ZZ-9", name="Abrasive pad", category=category)
    make_part("QQ-1", name="Slab", description="ab", category=category)
    assert skus(manager.get(PARTS + "?q=ab")) == ["AB-1", "ZZ-9"]
    assert skus(manager.get(PARTS + "?q=Sla")) == ["QQ-1"]


def test_counts_are_capped(manager, monkeypatch):
    monkeypatch.setattr(part_selectors, "COUNT_CAP", 3)
    category = make_category()
    for n in range(30):
        make_part(f"C-{n:02d}", category=category)
    assert "Rows 1–25 of 25+" in manager.get(PARTS).content.decode()
    assert (
        "Rows 26–30 of 30<" in manager.get(PARTS + "?page=2").content.decode()
    )  # exact on the last page


def _search_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=HX).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_a_search_reads_its_matches_once_whatever_the_number_of_rows(manager):
    category = make_category()
    for n in range(5):
        make_part(f"S-{n:03d}", name="Spring", category=category)
    manager.get(PARTS + "?q=spring")  # the first request of a session loads it
    five = _search_queries(manager, PARTS + "?q=spring")
    for n in range(5, 50):
        make_part(f"S-{n:03d}", name="Spring", category=category)
    fifty = _search_queries(manager, PARTS + "?q=spring&per_page=50")
    assert len(five) == len(fifty)
    for queries in (five, fifty):
        # One query finds the page and counts the matches; no separate COUNT(*).
        assert sum("LIKE" in sql.upper() for sql in queries) == 1, queries
        assert not any(sql.startswith("SELECT COUNT(*)") for sql in queries)


def test_search_counts_are_capped_and_exact_on_the_last_page(manager, monkeypatch):
    category = make_category()
    for n in range(30):
        make_part(f"C-{n:02d}", name="Clip", category=category)
    make_part("X-1", name="Other", category=category)
    assert "Rows 1–25 of 30<" in manager.get(PARTS + "?q=clip", headers=HX).content.decode()
    monkeypatch.setattr(part_selectors, "COUNT_CAP", 3)
    first = manager.get(PARTS + "?q=clip&sort=-name", headers=HX).content.decode()
    assert "Rows 1–25 of 25+" in first and "All 25+ matching" in first
    last = manager.get(PARTS + "?q=clip&sort=-name&page=2", headers=HX).content.decode()
    assert "Rows 26–30 of 30<" in last and "All 30 matching" in last  # exact on the last page
    assert skus(manager.get(PARTS + "?q=clip&page=2")) == [f"C-{n:02d}" for n in range(25, 30)]


def test_search_page_past_the_end_still_counts(manager):
    category = make_category()
    for n in range(3):
        make_part(f"E-{n}", name="Eyelet", category=category)
    html = manager.get(PARTS + "?q=eyelet&page=4", headers=HX).content.decode()
    assert skus_in(html) == [] and "No rows" in html and "All 3 matching" in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.parametrize(
    "sort",
    ["sku", "-sku", "name", "-category", "on_hand", "-available", "reorder_point", "-status"],
)
def test_search_pages_follow_every_sort_with_the_exact_match_first(manager, sort):
    categories = [make_category(f"Cat {n}") for n in range(3)]
    for n in range(30):
        make_part(
            f"G-{n:02d}",
            name=f"Gasket {n % 7}",
            category=categories[n % 3],
            quantity_on_hand=n % 5,
            reorder_point=n % 4,
            is_active=n % 6 != 0,
        )
    make_part("GASKET", name="Seal", category=categories[0])  # exact SKU match
    make_part("Z-1", name="Washer", barcode="gasket", category=categories[1])  # exact barcode
    column = PART_SORTS[sort.removeprefix("-")]
    expected = list(
        with_figures(Part.objects.filter(name__icontains="gasket", is_active=True))
        .order_by(
            f"-{column}" if sort.startswith("-") else column,
            "-pk" if sort.startswith("-") else "pk",
        )
        .values_list("sku", flat=True)
    )
    found = []
    for page in (1, 2):
        found += skus(manager.get(PARTS + f"?q=gasket&sort={sort}&page={page}", headers=HX))
    assert set(found[:2]) == {"GASKET", "Z-1"}
    assert found[2:] == expected
