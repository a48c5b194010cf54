"""The floor flow through the test client: scan a location then a part (both set),
receive, issue, move and count through inventory's services, errors in place with 422,
−/+ without JavaScript, Undo within a minute (a reversal), and the ledger holds."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from apps.inventory.models import MovementKind, StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import movement_undo, stock_receive
from apps.inventory.services.stock_validation import StockError

pytestmark = pytest.mark.django_db
SCAN = reverse("inventory:scan")


def on_hand(part, location, batch="") -> Decimal:
    item = StockItem.objects.filter(part=part, location=location, batch=batch).first()
    return item.quantity if item else Decimal(0)


def act(client, part, location, **data):
    url = f"{reverse('floor:part', args=[part.pk])}?location={location.pk}"
    return client.post(url, {"location": location.code, "quantity": "1", **data})


def test_scan_location_then_part_sets_both(clerk, floor):
    r = clerk.get(SCAN, {"code": "a1", "to": "floor"})
    assert r.status_code == 302 and r["Location"] == reverse("floor:location", args=[floor.a1.pk])
    assert clerk.get(r["Location"]).status_code == 200
    r = clerk.get(SCAN, {"code": "BOLT-6", "to": "floor"})
    part_url = reverse("floor:part", args=[floor.part.pk])
    assert r["Location"] == f"{part_url}?location={floor.a1.pk}"
    html = clerk.get(r["Location"]).content.decode()
    assert 'value="A1"' in html and "Receive" in html
    # A batch code carries its batch; an unknown code stays on a scan page that keeps to=floor.
    r = clerk.get(SCAN, {"code": "GLUE|L9", "to": "floor"})
    assert r["Location"].endswith("batch=L9")
    r = clerk.get(SCAN, {"code": "nope", "to": "floor"})
    assert r.status_code == 404 and 'name="to" value="floor"' in r.content.decode()


def test_receive_issue_move_count_and_undo(clerk, floor):
    r = act(clerk, floor.part, floor.a1, action="receive", quantity="10", reference="JOB-7")
    assert r.status_code == 302 and on_hand(floor.part, floor.a1) == 10
    page = clerk.get(r["Location"]).content.decode()
    assert "Received 10 pcs of BOLT-6 into A1" in page and "Undo" in page
    assert act(clerk, floor.part, floor.a1, action="issue", quantity="3").status_code == 302
    r = act(clerk, floor.part, floor.a1, action="move", quantity="2", to_location="b2")
    assert r.status_code == 302
    assert (on_hand(floor.part, floor.a1), on_hand(floor.part, floor.b2)) == (5, 2)
    assert act(clerk, floor.part, floor.a1, action="count", quantity="4").status_code == 302
    assert on_hand(floor.part, floor.a1) == 4
    # Undo the count: a reversal line, the stock back to 5.
    last = StockMovement.objects.latest("pk")
    r = clerk.post(reverse("floor:undo"), {"movement": last.pk})
    assert r.status_code == 302 and on_hand(floor.part, floor.a1) == 5
    assert StockMovement.objects.filter(kind=MovementKind.REVERSAL, reverses=last).exists()
    # Nothing more to undo (one undo, of the last action).
    clerk.post(reverse("floor:undo"), {"movement": last.pk})
    assert StockMovement.objects.filter(kind=MovementKind.REVERSAL).count() == 1
    assert stock_mismatches() == []


def test_refusals_are_shown_in_place_and_write_nothing(clerk, floor):
    before = StockMovement.objects.count()
    r = act(clerk, floor.part, floor.a1, action="issue", quantity="3")
    assert r.status_code == 422 and "aria-invalid" in r.content.decode()
    r = act(clerk, floor.part, floor.a1, action="move", quantity="1", to_location="")
    assert r.status_code == 422 and "Scan or type where it goes." in r.content.decode()
    r = act(clerk, floor.part, floor.a1, action="receive", quantity="abc")
    assert r.status_code == 422
    r = act(clerk, floor.part, floor.a1, action="count", quantity="3")
    assert r.status_code == 422 and "receive it instead" in r.content.decode()
    r = act(clerk, floor.glue, floor.a1, action="receive", quantity="3")
    assert r.status_code == 422  # a batch is required
    r = act(clerk, floor.part, floor.a1)  # Enter: no action chosen
    assert r.status_code == 422 and "Choose an action." in r.content.decode()
    r = act(clerk, floor.part, floor.a1, action="receive", quantity="2.5")  # pcs: whole only
    assert r.status_code == 422 and "pcs are counted in whole numbers" in r.content.decode()
    assert StockMovement.objects.count() == before


def test_plus_and_minus_without_javascript(clerk, floor):
    r = act(clerk, floor.part, floor.a1, quantity="4", step="1")
    assert r.status_code == 200 and 'value="5"' in r.content.decode()
    r = act(clerk, floor.part, floor.a1, quantity="0", step="-1")
    assert 'value="0"' in r.content.decode()


def test_undo_is_for_own_work_within_a_minute(floor, make_user):
    clerk = make_user("c1", role="clerk")
    other = make_user("c2", role="clerk")
    movement = stock_receive(part=floor.part, location=floor.a1, quantity=5, user=clerk)
    with pytest.raises(PermissionDenied):
        movement_undo(movement=movement, user=other)
    with pytest.raises(StockError):
        movement_undo(movement=movement, user=clerk, now=timezone.now() + timedelta(seconds=61))
    assert movement_undo(movement=movement, user=clerk)
    assert on_hand(floor.part, floor.a1) == 0


def test_viewers_cannot(viewer, floor):
    assert viewer.get(reverse("floor:home")).status_code == 403
    assert act(viewer, floor.part, floor.a1, action="receive").status_code == 403


def test_a_batch_refused_for_a_part_without_batches_is_shown(clerk, floor):
    url = f"{reverse('floor:part', args=[floor.part.pk])}?location={floor.a1.pk}&batch=L1"
    r = clerk.post(url, {"location": "A1", "quantity": "1", "batch": "L1", "action": "receive"})
    html = r.content.decode()
    assert r.status_code == 422 and 'id="batch-error"' in html
