"""Stock forms carry an idempotency key (a hidden field, fresh on every render), and the
server books a POST with a given key once per user (apps/core/idempotency.py)."""

import json
import re
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from apps.core import idempotency
from apps.core.models import IdempotencyKey
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.services.stock import stock_receive
from apps.inventory.tests.views.assertions import HX

RECEIVE = reverse("inventory:stock_receive")
ISSUE = reverse("inventory:stock_issue")
KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]{32})"')


def form_key(client, url, **extra) -> str:
    return KEY.search(client.get(url, **extra).content.decode()).group(1)


def on_hand(shop) -> Decimal:
    return StockItem.objects.get(part=shop.part, location=shop.a).quantity


@pytest.mark.django_db
def test_every_render_of_a_stock_form_has_a_fresh_key(shop):
    keys = {form_key(shop.client, RECEIVE), form_key(shop.client, RECEIVE, **HX)}
    keys.add(form_key(shop.client, ISSUE))
    keys.add(form_key(shop.client, reverse("inventory:stock_transfer")))
    shop.client.force_login(shop.manager)
    keys.add(form_key(shop.client, reverse("inventory:stock_adjust")))
    assert len(keys) == 5


@pytest.mark.django_db
def test_the_same_key_twice_books_once_and_shows_the_same_outcome(shop):
    key = form_key(shop.client, RECEIVE, **HX)
    data = {"part": "P-100", "location": "A1", "quantity": "3", "idempotency_key": key}
    first = shop.client.post(RECEIVE, data, **HX)
    second = shop.client.post(RECEIVE, data, **HX)  # the page's retry after a lost answer
    assert first.status_code == second.status_code == 204
    assert json.loads(second["HX-Trigger"]) == json.loads(first["HX-Trigger"])
    assert second["X-Idempotent-Replay"] == "1"
    assert on_hand(shop) == 3
    assert StockMovement.objects.filter(part=shop.part).count() == 1
    # A new form, a new key: a second receipt.
    data["idempotency_key"] = form_key(shop.client, RECEIVE, **HX)
    assert shop.client.post(RECEIVE, data, **HX).status_code == 204
    assert on_hand(shop) == 6


@pytest.mark.django_db
def test_a_replayed_redirect_shows_the_same_message(shop):
    data = {"part": "P-100", "location": "A1", "quantity": "2", "idempotency_key": "k1"}
    first = shop.client.post(RECEIVE, data)
    page = shop.client.get(first["Location"])
    second = shop.client.post(RECEIVE, data)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    again = shop.client.get(second["Location"])
    assert [str(m) for m in again.context["messages"]] == [str(m) for m in page.context["messages"]]
    assert on_hand(shop) == 2


@pytest.mark.django_db
def test_another_user_with_the_same_key_books_separately(shop):
    data = {"part": "P-100", "location": "A1", "quantity": "1", "idempotency_key": "shared"}
    assert shop.client.post(RECEIVE, data, **HX).status_code == 204
    other = Client()
    other.force_login(shop.manager)
    assert other.post(RECEIVE, data, **HX).status_code == 204
    assert on_hand(shop) == 2
    assert IdempotencyKey.objects.filter(key="shared").count() == 2


@pytest.mark.django_db
def test_a_refused_post_keeps_no_key_so_the_corrected_form_runs(shop):
    data = {"part": "P-100", "location": "A1", "quantity": "5", "idempotency_key": "k2"}
    refused = shop.client.post(ISSUE, data, **HX)  # nothing in stock yet
    assert refused.status_code == 422
    assert not IdempotencyKey.objects.filter(key="k2").exists()
    stock_receive(part=shop.part, location=shop.a, quantity=Decimal(9), user=shop.clerk)
    assert shop.client.post(ISSUE, data, **HX).status_code == 204
    assert shop.client.post(ISSUE, data, **HX).status_code == 204  # replayed
    assert on_hand(shop) == 4


@pytest.mark.django_db
def test_a_key_sent_to_another_form_is_refused(shop):
    stock_receive(part=shop.part, location=shop.a, quantity=Decimal(9), user=shop.clerk)
    data = {"part": "P-100", "location": "A1", "quantity": "1", "idempotency_key": "k3"}
    assert shop.client.post(RECEIVE, data, **HX).status_code == 204
    assert shop.client.post(ISSUE, data, **HX).status_code == 422
    assert shop.client.post(ISSUE, data | {"idempotency_key": "bad key!"}, **HX).status_code == 422
    assert on_hand(shop) == 10


@pytest.mark.django_db
def test_a_post_without_a_key_runs_as_before(shop):
    data = {"part": "P-100", "location": "A1", "quantity": "1"}
    shop.client.post(RECEIVE, data, **HX)
    shop.client.post(RECEIVE, data, **HX)
    assert on_hand(shop) == 2
    assert not IdempotencyKey.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_of_one_form_book_once(shop):
    """Eight copies of one POST at the same moment: one books, the others wait on the
    key's unique index and replay its outcome; none fails."""
    threads_n, statuses, errors = 8, [], []
    barrier = threading.Barrier(threads_n)
    data = {"part": "P-100", "location": "A1", "quantity": "1", "idempotency_key": "same"}

    def body():
        client = Client()
        client.force_login(shop.clerk)
        try:
            barrier.wait()
            statuses.append(client.post(RECEIVE, data, **HX).status_code)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert errors == []
    assert statuses == [204] * threads_n
    assert on_hand(shop) == 1
    assert StockMovement.objects.filter(part=shop.part).count() == 1


@pytest.mark.django_db
def test_expired_keys_are_forgotten(shop, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    old = IdempotencyKey.objects.create(
        user=shop.clerk,
        key="old",
        path=RECEIVE,
        status_code=204,
        created_at=timezone.now() - timedelta(days=2),
    )
    monkeypatch.setattr(idempotency, "PURGE_SHARE", 1.0)
    data = {"part": "P-100", "location": "A1", "quantity": "1", "idempotency_key": "new"}
    assert shop.client.post(RECEIVE, data, **HX).status_code == 204
    assert not IdempotencyKey.objects.filter(pk=old.pk).exists()
    assert IdempotencyKey.objects.filter(key="new").exists()


@pytest.mark.django_db
def test_a_reversal_sent_twice_reverses_once(shop):
    movement = stock_receive(part=shop.part, location=shop.a, quantity=Decimal(5), user=shop.clerk)
    shop.client.force_login(shop.manager)
    url = reverse("inventory:movement_reverse", args=[movement.pk])
    data = {"note": "wrong shelf", "idempotency_key": form_key(shop.client, url, **HX)}
    first = shop.client.post(url, data, **HX)
    second = shop.client.post(url, data, **HX)
    assert first.status_code == second.status_code == 204  # not "already reversed" (422)
    assert on_hand(shop) == 0
    assert StockMovement.objects.filter(part=shop.part).count() == 2
