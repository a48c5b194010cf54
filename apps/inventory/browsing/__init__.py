"""The read side of inventory: location tree and pages, stock on hand, the ledger,
and the part page's stock and movements tabs. See docs/inventory-browsing.md."""
