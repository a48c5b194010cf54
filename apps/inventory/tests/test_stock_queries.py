"""The stocktake pages run a constant number of queries whatever their length."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.inventory.services import stock_receive, stocktake_line_record, stocktake_start
from apps.inventory.tests.stock_factories import make_location, make_part, make_user

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_stocktake_page_and_list_queries_do_not_grow(client):
    user = make_user(role="clerk")
    client.force_login(user)
    counts = []
    for size in (5, 50):
        place = make_location()
        for _ in range(size):
            stock_receive(part=make_part(), location=place, quantity=Decimal(3), user=user)
        take = stocktake_start(location=place, user=user)
        for line in take.lines.all()[: size // 2]:
            stocktake_line_record(line=line, counted="2", user=user)
        counts.append((queries_for(client, f"/stocktakes/{take.pk}/"), queries_for(client, "/stocktakes/")))
        take.status = "cancelled"
        take.save()
    assert counts[0] == counts[1], counts
