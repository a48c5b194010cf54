#!/usr/bin/env python
"""Throughput of the stock services on the current database (a figure, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/stock_services.py [N]

Creates a throw-away part and two locations, then times N receives (default 1,000),
N/2 issues and N/2 transfers through apps.inventory.services.stock, one transaction each
(as a view would run them), and 4 threads doing receives at once on one part (they
queue on its row lock). Prints movements per second and verifies the ledger with
stock_mismatches(). Removes nothing: the records it writes stay in the ledger, under a
part named BENCH-<timestamp>, so never point it at a database that matters.
"""

import os
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402

from apps.catalog.models import Category, Part  # noqa: E402
from apps.inventory.models import Location  # noqa: E402
from apps.inventory.selectors.stock import stock_mismatches  # noqa: E402
from apps.inventory.services.stock import stock_issue, stock_receive, stock_transfer  # noqa: E402


def timed(label, count, fn):
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"{label:<44} {count:>6} movements  {seconds:7.2f} s  {count / seconds:8.0f} /s")


def main(n: int) -> None:
    stamp = time.strftime("%Y%m%d%H%M%S")
    category, _ = Category.objects.get_or_create(name="Benchmark", parent=None)
    part = Part.objects.create(sku=f"BENCH-{stamp}", name="Benchmark part", category=category)
    a = Location.objects.create(code=f"BA-{stamp}", name="Bench A")
    b = Location.objects.create(code=f"BB-{stamp}", name="Bench B")
    one = Decimal(1)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    timed(
        "receive (1 line each)",
        n,
        lambda: [stock_receive(part=part, location=a, quantity=one, user=None) for _ in range(n)],
    )
    timed(
        "issue (1 line each)",
        n // 2,
        lambda: [
            stock_issue(part=part, location=a, quantity=one, user=None) for _ in range(n // 2)
        ],
    )
    timed(
        "transfer (2 lines each)",
        2 * (n // 2),
        lambda: [
            stock_transfer(part=part, from_location=a, to_location=b, quantity=one, user=None)
            for _ in range(n // 2)
        ],
    )

    def receives(count):
        try:
            for _ in range(count):
                stock_receive(part=part, location=b, quantity=one, user=None)
        finally:
            connection.close()

    def threaded():
        threads = [threading.Thread(target=receives, args=(n // 4,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    timed("receive, 4 threads on the same part", 4 * (n // 4), threaded)
    mismatches = [m for m in stock_mismatches() if m.id in {part.pk} or m.kind == "stock record"]
    print(f"stock_mismatches(): {len(mismatches)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
