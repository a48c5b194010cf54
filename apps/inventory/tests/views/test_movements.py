"""The ledger: filters, both sort orders, keyset pages, queries; the part's movements tab."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.inventory.models import MovementKind, StockMovement
from apps.inventory.services.stock import movement_reverse, stock_receive
from apps.inventory.services.stock_validation import StockError
from apps.inventory.tests.factories import D, add_movements, make_location
from apps.inventory.tests.views.assertions import HX, count_queries, rows_of

MOVEMENT_LIST = reverse("inventory:movement_list")


def test_movements_newest_first_and_filters(admin_client_user, tree):
    client, user = admin_client_user
    item = tree["s_a1"]
    add_movements(item, 6, start=timezone.now() - timedelta(days=10), user=user)
    add_movements(item, 2, start=timezone.now() - timedelta(hours=1), kind=MovementKind.ISSUE)
    total = StockMovement.objects.count()
    response = client.get(MOVEMENT_LIST, {"per_page": 100})
    assert rows_of(response, "movement-row") == total
    html = response.content.decode()
    assert f"Rows 1–{total}" in html and " of " not in html.split('data-testid="row-range"')[1][:60]
    assert rows_of(client.get(MOVEMENT_LIST, {"kind": "issue"}), "movement-row") == 2
    assert rows_of(client.get(MOVEMENT_LIST, {"user": user.username}), "movement-row") == 6
    assert rows_of(client.get(MOVEMENT_LIST, {"part": "screw-1"}), "movement-row") == 2 + 8
    assert rows_of(client.get(MOVEMENT_LIST, {"location": "A"}), "movement-row") == 3 + 8
    assert rows_of(client.get(MOVEMENT_LIST, {"location": "B"}), "movement-row") == 1
    assert (
        rows_of(client.get(MOVEMENT_LIST, {"q": "job-1"}), "movement-row") == 2
    )  # JOB-1 ×2 (prefix)
    assert rows_of(client.get(MOVEMENT_LIST, {"q": "OB-1"}), "movement-row") == 0
    today = timezone.localdate()
    week_ago = (today - timedelta(days=7)).isoformat()
    recent = client.get(MOVEMENT_LIST, {"date_from": week_ago, "date_to": today.isoformat()})
    assert rows_of(recent, "movement-row") == total - 6
    old = client.get(MOVEMENT_LIST, {"date_to": week_ago})
    assert rows_of(old, "movement-row") == 6
    none = client.get(MOVEMENT_LIST, {"part": "NOPE"})
    assert rows_of(none, "movement-row") == 0 and "no part with SKU" in none.content.decode()


def test_movements_sorted_by_date_both_ways(admin_client_user, tree):
    client, _ = admin_client_user
    lines = add_movements(tree["s_a1"], 5, start=timezone.now() - timedelta(days=3))
    assert len(lines) == 5
    html = client.get(MOVEMENT_LIST, {"part": "SCREW-1"}).content.decode()
    assert html.index("JOB-4") < html.index("JOB-0")
    html = client.get(MOVEMENT_LIST, {"part": "SCREW-1", "sort": "when"}).content.decode()
    assert html.index("JOB-0") < html.index("JOB-4")


@pytest.mark.parametrize("sort", ["-when", "when"])
def test_movement_keyset_pages_walk_the_whole_ledger(admin_client_user, tree, sort):
    """Next links carry a cursor; walking forward then back visits every line once."""
    client, _ = admin_client_user
    same_moment = timezone.now() - timedelta(days=2)
    item = tree["s_a1"]
    add_movements(item, 30, start=timezone.now() - timedelta(days=5))
    # Ties on created_at are broken by id.
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                kind="adjust",
                stock_item=item,
                part=item.part,
                location=item.location,
                quantity=Decimal(0),
                quantity_after=item.quantity,
                created_at=same_moment,
            )
            for _ in range(7)
        ]
    )
    expected = list(
        StockMovement.objects.order_by(
            *(("-created_at", "-id") if sort == "-when" else ("created_at", "id"))
        ).values_list("id", flat=True)
    )
    url, seen, pages = f"{MOVEMENT_LIST}?sort={sort}", [], []
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
    ids = [
        int(i) for i in re.findall(r'data-movement="(\d+)"', client.get(previous).content.decode())
    ]
    assert ids == pages[-2][1]


def test_movements_queries_constant(admin_client_user, tree):
    client, user = admin_client_user
    url = f"{MOVEMENT_LIST}?per_page=50"
    few = count_queries(client, url)
    add_movements(tree["n_b"], 60, user=user)
    other = make_location("OTHER")
    item = tree["s_a1"]
    StockMovement.objects.bulk_create(
        [
            StockMovement(
                kind="transfer",
                stock_item=item,
                part=item.part,
                location=item.location,
                other_location=other,
                quantity=Decimal(1),
                quantity_after=Decimal(1),
                user=user,
            )
            for _ in range(5)
        ]
    )
    assert count_queries(client, url) == few
    assert count_queries(client, url + "&location=SITE&part=NUT-1") <= 10


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
    assert client.get(MOVEMENT_LIST, params).status_code == 400


# --- the part page's movements tab ------------------------------------------------------


def test_part_movements_tab_is_count_free_and_paged(admin_client_user, tree):
    client, _ = admin_client_user
    p = tree["p1"]
    add_movements(tree["s_a1"], 30)
    url = reverse("inventory:part_movements_tab", args=[p.pk])
    page = client.get(url)
    fragment = client.get(url, **HX)
    assert rows_of(page, "part-movement-row") == 25
    html = fragment.content.decode()
    assert "<html" not in html and f'hx-get="{url}?page=2&amp;after=' in html
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, **HX)
    assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries)
    assert client.get(url, {"page": "nope"}).status_code == 400


@pytest.mark.parametrize(
    "params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}, {"date_to": "1899-12-31"}]
)
def test_issue12_item20_dates_out_of_range_are_4xx_with_a_message(admin_client_user, tree, params):
    client, _ = admin_client_user
    page = client.get(MOVEMENT_LIST, params)
    assert page.status_code == 400
    assert "Enter a date between 1900-01-01 and 2999-12-31." in page.content.decode()
    fragment = client.get(MOVEMENT_LIST, params, headers={"HX-Request": "true"})
    assert fragment.status_code == 422  # swapped in place of the rows
    body = fragment.content.decode()
    assert "<html" not in body and 'data-testid="filter-error"' in body
    assert "Enter a date between" in body


def test_issue12_item5_reverse_is_not_offered_on_reversed_movements(client, make_user, tree):
    """The ledger offered "Reverse" on lines already reversed (and on their reversals)."""
    manager = make_user("boss", role="manager")
    client.force_login(manager)
    received = stock_receive(part=tree["p1"], location=tree["a1"], quantity=D(4), user=manager)
    kept = stock_receive(part=tree["p1"], location=tree["a1"], quantity=D(1), user=manager)
    movement_reverse(movement=received, user=manager, note="typo")
    html = client.get(MOVEMENT_LIST).content.decode()
    reverse_of = lambda m: reverse("inventory:movement_reverse", args=[m.pk])  # noqa: E731
    assert f'href="{reverse_of(kept)}"' in html  # still offered where it can be done
    assert f'href="{reverse_of(received)}"' not in html
    reversal = StockMovement.objects.get(reverses=received)
    assert f'href="{reverse_of(reversal)}"' not in html
    assert html.count('data-testid="reversed"') == 1
    # Posted anyway (a stale page): refused, nothing written.
    r = client.post(reverse_of(received), {"note": "again"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "already been reversed" in r.content.decode()
    with pytest.raises(StockError):
        movement_reverse(movement=received, user=manager)
    assert StockMovement.objects.filter(reverses=received).count() == 1


def test_filtered_ledger_shows_its_totals(admin_client_user, tree):
    client, user = admin_client_user
    item = tree["s_a1"]
    add_movements(item, 4, start=timezone.now() - timedelta(days=2), user=user)  # +1 −1 +1 −1
    lines = StockMovement.objects.filter(part=item.part)
    html = client.get(MOVEMENT_LIST, {"part": "SCREW-1"}).content.decode()
    totals = html.split('data-testid="movement-totals"')[1].split("</p>")[0]
    quantity_in = sum(m.quantity for m in lines if m.quantity > 0)
    assert f"{lines.count()} movements match" in totals
    assert f'in <span class="tabular-nums">{quantity_in:f}'.rstrip("0").rstrip(".") in totals
    assert 'out <span class="tabular-nums">-2<' in totals
    net = sum(m.quantity for m in lines)
    assert net == Decimal(15)  # 10 in A1 and 5 in A2 (their receipts), the ±1s cancel
    assert ">+15<" in totals and "pieces" in totals
    issues = client.get(MOVEMENT_LIST, {"user": user.username}).content.decode()
    assert "4 movements match." in issues
    # The whole ledger is not added up: no filter, no totals.
    assert 'data-testid="movement-totals"' not in client.get(MOVEMENT_LIST).content.decode()
