"""On PostgreSQL: API and page stock writes at the same moment keep the books balanced,
and concurrent duplicates of one Idempotency-Key book once."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from apps.api.tests.factories import post_json, token_client
from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import stock_receive
from apps.inventory.tests.factories import make_location

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 6
ROUNDS = 8


def run(work):
    errors, barrier = [], threading.Barrier(THREADS)

    def body(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors


def test_api_and_page_writes_at_once_keep_the_books(make_user):
    part = make_part("P-1")
    a = make_location("A1")
    make_location("B1")
    user = make_user("clerk", role="clerk")
    stock_receive(part=part, location=a, quantity=Decimal(500), user=user)
    api = token_client(user)
    page = Client()
    page.force_login(user)
    statuses = []

    def work(index):
        for _ in range(ROUNDS):
            if index % 2:
                response = post_json(
                    api,
                    reverse("api:stock_transfer_create"),
                    {"part": "P-1", "from_location": "A1", "to_location": "B1", "quantity": "2"},
                )
            else:
                response = page.post(
                    reverse("inventory:stock_issue"),
                    {"part": "P-1", "location": "A1", "quantity": "1"},
                )
            statuses.append(response.status_code)

    assert run(work) == []
    assert set(statuses) <= {200, 201, 204, 302}, statuses
    part.refresh_from_db()
    assert part.quantity_on_hand == Decimal(500) - (THREADS // 2) * ROUNDS
    assert stock_mismatches() == []


def test_concurrent_duplicates_of_one_key_book_once(make_user):
    make_part("P-1")
    make_location("A1")
    user = make_user("clerk", role="clerk")
    api = token_client(user)
    bodies = []

    def work(index):
        response = post_json(
            api,
            reverse("api:stock_receive_create"),
            {"part": "P-1", "location": "A1", "quantity": "3"},
            **{"Idempotency-Key": "same"},
        )
        bodies.append((response.status_code, response.json()))

    assert run(work) == []
    assert {status for status, _ in bodies} == {201}
    assert len({str(body) for _, body in bodies}) == 1
    assert StockMovement.objects.count() == 1
    assert stock_mismatches() == []
