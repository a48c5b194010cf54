"""Writes of the purchasing app, one module per resource (atomic, locked, raising PurchasingError)."""
