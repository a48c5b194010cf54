"""Inventory browsing: the location tree and page, stock list, ledger and part tabs."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.inventory.models import Location, MovementKind, StockItem, StockMovement
from apps.inventory.tests import browsing_factories as make

HX = {"HTTP_HX_REQUEST": "true"}
HX_RESULTS = {**HX, "HTTP_HX_TARGET": "results"}  # a sort: the whole table


@pytest.fixture(autouse=True)
def _fresh_cache():
    make.clear_cache()


@pytest.fixture
def viewer_client(client, make_user):
    """A viewer: the role groups are synced after migrate (apps/accounts/apps.py)."""
    client.force_login(make_user("viewer1", role="viewer"))
    return client


@pytest.fixture
def tree(db):
    """SITE ─ A (with A1, A2) and B; stock in A1, A2 and B."""
    site = make.location("SITE")
    a = make.location("A", parent=site)
    a1 = make.location("A1", parent=a)
    a2 = make.location("A2", parent=a)
    b = make.location("B", parent=site)
    other = make.location("ELSE")
    cat = make.category("Fasteners")
    p1, p2 = make.part("SCREW-1", cat=cat, name="Screw M3"), make.part("NUT-1", cat=cat, name="Nut M3")
    items = {
        "s_a1": make.stock(p1, a1, "10"),
        "s_a2": make.stock(p1, a2, "5", batch="LOT7", expiry=date(2030, 1, 1)),
        "n_a2": make.stock(p2, a2, "0"),
        "n_b": make.stock(p2, b, "3"),
    }
    return {"site": site, "a": a, "a1": a1, "a2": a2, "b": b, "else": other, "p1": p1, "p2": p2, **items}


def rows_of(response, testid) -> int:
    return response.content.decode().count(f'data-testid="{testid}"')


def stock_rows_of(response) -> int:
    """Stock records in the stock table (its rows are dense: no test ids, see stock_list.html)."""
    html = response.content.decode()
    body = html[html.index('<tbody id="rows"'):]
    return body[: body.index("</tbody>")].count("<tr><td><")


def assert_fragment_of(fragment, page):
    """The fragment is only the part that changes: no layout (about 2.5 KB), no form."""
    html = fragment.content.decode()
    assert "<html" not in html and "<nav aria-label=\"Main\"" not in html and 'role="search"' not in html
    assert "<html" in page.content.decode()
    assert len(fragment.content) < len(page.content) - 2500


def count_queries(client, url, **extra) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


# --- location tree ----------------------------------------------------------------------


def test_tree_lists_roots_with_subtree_counts(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get("/locations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="SITE"' in html and 'data-code="ELSE"' in html
    assert 'data-code="A1"' not in html  # children load when opened
    assert "4 records · 2 parts" in html  # SITE's whole subtree
    assert 'aria-expanded="false"' in html and f'hx-get="/locations/{tree["site"].pk}/children/"' in html


def test_children_fragment_and_page(admin_client_user, tree):
    client, _ = admin_client_user
    url = f"/locations/{tree['a'].pk}/children/"
    fragment = client.get(url, **HX)
    page = client.get(url)
    assert fragment.status_code == page.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert 'data-code="A1"' in fragment.content.decode() and 'data-code="A2"' in fragment.content.decode()
    assert "2 records · 2 parts" in fragment.content.decode()  # A2: two parts
    assert "<html" in page.content.decode() and "Inside" in page.content.decode()
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]
    assert len(fragment.content) * 3 < len(page.content)


def test_subtree_counts_query_count_is_constant(admin_client_user, tree):
    client, _ = admin_client_user
    few = count_queries(client, "/locations/")
    for index in range(20):
        make.location(f"X{index}")
    assert count_queries(client, "/locations/") == few


# --- location page ------------------------------------------------------------------------


def test_location_page_shows_subtree_stock_and_header(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get(f"/locations/{tree['a'].pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert stock_rows_of(response) == 3  # A1 and A2, not B
    assert f'href="/history/inventory.location/{tree["a"].pk}/"' in html
    assert 'data-actions' in html and "Select rows to move" in html
    selecting = client.get(f"/locations/{tree['a'].pk}/", {"select": "1"}).content.decode()
    assert selecting.count('name="selected"') == 3
    assert "SITE</a>" in html  # breadcrumb
    # value: 10*2.5 + 5*2.5 + 0 = 37.50
    assert "37.50" in html


def test_location_page_search_sort_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    url = f"/locations/{tree['site'].pk}/"
    response = client.get(url, {"q": "lot7"})
    assert stock_rows_of(response) == 1
    response = client.get(url, {"sort": "-quantity"}, **HX_RESULTS)
    html = response.content.decode()
    assert "<html" not in html and 'id="results"' in html
    assert html.index(">10 pcs<") < html.index(">5 pcs<") < html.index(">3 pcs<")
    page = client.get(url)
    assert_fragment_of(response, page)


def test_location_page_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    loc = tree["b"]
    few = count_queries(client, f"/locations/{loc.pk}/?per_page=50")
    for _ in range(45):
        make.stock(make.part(), loc)
    assert count_queries(client, f"/locations/{loc.pk}/?per_page=50") == few
    assert count_queries(client, f"/locations/{loc.pk}/?per_page=50", **HX) <= few


# --- stock list ---------------------------------------------------------------------------


def test_stock_list_filters(admin_client_user, tree):
    client, _ = admin_client_user
    assert stock_rows_of(client.get("/stock/")) == 4
    assert stock_rows_of(client.get("/stock/", {"location": "a"})) == 3  # code, any case
    assert stock_rows_of(client.get("/stock/", {"location": "A2"})) == 2
    assert stock_rows_of(client.get("/stock/", {"zero": "1"})) == 1
    assert stock_rows_of(client.get("/stock/", {"expires_before": "2031-01-01"})) == 1
    assert stock_rows_of(client.get("/stock/", {"expires_before": "2029-01-01"})) == 0
    cat = tree["p1"].category
    assert stock_rows_of(client.get("/stock/", {"category": cat.parent_id or cat.pk})) == 4
    other = make.category("Other")
    assert stock_rows_of(client.get("/stock/", {"category": other.pk})) == 0
    assert stock_rows_of(client.get("/stock/", {"q": "screw"})) == 2
    assert stock_rows_of(client.get("/stock/", {"q": "a1"})) == 1  # location code prefix
    unknown = client.get("/stock/", {"location": "NOPE"})
    assert unknown.status_code == 200 and "no location with code" in unknown.content.decode()
    assert stock_rows_of(unknown) == 0


def test_stock_list_exact_sku_first_and_sort(admin_client_user, tree):
    client, _ = admin_client_user
    make.stock(make.part("SCREW-10", name="Screw M4"), tree["b"], "7")
    html = client.get("/stock/", {"q": "screw-1", "sort": "-sku"}).content.decode()
    first = html.index('<tbody id="rows"')
    assert html.index("SCREW-1<", first) < html.index("SCREW-10<", first)
    html = client.get("/stock/", {"sort": "quantity"}).content.decode()
    assert html.index(">0 pcs<") < html.index(">3 pcs<") < html.index(">10 pcs<")


def test_stock_list_paging_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    for _ in range(30):
        make.stock(make.part(), tree["b"])
    first = client.get("/stock/")
    second = client.get("/stock/", {"page": 2}, **HX)
    assert stock_rows_of(first) == 25 and stock_rows_of(second) == 9
    assert "Rows 26–34 of 34" in second.content.decode()
    assert_fragment_of(second, first)
    assert "HX-Request" in second["Vary"]


def test_stock_search_swaps_only_the_rows_and_footer(admin_client_user, tree):
    client, _ = admin_client_user
    response = client.get("/stock/", {"q": "screw"}, **HX, HTTP_HX_TARGET="rows", HTTP_HX_TRIGGER="list-filter")
    html = response.content.decode()
    assert html.lstrip().startswith('<tbody id="rows"') and stock_rows_of(response) == 2
    # No header, no table, no form: they stay on the page; the footer comes out of band
    # with the row count and a refresh URL that keeps the search.
    assert "<thead" not in html and "<table" not in html and 'role="search"' not in html
    assert 'id="list-foot" hx-swap-oob="true"' in html and 'hx-get="/stock/?q=screw"' in html
    assert "Rows 1–2 of 2" in html
    # Typing keeps the focus in the search box: the rows do not take it.
    assert "data-focus-after-swap" not in html
    sorted_table = client.get("/stock/", {"q": "screw", "sort": "-sku"}, **HX_RESULTS).content.decode()
    assert sorted_table.lstrip().startswith('<div id="results"') and "<thead" in sorted_table


def test_stock_list_count_is_capped_and_exact_on_the_last_page(admin_client_user, tree, monkeypatch):
    from apps.inventory.browsing import stock

    client, _ = admin_client_user
    for _ in range(30):
        make.stock(make.part(), tree["b"])
    monkeypatch.setattr(stock, "COUNT_CAP", 10)
    assert "Rows 1–25 of 10+" in client.get("/stock/").content.decode()
    assert "Rows 26–34 of 34<" in client.get("/stock/", {"page": 2}).content.decode()


def test_stock_rows_select_mode_and_count_links_follow_permissions(admin_client_user, make_user, tree):
    from django.test import Client

    client, _ = admin_client_user
    viewer_client = Client()
    viewer_client.force_login(make_user("viewer2", role="viewer"))
    browsing = client.get("/stock/").content.decode()
    # Browsing: no checkboxes; each quantity is its Count link.
    assert 'name="selected"' not in browsing and "Select rows to move" in browsing
    assert browsing.count('/count/">') == 4
    selecting = client.get("/stock/", {"select": "1"}).content.decode()
    assert selecting.count('name="selected"') == 4 and "Move selected…" in selecting
    assert '<input type="hidden" name="select" value="1" form="list-filter">' in selecting  # a search keeps the mode
    for html in (viewer_client.get("/stock/").content.decode(),
                 viewer_client.get("/stock/", {"select": "1"}).content.decode()):
        assert 'name="selected"' not in html and "/count/" not in html and "Select rows" not in html


def test_stock_list_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    url = "/stock/?category=%d&per_page=" % tree["p1"].category_id
    # A list that fits on its page needs no count (it is the rows on the page): one query
    # fewer. Otherwise the same queries whatever the page size and the number of rows.
    single_page = count_queries(client, url + "25")
    for _ in range(30):
        make.stock(make.part(cat=tree["p1"].category), tree["b"])
    paged = count_queries(client, url + "25")
    assert single_page == paged - 1
    for _ in range(80):
        make.stock(make.part(cat=tree["p1"].category), tree["b"])
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
    assert client.get("/stock/", params).status_code == 400
    assert client.get("/stock/", params, **HX).status_code == 400


# --- movements ----------------------------------------------------------------------------


def test_movements_newest_first_and_filters(admin_client_user, tree, django_user_model):
    client, user = admin_client_user
    item = tree["s_a1"]
    make.movements(item, 6, start=timezone.now() - timedelta(days=10), user=user)
    make.movements(item, 2, start=timezone.now() - timedelta(hours=1), kind=MovementKind.ISSUE)
    total = StockMovement.objects.count()
    response = client.get("/movements/", {"per_page": 100})
    assert rows_of(response, "movement-row") == total
    html = response.content.decode()
    assert "Rows 1–%d" % total in html and " of " not in html.split('data-testid="row-range"')[1][:60]
    assert rows_of(client.get("/movements/", {"kind": "issue"}), "movement-row") == 2
    assert rows_of(client.get("/movements/", {"user": user.username}), "movement-row") == 6
    assert rows_of(client.get("/movements/", {"part": "screw-1"}), "movement-row") == 2 + 8
    assert rows_of(client.get("/movements/", {"location": "A"}), "movement-row") == 3 + 8
    assert rows_of(client.get("/movements/", {"location": "B"}), "movement-row") == 1
    assert rows_of(client.get("/movements/", {"q": "job-1"}), "movement-row") == 2  # JOB-1 ×2 (prefix)
    assert rows_of(client.get("/movements/", {"q": "OB-1"}), "movement-row") == 0
    today = timezone.localdate()
    week_ago = (today - timedelta(days=7)).isoformat()
    recent = client.get("/movements/", {"date_from": week_ago, "date_to": today.isoformat()})
    assert rows_of(recent, "movement-row") == total - 6
    old = client.get("/movements/", {"date_to": week_ago})
    assert rows_of(old, "movement-row") == 6
    none = client.get("/movements/", {"part": "NOPE"})
    assert rows_of(none, "movement-row") == 0 and "no part with SKU" in none.content.decode()


def test_movements_sorted_by_date_both_ways(admin_client_user, tree):
    client, _ = admin_client_user
    lines = make.movements(tree["s_a1"], 5, start=timezone.now() - timedelta(days=3))
    html = client.get("/movements/", {"part": "SCREW-1"}).content.decode()
    assert html.index("JOB-4") < html.index("JOB-0")
    html = client.get("/movements/", {"part": "SCREW-1", "sort": "when"}).content.decode()
    assert html.index("JOB-0") < html.index("JOB-4")
    assert len(lines) == 5


@pytest.mark.parametrize("sort", ["-when", "when"])
def test_movement_keyset_pages_walk_the_whole_ledger(admin_client_user, tree, sort):
    """Next links carry a cursor; walking forward then back visits every line once."""
    client, _ = admin_client_user
    same_moment = timezone.now() - timedelta(days=2)
    item = tree["s_a1"]
    make.movements(item, 30, start=timezone.now() - timedelta(days=5))
    # Ties on created_at are broken by id.
    StockMovement.objects.bulk_create([
        StockMovement(kind="adjust", stock_item=item, part=item.part, location=item.location,
                      quantity=Decimal(0), quantity_after=item.quantity, created_at=same_moment)
        for _ in range(7)
    ])
    expected = list(StockMovement.objects.order_by(
        *(("-created_at", "-id") if sort == "-when" else ("created_at", "id"))).values_list("id", flat=True))
    url, seen, pages = f"/movements/?sort={sort}", [], []
    while url:
        response = client.get(url, **HX)
        assert response.status_code == 200
        html = response.content.decode()
        ids = [int(i) for i in re.findall(r'data-movement="(\d+)"', html)]
        seen += ids
        pages.append((url, ids))
        match = re.search(r'href="([^"]+)"[^>]*rel="next"', html)
        url = match.group(1).replace("&amp;", "&") if match else None
        if url:
            assert "after=" in url
    assert seen == expected
    # Back from the last page with the "previous" cursor gives the page before it.
    last_html = client.get(pages[-1][0]).content.decode()
    previous = re.search(r'href="([^"]+)"[^>]*rel="prev"', last_html).group(1).replace("&amp;", "&")
    ids = [int(i) for i in re.findall(r'data-movement="(\d+)"', client.get(previous).content.decode())]
    assert ids == pages[-2][1]


def test_movements_queries_constant(admin_client_user, tree, django_user_model):
    client, user = admin_client_user
    few = count_queries(client, "/movements/?per_page=50")
    make.movements(tree["n_b"], 60, user=user)
    other = make.location("OTHER")
    item = tree["s_a1"]
    StockMovement.objects.bulk_create([
        StockMovement(kind="transfer", stock_item=item, part=item.part, location=item.location,
                      other_location=other, quantity=Decimal(1), quantity_after=Decimal(1), user=user)
        for _ in range(5)
    ])
    assert count_queries(client, "/movements/?per_page=50") == few
    assert count_queries(client, "/movements/?per_page=50&location=SITE&part=NUT-1") <= 10


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "quantity"},
        {"page": "x"},
        {"kind": "steal"},
        {"date_from": "yesterday"},
        {"date_from": "2025-02-01", "date_to": "2025-01-01"},
        {"user": "nobody-like-this"},
        {"after": "garbage"},
        {"after": "1_2", "before": "1_2"},
        {"after": "99999999999999999999_1"},
    ],
)
def test_movements_bad_params_are_400(admin_client_user, tree, params):
    client, _ = admin_client_user
    assert client.get("/movements/", params).status_code == 400


# --- part tabs ----------------------------------------------------------------------------


def test_part_stock_tab_page_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    url = f"/parts/{tree['p1'].pk}/stock/"
    page, fragment = client.get(url), client.get(url, **HX)
    assert rows_of(page, "part-stock-row") == rows_of(fragment, "part-stock-row") == 2
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    assert f'href="/parts/{tree["p1"].pk}/"' in page.content.decode()  # back to the part
    assert "LOT7" in fragment.content.decode() and "2030-01-01" in fragment.content.decode()
    assert_fragment_of(fragment, page)
    assert "HX-Request" in fragment["Vary"]
    assert client.get("/parts/999999/stock/").status_code == 404


def test_part_tabs_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    p = tree["p2"]
    stock_few = count_queries(client, f"/parts/{p.pk}/stock/?per_page=50", **HX)
    moves_few = count_queries(client, f"/parts/{p.pk}/movements/?per_page=50", **HX)
    for index in range(40):
        item = make.stock(p, make.location(f"Q{index}"), "2")
    make.movements(item, 20)
    assert count_queries(client, f"/parts/{p.pk}/stock/?per_page=50", **HX) == stock_few
    assert count_queries(client, f"/parts/{p.pk}/movements/?per_page=50", **HX) == moves_few


def test_part_movements_tab_is_count_free_and_paged(admin_client_user, tree):
    client, _ = admin_client_user
    p = tree["p1"]
    make.movements(tree["s_a1"], 30)
    url = f"/parts/{p.pk}/movements/"
    page = client.get(url)
    fragment = client.get(url, **HX)
    assert rows_of(page, "part-movement-row") == 25
    html = fragment.content.decode()
    assert "<html" not in html and f'hx-get="/parts/{p.pk}/movements/?page=2&amp;after=' in html
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **HX)
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert client.get(url, {"page": "nope"}).status_code == 400


# --- permissions (browsing is for everyone signed in; forms for managers) ---------------


def test_viewer_can_browse_but_not_edit(viewer_client, tree):
    for url in ["/locations/", f"/locations/{tree['a'].pk}/", "/stock/", "/movements/",
                f"/parts/{tree['p1'].pk}/stock/", f"/parts/{tree['p1'].pk}/movements/",
                f"/locations/{tree['a'].pk}/children/"]:
        assert viewer_client.get(url).status_code == 200, url
    assert viewer_client.get("/locations/new/").status_code == 403
    assert viewer_client.get(f"/locations/{tree['a'].pk}/edit/").status_code == 403
    assert viewer_client.post(f"/locations/{tree['a'].pk}/archive/").status_code == 403
    assert viewer_client.post(f"/locations/{tree['b'].pk}/delete/").status_code == 403
    assert Location.objects.filter(pk=tree["b"].pk, is_active=True).exists()
    assert "New location" not in viewer_client.get("/locations/").content.decode()
    assert StockItem.objects.count() == 4


def test_cached_counts_follow_stock_changes(admin_client_user, tree, django_capture_on_commit_callbacks):
    """Counts are cached per stock version: a new stock record or a move shows at once."""
    client, _ = admin_client_user
    assert "4 records · 2 parts" in client.get("/locations/").content.decode()
    make.stock(make.part(), tree["b"], "1")
    assert "5 records · 3 parts" in client.get("/locations/").content.decode()
    # Moving ELSE under SITE (through the service) moves its counts too: no new id, the
    # location services' version counter makes the cached counts stale.
    make.stock(make.part(), tree["else"], "1")
    assert "1 record · 1 part" in client.get("/locations/").content.decode()
    from apps.inventory import location_services

    with django_capture_on_commit_callbacks(execute=True):
        location_services.location_update(location=tree["else"], code="ELSE", name="Else", parent=tree["site"])
    html = client.get("/locations/").content.decode()
    assert "6 records · 4 parts" in html and html.count("data-testid=\"location-node\"") == 1


def test_location_value_follows_quantity_changes(admin_client_user, tree):
    client, _ = admin_client_user
    url = f"/locations/{tree['b'].pk}/"
    assert "7.50" in client.get(url).content.decode()  # 3 × 2.50
    item = tree["n_b"]
    StockMovement.objects.create(kind="receive", stock_item=item, part=item.part, location=item.location,
                                 quantity=Decimal(1), quantity_after=Decimal(4))
    StockItem.objects.filter(pk=item.pk).update(quantity=Decimal(4))
    assert "10.00" in client.get(url).content.decode()


def test_moving_a_location_refreshes_cached_sibling_counts(admin_client_user, tree, django_capture_on_commit_callbacks):
    from apps.inventory import location_services

    client, _ = admin_client_user
    url = f"/locations/{tree['site'].pk}/children/"
    html = client.get(url, **HX).content.decode()
    assert "3 records · 2 parts" in html and "1 record · 1 part" in html  # A, B
    with django_capture_on_commit_callbacks(execute=True):
        location_services.location_update(location=tree["a1"], code="A1", name="A1", parent=tree["b"])
    html = client.get(url, **HX).content.decode()
    assert "2 records · 2 parts" in html and "2 records · 2 parts" in html.split('data-code="B"')[1]


def test_round_quantities_are_written_plainly(admin_client_user, tree):
    """Decimal.normalize would print 100 as 1E+2."""
    client, _ = admin_client_user
    item = make.stock(make.part("ROUND-1"), tree["b"], "100")
    assert ">100 pcs<" in client.get("/stock/", {"q": "ROUND-1"}).content.decode()
    html = client.get("/movements/", {"part": "ROUND-1"}).content.decode()
    assert "+100<" in html and "1E+2" not in html
    assert "1E+2" not in client.get(f"/parts/{item.part_id}/stock/").content.decode()


@pytest.mark.parametrize("params", [{"sort": "price"}, {"page": "two"}, {"per_page": "1000"}])
def test_location_page_and_part_tabs_bad_params_are_400(admin_client_user, tree, params):
    client, _ = admin_client_user
    assert client.get(f"/locations/{tree['a'].pk}/", params, **HX).status_code == 400
    assert client.get(f"/parts/{tree['p1'].pk}/stock/", params).status_code == 400
    assert client.get(f"/parts/{tree['p1'].pk}/movements/", params).status_code == 400


def test_unknown_location_or_part_is_404(admin_client_user, tree):
    client, _ = admin_client_user
    for url in ["/locations/999999/", "/locations/999999/children/", "/locations/999999/edit/",
                "/parts/999999/movements/"]:
        assert client.get(url).status_code == 404, url
