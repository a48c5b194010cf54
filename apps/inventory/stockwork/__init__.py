"""Views of stock work: actions (dialogs), stocktakes and the scan box (docs/stock-work.md)."""
