"""Builders for the labels' tests: one record of every kind a code can name (parts and
locations come from catalog's and inventory's factories)."""

from datetime import date

from apps.catalog.tests.factories import make_part
from apps.inventory.tests.factories import make_location, put_stock


def make_coded_records() -> dict:
    """{kind: (record, the text its code holds)} for a part, a part with a barcode, a
    location, a batch and a stock record without batch."""
    shelf = make_location("SHELF-A1")
    plain = make_part("RES-10K")
    barcoded = make_part("CAP-1U", barcode="4006381333931")
    batched = make_part("GLUE|X", tracks_batches=True)
    item = put_stock(batched, shelf, "4", batch="LOT 2026-07", expiry=date(2027, 1, 31))
    loose = put_stock(plain, shelf, "9")
    return {
        "part": (plain, "RES-10K"),
        "barcoded part": (barcoded, "4006381333931"),
        "location": (shelf, "SHELF-A1"),
        "batch": (item, "GLUE|X|LOT 2026-07"),
        "stock without batch": (loose, "RES-10K"),
    }
