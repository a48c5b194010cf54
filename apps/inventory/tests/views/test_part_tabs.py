"""The part page's stock tab (and the query budget of both tabs)."""

from django.urls import reverse

from apps.inventory.tests.factories import add_movements, make_location, put_stock
from apps.inventory.tests.views.assertions import HX, assert_fragment_of, count_queries, rows_of


def test_part_stock_tab_page_and_fragment(admin_client_user, tree):
    client, _ = admin_client_user
    url = reverse("inventory:part_stock_tab", args=[tree["p1"].pk])
    page, fragment = client.get(url), client.get(url, **HX)
    assert rows_of(page, "part-stock-row") == rows_of(fragment, "part-stock-row") == 2
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()
    part_url = reverse("catalog:part_detail", args=[tree["p1"].pk])
    assert f'href="{part_url}"' in page.content.decode()  # back to the part
    assert "LOT7" in fragment.content.decode() and "2030-01-01" in fragment.content.decode()
    assert_fragment_of(fragment, page)
    assert "HX-Request" in fragment["Vary"]
    assert client.get(reverse("inventory:part_stock_tab", args=[999999])).status_code == 404


def test_part_tabs_queries_constant(admin_client_user, tree):
    client, _ = admin_client_user
    p = tree["p2"]
    stock_tab = reverse("inventory:part_stock_tab", args=[p.pk]) + "?per_page=50"
    movements_tab = reverse("inventory:part_movements_tab", args=[p.pk]) + "?per_page=50"
    stock_few = count_queries(client, stock_tab, **HX)
    moves_few = count_queries(client, movements_tab, **HX)
    for index in range(40):
        item = put_stock(p, make_location(f"Q{index}"), "2")
    add_movements(item, 20)
    assert count_queries(client, stock_tab, **HX) == stock_few
    assert count_queries(client, movements_tab, **HX) == moves_few
