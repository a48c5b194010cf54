"""Reads of the purchasing pages, one module per resource; each list runs a constant number of queries."""

# TEMPORARY (issue 11 merge): apps/catalog/selectors.py and apps/purchasing/tests/test_demo.py
# still import `with_on_order` from here; catalog owns its on-order annotation on the catalog
# branch and test_demo.py moves to the demo app. Delete this line when those land.
from apps.purchasing.selectors.orders import with_on_order  # noqa: F401
