"""The read endpoints: what they return, their filters and sorts, cursor paging, and a
constant number of queries per page whatever its size."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_category, make_part
from apps.inventory.services.stock import stock_issue, stock_receive
from apps.inventory.tests.factories import make_location
from apps.purchasing.tests.factories import make_order, make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(make_user):
    user = make_user("seed", role="manager")
    tools = make_category("Tools")
    screws = make_category("Screws", parent=tools)
    site = make_location("SITE")
    bins = [make_location(f"B{n:02}", parent=site) for n in range(3)]
    parts = [
        make_part(f"P-{n:03}", category=screws if n % 2 else tools, name=f"Part {n:03}")
        for n in range(40)
    ]
    for n, part in enumerate(parts):
        stock_receive(part=part, location=bins[n % 3], quantity=Decimal(10 + n), user=user)
        if n % 4 == 0:
            stock_issue(
                part=part,
                location=bins[n % 3],
                quantity=Decimal(1),
                user=user,
                reference=f"JOB-{n}",
            )
    suppliers = [make_supplier(f"Supplier {n}") for n in range(30)]
    for n, part in enumerate(parts[:30]):
        make_supplier_part(suppliers[n % 3], part)
    for n in range(30):
        make_order(suppliers[n % 5], user, [(parts[n], "2", "1.50"), (parts[n + 1], "1", "3")])
    return {"parts": parts, "bins": bins, "site": site, "tools": tools, "screws": screws}


def walk(client, url) -> list[dict]:
    """Every row of a list, page by page through `next`."""
    rows, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url = body["next"]
        pages += 1
        assert pages < 100
    return rows


LISTS = [
    ("api:part_list", 40),
    ("api:category_list", 2),
    ("api:location_list", 4),
    ("api:stock_record_list", 40),
    ("api:movement_list", 50),
    ("api:supplier_list", 30),
    ("api:supplier_part_list", 30),
    ("api:purchase_order_list", 30),
]


@pytest.mark.parametrize(("name", "total"), LISTS)
def test_every_list_pages_through_all_rows_once(api_as, data, name, total):
    rows = walk(api_as("viewer"), reverse(name) + "?per_page=7")
    assert len(rows) == total
    assert len({row["id"] for row in rows}) == total


@pytest.mark.parametrize(("name", "total"), LISTS)
def test_lists_run_a_constant_number_of_queries(api_as, data, name, total):
    client = api_as("viewer")
    client.get(reverse(name))  # token's last-used time written once
    counts = []
    for size in (5, 25):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name) + f"?per_page={size}")
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, total)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts


@pytest.mark.parametrize(
    ("sort", "key"),
    [("sku", "sku"), ("-sku", "sku"), ("name", "name"), ("-on_hand", "quantity_on_hand")],
)
def test_parts_sort_and_page_in_order(api_as, data, sort, key):
    rows = walk(api_as("viewer"), reverse("api:part_list") + f"?per_page=9&sort={sort}")
    values = [Decimal(r[key]) if key == "quantity_on_hand" else r[key] for r in rows]
    assert values == sorted(values, reverse=sort.startswith("-"))


def test_parts_filters_are_the_pages(api_as, data):
    client = api_as("viewer")
    url = reverse("api:part_list")
    found = client.get(url, {"q": "P-007"}).json()["results"]
    assert [r["sku"] for r in found] == ["P-007"]
    in_screws = walk(client, f"{url}?category={data['screws'].pk}")
    assert len(in_screws) == 20 and all(r["category"]["name"] == "Screws" for r in in_screws)
    at_bin = walk(client, f"{url}?location=B01")
    assert {r["sku"] for r in at_bin} == {p.sku for n, p in enumerate(data["parts"]) if n % 3 == 1}
    refused = client.get(url, {"location": "NOPE"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "location"
    assert client.get(url, {"sort": "password"}).status_code == 422
    assert client.get(url, {"per_page": 1000}).status_code == 422


def test_a_cursor_is_bound_to_its_list(api_as, data):
    client = api_as("viewer")
    first = client.get(reverse("api:part_list") + "?per_page=5").json()
    other = client.get(
        reverse("api:part_list") + f"?per_page=5&sort=name&cursor={first['next_cursor']}"
    )
    assert other.status_code == 400
    assert client.get(reverse("api:part_list") + "?cursor=garbage").status_code == 400


def test_movements_newest_first_with_the_ledger_filters(api_as, data):
    client = api_as("viewer")
    url = reverse("api:movement_list")
    rows = walk(client, url + "?per_page=8")
    stamps = [(r["created_at"], r["id"]) for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    issues = walk(client, url + "?kind=issue")
    assert len(issues) == 10 and all(Decimal(r["quantity"]) < 0 for r in issues)
    assert [r["reference"] for r in client.get(url, {"q": "JOB-12"}).json()["results"]] == [
        "JOB-12"
    ]
    of_part = client.get(url, {"part": "P-004"}).json()["results"]
    assert {r["part"]["sku"] for r in of_part} == {"P-004"} and len(of_part) == 2
    assert client.get(url, {"kind": "bogus"}).status_code == 422
    assert client.get(url, {"date_from": "2026-13-45"}).status_code == 422


def test_stock_records_filters_and_sorts(api_as, data):
    client = api_as("viewer")
    url = reverse("api:stock_record_list")
    rows = walk(client, url + "?sort=-quantity&per_page=6")
    quantities = [Decimal(r["quantity"]) for r in rows]
    assert quantities == sorted(quantities, reverse=True)
    under = walk(client, url + "?location=SITE")
    assert len(under) == 40
    one = client.get(url, {"q": "P-010"}).json()["results"]
    assert one[0]["part"]["sku"] == "P-010"


def test_details_and_404(api_as, data):
    client = api_as("viewer")
    part = data["parts"][3]
    body = client.get(reverse("api:part_detail", args=[part.pk])).json()
    assert body["sku"] == part.sku and body["category"]["name"] == "Screws"
    for name in ("api:part_detail", "api:location_detail", "api:purchase_order_detail"):
        missing = client.get(reverse(name, args=[999999]))
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/v1/parts/abc/").status_code == 422
    assert client.get("/api/v1/parts/99999999999999999999/").status_code == 422
    order = client.get(reverse("api:purchase_order_list")).json()["results"][0]
    detail = client.get(reverse("api:purchase_order_detail", args=[order["id"]])).json()
    assert len(detail["lines"]) == 2 and detail["lines"][0]["outstanding"] == "2.000"
