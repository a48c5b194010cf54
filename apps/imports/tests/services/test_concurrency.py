"""A stock import committed while clerks book stock on the same parts (PostgreSQL): row
locks serialise them, nothing is lost, the ledger sums to the stock on hand."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from apps.catalog.tests.factories import make_part
from apps.imports.models import ImportStatus
from apps.imports.services import jobs
from apps.imports.tests.factories import csv_bytes, make_catalog, upload
from apps.inventory.models import StockItem
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import stock_receive

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PARTS = 40


def test_an_import_commits_while_stock_work_runs(make_user):
    catalog = make_catalog()
    boss, clerk = make_user("boss", role="manager"), make_user("clerk", role="clerk")
    parts = [make_part(f"CC-{n}", category=catalog["tools"]) for n in range(PARTS)]
    rows = [["SKU", "Location", "Quantity"]] + [[p.sku, "A1", "100"] for p in parts]
    job = jobs.import_create(user=boss, kind="stock", upload=upload(csv_bytes(rows), "s.csv"))
    jobs.import_set_mapping(job=job, user=boss, mapping=job.mapping, defaults={})
    job = jobs.import_start(job=job, step="check", user=boss)
    assert job.counts == {"create": PARTS}
    errors = []
    start = threading.Barrier(2)

    def clerk_work():
        try:
            start.wait()
            for part in parts:
                stock_receive(part=part, location=catalog["b2"], quantity=Decimal(1), user=clerk)
                stock_receive(part=part, location=catalog["a1"], quantity=Decimal(1), user=clerk)
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    def commit():
        try:
            start.wait()
            jobs.import_start(job=job, step="commit", user=boss)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk_work), threading.Thread(target=commit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    assert not errors, errors
    job.refresh_from_db()
    # Either the import saw the clerk's receipts at commit (then it reports the rows as
    # changed since the check, writes nothing) or it went first; never a lost update.
    assert job.status in (ImportStatus.COMMITTED, ImportStatus.CHECKED), job.message
    assert not stock_mismatches()
    for part in parts:
        part.refresh_from_db()
        assert part.quantity_on_hand == sum(i.quantity for i in StockItem.objects.filter(part=part))
    if job.status == ImportStatus.CHECKED:
        assert job.conflicts > 0
        job = jobs.import_start(job=job, step="commit", user=boss)
        assert job.status == ImportStatus.COMMITTED, job.message
    assert not stock_mismatches()
