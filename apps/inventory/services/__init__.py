"""Writes of inventory: stock operations, stocktakes, locations (docs/stock-work.md)."""
