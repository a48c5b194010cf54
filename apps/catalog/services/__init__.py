"""Writes to the catalog: `parts` and `categories`."""
