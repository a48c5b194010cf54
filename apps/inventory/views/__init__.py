"""Views of inventory, one module per screen or resource (urls.py imports them)."""
