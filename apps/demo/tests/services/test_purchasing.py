"""The purchasing part of the demo data sets: the large one (scaled down here; the
benchmark seeds it at full size) is consistent and leaves the app's invariants intact."""

from collections import Counter
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from apps.catalog.models import Part
from apps.catalog.selectors.parts import with_on_order
from apps.demo.services import purchasing as demo
from apps.demo.services import seed as seeding
from apps.demo.services.users import DEMO_PASSWORD
from apps.demo.tests.schema import index_and_constraint_definitions
from apps.purchasing.models import (
    NumberCounter,
    PurchaseOrder,
    PurchaseOrderLine,
    Status,
    Supplier,
    SupplierPart,
)
from apps.purchasing.services import orders as services

pytestmark = pytest.mark.django_db

SCALED = replace(
    demo.LARGE, suppliers=12, archived_suppliers=2, orders=400, drafts=6, open_orders=30
)
TABLES = ["purchasing_supplierpart", "purchasing_purchaseorder", "purchasing_purchaseorderline"]


@pytest.fixture
def seeded(monkeypatch):
    """`seed_demo --size large` with the small catalog and a scaled-down purchasing: the
    large branch of the seeding, hook included."""
    monkeypatch.setitem(seeding.SIZES, "large", seeding.SIZES["small"])
    monkeypatch.setattr(demo, "LARGE", SCALED)
    call_command("seed_demo", "--size", "large", stdout=StringIO())


def test_large_price_lists(seeded):
    parts = Part.objects.count()
    assert Supplier.objects.count() == 12 and Supplier.objects.filter(is_active=False).count() == 2
    per_part = Counter(SupplierPart.objects.values_list("part_id", flat=True))
    assert len(per_part) == parts and set(per_part.values()) <= {1, 2}  # every part, by one or two
    assert 1.2 * parts < sum(per_part.values()) < 1.8 * parts
    preferred = SupplierPart.objects.filter(is_preferred=True)
    assert preferred.values("part").distinct().count() == preferred.count()  # one a part at most
    assert 0.7 * parts < preferred.count() < 0.9 * parts
    assert not SupplierPart.objects.exclude(currency__in=["EUR", "USD", "GBP"]).exists()
    sizes = sorted(Counter(SupplierPart.objects.values_list("supplier_id", flat=True)).values())
    assert sizes[-1] > 3 * sizes[0]  # a long tail: a few big distributors


def test_large_orders_statuses_and_received_quantities(seeded):
    orders = PurchaseOrder.objects.all()
    assert orders.count() == 400
    statuses = Counter(orders.values_list("status", flat=True))
    assert statuses[Status.DRAFT] == 6
    assert statuses[Status.ORDERED] + statuses[Status.PARTIALLY_RECEIVED] == 30
    assert statuses[Status.RECEIVED] > 300
    lines = PurchaseOrderLine.objects.select_related("order")
    assert 2.5 * 400 < lines.count() < 5.5 * 400
    for line in lines:
        status = line.order.status
        if status == Status.RECEIVED:
            assert line.received_quantity == line.quantity
        elif status == Status.PARTIALLY_RECEIVED:
            assert 0 <= line.received_quantity <= line.quantity
        else:
            assert line.received_quantity == 0
    for order in orders.filter(status=Status.PARTIALLY_RECEIVED).prefetch_related("lines"):
        received = [line.received_quantity for line in order.lines.all()]
        quantities = [line.quantity for line in order.lines.all()]
        assert any(received) and received != quantities  # something came, not everything
    # Ordered from the supplier's own price list, at its prices.
    offered = set(SupplierPart.objects.values_list("supplier_id", "part_id", "unit_price"))
    assert set(lines.values_list("order__supplier_id", "part_id", "unit_price")) <= offered
    # Dates follow the status.
    assert not orders.filter(status=Status.DRAFT).exclude(ordered_at=None).exists()
    assert not orders.filter(status=Status.RECEIVED, received_at=None).exists()
    assert not orders.filter(status=Status.CANCELLED, cancelled_at=None).exists()
    assert not orders.filter(ordered_at__lt=F("created_at")).exists()
    assert not orders.filter(
        Q(received_at__gt=timezone.now()) | Q(ordered_at__gt=timezone.now())
    ).exists()
    # The drafts and open orders are the newest ones.
    pending = orders.filter(status__in=[Status.ORDERED, Status.PARTIALLY_RECEIVED, Status.DRAFT])
    done = orders.filter(status__in=[Status.RECEIVED, Status.CANCELLED])
    assert min(pending.values_list("number", flat=True)) > max(
        done.values_list("number", flat=True)
    )


def test_numbers_and_counter(seeded, make_user):
    numbers = sorted(PurchaseOrder.objects.values_list("number", flat=True))
    assert numbers[0] == "PO-000001" and numbers[-1] == "PO-000400"
    by_creation = list(
        PurchaseOrder.objects.order_by("created_at", "pk").values_list("number", flat=True)
    )
    assert by_creation == numbers  # numbered in creation order
    assert NumberCounter.objects.get(name=services.COUNTER).value == 400
    supplier = Supplier.objects.filter(is_active=True).first()
    sp = supplier.supplier_parts.select_related("part").first()
    order = services.purchase_order_create(
        supplier=supplier,
        user=make_user("buyer"),
        lines=[services.LineData(part=sp.part, quantity=Decimal(1), unit_price=sp.unit_price)],
    )
    assert order.number == "PO-000401"
    assert (
        PurchaseOrderLine.objects.filter(order=order).get().pk > 0
    )  # sequences reset past the COPY ids


def test_on_order_is_open_lines_and_the_ledger_still_sums(seeded):
    expected = Counter()
    for part_id, quantity, received in PurchaseOrderLine.objects.filter(
        order__status__in=[Status.ORDERED, Status.PARTIALLY_RECEIVED]
    ).values_list("part_id", "quantity", "received_quantity"):
        expected[part_id] += quantity - received
    assert expected
    parts = with_on_order(Part.objects.filter(pk__in=list(expected)[:50]))
    assert {p.pk: p.on_order for p in parts} == {pk: expected[pk] for pk in list(expected)[:50]}
    out = StringIO()
    call_command("check_stock", stdout=out)
    assert "matches" in out.getvalue()


def test_wipe_removes_it_all(seeded):
    call_command("seed_demo", "--size", "small", "--reset", stdout=StringIO())
    assert Supplier.objects.count() == len(demo.SUPPLIERS)  # the small set's, nothing left over
    assert PurchaseOrder.objects.count() == 6
    assert NumberCounter.objects.get(name=services.COUNTER).value == 6


def test_the_benchmarked_pages_answer_on_it(seeded, client):
    assert client.login(username="admin", password=DEMO_PASSWORD)
    supplier = Supplier.objects.annotate(n=Count("supplier_parts")).order_by("-n").first()
    order = PurchaseOrder.objects.filter(status=Status.RECEIVED).first()
    suppliers, orders = (
        reverse("purchasing:supplier_list"),
        reverse("purchasing:purchase_order_list"),
    )
    for url in [
        suppliers,
        suppliers + "?q=a",
        reverse("purchasing:supplier_detail", args=[supplier.pk]),
        orders,
        orders + "?status=open",
        reverse("purchasing:purchase_order_detail", args=[order.pk]),
        reverse("purchasing:purchase_order_reorder"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.postgres
def test_large_bulk_loading_puts_back_every_index_and_foreign_key(monkeypatch):
    """The COPY path: indexes and foreign keys of the purchasing tables come back."""
    before = index_and_constraint_definitions(TABLES)
    monkeypatch.setitem(seeding.SIZES, "large", seeding.SIZES["small"])
    monkeypatch.setattr(demo, "LARGE", SCALED)
    call_command("seed_demo", "--size", "large", stdout=StringIO())
    assert index_and_constraint_definitions(TABLES) == before
    assert PurchaseOrderLine.objects.count() > 1000
    assert not SupplierPart.objects.filter(Q(part__isnull=True) | Q(supplier__isnull=True)).exists()
