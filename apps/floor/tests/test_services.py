"""Check-out and check-in through the ledger (apps/floor/services.py): to a user or a job,
back to another shelf, a second check-in refused, refusals write nothing, and
`check_stock` holds throughout."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.floor.models import Checkout
from apps.floor.services import CheckoutError, checkout_create, checkout_return
from apps.inventory.models import MovementKind, StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock_validation import StockError

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_out_and_back_through_the_ledger(tools):
    out = checkout_create(
        part=tools.drill, location=tools.shelf, quantity=1, user=tools.user,
        borrower=tools.alice, due_date=TODAY() + timedelta(days=3),
    )  # fmt: skip
    assert out.holder == "alice" and out.out_movement.kind == MovementKind.ISSUE
    assert StockItem.objects.get(part=tools.drill).quantity == 2
    back = checkout_return(checkout=out, location=tools.bench, user=tools.user)
    assert back.in_movement.kind == MovementKind.RECEIVE and back.return_location == tools.bench
    assert StockItem.objects.get(part=tools.drill, location=tools.bench).quantity == 1
    with pytest.raises(CheckoutError):
        checkout_return(checkout=out, location=tools.bench, user=tools.user)
    batch = checkout_create(
        part=tools.glue, location=tools.shelf, quantity=2, user=tools.user, batch="L1",
        job="JOB-42",
    )  # fmt: skip
    assert batch.holder == "JOB-42" and batch.out_movement.reference == "JOB-42"
    assert stock_mismatches() == []
    call_command("check_stock", stdout=io.StringIO())  # exits non-zero on a mismatch


def test_refusals_write_nothing(tools):
    before = StockMovement.objects.count()
    with pytest.raises(CheckoutError):
        checkout_create(part=tools.drill, location=tools.shelf, quantity=1, user=tools.user)
    with pytest.raises(StockError):
        checkout_create(
            part=tools.drill, location=tools.shelf, quantity=9, user=tools.user, job="J"
        )
    with pytest.raises(CheckoutError):
        checkout_create(
            part=tools.drill, location=tools.shelf, quantity=1, user=tools.user, job="J",
            due_date=TODAY() - timedelta(days=1),
        )  # fmt: skip
    assert StockMovement.objects.count() == before and not Checkout.objects.exists()
