"""Every list exports its filtered, sorted view; an export re-imports with zero changes."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.imports.services import jobs
from apps.imports.tests.factories import make_catalog
from apps.inventory.models import Location
from apps.inventory.services.stock import stock_receive
from apps.inventory.services.stocktakes import stocktake_cancel, stocktake_start
from apps.purchasing.models import Supplier
from apps.purchasing.services.supplier_parts import supplier_part_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db, make_user):
    catalog = make_catalog()
    user = make_user("stocker", role="manager")
    make_part(
        "RT-1",
        category=catalog["resistors"],
        name="Résistance 10 kΩ, “quoted”",
        description="Two lines\nof text; with, commas",
        barcode="4006381333931",
        reorder_point=Decimal("12.500"),
        reorder_quantity=Decimal("100"),
        unit_cost=Decimal("0.0215"),
        default_location=catalog["a1"],
        unit="m",
        notes="=SUM(A1:A2)",
    )
    # Kilograms: the stock export and its re-import carry a fraction (2.5).
    batched = make_part(
        "RT-2", category=catalog["tools"], tracks_batches=True, is_active=True, unit="kg"
    )
    make_part("RT-3", category=catalog["tools"], is_active=False)
    stock_receive(
        part=batched, location=catalog["a1"], quantity=Decimal("2.5"), user=user, batch="L1"
    )
    acme = Supplier.objects.create(
        name="Acme", code="AC", email="a@acme.example", currency="USD", address="1 Road\nTown"
    )
    supplier_part_save(
        supplier=acme,
        data={
            "part": batched,
            "supplier_sku": "AC-2",
            "unit_price": Decimal("1.5"),
            "currency": "",
            "lead_time_days": 3,
            "minimum_order_quantity": Decimal("10"),
            "is_preferred": True,
        },
    )
    return user


def reimport(user, kind, content, name):
    job = jobs.import_create(user=user, kind=kind, upload=SimpleUploadedFile(name, content))
    jobs.import_set_mapping(job=job, user=user, mapping=job.mapping, defaults={})
    return jobs.import_start(job=job, step="check", user=user)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("list_name", "kind", "query", "rows"),
    [
        ("parts", "parts", "status=all", 3),
        ("stock", "stock", "", 1),
        ("suppliers", "suppliers", "status=all", 1),
        ("price_lists", "price_lists", "", 1),
    ],
)
def test_an_export_reimports_with_zero_changes(
    manager, data, list_name, kind, query, rows, file_format
):
    url = reverse("imports:list_export", args=[list_name]) + f"?{query}&format={file_format}"
    response = manager.get(url)
    assert response.status_code == 200
    job = reimport(data, kind, body(response), f"export.{file_format}")
    assert job.counts == {"unchanged": rows}, (job.counts, job.error_counts)


def test_the_parts_export_follows_the_lists_filter_and_sort(manager, data):
    response = manager.get(reverse("imports:list_export", args=["parts"]) + "?status=all&sort=-sku")
    lines = body(response).decode().splitlines()
    assert lines[0].startswith("SKU,Name,Description,Category")
    assert [line.split(",")[0] for line in lines[1:] if line[:3] == "RT-"] == [
        "RT-3",
        "RT-2",
        "RT-1",
    ]
    only_active = body(manager.get(reverse("imports:list_export", args=["parts"]))).decode()
    assert "RT-3" not in only_active
    assert "'=SUM(A1:A2)" in only_active  # formulas are neutralised


@pytest.mark.parametrize(
    "list_name",
    ["parts", "stock", "movements", "suppliers", "price_lists", "orders", "stocktakes", "reorder"],
)
def test_every_list_exports_csv_and_xlsx(manager, data, list_name):
    for file_format in ("csv", "xlsx"):
        response = manager.get(
            reverse("imports:list_export", args=[list_name]) + f"?format={file_format}"
        )
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'.{file_format}"')


def test_exports_refuse_bad_parameters_and_missing_permissions(viewer, data):
    assert viewer.get(reverse("imports:list_export", args=["parts"])).status_code == 403
    assert (
        viewer.get(reverse("imports:list_export", args=["stock"]) + "?format=pdf").status_code
        == 400
    )
    assert (
        viewer.get(reverse("imports:list_export", args=["stock"]) + "?sort=nope").status_code == 400
    )
    assert viewer.get(reverse("imports:list_export", args=["nothing"])).status_code == 404


def test_the_stocktakes_export_follows_the_status_filter(manager, data):
    user = data
    leaves = Location.objects.filter(children__isnull=True).order_by("pk")
    open_count = stocktake_start(location=leaves[0], user=user)
    cancelled = stocktake_start(location=leaves[1], user=user)
    stocktake_cancel(stocktake=cancelled, user=user)
    url = reverse("imports:list_export", args=["stocktakes"])
    rows = body(manager.get(url, {"status": "open"})).decode().splitlines()
    assert rows[0].startswith("Stocktake,Location,Status") and len(rows) == 2
    assert rows[1].split(",")[:3] == [str(open_count.pk), leaves[0].code, "In progress"]
    assert len(body(manager.get(url)).decode().splitlines()) == 3
    assert manager.get(url, {"status": "bogus"}).status_code == 400


def test_the_reorder_export_lists_the_parts_below_their_reorder_point(manager, data):
    low = Part.objects.filter(is_active=True).order_by("sku").first()
    Part.objects.filter(pk=low.pk).update(reorder_point=low.quantity_on_hand + 5)
    url = reverse("imports:list_export", args=["reorder"])
    rows = body(manager.get(url)).decode().splitlines()
    assert rows[0].startswith("SKU,Part,On hand,Reorder point,Shortfall")
    skus = [row.split(",")[0] for row in rows[1:]]
    assert low.sku in skus
    below = Part.objects.filter(is_active=True, quantity_on_hand__lt=models.F("reorder_point"))
    assert len(skus) == below.count()
    filtered = body(manager.get(url, {"q": "no-such-part"})).decode().splitlines()
    assert filtered == rows[:1]
