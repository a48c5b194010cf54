"""The layout (templates/base.html and the navigation context processor)."""

from django.urls import reverse


def test_layout_has_navigation_live_region_csrf_header_and_vendored_htmx(clerk):
    html = clerk.get(reverse("dashboard:dashboard")).content.decode()
    for label in ("Dashboard", "Parts", "Stock", "Locations", "Purchasing"):
        assert f">{label}</a>" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "/static/vendor/htmx.min.js" in html
    assert "<script>" not in html  # no inline scripts (CSP)


def test_layout_links_are_the_named_urls(clerk):
    html = clerk.get(reverse("dashboard:dashboard")).content.decode()
    scan = reverse("inventory:scan")
    assert f'<a href="{reverse("dashboard:dashboard")}" class="font-semibold' in html
    assert f'action="{scan}" hx-get="{scan}"' in html


def test_stocktakes_in_the_navigation_only_for_counters_and_highlighted_there(client, make_user):
    dashboard, stocktakes = reverse("dashboard:dashboard"), reverse("inventory:stocktake_list")
    client.force_login(make_user("vera", role="viewer"))
    assert ">Stocktakes</a>" not in client.get(dashboard).content.decode()
    client.force_login(make_user("cleo", role="clerk"))
    html = client.get(dashboard).content.decode()
    assert f'<a href="{stocktakes}"' in html and 'aria-current="page">Dashboard</a>' in html
    html = client.get(stocktakes).content.decode()
    assert 'aria-current="page">Stocktakes</a>' in html
    assert 'aria-current="page">Stock</a>' not in html  # /stocktakes/ is not under /stock/
