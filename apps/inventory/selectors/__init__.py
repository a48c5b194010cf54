"""Reads of inventory: querysets ready for their page."""
