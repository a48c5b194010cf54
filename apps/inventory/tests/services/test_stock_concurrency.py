"""Many threads working the same stock at once, with real transactions (PostgreSQL).

Each thread has its own database connection (Django gives each thread one) and closes
it at the end. Row locks must serialise the work: no lost update, nothing negative.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import (
    movement_reverse,
    stock_issue,
    stock_receive,
    stock_transfer,
)
from apps.inventory.services.stock_validation import StockError
from apps.inventory.tests.factories import make_location

THREADS = 8
OPERATIONS = 25

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_threads(work) -> tuple[list[Exception], float]:
    errors: list[Exception] = []
    barrier = threading.Barrier(THREADS)

    def body(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors, time.perf_counter() - started


def test_concurrent_issues_and_transfers_lose_nothing(capsys, make_user):
    part = make_part()
    a, b, c = make_location("CA"), make_location("CB"), make_location("CC")
    user = make_user("clerk1", role="clerk")
    stock_receive(part=part, location=a, quantity=Decimal(1000), user=user)
    stock_receive(part=part, location=b, quantity=Decimal(1000), user=user)

    def work(index):
        for step in range(OPERATIONS):
            if step % 3 == 0:
                stock_issue(part=part, location=a, quantity=Decimal(2), user=user)
            elif step % 3 == 1:
                stock_transfer(
                    part=part, from_location=a, to_location=b, quantity=Decimal(3), user=user
                )
            else:
                stock_transfer(
                    part=part, from_location=b, to_location=c, quantity=Decimal(1), user=user
                )

    errors, duration = run_threads(work)
    assert errors == []
    issues = sum(1 for s in range(OPERATIONS) if s % 3 == 0) * THREADS
    a_to_b = sum(1 for s in range(OPERATIONS) if s % 3 == 1) * THREADS
    b_to_c = sum(1 for s in range(OPERATIONS) if s % 3 == 2) * THREADS
    quantities = {i.location_id: i.quantity for i in StockItem.objects.filter(part=part)}
    assert quantities[a.pk] == 1000 - 2 * issues - 3 * a_to_b
    assert quantities[b.pk] == 1000 + 3 * a_to_b - b_to_c
    assert quantities[c.pk] == b_to_c
    assert Part.objects.get(pk=part.pk).quantity_on_hand == 2000 - 2 * issues
    assert StockMovement.objects.count() == 2 + issues + 2 * (a_to_b + b_to_c)
    assert stock_mismatches() == []
    with capsys.disabled():
        print(
            f"\n[concurrency] {THREADS} threads x {OPERATIONS} operations (issue/transfer) "
            f"in {duration:.2f}s: {StockMovement.objects.count() - 2} movements"
        )


def test_concurrent_issues_never_oversell(make_user):
    """8 threads × 25 issues of 1 against 100 in stock: exactly 100 succeed."""
    part = make_part()
    shelf = make_location("CS")
    user = make_user("clerk1", role="clerk")
    stock_receive(part=part, location=shelf, quantity=Decimal(100), user=user)
    refused = []

    def work(index):
        for _ in range(OPERATIONS):
            try:
                stock_issue(part=part, location=shelf, quantity=Decimal(1), user=user)
            except StockError:
                refused.append(index)

    errors, _ = run_threads(work)
    assert errors == []
    assert len(refused) == THREADS * OPERATIONS - 100
    assert StockItem.objects.get(part=part, location=shelf).quantity == 0
    assert Part.objects.get(pk=part.pk).quantity_on_hand == 0
    assert stock_mismatches() == []


def test_concurrent_first_receives_create_one_record(make_user):
    """Threads receiving into a location with no record yet: one record, all quantities."""
    parts = [make_part() for _ in range(3)]
    shelf = make_location("CR")
    user = make_user("clerk1", role="clerk")

    def work(index):
        for step in range(OPERATIONS):
            stock_receive(part=parts[step % 3], location=shelf, quantity=Decimal(1), user=user)

    errors, _ = run_threads(work)
    assert errors == []
    for part in parts:
        expected = sum(1 for s in range(OPERATIONS) if s % 3 == parts.index(part)) * THREADS
        assert StockItem.objects.get(part=part, location=shelf).quantity == expected
    assert stock_mismatches() == []


def test_concurrent_reversals_of_one_operation_write_one_reversal(make_user):
    part = make_part()
    a, b = make_location("RA"), make_location("RB")
    manager = make_user("manager1", role="manager")
    stock_receive(part=part, location=a, quantity=Decimal(10), user=None)
    out_line, _ = stock_transfer(
        part=part, from_location=a, to_location=b, quantity=Decimal(4), user=None
    )
    done, refused = [], []

    def work(index):
        user = get_user_model().objects.get(pk=manager.pk)
        try:
            done.append(movement_reverse(movement=out_line.pk, user=user))
        except StockError:
            refused.append(index)

    errors, _ = run_threads(work)
    assert errors == []
    assert len(done) == 1 and len(refused) == THREADS - 1
    assert StockMovement.objects.filter(kind="reversal").count() == 2
    assert stock_mismatches() == []
