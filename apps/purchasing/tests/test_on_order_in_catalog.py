"""What is on order (open purchase orders) shows on catalog's parts list and part page,
at a constant number of queries. Catalog's pages, purchasing's figures: tested here,
where the orders can be built."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.tests.factories import make_placed_order, make_supplier

pytestmark = pytest.mark.django_db
PARTS = reverse("catalog:part_list")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_on_order_in_parts_list_and_part_page_at_constant_queries(admin_client_user):
    client, user = admin_client_user
    supplier = make_supplier()
    parts = [make_part(f"OO-{i:03d}") for i in range(50)]
    for part in parts[:5]:
        make_placed_order(supplier, user, [(part, 7, 1)])
    few = _queries(client, PARTS + "?q=OO-&per_page=25")
    body = client.get(reverse("catalog:part_detail", args=[parts[0].pk])).content.decode()
    assert 'data-testid="on-order">7<' in body
    for part in parts[5:]:
        make_placed_order(supplier, user, [(part, 3, 1)])
    many = _queries(client, PARTS + "?q=OO-&per_page=100")
    assert few == many
    listing = client.get(PARTS + "?q=OO-000").content.decode()
    assert 'data-testid="on-order">7<' in listing
