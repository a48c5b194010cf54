"""Stock on hand: the stock list's filters, search, sort, paging, selection mode and queries."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.catalog.tests.factories import make_category, make_part
from apps.inventory.tests.factories import put_stock
from apps.inventory.tests.views.assertions import (
    HX,
    HX_RESULTS,
    assert_fragment_of,
    count_queries,
    stock_rows_of,
)
from apps.inventory.views import stock as stock_views

STOCK_LIST = reverse("inventory:stock_list")


def test_stock_list_filters(admin_client_user, tree):
    client, _ = admin_client_user
    assert stock_rows_of(client.get(STOCK_LIST)) == 4
    assert stock_rows_of(client.get(STOCK_LIST, {"location": "a"})) == 3  # code, any case
    assert stock_rows_of(client.get(STOCK_LIST, {"location": "A2"})) == 2
    assert stock_rows_of(client.get(STOCK_LIST, {"zero": "1"})) == 1
    assert stock_rows_of(client.get(STOCK_LIST, {"expires_before": "2031-01-01"})) == 1
    assert stock_rows_of(client.get(STOCK_LIST, {"expires_before": "2029-01-01"})) == 0
    cat = tree["p1"].category
    assert stock_rows_of(client.get(STOCK_LIST, {"category": cat.parent_id or cat.pk})) == 4
    other = make_category("Other")
    assert stock_rows_of(client.get(STOCK_LIST, {"category": other.pk})) == 0
    assert stock_rows_of(client.get(STOCK_LIST, {"q": "screw"})) == 2
    assert stock_rows_of(client.get(STOCK_LIST, {"q": "a1"})) == 1  # location code prefix
    unknown = client.get(STOCK_LIST, {"location": "NOPE"})
    assert unknown.status_code == 200 and "no location with code" in unknown.content.decode()
    assert stock_rows_of(unknown) == 0


def test_stock_list_exact_sku_first_and_sort(admin_client_user, tree):
    client, _ = admin_client_user
    put_stock(make_part("SCREW-10", name="Screw M4"), tree["b"], "7")
    html = client.get(STOCK_LIST, {"q": "screw-1", "sort": "-sku"}).content.decode()
    first = html.index('<tbody id="rows"')
    assert html.index("SCREW-1<", first) < html.index("SCREW-10<", first)
    html = client.get(STOCK_LIST, {"sort": "quantity"}).content.decode()
    assert html.index(">0 pcs<") < html.index(">3 pcs<") < html.index(">10 pcs<")


def test_stock_list_paging_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    for _ in range(30):
        put_stock(make_part(), tree["b"])
    first = client.get(STOCK_LIST)
    second = client.get(STOCK_LIST, {"page": 2}, **HX)
    assert stock_rows_of(first) == 25 and stock_rows_of(second) == 9
    assert "Rows 26–34 of 34" in second.content.decode()
    assert_fragment_of(second, first)
    assert "HX-Request" in second["Vary"]


def test_stock_search_swaps_only_the_rows_and_footer(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get(
        STOCK_LIST, {"q": "screw"}, **HX, HTTP_HX_TARGET="rows", HTTP_HX_TRIGGER="list-filter"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<tbody id="rows"') and stock_rows_of(response) == 2
    # No header, no table, no form: they stay on the page; the footer comes out of band
    # with the row count and a refresh URL that keeps the search.
    assert "<thead" not in html and "<table" not in html and 'role="search"' not in html
    assert 'id="list-foot" hx-swap-oob="true"' in html and f'hx-get="{STOCK_LIST}?q=screw"' in html
    assert "Rows 1–2 of 2" in html
    # Typing keeps the focus in the search box: the rows do not take it.
    assert "data-focus-after-swap" not in html
    sorted_table = client.get(
        STOCK_LIST, {"q": "screw", "sort": "-sku"}, **HX_RESULTS
    ).content.decode()
    assert sorted_table.lstrip().startswith('<div id="results"') and "<thead" in sorted_table


def test_stock_list_count_is_capped_and_exact_on_the_last_page(
    admin_client_user, tree, monkeypatch
):
    client, _ = admin_client_user
    for _ in range(30):
        put_stock(make_part(), tree["b"])
    monkeypatch.setattr(stock_views, "COUNT_CAP", 10)
    # Never fewer than the rows shown so far (as the parts list): a page past the cap
    # says "of 25+", not "of 10+".
    assert "Rows 1–25 of 25+" in client.get(STOCK_LIST).content.decode()
    assert "Rows 26–34 of 34<" in client.get(STOCK_LIST, {"page": 2}).content.decode()


def test_stock_rows_select_mode_and_count_links_follow_permissions(
    admin_client_user, make_user, tree
):
    client, _ = admin_client_user
    viewer_client = Client()
    viewer_client.force_login(make_user("viewer2", role="viewer"))
    count_links = [
        f'href="{reverse("inventory:stock_count", args=[tree[key].pk])}"'
        for key in ("s_a1", "s_a2", "n_a2", "n_b")
    ]
    browsing = client.get(STOCK_LIST).content.decode()
    # Browsing: no checkboxes; each quantity is its Count link.
    assert 'name="selected"' not in browsing and "Select rows to move" in browsing
    assert [browsing.count(link) for link in count_links] == [1, 1, 1, 1]
    selecting = client.get(STOCK_LIST, {"select": "1"}).content.decode()
    assert selecting.count('name="selected"') == 4 and "Move selected…" in selecting
    assert (
        '<input type="hidden" name="select" value="1" form="list-filter">' in selecting
    )  # a search keeps the mode
    for html in (
        viewer_client.get(STOCK_LIST).content.decode(),
        viewer_client.get(STOCK_LIST, {"select": "1"}).content.decode(),
    ):
        assert 'name="selected"' not in html and "Select rows" not in html
        assert not any(link in html for link in count_links)


def test_stock_list_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    category = tree["p1"].category
    url = f"{STOCK_LIST}?category={category.pk}&per_page="
    # A list that fits on its page needs no count (it is the rows on the page): one query
    # fewer. Otherwise the same queries whatever the page size and the number of rows.
    single_page = count_queries(client, url + "25")
    for _ in range(30):
        put_stock(make_part(category=category), tree["b"])
    paged = count_queries(client, url + "25")
    assert single_page == paged - 1
    for _ in range(80):
        put_stock(make_part(category=category), tree["b"])
    assert count_queries(client, url + "100") == count_queries(client, url + "25") == paged
    assert count_queries(client, url + "100&select=1") == paged
    assert paged <= 10


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "nope"},
        {"page": "abc"},
        {"page": "0"},
        {"per_page": "7"},
        {"expires_before": "2024-13-45"},
        {"category": "999999"},
        {"category": "x"},
        {"q": "a\x00b"},
    ],
)
def test_stock_list_bad_params_are_400(admin_client_user, tree, params):
    client, _ = admin_client_user
    assert client.get(STOCK_LIST, params).status_code == 400
    assert client.get(STOCK_LIST, params, **HX).status_code == 400


def test_round_quantities_are_written_plainly(admin_client_user, tree):
    """Decimal.normalize would print 100 as 1E+2."""
    client, _ = admin_client_user
    item = put_stock(make_part("ROUND-1"), tree["b"], "100")
    assert ">100 pcs<" in client.get(STOCK_LIST, {"q": "ROUND-1"}).content.decode()
    html = client.get(reverse("inventory:movement_list"), {"part": "ROUND-1"}).content.decode()
    assert "+100<" in html and "1E+2" not in html
    assert (
        "1E+2"
        not in client.get(reverse("inventory:part_stock_tab", args=[item.part_id])).content.decode()
    )
