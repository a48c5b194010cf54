"""Writes of the purchasing app, one module per resource (atomic, locked, raising PurchasingError)."""

# TEMPORARY (issue 11 merge): apps/purchasing/demo.py and tests/test_demo.py still read
# these as `services.<name>`; they move to the demo app on the core branch. Delete these
# lines when that lands (import from apps.purchasing.services.orders instead).
from apps.purchasing.services.orders import (  # noqa: F401
    COUNTER,
    NUMBER_FORMAT,
    LineData,
    purchase_order_create,
    purchase_order_place,
)
