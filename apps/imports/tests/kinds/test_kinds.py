"""Each kind other than parts, through check, commit and undo."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from apps.catalog.models import Category
from apps.catalog.tests.factories import make_part
from apps.imports.models import ImportRow, ImportStatus
from apps.imports.services import jobs
from apps.imports.services.checking import recheck
from apps.imports.tests.factories import csv_bytes, make_catalog, upload
from apps.inventory.models import Location, StockItem, StockMovement
from apps.purchasing.models import Supplier, SupplierPart

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(make_user):
    return make_user("boss", role="manager")


@pytest.fixture
def catalog(db):
    return make_catalog()


def run(user, kind, rows):
    job = jobs.import_create(user=user, kind=kind, upload=upload(csv_bytes(rows), f"{kind}.csv"))
    jobs.import_set_mapping(job=job, user=user, mapping=job.mapping, defaults={})
    return jobs.import_start(job=job, step="check", user=user)


def errors(job) -> dict:
    return {row.number: row.errors for row in ImportRow.objects.filter(job=job, action="error")}


def test_stock_levels_receive_new_records_count_existing_ones_and_undo_reverses(catalog, boss):
    part = make_part("S-1", category=catalog["tools"])
    batched = make_part("S-2", category=catalog["tools"], tracks_batches=True, unit="kg")  # 2,5 kg
    job = run(
        boss,
        "stock",
        [
            ["SKU", "Location", "Batch", "Expiry", "Qty"],
            ["S-1", "A1", "", "", "10"],
            ["S-2", "b2", "L-7", "31.12.2027", "2,5"],
        ],
    )
    assert job.counts == {"create": 2}, errors(job)
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.COMMITTED, job.message
    item = StockItem.objects.get(part=batched)
    assert item.quantity == Decimal("2.5") and str(item.expiry_date) == "2027-12-31"
    assert set(StockMovement.objects.values_list("reference", flat=True)) == {job.reference}
    # A second file sets levels: 10 → 4 is a count, the other row is unchanged.
    again = run(
        boss,
        "stock",
        [
            ["SKU", "Location", "Batch", "Quantity"],
            ["s-1", "A1", "", "4"],
            ["S-2", "B2", "L-7", "2.5"],
        ],
    )
    assert again.counts == {"update": 1, "unchanged": 1}
    assert ImportRow.objects.get(job=again, number=2).changes == {"quantity": ["10", "4"]}
    again = jobs.import_start(job=again, step="commit", user=boss)
    part.refresh_from_db()
    assert part.quantity_on_hand == Decimal("4")
    # The first import cannot be undone any more (its stock moved since); the second can.
    job = jobs.import_start(job=job, step="undo", user=boss)
    assert job.status == ImportStatus.COMMITTED
    assert "S-1 at A1 moved after the import" in job.message
    again = jobs.import_start(job=again, step="undo", user=boss)
    assert again.status == ImportStatus.UNDONE, again.message
    part.refresh_from_db()
    assert part.quantity_on_hand == Decimal("10")
    call_command("check_stock")


def test_stock_rows_are_checked_by_the_stock_rules(catalog, boss):
    make_part("S-1", category=catalog["tools"])
    make_part("S-2", category=catalog["tools"], tracks_batches=True)
    job = run(
        boss,
        "stock",
        [
            ["SKU", "Location", "Batch", "Quantity"],
            ["S-1", "A1", "", "-3"],
            ["S-2", "A1", "", "1"],
            ["NOPE", "A1", "", "1"],
            ["S-1", "ZZ", "", "1"],
            ["S-1", "B2", "", "1.2345"],
            ["S-1", "B2", "", "1"],
        ],
    )
    found = errors(job)
    assert found[2]["quantity"][0] == "negative"
    assert found[3]["batch"][0] == "batch"
    assert found[4]["sku"][0] == "unknown_part"
    assert found[5]["location"][0] == "unknown_location"
    assert (
        found[6]["quantity"] == ["number", "At most 3 decimal places."]
        or found[6]["sku"][0] == "duplicate"
    )
    assert found[7]["sku"][0] == "duplicate"


def test_stock_rows_refuse_decimals_of_a_part_counted_whole(catalog, boss):
    make_part("S-1", category=catalog["tools"])  # pcs
    make_part("S-2", category=catalog["tools"], unit="m")
    job = run(
        boss,
        "stock",
        [
            ["SKU", "Location", "Batch", "Quantity"],
            ["S-1", "A1", "", "2.5"],
            ["S-2", "A1", "", "2.5"],
            ["S-1", "B2", "", "3"],
        ],
    )
    assert errors(job) == {
        2: {
            "quantity": [
                "number",
                "pcs are counted in whole numbers: enter a quantity without decimals.",
            ]
        }
    }
    assert job.counts == {"create": 2, "error": 1}


def test_categories_as_paths_create_their_parents(boss):
    job = run(
        boss,
        "categories",
        [
            ["Category", "Description"],
            ["Tools / Hand tools / Pliers", "Pliers"],
            ["Tools", "All tools"],
        ],
    )
    assert job.counts == {"create": 2}
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.COMMITTED, job.message
    pliers = Category.objects.get(name="Pliers")
    assert [c.name for c in pliers.ancestors()] == ["Tools", "Hand tools"]
    assert Category.objects.get(name="Tools").description == "All tools"
    job = jobs.import_start(job=job, step="undo", user=boss)
    assert job.status == ImportStatus.UNDONE, job.message
    assert not Category.objects.exists()


def test_locations_as_paths_with_codes_parents_from_the_file(boss):
    job = run(
        boss,
        "locations",
        [
            ["Code", "Location"],
            ["A-1", "Main / Shelf A / Bin 1"],
            ["SA", "Main / Shelf A"],
            ["M", "Main"],
            ["BAD CODE", "Elsewhere / X"],
        ],
    )
    found = errors(job)
    assert set(found) == {5}
    assert "spaces" in found[5]["code"][1] and "Elsewhere" in found[5]["path"][1]
    row = ImportRow.objects.get(job=job, number=5)
    job, _rows = recheck(job, row, skipped=True)
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.COMMITTED, job.message
    bin1 = Location.objects.get(code="A-1")
    assert bin1.parent.code == "SA" and bin1.parent.parent.code == "M"


def test_suppliers_and_price_lists(catalog, boss):
    make_part("P-1", category=catalog["tools"])
    Supplier.objects.create(name="Acme", currency="EUR")
    job = run(
        boss,
        "suppliers",
        [
            ["Name", "Email", "Currency"],
            ["acme", "sales@acme.example", "usd"],
            ["Bolt Ltd", "not-an-email", "EUR"],
        ],
    )
    found = errors(job)
    assert found[3]["email"][0] == "invalid"
    job, _ = recheck(
        job, ImportRow.objects.get(job=job, number=3), values={"email": "bolt@example.com"}
    )
    assert job.counts == {"update": 1, "create": 1}
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert Supplier.objects.get(name="Acme").currency == "USD"
    prices = run(
        boss,
        "price_lists",
        [
            ["Supplier", "Supplier SKU", "SKU", "Unit price", "Preferred"],
            ["Bolt Ltd", "B-1", "P-1", "0,25", "yes"],
            ["Nobody", "X", "P-1", "1", "no"],
            ["Acme", "A-1", "P-9", "1", "no"],
        ],
    )
    found = errors(prices)
    assert found[3]["supplier"][0] == "unknown_supplier"
    assert found[4]["part_sku"][0] == "unknown_part"
    for number in (3, 4):
        prices, _ = recheck(prices, ImportRow.objects.get(job=prices, number=number), skipped=True)
    prices = jobs.import_start(job=prices, step="commit", user=boss)
    assert prices.status == ImportStatus.COMMITTED, prices.message
    line = SupplierPart.objects.get()
    assert line.unit_price == Decimal("0.25") and line.is_preferred and line.currency == "EUR"


def test_price_lists_carry_packs_and_a_file_without_them_keeps_them(catalog, boss):
    make_part("P-1", category=catalog["tools"])
    Supplier.objects.create(name="Acme", currency="EUR")
    job = run(
        boss,
        "price_lists",
        [
            ["Supplier", "Supplier SKU", "SKU", "Unit price", "Pack size", "Pack"],
            ["Acme", "A-1", "P-1", "12,50", "100", "box of 100"],
        ],
    )
    job = jobs.import_start(job=job, step="commit", user=boss)
    assert job.status == ImportStatus.COMMITTED, job.message
    line = SupplierPart.objects.get()
    assert (line.pack_size, line.pack_name, line.price_per_unit) == (
        100, "box of 100", Decimal("0.125")
    )  # fmt: skip
    # A later file with only prices changes the price, never the pack.
    job = run(
        boss,
        "price_lists",
        [["Supplier", "Supplier SKU", "SKU", "Unit price"], ["Acme", "A-1", "P-1", "13"]],
    )
    assert list(ImportRow.objects.get(job=job).changes) == ["unit_price"]
    job = jobs.import_start(job=job, step="commit", user=boss)
    line.refresh_from_db()
    assert (line.unit_price, line.pack_size, line.pack_name) == (13, 100, "box of 100")
